package generator

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

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
		{"$96,522 per year", []string{"96", "522", "per", "year"}},
		{"ΣΟΦΟΣ", []string{"σοφοσ"}},
		{"日本語 text", []string{"日本語", "text"}},
	} {
		if got := f.tokens(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("tokens(%q) = %q, want %q", tc.in, got, tc.want)
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

// readIndex decodes the index a build wrote, as search.js sees it.
func readIndex(t *testing.T, o *Output) *searchIndex {
	t.Helper()
	b := o.Files[SearchIndexURL]
	if !bytes.HasPrefix(b, []byte("window.HANDBOOK_SEARCH=")) || !bytes.HasSuffix(b, []byte(";\n")) {
		t.Fatalf("%s is not a script assigning window.HANDBOOK_SEARCH: %.60q", SearchIndexURL, b)
	}
	var raw struct {
		E [][3]string
		D [][4]any
		T []string
		P [][]int
	}
	b = bytes.TrimSuffix(bytes.TrimPrefix(b, []byte("window.HANDBOOK_SEARCH=")), []byte(";\n"))
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	ix := &searchIndex{Terms: raw.T, Post: raw.P, fold: newFolder()}
	for _, e := range raw.E {
		ix.Entries = append(ix.Entries, searchEntry{URL: e[0], Title: e[1], Path: e[2]})
	}
	for _, d := range raw.D {
		ix.Docs = append(ix.Docs, searchDoc{Entry: int(d[0].(float64)), Anchor: d[1].(string), Heading: d[2].(string), Text: d[3].(string)})
	}
	return ix
}

// results names each hit as "title#anchor".
func results(ix *searchIndex, q string) []string {
	var out []string
	for _, h := range ix.query(q) {
		s := ix.Entries[h.Entry].Title
		if a := ix.Docs[h.Doc].Anchor; a != "" {
			s += "#" + a
		}
		out = append(out, s)
	}
	return out
}

func TestSearchRanking(t *testing.T) {
	site := fstest.MapFS{
		"index.md":          {Data: []byte("# Home\n\nWelcome.\n")},
		"guide/_index.md":   {Data: []byte("# Guide\n\nHow we work.\n\n## Roadmap reviews\n\nOnce a month.\n\n## Hiring\n\nA café chat.\n")},
		"guide/roadmaps.md": {Data: []byte("# Roadmaps\n\nPlanning ahead.\n")},
		"notes.md":          {Data: []byte("# Notes\n\nWe talk about the roadmap here, and the Roadmapping tool.\n")},
	}
	res, err := Build(Config{Content: site})
	if err != nil {
		t.Fatal(err)
	}
	ix := readIndex(t, res.Output)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		// A title beats a heading, which beats body text.
		{"roadmap", []string{"Roadmaps", "Guide#roadmap-reviews", "Notes"}},
		{"ROAD", []string{"Roadmaps", "Guide#roadmap-reviews", "Notes"}},
		// A whole word beats a prefix in the same field.
		{"roadmaps", []string{"Roadmaps"}},
		// Every word must match, in any part of the page.
		{"roadmap month", []string{"Guide#roadmap-reviews"}},
		{"guide hiring", []string{"Guide#hiring"}},
		// Case and accents do not matter.
		{"Cafe", []string{"Guide#hiring"}},
		{"CAFÉ", []string{"Guide#hiring"}},
		{"welc", []string{"Home"}},
		{"zebra", nil},
		{"   ", nil},
	} {
		if got := results(ix, tc.q); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("query %q = %q, want %q", tc.q, got, tc.want)
		}
	}
	for _, e := range ix.Entries {
		if e.Title == "Roadmaps" && e.Path != "Guide" {
			t.Errorf("Roadmaps has section path %q, want Guide", e.Path)
		}
	}
}

// TestSearchIndexHoldsComparison checks that every dimension of the data
// is a result of its own, linked to its row, with its cells' text.
func TestSearchIndexHoldsComparison(t *testing.T) {
	res, err := Build(Config{Content: os.DirFS("testdata/sites/compare/src")})
	if err != nil {
		t.Fatal(err)
	}
	ix := readIndex(t, res.Output)
	byURL := map[string]int{}
	for i, e := range ix.Entries {
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
		e := ix.Entries[i]
		if e.Title != tc.title || e.Path != tc.path {
			t.Errorf("%s: entry %q in %q, want %q in %q", tc.url, e.Title, e.Path, tc.title, tc.path)
		}
		found := false
		for _, d := range ix.Docs {
			if d.Entry == i && strings.Contains(d.Text, tc.text) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no doc holds %q", tc.url, tc.text)
		}
	}
	for q, want := range map[string]string{"compiler": "Tools", "pager": "Tools", "median": "Median pay", "pay 70,000": "Median pay"} {
		got := results(ix, q)
		if len(got) == 0 || got[0] != want {
			t.Errorf("query %q = %q, want %q first", q, got, want)
		}
	}
}

// TestSearchIndexBudget keeps the real handbook's index within 40% of its
// HTML, and checks that it finds what a reader would look for.
func TestSearchIndexBudget(t *testing.T) {
	res, err := Build(Config{Content: os.DirFS("../handbook"), Name: "handbook"})
	if err != nil {
		t.Fatal(err)
	}
	index, pages := res.Output.SearchIndexSize()
	if index == 0 || index*10 > pages*4 {
		t.Errorf("search index is %d bytes, %d%% of %d bytes of HTML; the budget is 40%%", index, index*100/pages, pages)
	}
	ix := readIndex(t, res.Output)
	if got := results(ix, "average salary"); len(got) == 0 || got[0] != "Average salary" {
		t.Errorf(`query "average salary" = %q, want the comparison row first`, got)
	}
	// The title holds every word, so the link goes to the top of the page.
	if got := results(ix, "key differences"); len(got) == 0 || got[0] != "Key differences" {
		t.Errorf(`query "key differences" = %q, want the page first`, got)
	}
}

// TestSearchScriptIsJSON writes an index with every kind of string that
// needs escaping, and checks its script against encoding/json's output
// for the same data.
func TestSearchScriptIsJSON(t *testing.T) {
	tricky := []string{"plain", `quote " and \ backslash`, "<script>&amp;</script>", "tab\tnew\nline\x01", "résumé ß", "line\u2028sep\u2029", "bad \xff utf-8", ""}
	ix := newSearchIndex()
	for _, s := range tricky {
		ix.add(searchEntry{URL: "p" + s + ".html", Title: s, Path: s},
			[]indexedDoc{ix.fold.doc("", "", s, map[int][]string{fieldTitle: {s}}), ix.fold.doc("h"+s, s, s+" more", map[int][]string{fieldBody: {"word"}})})
	}
	ix.finish()
	type out struct {
		Entries [][3]string `json:"e"`
		Docs    [][]any     `json:"d"`
		Terms   []string    `json:"t"`
		Post    [][]int     `json:"p"`
	}
	o := out{Terms: ix.Terms, Post: ix.Post}
	for _, e := range ix.Entries {
		o.Entries = append(o.Entries, [3]string{e.URL, e.Title, e.Path})
	}
	for _, d := range ix.Docs {
		o.Docs = append(o.Docs, []any{d.Entry, d.Anchor, d.Heading, d.Text})
	}
	js, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	want := "window.HANDBOOK_SEARCH=" + string(js) + ";\n"
	if got := string(ix.script()); got != want {
		t.Errorf("script differs from encoding/json:\n got %q\nwant %q", got, want)
	}
}

// TestCollapseAndClasses pins the white-space rules of the search text.
func TestCollapseAndClasses(t *testing.T) {
	for _, s := range []string{"", "  ", "a", " a  b\t\nc ", "x\u00a0y\u2003z", "é  ü", "\u0085a"} {
		if got, want := collapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
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
