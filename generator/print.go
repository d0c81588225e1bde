package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"path"
	"strings"
	"sync"

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
// edition and the single-file edition are both made from it. On a large
// site the print edition is cut into one file per top-level section;
// links between them then lead from file to file.
type document struct {
	t        *tree
	ids      map[string]string        // page URL → section id
	cut      map[string]string        // URL of a page left out → URL of the page that stands for it
	nums     *docNumbers              // the pages' numbers in the contents; see numbers
	whole    *printEdition            // every page, in one file
	editions []*printEdition          // the files of the print edition, in nav order
	edition  map[string]*printEdition // page URL → the file of the print edition that holds it
	collided bool                     // two pages' URLs gave one id, so the ids depend on the pages' order
}

// printEdition is one file of the print edition.
type printEdition struct {
	URL   string // PrintURL, or print-<id>.html for a section
	Top   *Page  // the section's index page, the home page for the pages at the root; nil for the whole handbook
	Pages []*Page
	holds map[string]bool // the URLs of Pages; nil for the whole handbook
}

func (e *printEdition) has(u string) bool { return e.holds == nil || e.holds[u] }

// ref refers to a file of the site from the edition's file.
func (e *printEdition) ref(target, frag string) string {
	u := relURL(e.URL, target)
	if frag != "" {
		u += "#" + frag
	}
	return u
}

// newDocument lays the pages out as a document; with more than split
// pages, the print edition is made per top-level section.
func newDocument(t *tree, split int) *document {
	d := &document{t: t, nums: &docNumbers{}, ids: make(map[string]string, len(t.pages)), cut: map[string]string{}, edition: make(map[string]*printEdition, len(t.pages))}
	taken := make(map[string]bool, len(t.pages))
	pages := make([]*Page, 0, len(t.pages))
	for _, p := range t.pages {
		id := pageID(p.URL)
		base := id
		for i := 2; taken[id]; i++ {
			id = base + "-" + itoa(i)
			d.collided = true
		}
		taken[id] = true
		d.ids[p.URL] = id
		if p.printAs != "" {
			d.cut[p.URL] = p.printAs
		} else {
			pages = append(pages, p)
		}
	}
	// A stand-in that is itself left out, or is no page, gives way to
	// the home page.
	for u, as := range d.cut {
		for i := 0; d.cut[as] != "" && i < len(d.cut); i++ {
			as = d.cut[as]
		}
		if _, ok := d.ids[as]; !ok || d.cut[as] != "" {
			as = t.root.Index.URL
		}
		d.cut[u] = as
	}
	d.whole = &printEdition{URL: PrintURL, Pages: pages}
	if split <= 0 || len(pages) <= split {
		d.editions = []*printEdition{d.whole}
		for _, p := range pages {
			d.edition[p.URL] = d.whole
		}
		return d
	}
	byTop := map[*Page]*printEdition{}
	for _, p := range pages {
		top := topPage(t, p)
		e := byTop[top]
		if e == nil {
			e = &printEdition{URL: printEditionURL(d.ids[top.URL]), Top: top, holds: map[string]bool{}}
			byTop[top] = e
			d.editions = append(d.editions, e)
		}
		e.Pages = append(e.Pages, p)
		e.holds[p.URL] = true
		d.edition[p.URL] = e
	}
	return d
}

// on returns a copy of the document that reads its pages through t, a
// tree of the same pages.
func (d *document) on(t *tree) *document {
	c := *d
	c.t = t
	return &c
}

// numbers returns the pages' numbers, worked out on first use: a dev
// server's rebuild makes a document whose print edition it may never be
// asked for.
func (d *document) numbers() map[string]string {
	d.nums.once.Do(func() { d.nums.m = d.number() })
	return d.nums.m
}

// number numbers the printed pages as the contents nest them: the
// top-level pages 1, 2, 3, the pages of section 2 2.1, 2.2, and so on.
// The home page has no number. Contents and page headings both show the
// numbers, so that a printed copy can be found in without page numbers.
func (d *document) number() map[string]string {
	nums := map[string]string{}
	var walk func(s *Section, prefix string)
	walk = func(s *Section, prefix string) {
		n := 0
		for _, c := range s.Children {
			if d.cut[c.URL] != "" || c == d.t.root.Index {
				continue
			}
			n++
			num := prefix + itoa(n)
			nums[c.URL] = num
			if c.Sub != nil && c.Sub != s {
				walk(c.Sub, num+".")
			}
		}
	}
	walk(d.t.root, "")
	return nums
}

// docNumbers holds a document's numbers once they are worked out; the
// copies of a document that text edits make share them.
type docNumbers struct {
	once sync.Once
	m    map[string]string
}

// printEditionURL is where the print edition of the section with the
// given id is written. The files sit beside print.html, so that links to
// the site's files read the same in all of them.
func printEditionURL(id string) string { return "print-" + id + ".html" }

// isPrintEdition reports whether an output path is a file of the print
// edition.
func isPrintEdition(p string) bool {
	return p == PrintURL || strings.HasPrefix(p, "print-") && strings.HasSuffix(p, ".html") && !strings.Contains(p, "/")
}

// topPage returns the index page of the top-level section that holds p,
// or the home page for the home page and the other pages at the root.
func topPage(t *tree, p *Page) *Page {
	s := p.Section
	if p.Sub != nil {
		s = p.Sub
	}
	for s != nil && s.Parent != nil && s.Parent != t.root {
		s = s.Parent
	}
	if s == nil || s == t.root || s.Parent == nil {
		return t.root.Index
	}
	return s.Index
}

// split reports whether the print edition is cut into sections.
func (d *document) split() bool { return d.editions[0] != d.whole }

// printPaths lists the files of the print edition.
func (d *document) printPaths() []string {
	out := []string{PrintURL}
	if d.split() {
		for _, e := range d.editions {
			out = append(out, e.URL)
		}
	}
	return out
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

// standIn is anchor for a page that may be left out of the document: a
// page left out is found at the page that stands for it.
func (d *document) standIn(u, frag string) string {
	if as := d.cut[u]; as != "" {
		return d.anchor(as, "")
	}
	return d.anchor(u, frag)
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
// its path from the site root: by a relative URL in the print edition,
// by a data URI in the single-file edition.
type fileRef func(target, frag string) string

// sectionWindow is how many pages are rewritten at once: enough to keep
// every processor busy, few enough that the parts in flight stay small.
const sectionWindow = 128

// sections renders the body of every page of e, its ids prefixed with
// the page's id and its links rewritten to point within the document.
func (d *document) sections(e *printEdition, ref fileRef) (template.HTML, error) {
	var out bytes.Buffer
	out.Grow(d.sizeHint(e))
	if err := d.writeSections(func(b []byte) error { out.Write(b); return nil }, e, ref, false); err != nil {
		return "", err
	}
	return template.HTML(out.String()), nil
}

// sizeHint is a little more than the size of every section together:
// each page's body, made longer by the prefixes of its ids and links, and
// its heading.
func (d *document) sizeHint(e *printEdition) int {
	n := 0
	for _, p := range e.Pages {
		n += p.bodyLen()*9/8 + 256
	}
	return n
}

// writeSections hands the section of every page of e to put in nav
// order, numbered as in the contents or not. Pages are rewritten in
// parallel, a window at a time, so that only one window's parts are held
// at once.
func (d *document) writeSections(put func([]byte) error, e *printEdition, ref fileRef, numbered bool) error {
	type part struct {
		b   []byte
		err error
	}
	parts := make([]part, sectionWindow)
	for start := 0; start < len(e.Pages); start += sectionWindow {
		pages := e.Pages[start:min(start+sectionWindow, len(e.Pages))]
		parallel(len(pages), func(i int) {
			p := pages[i]
			num := ""
			if numbered {
				num = d.numbers()[p.URL]
			}
			key := d.t.cache.pageMemoKey(p, sectionPath(p), d.ids[p.URL], e.URL, num)
			parts[i] = d.t.cache.memo("print", p.URL, key, func() any {
				b, err := d.section(p, e, ref, num)
				return part{b, err}
			}).(part)
		})
		for i := range pages {
			if parts[i].err != nil {
				return parts[i].err
			}
			if err := put(parts[i].b); err != nil {
				return err
			}
			parts[i] = part{}
		}
	}
	return nil
}

// section renders one page of the print document, its heading numbered
// num unless that is "".
func (d *document) section(p *Page, e *printEdition, ref fileRef, num string) ([]byte, error) {
	id := d.ids[p.URL]
	var b bytes.Buffer
	b.Grow(p.bodyLen()*9/8 + 512)
	fmt.Fprintf(&b, "<section class=\"print-page\" id=\"%s\" aria-labelledby=\"%s--title\">\n<header class=\"print-head\">", esc(id), esc(id))
	if sp := sectionPath(p); sp != "" {
		fmt.Fprintf(&b, "<p class=\"print-path\">%s</p>", esc(sp))
	}
	if num != "" {
		fmt.Fprintf(&b, "<h1 id=\"%s--title\"><span class=\"print-num\">%s</span> %s</h1></header>\n", esc(id), num, esc(p.Title))
	} else {
		fmt.Fprintf(&b, "<h1 id=\"%s--title\">%s</h1></header>\n", esc(id), esc(p.Title))
	}
	var err error
	if rerr := d.rewrite(&b, p, e, ref); rerr != nil {
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
func (d *document) rewrite(b *bytes.Buffer, p *Page, e *printEdition, ref fileRef) error {
	prefix := d.ids[p.URL] + "--"
	z := html.NewTokenizer(bytes.NewReader(p.body()))
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
			if plainTag(raw) {
				b.Write(raw) // most tags: nothing in them to rewrite
				continue
			}
			tok := z.Token()
			changed := false
			region := false
			for _, a := range tok.Attr {
				region = region || a.Key == "role" && a.Val == "region"
			}
			for i, a := range tok.Attr {
				switch {
				case region && a.Key == "aria-label":
					// A region's name is unique within its page; in one
					// document of every page, the page's title keeps it so.
					tok.Attr[i].Val = a.Val + " (" + p.Title + ")"
					changed = true
				case isIDAttr(a.Key):
					f := strings.Fields(a.Val)
					for j := range f {
						f[j] = prefix + f[j]
					}
					tok.Attr[i].Val = strings.Join(f, " ")
					changed = true
				case a.Key == "href" || a.Key == "src" || a.Key == "poster" || a.Key == "data":
					tok.Attr[i].Val = d.link(p, a.Val, e, ref)
					changed = changed || tok.Attr[i].Val != a.Val
				case a.Key == "srcset":
					tok.Attr[i].Val = mapSrcset(a.Val, func(u string) string { return d.link(p, u, e, ref) })
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

// plainTag reports whether a start tag as written has no attribute but
// a quoted class, as <p>, <li> and highlighted code's <span class="k">
// have: nothing rewrite changes.
func plainTag(raw []byte) bool {
	i := 1
	for i < len(raw) && (raw[i] >= 'a' && raw[i] <= 'z' || raw[i] >= '0' && raw[i] <= '9') {
		i++
	}
	if i == 1 {
		return false
	}
	if rest := raw[i:]; bytes.HasPrefix(rest, []byte(` class="`)) {
		end := bytes.IndexByte(rest[len(` class="`):], '"')
		if end < 0 {
			return false
		}
		i += len(` class="`) + end + 1
	}
	rest := raw[i:]
	return string(rest) == ">" || string(rest) == "/>"
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

// link rewrites one URL written in page p of e: to an anchor when it
// names a page of e, to the anchor in another file of the print edition
// when it names a page there, through ref when it names another file.
func (d *document) link(p *Page, v string, e *printEdition, ref fileRef) string {
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
	if as := d.cut[target]; as != "" {
		target, frag = as, ""
	}
	if _, ok := d.ids[target]; ok {
		if e.has(target) {
			return "#" + d.anchor(target, frag)
		}
		return relURL(e.URL, d.edition[target].URL) + "#" + d.anchor(target, frag)
	}
	return ref(target, frag)
}
