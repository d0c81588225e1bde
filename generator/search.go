package generator

import (
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/rolehandbook/handbook/generator/compare"
)

// Fields a term can be found in, in rank order. A posting stores the best
// one in its low two bits.
const (
	fieldBody    = 1
	fieldHeading = 2
	fieldTitle   = 3
)

// searchEntry is one search result: a page, or a row of the comparison,
// with the parts of it that a result can point into.
type searchEntry struct {
	URL   string // relative to the site root
	Title string
	Path  string // the sections above it, as "Guide › Roles"
	Docs  []searchDoc
}

// searchDoc is a part of an entry: the text before the first heading, or
// one heading's section.
type searchDoc struct {
	Anchor  string // the heading's id, "" for the top of the entry
	Heading string
	Text    string // kept for snippets
}

// searchIndex maps terms to the docs that hold them. Terms are sorted as
// JavaScript compares strings, so that search.js can find a term, and
// every term that begins with a prefix, by binary search.
type searchIndex struct {
	Entries []searchEntry
	Terms   []string
	Post    [][]byte // per term: its postings, encoded as postings.add does

	fold     folder
	building map[string]*postings // while entries are added
	touched  []*postings          // add's terms of the entry being added, kept for reuse
}

// indexedDoc is a doc with its terms, each once, with the best field it
// is in.
type indexedDoc struct {
	searchDoc
	terms []docTerm
}

type docTerm struct {
	term  string
	field int
}

// maxDocText bounds the text kept per doc for snippets. Every word is
// still indexed; a match past the bound shows the section's opening. A
// thousand characters is three paragraphs: at 1,500, the snippets of a
// handbook of long pages were 39% of its HTML, over the index's budget.
const maxDocText = 1000

func newSearchIndex() *searchIndex {
	return &searchIndex{fold: newFolder(), building: map[string]*postings{}}
}

// termSet turns docs into terms. Each worker of the indexer keeps one,
// so that a term is a new string once per worker, not once per doc.
type termSet struct {
	fold  folder
	buf   []byte
	terms []docTerm          // the doc being made
	last  map[string]*termAt // every term seen, and the last doc it was in
	docs  int                // docs made, to number them
}

type termAt struct {
	term string
	doc  int
}

func newTermSet(f folder) *termSet {
	return &termSet{fold: f, last: map[string]*termAt{}}
}

// doc makes a doc whose terms are the words of its title, heading and
// body text, each with the best field it is in.
func (ts *termSet) doc(anchor, heading, text, inTitle, inHeading, inBody string) indexedDoc {
	if len(text) > maxDocText && utf8.RuneCountInString(text) > maxDocText {
		n := 0
		for i := range text {
			if n == maxDocText {
				text = text[:i] + "…"
				break
			}
			n++
		}
	}
	ts.docs++
	ts.terms = ts.terms[:0]
	// The best field first, so that a term's first field is its best.
	for _, f := range [...]struct {
		field int
		text  string
	}{{fieldTitle, inTitle}, {fieldHeading, inHeading}, {fieldBody, inBody}} {
		ts.buf = ts.fold.eachTerm(f.text, ts.buf, func(t []byte) {
			// Looking a term up by string(t) does not copy it.
			at := ts.last[string(t)]
			switch {
			case at == nil:
				at = &termAt{term: string(t)}
				ts.last[at.term] = at
			case at.doc == ts.docs:
				return
			}
			at.doc = ts.docs
			ts.terms = append(ts.terms, docTerm{at.term, f.field})
		})
	}
	return indexedDoc{searchDoc: searchDoc{Anchor: anchor, Heading: heading, Text: text}, terms: slices.Clone(ts.terms)}
}

// add appends an entry and its docs. Entries are numbered in the order
// they are added, so every posting list comes out sorted.
func (ix *searchIndex) add(e searchEntry, docs []indexedDoc) {
	entry := len(ix.Entries)
	e.Docs = make([]searchDoc, len(docs))
	touched := ix.touched[:0]
	for i, d := range docs {
		e.Docs[i] = d.searchDoc
		for _, t := range d.terms {
			p := ix.building[t.term]
			if p == nil {
				p = &postings{last: -1}
				ix.building[t.term] = p
			}
			if len(p.docs) == 0 {
				touched = append(touched, p)
			}
			p.docs = append(p.docs, i<<2|t.field)
		}
	}
	ix.Entries = append(ix.Entries, e)
	for _, p := range touched {
		p.add(entry)
	}
	ix.touched = touched[:0]
}

// finish sorts the terms.
func (ix *searchIndex) finish() {
	ix.Terms = make([]string, 0, len(ix.building))
	for t := range ix.building {
		ix.Terms = append(ix.Terms, t)
	}
	sort.Slice(ix.Terms, func(i, j int) bool { return lessUTF16(ix.Terms[i], ix.Terms[j]) })
	ix.Post = make([][]byte, len(ix.Terms))
	for i, t := range ix.Terms {
		ix.Post[i] = ix.building[t].b
	}
	ix.building, ix.touched = nil, nil
}

// postings is one term's posting list as search.js reads it: for each
// entry that holds the term, in order, a number that is the gap since
// the last such entry (less one) times four plus the count of its docs
// that hold the term (less one, at most 3; a larger count follows as a
// number of its own, less four), then per doc the gap since the last
// doc (less one) times four plus the best field. Numbers are written
// five bits a character, low bits first, in varintDigits.
type postings struct {
	b    []byte
	last int   // the last entry added
	docs []int // doc<<2 | field, for the entry being added
}

// varintDigits are the characters of the posting lists: the first 32
// end a number, the last 32 carry five bits and say that more follow.
// None needs escaping in a JavaScript string or an HTML script element.
const varintDigits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"

// add writes the docs of an entry that hold the term.
func (p *postings) add(entry int) {
	items := p.docs
	n := len(items)
	p.num((entry-p.last-1)<<2 | min(n-1, 3))
	if n-1 >= 3 {
		p.num(n - 4)
	}
	last := -1
	for _, it := range items {
		doc := it >> 2
		p.num((doc-last-1)<<2 | it&3)
		last = doc
	}
	p.last, p.docs = entry, items[:0]
}

func (p *postings) num(v int) {
	for v >= 32 {
		p.b = append(p.b, varintDigits[32+v&31])
		v >>= 5
	}
	p.b = append(p.b, varintDigits[v])
}

// lessUTF16 orders strings by their UTF-16 code units, as JavaScript's <
// does. That is Go's byte order except where a character beyond U+FFFF
// (lead byte F0–F4) meets one from U+E000 to U+FFFF (EE, EF): in UTF-16
// the first is a surrogate pair, D800 and up, and sorts before.
func lessUTF16(a, b string) bool {
	for i := 0; i < min(len(a), len(b)); i++ {
		if x, y := a[i], b[i]; x != y {
			if x >= 0xee && y >= 0xee && (x >= 0xf0) != (y >= 0xf0) {
				return x >= 0xf0
			}
			return x < y
		}
	}
	return len(a) < len(b)
}

// buildSearchIndex indexes every page in nav order and every row of the
// comparison data. Pages are read in parallel and added in order.
func buildSearchIndex(t *tree, data *compare.Data, md *markdownText) *searchIndex {
	ix := newSearchIndex()
	sets := make([]*termSet, runtime.GOMAXPROCS(0))
	for w := range sets {
		sets[w] = newTermSet(ix.fold)
	}
	// A window of pages at a time, so that only its docs' term sets are
	// held at once.
	docs := make([][]indexedDoc, sectionWindow)
	for start := 0; start < len(t.pages); start += sectionWindow {
		pages := t.pages[start:min(start+sectionWindow, len(t.pages))]
		eachWorker(len(pages), len(sets), func(w, i int) {
			p := pages[i]
			docs[i] = t.cache.memo("search", p.URL, t.cache.pageMemoKey(p), func() any { return sets[w].pageDocs(p) }).([]indexedDoc)
		})
		for i, p := range pages {
			if p.Meta.Unlisted {
				docs[i] = nil
				continue // built, and reached by its URL, but not found
			}
			ix.add(searchEntry{URL: p.URL, Title: p.Title, Path: sectionPath(p)}, docs[i])
			docs[i] = nil
		}
	}
	if cmp := t.virtual["compare"]; data != nil && cmp != nil {
		indexComparison(ix, sets[0], data, md, cmp.Title)
	}
	ix.finish()
	return ix
}

// eachWorker runs f(w, i) for every i below n on workers goroutines; w
// names the worker, so that f can keep state of its own in it.
func eachWorker(n, workers int, f func(w, i int)) {
	var wg sync.WaitGroup
	var next atomic.Int64
	for w := range min(workers, n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(w, i)
			}
		})
	}
	wg.Wait()
}

// pageDocs splits a page into docs at its headings. Pair pages and role
// profiles repeat the comparison's cells, so only their titles and
// headings are indexed; the compare page's rows are entries of their own.
func (ts *termSet) pageDocs(p *Page) []indexedDoc {
	body := true
	switch p.Kind {
	case "pair", "role", "compare":
		body = false
	}
	secs := htmlSections(p.body())
	intro := secs[0].text
	if !body || intro == "" {
		intro = p.Meta.Description
	}
	docs := make([]indexedDoc, 0, len(secs))
	docs = append(docs, ts.doc("", "", intro, p.Title, "", intro))
	for _, s := range secs[1:] {
		text := ""
		if body {
			text = s.text
		}
		docs = append(docs, ts.doc(s.id, s.heading, text, "", s.heading, text))
	}
	return docs
}

// indexComparison adds one entry per dimension, pointing at its row of
// the compare page, whose title is page; its text is every role's value.
func indexComparison(ix *searchIndex, ts *termSet, data *compare.Data, md *markdownText, page string) {
	for _, dim := range data.Dimensions {
		parts := []string{}
		if dim.Description != "" {
			parts = append(parts, strings.TrimSuffix(dim.Description, ".")+".")
		}
		for _, r := range data.Roles {
			v := dim.Values[r.ID]
			var s string
			switch {
			case v == nil || v.NA:
				s = "n/a"
			case dim.Kind == compare.Text:
				s = md.plain(v.Text)
			case dim.Kind == compare.List:
				items := make([]string, len(v.Items))
				for i, it := range v.Items {
					items[i] = md.plain(it)
				}
				s = strings.Join(items, "; ")
			default:
				s = dim.Display(v)
			}
			parts = append(parts, r.Label()+": "+strings.TrimSuffix(s, ".")+".")
		}
		text := strings.Join(parts, " ")
		ix.add(searchEntry{URL: compare.IndexURL + "#" + dim.ID, Title: dim.Name, Path: page + " › " + dim.Group},
			[]indexedDoc{ts.doc("", "", text, dim.Name, dim.Group, text)})
	}
}

// sectionPath names the sections above a page, below the home page.
func sectionPath(p *Page) string {
	var names []string
	for s := p.Section; s != nil && s.Parent != nil; s = s.Parent {
		names = append(names, s.Index.NavTitle())
	}
	for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
		names[i], names[j] = names[j], names[i]
	}
	return strings.Join(names, " › ")
}
