package generator

import (
	"bytes"
	"maps"
	"unsafe"
)

// outEntry is a rendered page and the hash of what it was made from: key
// for all but its sidebar, nav for the sidebar. Most of a page's bytes
// are its sidebar, the same for the pages around it, and its body, which
// the page's markdown already holds; so when each is in the page once,
// rest is the page without them, navAt and bodyAt are where they go and
// body is the markdown's HTML itself. A page is kept at the size of what
// is its own, and a page whose sidebar alone changed takes the new one
// without being laid out again. navAt is -1 when the sidebar is not cut
// out, and bodyAt when the body is not.
type outEntry struct {
	key, nav      uint64
	sum           uint64 // the body's htmlSum, for views known unchanged (builder.retitled)
	rest, body    []byte
	navAt, bodyAt int
}

// newOutEntry records a page laid out with the sidebar navHTML and the
// body of p, in bytes of its own but for the body.
func newOutEntry(key, nav uint64, page []byte, navHTML string, p *Page) outEntry {
	body := p.html
	e := outEntry{key: key, nav: nav, sum: p.htmlSum, navAt: -1, bodyAt: -1}
	navStart, navEnd := onlyOnce(page, unsafe.Slice(unsafe.StringData(navHTML), len(navHTML))) // read only: a copy per page would cost more than the search
	bodyStart, bodyEnd := onlyOnce(page, body)
	if bodyStart >= 0 && navStart >= 0 && bodyStart < navEnd && navStart < bodyEnd {
		bodyStart = -1 // one inside the other
	}
	size := len(page)
	if navStart >= 0 {
		size -= len(navHTML)
	}
	if bodyStart >= 0 {
		size -= len(body)
		e.body = body
	}
	e.rest = make([]byte, 0, size) // a layout's buffer has room to spare
	last := 0
	for _, cut := range orderedCuts(navStart, navEnd, bodyStart, bodyEnd) {
		e.rest = append(e.rest, page[last:cut[0]]...)
		last = cut[1]
		if cut[0] == navStart {
			e.navAt = len(e.rest)
		} else {
			e.bodyAt = len(e.rest)
		}
	}
	e.rest = append(e.rest, page[last:]...)
	return e
}

// onlyOnce returns where needle is in page, or -1 when it is empty, not
// there or there more than once.
func onlyOnce(page, needle []byte) (start, end int) {
	if len(needle) == 0 {
		return -1, -1
	}
	i := bytes.Index(page, needle)
	if i < 0 || bytes.Contains(page[i+len(needle):], needle) {
		return -1, -1
	}
	return i, i + len(needle)
}

// orderedCuts returns the spans to cut, those that start at -1 left out,
// in the order they come.
func orderedCuts(aStart, aEnd, bStart, bEnd int) [][2]int {
	var cuts [][2]int
	if aStart >= 0 {
		cuts = append(cuts, [2]int{aStart, aEnd})
	}
	if bStart >= 0 {
		cuts = append(cuts, [2]int{bStart, bEnd})
	}
	if len(cuts) == 2 && cuts[1][0] < cuts[0][0] {
		cuts[0], cuts[1] = cuts[1], cuts[0]
	}
	return cuts
}

// cut reports whether the entry is kept without its sidebar, which a new
// one can then replace.
func (e outEntry) cut() bool { return e.navAt >= 0 }

// whole returns the page with navHTML as its sidebar.
func (e outEntry) whole(navHTML string) []byte {
	if e.navAt < 0 && e.bodyAt < 0 {
		return e.rest
	}
	page := make([]byte, 0, len(e.rest)+len(navHTML)+len(e.body))
	last := 0
	put := func(at int, b []byte) {
		page = append(page, e.rest[last:at]...)
		page = append(page, b...)
		last = at
	}
	nav := unsafe.Slice(unsafe.StringData(navHTML), len(navHTML))
	switch {
	case e.bodyAt < 0:
		put(e.navAt, nav)
	case e.navAt < 0:
		put(e.bodyAt, e.body)
	case e.navAt <= e.bodyAt:
		put(e.navAt, nav)
		put(e.bodyAt, e.body)
	default:
		put(e.bodyAt, e.body)
		put(e.navAt, nav)
	}
	return append(page, e.rest[last:]...)
}

// keptPage is a page of a deferred build, kept without its sidebar: the
// section whose sidebar it shows and the prefix of its links to the
// site's root are enough to draw the sidebar again when it is asked for.
type keptPage struct {
	outEntry
	open *Section
	root string
}

// keptPages are the pages of a deferred build and the sidebars they
// show. Every section's sidebar is drawn before the build is handed
// out, so that what a page shows is fixed by then.
type keptPages struct {
	nav   *navBuilder
	pages map[string]keptPage // by output path
}

// file returns the page at output path p, whole.
func (k *keptPages) file(p string) ([]byte, bool) {
	if k == nil {
		return nil, false
	}
	e, ok := k.pages[p]
	if !ok {
		return nil, false
	}
	return e.whole(string(k.nav.htmlFor(e.open, e.root, p))), true
}

// with returns a copy of the pages with those in next added or replaced,
// drawn by nav.
func (k *keptPages) with(nav *navBuilder, next map[string]keptPage) *keptPages {
	out := &keptPages{nav: nav, pages: maps.Clone(k.pages)}
	maps.Copy(out.pages, next)
	return out
}

// same reports whether the page at p is the same in both, without making
// either whole: pages kept from one build to the next share their bytes.
func (k *keptPages) same(o *keptPages, p string) bool {
	a, ok1 := k.pages[p]
	b, ok2 := o.pages[p]
	if !ok1 || !ok2 {
		return ok1 == ok2
	}
	if a.navAt == b.navAt && a.bodyAt == b.bodyAt && a.nav == b.nav && a.nav != 0 && bytes.Equal(a.rest, b.rest) && bytes.Equal(a.body, b.body) {
		return true
	}
	x, _ := k.file(p)
	y, _ := o.file(p)
	return bytes.Equal(x, y)
}
