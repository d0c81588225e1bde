package generator

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
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
	v.Page.Mermaid = p.hasDiagram()
	v.Page.Canonical = pb.absURL(p.URL)
	if pb.editBase != "" && p.Src != "" {
		v.Page.EditURL = pb.editBase + escapePath(p.Src)
	}
}

// publish adds, through put, what a site needs besides its pages: the
// search index, the print edition, the site index, robots.txt and, with a
// base URL, the sitemap. Given the site's files, it returns the maker of
// the single-file edition, which inlines them.
//
// A build of the single-file edition alone (onlySingle) makes no print
// edition, which it stands for, and keeps none of the search index's
// files, as it inlines the index whole.
func publish(put func(string, []byte) error, files map[string][]byte, onlySingle bool, t *tree, site SiteConfig, pb *publisher, lay *layouts, nav *navBuilder, data *compare.Data, md goldmark.Markdown) (func(io.Writer) error, error) {
	whole := put // what the single-file edition has in itself
	if onlySingle {
		whole = func(string, []byte) error { return nil }
	}
	// The search index and the print edition each read every page; made
	// side by side, one's sequential steps overlap the other's parallel
	// ones.
	doc := newDocument(t, site.PrintSplit)
	type file struct {
		path string
		data []byte
	}
	var (
		printed  []file
		printErr error
		wg       sync.WaitGroup
	)
	keep := func(p string, b []byte) error {
		printed = append(printed, file{p, b})
		return nil
	}
	if files == nil {
		// A sink takes files from any goroutine, as it takes the pages
		// while they render: each print file is handed over as it is made,
		// not held beside the search index (50 MB at 5,000 pages).
		keep = whole
	}
	if !onlySingle {
		wg.Add(1)
		go func() {
			defer wg.Done()
			printErr = doc.printFiles(keep, site, nav, lay)
		}()
	}
	pl := planSearch(t, data)
	ix, err := publishSearch(whole, t, data, md, pl)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if files == nil {
		ix = nil // the single-file edition is all that reads it again
	}
	if printErr != nil {
		return nil, printErr
	}
	for i, f := range printed {
		if err := whole(f.path, f.data); err != nil {
			return nil, err
		}
		printed[i] = file{}
	}
	if err := publishRest(put, doc, t, site, pb, lay, nav); err != nil {
		return nil, err
	}
	if files == nil {
		return nil, nil
	}
	return func(w io.Writer) error {
		return doc.writeSingleFile(w, site, lay, files, ix, pl)
	}, nil
}

// publishSearch adds the search index's files, and returns the index.
func publishSearch(put func(string, []byte) error, t *tree, data *compare.Data, md goldmark.Markdown, pl searchPlan) (*searchIndex, error) {
	ix, parts := searchFiles(t, data, &markdownText{md: md}, pl)
	for _, p := range pl.paths() {
		if err := put(p, parts[p]); err != nil {
			return nil, err
		}
	}
	return ix, nil
}

// publishRest adds what follows the print edition: the site index,
// robots.txt, the sitemap and the review pages.
func publishRest(put func(string, []byte) error, doc *document, t *tree, site SiteConfig, pb *publisher, lay *layouts, nav *navBuilder) error {
	var ibuf bytes.Buffer
	if err := lay.render(&ibuf, "siteindex", doc.siteIndexView(site, nav)); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	if err := put(SiteIndexURL, ibuf.Bytes()); err != nil {
		return err
	}
	if err := put("robots.txt", robots(pb)); err != nil {
		return err
	}
	if site.BaseURL != "" {
		if err := put("sitemap.xml", sitemap(t, pb)); err != nil {
			return err
		}
	}
	return publishReview(put, t, site, pb, lay, nav)
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
		switch {
		case IndexedHTML(p):
			pages += len(b)
		case IsSearchIndex(p):
			index += len(b)
		}
	}
	return index, pages
}

// IndexedHTML reports whether an output path is HTML that the search
// index is budgeted against: every HTML file but the print edition.
func IndexedHTML(p string) bool {
	return strings.HasSuffix(p, ".html") && !isPrintEdition(p)
}

// deferPublish returns the files publish would add, each made on first
// use: the search index's files from one run of the indexer, the others
// from one run of the rest of publish, each done once, so that a search
// does not wait for the print edition. The runs use no cache, since a
// later build may be using it by then. It also returns the document the
// print files are made from; given one, as a text edit of the kept tree
// may, it uses it rather than make another of the same pages.
func deferPublish(t *tree, site SiteConfig, pb *publisher, lay *layouts, nav *navBuilder, data *compare.Data, md goldmark.Markdown, doc *document) (map[string]func() []byte, *document) {
	if doc == nil {
		doc = newDocument(t, site.PrintSplit)
	}
	// The files are made from a copy of the tree without the build's
	// cache, which a later build may be using by then, and from a copy
	// of the document that reads it: a document handed in may still be
	// making an earlier build's files.
	tc := *t
	tc.cache = nil
	doc = doc.on(&tc)
	pl := planSearch(t, data)
	paths := append(doc.printPaths(), SiteIndexURL, "robots.txt")
	if site.BaseURL != "" {
		paths = append(paths, "sitemap.xml")
	}
	paths = append(paths, t.review.outputs()...)
	// lazily makes a set of files once, under the lock that keeps a dev
	// server's edit from changing the pages meanwhile.
	lazily := func(run func(put func(string, []byte) error) error) func(p string) []byte {
		var (
			once sync.Once
			made map[string][]byte
		)
		return func(p string) []byte {
			once.Do(func() {
				if t.edit != nil {
					t.edit.RLock()
					defer t.edit.RUnlock()
				}
				made = map[string][]byte{}
				if err := run(func(p string, b []byte) error { made[p] = b; return nil }); err != nil {
					made = map[string][]byte{}
				}
			})
			return made[p]
		}
	}
	search := lazily(func(put func(string, []byte) error) error {
		_, err := publishSearch(put, &tc, data, md, pl)
		return err
	})
	rest := lazily(func(put func(string, []byte) error) error {
		if err := doc.printFiles(put, site, nav, lay); err != nil {
			return err
		}
		return publishRest(put, doc, &tc, site, pb, lay, nav)
	})
	deferred := make(map[string]func() []byte, len(paths)+pl.shards+pl.chunks+1)
	add := func(p string, made func(string) []byte) {
		if _, own := t.files[p]; own {
			return // the content's own file wins, as in publish
		}
		deferred[p] = func() []byte { return made(p) }
	}
	for _, p := range pl.paths() {
		add(p, search)
	}
	for _, p := range paths {
		add(p, rest)
	}
	return deferred, doc
}
