package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
)

// The files made from the document: the print edition, one file or one
// per top-level section with a hub listing them, and the site index,
// each with its contents list.

// contents lists every page in nav order, nested by section, as list
// items; href gives each page's link. With descriptions, each page's
// description follows it and, when the print edition is cut into
// sections, each top-level section links to its file.
func (d *document) contents(href func(*Page) string, descriptions bool) template.HTML {
	return d.list(d.whole, href, descriptions, false)
}

// list lists the pages of e as contents does; numbered, each page has
// its number in front.
func (d *document) list(e *printEdition, href func(*Page) string, descriptions, numbered bool) template.HTML {
	var b strings.Builder
	item := func(p *Page, class string) {
		if class != "" {
			fmt.Fprintf(&b, `<li class="%s">`, class)
		} else {
			b.WriteString("<li>")
		}
		if num := d.numbers()[p.URL]; numbered && num != "" {
			fmt.Fprintf(&b, `<span class="print-num">%s</span> `, num)
		}
		fmt.Fprintf(&b, `<a href="%s">%s</a>`, esc(href(p)), esc(p.NavTitle()))
		if descriptions && p.Meta.Description != "" {
			fmt.Fprintf(&b, ` <span class="siteindex-desc">%s</span>`, esc(p.Meta.Description))
		}
		if descriptions && d.split() && p.Sub != nil && p.Section == d.t.root {
			fmt.Fprintf(&b, ` <a class="siteindex-print" href="%s">Print this section<span class="sr-only">: %s</span></a>`,
				esc(relURL(SiteIndexURL, d.edition[p.URL].URL)), esc(p.NavTitle()))
		}
	}
	var walk func(s *Section)
	walk = func(s *Section) {
		for _, c := range s.Children {
			if !e.has(c.URL) || (!descriptions && d.cut[c.URL] != "") {
				continue
			}
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
	switch {
	case e.Top == nil || e.Top == d.t.root.Index:
		item(d.t.root.Index, "")
		b.WriteString("</li>\n")
		walk(d.t.root)
	default:
		walk(&Section{Children: []*Page{e.Top}})
	}
	return template.HTML(b.String())
}

// printFile makes one file of the print edition: the print layout around
// a contents list and the edition's pages. The layout is rendered around
// a marker, and the pages are written straight into the file where the
// marker was, so the edition is built once rather than copied from
// string to string.
func (d *document) printFile(e *printEdition, site SiteConfig, nav *navBuilder, lay *layouts) ([]byte, error) {
	const marker = "\x00handbook-print-body\x00"
	p := &Page{URL: e.URL, Kind: "print", Title: "Print edition"}
	if e.Top != nil {
		p.Title = "Print edition: " + e.Top.NavTitle()
	}
	p.Meta.Description = site.Description
	v := d.t.view(p, site)
	v.Nav = nav.forSection(d.t.root)
	v.NavHTML = nav.htmlFor(d.t.root, v.Root, p.URL)
	v.Page.Content = marker
	var frame bytes.Buffer
	if err := lay.render(&frame, "print", v); err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	toc := d.list(e, func(p *Page) string { return "#" + d.ids[p.URL] }, false, true)
	var out bytes.Buffer
	rest := frame.Bytes()
	n := bytes.Count(rest, []byte(marker))
	out.Grow(len(rest) + n*(len(toc)+d.sizeHint(e)+256))
	for {
		before, after, found := bytes.Cut(rest, []byte(marker))
		out.Write(before)
		if !found {
			break
		}
		out.WriteString(`<nav class="print-toc" id="contents" aria-labelledby="contents-title"><h2 id="contents-title">Contents</h2>` + "\n<ul>\n")
		out.WriteString(string(toc))
		out.WriteString("</ul>\n</nav>\n")
		if err := d.writeSections(func(b []byte) error { out.Write(b); return nil }, e, e.ref, true); err != nil {
			return nil, err
		}
		rest = after
	}
	return out.Bytes(), nil
}

// printHub makes print.html of a print edition cut into sections: a list
// of its files.
func (d *document) printHub(site SiteConfig, nav *navBuilder, lay *layouts) ([]byte, error) {
	p := &Page{URL: PrintURL, Kind: "print", Title: "Print edition"}
	p.Meta.Description = site.Description
	v := d.t.view(p, site)
	v.Nav = nav.forSection(d.t.root)
	v.NavHTML = nav.htmlFor(d.t.root, v.Root, p.URL)
	var b strings.Builder
	fmt.Fprintf(&b, `<section class="print-editions" aria-labelledby="print-editions-title"><h2 id="print-editions-title">Print edition</h2>`+"\n"+
		`<p>The handbook has %d pages, too many to print as one document. Print it a section at a time:</p>`+"\n<ul>\n", len(d.whole.Pages))
	for _, e := range d.editions {
		fmt.Fprintf(&b, `<li><a href="%s">%s</a> (%s)</li>`+"\n", esc(relURL(PrintURL, e.URL)), esc(e.Top.NavTitle()), pagesCount(len(e.Pages)))
	}
	b.WriteString("</ul>\n</section>\n")
	v.Page.Content = template.HTML(b.String())
	var out bytes.Buffer
	if err := lay.render(&out, "print", v); err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	return out.Bytes(), nil
}

func pagesCount(n int) string {
	if n == 1 {
		return "1 page"
	}
	return itoa(n) + " pages"
}

// printFiles makes every file of the print edition, handing each to put.
func (d *document) printFiles(put func(string, []byte) error, site SiteConfig, nav *navBuilder, lay *layouts) error {
	if d.split() {
		hub, err := d.printHub(site, nav, lay)
		if err != nil {
			return err
		}
		if err := put(PrintURL, hub); err != nil {
			return err
		}
	}
	for _, e := range d.editions {
		b, err := d.printFile(e, site, nav, lay)
		if err != nil {
			return err
		}
		if err := put(e.URL, b); err != nil {
			return err
		}
	}
	return nil
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
