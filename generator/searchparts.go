package generator

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolehandbook/handbook/generator/compare"
)

// The search index is written as many small scripts in SearchDir, so that
// a query loads only the parts it needs. Each part is a classic script
// that hands its data to handbookSearch, a function search.js defines:
// a page opened from file:// may not fetch files, but may always load a
// script, and the same files serve any host.
//
//   - manifest.js, loaded when the search box is first used, holds the
//     first term and the size of every shard, the first entry of every
//     chunk, and the short prefixes ranked ahead (searchtops.go).
//   - t-N.js, a shard, holds a run of the sorted terms with their
//     postings, and the rankings of the prefixes that fall in it. A
//     shard begins where the first two letters of the terms change, or
//     the third when two letters hold too much.
//   - d-N.js, a chunk, holds a run of entries (pages and rows of the
//     comparison) with their docs: what a result shows. Only the chunks
//     of the results shown are loaded.
const (
	SearchDir         = "assets/search/"
	SearchManifestURL = SearchDir + "manifest.js"
)

// IsSearchIndex reports whether an output path is a part of the search
// index.
func IsSearchIndex(p string) bool {
	return strings.HasPrefix(p, SearchDir) && strings.HasSuffix(p, ".js")
}

// About how many bytes of the pages' HTML make one shard and one chunk.
// On the benchmark's corpus a shard is then about 15 kB and a chunk
// about 16 kB, so that a one-word query loads one or two shards and at
// most a chunk for each result it shows.
const (
	htmlPerShard = 400 << 10
	htmlPerChunk = 32 << 10
)

// searchPlan is how many shards and chunks the index is cut into. It is
// fixed from the size of the pages before the index is made, so that a
// dev server can name the files before it makes any of them.
type searchPlan struct {
	shards, chunks int
}

func planSearch(t *tree, data *compare.Data) searchPlan {
	n := 0
	for _, p := range t.pages {
		if !p.Meta.Unlisted {
			n += p.bodyLen()
		}
	}
	if data != nil {
		n += len(data.Dimensions) << 10
	}
	return searchPlan{shards: max(1, (n+htmlPerShard-1)/htmlPerShard), chunks: max(1, (n+htmlPerChunk-1)/htmlPerChunk)}
}

func shardURL(i int) string { return SearchDir + "t-" + strconv.Itoa(i) + ".js" }
func chunkURL(i int) string { return SearchDir + "d-" + strconv.Itoa(i) + ".js" }

// paths lists the files of an index cut by the plan.
func (pl searchPlan) paths() []string {
	out := []string{SearchManifestURL}
	for i := range pl.shards {
		out = append(out, shardURL(i))
	}
	for i := range pl.chunks {
		out = append(out, chunkURL(i))
	}
	return out
}

// searchFiles builds the index and cuts it into its files.
func searchFiles(t *tree, data *compare.Data, md *markdownText, pl searchPlan) (*searchIndex, map[string][]byte) {
	ix := buildSearchIndex(t, data, md)
	return ix, ix.files(pl)
}

// files cuts the index into the files of the plan: the manifest, the
// shards and the chunks, by path.
func (ix *searchIndex) files(pl searchPlan) map[string][]byte {
	out := make(map[string][]byte, 1+pl.shards+pl.chunks)
	bounds, shards := ix.cutTerms(pl.shards)
	starts, chunks := ix.cutEntries(pl.chunks)
	tops := ix.prefixTops()
	topsIn := make([][]prefixTop, len(shards))
	for _, t := range tops {
		i := shardOf(bounds, t.prefix)
		topsIn[i] = append(topsIn[i], t)
	}
	var w jsWriter
	for i, r := range shards {
		w.WriteString(`handbookSearch("t",`)
		w.int(i)
		w.WriteString(",[")
		w.strs(ix.Terms[r[0]:r[1]]...)
		w.WriteString("],[")
		for j, p := range ix.Post[r[0]:r[1]] {
			if j > 0 {
				w.WriteByte(',')
			}
			// Posting lists are written in varintDigits, which need no
			// escaping.
			w.WriteByte('"')
			w.Write(p)
			w.WriteByte('"')
		}
		w.WriteByte(']')
		if len(topsIn[i]) > 0 {
			w.WriteByte(',')
			w.tops(topsIn[i])
		}
		w.WriteString(");\n")
		out[shardURL(i)] = w.take()
	}
	w.WriteString(`handbookSearch("m",{"t":[`)
	w.strs(bounds...)
	w.WriteString(`],"p":[`)
	for i, t := range tops {
		if i > 0 {
			w.WriteByte(',')
		}
		w.str(t.prefix)
	}
	w.WriteString(`],"n":[`)
	for i := range shards {
		if i > 0 {
			w.WriteByte(',')
		}
		w.int(len(out[shardURL(i)]))
	}
	w.WriteString(`],"c":[`)
	for i, s := range starts {
		if i > 0 {
			w.WriteByte(',')
		}
		w.int(s)
	}
	w.WriteString("]});\n")
	out[SearchManifestURL] = w.take()
	for i, r := range chunks {
		w.WriteString(`handbookSearch("d",`)
		w.int(i)
		w.WriteString(",[")
		for j, e := range ix.Entries[r[0]:r[1]] {
			if j > 0 {
				w.WriteByte(',')
			}
			w.entry(e)
		}
		w.WriteString("]);\n")
		out[chunkURL(i)] = w.take()
	}
	return out
}

// writeScript writes every file of the index as one script, manifest
// first, for a document that carries its index inside it, one part at a
// time.
func (ix *searchIndex) writeScript(w io.Writer, pl searchPlan) error {
	files := ix.files(pl)
	for _, p := range pl.paths() {
		part := files[p]
		delete(files, p) // each part may go once written
		// Strings are escaped as JSON, so the index cannot close its
		// script element; this holds whatever a later encoding does.
		if bytes.Contains(part, []byte("</")) {
			part = bytes.ReplaceAll(part, []byte("</"), []byte(`<\/`))
		}
		if _, err := w.Write(part); err != nil {
			return err
		}
	}
	return nil
}

// cutTerms cuts the sorted terms into n shards of about equal size, each
// a range [from, to) of ix.Terms, and returns the first term (or prefix)
// of each. A shard starts where the first two characters of the terms
// change; a run of terms with the same two that is larger than a shard
// is cut where the third changes, and then between terms. Shards left
// empty get the next shard's bound, so that a look-up never lands in
// one.
func (ix *searchIndex) cutTerms(n int) (bounds []string, ranges [][2]int) {
	type unit struct {
		key      string
		from, to int
		size     int
	}
	size := func(i int) int { return len(ix.Terms[i]) + len(ix.Post[i]) + 6 }
	total := 0
	for i := range ix.Terms {
		total += size(i)
	}
	target := max(1, total/n)
	var units []unit
	// split appends the terms [from, to) as units by their first k
	// characters, splitting further any unit larger than the target.
	var split func(from, to, k int)
	split = func(from, to, k int) {
		for i := from; i < to; {
			key := prefixRunes(ix.Terms[i], k)
			j, s := i, 0
			for j < to && strings.HasPrefix(ix.Terms[j], key) && (k > 3 || prefixRunes(ix.Terms[j], k) == key) {
				s += size(j)
				j++
			}
			switch {
			case s > target && k < 3:
				split(i, j, k+1)
			case s > target && j-i > 1:
				for m := i; m < j; m++ {
					units = append(units, unit{ix.Terms[m], m, m + 1, size(m)})
				}
			default:
				units = append(units, unit{key, i, j, s})
			}
			i = j
		}
	}
	split(0, len(ix.Terms), 2)
	bounds = make([]string, n)
	ranges = make([][2]int, n)
	filled := make([]bool, n)
	before := 0
	for _, u := range units {
		g := min(n-1, before*n/max(total, 1))
		if !filled[g] {
			filled[g] = true
			bounds[g] = u.key
			ranges[g] = [2]int{u.from, u.from}
		}
		ranges[g][1] = u.to
		before += u.size
	}
	next := "\uffff" // after every term
	for g := n - 1; g >= 0; g-- {
		if !filled[g] {
			bounds[g] = next
			ranges[g] = [2]int{0, 0}
		}
		next = bounds[g]
	}
	bounds[0] = "" // before every term
	return bounds, ranges
}

// prefixRunes returns the first k characters of s.
func prefixRunes(s string, k int) string {
	for i := range s {
		if k == 0 {
			return s[:i]
		}
		k--
	}
	return s
}

// cutEntries cuts the entries into n chunks of about equal size, each a
// range [from, to), and returns the first entry of each. An empty chunk
// starts where the next one does.
func (ix *searchIndex) cutEntries(n int) (starts []int, ranges [][2]int) {
	sizes := make([]int, len(ix.Entries))
	total := 0
	for i, e := range ix.Entries {
		s := len(e.URL) + len(e.Title) + len(e.Path) + 16
		for _, d := range e.Docs {
			s += len(d.Anchor) + len(d.Heading) + len(d.Text) + 9
		}
		sizes[i] = s
		total += s
	}
	starts = make([]int, n)
	ranges = make([][2]int, n)
	filled := make([]bool, n)
	before := 0
	for i, s := range sizes {
		g := min(n-1, before*n/max(total, 1))
		if !filled[g] {
			filled[g] = true
			ranges[g] = [2]int{i, i}
		}
		ranges[g][1] = i + 1
		before += s
	}
	next := len(ix.Entries)
	for g := n - 1; g >= 0; g-- {
		if filled[g] {
			next = ranges[g][0]
		} else {
			ranges[g] = [2]int{next, next}
		}
		starts[g] = next
	}
	return starts, ranges
}

// inDocument returns a copy of the index whose links point at anchors of
// a document that holds every page, such as the single-file edition.
func (ix *searchIndex) inDocument(anchor func(url, frag string) string) *searchIndex {
	c := *ix
	c.Entries = make([]searchEntry, len(ix.Entries))
	for i, e := range ix.Entries {
		u, frag, _ := strings.Cut(e.URL, "#")
		e.URL = "#" + anchor(u, frag)
		docs := make([]searchDoc, len(e.Docs))
		for j, d := range e.Docs {
			if d.Anchor != "" {
				d.Anchor = anchor(u, d.Anchor)
			}
			docs[j] = d
		}
		e.Docs = docs
		c.Entries[i] = e
	}
	return &c
}

// jsWriter writes the index's scripts. Strings are encoded as
// encoding/json does, which escapes <, > and &, so that the index is
// also safe inline in a page.
type jsWriter struct {
	bytes.Buffer
	num []byte
}

// take returns what was written and starts a new file.
func (w *jsWriter) take() []byte {
	b := bytes.Clone(w.Bytes())
	w.Reset()
	return b
}

func (w *jsWriter) int(n int) {
	w.num = strconv.AppendInt(w.num[:0], int64(n), 10)
	w.Write(w.num)
}

func (w *jsWriter) str(s string) {
	if plainJSON(s) {
		w.WriteByte('"')
		w.WriteString(s)
		w.WriteByte('"')
		return
	}
	q, err := json.Marshal(s)
	if err != nil {
		panic(err) // a string always encodes
	}
	w.Write(q)
}

// strs writes strings separated by commas.
func (w *jsWriter) strs(ss ...string) {
	for i, s := range ss {
		if i > 0 {
			w.WriteByte(',')
		}
		w.str(s)
	}
}

// entry writes [url, title, path, [anchor, heading, text, …]].
func (w *jsWriter) entry(e searchEntry) {
	w.WriteByte('[')
	w.strs(e.URL, e.Title, e.Path)
	w.WriteString(",[")
	for i, d := range e.Docs {
		if i > 0 {
			w.WriteByte(',')
		}
		w.strs(d.Anchor, d.Heading, d.Text)
	}
	w.WriteString("]]")
}

// tops writes the rankings of prefixes as {prefix: [total, entry, doc,
// entry, doc, …]}.
func (w *jsWriter) tops(tops []prefixTop) {
	w.WriteByte('{')
	for i, t := range tops {
		if i > 0 {
			w.WriteByte(',')
		}
		w.str(t.prefix)
		w.WriteString(":[")
		w.int(t.total)
		for _, h := range t.hits {
			w.WriteByte(',')
			w.int(h.entry)
			w.WriteByte(',')
			w.int(h.doc)
		}
		w.WriteByte(']')
	}
	w.WriteByte('}')
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
