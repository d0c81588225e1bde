package generator

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/rolehandbook/handbook/themes"
)

func TestTokens(t *testing.T) {
	f := newFolder()
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Hello, World!", []string{"hello", "world"}},
		{"Résumé", []string{"resume"}},
		{"cafe\u0301 au lait", []string{"cafe", "au", "lait"}}, // decomposed é
		{"Straße in Łódź", []string{"strasse", "in", "lodz"}},
		{"Ærø ŒUVRE", []string{"aero", "oeuvre"}},
		{"PM’s role", []string{"pm", "s", "role"}},
		{"über-cool", []string{"uber", "cool"}},
		// Thousands separators join a number; other punctuation does not.
		{"$96,522 per year", []string{"96522", "per", "year"}},
		{"1,000,000 or 1\u00a0000 or 1.5 or 2,50 or 1,0000", []string{"1000000", "or", "1000", "or", "1", "5", "or", "2", "50", "or", "1", "0000"}},
		{"s1,000 v1.2.3", []string{"s1", "000", "v1", "2", "3"}},
		{"ΣΟΦΟΣ", []string{"σοφοσ"}},
		// Text without spaces is cut into pairs of characters.
		{"日本語 text", []string{"日本", "本語", "text"}},
		{"検索エンジンです。日", []string{"検索", "索エ", "エン", "ンジ", "ジン", "ンで", "です", "日"}},
		{"コーヒー", []string{"コー", "ーヒ", "ヒー"}},
		{"abc日本def", []string{"abc", "日本", "def"}},
	} {
		if got := f.tokens(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestStem pins the stemmer down; search.js's copy is held to it by the
// browser tests, which look each of these words up.
func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"salaries": "salari", "salary": "salari", "caresses": "caress", "ponies": "poni",
		"cats": "cat", "class": "class", "hiring": "hire", "hired": "hire", "hires": "hire",
		"planning": "plan", "planned": "plan", "agreed": "agree", "feed": "feed", "sing": "sing",
		"filing": "file", "fixing": "fix", "hopping": "hop", "falling": "fall", "sized": "size",
		"rated": "rate", "troubled": "trouble", "day": "dai", "days": "dai", "sky": "sky",
		"stakeholders": "stakeholder", "roadmaps": "roadmap", "is": "is", "as": "as", "has": "ha",
		"managing": "manag", "manager": "manager",
	} {
		if got := string(stem([]byte(in))); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFoldTableMatchesScript keeps the page folding queries the way the
// build folded the text.
func TestFoldTableMatchesScript(t *testing.T) {
	js, err := fs.ReadFile(themes.Default(), "static/assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`var FOLD = "([^"]*)";`).FindSubmatch(js)
	if m == nil {
		t.Fatal("search.js has no FOLD table")
	}
	if string(m[1]) != foldTable {
		t.Errorf("search.js FOLD differs from foldTable:\n js: %s\n go: %s", m[1], foldTable)
	}
	m = regexp.MustCompile(`var DIGITS = "([^"]*)";`).FindSubmatch(js)
	if m == nil || string(m[1]) != varintDigits {
		t.Errorf("search.js DIGITS differs from varintDigits: %q", m)
	}
}

func TestHTMLSections(t *testing.T) {
	in := `<p>Intro <em>text</em>.</p><div class="heading"><h2 id="one">First <code>part</code></h2><a class="anchor" href="#one"><span class="sr-only">Link to the section</span></a></div>` +
		`<p>Body<sup class="cite"><a href="x">[1]</a></sup> words</p><script>nope()</script><h3>No id</h3><p>more</p><h2 id="two">Second</h2><ul><li>a</li><li>b</li></ul>`
	got := htmlSections([]byte(in))
	want := []htmlSection{
		{text: "Intro text."},
		{id: "one", heading: "First part", text: "Body words No id more"},
		{id: "two", heading: "Second", text: "a b"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("htmlSections:\n got %q\nwant %q", got, want)
	}
}

// TestHTMLSectionsSkipChartRows checks that a chart's rows, which repeat
// the figures shown beside them, are not indexed a second time, while its
// caption is.
func TestHTMLSectionsSkipChartRows(t *testing.T) {
	res, err := Build(Config{Content: os.DirFS("testdata/sites/compare/src")})
	if err != nil {
		t.Fatal(err)
	}
	body := string(res.Output.Files["roles/dev/index.html"])
	if !strings.Contains(body, `<ul class="chart-rows">`) {
		t.Fatal("roles/dev/index.html has no chart")
	}
	var text strings.Builder
	for _, s := range htmlSections(res.Output.Files["roles/dev/index.html"]) {
		text.WriteString(s.text + " ")
	}
	const figure = "€50,000–€70,000 per year"
	if n := strings.Count(body, figure); n < 2 {
		t.Fatalf("the page shows %q %d times, want it in the profile and in the chart", figure, n)
	}
	if n := strings.Count(text.String(), figure); n != 1 {
		t.Errorf("the page's text holds %q %d times, want once:\n%s", figure, n, text.String())
	}
	if !strings.Contains(text.String(), "Median pay") {
		t.Errorf("the page's text lacks the chart's caption:\n%s", text.String())
	}
}

// indexParts reads the parts of the index a build wrote, as search.js
// receives them: the arguments each one passes to handbookSearch.
func indexParts(t *testing.T, o *Output) map[string][]json.RawMessage {
	t.Helper()
	parts := map[string][]json.RawMessage{}
	for p, b := range o.Files {
		if !IsSearchIndex(p) {
			continue
		}
		args, ok := bytes.CutPrefix(b, []byte("handbookSearch("))
		args, ok2 := bytes.CutSuffix(args, []byte(");\n"))
		if !ok || !ok2 {
			t.Fatalf("%s does not call handbookSearch: %.60q", p, b)
		}
		var list []json.RawMessage
		if err := json.Unmarshal(append(append([]byte("["), args...), ']'), &list); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		parts[p] = list
	}
	if len(parts) == 0 {
		t.Fatal("the build wrote no search index")
	}
	return parts
}

// indexedEntries returns the entries of the index's chunks, in order, as
// search.js shows them.
func indexedEntries(t *testing.T, o *Output) []searchEntry {
	t.Helper()
	parts := indexParts(t, o)
	var m struct{ C []int }
	if err := json.Unmarshal(parts[SearchManifestURL][1], &m); err != nil {
		t.Fatal(err)
	}
	var out []searchEntry
	for i, start := range m.C {
		var list [][4]json.RawMessage
		if err := json.Unmarshal(parts[chunkURL(i)][2], &list); err != nil {
			t.Fatal(err)
		}
		if start != len(out) {
			t.Fatalf("chunk %d starts at entry %d, after %d entries", i, start, len(out))
		}
		for _, raw := range list {
			var e searchEntry
			var docs []string
			for j, v := range []any{&e.URL, &e.Title, &e.Path, &docs} {
				if err := json.Unmarshal(raw[j], v); err != nil {
					t.Fatal(err)
				}
			}
			for k := 0; k+2 < len(docs); k += 3 {
				e.Docs = append(e.Docs, searchDoc{Anchor: docs[k], Heading: docs[k+1], Text: docs[k+2]})
			}
			out = append(out, e)
		}
	}
	return out
}

// searchIndexText is every string of the index, for tests that look for
// what it must not hold.
func searchIndexText(t *testing.T, o *Output) string {
	var b strings.Builder
	for _, e := range indexedEntries(t, o) {
		b.WriteString(e.Title + "\n")
		for _, d := range e.Docs {
			b.WriteString(d.Heading + "\n" + d.Text + "\n")
		}
	}
	return b.String()
}

// shardTerms returns the terms of every shard, and the bounds that the
// manifest gives the shards.
func shardTerms(t *testing.T, o *Output) (bounds []string, terms [][]string, post [][]string) {
	t.Helper()
	parts := indexParts(t, o)
	var m struct{ T []string }
	if err := json.Unmarshal(parts[SearchManifestURL][1], &m); err != nil {
		t.Fatal(err)
	}
	for i := range m.T {
		var ts, ps []string
		if err := json.Unmarshal(parts[shardURL(i)][2], &ts); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(parts[shardURL(i)][3], &ps); err != nil {
			t.Fatal(err)
		}
		terms, post = append(terms, ts), append(post, ps)
	}
	return m.T, terms, post
}

// posting is one decoded posting: a doc of an entry, and the best field
// the term is in there.
type posting struct{ entry, doc, field int }

// decodePostings reads a posting list as search.js's decode does.
func decodePostings(t *testing.T, s string) []posting {
	t.Helper()
	var out []posting
	if !eachPosting([]byte(s), func(entry, doc, field int) { out = append(out, posting{entry, doc, field}) }) {
		t.Fatalf("posting list %q ends inside a number", s)
	}
	return out
}

// TestSearchParts builds a site whose index is cut into several shards
// and chunks, and checks what search.js relies on: every term is in the
// shard the manifest's bounds name for it, terms are sorted as
// JavaScript sorts strings, every entry is in the chunk its number names,
// and the posting lists decode to the docs that hold each term.
func TestSearchParts(t *testing.T) {
	res, err := Build(Config{Content: corpusFS(300)})
	if err != nil {
		t.Fatal(err)
	}
	bounds, terms, post := shardTerms(t, res.Output)
	if len(bounds) < 3 {
		t.Fatalf("a 300-page site has %d shards; the test needs several", len(bounds))
	}
	var all []string
	for i, ts := range terms {
		for j, term := range ts {
			if got := sort.Search(len(bounds), func(k int) bool { return bounds[k] > term }) - 1; got != i {
				t.Errorf("term %q is in shard %d, but the bounds lead to shard %d", term, i, got)
			}
			for _, p := range decodePostings(t, post[i][j]) {
				if p.field < fieldBody || p.field > fieldTitle {
					t.Errorf("term %q: posting %+v has no field", term, p)
				}
			}
			all = append(all, term)
		}
	}
	if !slices.IsSortedFunc(all, func(a, b string) int {
		if lessUTF16(a, b) {
			return -1
		}
		return 1
	}) {
		t.Error("the shards' terms are not in order")
	}
	entries := indexedEntries(t, res.Output)
	if len(entries) < 300 {
		t.Fatalf("%d entries for a 300-page site", len(entries))
	}
	// "closing" (stemmed "close") is in the text of every page's last
	// section, "summary" its heading, and "page" in every title.
	find := func(term string) []posting {
		for i, ts := range terms {
			if j := slices.Index(ts, term); j >= 0 {
				return decodePostings(t, post[i][j])
			}
		}
		t.Fatalf("no term %q", term)
		return nil
	}
	for term, field := range map[string]int{"close": fieldBody, "summari": fieldHeading, "page": fieldTitle} {
		ps := find(term)
		if len(ps) == 0 {
			t.Fatalf("%q has no postings", term)
		}
		for _, p := range ps {
			if p.entry >= len(entries) || p.doc >= len(entries[p.entry].Docs) {
				t.Fatalf("%q: posting %+v points past the entries", term, p)
			}
			d := entries[p.entry].Docs[p.doc]
			have := strings.ToLower(entries[p.entry].Title + " " + d.Heading + " " + d.Text)
			if !strings.Contains(have, strings.TrimRight(term, "ei")) {
				t.Errorf("%q: posting %+v points at %q", term, p, have)
			}
		}
		if got := slices.MaxFunc(ps, func(a, b posting) int { return a.field - b.field }).field; got != field {
			t.Errorf("%q is at best in field %d, want %d", term, got, field)
		}
	}
}

// TestSearchIndexDeferred checks that a dev server's deferred index is
// the one a build writes, file for file.
func TestSearchIndexDeferred(t *testing.T) {
	fsys := corpusFS(200)
	built, err := Build(Config{Content: fsys})
	if err != nil {
		t.Fatal(err)
	}
	deferred, err := Build(Config{Content: fsys, Defer: true, Cache: NewCache()})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for p, b := range built.Output.Files {
		if !IsSearchIndex(p) {
			continue
		}
		n++
		if _, early := deferred.Output.Files[p]; early {
			t.Errorf("%s was made with the pages, not on first use", p)
		}
		if got, ok := deferred.Output.File(p); !ok || !bytes.Equal(got, b) {
			t.Errorf("%s deferred differs from %s built (%d bytes, %d)", p, p, len(got), len(b))
		}
	}
	for p := range deferred.Output.Deferred {
		if _, ok := built.Output.Files[p]; !ok {
			t.Errorf("%s is deferred but not built", p)
		}
	}
	if n < 3 {
		t.Errorf("only %d index files", n)
	}
}

// postingsOf returns the postings of a term in the index a build wrote.
func postingsOf(t *testing.T, o *Output, term string) []posting {
	t.Helper()
	_, terms, post := shardTerms(t, o)
	for i, ts := range terms {
		if j := slices.Index(ts, term); j >= 0 {
			return decodePostings(t, post[i][j])
		}
	}
	return nil
}

// TestSearchIndexHoldsComparison checks that every dimension of the data
// is a result of its own, linked to its row, with its cells' text, and
// found by the words of its cells.
func TestSearchIndexHoldsComparison(t *testing.T) {
	res, err := Build(Config{Content: os.DirFS("testdata/sites/compare/src")})
	if err != nil {
		t.Fatal(err)
	}
	entries := indexedEntries(t, res.Output)
	byURL := map[string]int{}
	for i, e := range entries {
		byURL[e.URL] = i
	}
	for _, tc := range []struct{ url, title, path, text string }{
		{"compare/index.html#focus", "Focus", "Compare roles › Work", "Dev: Building features, see the dev page. QA: Testing. Ops: Running."},
		{"compare/index.html#tools", "Tools", "Compare roles › Work", "Dev: Editor; Compiler. QA: Test runner. Ops: Pager."},
		{"compare/index.html#pay", "Median pay", "Compare roles › Pay", "Dev: €50,000–€70,000 per year. QA: €45,000–€60,000 per year. Ops: n/a."},
	} {
		i, ok := byURL[tc.url]
		if !ok {
			t.Errorf("no entry for %s", tc.url)
			continue
		}
		e := entries[i]
		if e.Title != tc.title || e.Path != tc.path {
			t.Errorf("%s: entry %q in %q, want %q in %q", tc.url, e.Title, e.Path, tc.title, tc.path)
		}
		if len(e.Docs) != 1 || !strings.Contains(e.Docs[0].Text, tc.text) {
			t.Errorf("%s: docs %q do not hold %q", tc.url, e.Docs, tc.text)
		}
	}
	for term, url := range map[string]string{"compiler": "compare/index.html#tools", "pager": "compare/index.html#tools", "70000": "compare/index.html#pay"} {
		found := false
		for _, p := range postingsOf(t, res.Output, term) {
			found = found || entries[p.entry].URL == url
		}
		if !found {
			t.Errorf("%q does not lead to %s", term, url)
		}
	}
}

// searchQueryBudget is the most a one-word query may load from a
// 2,000-page site's index.
const searchQueryBudget = 300 << 10

// TestSearchIndexBudget keeps the index of a 2,000-page site within 30%
// of its HTML (our handbook's, whose pages are short beside its data,
// within 40%), and a one-word query's loading within searchQueryBudget. What a query loads is bounded from above
// without ranking it: the manifest, the shards search.js looks the word
// up in (the shard of the word, then of the words it begins and of the
// words with its first two letters, while they add up to at most 256
// kB) and the largest chunks, one per result shown.
func TestSearchIndexBudget(t *testing.T) {
	hb, err := Build(Config{Content: os.DirFS("../handbook"), Name: "handbook"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Build(Config{Content: corpusFS(2000)})
	if err != nil {
		t.Fatal(err)
	}
	for _, site := range []struct {
		name    string
		o       *Output
		percent int
	}{{"handbook", hb.Output, 40}, {"2,000 pages", res.Output, 30}} {
		index, pages := site.o.SearchIndexSize()
		if index == 0 || index*100 > pages*site.percent {
			t.Errorf("%s: the search index is %d bytes, %d%% of %d bytes of HTML; the budget is %d%%", site.name, index, index*100/pages, pages, site.percent)
		}
	}
	o := res.Output
	bounds, _, _ := shardTerms(t, o)
	var m struct{ N []int }
	if err := json.Unmarshal(indexParts(t, o)[SearchManifestURL][1], &m); err != nil {
		t.Fatal(err)
	}
	var chunks []int
	for p, b := range o.Files {
		if strings.HasPrefix(p, SearchDir+"d-") {
			chunks = append(chunks, len(b))
		}
	}
	slices.Sort(chunks)
	slices.Reverse(chunks)
	largest := 0
	for _, n := range chunks[:min(12, len(chunks))] {
		largest += n
	}
	shardOf := func(x string) int {
		return sort.Search(len(bounds), func(k int) bool { return lessUTF16(x, bounds[k]) }) - 1
	}
	f := newFolder()
	for _, word := range []string{"product", "managers", "closing", "paragraph", "engineering", "summary", "emphasis", "realistic", "pr", "s"} {
		term := f.tokens(word)[0]
		need, bytes := map[int]bool{shardOf(term): true}, m.N[shardOf(term)]
		for _, p := range []string{term, prefixRunes(term, 2)} {
			more := 0
			var in []int
			for i := shardOf(p); i <= shardOf(p+"\uffff"); i++ {
				if (i == len(bounds)-1 || bounds[i] != bounds[i+1]) && !need[i] {
					in = append(in, i) // a shard left empty has the next one's bound
					more += m.N[i]
				}
			}
			if bytes+more <= 256<<10 {
				bytes += more
				for _, i := range in {
					need[i] = true
				}
			}
		}
		loaded := len(o.Files[SearchManifestURL]) + largest
		for i := range need {
			loaded += len(o.Files[shardURL(i)])
		}
		if loaded > searchQueryBudget {
			t.Errorf("a query for %q loads up to %d bytes (%d shards); the budget is %d", word, loaded, len(need), searchQueryBudget)
		}
		t.Logf("%q: at most %d bytes", word, loaded)
	}
}

// TestSearchScriptIsJSON writes an index with every kind of string that
// needs escaping, and checks that each part of it passes search.js the
// same strings, as JSON.
func TestSearchScriptIsJSON(t *testing.T) {
	tricky := []string{"plain", `quote " and \ backslash`, "<script>&amp;</script>", "tab\tnew\nline\x01", "résumé ß", "line\u2028sep\u2029", "bad \xff utf-8", ""}
	ix := newSearchIndex()
	ts := newTermSet(ix.fold)
	for _, s := range tricky {
		ix.add(searchEntry{URL: "p" + s + ".html", Title: s, Path: s},
			[]indexedDoc{ts.doc("", "", s, s, "", ""), ts.doc("h"+s, s, s+" more", "", "", "word")})
	}
	ix.finish()
	o := &Output{Files: ix.files(searchPlan{shards: 3, chunks: 3})}
	for p, b := range o.Files {
		if bytes.Contains(b, []byte("</script")) || bytes.ContainsAny(b, "<>&\u2028\u2029") {
			t.Errorf("%s holds characters that are not safe inline in a page: %q", p, b)
		}
	}
	entries := indexedEntries(t, o)
	if len(entries) != len(tricky) {
		t.Fatalf("%d entries, want %d", len(entries), len(tricky))
	}
	for i, s := range tricky {
		want := strings.ToValidUTF8(s, "\ufffd")
		e := entries[i]
		if e.Title != want || e.Path != want || e.URL != "p"+want+".html" || e.Docs[1].Heading != want || e.Docs[1].Text != want+" more" {
			t.Errorf("entry %d came back as %q, want %q", i, e, want)
		}
	}
}

// TestCollapseAndClasses pins the white-space rules of the search text.
func TestCollapseAndClasses(t *testing.T) {
	for _, s := range []string{"", "  ", "a", " a  b\t\nc ", "x\u00a0y\u2003z", "é  ü", "\u0085a", "1\u202f000 \u2009"} {
		var sp spaced
		half := string([]rune(s)[:len([]rune(s))/2])
		sp.write([]byte(half))
		sp.write([]byte(s[len(half):]))
		if got, want := sp.take(), strings.Join(strings.FieldsFunc(s, collapsible), " "); got != want {
			t.Errorf("spaced %q = %q, want %q", s, got, want)
		}
	}
	for _, c := range []struct {
		classes, class string
		want           bool
	}{
		{"anchor", "anchor", true}, {" x\tanchor\n", "anchor", true}, {"anchors", "anchor", false},
		{"", "anchor", false}, {"a b", "", false}, {"dim-desc other", "dim-desc", true},
	} {
		if got := hasClass(c.classes, c.class); got != c.want {
			t.Errorf("hasClass(%q, %q) = %v", c.classes, c.class, got)
		}
	}
}
