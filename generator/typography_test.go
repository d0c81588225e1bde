package generator

import (
	"strings"
	"testing"
)

// TestTitleQuotes builds a page whose front matter title has straight
// quotes and checks the page, its sidebar entry and its heading show
// curly ones, as the text of a heading does.
func TestTitleQuotes(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"_index.md":       "# Home\n",
		"guide/pm.md":     "---\ntitle: \"A PM's \\\"first\\\" week\"\ndescription: \"What a PM's week holds.\"\n---\nText.\n",
		"guide/tpm.md":    "# A TPM's day\n\nText.\n",
		"guide/_index.md": "# Guide\n",
	})
	out := map[string]string{}
	for p, b := range res.Output.Files {
		out[p] = string(b)
	}
	page := out["guide/pm/index.html"]
	for _, want := range []string{"<title>A PM’s “first” week", "<h1>A PM’s “first” week</h1>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %q", want)
		}
	}
	if !strings.Contains(out["guide/index.html"], "<p>What a PM’s week holds.</p>") || !strings.Contains(page, `content="What a PM’s week holds."`) {
		t.Errorf("the description is not set with typographic quotes in the listing and the page's head")
	}
	if nav := out["guide/tpm/index.html"]; !strings.Contains(nav, ">A TPM’s day</a>") || !strings.Contains(nav, ">A PM’s “first” week</a>") {
		t.Errorf("the sidebar does not show both titles with curly quotes")
	}
}

// TestQuotedTitleOrder checks that a title that opens with a quote sorts
// as it is written, before the letters, though it shows a curly quote.
func TestQuotedTitleOrder(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"_index.md":   "# Home\n",
		"g/_index.md": "# G\n",
		"g/a.md":      "---\ntitle: Apple\n---\nA.\n",
		"g/z.md":      "---\ntitle: Zebra\n---\nZ.\n",
		"g/q.md":      "---\ntitle: '\"Zero\" defects'\n---\nQ.\n",
	})
	var got []string
	for _, c := range res.tree.section("g").Children {
		got = append(got, c.Title)
	}
	want := []string{"“Zero” defects", "Apple", "Zebra"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("section order %q, want %q", got, want)
	}
}
