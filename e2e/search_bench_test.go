package e2e

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// benchQueries are ten different queries a reader might type into the
// benchmark's synthetic handbook: one word first, then a mix of words,
// phrases, a typo, a number and a prefix.
var benchQueries = []string{"product", "realistic", "paragraph", "engineering team", "closing", "emphasis", "nestd", "business", "100074", "summ"}

// keyPace is how long the benchmark waits between keys.
const keyPace = 120 * time.Millisecond

// benchObserver notes, in the page, when the first and the last key of
// a query go down, when the last goes up, and when the results list first and last
// shows results, all in milliseconds of performance.now().
const benchObserver = `(() => {
	window.__hb = {down: 0, lastDown: 0, up: 0, first: 0, last: 0};
	document.addEventListener("keydown", () => { if (!__hb.down) __hb.down = performance.now(); __hb.lastDown = performance.now(); }, true);
	document.addEventListener("keyup", () => { __hb.up = performance.now(); }, true);
	new MutationObserver(() => {
		if (!__hb.down || !document.querySelector("#hb-search-results [role=option]")) return;
		const now = performance.now();
		if (!__hb.first) __hb.first = now;
		__hb.last = now;
	}).observe(document.getElementById("hb-search-results"), {childList: true});
})()`

type benchTimes struct {
	Down, LastDown, Up, First, Last float64
}

// TestSearchBenchmark measures search over file:// on a site that `make
// bench` built (HANDBOOK_SEARCH_BENCH names its folder): how soon after
// the first key the first results show, how much of the index a
// one-word query loads and ten queries load, and the index's size
// beside the HTML's. It is skipped without the variable.
func TestSearchBenchmark(t *testing.T) {
	site := os.Getenv("HANDBOOK_SEARCH_BENCH")
	if site == "" {
		t.Skip("set HANDBOOK_SEARCH_BENCH to a built site (make bench does)")
	}
	site, err := filepath.Abs(site)
	if err == nil {
		site, err = filepath.EvalSymlinks(site)
	}
	if err != nil {
		t.Fatal(err)
	}
	index, html := 0, 0
	err = filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, site+string(filepath.Separator)))
		switch {
		case strings.HasPrefix(rel, "assets/search/"):
			index += int(info.Size())
		case strings.HasSuffix(rel, ".html") && !strings.HasPrefix(rel, "print"):
			html += int(info.Size())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	tb := newTab(t)
	// A page four folders down, as most pages of a large handbook are.
	page := "s4/t2/u7/page-3/index.html"
	tb.open(fileURL(site, page))
	tb.waitFor("the search box", `document.querySelector(".search-input")`)
	tb.do("watch the results", evalVoid(benchObserver))
	loaded := func() int {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		seen, n := map[string]bool{}, 0
		for _, u := range tb.urls {
			rel, ok := strings.CutPrefix(u, fileURL(site, "assets/search/"))
			if !ok || seen[rel] {
				continue
			}
			seen[rel] = true
			if info, err := os.Stat(filepath.Join(site, "assets", "search", rel)); err == nil {
				n += int(info.Size())
			}
		}
		return n
	}
	var firsts, finals []float64
	var oneWord int
	var firstQuery float64
	for i, q := range benchQueries {
		if i == 0 {
			// The reader clicks into the box and types at once: the
			// manifest starts loading on the click.
			tb.do("click into the search box", chromedp.Click(chromedp.CSS(".search-input")))
		} else {
			tb.do("clear the search box", evalVoid(`(() => {
				const i = document.querySelector(".search-input");
				i.value = "";
				i.dispatchEvent(new Event("input"));
				__hb = {down: 0, lastDown: 0, up: 0, first: 0, last: 0};
			})()`))
		}
		// At 120 ms a key, as a quick typist types.
		for _, r := range q {
			tb.press(string(r))
			time.Sleep(keyPace)
		}
		// Done once no part of the index is loading and the list has
		// been still for half a second after the last key.
		tb.waitFor("the results for "+q, `__hb.up && !document.querySelector('script[src*="assets/search/"]') &&
			performance.now() - Math.max(__hb.up, __hb.last) > 500 && document.querySelector(".search-status").textContent`)
		tm := eval[benchTimes](tb, `({Down: __hb.down, LastDown: __hb.lastDown, Up: __hb.up, First: __hb.first, Last: __hb.last})`)
		status := eval[string](tb, `document.querySelector(".search-status").textContent`)
		if tm.First == 0 {
			t.Logf("%-18q no results (%s)", q, status)
			continue
		}
		first, final := tm.First-tm.Down, max(0, tm.Last-tm.LastDown)
		firsts, finals = append(firsts, first), append(finals, final)
		t.Logf("%-18q first results %4.0f ms after the first key, the last results %4.0f ms after the last; %s; %s loaded so far",
			q, first, final, status, kB(loaded()))
		t.Logf("%-18s %s", "", steps(tb, tm))
		if i == 0 {
			oneWord, firstQuery = loaded(), first
		}
	}
	tb.clean("searching")
	sort.Float64s(firsts)
	sort.Float64s(finals)
	t.Logf("first results after the first key: %.0f ms for the first query, %.0f ms at most (median %.0f ms) over %d queries; target 300 ms",
		firstQuery, firsts[len(firsts)-1], firsts[len(firsts)/2], len(firsts))
	t.Logf("results after the last key: %.0f ms at most (median %.0f ms)", finals[len(finals)-1], finals[len(finals)/2])
	t.Logf("index loaded: %s by the one-word query %q (target 500 kB), %s after %d queries (target 2 MB)",
		kB(oneWord), benchQueries[0], kB(loaded()), len(benchQueries))
	t.Logf("index on disk: %s, %.1f%% of the %s of HTML (target 30%%)", kB(index), float64(index)*100/float64(html), kB(html))
}

// steps lists the marks search.js left (see mark in search.js) from the
// first key of a query to its first results, each in ms after the key,
// so that the figure above can be read as where its time went.
func steps(tb *tab, tm benchTimes) string {
	type mark struct {
		Name   string
		Detail string
		At     float64
	}
	marks := eval[[]mark](tb, `performance.getEntriesByType("mark").filter(m => m.name.startsWith("search ")).
		map(m => ({Name: m.name.slice(7), Detail: String(m.detail ?? ""), At: m.startTime}))`)
	var b strings.Builder
	b.WriteString("steps:")
	for _, m := range marks {
		if m.At < tm.Down-1 || m.At > tm.First+1 {
			continue
		}
		if m.Name == "query" {
			fmt.Fprintf(&b, " | %q", m.Detail)
		}
		fmt.Fprintf(&b, " %s %.0f", m.Name, m.At-tm.Down)
	}
	return b.String()
}

// kB writes a size in kB, or MB from a megabyte on.
func kB(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.2f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f kB", float64(n)/1024)
}
