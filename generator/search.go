package generator

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rolehandbook/handbook/generator/compare"
)

// SearchIndexURL is where the search index is written. It is a script
// that assigns window.HANDBOOK_SEARCH, not JSON, because a page opened
// from file:// may not fetch files but may always load a script.
const SearchIndexURL = "assets/search-index.js"

// foldTable maps lowercase Latin letters with diacritics to plain ones,
// so that "resume" finds "résumé". search.js holds the same string; a
// test keeps the two equal. Combining marks (U+0300–U+036F) are dropped
// on both sides, which covers text written in decomposed form. Final
// sigma is folded too, as JavaScript lowercases Σ to ς at a word's end.
const foldTable = "a:àáâãäåāăąǎ c:çćĉċč d:ďđð e:èéêëēĕėęěȩ g:ĝğġģǧ h:ĥħ " +
	"i:ìíîïĩīĭįıǐ j:ĵ k:ķǩ l:ĺļľŀł n:ñńņňŉ o:òóôõöøōŏőǒǿ r:ŕŗř s:śŝşšș " +
	"t:ţťŧț u:ùúûüũūŭůűųǔǖǘǚǜ w:ŵ y:ýÿŷ z:źżž ae:æǽ oe:œ ss:ß th:þ ij:ĳ σ:ς"

// Fields a term can be found in, in rank order. A posting stores the best
// one in its low two bits.
const (
	fieldBody    = 1
	fieldHeading = 2
	fieldTitle   = 3
)

// folder tokenises text case- and diacritic-insensitively.
type folder map[rune]string

func newFolder() folder {
	f := folder{}
	for _, group := range strings.Fields(foldTable) {
		to, from, _ := strings.Cut(group, ":")
		for _, r := range from {
			f[r] = to
		}
	}
	return f
}

// tokens splits s into folded words: runs of letters and digits.
func (f folder) tokens(s string) []string {
	var out []string
	f.eachToken(s, nil, func(t []byte) { out = append(out, string(t)) })
	return out
}

// eachToken calls yield with each folded word of s, in a buffer that buf
// lends and that yield must not keep.
func (f folder) eachToken(s string, buf []byte, yield func([]byte)) []byte {
	b := buf[:0]
	flush := func() {
		if len(b) > 0 {
			yield(b)
			b = b[:0]
		}
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				b = append(b, byte(r))
			case 'A' <= r && r <= 'Z':
				b = append(b, byte(r)+'a'-'A')
			default:
				flush()
			}
			continue
		}
		r = unicode.ToLower(r)
		switch {
		case r >= 0x300 && r <= 0x36f:
			// A combining mark belongs to the letter before it.
		case f[r] != "":
			b = append(b, f[r]...)
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			b = utf8.AppendRune(b, r)
		default:
			flush()
		}
	}
	flush()
	return b
}

// searchEntry is one search result: a page, or a row of the comparison.
type searchEntry struct {
	URL   string // relative to the site root
	Title string
	Path  string // the sections above it, as "Guide › Roles"
}

// searchDoc is a part of an entry that a result can point into: the text
// before the first heading, or one heading's section.
type searchDoc struct {
	Entry   int
	Anchor  string // the heading's id, "" for the top of the entry
	Heading string
	Text    string // kept for snippets
}

// searchIndex maps folded terms to the docs that hold them.
type searchIndex struct {
	Entries []searchEntry
	Docs    []searchDoc
	Terms   []string // sorted, for prefix look-ups by binary search
	Post    [][]int  // per term: doc<<2 | best field, by doc

	fold     folder
	building map[string][]int // term → postings, while docs are added
}

// indexedDoc is a doc with its terms, each with the best field it is in.
type indexedDoc struct {
	searchDoc
	terms map[string]int
}

// maxDocText bounds the text kept per doc for snippets. Every word is
// still indexed; a match past the bound shows the section's opening.
const maxDocText = 1500

func newSearchIndex() *searchIndex {
	return &searchIndex{fold: newFolder(), building: map[string][]int{}}
}

// doc makes a doc whose terms are the words of each text, by field.
func (f folder) doc(anchor, heading, text string, fields map[int][]string) indexedDoc {
	if r := []rune(text); len(r) > maxDocText {
		text = string(r[:maxDocText]) + "…"
	}
	d := indexedDoc{searchDoc: searchDoc{Anchor: anchor, Heading: heading, Text: text}, terms: map[string]int{}}
	var buf []byte
	for field, texts := range fields {
		for _, s := range texts {
			// Looking a term up by string(t) does not copy it; only a
			// term new to the doc is.
			buf = f.eachToken(s, buf, func(t []byte) {
				if have, ok := d.terms[string(t)]; !ok || have < field {
					d.terms[string(t)] = field
				}
			})
		}
	}
	return d
}

// add appends an entry and its docs. Docs are numbered in the order they
// are added, so every posting list comes out sorted.
func (ix *searchIndex) add(e searchEntry, docs []indexedDoc) {
	entry := len(ix.Entries)
	ix.Entries = append(ix.Entries, e)
	for _, d := range docs {
		id := len(ix.Docs)
		d.Entry = entry
		ix.Docs = append(ix.Docs, d.searchDoc)
		for t, f := range d.terms {
			ix.building[t] = append(ix.building[t], id<<2|f)
		}
	}
}

// finish sorts the terms.
func (ix *searchIndex) finish() {
	ix.Terms = make([]string, 0, len(ix.building))
	for t := range ix.building {
		ix.Terms = append(ix.Terms, t)
	}
	sort.Strings(ix.Terms)
	ix.Post = make([][]int, len(ix.Terms))
	for i, t := range ix.Terms {
		ix.Post[i] = ix.building[t]
	}
	ix.building = nil
}

// buildSearchIndex indexes every page in nav order and every row of the
// comparison data. Pages are read in parallel and added in order.
func buildSearchIndex(t *tree, data *compare.Data, md *markdownText) *searchIndex {
	ix := newSearchIndex()
	// A window of pages at a time, so that only its docs' term sets are
	// held at once.
	docs := make([][]indexedDoc, sectionWindow)
	for start := 0; start < len(t.pages); start += sectionWindow {
		pages := t.pages[start:min(start+sectionWindow, len(t.pages))]
		parallel(len(pages), func(i int) {
			p := pages[i]
			docs[i] = t.cache.memo("search", p.URL, t.cache.pageMemoKey(p), func() any { return ix.fold.pageDocs(p) }).([]indexedDoc)
		})
		for i, p := range pages {
			ix.add(searchEntry{URL: p.URL, Title: p.Title, Path: sectionPath(p)}, docs[i])
			docs[i] = nil
		}
	}
	if cmp := t.virtual["compare"]; data != nil && cmp != nil {
		indexComparison(ix, data, md, cmp.Title)
	}
	ix.finish()
	return ix
}

// pageDocs splits a page into docs at its headings. Pair pages and role
// profiles repeat the comparison's cells, so only their titles and
// headings are indexed; the compare page's rows are entries of their own.
func (f folder) pageDocs(p *Page) []indexedDoc {
	body := true
	switch p.Kind {
	case "pair", "role", "compare":
		body = false
	}
	secs := htmlSections(p.html)
	intro := secs[0].text
	if !body || intro == "" {
		intro = p.Meta.Description
	}
	docs := []indexedDoc{f.doc("", "", intro, map[int][]string{fieldTitle: {p.Title}, fieldBody: {intro}})}
	for _, s := range secs[1:] {
		text := ""
		if body {
			text = s.text
		}
		docs = append(docs, f.doc(s.id, s.heading, text, map[int][]string{fieldHeading: {s.heading}, fieldBody: {text}}))
	}
	return docs
}

// indexComparison adds one entry per dimension, pointing at its row of
// the compare page, whose title is page; its text is every role's value.
func indexComparison(ix *searchIndex, data *compare.Data, md *markdownText, page string) {
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
			[]indexedDoc{ix.fold.doc("", "", text, map[int][]string{fieldTitle: {dim.Name}, fieldHeading: {dim.Group}, fieldBody: {text}})})
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

// script returns the index as the script search.js loads: an object of
// entries (e), docs (d), sorted terms (t) and their postings (p). It is
// written straight into one buffer; strings are encoded as encoding/json
// does, which escapes <, > and &, so the index is also safe inline in a
// page.
func (ix *searchIndex) script() []byte {
	var b bytes.Buffer
	b.Grow(ix.sizeHint())
	str := func(s string) {
		if plainJSON(s) {
			b.WriteByte('"')
			b.WriteString(s)
			b.WriteByte('"')
			return
		}
		q, err := json.Marshal(s)
		if err != nil {
			panic(err) // a string always encodes
		}
		b.Write(q)
	}
	// strs writes strings separated by commas.
	strs := func(ss ...string) {
		for i, s := range ss {
			if i > 0 {
				b.WriteByte(',')
			}
			str(s)
		}
	}
	var num []byte
	b.WriteString(`window.HANDBOOK_SEARCH={"e":[`)
	for i, e := range ix.Entries {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		strs(e.URL, e.Title, e.Path)
		b.WriteByte(']')
	}
	b.WriteString(`],"d":[`)
	for i, d := range ix.Docs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		b.Write(strconv.AppendInt(num[:0], int64(d.Entry), 10))
		b.WriteByte(',')
		strs(d.Anchor, d.Heading, d.Text)
		b.WriteByte(']')
	}
	b.WriteString(`],"t":[`)
	strs(ix.Terms...)
	b.WriteString(`],"p":[`)
	for i, post := range ix.Post {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		for j, n := range post {
			if j > 0 {
				b.WriteByte(',')
			}
			num = strconv.AppendInt(num[:0], int64(n), 10)
			b.Write(num)
		}
		b.WriteByte(']')
	}
	b.WriteString("]};\n")
	return b.Bytes()
}

// plainJSON reports whether s is printable ASCII that encoding/json would
// write as it is, between quotes.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c >= utf8.RuneSelf, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		}
	}
	return true
}

// sizeHint is about the size of the index's script.
func (ix *searchIndex) sizeHint() int {
	n := 64
	for _, e := range ix.Entries {
		n += len(e.URL) + len(e.Title) + len(e.Path) + 12
	}
	for _, d := range ix.Docs {
		n += len(d.Anchor) + len(d.Heading) + len(d.Text)*11/10 + 20
	}
	for i, t := range ix.Terms {
		n += len(t) + 4 + len(ix.Post[i])*7
	}
	return n
}

// inDocument returns a copy of the index whose links point at anchors of
// a document that holds every page, such as the single-file edition.
func (ix *searchIndex) inDocument(anchor func(url, frag string) string) *searchIndex {
	c := *ix
	c.Entries = make([]searchEntry, len(ix.Entries))
	for i, e := range ix.Entries {
		u, frag, _ := strings.Cut(e.URL, "#")
		e.URL = "#" + anchor(u, frag)
		c.Entries[i] = e
	}
	c.Docs = make([]searchDoc, len(ix.Docs))
	for i, d := range ix.Docs {
		if d.Anchor != "" {
			u, _, _ := strings.Cut(ix.Entries[d.Entry].URL, "#")
			d.Anchor = anchor(u, d.Anchor)
		}
		c.Docs[i] = d
	}
	return &c
}

// searchHit is one ranked result of a query.
type searchHit struct {
	Entry, Doc, Score int
}

// query ranks entries for q the way search.js does, so that tests can
// pin the ranking down: every word of q must begin some term of the
// entry; a word scores 30 in a title, 20 in a heading and 10 in the
// body, plus 5 when it is the whole term; the entry's score is the sum
// of its best score per word. Its link goes to the doc that scores most
// for the words its title does not hold, its top on a tie. Ties between
// entries keep nav order.
func (ix *searchIndex) query(q string) []searchHit {
	words := ix.fold.tokens(q)
	if len(words) == 0 {
		return nil
	}
	perWord := make([]map[int]int, len(words)) // word → doc → score
	for w, word := range words {
		perWord[w] = map[int]int{}
		i := sort.SearchStrings(ix.Terms, word)
		for ; i < len(ix.Terms) && strings.HasPrefix(ix.Terms[i], word); i++ {
			bonus := 0
			if ix.Terms[i] == word {
				bonus = 5
			}
			for _, p := range ix.Post[i] {
				doc, s := p>>2, (p&3)*10+bonus
				if s > perWord[w][doc] {
					perWord[w][doc] = s
				}
			}
		}
	}
	entryBest := make([]map[int]int, len(words)) // word → entry → score
	for w := range words {
		entryBest[w] = map[int]int{}
		for doc, s := range perWord[w] {
			e := ix.Docs[doc].Entry
			if s > entryBest[w][e] {
				entryBest[w][e] = s
			}
		}
	}
	// The title names the whole entry; the words it does not hold choose
	// the part of the entry that the link goes to.
	inTitle := make([]map[int]bool, len(words)) // word → entries whose title holds it
	for w := range words {
		inTitle[w] = map[int]bool{}
		for doc, s := range perWord[w] {
			if s >= fieldTitle*10 {
				inTitle[w][ix.Docs[doc].Entry] = true
			}
		}
	}
	docSum := map[int]int{}
	for w := range words {
		for doc, s := range perWord[w] {
			if inTitle[w][ix.Docs[doc].Entry] {
				s = 0
			}
			docSum[doc] += s
		}
	}
	bestDoc := map[int]int{} // entry → the doc its link goes to
	for doc, s := range docSum {
		e := ix.Docs[doc].Entry
		b, ok := bestDoc[e]
		if !ok || s > docSum[b] || s == docSum[b] && doc < b {
			bestDoc[e] = doc
		}
	}
	var hits []searchHit
	for e := range entryBest[0] {
		total := 0
		for w := range words {
			s, ok := entryBest[w][e]
			if !ok {
				total = -1
				break
			}
			total += s
		}
		if total >= 0 {
			hits = append(hits, searchHit{Entry: e, Doc: bestDoc[e], Score: total})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Entry < hits[j].Entry
	})
	return hits
}
