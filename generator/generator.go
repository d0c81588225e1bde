package generator

import (
	"errors"
	"io"
	"io/fs"
	"math"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rolehandbook/handbook/generator/internal/typography"
)

// Config is the input of a build.
type Config struct {
	Content fs.FS     // the handbook folder
	Theme   fs.FS     // the built-in theme; nil means themes.Default()
	Name    string    // how errors name the content folder, such as "handbook"
	Drafts  bool      // build pages marked draft
	Edition Edition   // internal or public (edition.go); "" means handbook.toml's, else internal
	Now     time.Time // the build date, which stale data and reviews are judged against; zero means today

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
	// Without a Sink, the pages too are reached through Output.File: each
	// is kept without its sidebar and its body, which the build holds
	// once for all pages, and made whole when asked for. With a Sink, the
	// sink takes the pages and the content's files, and the deferred
	// files are still made only through Output.File: check, which reads
	// the pages alone, never makes them.
	Defer bool

	// Sink, when set, receives every file as it is made, and the build
	// keeps nothing it has handed over: each page's source is dropped once
	// its markdown is rendered, and each file once written. The result
	// then has no single-file edition. A one-shot build to disk sets it to
	// bound its memory by a working set rather than by the site.
	Sink Sink

	// SingleFile, when set, builds for the single-file edition alone
	// (Result.WriteSingleFile), without a Sink: each page is laid out, so
	// that a layout's error is still reported, and then dropped, and so is
	// its source once rendered; Output.Files keeps the other files, which
	// the edition inlines.
	SingleFile bool

	// Static, when set, holds files published at the site's root beside
	// the content's own, as a Hugo site's static/ folder beside its
	// content/; the content's files win.
	Static fs.FS

	// CodeOwners, when set, is the repository's CODEOWNERS file, which
	// Check compares with the owners of pages and data files.
	CodeOwners *CodeOwners
}

// Result is a successful build.
type Result struct {
	Output   *Output
	Site     SiteConfig // Site.Edition is the edition built
	Warnings ErrorList
	Timings  []Timing

	tree   *tree                 // the pages behind the output, for Check
	single func(io.Writer) error // makes the single-file edition on demand
}

// loadAll is the start of a build that goes the whole way: it loads the
// tree and the data, renders every page's markdown, and titles and orders
// the pages. It returns the links to #fragments to check.
func (b *builder) loadAll(files map[string]*sourceFile, step func(string)) []anchorCheck {
	b.t = load(files, b.cache.paths(files), b.site, b.cfg.Drafts, &b.errs)
	b.t.cache = b.cache
	if b.cfg.Static != nil {
		b.t.addStatic(b.cfg.Static, &b.errs)
	}
	step("load")

	b.md = newMarkdown(b.site.RawHTML, b.hl, b.site.public())
	data := loadComparison(b.t, b.cfg, b.site, &b.errs)
	b.t.review = loadReviews(b.t, data, b.cfg, b.site, &b.errs)
	b.cmp = newComparison(data.Comparison(), b.md)
	if b.cmp.data != nil {
		b.cmp.addPages(b.t, &b.errs)
	}
	step("data")

	checks := b.markdown()
	step("markdown")

	b.t.title(b.site)
	b.t.declaredOrder()
	b.t.order()
	b.t.prepareCrumbs()
	return checks
}

// Timing is how long one step of the build took.
type Timing struct {
	Step     string
	Duration time.Duration
}

// Build compiles the content into a site held in memory. On any error in
// the input it returns an ErrorList with every problem found. When the
// errors are all broken links, anchors and missing images, which leave
// every page buildable, the build went the whole way and its Result is
// whole, as Check reads it; a caller must still not publish it. On any
// other error the Result holds only the warnings found before the build
// stopped, so that a failed build still shows them.
func Build(cfg Config) (*Result, error) {
	b := &builder{}
	res, err := b.build(cfg)
	if err == nil || res != nil {
		return res, err
	}
	var warned ErrorList
	if b.t != nil && b.links != nil {
		warned = prefixErrors(slices.Concat(b.t.warnings, b.links.warnings()).sorted(), cfg.Name).(ErrorList)
	}
	return &Result{Warnings: warned}, err
}

// errCacheBusy is the error of a build given a Cache that another build
// is using.
var errCacheBusy = errors.New("a Cache was given to two builds at once: builds that share a Cache must run one at a time")

func (b *builder) build(cfg Config) (res *Result, err error) {
	b.links = newNoFollowFS(cfg.Content)
	cfg.Content = b.links
	b.cfg, b.cache, b.res = cfg, cfg.Cache, &Result{}
	if b.cache != nil {
		// The caller runs the builds of a Cache one at a time, as a dev
		// server's watcher does; two at once is a mistake, not a wait.
		if !b.cache.mu.TryLock() {
			return nil, errCacheBusy
		}
		defer b.cache.mu.Unlock()
		b.cache.gen++
		defer b.cache.sweep()
		// A failed build started from the kept one changed nothing in it,
		// but the kept build no longer holds the files on disk: the next
		// build goes the whole way, which reports their problems again.
		defer func() {
			if err != nil {
				b.cache.kept = nil
			}
		}()
	}
	step := stepTimer(&b.res.Timings)

	b.site = withEdition(loadConfig(cfg.Content, &b.errs), cfg.Edition)
	b.cache.forEdition(Edition(b.site.Edition))
	b.res.Site = b.site
	step("config")

	if err := b.layouts(); err != nil {
		return nil, b.fail(err)
	}
	step("layouts")

	sc := newScanner(cfg.Content, b.site)
	sc.lazy = cfg.Sink != nil && b.cache == nil
	files := b.cache.scan(sc, b.site, cfg.Changed, &b.errs)
	var checks []anchorCheck
	switch b.editFrom(files) {
	case editText:
		step("edit")
		return b.res, nil
	case editReshape:
		// The copy of the kept tree is loaded, rendered and ordered, and its
		// links to anchors were checked: anchorsHold found every one that
		// leads to or from an edited page, and the kept pages' own were
		// found or fixed when they were built.
		step("edit")
	default:
		checks = b.loadAll(files, step)
	}
	fixAnchors(b.t, checkAnchors(checks, &b.errs), b.cache)
	applyBrokenLinks(b.site, &b.errs, b.t)
	redirects := b.t.redirects(cfg.Content, b.theme, b.site, &b.errs)
	b.t.review.placeChanges(b.t, redirects, cfg.LastMod)
	step("links")

	// Broken links and missing images leave every page buildable: the
	// build goes on, so that Check reads the whole site and a failure
	// lists what the later steps find too, and fails at the end. Any
	// other problem stops it here.
	if b.errs.list.stopping() {
		if sc.lazy {
			b.probeUnread()
		}
		return nil, prefixErrors(b.errs.err().(ErrorList), cfg.Name)
	}
	b.linkErrs = b.errs.list
	return b.layOutAll(redirects, step)
}

// layOutAll is the end of every build: it lays out the pages, adds the
// assets and publishes the files made from every page.
func (b *builder) layOutAll(redirects map[string][]byte, step func(string)) (*Result, error) {
	if err := b.render(); err != nil {
		return nil, b.fail(err)
	}
	step("render")

	if err := b.assets(redirects); err != nil {
		return nil, b.fail(err)
	}
	step("assets")

	if err := b.publish(); err != nil {
		return nil, b.fail(err)
	}
	step("publish")

	if len(b.linkErrs) > 0 {
		return b.built(), prefixErrors(b.linkErrs.sorted(), b.cfg.Name)
	}
	return b.finish(), nil
}

// built fills in the result of a build that went the whole way.
func (b *builder) built() *Result {
	b.res.Output = b.out
	b.res.tree = b.t
	b.res.Warnings = prefixErrors(slices.Concat(b.t.warnings, b.links.warnings()).sorted(), b.cfg.Name).(ErrorList)
	return b.res
}

// finish fills in the result of a build that succeeded, and keeps the
// build for the next one to start from.
func (b *builder) finish() *Result {
	b.built()
	b.keep()
	if b.cfg.Defer && b.cache != nil {
		for _, p := range b.t.allPages() {
			b.cache.dropSource(p) // those a reshape rendered
		}
	}
	return b.res
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
	for i, p := range out {
		p.n = i
	}
	t.all = out
	return out
}

// title gives every page its title: front matter, else its first H1,
// else its file or folder name. Straight quotes in front matter become
// typographic ones, as the typographer makes them in a heading.
func (t *tree) title(site SiteConfig) {
	for _, p := range t.allPages() {
		switch {
		case p.Meta.Title != "":
			p.Title = typography.Quotes(p.Meta.Title)
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

// straightQuotes undoes typography.Quotes for sorting.
var straightQuotes = strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'")

// titleKey is what titles sort by: lowercased, with typographic quotes
// read as the straight ones they were written as, so that a title that
// opens with a quote sorts where it did before they were made curly.
func titleKey(s string) string { return strings.ToLower(straightQuotes.Replace(s)) }

// order sorts every section by weight, then title, with the pages made
// from data after the written ones, and links the pages in nav order for
// previous and next.
func (t *tree) order() {
	for _, s := range t.sections {
		sort.SliceStable(s.Children, func(i, j int) bool {
			a, b := s.Children[i], s.Children[j]
			if ra, rb := a.navRank, b.navRank; ra != rb {
				// Listed by the tree's own order file first, in its order.
				return ra != 0 && (rb == 0 || ra < rb)
			}
			if ga, gb := a.generated(), b.generated(); ga != gb {
				// A section reads as its authors wrote it; the pages
				// made from data (comparisons, profiles, ladders) follow.
				return gb
			}
			if wa, wb := sortWeight(a), sortWeight(b); wa != wb {
				return wa < wb
			}
			if ta, tb := titleKey(a.NavTitle()), titleKey(b.NavTitle()); ta != tb {
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
	switch {
	case p.Meta.Weight != 0:
		return p.Meta.Weight
	case p.navWeight != 0:
		return p.navWeight
	}
	return math.MaxInt
}

// view assembles what a layout needs for one page.
func (t *tree) view(p *Page, site SiteConfig) *View {
	v := &View{
		Site: SiteView{
			Title: site.Title, Description: site.Description, Language: site.Language,
			BaseURL: site.BaseURL, Repository: site.Repository,
		},
		Page: PageView{
			Title: p.Title, Description: typography.Quotes(p.Meta.Description), Kind: p.Kind, URL: p.URL,
			Src: p.Src, TOC: p.TOC, Params: p.Meta.Params, // Content is set only for pages rendered
		},
		Root: rootPrefix(p.URL),
		Prev: link(p.Prev),
		Next: link(p.Next),
	}
	v.Page.Review = t.review.view(p)
	v.Page.JSONLD = p.jsonLD(site.Title)
	v.Site.Changes, v.Site.Feed = t.review.changesLinks()
	// The sidebar (Nav and NavHTML) is added only to pages that are rendered:
	// pages reused from the cache need neither.
	if p.Kind != "404" {
		v.Crumbs = crumbs(p)
	}
	if p.Sub != nil {
		v.Children = childLinks(p.Sub, p.Kind == "home")
	}
	if p.Kind == "home" {
		v.Roles = t.roles
	}
	return v
}
