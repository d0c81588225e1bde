package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The search tests run the shipped search.js over indexes that the
// handbook binary built: small sites of their own for each rule, our
// handbook for its comparison, a single-file edition and the dev server.

// buildSite writes files into a handbook folder of the test's own, builds
// it with the handbook binary and returns the built site's folder. args
// are passed to handbook build.
func buildSite(t *testing.T, files map[string]string, args ...string) string {
	t.Helper()
	suite.require(t, suite.skip)
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	for name, body := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "site")
	cmd := exec.Command(suite.bin, append([]string{"build", "-src", src, "-out", out}, args...)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("handbook build: %v\n%s", err, b)
	}
	return out
}

// fileURL returns the file:// URL of a file under dir.
func fileURL(dir, rel string) string {
	return "file://" + filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(rel)))
}

// searchResult is one result as a reader sees it.
type searchResult struct {
	Title   string   `json:"title"`
	Path    string   `json:"path"`
	Snippet string   `json:"snippet"`
	Href    string   `json:"href"`
	Marks   []string `json:"marks"` // the words in <mark>, in the title and the snippet
}

// search puts q into the search box of the page shown, as a paste does,
// and returns the results once the box has shown them.
func (tb *tab) search(q string) []searchResult {
	tb.t.Helper()
	tb.do("search for "+q, evalVoid(`(() => {
		document.querySelector(".search-status").textContent = "";
		const i = document.querySelector(".search-input");
		i.focus();
		i.value = `+jsString(q)+`;
		i.dispatchEvent(new Event("input"));
	})()`))
	tb.waitFor("the results for "+q, `(() => {
		const s = document.querySelector(".search-status").textContent;
		return s !== "" && !s.startsWith("Loading");
	})()`)
	if s := eval[string](tb, `document.querySelector(".search-status").textContent`); strings.Contains(s, "could not") {
		tb.t.Fatalf("searching for %q: %s", q, s)
	}
	return eval[[]searchResult](tb, `Array.from(document.querySelectorAll("#hb-search-results [role=option]"), a => ({
		title: a.querySelector(".search-title").textContent,
		path: (a.querySelector(".search-path") || {}).textContent || "",
		snippet: (a.querySelector(".search-snippet") || {}).textContent || "",
		href: a.href,
		marks: Array.from(a.querySelectorAll("mark"), m => m.textContent),
	}))`)
}

func titles(rs []searchResult) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Title
	}
	return out
}

// matchingSite has a page for each matching rule, and pages whose order
// in the results the ranking decides.
var matchingSite = map[string]string{
	"handbook.toml":         "title = \"Matching\"\n",
	"_index.md":             "# Matching\n\nWelcome.\n",
	"people/stakeholder.md": "# Working with others\n\nEvery stakeholder needs a map of who decides.\n",
	"people/pay.md":         "# Pay\n\nThe median salary was $100,074 a year.\n",
	"people/cv.md":          "# Résumé tips\n\nKeep it short.\n",
	"people/japan.md":       "# Tokyo office\n\n東京の検索エンジンを使います。\n",
	"people/blank.md":       "# Blank page\n\n## Only a heading\n",
	// The ranking: a title beats a heading, which beats the text.
	"plans/roadmaps.md": "# Roadmaps\n\nPlanning ahead.\n",
	"plans/_index.md":   "# Plans\n\nHow we plan.\n\n## Roadmap reviews\n\nOnce a month.\n\n## Hiring\n\nA café chat.\n",
	"plans/notes.md":    "# Notes\n\nWe talk about the roadmap here.\n",
	// Closer words rank higher: side by side, then in one part of the
	// page, then in different parts.
	"near/apart.md":    "# Apart\n\n## First\n\nThe quarterly figures.\n\n## Second\n\nThe budget talks.\n",
	"near/together.md": "# Together\n\nThe quarterly budget talks.\n",
	"near/between.md":  "# Between\n\nThe quarterly figures feed the budget talks.\n",
}

// TestSearchMatching checks each matching rule once, in the shipped
// search.js over an index the binary built: typos, stems, numbers,
// prefixes, accents and text written without spaces.
func TestSearchMatching(t *testing.T) {
	site := buildSite(t, matchingSite)
	tb := newTab(t)
	tb.open(fileURL(site, "people/pay/index.html"))
	tb.waitFor("the search box", `document.querySelector(".search-input")`)
	for _, tc := range []struct {
		rule, query, first, mark string
	}{
		{"one typo in a word of five letters or more, two in nine or more", "stakeholdr", "Working with others", "stakeholder"},
		{"plurals and simple stems", "salaries", "Pay", "salary"},
		{"numbers across formatting", "100074", "Pay", "100,074"},
		{"a prefix while typing", "stakehol", "Working with others", "stakeholder"},
		{"accents ignored", "resume tips", "Résumé tips", "Résumé"},
		{"text without spaces", "検索", "Tokyo office", "検索"},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			rs := tb.search(tc.query)
			if len(rs) == 0 || rs[0].Title != tc.first {
				t.Fatalf("%q found %q, want %q first", tc.query, titles(rs), tc.first)
			}
			found := false
			for _, m := range rs[0].Marks {
				found = found || m == tc.mark
			}
			if !found {
				t.Errorf("%q: the result marks %q, not %q", tc.query, rs[0].Marks, tc.mark)
			}
		})
	}
	t.Run("typos are bounded", func(t *testing.T) {
		// Two typos in an eight-letter word are too many.
		if rs := tb.search("stakhldr"); len(rs) != 0 {
			t.Errorf("stakhldr found %q", titles(rs))
		}
	})
	tb.clean("searching")
}

// TestSearchOrder checks the order of results: a title before a heading
// before the text, words side by side before words apart, and words in
// one part of a page before words in different parts; and that every
// result shows a snippet.
func TestSearchOrder(t *testing.T) {
	site := buildSite(t, matchingSite)
	tb := newTab(t)
	tb.open(fileURL(site, "index.html"))
	tb.waitFor("the search box", `document.querySelector(".search-input")`)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"roadmap", []string{"Roadmaps", "Plans › Roadmap reviews", "Notes"}},
		{"roadmap month", []string{"Plans › Roadmap reviews"}},
		{"plans hiring", []string{"Plans › Hiring"}},
		// A result links to the part of its page that holds most words.
		{"quarterly budget", []string{"Together", "Between", "Apart › First"}},
	} {
		rs := tb.search(tc.query)
		if got := titles(rs); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%q found %q, want %q", tc.query, got, tc.want)
		}
		for _, r := range rs {
			if strings.TrimSpace(r.Snippet) == "" {
				t.Errorf("%q: %q has no snippet", tc.query, r.Title)
			}
		}
	}
	if rs := tb.search("only heading"); len(rs) != 1 || rs[0].Snippet == "" {
		t.Errorf("a page with no text shows %+v, want one result with a snippet", rs)
	}
	tb.clean("searching")
}

// TestSearchHandbook searches our handbook from disk: a comparison row is
// a result that links to its row, a page whose title holds the query is
// first, and no request leaves the site's folder.
func TestSearchHandbook(t *testing.T) {
	tb := newTab(t)
	tb.open(suite.page("guide/working-together/index.html"))
	tb.waitFor("the search box", `document.querySelector(".search-input")`)
	rs := tb.search("average salary")
	if len(rs) == 0 || rs[0].Title != "Average salary" || !strings.HasPrefix(rs[0].Href, suite.page("compare/index.html")+"#") {
		t.Errorf(`"average salary" found %+v first, want the row of compare/`, rs)
	} else {
		tb.follow(`#hb-search-result-0`, "compare/index.html")
		id := strings.TrimPrefix(rs[0].Href, suite.page("compare/index.html")+"#")
		if !eval[bool](tb, fmt.Sprintf(`!!document.getElementById(%s)`, jsString(id))) {
			t.Errorf("the row %s is not on the page", id)
		}
		tb.waitFor("the search box", `document.querySelector(".search-input")`)
	}
	if rs := tb.search("key differences"); len(rs) == 0 || rs[0].Title != "Key differences" {
		t.Errorf(`"key differences" found %q, want the page first`, titles(rs))
	}
	tb.clean("searching")
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, u := range tb.urls {
		if !strings.HasPrefix(u, "file://"+filepath.ToSlash(suite.site)+"/") {
			t.Errorf("a request left the site's folder: %s", u)
		}
	}
}

// TestSearchSingleFile searches the single-file edition, whose index is
// inside it: results link within the file, and the file loads nothing.
func TestSearchSingleFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "handbook.html")
	buildSite(t, matchingSite, "-single", file)
	tb := newTab(t)
	tb.open("file://" + filepath.ToSlash(file))
	tb.waitFor("the search box", `document.querySelector(".search-input")`)
	rs := tb.search("salaries")
	if len(rs) == 0 || rs[0].Title != "Pay" {
		t.Fatalf(`"salaries" found %q, want Pay`, titles(rs))
	}
	base := "file://" + filepath.ToSlash(file) + "#"
	if !strings.HasPrefix(rs[0].Href, base) || !eval[bool](tb, fmt.Sprintf(`!!document.getElementById(%s)`, jsString(strings.TrimPrefix(rs[0].Href, base)))) {
		t.Errorf("the result links to %s, not to a part of the file", rs[0].Href)
	}
	tb.clean("searching")
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, u := range tb.urls {
		if u != "file://"+filepath.ToSlash(file) && !strings.HasPrefix(u, "data:") {
			t.Errorf("the single file loaded %s", u)
		}
	}
}

// TestSearchServe searches under `handbook serve -watch`, whose index is
// made on first use after each build: a word added to a page is found
// once the page is saved.
func TestSearchServe(t *testing.T) {
	s := startServer(t, nil)
	tb := newTab(t)
	tb.open(s.url + "index.html")
	tb.live()
	if rs := tb.search("average salary"); len(rs) == 0 || rs[0].Title != "Average salary" {
		t.Errorf(`"average salary" found %q, want the row of compare/ first`, titles(rs))
	}
	if rs := tb.search("zanzibarish"); len(rs) != 0 {
		t.Fatalf("zanzibarish is found before it is written: %q", titles(rs))
	}
	tb.do("mark the page", evalVoid(`window.__notReloaded = true`))
	md := s.read("guide/working-together.md")
	s.write("guide/working-together.md", md+"\nA zanzibarish word, added while serving.\n")
	tb.waitFor("the page to reload", `!window.__notReloaded && document.readyState === "complete" && document.querySelector(".search-input")`)
	rs := tb.search("zanzibarish")
	if len(rs) != 1 || !strings.HasPrefix(rs[0].Href, s.url+"guide/working-together/index.html") {
		t.Errorf("zanzibarish found %+v, want the page it was added to", rs)
	}
	tb.clean("searching")
	s.stop()
}

// TestSearchPhone checks that on a phone the search box, opened from its
// icon, spans the screen, so that a query is not cut short.
func TestSearchPhone(t *testing.T) {
	tb := newTab(t, viewport(390, 844, true))
	tb.open(suite.page("guide/key-differences/index.html"))
	tb.waitFor("the search icon", `document.querySelector(".search-open")`)
	tb.do("tap the search icon", chromedp.Click(chromedp.CSS(".search-open")))
	tb.waitFor("the box to be in use", `document.querySelector(".search.search-active")`)
	if w := eval[float64](tb, `document.querySelector(".search-input").getBoundingClientRect().width`); w < 300 {
		t.Errorf("the search box in use is %v pixels wide on a 390-pixel screen", w)
	}
	rs := tb.search("technical program manager")
	if len(rs) == 0 {
		t.Fatal("no results")
	}
	type box struct{ Left, Right float64 }
	p := eval[box](tb, `(() => { const r = document.querySelector(".search-panel").getBoundingClientRect(); return {Left: r.left, Right: r.right}; })()`)
	if p.Left > 16 || p.Right < 390-16 {
		t.Errorf("the results span %v to %v of a 390-pixel screen", p.Left, p.Right)
	}
	if out := eval[[]string](tb, headerOverflow); len(out) > 0 {
		t.Errorf("with the search box in use the header is too narrow for %q", out)
	}
	tb.screenshot("search-mobile")
	tb.clean("searching on a phone")
}

// TestSearchTermsMatchBuild holds search.js to the build's rules for
// turning text into terms: for a page of words that test each rule
// (stems, accents, numbers, scripts without spaces), the terms the
// browser makes of the page's text must be exactly those the build put
// in the index. A difference would be a word the index has and no query
// can reach.
func TestSearchTermsMatchBuild(t *testing.T) {
	site := buildSite(t, map[string]string{
		"handbook.toml": "title = \"Terms\"\n",
		"_index.md": "# Tricky terms\n\n" +
			"Salaries, salary; hiring hired hires; planning planned agreed feed sing filing fixing hopping falling sized rated troubled.\n\n" +
			"Day days sky stakeholders roadmaps is as has managing manager caresses ponies cats class yes bus.\n\n" +
			"Résumé cafe\u0301 Straße Łódź Ærø ŒUVRE PM’s über-cool ΣΟΦΟΣ İstanbul ǅungla ﬁne ½ ² ٣٤٥ Ünïcödé.\n\n" +
			"$96,522 per year; 1,000,000 or 1\u00a0000 or 1.5 or 2,50 or 1,0000; s1,000 v1.2.3 100’000 and 7,5.\n\n" +
			"日本語 text 検索エンジンです。日 コーヒー abc日本def 東京 한국어 문장.\n",
	})
	var index []string
	files, err := filepath.Glob(filepath.Join(site, "assets", "search", "t-*.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		args := strings.TrimSuffix(strings.TrimPrefix(string(b), "handbookSearch("), ");\n")
		var parts []json.RawMessage
		if err := json.Unmarshal([]byte("["+args+"]"), &parts); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var terms []string
		if err := json.Unmarshal(parts[2], &terms); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		index = append(index, terms...)
	}
	tb := newTab(t)
	tb.open(fileURL(site, "index.html"))
	tb.waitFor("the search script", `window.handbookSearch && handbookSearch.terms`)
	got := eval[[]string](tb, `(() => {
		const texts = [document.querySelector("main h1").textContent];
		document.querySelectorAll("main article p").forEach(p => texts.push(p.textContent));
		return Array.from(new Set(texts.flatMap(t => handbookSearch.terms(t))));
	})()`)
	sort.Strings(index)
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(index, " ") {
		inIndex, inPage := map[string]bool{}, map[string]bool{}
		for _, s := range index {
			inIndex[s] = true
		}
		for _, s := range got {
			inPage[s] = true
		}
		for _, s := range index {
			if !inPage[s] {
				t.Errorf("the build indexed %q, which search.js does not make of the text", s)
			}
		}
		for _, s := range got {
			if !inIndex[s] {
				t.Errorf("search.js makes %q of the text, which the build did not index", s)
			}
		}
	}
	tb.clean("the terms")
}

// prefixSite returns a handbook of n pages whose words begin with "p"
// and "pl" so often that the build ranks those prefixes ahead, in every
// field and in different parts of the pages, so that the ranking has
// ties to break and parts to choose between.
func prefixSite(n int) map[string]string {
	words := []string{"plan", "planning", "planet", "plain", "plate", "player", "plenty", "plot",
		"plural", "pl", "place", "price", "proof", "pale", "pass", "salt", "stone"}
	files := map[string]string{"handbook.toml": "title = \"Prefixes\"\n", "_index.md": "# Prefixes\n\nWelcome.\n"}
	for s := range 4 {
		files[fmt.Sprintf("s%d/_index.md", s)] = fmt.Sprintf("# Section %d\n\nNotes.\n", s)
	}
	for i := range n {
		w := func(k int) string { return words[(i*7+k*k*3+k)%len(words)] }
		var b strings.Builder
		title := fmt.Sprintf("Note %d", i)
		if i%60 == 0 {
			title += " " + w(0) // a few, so that most results are parts of pages
		}
		intro := "nothing much"
		if i%3 == 0 {
			intro = w(1)
		}
		fmt.Fprintf(&b, "# %s\n\nAn opening about %s.\n\n", title, intro)
		for s := range 5 {
			heading := fmt.Sprintf("Step %d", s)
			switch {
			case (i+s)%4 != 0:
			case i%8 == 0:
				heading += " " + w(2) // twice on the page, to pick between
			default:
				heading += " " + w(s+2)
			}
			fmt.Fprintf(&b, "## %s\n\nSome text with %s, %s and %s, then %s, %s, %s or %s.\n\n", heading,
				w(s+3), w(s*5+1), w(s*2+7), w(s+11), w(s*3+13), w(s+17), w(s*7+19))
		}
		files[fmt.Sprintf("s%d/page-%d.md", i%4, i)] = b.String()
	}
	return files
}

// TestSearchRankedAhead checks that the rankings the build makes ahead
// for short words, which let results show from the first key, are the
// ones search.js makes itself: for every prefix the manifest lists, the
// same results, in the same order, with the same links, snippets and
// marks, and the same count, as when search.js is not told of them and
// ranks the word's postings.
func TestSearchRankedAhead(t *testing.T) {
	site := buildSite(t, prefixSite(400))
	b, err := os.ReadFile(filepath.Join(site, "assets", "search", "manifest.js"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ P []string }
	args := strings.TrimSuffix(strings.TrimPrefix(string(b), `handbookSearch("m",`), ");\n")
	if err := json.Unmarshal([]byte(args), &m); err != nil {
		t.Fatalf("manifest.js: %v", err)
	}
	for _, want := range []string{"p", "pl"} {
		if !slices.Contains(m.P, want) {
			t.Fatalf("the build ranked %q ahead, not %q", m.P, want)
		}
	}
	type answer struct {
		Status  string
		Results []searchResult
	}
	answers := func(hide bool) map[string]answer {
		tb := newTab(t)
		tb.open(fileURL(site, "s1/page-1/index.html"))
		tb.waitFor("the search box", `document.querySelector(".search-input")`)
		if hide {
			// The manifest then lists no prefix, and search.js ranks
			// every query itself.
			tb.do("hide the rankings", evalVoid(`(() => {
				const real = window.handbookSearch;
				window.handbookSearch = Object.assign(function (kind, n, ...rest) {
					return real(kind, kind === "m" ? Object.assign({}, n, {p: []}) : n, ...rest);
				}, real);
			})()`))
		}
		out := map[string]answer{}
		for _, q := range m.P {
			rs := tb.search(q)
			out[q] = answer{eval[string](tb, `document.querySelector(".search-status").textContent`), rs}
		}
		tb.clean("searching")
		return out
	}
	t.Logf("ranked ahead: %q", m.P)
	ahead, here := answers(false), answers(true)
	for _, q := range m.P {
		a, h := ahead[q], here[q]
		if len(a.Results) == 0 {
			t.Errorf("%q: no results", q)
		}
		ja, _ := json.MarshalIndent(a, "", "  ")
		jh, _ := json.MarshalIndent(h, "", "  ")
		if string(ja) != string(jh) {
			t.Errorf("%q ranked by the build:\n%s\nranked by search.js:\n%s", q, ja, jh)
		}
	}
}
