package generator

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// SingleFile returns the single-file edition: the whole handbook in one
// HTML file with its styles, scripts, search index and images inside it,
// for mailing or archiving. It is made on demand, as few builds need it.
func (r *Result) SingleFile() ([]byte, error) {
	var b bytes.Buffer
	if err := r.WriteSingleFile(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteSingleFile writes the single-file edition to w as it is made, a
// few pages at a time, so that it is never held whole.
func (r *Result) WriteSingleFile(w io.Writer) error {
	if r.single == nil {
		return errors.New("this build has no single-file edition")
	}
	return r.single(w)
}

// singleMarker stands for the document's sections in the layout that
// frames them, and indexMarker for the search index in its script.
const (
	singleMarker = "<!--handbook single-file sections-->"
	indexMarker  = "/*handbook single-file search index*/"
)

// writeSingleFile renders the document through the theme's print layout,
// with the contents as its sidebar, and inlines everything it refers to.
// The layout is rendered and inlined around a marker; the sections, the
// bulk of the file, are inlined in its place one window at a time.
func (d *document) writeSingleFile(w io.Writer, site SiteConfig, lay *layouts, files map[string][]byte, ix *searchIndex, pl searchPlan) error {
	p := &Page{URL: PrintURL, Kind: "single", Title: "Complete edition"}
	p.Meta.Description = site.Description
	v := d.t.view(p, site)
	v.Page.Content = singleMarker
	v.NavHTML = d.contents(func(p *Page) string { return "#" + d.ids[p.URL] }, false)
	var buf bytes.Buffer
	if err := lay.render(&buf, "print", v); err != nil {
		return err
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		return err
	}
	in := inliner{doc: d, files: files, aliases: map[string]string{
		SiteIndexURL: "#hb-nav",
		PrintURL:     "#hb-main",
	}}
	in.walk(doc)
	mark := findComment(doc, strings.TrimSuffix(strings.TrimPrefix(singleMarker, "<!--"), "-->"))
	if mark == nil {
		return errors.New("theme: layouts/print.html does not show {{.Page.Content}}, where the single-file edition puts its pages")
	}
	if !inBody(mark) {
		return errors.New("theme: layouts/print.html shows {{.Page.Content}} outside <body>: put it inside an element of the body, such as <main>")
	}
	if b := findElement(doc, atom.Body); b != nil {
		s := &html.Node{Type: html.ElementNode, Data: "script", DataAtom: atom.Script}
		// Every part of the index, each calling handbookSearch as its
		// file would: search.js, inlined in the head, is defined by then.
		// It is written in the marker's place.
		s.AppendChild(&html.Node{Type: html.TextNode, Data: indexMarker})
		b.AppendChild(s)
	}
	context := mark.Parent
	buf.Reset()
	if err := html.Render(&buf, doc); err != nil {
		return err
	}
	if bytes.Count(buf.Bytes(), []byte(singleMarker)) != 1 || bytes.Count(buf.Bytes(), []byte(indexMarker)) != 1 {
		return errors.New("theme: layouts/print.html shows {{.Page.Content}} more than once: the single-file edition puts its pages in one place")
	}
	before, after, _ := bytes.Cut(buf.Bytes(), []byte(singleMarker))
	if _, err := w.Write(before); err != nil {
		return err
	}
	err = d.writeSections(func(b []byte) error {
		nodes, err := html.ParseFragment(bytes.NewReader(b), context)
		if err != nil {
			return err
		}
		// A holder, so that the inliner may replace a top-level node.
		holder := &html.Node{Type: html.ElementNode, Data: context.Data, DataAtom: context.DataAtom}
		for _, n := range nodes {
			holder.AppendChild(n)
		}
		in.walk(holder)
		for n := holder.FirstChild; n != nil; n = n.NextSibling {
			if err := html.Render(w, n); err != nil {
				return err
			}
		}
		return nil
	}, d.whole, d.whole.ref, false)
	if err != nil {
		return err
	}
	index, rest, found := bytes.Cut(after, []byte(indexMarker))
	if _, err := w.Write(index); err != nil {
		return err
	}
	if found {
		if err := ix.inDocument(d.standIn).writeScript(w, pl); err != nil {
			return err
		}
	}
	_, err = w.Write(rest)
	return err
}

// inBody reports whether n lies inside the document's body.
func inBody(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.DataAtom == atom.Body {
			return true
		}
	}
	return false
}

// findComment returns the first comment node whose text is data.
func findComment(n *html.Node, data string) *html.Node {
	return findNode(n, func(n *html.Node) bool { return n.Type == html.CommentNode && n.Data == data })
}

// inliner replaces every reference to a file of the site with the file
// itself, so that the document needs nothing beside it.
type inliner struct {
	doc     *document
	files   map[string][]byte
	aliases map[string]string // site paths the document stands in for
}

func (in *inliner) walk(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		in.walk(c)
		c = next
	}
	if n.Type != html.ElementNode {
		return
	}
	switch n.DataAtom {
	case atom.Link:
		href := getAttr(n, "href")
		rel := strings.Fields(strings.ToLower(getAttr(n, "rel")))
		b, ok := in.file(href)
		switch {
		case !ok:
		case contains(rel, "stylesheet"):
			style := &html.Node{Type: html.ElementNode, Data: "style", DataAtom: atom.Style}
			if m := getAttr(n, "media"); m != "" {
				style.Attr = []html.Attribute{{Key: "media", Val: m}}
			}
			style.AppendChild(&html.Node{Type: html.TextNode, Data: strings.ReplaceAll(string(b), "</style", `<\/style`)})
			n.Parent.InsertBefore(style, n)
			n.Parent.RemoveChild(n)
		default:
			setAttr(n, "href", dataURI(href, b))
		}
	case atom.Script:
		src := getAttr(n, "src")
		if b, ok := in.file(src); ok {
			removeAttr(n, "src")
			removeAttr(n, "defer")
			n.AppendChild(&html.Node{Type: html.TextNode, Data: scriptText(b)})
		}
	case atom.Img, atom.Source, atom.Video, atom.Audio, atom.Track, atom.Object:
		for _, key := range []string{"src", "poster", "data"} {
			v := getAttr(n, key)
			if b, ok := in.file(v); ok {
				setAttr(n, key, dataURI(v, b))
			}
		}
		if v := getAttr(n, "srcset"); v != "" {
			setAttr(n, "srcset", mapSrcset(v, func(u string) string {
				if b, ok := in.file(u); ok {
					return dataURI(u, b)
				}
				return u
			}))
		}
	case atom.A:
		href := getAttr(n, "href")
		if href == "" || strings.HasPrefix(href, "#") || isExternal(href) {
			return
		}
		if u, ok := in.page(href); ok {
			setAttr(n, "href", u)
		} else if b, ok := in.file(href); ok {
			setAttr(n, "href", dataURI(href, b))
			setAttr(n, "download", path.Base(sitePath(href)))
		}
	}
}

// page returns the in-document link for a URL that names a page.
func (in *inliner) page(href string) (string, bool) {
	raw, frag, _ := strings.Cut(href, "#")
	p := sitePath(raw)
	if a, ok := in.aliases[p]; ok {
		return a, true
	}
	if as := in.doc.cut[p]; as != "" {
		return "#" + in.doc.anchor(as, ""), true
	}
	if _, ok := in.doc.ids[p]; ok {
		return "#" + in.doc.anchor(p, frag), true
	}
	return "", false
}

// file returns the contents of the site file a relative URL names.
func (in *inliner) file(href string) ([]byte, bool) {
	if href == "" || isExternal(href) || strings.HasPrefix(href, "#") {
		return nil, false
	}
	raw, _, _ := strings.Cut(href, "#")
	b, ok := in.files[sitePath(raw)]
	return b, ok
}

// sitePath turns a URL relative to the site root into a site path.
func sitePath(u string) string {
	u, _, _ = strings.Cut(u, "?")
	if p, err := url.PathUnescape(u); err == nil {
		u = p
	}
	return path.Clean(u)
}

// scriptText makes a script safe to place inside a <script> element.
func scriptText(b []byte) string {
	return strings.ReplaceAll(string(b), "</script", `<\/script`)
}

func dataURI(name string, b []byte) string {
	return "data:" + mediaType(sitePath(name)) + ";base64," + base64.StdEncoding.EncodeToString(b)
}

// mediaType names the type of a file from its extension. The table is
// our own, not the system's, so that every machine builds the same file.
func mediaType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	case ".avif":
		return "image/avif"
	case ".ico":
		return "image/x-icon"
	case ".css":
		return "text/css"
	case ".js":
		return "text/javascript"
	case ".json":
		return "application/json"
	case ".csv":
		return "text/csv;charset=utf-8"
	case ".txt", ".md":
		return "text/plain;charset=utf-8"
	case ".pdf":
		return "application/pdf"
	}
	return "application/octet-stream"
}

func findElement(n *html.Node, a atom.Atom) *html.Node {
	return findNode(n, func(n *html.Node) bool { return n.Type == html.ElementNode && n.DataAtom == a })
}

// findNode returns the first node, in document order, that is.
func findNode(n *html.Node, is func(*html.Node) bool) *html.Node {
	if is(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findNode(c, is); f != nil {
			return f
		}
	}
	return nil
}

func getAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func removeAttr(n *html.Node, key string) {
	for i, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			n.Attr = append(n.Attr[:i], n.Attr[i+1:]...)
			return
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
