package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rolehandbook/handbook/generator/compare"
	"github.com/rolehandbook/handbook/themes"
)

// Config is the input of a build.
type Config struct {
	Content fs.FS     // the handbook folder
	Theme   fs.FS     // the built-in theme; nil means themes.Default()
	Name    string    // how errors name the content folder, such as "handbook"
	Drafts  bool      // build pages marked draft
	Now     time.Time // the date stale data is judged against; zero means today

	// LastMod holds when each content file last changed, by its path in
	// Content, such as git's commit dates; pages without one show no date.
	// RepoPath is the content folder's path in its repository ("." for
	// the root), for "Edit this page" links; "" means Name.
	LastMod  map[string]time.Time
	RepoPath string

	// Cache, when set, lets this build reuse an earlier one's work; Changed
	// lists the content paths changed since, or nil when unknown.
	Cache   *Cache
	Changed []string

	// Defer leaves the files every change touches (the search index, the
	// print edition, the site index, robots.txt and the sitemap) to be
	// made on first use, through Output.File, so that a dev server's
	// rebuild costs what the change costs. Their bytes are the same.
	Defer bool

	brokenLinks string // overrides the site's broken_links; set by Check
}

// Result is a successful build.
type Result struct {
	Output   *Output
	Site     SiteConfig
	Warnings ErrorList
	Timings  []Timing

	tree   *tree                  // the pages behind the output, for Check
	single func() ([]byte, error) // makes the single-file edition on demand
}

// Timing is how long one step of the build took.
type Timing struct {
	Step     string
	Duration time.Duration
}

// Build compiles the content into a site held in memory. On any error in
// the input it returns an ErrorList with every problem found, and no output.
func Build(cfg Config) (*Result, error) {
	var c errs
	res := &Result{}
	cache := cfg.Cache
	if cache != nil {
		cache.mu.Lock()
		defer cache.mu.Unlock()
		cache.gen++
		defer cache.sweep()
	}
	step := stepTimer(&res.Timings)

	site := loadConfig(cfg.Content, &c)
	res.Site = site
	step("config")

	theme := cfg.Theme
	if theme == nil {
		theme = themes.Default()
	}
	if site.ThemeDir != "" {
		if sub, err := fs.Sub(cfg.Content, path.Clean(site.ThemeDir)); err == nil {
			if _, err := fs.Stat(sub, "."); err == nil {
				theme = overlay{upper: sub, lower: theme}
			}
		}
	}
	lay, err := parseLayouts(theme, []string{"home", "section", "page", "404", "print"})
	if err != nil {
		return nil, prefixErrors(ErrorList{{Msg: err.Error()}}, cfg.Name)
	}
	step("layouts")

	files := cache.scan(newScanner(cfg.Content, site), site, cfg.Changed, &c)
	t := load(files, cache.paths(files), site, cfg.Drafts, &c)
	t.cache = cache
	step("load")

	hl := newHighlighter()
	md := newMarkdown(site.RawHTML, hl)
	cmp := &comparison{data: loadComparison(t, cfg, site, &c), md: md}
	if cmp.data != nil {
		cmp.addPages(t, &c)
	}
	step("data")

	cache.noteShape(t)
	pages := t.allPages()
	lk := &linker{t: t, urls: make(map[string]*Page, len(pages))}
	for _, p := range pages {
		lk.urls[p.URL] = p
	}
	var dataKey uint64
	if cache != nil && cmp.data != nil {
		dataKey = cache.hashBytes(cmp.data.JSON())
	}
	states := make([]*pageState, len(pages))
	entries := make([]*mdEntry, len(pages))
	parallel(len(pages), func(i int) {
		p := pages[i]
		st := &pageState{page: p, links: lk, embedder: cmp}
		switch {
		case p.raw != nil:
			var key uint64
			if cache != nil {
				key = cache.pageKey(p, site.RawHTML)
			}
			if !cache.reuseMarkdown(st, key, dataKey) {
				renderMarkdown(md, st)
				entries[i] = cache.newMarkdownEntry(st, key, dataKey)
			} else {
				entries[i] = cache.md[p.Src]
			}
		case p.gen != nil:
			p.html = p.gen(&host{st: st, md: md})
			p.ids = collectIDs(p.html)
			if cache != nil {
				p.htmlSum = cache.hashBytes(p.html)
			}
		}
		states[i] = st
	})
	if cache != nil {
		cache.md = make(map[string]*mdEntry, len(pages))
		for i, p := range pages {
			if entries[i] != nil {
				cache.md[p.Src] = entries[i]
			}
		}
	}
	var checks []anchorCheck
	for _, st := range states {
		c.list = append(c.list, st.errs.list...)
		checks = append(checks, st.checks...)
	}
	step("markdown")

	t.title(site)
	t.order()
	t.prepareCrumbs()
	checkAnchors(checks, &c)
	applyBrokenLinks(cfg, site, &c, t)
	redirects := t.redirects(cfg.Content, theme, site, &c)
	step("links")

	if err := c.err(); err != nil {
		return nil, prefixErrors(err.(ErrorList), cfg.Name)
	}

	out := &Output{Files: map[string][]byte{}}
	nav := &navBuilder{root: t.root, cache: map[*Section][]NavItem{}, html: map[*Section][]navPiece{}}
	navKeys := cache.navKeys(t)
	themeK := themeKey(cache, theme)
	rendered := make([][]byte, len(t.pages))
	keys := make([]uint64, len(t.pages))
	var renderErr error
	var mu sync.Mutex
	pub := newPublisher(cfg, site)
	parallel(len(t.pages), func(i int) {
		p := t.pages[i]
		v := t.view(p, site, nav)
		pub.decorate(v, p)
		if cache != nil && v.Extra == nil {
			keys[i] = cache.viewKey(v, p, navKeys[openSectionOrRoot(t, p)], themeK)
			if e, ok := cache.out[p.URL]; ok && e.key == keys[i] {
				rendered[i] = e.bytes
				return
			}
		}
		v.Nav = nav.forSection(openSectionOrRoot(t, p))
		v.NavHTML = nav.htmlFor(openSectionOrRoot(t, p), v.Root, p.URL)
		v.Page.Content = template.HTML(p.html)
		var buf bytes.Buffer
		buf.Grow(len(p.html) + len(v.NavHTML) + 6<<10)
		if err := lay.render(&buf, p.Kind, v); err != nil {
			mu.Lock()
			renderErr = err
			mu.Unlock()
			return
		}
		rendered[i] = buf.Bytes()
	})
	if renderErr != nil {
		return nil, prefixErrors(ErrorList{{Msg: "theme: " + renderErr.Error()}}, cfg.Name)
	}
	for i, p := range t.pages {
		out.Files[p.URL] = rendered[i]
	}
	if cache != nil {
		cache.out = make(map[string]outEntry, len(t.pages))
		for i, p := range t.pages {
			if keys[i] != 0 {
				cache.out[p.URL] = outEntry{keys[i], rendered[i]}
			}
		}
	}
	out.Pages = len(t.pages)
	step("render")

	if err := copyStatic(out, theme, cfg.Content, t, hl); err != nil {
		return nil, err
	}
	notFound := &Page{URL: "404.html", Kind: "404", Title: "Page not found"}
	var buf bytes.Buffer
	nfView := t.view(notFound, site, nav)
	nfView.Nav = nav.forSection(t.root)
	nfView.NavHTML = nav.htmlFor(t.root, nfView.Root, notFound.URL)
	if err := lay.render(&buf, "404", nfView); err != nil {
		return nil, prefixErrors(ErrorList{{Msg: "theme: " + err.Error()}}, cfg.Name)
	}
	out.Files["404.html"] = buf.Bytes()
	if cmp.data != nil {
		out.Files[compare.JSONURL] = cmp.data.JSON()
		out.Files[compare.CSVURL] = cmp.data.CSV()
	}
	for file, b := range redirects {
		out.Files[file] = b
	}
	step("assets")

	if cfg.Defer {
		out.Deferred = deferPublish(out, t, site, pub, lay, nav, cmp.data, md)
	} else {
		single, err := publish(out, t, site, pub, lay, nav, cmp.data, md)
		if err != nil {
			return nil, prefixErrors(ErrorList{{Msg: "theme: " + err.Error()}}, cfg.Name)
		}
		res.single = single
	}
	step("publish")

	res.Output = out
	res.tree = t
	res.Warnings = prefixErrors(t.warnings.sorted(), cfg.Name).(ErrorList)
	return res, nil
}

func stepTimer(into *[]Timing) func(string) {
	last := time.Now()
	return func(name string) {
		now := time.Now()
		*into = append(*into, Timing{name, now.Sub(last)})
		last = now
	}
}

// prefixErrors names files relative to the working folder, not the content FS.
func prefixErrors(l ErrorList, name string) error {
	if name == "" || name == "." {
		return l
	}
	out := make(ErrorList, len(l))
	for i, e := range l {
		if e.File != "" {
			e.File = path.Join(name, e.File)
		}
		out[i] = e
	}
	return out
}

// parallel runs f(0..n-1) on all processors.
func parallel(n int, f func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	if workers > n {
		workers = n
	}
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// allPages returns every page, generated listings included, sorted by URL.
// It is computed once: every page exists by the time it is first asked for.
func (t *tree) allPages() []*Page {
	if t.all != nil {
		return t.all
	}
	seen := make(map[*Page]bool, len(t.bySrc)+len(t.sections)+len(t.virtual))
	out := make([]*Page, 0, len(t.bySrc)+len(t.sections)+len(t.virtual))
	addPage := func(p *Page) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, p := range t.bySrc {
		addPage(p)
	}
	for _, s := range t.sections {
		addPage(s.Index)
	}
	for _, p := range t.virtual {
		addPage(p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	t.all = out
	return out
}

// title gives every page its title: front matter, else its first H1,
// else its file or folder name.
func (t *tree) title(site SiteConfig) {
	for _, p := range t.allPages() {
		switch {
		case p.Meta.Title != "":
			p.Title = p.Meta.Title
		case p.h1 != "":
			p.Title = p.h1
		case p.Kind == "home":
			p.Title = site.Title
		case p.Sub != nil:
			p.Title = humanize(path.Base(p.Sub.Dir))
		default:
			p.Title = humanize(path.Base(p.Src))
		}
	}
}

// order sorts every section by weight, then title, and links the pages
// in nav order for previous and next.
func (t *tree) order() {
	for _, s := range t.sections {
		sort.SliceStable(s.Children, func(i, j int) bool {
			a, b := s.Children[i], s.Children[j]
			if wa, wb := sortWeight(a), sortWeight(b); wa != wb {
				return wa < wb
			}
			if ta, tb := strings.ToLower(a.NavTitle()), strings.ToLower(b.NavTitle()); ta != tb {
				return ta < tb
			}
			return a.URL < b.URL
		})
	}
	t.pages = t.pages[:0]
	var walk func(s *Section)
	walk = func(s *Section) {
		t.pages = append(t.pages, s.Index)
		for _, c := range s.Children {
			if c.Sub != nil {
				walk(c.Sub)
			} else {
				t.pages = append(t.pages, c)
			}
		}
	}
	walk(t.root)
	for i, p := range t.pages {
		p.Prev, p.Next = nil, nil
		if i > 0 {
			p.Prev = t.pages[i-1]
		}
		if i+1 < len(t.pages) {
			p.Next = t.pages[i+1]
		}
	}
}

func openSectionOrRoot(t *tree, p *Page) *Section {
	if s := openSection(p); s != nil {
		return s
	}
	return t.root
}

// sortWeight orders unweighted pages (weight 0) after weighted ones, as
// Hugo does.
func sortWeight(p *Page) int {
	if p.Meta.Weight == 0 {
		return math.MaxInt
	}
	return p.Meta.Weight
}

// view assembles what a layout needs for one page.
func (t *tree) view(p *Page, site SiteConfig, nav *navBuilder) *View {
	v := &View{
		Site: SiteView{
			Title: site.Title, Description: site.Description, Language: site.Language,
			BaseURL: site.BaseURL, Repository: site.Repository,
		},
		Page: PageView{
			Title: p.Title, Description: p.Meta.Description, Kind: p.Kind, URL: p.URL,
			Src: p.Src, TOC: p.TOC, // Content is set only for pages rendered

		},
		Root: rootPrefix(p.URL),
		Prev: link(p.Prev),
		Next: link(p.Next),
	}
	// The sidebar (Nav and NavHTML) is added only to pages that are rendered:
	// pages reused from the cache need neither.
	if p.Kind != "404" {
		v.Crumbs = crumbs(p)
	}
	if p.Sub != nil {
		v.Children = childLinks(p.Sub)
	}
	return v
}

// copyStatic adds the theme's static files, the code stylesheet and the
// content's own files to the output.
func copyStatic(out *Output, theme, content fs.FS, t *tree, hl *highlighter) error {
	err := fs.WalkDir(theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(theme, p)
		if err != nil {
			return err
		}
		out.Files[strings.TrimPrefix(p, "static/")] = b
		return nil
	})
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	out.Files["assets/chroma.css"] = hl.css()
	for src, f := range t.files {
		out.Files[src] = f.data
	}
	return nil
}
