package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"
)

// Output paths of the whole-handbook pages.
const (
	PrintURL     = "print.html"
	SiteIndexURL = "siteindex/index.html"
)

// document is the whole handbook as one HTML document: every page in
// nav order, each in a section whose id comes from its URL, with links
// between pages turned into links within the document. The print
// edition and the single-file edition are both made from it.
type document struct {
	t   *tree
	ids map[string]string // page URL → section id
}

func newDocument(t *tree) *document {
	d := &document{t: t, ids: map[string]string{}}
	taken := map[string]bool{}
	for _, p := range t.pages {
		id := pageID(p.URL)
		base := id
		for i := 2; taken[id]; i++ {
			id = base + "-" + itoa(i)
		}
		taken[id] = true
		d.ids[p.URL] = id
	}
	return d
}

// pageID turns a page URL into a section id: "guide/x/index.html" →
// "guide-x". Slugs do not hold "--", so the "page--heading" ids made
// from it do not collide with another page's id.
func pageID(u string) string {
	u = strings.TrimSuffix(u, "index.html")
	u = strings.TrimSuffix(u, "/")
	if u == "" {
		return "home"
	}
	u = strings.ReplaceAll(u, ".html", "-html")
	return strings.ReplaceAll(u, "/", "-")
}

// anchor is the id, within the document, of the element with id frag on
// the page at u; frag "" names the page's section.
func (d *document) anchor(u, frag string) string {
	id := d.ids[u]
	if frag == "" {
		return id
	}
	return id + "--" + frag
}

// fileRef says how the document refers to a file of the site, given by
// its path from the site root: by a relative URL in print.html, by a
// data URI in the single-file edition.
type fileRef func(target, frag string) string

// printRef refers to a file of the site from print.html, at the root.
func printRef(target, frag string) string {
	u := relURL(PrintURL, target)
	if frag != "" {
		u += "#" + frag
	}
	return u
}

// sectionWindow is how many pages are rewritten at once: enough to keep
// every processor busy, few enough that the parts in flight stay small.
const sectionWindow = 128

// sections renders every page's body, its ids prefixed with the page's
// id and its links rewritten to point within the document.
func (d *document) sections(ref fileRef) (template.HTML, error) {
	var out bytes.Buffer
	out.Grow(d.sizeHint())
	if err := d.writeSections(&out, ref); err != nil {
		return "", err
	}
	return template.HTML(out.String()), nil
}

// sizeHint is a little more than the size of every section together:
// each page's body, made longer by the prefixes of its ids and links, and
// its heading.
func (d *document) sizeHint() int {
	n := 0
	for _, p := range d.t.pages {
		n += len(p.html)*9/8 + 256
	}
	return n
}

// writeSections writes every page's section to w in nav order. Pages are
// rewritten in parallel, a window at a time, so that only one window's
// parts are held at once.
func (d *document) writeSections(w *bytes.Buffer, ref fileRef) error {
	type part struct {
		b   []byte
		err error
	}
	parts := make([]part, sectionWindow)
	for start := 0; start < len(d.t.pages); start += sectionWindow {
		pages := d.t.pages[start:min(start+sectionWindow, len(d.t.pages))]
		parallel(len(pages), func(i int) {
			p := pages[i]
			key := d.t.cache.pageMemoKey(p, sectionPath(p), d.ids[p.URL])
			parts[i] = d.t.cache.memo("print", p.URL, key, func() any {
				b, err := d.section(p, ref)
				return part{b, err}
			}).(part)
		})
		for i := range pages {
			if parts[i].err != nil {
				return parts[i].err
			}
			w.Write(parts[i].b)
			parts[i] = part{}
		}
	}
	return nil
}

// section renders one page of the print document.
func (d *document) section(p *Page, ref fileRef) ([]byte, error) {
	id := d.ids[p.URL]
	var b bytes.Buffer
	b.Grow(len(p.html)*9/8 + 512)
	fmt.Fprintf(&b, "<section class=\"print-page\" id=\"%s\" aria-labelledby=\"%s--title\">\n<header class=\"print-head\">", esc(id), esc(id))
	if sp := sectionPath(p); sp != "" {
		fmt.Fprintf(&b, "<p class=\"print-path\">%s</p>", esc(sp))
	}
	fmt.Fprintf(&b, "<h1 id=\"%s--title\">%s</h1></header>\n", esc(id), esc(p.Title))
	var err error
	if rerr := d.rewrite(&b, p, ref); rerr != nil {
		err = fmt.Errorf("%s: %w", p.URL, rerr)
	}
	b.WriteString("</section>\n")
	return b.Bytes(), err
}

// isIDAttr reports whether an attribute holds element ids, which must
// stay unique once every page shares one document.
func isIDAttr(key string) bool {
	switch key {
	case "id", "for", "headers", "list", "form", "aria-labelledby", "aria-describedby",
		"aria-controls", "aria-owns", "aria-activedescendant", "aria-details":
		return true
	}
	return false
}

// rewrite copies one page's body to b with its ids prefixed and its links
// rewritten. It streams tokens, writing every tag it does not change as
// it was written.
func (d *document) rewrite(b *bytes.Buffer, p *Page, ref fileRef) error {
	prefix := d.ids[p.URL] + "--"
	z := html.NewTokenizer(bytes.NewReader(p.html))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return err
			}
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			// Token copies names and values before it lowercases and
			// unescapes them, so Raw stays the tag as written
			// (TestPrintKeepsTagsAsWritten).
			raw := z.Raw()
			tok := z.Token()
			changed := false
			for i, a := range tok.Attr {
				switch {
				case isIDAttr(a.Key):
					f := strings.Fields(a.Val)
					for j := range f {
						f[j] = prefix + f[j]
					}
					tok.Attr[i].Val = strings.Join(f, " ")
					changed = true
				case a.Key == "href" || a.Key == "src" || a.Key == "poster" || a.Key == "data":
					tok.Attr[i].Val = d.link(p, a.Val, ref)
					changed = changed || tok.Attr[i].Val != a.Val
				case a.Key == "srcset":
					tok.Attr[i].Val = mapSrcset(a.Val, func(u string) string { return d.link(p, u, ref) })
					changed = changed || tok.Attr[i].Val != a.Val
				}
			}
			if changed {
				// Token lowercases attribute names. Inside <svg> the HTML
				// parser restores their case (viewbox → viewBox), as the
				// spec has every browser do.
				b.WriteString(tok.String())
			} else {
				b.Write(raw)
			}
		default:
			b.Write(z.Raw())
		}
	}
}

// mapSrcset applies f to the URL of every image in a srcset.
func mapSrcset(srcset string, f func(string) string) string {
	var parts []string
	for _, c := range parseSrcset(srcset) {
		if c.descriptor != "" {
			parts = append(parts, f(c.url)+" "+c.descriptor)
		} else {
			parts = append(parts, f(c.url))
		}
	}
	return strings.Join(parts, ", ")
}

// link rewrites one URL written in page p: to an anchor when it names a
// page of the document, through ref when it names another file.
func (d *document) link(p *Page, v string, ref fileRef) string {
	if v == "" || isExternal(v) || dangerousURL(v) {
		return v
	}
	raw, frag, _ := strings.Cut(v, "#")
	raw, _, _ = strings.Cut(raw, "?")
	if raw == "" {
		return "#" + d.anchor(p.URL, frag)
	}
	unesc, err := url.PathUnescape(raw)
	if err != nil {
		return v
	}
	target := path.Join(pageDir(p.URL), unesc)
	if strings.HasSuffix(unesc, "/") {
		target += "/index.html"
	}
	if _, ok := d.ids[target]; ok {
		return "#" + d.anchor(target, frag)
	}
	return ref(target, frag)
}

// contents lists every page in nav order, nested by section, as list
// items; href gives each page's link.
func (d *document) contents(href func(*Page) string, descriptions bool) template.HTML {
	var b strings.Builder
	item := func(p *Page, class string) {
		if class != "" {
			fmt.Fprintf(&b, `<li class="%s">`, class)
		} else {
			b.WriteString("<li>")
		}
		fmt.Fprintf(&b, `<a href="%s">%s</a>`, esc(href(p)), esc(p.NavTitle()))
		if descriptions && p.Meta.Description != "" {
			fmt.Fprintf(&b, ` <span class="siteindex-desc">%s</span>`, esc(p.Meta.Description))
		}
	}
	var walk func(s *Section)
	walk = func(s *Section) {
		for _, c := range s.Children {
			if c.Sub == nil {
				item(c, "")
				b.WriteString("</li>\n")
				continue
			}
			item(c, "nav-section open")
			if len(c.Sub.Children) > 0 {
				b.WriteString("<ul>\n")
				walk(c.Sub)
				b.WriteString("</ul>")
			}
			b.WriteString("</li>\n")
		}
	}
	item(d.t.root.Index, "")
	b.WriteString("</li>\n")
	walk(d.t.root)
	return template.HTML(b.String())
}

// printFile makes print.html: the print layout around a contents list
// and every page. The layout is rendered around a marker, and the pages
// are written straight into the file where the marker was, so the
// edition is built once rather than copied from string to string.
func (d *document) printFile(site SiteConfig, nav *navBuilder, lay *layouts) ([]byte, error) {
	const marker = "\x00handbook-print-body\x00"
	p := &Page{URL: PrintURL, Kind: "print", Title: "Print edition"}
	p.Meta.Description = site.Description
	v := d.t.view(p, site)
	v.Nav = nav.forSection(d.t.root)
	v.NavHTML = nav.htmlFor(d.t.root, v.Root, p.URL)
	v.Page.Content = marker
	var frame bytes.Buffer
	if err := lay.render(&frame, "print", v); err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	toc := d.contents(func(p *Page) string { return "#" + d.ids[p.URL] }, false)
	var out bytes.Buffer
	rest := frame.Bytes()
	n := bytes.Count(rest, []byte(marker))
	out.Grow(len(rest) + n*(len(toc)+d.sizeHint()+256))
	for {
		before, after, found := bytes.Cut(rest, []byte(marker))
		out.Write(before)
		if !found {
			break
		}
		out.WriteString(`<nav class="print-toc" id="contents" aria-labelledby="contents-title"><h2 id="contents-title">Contents</h2>` + "\n<ul>\n")
		out.WriteString(string(toc))
		out.WriteString("</ul>\n</nav>\n")
		if err := d.writeSections(&out, printRef); err != nil {
			return nil, err
		}
		rest = after
	}
	return out.Bytes(), nil
}

// siteIndexView is the view of the site index, the page the search box
// links to when JavaScript is off: every page, listed by section.
func (d *document) siteIndexView(site SiteConfig, nav *navBuilder) *View {
	list := d.contents(func(p *Page) string { return relURL(SiteIndexURL, p.URL) }, true)
	p := &Page{URL: SiteIndexURL, Kind: "siteindex", Title: "Site index"}
	p.Meta.Description = "Every page of " + site.Title + ", listed by section."
	v := d.t.view(p, site)
	v.Nav = nav.forSection(d.t.root)
	v.NavHTML = nav.htmlFor(d.t.root, v.Root, p.URL)
	v.Page.Content = template.HTML(`<ul class="siteindex">` + "\n" + string(list) + "</ul>\n")
	return v
}

func esc(s string) string { return template.HTMLEscapeString(s) }
