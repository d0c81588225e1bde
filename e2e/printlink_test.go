package e2e

import (
	"strings"
	"testing"
)

// TestFooterPrintLinkSplit follows the footer's print link on a site
// whose print edition is cut per top-level section, from disk as a reader
// opens it: from a page two folders down it leads to the print index,
// which lists every section's edition, and from there to the edition of
// the page's own section, which holds the page.
func TestFooterPrintLinkSplit(t *testing.T) {
	site := buildSite(t, map[string]string{
		"handbook.toml":        "title = \"Split\"\nprint_split = 3\n",
		"_index.md":            "# Split\n\nWelcome.\n",
		"guide/_index.md":      "# Guide\n\nThe guides.\n",
		"guide/one.md":         "# One\n\nThe first guide.\n",
		"guide/deep/_index.md": "# Deep\n\nDeeper.\n",
		"guide/deep/two.md":    "# Two\n\nThe second guide.\n",
		"team/_index.md":       "# Team\n\nWho.\n",
		"team/people.md":       "# People\n\nThe people.\n",
	})
	tb := newTab(t)
	tb.open(fileURL(site, "guide/deep/two/index.html"))
	link := `.site-footer a[href$="print.html"]`
	if text := eval[string](tb, `(document.querySelector(`+jsString(link)+`) || {}).textContent || ""`); text != "Print edition" {
		t.Fatalf("the footer's print link reads %q, want \"Print edition\"", text)
	}
	tb.follow(link, "print.html")
	editions := eval[[]string](tb, `Array.from(document.querySelectorAll(".print-editions a"), a => a.textContent + " " + a.getAttribute("href"))`)
	want := []string{"Split print-home.html", "Guide print-guide.html", "Team print-team.html"}
	if strings.Join(editions, "|") != strings.Join(want, "|") {
		t.Errorf("the print index lists %q, want %q", editions, want)
	}
	tb.follow(`.print-editions a[href="print-guide.html"]`, "print-guide.html")
	if !eval[bool](tb, `!!document.querySelector("section.print-page#guide-deep-two")`) {
		t.Error("the guide's edition does not hold the page the reader came from")
	}
	tb.clean("following the print link")
}
