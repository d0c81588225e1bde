package generator

import (
	"encoding/binary"
	"hash/maphash"
	"runtime"
	"sync"
)

// navMemo is what navKeys hashed for a tree: each section's own items and
// length, each sidebar's key, and the sections each sidebar's walk
// weighed. A reshape keeps its tree, so the next build hashes again only
// the sidebars whose walk saw a change.
type navMemo struct {
	own  map[*Section]uint64
	lens map[*Section]int
	keys map[*Section]uint64
	seen map[*Section][]navSeen
}

// navSeen is a section a sidebar's walk weighed, and whether it listed
// its pages.
type navSeen struct {
	s      *Section
	listed bool
}

// navKeys hashes, for each section, what the sidebar of its pages shows:
// the items of every section it lists (listedSections), which are those
// on the way to it and those near enough, and the size of each section it
// weighed but left closed, which decides what fits. Hashing items is
// cheaper than drawing every sidebar.
//
// The walks are most of the cost (10 ms at 10,000 pages). When the tree
// is the one the last keys were made for, as after a reshape, a
// sidebar's key is made again only if its walk listed a section whose
// items changed or weighed one whose length changed: nothing else it
// reads can have changed, and its walk goes the same way.
func (c *Cache) navKeys(t *tree) map[*Section]uint64 {
	if c == nil {
		return nil
	}
	own, lens := c.ownKeys(t)
	last := c.navMemo
	if last != nil && !sameSections(last.own, own) {
		last = nil
	}
	var changed []navChange
	if last != nil {
		for s, h := range own {
			if h != last.own[s] || lens[s] != last.lens[s] {
				changed = append(changed, navChange{s, lens[s] != last.lens[s]})
			}
		}
		if len(changed) > 64 {
			last = nil // checking each walk against so many costs more than the walks
		}
	}
	memo := &navMemo{own: own, lens: lens, keys: make(map[*Section]uint64, len(own)), seen: make(map[*Section][]navSeen, len(own))}
	var redo []*Section
	for _, s := range t.sections {
		if last != nil {
			if seen, ok := last.seen[s]; ok && !sawChange(seen, changed) {
				memo.keys[s], memo.seen[s] = last.keys[s], seen
				continue
			}
		}
		redo = append(redo, s)
	}
	c.walkKeys(memo, redo)
	c.navMemo, c.navWalks = memo, len(redo)
	return memo.keys // a new map each build, never changed after: the kept build holds the last one
}

// ownKeys hashes each section's own items, and counts its length.
func (c *Cache) ownKeys(t *tree) (map[*Section]uint64, map[*Section]int) {
	own := make(map[*Section]uint64, len(t.sections))
	lens := make(map[*Section]int, len(t.sections))
	for _, s := range t.sections {
		var h maphash.Hash
		h.SetSeed(c.seed)
		h.WriteString(s.Dir)
		for _, ch := range s.Children {
			h.WriteByte(0)
			h.WriteString(ch.NavTitle())
			h.WriteByte(0)
			h.WriteString(ch.URL)
			if ch.Sub != nil {
				h.WriteString("/s")
			}
			if ch.hiddenFromNav() {
				h.WriteString("/h")
			}
		}
		own[s] = h.Sum64()
		lens[s] = navLen(s)
	}
	return own, lens
}

// walkKeys walks from each section of redo and puts its key, and what it
// saw, in memo. The walks are split among the processors, each with its
// own walk, since a walk keeps what it saw.
func (c *Cache) walkKeys(memo *navMemo, redo []*Section) {
	sums := make([]uint64, len(redo))
	seen := make([][]navSeen, len(redo))
	workers := min(runtime.GOMAXPROCS(0), max(len(redo)/64, 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var num [8]byte
			var walk navWalk
			for i := w; i < len(redo); i += workers {
				var h maphash.Hash
				h.SetSeed(c.seed)
				walk.run(redo[i], navBudget, func(x *Section, listed bool) {
					seen[i] = append(seen[i], navSeen{x, listed})
					v := memo.own[x]
					if !listed {
						// Only its own link shows, which its parent's items hold.
						v = uint64(memo.lens[x])
					}
					binary.LittleEndian.PutUint64(num[:], v)
					h.Write(num[:])
					if listed {
						h.WriteByte(1)
					} else {
						h.WriteByte(0)
					}
				})
				sums[i] = h.Sum64()
			}
		})
	}
	wg.Wait()
	for i, s := range redo {
		memo.keys[s], memo.seen[s] = sums[i], seen[i]
	}
}

// navChange is a section whose items changed since the memo, and
// whether its length did too.
type navChange struct {
	s   *Section
	len bool
}

// sawChange reports whether a walk that weighed seen shows a change: it
// listed a section whose items changed, or weighed one whose length did.
func sawChange(seen []navSeen, changed []navChange) bool {
	for _, c := range changed {
		for _, x := range seen {
			if x.s == c.s && (x.listed || c.len) {
				return true
			}
		}
	}
	return false
}

// sameSections reports whether two maps have the same sections as keys.
func sameSections(a, b map[*Section]uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for s := range b {
		if _, ok := a[s]; !ok {
			return false
		}
	}
	return true
}
