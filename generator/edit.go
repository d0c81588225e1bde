package generator

import (
	"bytes"
	"html/template"
	"maps"
	"reflect"
	"sync"
	"time"

	"github.com/yuin/goldmark"
)

// keptBuild is the last successful build of a dev server, kept so that
// the next one can start from it when all that changed is the text of a
// few pages. It is dropped by any build that does not start from it.
type keptBuild struct {
	t        *tree
	lk       *linker
	cmp      *comparison
	md       goldmark.Markdown
	checks   map[string][]anchorCheck // links to #fragments, by the page they are in
	dataKey  uint64
	navKeys  map[*Section]uint64
	themeKey uint64
	files    map[string][]byte // the output's files, deferred ones aside; never handed out
	pages    int
	warnings ErrorList

	// What the build was made with.
	site     SiteConfig
	name     string
	drafts   bool
	now      time.Time
	day      string // the day it was made, when now is zero: stale data is judged by it
	lastMod  map[string]time.Time
	repoPath string
}

// today names the day stale data is judged against.
func today(now time.Time) string {
	if now.IsZero() {
		now = time.Now()
	}
	return now.Format(time.DateOnly)
}

// keep records a finished build for the next one to start from. A build
// that warned about links is not kept: whether an edit fixes such a
// warning takes the whole way to know.
func (b *builder) keep() {
	if b.cache == nil || !b.cfg.Defer {
		return
	}
	for _, w := range b.res.Warnings {
		if isBrokenLink(w) {
			return
		}
	}
	b.t.edit = &sync.RWMutex{}
	b.cache.kept = &keptBuild{
		t: b.t, lk: b.lk, cmp: b.cmp, md: b.md, checks: b.pageChecks,
		dataKey: b.dataKey, navKeys: b.navKeys, themeKey: b.themeKey,
		files: maps.Clone(b.out.Files), pages: b.out.Pages, warnings: b.res.Warnings,
		site: b.site, name: b.cfg.Name, drafts: b.cfg.Drafts, now: b.cfg.Now, day: today(b.cfg.Now),
		lastMod: b.cfg.LastMod, repoPath: b.cfg.RepoPath,
	}
}

// edited is one page whose text changed: its new state, made on a copy,
// and its new output.
type edited struct {
	page *Page // the page in the kept tree
	next Page  // what it becomes
	st   *pageState
	key  uint64 // its markdown cache key
	html []byte // its rendered page
	view uint64 // its view key
}

// edit rebuilds from the kept build when every changed path is the text
// of a page that keeps its front matter, its title and its links' and
// anchors' validity: then only those pages are rendered again, and the
// rest of the site is the kept build's. It reports whether it could; if
// not, nothing was changed and the build goes the whole way.
//
// Any problem at all (an error, a warning, a changed title) sends the
// build the whole way, which reports it exactly as a first build would.
func (b *builder) edit(files map[string]*sourceFile) bool {
	k := b.cache.kept
	if k == nil || !b.cfg.Defer || b.cfg.Changed == nil || len(b.errs.list) > 0 ||
		k.site != b.site || k.name != b.cfg.Name || k.drafts != b.cfg.Drafts ||
		!k.now.Equal(b.cfg.Now) || k.day != today(b.cfg.Now) ||
		k.repoPath != b.cfg.RepoPath || !maps.Equal(k.lastMod, b.cfg.LastMod) ||
		themeKey(b.cache, b.theme) != k.themeKey {
		return false
	}
	t := k.t
	var eds []*edited
	seen := map[string]bool{}
	for _, src := range b.cfg.Changed {
		if seen[src] {
			continue
		}
		seen[src] = true
		p, f := t.bySrc[src], files[src]
		if p == nil || p.Src != src || f == nil || !f.isPage || len(f.errs) > 0 || f.warning != nil ||
			!reflect.DeepEqual(f.meta, p.Meta) || k.hasWarningIn(b.cfg.Name, src) {
			return false
		}
		e := &edited{page: p, next: *p}
		e.next.raw = f.raw
		eds = append(eds, e)
	}
	if len(eds) == 0 {
		return false
	}
	// Render the pages' markdown on copies, so that a build that goes the
	// whole way after all finds the kept tree as it was.
	ids := map[*Page]map[string]bool{}
	parallel(len(eds), func(i int) {
		e := eds[i]
		e.st = &pageState{page: &e.next, links: k.lk, embedder: k.cmp}
		e.key = b.cache.pageKey(&e.next, b.site.RawHTML)
		renderMarkdown(k.md, e.st)
	})
	for _, e := range eds {
		if len(e.st.errs.list) > 0 || e.next.h1 != e.page.h1 {
			return false
		}
		ids[e.page] = e.next.ids
	}
	// Every link to a #fragment, the edited pages' own included, must
	// still find its heading.
	edited := map[string][]anchorCheck{}
	for _, e := range eds {
		var own []anchorCheck
		for _, a := range e.st.checks {
			if a.target == &e.next {
				a.target = e.page
			}
			own = append(own, a)
		}
		edited[e.page.Src] = own
	}
	found := func(list []anchorCheck) bool {
		for _, a := range list {
			have := a.target.ids
			if n, ok := ids[a.target]; ok {
				have = n
			}
			if !anchorFound(a, have) {
				return false
			}
		}
		return true
	}
	for src, list := range k.checks {
		if _, mine := edited[src]; !mine && !found(list) {
			return false
		}
	}
	for _, list := range edited {
		if !found(list) {
			return false
		}
	}
	// Lay out the edited pages, still from the copies.
	nav := &navBuilder{root: t.root, cache: map[*Section][]NavItem{}, html: map[*Section][]navPiece{}}
	pub := newPublisher(b.cfg, b.site)
	var failed error
	var mu sync.Mutex
	parallel(len(eds), func(i int) {
		e := eds[i]
		p := &e.next
		p.htmlSum = b.cache.hashBytes(p.html)
		v := t.view(p, b.site)
		pub.decorate(v, p)
		sec := openSectionOrRoot(t, p)
		e.view = b.cache.viewKey(v, p, k.navKeys[sec], k.themeKey)
		v.Nav = nav.forSection(sec)
		v.NavHTML = nav.htmlFor(sec, v.Root, p.URL)
		v.Page.Content = template.HTML(p.html)
		var buf bytes.Buffer
		if err := b.lay.render(&buf, p.Kind, v); err != nil {
			mu.Lock()
			failed = err
			mu.Unlock()
			return
		}
		e.html = buf.Bytes()
	})
	if failed != nil {
		return false
	}

	// Everything is known to work: change the kept tree, while no
	// deferred file of an earlier build is being made from it.
	t.edit.Lock()
	for _, e := range eds {
		*e.page = e.next
	}
	t.edit.Unlock()
	for _, e := range eds {
		k.files[e.page.URL] = e.html
		b.cache.out[e.page.URL] = outEntry{e.view, e.html}
		e.st.page = e.page
		b.cache.md[e.page.Src] = b.cache.newMarkdownEntry(e.st, e.key, k.dataKey)
		if list := edited[e.page.Src]; len(list) > 0 {
			k.checks[e.page.Src] = list
		} else {
			delete(k.checks, e.page.Src)
		}
	}
	out := &Output{Files: maps.Clone(k.files), Pages: k.pages}
	out.Deferred = deferPublish(t, b.site, pub, b.lay, nav, k.cmp.data, k.md)
	b.res.Output, b.res.tree, b.res.Warnings = out, t, k.warnings
	return true
}

// hasWarningIn reports whether the kept build warned about a file. Its
// warnings name files as the build's errors do, under Config.Name.
func (k *keptBuild) hasWarningIn(name, src string) bool {
	named := prefixErrors(ErrorList{{File: src}}, name).(ErrorList)[0].File
	for _, w := range k.warnings {
		if w.File == named {
			return true
		}
	}
	return false
}
