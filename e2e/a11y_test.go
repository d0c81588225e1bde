package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axePath is where npm puts axe-core, the accessibility checker, when it
// installs the repository's package.json.
const axePath = "node_modules/axe-core/axe.min.js"

// violation is one rule that axe-core found broken, with the elements
// that break it.
type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// runAxe is the script that checks the page shown with every rule that
// axe-core runs by default (WCAG 2 A and AA, and best practices) and
// returns what fails. preload: false keeps axe-core from fetching the
// page's stylesheets and media with XMLHttpRequest, which a file:// page
// may not do. The two rules that use them check for a locked orientation
// (experimental, so not run) and for media that plays by itself, which
// the handbook has none of.
const runAxe = `axe.run(document, {resultTypes: ["violations"], preload: false}).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || "", help: v.help,
	nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
})))`

// TestAccessibility runs axe-core over the home page, a content page with
// a salary chart, the comparison, a role profile, a list of search
// results, the "what changed" page, the ladder views with their band
// chart, a pair of roles and a range chart, and a page of tables that
// scroll, in light and in dark mode. Every rule must pass.
func TestAccessibility(t *testing.T) {
	suite.require(t, suite.skip)
	axe, err := os.ReadFile(filepath.Join(suite.repo, axePath))
	if err != nil {
		suite.require(t, "axe-core is not installed (run npm ci --ignore-scripts at the repository root)")
	}
	pages := []struct{ name, path, search, ready string }{
		{"home", "index.html", "", ""},
		{"content page", "guide/key-differences/index.html", "", ""},
		{"comparison", "compare/index.html", "", ""},
		{"role profile", "roles/pm/index.html", "", ""},
		{"search results", "guide/working-together/index.html", "roadmap", ""},
		{"what changed", "changes/index.html", "", ""},
		{"ladder", "roles/pm/ladder/index.html", "", ""},
		{"print edition", "print.html", "", ""},
		{"level", "roles/tpm/ladder/senior/index.html", "", ""},
		{"ladder step", "roles/pm/ladder/mid-to-senior/index.html", "", ""},
		{"level diff", "guide/career-moves/index.html", "", ""},
		{"job description", "roles/pm/ladder/principal/job/index.html", "", ""},
		{"level picker", "roles/compare-ladders/index.html#a=pm/senior&b=tpm/senior", "", `document.querySelector(".picker-table")`},
		{"pair and its charts", "compare/pm-vs-tpm/index.html", "", ""},
		{"range chart", "guide/sizing/index.html", "", ""},
		{"scrolling tables", "guide/responsibilities/index.html", "", ""},
	}
	for _, dark := range []bool{false, true} {
		mode := "light"
		if dark {
			mode = "dark"
		}
		t.Run(mode, func(t *testing.T) {
			tb := newTab(t)
			if dark {
				tb.open(suite.page("index.html"))
				tb.do("switch to dark mode", chromedp.Click(chromedp.CSS(".theme-toggle")))
				tb.waitFor("dark mode", `document.documentElement.getAttribute("data-theme") === "dark"`)
			}
			for _, p := range pages {
				tb.open(suite.page(p.path))
				if dark {
					tb.expectTheme(p.name, true)
				}
				if p.search != "" {
					tb.do("search", chromedp.Click(chromedp.CSS(".search-input")), chromedp.KeyEvent(p.search))
					tb.waitFor("search results", `document.querySelectorAll("#hb-search-results [role=option]").length > 0`)
					tb.press(kb.ArrowDown)
				}
				if p.ready != "" {
					tb.waitFor(p.name, p.ready)
				}
				tb.clean(p.name)
				tb.do("load axe-core", chromedp.Evaluate[chromedp.Void](string(axe)))
				for _, v := range evalAsync[[]violation](tb, runAxe) {
					var b strings.Builder
					for _, n := range v.Nodes {
						fmt.Fprintf(&b, "\n\t%s\n\t\t%s", n.Target, strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
					}
					t.Errorf("%s (%s, %s): %s [%s, %s]%s", p.name, p.path, mode, v.Help, v.ID, v.Impact, b.String())
				}
			}
		})
	}
}
