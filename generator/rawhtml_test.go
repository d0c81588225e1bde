package generator

import (
	"reflect"
	"strings"
	"testing"
)

func TestRawHTMLLinksAreChecked(t *testing.T) {
	files := map[string]string{
		"handbook.toml": "raw_html = true\n",
		"index.md":      "# Home\n\nSee <a href=\"gone.md\">the old page</a>.\n\n<p align=\"center\">\n  <img src=\"pic.png\" srcset=\"pic.png 1x, pic@2x.png 2x\" alt=\"\">\n</p>\n\n<a href=\"docs/Guide.md#setup\">guide</a>\n",
		"docs/Guide.md": "# Guide\n\n## Install\n",
		"pic.png":       "png",
	}
	_, err := Build(Config{Content: siteFS(files), Name: "hb"})
	if err == nil {
		t.Fatal("build succeeded")
	}
	want := `hb/index.md:3:14: broken link "gone.md": no page or file at "gone.md"
hb/index.md:6:42: missing image "pic@2x.png": no page or file at "pic@2x.png"
hb/index.md:9:10: broken anchor "docs/Guide.md#setup": docs/Guide.md has no heading with id "setup"`
	if got := err.Error(); got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}

	// With raw HTML off the HTML is left out, so its links are not checked.
	files["handbook.toml"] = "raw_html = false\n"
	if _, err := Build(Config{Content: siteFS(files)}); err != nil {
		t.Errorf("links in omitted raw HTML were checked: %v", err)
	}
}

func TestRawHTMLLinksAreRewritten(t *testing.T) {
	res, err := Build(Config{Content: siteFS(map[string]string{
		"handbook.toml": "raw_html = true\n",
		"index.md":      "# Home\n",
		"docs/a.md": "# A\n\n<a name=\"top\"></a>\n\n<picture>\n<source srcset=\"../img/wide.png 800w,\n ../img/narrow.png 400w\" media=\"(min-width: 40em)\">\n" +
			"<img src='../img/narrow.png' alt=\"A &amp; B\">\n</picture>\n\n" +
			"Inline <a href=\"b.md#part-two\" title=\"B\">b</a>, <a href=\"javascript:alert(1)\">bad</a>, " +
			"<a href=\"https://example.org/x.md\">out</a> and <a href=\"#top\">up</a>.\n\n" +
			"<video src=\"../img/clip.mp4\" poster=\"../img/narrow.png\"></video>\n",
		"docs/b.md":         "# B\n\n## Part two\n",
		"img/wide.png":      "w",
		"img/narrow.png":    "n",
		"img/clip.mp4":      "v",
		"docs/untouched.md": "# Untouched\n\n<div class=\"note\">\n<b>Bold</b>   <i>spacing kept</i>\n</div>\n",
	})})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range VerifyOutput(res.Output) {
		t.Error(p)
	}
	page := pageMain(t, res, "docs/a/index.html")
	for _, want := range []string{
		`<a id="top"></a>`,
		`<source srcset="../../img/wide.png 800w, ../../img/narrow.png 400w" media="(min-width: 40em)">`,
		`<img src="../../img/narrow.png" alt="A &amp; B">`,
		`<a href="../b/index.html#part-two" title="B">b</a>`,
		`<a>bad</a>`,
		`<a href="https://example.org/x.md">out</a>`,
		`<a href="#top">up</a>`,
		`<video src="../../img/clip.mp4" poster="../../img/narrow.png"></video>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s:\n%s", want, page)
		}
	}
	if strings.Contains(page, "javascript") {
		t.Errorf("a javascript: URL reached the page:\n%s", page)
	}
	// HTML without links is written exactly as the author wrote it.
	if page := pageMain(t, res, "docs/untouched/index.html"); !strings.Contains(page, "<div class=\"note\">\n<b>Bold</b>   <i>spacing kept</i>\n</div>") {
		t.Errorf("HTML without links was changed:\n%s", page)
	}
}

func TestParseSrcset(t *testing.T) {
	for in, want := range map[string][]srcsetCandidate{
		"a.png":                     {{"a.png", ""}},
		"a.png 1x, b.png 2x":        {{"a.png", "1x"}, {"b.png", "2x"}},
		" a.png, b.png 2x ":         {{"a.png", ""}, {"b.png", "2x"}},
		"a.png,b.png 2x":            {{"a.png,b.png", "2x"}}, // a comma inside a URL is part of it
		"a,b.png 640w,\n\tc.png":    {{"a,b.png", "640w"}, {"c.png", ""}},
		"a.png (x, y) 1x, b.png 2x": {{"a.png", "(x, y) 1x"}, {"b.png", "2x"}},
		"":                          nil,
	} {
		if got := parseSrcset(in); !reflect.DeepEqual(got, want) {
			t.Errorf("parseSrcset(%q) = %q, want %q", in, got, want)
		}
	}
}
