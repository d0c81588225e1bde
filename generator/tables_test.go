package generator

import (
	"strings"
	"testing"
)

// TestTableScroll checks that every markdown table sits in a focusable
// region a reader can scroll by keyboard, named by its header, and that
// no two regions on a page share a name.
func TestTableScroll(t *testing.T) {
	src := "# Home\n\n" +
		"| Role | Owns |\n| --- | --- |\n| PM | why |\n\n" +
		"## Delivery\n\n| Role | Owns |\n| --- | --- |\n| TPM | how |\n\n" +
		"## Delivery\n\n| Role | Owns |\n| --- | --- |\n| EM | who |\n\n" +
		"|  |  |\n| --- | --- |\n| a | b |\n\n" +
		"| " + strings.Repeat("a very long header cell ", 6) + "| b |\n| --- | --- |\n| x | y |\n"
	res := mustBuild(t, map[string]string{"index.md": src})
	m := mainOf(t, res, "index.html")
	for _, want := range []string{
		`<div class="table-scroll" role="region" tabindex="0" aria-label="Table: Role, Owns">` + "\n<table>",
		`aria-label="Table: Role, Owns (Delivery)">`,
		`aria-label="Table: Role, Owns (Delivery) (2)">`,
		`aria-label="Table">`,
		`aria-label="Table: a very long header cell a very long header cell a very long header cell…">`,
		"</table>\n</div>",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("page lacks\n%s\nin:\n%s", want, m)
		}
	}
	if n := strings.Count(m, `class="table-scroll"`); n != 5 {
		t.Errorf("%d scroll regions, want one for each of the 5 tables", n)
	}
}
