package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"

	"github.com/rolehandbook/handbook/generator/compare"
	"github.com/rolehandbook/handbook/themes"
)

// builder holds what the steps of one build share. Build runs the steps
// in order; each step is a method here.
type builder struct {
	cfg   Config
	cache *Cache
	res   *Result
	links *noFollowFS // the content, as every step reads it
	errs  errs

	site  SiteConfig
	theme fs.FS
	lay   *layouts
	hl    *highlighter
	doc   *document // the print document: one a reshape kept, then the deferred build's, for the next edit
	md    goldmark.Markdown
	t     *tree
	cmp   *comparison
	nav   *navBuilder
	pub   *publisher
	out   *Output

	// linkErrs are the broken links and missing images the build goes
	// on with after the links step, and fails with at the end.
	linkErrs ErrorList

	// What a dev server's next build may start from (edit.go).
	pageChecks map[string][]keptCheck // links to #fragments, by the page they are in
	lk         *linker
	dataKey    uint64
	navKeys    map[*Section]uint64
	themeKey   uint64

	// retitled are the pages whose title, link title, description or
	// place a reshape changed, and moved those whose neighbours it
	// changed: only views that show one of them, or are one of the moved,
	// can have changed. Both are nil for every other build.
	retitled, moved map[*Page]bool
}

// fail names a theme or output problem as the build's only error.
func (b *builder) fail(err error) error {
	l, ok := err.(ErrorList)
	if !ok {
		l = ErrorList{{Msg: err.Error()}}
	}
	if len(b.linkErrs) > 0 {
		l = slices.Concat(b.linkErrs, l).sorted() // the broken links the build went on with
	}
	return prefixErrors(l, b.cfg.Name)
}

// layouts picks the theme, with the project's overrides on top, and
// parses its layouts once.
func (b *builder) layouts() error {
	b.theme = b.cfg.Theme
	if b.theme == nil {
		b.theme = themes.Default()
	}
	if b.site.ThemeDir != "" {
		if sub, err := fs.Sub(b.cfg.Content, path.Clean(b.site.ThemeDir)); err == nil {
			if _, err := fs.Stat(sub, "."); err == nil {
				b.theme = overlay{upper: sub, lower: b.theme}
			}
		}
	}
	// A cache keeps the parsed layouts while the theme is unchanged: a
	// dev server's rebuild need not parse them again.
	b.themeKey = themeKey(b.cache, b.theme)
	if c := b.cache; c != nil && c.lay != nil && c.layKey == b.themeKey {
		b.lay = c.lay
	} else {
		lay, err := parseLayouts(b.theme, []string{"home", "section", "page", "404", "print"})
		if err != nil {
			return err
		}
		b.lay = lay
		if c != nil {
			c.lay, c.layKey = lay, b.themeKey
		}
	}
	// A cache keeps its highlighter, so that a block is lexed once
	// across the builds of a dev server.
	if b.cache == nil {
		b.hl = newHighlighter()
		return nil
	}
	if b.cache.hl == nil {
		b.cache.hl = newHighlighter()
		b.cache.hl.limit = highlightMemoKept
	}
	b.hl = b.cache.hl
	b.hl.next()
	return nil
}

// markdown renders every page's body in parallel, reusing the cache where
// the page and everything it depends on are unchanged, and returns the
// anchor links to check once every page's headings are known.
func (b *builder) markdown() []anchorCheck {
	t, cache, cmp, md := b.t, b.cache, b.cmp, b.md
	cache.noteShape(t)
	pages := t.allPages()
	lk := &linker{t: t, content: b.cfg.Content, at: make(map[string]int, len(pages))}
	for i, p := range pages {
		lk.at[p.URL] = i
	}
	var dataKey uint64
	if cache != nil && cmp.data != nil {
		dataKey = cache.hashBytes(cmp.data.JSON())
	}
	b.lk, b.dataKey = lk, dataKey
	cmp.links = lk
	states := make([]*pageState, len(pages))
	entries := make([]*mdEntry, len(pages))
	parallel(len(pages), func(i int) {
		p := pages[i]
		st := &pageState{page: p, links: lk, embedder: cmp}
		switch {
		case p.raw != nil || p.reread:
			var key uint64
			if cache != nil {
				key = cache.pageKey(p, b.site.RawHTML)
			}
			if !cache.reuseMarkdown(st, key, dataKey) {
				if p.raw == nil {
					p.raw = readSource(b.cfg.Content, p.Src, &st.errs)
				}
				renderMarkdown(md, st)
				entries[i] = cache.newMarkdownEntry(st, key, dataKey)
			} else {
				entries[i] = cache.md[p.Src]
			}
			switch {
			case cache != nil && b.cfg.Defer:
				cache.dropSource(p) // read again if a later build needs it
			case (b.cfg.Sink != nil || b.cfg.SingleFile) && cache == nil:
				p.raw = nil // nothing after this reads it
			}
		case p.gen != nil:
			// A generated page is made from the data and the site's set of
			// pages (it links to role pages by their URLs).
			var key uint64
			if cache != nil {
				key = cache.hash("generated", p.URL, p.Kind, strconv.FormatUint(cache.shape, 36))
			}
			if !cache.reuseMarkdown(st, key, dataKey) {
				p.html = p.gen(&host{st: st, md: md})
				p.ids = collectIDs(p.html)
				st.embeds = max(st.embeds, 1) // it depends on the data
				entries[i] = cache.newMarkdownEntry(st, key, dataKey)
			} else {
				entries[i] = cache.md[cacheID(p)]
			}
		}
		if b.cfg.Sink != nil && cache == nil {
			p.packBody() // held until the print edition and the search index read it
		}
		states[i] = st
	})
	if cache != nil {
		cache.md = make(map[string]*mdEntry, len(pages))
		b.pageChecks = map[string][]keptCheck{}
		for i, p := range pages {
			if entries[i] != nil {
				cache.md[cacheID(p)] = entries[i]
			}
			if len(states[i].checks) > 0 {
				b.pageChecks[cacheID(p)] = keptChecks(states[i].checks, pages)
			}
		}
	}
	var checks []anchorCheck
	for _, st := range states {
		b.errs.list = append(b.errs.list, st.errs.list...)
		t.warnings = append(t.warnings, st.warnings.list...)
		checks = append(checks, st.checks...)
	}
	return checks
}

// put adds a file to the site: to the sink when there is one, else to
// the output.
func (b *builder) put(path string, data []byte) error {
	if b.cfg.Sink != nil {
		return b.cfg.Sink.WriteFile(path, data)
	}
	b.out.Files[path] = data
	return nil
}

// emit adds a file the generator makes besides pages, unless the content
// has a file of its own at that path (a robots.txt, say), which wins.
func (b *builder) emit(path string, data []byte) error {
	if _, own := b.t.files[path]; own {
		return nil
	}
	return b.put(path, data)
}

// render lays out every page in parallel. With a cache, a page whose view
// is unchanged keeps its bytes, and only pages rendered get a sidebar.
// With a sink, each page is handed over as soon as it is laid out. A
// deferred build keeps its pages without their sidebars (keptPages).
func (b *builder) render() error {
	t, cache := b.t, b.cache
	b.out = &Output{Files: map[string][]byte{}}
	b.nav = newNavBuilder(t.root)
	b.pub = newPublisher(b.cfg, b.site)
	navKeys := cache.navKeys(t)
	b.navKeys = navKeys
	if cache != nil {
		b.nav.keys, b.nav.last = navKeys, cache.navPieces
	}
	rendered := make([][]byte, len(t.pages))
	entries := make([]outEntry, len(t.pages))
	var kept []keptPage
	if b.cfg.Defer && b.cfg.Sink == nil {
		kept = make([]keptPage, len(t.pages))
	}
	failed := make([]error, len(t.pages)) // the first, in page order, is returned
	opens := b.openSections(kept == nil)
	parallel(len(t.pages), func(i int) {
		p, open := t.pages[i], opens[i]
		defer b.nav.release(open)
		if e, ok := b.unchangedView(p, open); ok {
			entries[i] = e
			if kept != nil {
				b.nav.prepare(open)
				kept[i] = keptPage{outEntry: e, open: open, root: rootPrefix(p.URL)}
				return
			}
			failed[i] = b.handOver(i, p, e.whole(string(b.nav.htmlFor(open, rootPrefix(p.URL), p.URL))), rendered)
			return
		}
		v := t.view(p, b.site)
		b.pub.decorate(v, p)
		e, page, err := b.renderOne(v, p, open)
		if err != nil {
			failed[i] = err
			return
		}
		if e.key != 0 {
			entries[i] = e
		}
		if kept != nil {
			b.nav.prepare(open)
			kept[i] = keptPage{outEntry: e, open: open, root: v.Root}
			return
		}
		if page == nil {
			page = e.whole(string(b.nav.htmlFor(open, v.Root, p.URL)))
		}
		failed[i] = b.handOver(i, p, page, rendered)
	})
	for _, err := range failed {
		if err != nil {
			return err
		}
	}
	if kept != nil {
		b.out.kept = &keptPages{nav: b.nav, pages: make(map[string]keptPage, len(t.pages))}
		for i, p := range t.pages {
			b.out.kept.pages[p.URL] = kept[i]
		}
	} else if b.cfg.Sink == nil && !b.cfg.SingleFile {
		for i, p := range t.pages {
			b.out.Files[p.URL] = rendered[i]
		}
	}
	if cache != nil {
		cache.navPieces = b.nav.drawn()
		cache.out = make(map[string]outEntry, len(t.pages))
		for i, p := range t.pages {
			if entries[i].key != 0 {
				cache.out[p.URL] = entries[i]
			}
		}
	}
	b.out.Pages = len(t.pages)
	return nil
}

// openSections returns the section open for each page. In a build that
// keeps no sidebar for later, neither in a cache nor in kept pages, each
// section's sidebar then goes after its last page.
func (b *builder) openSections(keepsNone bool) []*Section {
	opens := make([]*Section, len(b.t.pages))
	for i, p := range b.t.pages {
		opens[i] = openSectionOrRoot(b.t, p)
	}
	if b.cache == nil && keepsNone {
		b.nav.releaseAfter(opens)
	}
	return opens
}

// handOver gives a laid-out page to the sink, or keeps it for the output.
func (b *builder) handOver(i int, p *Page, page []byte, rendered [][]byte) error {
	if b.cfg.Sink != nil {
		return b.cfg.Sink.WriteFile(p.URL, page)
	}
	if !b.cfg.SingleFile {
		rendered[i] = page
	}
	return nil
}

// unchangedView returns the last build's entry of a page whose view a
// reshape cannot have changed, with its sidebar's new key, so that the
// page is neither viewed nor hashed again: at 10,000 pages that is most
// of a retitle. A view shows other pages only as the links of its
// neighbours, its section's children and its breadcrumbs; the home
// page, which counts and lists more, is always viewed again.
func (b *builder) unchangedView(p *Page, open *Section) (outEntry, bool) {
	r := b.retitled
	if r == nil || r[p] || b.moved[p] || p.Kind == "home" || r[p.Prev] || r[p.Next] {
		return outEntry{}, false
	}
	if p.Sub != nil && slices.ContainsFunc(p.Sub.Children, func(c *Page) bool { return r[c] }) {
		return outEntry{}, false
	}
	for s := p.Section; s != nil; s = s.Parent {
		if r[s.Index] {
			return outEntry{}, false
		}
	}
	e, ok := b.cache.out[p.URL]
	if !ok || e.key == 0 || e.sum != p.htmlSum {
		return outEntry{}, false
	}
	navK := b.navKeys[open]
	if e.nav != navK && (!e.cut() || b.lay.navData) {
		return outEntry{}, false // its sidebar changed and must be laid out
	}
	e.nav = navK
	return e, true
}

// renderOne returns a page's entry: the last build's when its view is
// unchanged, with the new sidebar when that alone changed, or else laid
// out anew. A page laid out for a build that neither keeps it nor caches
// it is returned whole, with no entry.
func (b *builder) renderOne(v *View, p *Page, open *Section) (outEntry, []byte, error) {
	var key, navK uint64
	if b.cache != nil && v.Extra == nil {
		key, navK = b.cache.viewKey(v, p, b.themeKey), b.navKeys[open]
		e, ok := b.cache.out[p.URL]
		if ok && e.key == key && (e.nav == navK || e.cut() && !b.lay.navData) {
			e.nav = navK
			return e, nil, nil
		}
	}
	page, err := b.layOut(b.nav, v, p, open)
	if err != nil || (key == 0 && (!b.cfg.Defer || b.cfg.Sink != nil)) {
		return outEntry{}, page, err
	}
	return newOutEntry(key, navK, page, string(v.NavHTML), p), nil, nil
}

// layOut renders a page's view through its layout, with the sidebar of
// the section open for it.
func (b *builder) layOut(nav *navBuilder, v *View, p *Page, open *Section) ([]byte, error) {
	v.NavHTML = nav.htmlFor(open, v.Root, p.URL) // draws the items .Nav then finds
	v.Nav = nav.forSection(open)
	body := p.body()
	v.Page.Content = template.HTML(body)
	var buf bytes.Buffer
	buf.Grow(len(body) + len(v.NavHTML) + 6<<10)
	if err := b.lay.render(&buf, p.Kind, v); err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	return buf.Bytes(), nil
}

// assets adds the theme's files, the code stylesheet, the content's own
// files, the 404 page, the data exports and the alias redirects.
func (b *builder) assets(redirects map[string][]byte) error {
	t := b.t
	static, err := staticFiles(b.theme, b.themeKey, t, b.hl)
	if err != nil {
		return err
	}
	if _, own := t.files[mermaidScript]; !own && !slices.ContainsFunc(t.allPages(), (*Page).hasDiagram) {
		// Five megabytes of the theme's that no page of this site loads;
		// a file of the content's own is published as any other.
		delete(static, mermaidScript)
	}
	for _, p := range sortedPaths(static) {
		if err := b.put(p, static[p]); err != nil {
			return err
		}
	}
	if err := b.writeUnread(); err != nil {
		return err
	}
	notFound := &Page{URL: "404.html", Kind: "404", Title: "Page not found"}
	var buf bytes.Buffer
	nfView := t.view(notFound, b.site)
	nfView.Nav = b.nav.forSection(t.root)
	nfView.NavHTML = b.nav.htmlFor(t.root, nfView.Root, notFound.URL)
	nfView.Extra = NotFoundView{Dirs: topDirs(t.allPages())}
	if err := b.lay.render(&buf, "404", nfView); err != nil {
		return ErrorList{{Msg: "theme: " + err.Error()}}
	}
	more := map[string][]byte{"404.html": buf.Bytes()}
	if b.cmp.data != nil {
		more[compare.JSONURL] = b.cmp.data.JSON()
		more[compare.CSVURL] = b.cmp.data.CSV()
		if len(b.cmp.data.Ladders) > 0 {
			more[compare.LaddersCSVURL] = b.cmp.data.LaddersCSV()
			more[compare.BandsCSVURL] = b.cmp.data.BandsCSV()
		}
		for k, v := range b.cmp.ladderFiles() {
			more[k] = v
		}
	}
	for file, data := range redirects {
		more[file] = data
	}
	for _, p := range sortedPaths(more) {
		if err := b.emit(p, more[p]); err != nil {
			return err
		}
	}
	return nil
}

// publish adds the files built from the whole site: the search index,
// the print edition, the site index, robots.txt and the sitemap; a dev
// server defers them to first use.
func (b *builder) publish() error {
	if b.cfg.Defer {
		b.out.Deferred, b.doc = deferPublish(b.t, b.site, b.pub, b.lay, b.nav, b.cmp.data, b.md, b.doc)
		return nil
	}
	var files map[string][]byte // what the single-file edition inlines
	if b.cfg.Sink == nil {
		files = b.out.Files
	}
	single, err := publish(b.emit, files, b.cfg.SingleFile, b.t, b.site, b.pub, b.lay, b.nav, b.cmp.data, b.md)
	if err != nil {
		return err
	}
	b.res.single = single
	return nil
}

// NotFoundView is what the 404 page's layout gets as .Extra. A host
// serves the page for a missing URL at any depth, where its relative
// links would resolve against the missing URL's folder; the page's head
// sets the site's root as the base of its URLs: the site's base_url when
// it has one, or else the part of the address before the first folder the
// site has at its top, which Dirs lists.
type NotFoundView struct {
	Dirs []string
}

// topDirs returns the folders at the top of the site, sorted.
func topDirs(pages []*Page) []string {
	seen := map[string]bool{"assets": true, "changes": true, "data": true, "siteindex": true}
	for _, p := range pages {
		if dir, _, ok := strings.Cut(p.URL, "/"); ok {
			seen[dir] = true
		}
	}
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}
