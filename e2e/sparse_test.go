package e2e

import (
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
)

// sparseData has four roles, of which Gamma and Delta have a value in
// one row of four; in row "same" Alpha and Beta agree.
const sparseData = `sources:
  - id: s
    title: A source
    publisher: Example
    year: 2025
roles:
  - {id: a, name: Alpha}
  - {id: b, name: Beta}
  - {id: c, name: Gamma}
  - {id: d, name: Delta}
dimensions:
  - id: first
    name: First
    group: Work
    kind: text
    sources: [s]
    values: {a: one, b: two, c: three, d: four}
  - id: same
    name: Same
    group: Work
    kind: text
    sources: [s]
    values: {a: alike, b: alike, c: n/a, d: n/a}
  - id: third
    name: Third
    group: Work
    kind: text
    sources: [s]
    values: {a: x, b: y, c: n/a, d: n/a}
  - id: fourth
    name: Fourth
    group: Work
    kind: text
    sources: [s]
    values: {a: p, b: q, c: n/a, d: n/a}
`

// TestSparseColumnsSwitch opens a matrix whose roles Gamma and Delta
// have little data, with and without JavaScript: their columns are
// hidden until the switch that names them is on, and "Show only
// differences" hides the row that reads the same for the roles shown.
func TestSparseColumnsSwitch(t *testing.T) {
	site := buildSite(t, map[string]string{"_index.md": "# Sparse\n", "data/roles.yaml": sparseData})
	for _, js := range []bool{true, false} {
		name := "with JavaScript"
		var opts []tabOption
		if !js {
			name = "without JavaScript"
			opts = append(opts, withoutJS)
		}
		t.Run(name, func(t *testing.T) {
			tb := newTab(t, opts...)
			tb.open(fileURL(site, "compare/index.html"))
			tb.clean("the matrix")
			type view struct {
				Columns []string // the role columns shown
				Rows    []string // the rows shown
			}
			look := func() view {
				return eval[view](tb, `(() => {
					const shown = e => e.getClientRects().length > 0;
					return {
						Columns: Array.from(document.querySelectorAll("#matrix thead th abbr")).filter(shown).map(e => e.textContent),
						Rows: Array.from(document.querySelectorAll("#matrix tbody tr:not(.group-row) th a")).filter(shown).map(e => e.textContent),
					};
				})()`)
			}
			want := func(where string, got view, cols, rows []string) {
				t.Helper()
				if !slices.Equal(got.Columns, cols) || !slices.Equal(got.Rows, rows) {
					t.Errorf("%s: columns %q and rows %q, want %q and %q", where, got.Columns, got.Rows, cols, rows)
				}
			}
			all := []string{"First", "Same", "Third", "Fourth"}
			want("at first", look(), []string{"Alpha", "Beta"}, all)
			if got := eval[string](tb, `document.querySelector("#matrix").parentElement.querySelector(".sparse-label").textContent`); got != "Show 2 roles with little data: Gamma, Delta" {
				t.Errorf("the switch reads %q", got)
			}
			tb.do("show only differences", chromedp.Click(chromedp.CSS(".compare .diff-label")))
			want("only differences", look(), []string{"Alpha", "Beta"}, []string{"First", "Third", "Fourth"})
			tb.do("show the sparse roles", chromedp.Click(chromedp.CSS(".compare .sparse-label")))
			want("every role, only differences", look(), []string{"Alpha", "Beta", "Gamma", "Delta"}, all)
			tb.do("show every row", chromedp.Click(chromedp.CSS(".compare .diff-label")))
			want("every role", look(), []string{"Alpha", "Beta", "Gamma", "Delta"}, all)
			tb.do("hide the sparse roles again", chromedp.Click(chromedp.CSS(".compare .sparse-label")))
			want("again at first", look(), []string{"Alpha", "Beta"}, all)
			// Paper has no switch: every role is printed.
			if err := printMedia(tb.ctx); err != nil {
				t.Fatal(err)
			}
			want("printed", look(), []string{"Alpha", "Beta", "Gamma", "Delta"}, all)
			tb.clean("the switches")
		})
	}
}
