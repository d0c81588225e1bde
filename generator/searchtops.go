package generator

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// The first keys of a query are a short word, and a short word begins a
// great many terms: on the 10,000-page benchmark site the terms "pr"
// begins hold 41,000 postings in four shards, and those "p" begins too
// many shards to load at all. Ranking them in the browser means loading
// those shards and scoring every posting before anything shows. So for
// each prefix of up to topsMaxChars characters whose terms hold more
// than topsMinBytes of postings, the build ranks the entries as
// search.js ranks them for a query of that one word, and writes the best
// of them, with how many entries match, into the shard that would hold
// the prefix as a term: the shard search.js loads for that word anyway.
// The manifest lists the prefixes ranked so.
//
// Longer words are left to the browser: from four letters on, a word
// that is still being typed also matches by what it will likely become,
// and from five on with typos, which these rankings leave out.
const (
	topsMaxChars = 3
	topsMinBytes = 8 << 10
	topsKeep     = 12 // MAX_RESULTS in search.js
)

// The scores of search.js: a posting scores ten per field (FIELD there:
// 10 for the text, 30 for the title), plus topsExact for the term the
// word is and topsPrefix for a term it begins (EXACT and PREFIX). The
// browser tests hold a ranking made here to the one search.js makes.
const (
	topsPerField = 10
	topsExact    = 6
	topsPrefix   = 3
)

// prefixTop is the ranking of a query of one word, prefix: how many
// entries hold a term it begins, and the best topsKeep of them, each
// with the doc its result links to.
type prefixTop struct {
	prefix string
	total  int
	hits   []topHit
}

type topHit struct{ entry, doc, score int }

// topBest is, while a prefix is ranked, an entry's best score, the first
// doc with that score, and whether the title holds the word.
type topBest struct {
	score, doc int
	title      bool
}

// termBest is an entry's best field for one term, the first doc with
// that field, and whether its title holds the term.
type termBest struct {
	entry, field, doc int
	title             bool
}

// topsGroup is a prefix to rank and the range [from, to) of the terms it
// begins.
type topsGroup struct {
	prefix   string
	from, to int
}

// topsLevel ranks the prefixes of one length, one at a time.
type topsLevel struct {
	groups  []topsGroup
	next    int // the group being ranked, or the next one
	best    []topBest
	seen    []bool
	touched int
	out     []prefixTop
}

// prefixTops ranks every prefix that needs it: those of one character in
// the order of the terms, then those of two, then of three. Each term's
// postings are read once, for the prefixes of every length that it is
// in.
func (ix *searchIndex) prefixTops() []prefixTop {
	levels := make([]topsLevel, topsMaxChars)
	for k := range levels {
		levels[k].groups = ix.topsGroups(k + 1)
	}
	var sum []termBest
	for t, term := range ix.Terms {
		sum = sum[:0]
		for k := range levels {
			l := &levels[k]
			if l.next == len(l.groups) || t < l.groups[l.next].from {
				continue
			}
			g := l.groups[l.next]
			if len(sum) == 0 {
				sum = termBests(ix.Post[t], sum)
			}
			if l.best == nil {
				l.best = make([]topBest, len(ix.Entries))
				l.seen = make([]bool, len(ix.Entries))
			}
			how := topsPrefix
			if term == g.prefix {
				how = topsExact
			}
			l.add(sum, how)
			if t == g.to-1 {
				l.out = append(l.out, l.finish(g.prefix))
				l.next++
			}
		}
	}
	var out []prefixTop
	for _, l := range levels {
		out = append(out, l.out...)
	}
	return out
}

// topsGroups returns the prefixes of k characters that begin terms
// holding more than topsMinBytes of postings, in order. The terms a
// prefix begins are a run of the sorted terms.
func (ix *searchIndex) topsGroups(k int) []topsGroup {
	var out []topsGroup
	for i := 0; i < len(ix.Terms); {
		if utf8.RuneCountInString(ix.Terms[i]) < k {
			i++
			continue
		}
		prefix := prefixRunes(ix.Terms[i], k)
		j, size := i, 0
		for j < len(ix.Terms) && strings.HasPrefix(ix.Terms[j], prefix) {
			size += len(ix.Post[j])
			j++
		}
		if size > topsMinBytes {
			out = append(out, topsGroup{prefix, i, j})
		}
		i = j
	}
	return out
}

// add scores the entries of one term of the prefix being ranked, how
// being what the term's match adds, as search.js's lookUp and rank score
// them for one word: an entry by the best of its docs, the first of
// them on a tie.
func (l *topsLevel) add(sum []termBest, how int) {
	for _, s := range sum {
		score := s.field*topsPerField + how
		b := &l.best[s.entry]
		switch {
		case !l.seen[s.entry]:
			l.seen[s.entry] = true
			l.touched++
			*b = topBest{score, s.doc, s.title}
			continue
		case score > b.score || score == b.score && s.doc < b.doc:
			b.score, b.doc = score, s.doc
		}
		b.title = b.title || s.title
	}
}

// finish keeps the best topsKeep of the entries scored, the highest
// score first, then nav order, and clears the scores for the next
// prefix. A result links to the top of its page when the title holds
// the word, else to the part that scores most.
func (l *topsLevel) finish(prefix string) prefixTop {
	var hits []topHit
	for e, seen := range l.seen {
		if !seen {
			continue
		}
		l.seen[e] = false
		b := l.best[e]
		if len(hits) == topsKeep && b.score <= hits[topsKeep-1].score {
			continue
		}
		i := sort.Search(len(hits), func(i int) bool { return hits[i].score < b.score })
		doc := b.doc
		if b.title {
			doc = 0
		}
		if len(hits) < topsKeep {
			hits = append(hits, topHit{})
		}
		copy(hits[i+1:], hits[i:])
		hits[i] = topHit{e, doc, b.score}
	}
	top := prefixTop{prefix: prefix, total: l.touched, hits: hits}
	l.touched = 0
	return top
}

// termBests reads a posting list written by postings.add into each
// entry's best field for the term, appended to out in entry order.
func termBests(b []byte, out []termBest) []termBest {
	start := len(out)
	eachPosting(b, func(entry, doc, field int) {
		if len(out) == start || out[len(out)-1].entry != entry {
			out = append(out, termBest{entry: entry, field: -1})
		}
		tb := &out[len(out)-1]
		if field > tb.field {
			tb.field, tb.doc = field, doc
		}
		if doc == 0 && field == fieldTitle {
			tb.title = true
		}
	})
	return out
}

// eachPosting calls fn for each posting of a list written by
// postings.add, in order, as search.js's decode reads them, and reports
// whether the list ends where a number ends.
func eachPosting(b []byte, fn func(entry, doc, field int)) bool {
	i, whole := 0, true
	num := func() int {
		v, shift := 0, 0
		for i < len(b) {
			x := varintValue[b[i]]
			i++
			if x < 32 {
				return v | int(x)<<shift
			}
			v |= int(x-32) << shift
			shift += 5
		}
		whole = false
		return v
	}
	entry := -1
	for i < len(b) && whole {
		head := num()
		entry += head>>2 + 1
		n := head&3 + 1
		if n == 4 {
			n += num()
		}
		doc := -1
		for range n {
			v := num()
			doc += v>>2 + 1
			fn(entry, doc, v&3)
		}
	}
	return whole
}

// varintValue maps each character of varintDigits to its value.
var varintValue = func() (v [256]byte) {
	for i := range len(varintDigits) {
		v[varintDigits[i]] = byte(i)
	}
	return v
}()

// shardOf returns the shard whose bounds hold term, as search.js's
// lastAtMost finds it.
func shardOf(bounds []string, term string) int {
	return sort.Search(len(bounds), func(k int) bool { return lessUTF16(term, bounds[k]) }) - 1
}
