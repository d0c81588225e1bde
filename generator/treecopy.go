package generator

import "slices"

// treeCopy is a copy of a tree's pages and sections, each pointer of the
// copy leading to the copy: a reshape reorders the copy, so that the
// build it starts from, whose deferred files still read its tree, is left
// exactly as it was, whether the reshape succeeds or fails.
type treeCopy struct {
	from     []*Page // the original's allPages
	to       []Page  // their copies, at the same places
	strays   map[*Page]*Page
	sections map[*Section]*Section
	queue    []*Page // copied, their pointers still the original's
	secQueue []*Section
}

// copyTree returns a copy of t: its pages and sections are new, its
// maps of them are new maps, and what no build changes after loading
// (static files, drafts, order files) is shared.
func (t *tree) copyTree() (*tree, *treeCopy) {
	all := t.allPages()
	cp := &treeCopy{from: all, to: make([]Page, len(all)), strays: map[*Page]*Page{}, sections: make(map[*Section]*Section, len(t.sections))}
	secs := make([]Section, 0, len(t.sections))
	for _, s := range t.sections {
		secs = append(secs, *s)
		cp.sections[s] = &secs[len(secs)-1]
	}
	c := *t
	c.edit = nil
	c.all = make([]*Page, len(all))
	for i, p := range all {
		q := &cp.to[i]
		*q = *p
		q.Section, q.Sub = cp.section(p.Section), cp.section(p.Sub)
		q.Prev, q.Next = cp.page(p.Prev), cp.page(p.Next)
		c.all[i] = q
	}
	for i := range secs {
		s := &secs[i]
		s.Parent, s.Index = cp.section(s.Parent), cp.page(s.Index)
		s.Children = cp.pageList(s.Children)
	}
	c.root = cp.section(t.root)
	c.pages = cp.pageList(t.pages)
	c.bySrc = make(map[string]*Page, len(t.bySrc))
	for src, p := range t.bySrc {
		c.bySrc[src] = cp.page(p)
	}
	c.sections = make(map[string]*Section, len(t.sections))
	for dir, s := range t.sections {
		c.sections[dir] = cp.section(s)
	}
	c.virtual = make(map[string]*Page, len(t.virtual))
	for k, p := range t.virtual {
		c.virtual[k] = cp.page(p)
	}
	c.warnings = slices.Clone(t.warnings)
	if t.review != nil {
		rv := *t.review
		c.review = &rv
	}
	cp.link()
	return &c, cp
}

// page returns the copy of p; nil stays nil. Every page of the tree is
// in allPages, found by its place there; any other is copied on first
// need.
func (cp *treeCopy) page(p *Page) *Page {
	if p != nil && p.n < len(cp.from) && cp.from[p.n] == p {
		return &cp.to[p.n]
	}
	return copyOnce(cp.strays, &cp.queue, p)
}

// section returns the copy of s, making it on first need.
func (cp *treeCopy) section(s *Section) *Section {
	return copyOnce(cp.sections, &cp.secQueue, s)
}

// copyOnce returns the copy of x in copies, making it on first need and
// queueing it for link; nil stays nil.
func copyOnce[T any](copies map[*T]*T, queue *[]*T, x *T) *T {
	if x == nil {
		return nil
	}
	if c, ok := copies[x]; ok {
		return c
	}
	c := new(T)
	*c = *x
	copies[x] = c
	*queue = append(*queue, c)
	return c
}

func (cp *treeCopy) pageList(ps []*Page) []*Page {
	out := make([]*Page, len(ps))
	for i, p := range ps {
		out[i] = cp.page(p)
	}
	return out
}

// link points every copy at copies, copying what they lead to until
// nothing is left that leads back into the original.
func (cp *treeCopy) link() {
	for len(cp.queue) > 0 || len(cp.secQueue) > 0 {
		for len(cp.queue) > 0 {
			q := cp.queue[len(cp.queue)-1]
			cp.queue = cp.queue[:len(cp.queue)-1]
			q.Section, q.Sub = cp.section(q.Section), cp.section(q.Sub)
			q.Prev, q.Next = cp.page(q.Prev), cp.page(q.Next)
		}
		for len(cp.secQueue) > 0 {
			s := cp.secQueue[len(cp.secQueue)-1]
			cp.secQueue = cp.secQueue[:len(cp.secQueue)-1]
			s.Parent, s.Index = cp.section(s.Parent), cp.page(s.Index)
			s.Children = cp.pageList(s.Children)
		}
	}
}

// navKeys returns keys by section with the copy's sections.
func (cp *treeCopy) navKeys(in map[*Section]uint64) map[*Section]uint64 {
	if in == nil {
		return nil
	}
	out := make(map[*Section]uint64, len(in))
	for s, k := range in {
		out[cp.section(s)] = k
	}
	cp.link()
	return out
}

// navMemo returns the memo of the sidebar keys for the copy, so that the
// next keys are made again only where the reshape changed something.
func (cp *treeCopy) navMemo(m *navMemo) *navMemo {
	if m == nil {
		return nil
	}
	out := &navMemo{own: cp.navKeys(m.own), keys: cp.navKeys(m.keys), lens: make(map[*Section]int, len(m.lens)), seen: make(map[*Section][]navSeen, len(m.seen))}
	for s, n := range m.lens {
		out.lens[cp.section(s)] = n
	}
	for s, list := range m.seen {
		l := make([]navSeen, len(list))
		for i, v := range list {
			l[i] = navSeen{s: cp.section(v.s), listed: v.listed}
		}
		out.seen[cp.section(s)] = l
	}
	cp.link()
	return out
}

// document returns d reading the copy, its pages the copy's; nil stays
// nil.
func (cp *treeCopy) document(d *document, t *tree) *document {
	if d == nil {
		return nil
	}
	c := *d
	c.t = t
	c.edition = make(map[string]*printEdition, len(d.edition))
	c.editions = make([]*printEdition, len(d.editions))
	copied := make(map[*printEdition]*printEdition, len(d.editions)+1)
	edition := func(e *printEdition) *printEdition {
		if e == nil {
			return nil
		}
		if n, ok := copied[e]; ok {
			return n
		}
		n := &printEdition{URL: e.URL, Top: cp.page(e.Top), Pages: cp.pageList(e.Pages), holds: e.holds}
		copied[e] = n
		return n
	}
	c.whole = edition(d.whole)
	for i, e := range d.editions {
		c.editions[i] = edition(e)
	}
	for u, e := range d.edition {
		c.edition[u] = edition(e)
	}
	cp.link()
	return &c
}

// reordered returns the document newDocument makes of t, whose pages are
// d's in another order, as a reshape leaves them: the ids, the pages left
// out and which file holds each page stay, and only the order of the
// pages and of the files is made again. It returns nil when the ids
// depend on the order, or t's pages are not d's.
func (d *document) reordered(t *tree) *document {
	if d.collided || len(d.ids) != len(t.pages) {
		return nil
	}
	c := &document{t: t, nums: &docNumbers{}, ids: d.ids, cut: d.cut, edition: make(map[string]*printEdition, len(d.edition))}
	pages := make([]*Page, 0, len(d.whole.Pages))
	for _, p := range t.pages {
		if _, ok := d.ids[p.URL]; !ok || (d.cut[p.URL] != "") != (p.printAs != "") {
			return nil
		}
		if p.printAs == "" {
			pages = append(pages, p)
		}
	}
	c.whole = &printEdition{URL: PrintURL, Pages: pages}
	if !d.split() {
		c.editions = []*printEdition{c.whole}
		for _, p := range pages {
			c.edition[p.URL] = c.whole
		}
		return c
	}
	byURL := make(map[string]*printEdition, len(d.editions))
	for _, p := range pages {
		was := d.edition[p.URL]
		e := byURL[was.URL]
		if e == nil {
			top := was.Top
			if top != nil {
				// The same page in t, which may be a copy of d's tree.
				all := t.allPages()
				if top.n >= len(all) || all[top.n].URL != top.URL {
					return nil
				}
				top = all[top.n]
			}
			e = &printEdition{URL: was.URL, Top: top, holds: was.holds}
			byURL[was.URL] = e
			c.editions = append(c.editions, e)
		}
		e.Pages = append(e.Pages, p)
		c.edition[p.URL] = e
	}
	return c
}
