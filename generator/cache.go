package generator

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"io/fs"
	"reflect"
	"strconv"
	"sync"
	"time"

	"github.com/rolehandbook/handbook/themes"
)

// Cache carries work from one build to the next, so that a dev server
// rebuilds only what a change affects. Pass the same Cache to each Build
// and, when known, the changed paths in Config.Changed. The output is
// byte-identical to a build without a cache. A Cache serves one build at
// a time: the caller runs them in turn, and a build started while another
// holds the Cache fails at once.
type Cache struct {
	mu     sync.Mutex // held by the build using the Cache
	seed   maphash.Seed
	files  map[string]*sourceFile // the content as last scanned
	sorted []string               // the paths of files, in order; nil when to be sorted again
	site   SiteConfig             // the config the files were scanned with
	md     map[string]*mdEntry    // rendered markdown by source path
	out    map[string]outEntry    // rendered pages by output path

	navPieces map[uint64][]navPiece // the last build's sidebars by hash (navBuilder.last)
	navMemo   *navMemo              // what navKeys hashed, for the next build on the same tree
	navWalks  int                   // how many sidebars the last navKeys walked again

	shape     uint64 // the site's set of pages, folders and files
	sameShape bool   // whether this build's shape is the last one's

	kept *keptBuild // the last build, when the next may start from it

	// edition is the edition of the last build; a build of another
	// empties the cache (edition.go).
	edition Edition

	hl *highlighter // code blocks highlighted in the last builds

	builtInTheme uint64 // themeKey of the built-in theme, once worked out
	lay          *layouts
	layKey       uint64            // the themeKey lay was parsed from
	static       map[string][]byte // the theme's static files, never changed
	staticKey    uint64            // the themeKey static was read from

	memoMu sync.Mutex
	memos  map[memoID]memoEntry // per-page results of later stages
	gen    int                  // the build number, to drop unused memos
}

type memoID struct{ kind, id string }

type memoEntry struct {
	key uint64
	gen int
	val any
}

// memo returns the value remembered for (kind, id) if it was made from
// the same key, else computes it with f and remembers it. It is safe to
// call from parallel workers.
func (c *Cache) memo(kind, id string, key uint64, f func() any) any {
	if c == nil {
		return f()
	}
	k := memoID{kind, id}
	c.memoMu.Lock()
	e, ok := c.memos[k]
	if ok && e.key == key {
		e.gen = c.gen
		c.memos[k] = e
		c.memoMu.Unlock()
		return e.val
	}
	c.memoMu.Unlock()
	v := f()
	c.memoMu.Lock()
	c.memos[k] = memoEntry{key: key, gen: c.gen, val: v}
	c.memoMu.Unlock()
	return v
}

// sweep drops memos the last build did not use, so renamed and deleted
// pages do not pile up in a long session.
func (c *Cache) sweep() {
	if c == nil {
		return
	}
	for k, e := range c.memos {
		if e.gen != c.gen {
			delete(c.memos, k)
		}
	}
}

// pageMemoKey hashes what per-page work of later stages depends on.
func (c *Cache) pageMemoKey(p *Page, extra ...string) uint64 {
	if c == nil {
		return 0
	}
	parts := append([]string{strconv.FormatUint(p.htmlSum, 36), p.URL, p.Title, p.Kind, p.Meta.Description, strconv.FormatUint(c.shape, 36)}, extra...)
	return c.hash(parts...)
}

// noteShape records which pages, folders and files link targets can
// resolve to. The hash is a sum of per-entry hashes, so it needs no sort.
func (c *Cache) noteShape(t *tree) {
	if c == nil {
		return
	}
	var sum uint64
	add := func(kind, a, b string) { sum += c.hash(kind, a, b) }
	for src, p := range t.bySrc {
		sub := ""
		if p.Sub != nil {
			sub = p.Sub.Index.URL
		}
		add("p", src, p.URL+"|"+sub)
	}
	for dir, s := range t.sections {
		add("s", dir, s.Index.URL)
	}
	for src := range t.files {
		add("f", src, "")
	}
	for src := range t.drafts {
		add("d", src, "")
	}
	for k, p := range t.virtual {
		add("v", k, p.URL)
	}
	c.sameShape = c.shape == sum && c.md != nil
	c.shape = sum
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{seed: maphash.MakeSeed(), md: map[string]*mdEntry{}, out: map[string]outEntry{}, memos: map[memoID]memoEntry{}}
}

// mdEntry is one page's rendered markdown and everything it depended on.
type mdEntry struct {
	key     uint64    // raw source, URL and settings
	deps    []linkDep // every link the page resolved, and how
	dataKey uint64    // the comparison data, when the page embeds it
	embeds  bool
	html    []byte
	sum     uint64 // hash of html
	mermaid bool
	toc     []TOCEntry
	ids     map[string]bool
	h1      string
	errs    []Error
	checks  []cachedCheck

	warnings []Error // replayed on reuse, as errs are
}

// linkDep is one link resolution: replayed on reuse, the page is only
// reused when every link still resolves to the same thing.
type linkDep struct {
	dest, out, problem string
}

// cachedCheck is an anchorCheck whose target is named by URL, since the
// pages of the next build are new values.
type cachedCheck struct {
	anchorCheck
	targetURL string
}

func (c *Cache) hash(parts ...string) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	for _, p := range parts {
		h.WriteString(p)
		h.WriteByte(0)
	}
	return h.Sum64()
}

// pageKey hashes what a page's markdown output depends on besides its
// links and data: its source, its place and the settings.
func (c *Cache) pageKey(p *Page, rawHTML bool) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	if f := c.files[p.Src]; f != nil && f.sum != 0 {
		h.WriteString(strconv.FormatUint(f.sum, 36))
	} else {
		h.Write(p.raw)
	}
	h.WriteString(p.URL)
	h.WriteByte(0)
	h.WriteString(p.Src)
	if rawHTML {
		h.WriteByte(1)
	}
	return h.Sum64()
}

func (c *Cache) hashBytes(b []byte) uint64 {
	return maphash.Bytes(c.seed, b)
}

// scan returns the content's files: from the previous scan updated with
// the changed paths when that is safe, else from a full walk.
func (c *Cache) scan(s *scanner, site SiteConfig, changed []string, errs *errs) map[string]*sourceFile {
	if c == nil {
		files := map[string]*sourceFile{}
		s.walk(".", files, errs)
		return files
	}
	full := c.files == nil || changed == nil || !reflect.DeepEqual(c.site, site)
	for _, p := range changed {
		if p == configName {
			full = true
		}
	}
	if full {
		c.files = map[string]*sourceFile{}
		s.walk(".", c.files, errs)
		c.sorted = nil
	} else {
		// An edit keeps the set of paths; anything else re-sorts it.
		before := make([]bool, len(changed))
		for i, p := range changed {
			before[i] = c.files[p] != nil
		}
		s.update(c.files, changed, errs)
		for i, p := range changed {
			if !before[i] || c.files[p] == nil {
				c.sorted = nil
			}
		}
	}
	for _, f := range c.files {
		if f.isPage && f.sum == 0 {
			f.sum = c.hashBytes(f.raw) | 1 // never zero, which means unhashed
		}
	}
	c.site = site
	return c.files
}

// dropSource lets go of a dev server's page source once its markdown is
// cached, which would otherwise be held as long as the server runs, as
// much again as the handbook's markdown: a later build that must render
// the page again, because a link or the data it shows changed, reads its
// file again (readSource). It is safe to call on different pages at once.
func (c *Cache) dropSource(p *Page) {
	if p.Src == "" || p.raw == nil {
		return
	}
	p.raw, p.reread = nil, true
	if f := c.files[p.Src]; f != nil && f.isPage && f.sum != 0 && len(f.errs) == 0 && !isNavFile(p.Src) {
		f.raw, f.dropped = nil, true
	}
}

// paths returns the scanned files' paths in order, sorting them again
// only when a file came or went.
func (c *Cache) paths(files map[string]*sourceFile) []string {
	if c == nil {
		return sortedPaths(files)
	}
	if c.sorted == nil || len(c.sorted) != len(files) {
		c.sorted = sortedPaths(files)
	}
	return c.sorted
}

// reuseMarkdown fills p from the cache when its source, settings and
// every link it resolved are unchanged. It reports whether it did.
func (c *Cache) reuseMarkdown(st *pageState, key, dataKey uint64) bool {
	if c == nil {
		return false
	}
	e := c.md[cacheID(st.page)]
	if e == nil || e.key != key || (e.embeds && e.dataKey != dataKey) {
		return false
	}
	// When no page, folder or file came or went, every link resolves as
	// before; otherwise each one is checked again.
	for _, d := range e.deps {
		if c.sameShape {
			break
		}
		out, _, _, problem := st.links.resolve(st.page, d.dest)
		if out != d.out || problem != d.problem {
			return false
		}
	}
	p := st.page
	p.html, p.htmlSum, p.mermaid, p.TOC, p.ids, p.h1 = e.html, e.sum, e.mermaid, e.toc, e.ids, e.h1
	st.errs.list = append(st.errs.list, e.errs...)
	st.warnings.list = append(st.warnings.list, e.warnings...)
	for _, ch := range e.checks {
		a := ch.anchorCheck
		a.target = nil
		if tp := st.links.byURL(ch.targetURL); tp != nil {
			a.target = tp
		} else if ch.targetURL == p.URL {
			a.target = p
		}
		if a.target != nil {
			st.checks = append(st.checks, a)
		}
	}
	return true
}

// cacheID names a page in the markdown cache: its source, or for a
// generated page its URL.
func cacheID(p *Page) string {
	if p.Src != "" {
		return p.Src
	}
	return "gen:" + p.URL
}

// newMarkdownEntry records a page's freshly rendered markdown; entries
// are stored after the parallel stage, so the map is never written
// while it is read.
func (c *Cache) newMarkdownEntry(st *pageState, key, dataKey uint64) *mdEntry {
	if c == nil {
		return nil
	}
	p := st.page
	p.hashHTML(c)
	e := &mdEntry{
		key: key, deps: st.deps, dataKey: dataKey, embeds: st.embeds > 0,
		html: p.html, sum: p.htmlSum, mermaid: p.mermaid, toc: p.TOC, ids: p.ids, h1: p.h1, errs: st.errs.list,
		warnings: st.warnings.list,
	}
	for _, a := range st.checks {
		u := a.target.URL
		a.target = nil // named by URL: a page would keep its whole tree alive
		e.checks = append(e.checks, cachedCheck{anchorCheck: a, targetURL: u})
	}
	return e
}

// themeKey hashes every file of the theme, so that any change to it
// renders every page again. The built-in theme, which cannot change, is
// hashed once per cache.
func themeKey(c *Cache, theme fs.FS) uint64 {
	if c == nil {
		return 0
	}
	if theme != themes.Default() {
		return hashTheme(c, theme)
	}
	if c.builtInTheme == 0 {
		c.builtInTheme = hashTheme(c, theme)
	}
	return c.builtInTheme
}

// hashTheme hashes the path and bytes of every file of a theme.
func hashTheme(c *Cache, theme fs.FS) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	_ = fs.WalkDir(theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(theme, p)
		if err != nil {
			return nil
		}
		h.WriteString(p)
		h.Write(b)
		return nil
	})
	return h.Sum64()
}

// viewKey hashes everything a layout can see of a page but its sidebar,
// which navKeys hashes. Every other field of View must be written here:
// a field left out keeps a page's old bytes when only that field changed.
func (c *Cache) viewKey(v *View, p *Page, theme uint64) uint64 {
	// The TOC is a page's own, from its markdown: htmlSum holds it.
	// One buffer hashed once: a Hash written field by field cost twice
	// as much, across every page of every rebuild.
	var arr [1024]byte
	buf := arr[:0]
	w := func(ss ...string) {
		for _, s := range ss {
			buf = append(append(buf, s...), 0)
		}
	}
	n := func(i uint64) { buf = binary.LittleEndian.AppendUint64(buf, i) }
	n(theme)
	n(p.htmlSum)
	w(v.Site.Title, v.Site.Description, v.Site.Language, v.Site.BaseURL, v.Site.Repository, v.Site.Changes, v.Site.Feed)
	if r := v.Page.Review; r != nil {
		w(r.Owner, r.Reviewed.Format(time.DateOnly), r.Due.Format(time.DateOnly), string(r.Status))
	} else {
		w("-")
	}
	w(v.Page.Title, v.Page.Description, v.Page.Kind, v.Page.URL, v.Page.Src, v.Page.Canonical, v.Page.EditURL, string(v.Page.JSONLD))
	if len(v.Page.Params) > 0 {
		w(fmt.Sprint(v.Page.Params)) // fmt sorts a map's keys
	}
	if v.Page.LastMod.IsZero() {
		w("-")
	} else {
		n(uint64(v.Page.LastMod.Unix()))
		n(uint64(v.Page.LastMod.Nanosecond()))
	}
	w("|", v.Root)
	links := func(ls []Link) {
		n(uint64(len(ls)))
		for _, l := range ls {
			w(l.Title, l.URL, l.Description)
			n(uint64(l.Pages))
		}
	}
	links(v.Crumbs)
	links(v.Children)
	links(v.Roles)
	for _, l := range []*Link{v.Prev, v.Next} {
		if l == nil {
			w("-")
		} else {
			links([]Link{*l})
		}
	}
	return maphash.Bytes(c.seed, buf)
}
