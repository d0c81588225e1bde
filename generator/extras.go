package generator

import (
	"bytes"
	"encoding/xml"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"

	"github.com/rolehandbook/handbook/generator/compare"
)

// publisher adds to each page's view what publishing needs: the last
// update from git, the canonical URL and the "Edit this page" link.
type publisher struct {
	site     SiteConfig
	lastMod  map[string]time.Time
	dataMod  time.Time // the newest comparison data file, for generated pages
	editBase string    // where a source path is appended to edit it
}

func newPublisher(cfg Config, site SiteConfig) *publisher {
	pb := &publisher{site: site, lastMod: cfg.LastMod}
	for src, t := range cfg.LastMod {
		if strings.HasPrefix(src, dataDir+"/") && t.After(pb.dataMod) {
			pb.dataMod = t
		}
	}
	if site.Repository != "" {
		dir := cfg.RepoPath
		if dir == "" {
			dir = cfg.Name
		}
		dir = path.Clean("/" + dir)
		pb.editBase = strings.TrimRight(site.Repository, "/") + "/edit/main" + strings.TrimSuffix(dir, "/") + "/"
	}
	return pb
}

// updated returns when a page last changed, or the zero time if unknown.
// Pages made from the comparison data change with the data.
func (pb *publisher) updated(p *Page) time.Time {
	if p.Src != "" {
		return pb.lastMod[p.Src]
	}
	switch p.Kind {
	case "compare", "pair", "role", "sources":
		return pb.dataMod
	}
	return time.Time{}
}

// absURL returns the absolute URL of a page, or "" without a base URL.
// Folders are named by their folder URL, as hosts serve them.
func (pb *publisher) absURL(u string) string {
	if pb.site.BaseURL == "" {
		return ""
	}
	return pb.site.BaseURL + "/" + escapePath(strings.TrimSuffix(u, "index.html"))
}

func (pb *publisher) decorate(v *View, p *Page) {
	v.Page.LastMod = pb.updated(p)
	v.Page.Canonical = pb.absURL(p.URL)
	if pb.editBase != "" && p.Src != "" {
		v.Page.EditURL = pb.editBase + escapePath(p.Src)
	}
}

// publish adds what a site needs besides its pages: the search index,
// the print edition, the site index, robots.txt and, with a base URL,
// the sitemap. It returns the maker of the single-file edition.
func publish(out *Output, t *tree, site SiteConfig, pb *publisher, lay *layouts, nav *navBuilder, data *compare.Data, md goldmark.Markdown) (func() ([]byte, error), error) {
	ix := buildSearchIndex(t, data, &markdownText{md: md})
	out.Files[SearchIndexURL] = ix.script()

	doc := newDocument(t)
	pv, err := doc.printView(site, nav)
	if err != nil {
		return nil, err
	}
	// The print edition holds every page: size its buffer once rather
	// than let it double its way up.
	var buf bytes.Buffer
	buf.Grow(len(pv.Page.Content) + 64<<10)
	if err := lay.render(&buf, "print", pv); err != nil {
		return nil, err
	}
	out.Files[PrintURL] = buf.Bytes()
	var ibuf bytes.Buffer
	if err := lay.render(&ibuf, "siteindex", doc.siteIndexView(site, nav)); err != nil {
		return nil, err
	}
	out.Files[SiteIndexURL] = ibuf.Bytes()

	out.Files["robots.txt"] = robots(pb)
	if site.BaseURL != "" {
		out.Files["sitemap.xml"] = sitemap(t, pb)
	}
	return func() ([]byte, error) {
		return doc.singleFile(site, nav, lay, out.Files, ix)
	}, nil
}

// robots allows every crawler, and names the sitemap when there is one.
func robots(pb *publisher) []byte {
	s := "User-agent: *\nAllow: /\n"
	if pb.site.BaseURL != "" {
		s += "\nSitemap: " + pb.site.BaseURL + "/sitemap.xml\n"
	}
	return []byte(s)
}

// sitemap lists every page by its absolute URL, in nav order, with its
// last update when git knows it.
func sitemap(t *tree, pb *publisher) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range t.pages {
		b.WriteString("<url><loc>")
		_ = xml.EscapeText(&b, []byte(pb.absURL(p.URL)))
		b.WriteString("</loc>")
		if u := pb.updated(p); !u.IsZero() {
			b.WriteString("<lastmod>" + u.Format("2006-01-02") + "</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// SearchIndexSize returns the size of the search index and of the site's
// HTML pages, which the index is budgeted against. The print edition is
// left out of the HTML: it repeats every page.
func (o *Output) SearchIndexSize() (index, pages int) {
	for p, b := range o.Files {
		if strings.HasSuffix(p, ".html") && p != PrintURL {
			pages += len(b)
		}
	}
	return len(o.Files[SearchIndexURL]), pages
}

// deferPublish returns the files publish would add, each made on first
// use: all of them come from one run of publish, done once. The run uses
// no cache, since a later build may be using it by then.
func deferPublish(out *Output, t *tree, site SiteConfig, pb *publisher, lay *layouts, nav *navBuilder, data *compare.Data, md goldmark.Markdown) map[string]func() []byte {
	paths := []string{SearchIndexURL, PrintURL, SiteIndexURL, "robots.txt"}
	if site.BaseURL != "" {
		paths = append(paths, "sitemap.xml")
	}
	// publish reads the pages' files from the output; give it its own map.
	files := make(map[string][]byte, len(out.Files))
	for p, b := range out.Files {
		files[p] = b
	}
	tc := *t
	tc.cache = nil
	var (
		once sync.Once
		made map[string][]byte
	)
	make1 := func() {
		o := &Output{Files: files, Pages: out.Pages}
		if _, err := publish(o, &tc, site, pb, lay, nav, data, md); err != nil {
			made = map[string][]byte{}
			return
		}
		made = map[string][]byte{}
		for _, p := range paths {
			made[p] = o.Files[p]
		}
	}
	deferred := make(map[string]func() []byte, len(paths))
	for _, p := range paths {
		deferred[p] = func() []byte {
			once.Do(make1)
			return made[p]
		}
	}
	return deferred
}
