package generator

import (
	"html/template"
	"net/url"
	"strings"
	"sync"
)

// navBudget is about how many links a sidebar holds. The sections on the
// way to the current page always list their pages; other sections list
// theirs, collapsed, nearest the current page first, while the budget
// lasts, and beyond it show only their own link. A site of 10,000 pages
// thus puts about 150 links on each, not 10,000: a sidebar costs about
// 90 bytes a link on every page, and at 300 links it was a third of the
// HTML of a large handbook.
const navBudget = 150

// navBuilder builds the sidebar once per open section, not once per page,
// so its cost grows with sections, not with pages squared. The sections
// on the way to the current page are open; the others are drawn closed,
// with their pages, for a reader to expand.
// Both caches fill on demand, so pages reused from the build cache cost
// nothing here; mu lets parallel renderers share them.
type navBuilder struct {
	root   *Section
	budget int
	mu     sync.Mutex
	cache  map[*Section][]NavItem
	html   map[*Section][]navPiece

	// keys are the sections' sidebar hashes (Cache.navKeys) and last the
	// sidebars of the last build by hash, taken as they are when a
	// section's hash is unchanged.
	keys map[*Section]uint64
	last map[uint64][]navPiece

	// pending counts, in a build that keeps no sidebar for later, the
	// pages of each open section still to be laid out; the last of them
	// lets the section's sidebar go (release).
	pending map[*Section]int
}

// releaseAfter makes the sidebar of each open section but the root's,
// which the print edition and the 404 page draw later, go once the last
// of its pages is laid out: a build that keeps none holds the sidebars of
// the sections being laid out, not of every section (78 MB for the
// 5,000 pages of thoughtbot's guides copied side by side).
func (n *navBuilder) releaseAfter(opens []*Section) {
	n.pending = make(map[*Section]int, len(opens)/4)
	for _, s := range opens {
		if s != n.root {
			n.pending[s]++
		}
	}
}

// release says that a page of open is laid out.
func (n *navBuilder) release(open *Section) {
	if n.pending == nil {
		return // set, if at all, before the pages are laid out
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	left, ok := n.pending[open]
	if !ok {
		return
	}
	if left > 1 {
		n.pending[open] = left - 1
		return
	}
	delete(n.pending, open)
	delete(n.html, open)
	delete(n.cache, open)
}

// drawn returns the sidebars drawn, by hash, for the next build to take.
func (n *navBuilder) drawn() map[uint64][]navPiece {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make(map[uint64][]navPiece, len(n.html))
	for s, pieces := range n.html {
		if k, ok := n.keys[s]; ok {
			out[k] = pieces
		}
	}
	return out
}

func newNavBuilder(root *Section) *navBuilder {
	return &navBuilder{root: root, budget: navBudget, cache: map[*Section][]NavItem{}, html: map[*Section][]navPiece{}}
}

// navPiece is a run of finished HTML followed by a link URL; pages fill in
// their own root prefix and mark themselves current.
type navPiece struct {
	html string
	url  string
	href string // url, path-escaped and HTML-escaped
}

// htmlFor renders the sidebar's items for a page at url whose root
// prefix is root.
func (n *navBuilder) htmlFor(open *Section, root, url string) template.HTML {
	pieces := n.prepare(open)
	root = template.HTMLEscapeString(root)
	size := 0
	for _, p := range pieces {
		size += len(p.html) + len(root) + len(p.href) + len(`" aria-current="page">`)
	}
	var b strings.Builder
	b.Grow(size)
	for _, p := range pieces {
		b.WriteString(p.html)
		if p.url == "" {
			continue
		}
		b.WriteString(root)
		b.WriteString(p.href)
		if p.url == url {
			b.WriteString(`" aria-current="page">`)
		} else {
			b.WriteString(`">`)
		}
	}
	return template.HTML(b.String())
}

// prepare draws the sidebar for pages in open, once. A section is an
// item of class nav-section, "open" when it is on the way to the current
// page; the theme's script gives each one that lists its pages a toggle.
// It draws without the lock, which the pages of other sections wait on:
// two pages of a section new to both may both draw it, and the first
// drawing is kept.
func (n *navBuilder) prepare(open *Section) []navPiece {
	n.mu.Lock()
	pieces, ok := n.html[open]
	if k, known := n.keys[open]; !ok && known {
		pieces, ok = n.last[k]
		if ok {
			n.html[open] = pieces
		}
	}
	n.mu.Unlock()
	if ok {
		return pieces
	}
	return keepFirst(&n.mu, n.html, open, navPieces(n.forSection(open)))
}

// keepFirst stores v under k in m, held by mu, unless a drawing made
// meanwhile is there already, and returns the one stored.
func keepFirst[V any](mu *sync.Mutex, m map[*Section]V, k *Section, v V) V {
	mu.Lock()
	defer mu.Unlock()
	if first, ok := m[k]; ok {
		return first
	}
	m[k] = v
	return v
}

// navPieces is the sidebar's HTML, cut before each link's URL.
func navPieces(items []NavItem) []navPiece {
	var (
		pieces []navPiece
		b      strings.Builder
		write  func(items []NavItem)
	)
	write = func(items []NavItem) {
		for _, it := range items {
			if it.Section {
				cls := "nav-section"
				if it.Open {
					cls += " open"
				}
				b.WriteString(`<li class="` + cls + `"><a href="`)
			} else {
				b.WriteString(`<li><a href="`)
			}
			pieces = append(pieces, navPiece{b.String(), it.URL, template.HTMLEscapeString(escapePath(it.URL))})
			b.Reset()
			b.WriteString(template.HTMLEscapeString(it.Title) + "</a>")
			if len(it.Children) > 0 {
				b.WriteString("<ul>")
				write(it.Children)
				b.WriteString("</ul>")
			}
			b.WriteString("</li>\n")
		}
	}
	write(items)
	return append(pieces, navPiece{html: b.String()})
}

// escapePath percent-encodes each segment of a relative URL path.
func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// forSection returns the sidebar's items for pages in open. Like
// prepare, it draws them without the lock, and the first drawing is kept.
func (n *navBuilder) forSection(open *Section) []NavItem {
	n.mu.Lock()
	items, ok := n.cache[open]
	n.mu.Unlock()
	if ok {
		return items
	}
	return keepFirst(&n.mu, n.cache, open, n.draw(open))
}

// draw makes the sidebar's items for pages in open. It reads only the
// tree, which no build changes while it lays pages out.
func (n *navBuilder) draw(open *Section) []NavItem {
	isOpen := map[*Section]bool{}
	for s := open; s != nil; s = s.Parent {
		isOpen[s] = true
	}
	listed := listedSections(open, n.budget, nil)
	var build func(s *Section) []NavItem
	build = func(s *Section) []NavItem {
		items := make([]NavItem, 0, len(s.Children))
		for _, c := range s.Children {
			if c.hiddenFromNav() {
				continue
			}
			it := NavItem{Title: c.NavTitle(), URL: c.URL}
			if c.Sub != nil {
				it.Section = true
				it.Open = isOpen[c.Sub]
				if listed[c.Sub] {
					it.Children = build(c.Sub)
				}
			}
			items = append(items, it)
		}
		return items
	}
	return build(n.root)
}

// listedSections returns the sections whose pages the sidebar of pages
// in open lists: open and the sections above it, always, then the others,
// nearest open first, while the budget of links lasts. It calls seen, if
// not nil, with each section it weighs, in the order it weighs them, and
// whether it lists its pages: what the result depends on, for the build
// cache's key.
func listedSections(open *Section, budget int, seen func(s *Section, listed bool)) map[*Section]bool {
	var w navWalk
	return w.run(open, budget, seen)
}

// navWalk holds what listedSections needs, for callers that walk from
// every section in turn and reuse it.
type navWalk struct {
	listed, weighed map[*Section]bool
	queue           []*Section
	lens            map[*Section]int // navLen of the sections seen, for the walks of one tree
}

// len is navLen, counted once per section for all the walks.
func (w *navWalk) len(s *Section) int {
	n, ok := w.lens[s]
	if !ok {
		n = navLen(s)
		w.lens[s] = n
	}
	return n
}

// run is listedSections; the map it returns is reused by the next run.
func (w *navWalk) run(open *Section, budget int, seen func(s *Section, listed bool)) map[*Section]bool {
	if w.listed == nil {
		w.listed, w.weighed, w.lens = map[*Section]bool{}, map[*Section]bool{}, map[*Section]int{}
	}
	clear(w.listed)
	clear(w.weighed)
	listed, weighed := w.listed, w.weighed
	used := 0
	for s := open; s != nil; s = s.Parent {
		listed[s] = true
		used += w.len(s)
	}
	// A breadth-first walk from open: up the path and down into every
	// section listed so far, so that nearer sections are weighed first.
	weighed[open] = true
	queue := append(w.queue[:0], open)
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if seen != nil {
			seen(s, true)
		}
		if p := s.Parent; p != nil && !weighed[p] {
			weighed[p] = true
			queue = append(queue, p)
		}
		for _, c := range s.Children {
			sub := c.Sub
			if sub == nil || weighed[sub] || c.hiddenFromNav() {
				continue
			}
			weighed[sub] = true
			n := w.len(sub)
			if n > 0 && used+n <= budget {
				listed[sub] = true
				used += n
				queue = append(queue, sub)
			}
			if seen != nil {
				seen(sub, listed[sub])
			}
		}
	}
	w.queue = queue
	return listed
}

// navLen is how many links a section adds to the sidebar when it lists
// its pages.
func navLen(s *Section) int {
	n := 0
	for _, c := range s.Children {
		if !c.hiddenFromNav() {
			n++
		}
	}
	return n
}

// openSection is the section whose contents the sidebar shows for p.
func openSection(p *Page) *Section {
	if p.Sub != nil {
		return p.Sub
	}
	return p.Section
}
