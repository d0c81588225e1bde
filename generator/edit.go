package generator

import (
	"maps"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/yuin/goldmark"
)

// keptBuild is the last successful build of a dev server, kept so that
// the next one can start from it when all that changed is the text,
// title or order of a few pages. It is dropped by any build that does not
// start from it.
type keptBuild struct {
	t        *tree
	lk       *linker
	cmp      *comparison
	md       goldmark.Markdown
	checks   map[string][]keptCheck // links to #fragments, by the page they are in
	dataKey  uint64
	navKeys  map[*Section]uint64
	themeKey uint64
	files    map[string][]byte // the output's files, pages and deferred ones aside; never handed out
	kept     *keptPages        // the output's pages
	doc      *document         // the print document of the pages, nil until a deferred build made one
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
	if b.cache == nil {
		return
	}
	b.cache.kept = nil
	if !b.cfg.Defer {
		return
	}
	for _, w := range b.res.Warnings {
		if isBrokenLink(w) {
			return
		}
	}
	if b.t.edit == nil {
		// Held by a text edit of the next build, which changes the
		// edited pages in place, and by this build's deferred files.
		b.t.edit = &sync.RWMutex{}
	}
	b.cache.kept = &keptBuild{
		t: b.t, lk: b.lk, cmp: b.cmp, md: b.md, checks: b.pageChecks,
		dataKey: b.dataKey, navKeys: b.navKeys, themeKey: b.themeKey,
		files: maps.Clone(b.out.Files), kept: b.out.kept, pages: b.out.Pages, warnings: b.res.Warnings,
		site: b.site, name: b.cfg.Name, drafts: b.cfg.Drafts, now: b.cfg.Now, day: today(b.cfg.Now),
		lastMod: b.cfg.LastMod, repoPath: b.cfg.RepoPath, doc: b.doc,
	}
}

// edited is one page whose text changed: its new state, made on a copy,
// and its new output.
type edited struct {
	page  *Page // the page in the kept tree, then in the copy a reshape reorders
	next  Page  // what it becomes
	st    *pageState
	key   uint64   // its markdown cache key
	view  uint64   // its view key
	entry keptPage // its render cache entry and how to draw its sidebar
}

// editKind says how far a build could start from the kept one.
type editKind int

const (
	editNone    editKind = iota // the whole way: load, data, markdown and on
	editText                    // done: only the edited pages were laid out again
	editReshape                 // titles or order changed: continue from the links step
)

// editFrom tries to start the build from the kept one; a build that
// cannot drops it.
func (b *builder) editFrom(files map[string]*sourceFile) editKind {
	if b.cache == nil {
		return editNone
	}
	kind := b.edit(files)
	if kind == editNone {
		b.cache.kept = nil
	}
	return kind
}

// edit rebuilds from the kept build when every changed path is a page
// whose markdown renders without a problem and whose links to anchors,
// and everyone else's, still find their headings. When the pages keep
// their front matter and first heading, only they are laid out again and
// the rest of the site is the kept build's (editText). When only their
// title, link title, description or weight changed, which other pages
// show, a copy of the kept tree is reordered and the build goes on from
// the links step, where pages whose view is unchanged keep their bytes
// (editReshape). Otherwise nothing was changed and the build goes the
// whole way, which reports any problem exactly as a first build would.
func (b *builder) edit(files map[string]*sourceFile) editKind {
	k := b.cache.kept
	if k == nil || !b.cfg.Defer || b.cfg.Changed == nil || len(b.errs.list) > 0 ||
		!reflect.DeepEqual(k.site, b.site) || k.name != b.cfg.Name || k.drafts != b.cfg.Drafts ||
		!k.now.Equal(b.cfg.Now) || k.day != today(b.cfg.Now) ||
		k.repoPath != b.cfg.RepoPath || !maps.Equal(k.lastMod, b.cfg.LastMod) ||
		b.themeKey != k.themeKey {
		return editNone
	}
	eds, reshape := b.editedPages(k, files)
	if eds == nil {
		return editNone
	}
	checks, ok := anchorsHold(k, eds)
	if !ok {
		return editNone
	}
	if reshape {
		return b.reshapeKept(k, eds, checks)
	}
	return b.layOutEdited(k, eds, checks)
}

// editedPages renders the changed pages' markdown on copies, so that a
// build that goes the whole way after all finds the kept tree as it was.
// It returns nil when a changed path is not a page an edit can take, and
// whether the pages' titles or order changed.
func (b *builder) editedPages(k *keptBuild, files map[string]*sourceFile) (eds []*edited, reshape bool) {
	t := k.t
	seen := map[string]bool{}
	for _, src := range b.cfg.Changed {
		if seen[src] {
			continue
		}
		seen[src] = true
		p, f := t.bySrc[src], files[src]
		if p == nil || p.Src != src || f == nil || !f.isPage || len(f.errs) > 0 || f.warning != nil ||
			!reflect.DeepEqual(placeOnly(f.meta), placeOnly(p.Meta)) || k.hasWarningIn(b.cfg.Name, src) {
			return nil, false
		}
		reshape = reshape || !reflect.DeepEqual(f.meta, p.Meta)
		e := &edited{page: p, next: *p}
		e.next.raw, e.next.Meta = f.raw, f.meta
		eds = append(eds, e)
	}
	parallel(len(eds), func(i int) {
		e := eds[i]
		e.st = &pageState{page: &e.next, links: k.lk, embedder: k.cmp}
		e.key = b.cache.pageKey(&e.next, b.site.RawHTML)
		renderMarkdown(k.md, e.st)
	})
	for _, e := range eds {
		// The kept build's warnings stand for the site's: a page that
		// warns now must be reported by a build that goes the whole way.
		if len(e.st.errs.list) > 0 || len(e.st.warnings.list) > 0 {
			return nil, false
		}
		reshape = reshape || e.next.h1 != e.page.h1
		if _, ok := k.files[mermaidScript]; !ok && hasMermaid(e.next.html) {
			return nil, false // the site's first diagram: its script must be published
		}
	}
	return eds, reshape
}

// keptCheck is a link to a #fragment of the kept build. Its target is
// named by its place in allPages, which every tree copied from the
// build's tree shares, so that no check holds on to an older tree.
type keptCheck struct {
	anchorCheck // its target nil
	n           int
}

// keptChecks returns a page's anchor links as the kept build holds them,
// given the pages of its tree (allPages). A target outside them, such as
// the page a data cell is rendered on, has no place: -1.
func keptChecks(list []anchorCheck, all []*Page) []keptCheck {
	out := make([]keptCheck, len(list))
	for i, a := range list {
		n := a.target.n
		if n >= len(all) || all[n] != a.target {
			n = -1
		}
		a.target = nil
		out[i] = keptCheck{a, n}
	}
	return out
}

// anchorsHold reports whether every link to a #fragment, the edited
// pages' own included, still finds its heading, and returns the edited
// pages' own such links, by page.
func anchorsHold(k *keptBuild, eds []*edited) (map[string][]anchorCheck, bool) {
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
	// The kept build had no broken anchor, so only links into an edited
	// page can have lost their heading; its own links are all checked.
	newIDs := func(n int) map[string]bool {
		for _, e := range eds { // one or two pages: cheaper than a map
			if e.page.n == n {
				return e.next.ids
			}
		}
		return nil
	}
	for src, list := range k.checks {
		if _, mine := edited[src]; mine {
			continue
		}
		for _, a := range list {
			if ids := newIDs(a.n); ids != nil && !anchorFound(a.anchorCheck, ids) {
				return nil, false
			}
		}
	}
	for _, list := range edited {
		for _, a := range list {
			have := a.target.ids
			if n := newIDs(a.target.n); n != nil {
				have = n
			}
			if !anchorFound(a, have) {
				return nil, false
			}
		}
	}
	return edited, true
}

// reshapeKept puts the edited pages into a copy of the kept tree and
// reorders the copy, and lets the build lay out what changed from the
// links step on. The kept build is left as it was: its deferred files
// read it meanwhile, and a build that fails later leaves it to be served.
func (b *builder) reshapeKept(k *keptBuild, eds []*edited, checks map[string][]anchorCheck) editKind {
	t, cp := k.t.copyTree()
	for _, e := range eds {
		p := cp.page(e.page)
		next := e.next
		next.Section, next.Sub, next.Prev, next.Next = p.Section, p.Sub, p.Prev, p.Next
		*p = next
		e.page = p
	}
	t.title(b.site)
	t.order()
	t.prepareCrumbs()
	before := k.t.pages
	b.moved = map[*Page]bool{}
	same := len(before) == len(t.pages)
	for i, p := range before {
		q := cp.page(p)
		same = same && t.pages[i] == q
		if q.Prev != cp.page(p.Prev) || q.Next != cp.page(p.Next) {
			b.moved[q] = true
		}
	}
	if same {
		// No page moved: the print document's layout of them holds, as
		// for a text edit.
		b.doc = cp.document(k.doc, t)
	} else if k.doc != nil {
		b.doc = k.doc.reordered(t) // nil: made again from the start
	}
	// Only views that show an edited page, or whose neighbours changed,
	// can have changed. A section's order changes only when a page in it
	// is edited, which its index shows.
	b.retitled = make(map[*Page]bool, len(eds))
	for _, e := range eds {
		b.retitled[e.page] = true
	}
	lk := k.lk.on(t)
	cmp := k.cmp.withLinks(lk)
	kept := maps.Clone(k.checks)
	b.cache.navMemo = cp.navMemo(b.cache.navMemo)
	b.commitMarkdown(eds, checks, kept)
	b.t, b.lk, b.cmp, b.md, b.dataKey, b.pageChecks = t, lk, cmp, k.md, k.dataKey, kept
	return editReshape
}

// layOutEdited lays out the edited pages, still from the copies, and
// only once each has laid out changes the kept tree: a text edit leaves
// every sidebar as it was.
func (b *builder) layOutEdited(k *keptBuild, eds []*edited, checks map[string][]anchorCheck) editKind {
	t := k.t
	nav := k.kept.nav
	pub := newPublisher(b.cfg, b.site)
	failed := make([]error, len(eds))
	parallel(len(eds), func(i int) {
		e := eds[i]
		p := &e.next
		p.hashHTML(b.cache)
		v := t.view(p, b.site)
		pub.decorate(v, p)
		sec := openSectionOrRoot(t, p)
		e.view = b.cache.viewKey(v, p, k.themeKey)
		var page []byte
		page, failed[i] = b.layOut(nav, v, p, sec)
		if failed[i] == nil {
			e.entry = keptPage{outEntry: newOutEntry(e.view, k.navKeys[sec], page, string(v.NavHTML), p), open: sec, root: v.Root}
		}
	})
	for _, err := range failed {
		if err != nil {
			return editNone
		}
	}
	// Everything is known to work: change the kept tree, while no
	// deferred file of an earlier build is being made from it.
	t.edit.Lock()
	for _, e := range eds {
		*e.page = e.next
	}
	t.edit.Unlock()
	next := make(map[string]keptPage, len(eds))
	for _, e := range eds {
		next[e.page.URL] = e.entry
		b.cache.out[e.page.URL] = e.entry.outEntry
	}
	k.kept = k.kept.with(nav, next)
	b.commitMarkdown(eds, checks, k.checks)
	for _, e := range eds {
		b.cache.dropSource(e.page)
	}
	out := &Output{Files: maps.Clone(k.files), Pages: k.pages, kept: k.kept}
	if !slices.ContainsFunc(t.allPages(), (*Page).hasDiagram) {
		// The edit took the site's last diagram, and with it the reason
		// to publish mermaid; the kept build keeps it for the next one.
		delete(out.Files, mermaidScript)
	}
	// A text edit changes no page's place or title, so the document's
	// layout of the pages holds.
	out.Deferred, k.doc = deferPublish(t, b.site, pub, b.lay, nav, k.cmp.data, k.md, k.doc)
	b.res.Output, b.res.tree, b.res.Warnings = out, t, k.warnings
	return editText
}

// commitMarkdown records the edited pages' markdown in the cache and
// their anchor links in into, once they are in the tree the build goes
// on with.
func (b *builder) commitMarkdown(eds []*edited, checks map[string][]anchorCheck, into map[string][]keptCheck) {
	k := b.cache.kept
	for _, e := range eds {
		e.st.page = e.page
		b.cache.md[e.page.Src] = b.cache.newMarkdownEntry(e.st, e.key, k.dataKey)
		if list := checks[e.page.Src]; len(list) > 0 {
			into[e.page.Src] = keptChecks(list, k.t.all)
		} else {
			delete(into, e.page.Src)
		}
	}
}

// placeOnly is front matter without what only changes how a page is
// titled and ordered, which an edit may change (editReshape).
func placeOnly(m FrontMatter) FrontMatter {
	m.Title, m.LinkTitle, m.Description, m.Weight, m.NavOrder = "", "", "", 0, 0
	return m
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
