package generator

import (
	"strings"
	"testing"
)

// TestSanitizeKeepsReadmeHTML builds the HTML READMEs and other tools'
// pages are written with, in a handbook that does not trust raw HTML:
// all of it is kept, and its links are rewritten as markdown links are.
func TestSanitizeKeepsReadmeHTML(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"index.md": "# Home\n\n" +
			"<p align=\"center\"><img src=\"img/logo.png\" alt=\"Logo\" width=\"120\" height=\"40\" title=\"Our logo\"></p>\n\n" +
			"<a name=\"install\"></a>\n\n" +
			"Jump [down](#install) or <a href=\"#install\">up</a>, see <a href=\"docs/guide.md\" title=\"Guide\">the guide</a>, press <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O, x<sup>2</sup><br>new line.\n\n" +
			"<table>\n<thead><tr><th align=\"left\" colspan=\"2\">Head</th></tr></thead>\n<tbody><tr><td rowspan=\"2\">a</td><td align=\"right\">b</td></tr></tbody>\n</table>\n\n" +
			"<details open=\"\">\n<summary>More</summary>\n\nMarkdown **inside**.\n\n</details>\n\n" +
			"<dl><dt>Term</dt><dd>Definition</dd></dl>\n\n<pre><code>code &amp; more</code></pre>\n\n<blockquote>Quoted <em>words</em>, <s>struck</s>, <u>underlined</u>.</blockquote>\n\n<hr>\n",
		"docs/guide.md": "# Guide\n\n<picture>\n<source media=\"(prefers-color-scheme: dark)\" srcset=\"../img/dark.png 1x, ../img/dark@2x.png 2x\">\n" +
			"<img src=\"../img/logo.png\" alt=\"Logo\">\n</picture>\n\n<div id=\"custom\" align=\"center\"><span>Named <b>block</b></span></div>\n\n" +
			"<h2 id=\"html-heading\">An HTML heading</h2>\n\n[Back](../index.md#install), [here](#custom), [there](#html-heading).\n",
		"img/logo.png":    "png",
		"img/dark.png":    "png",
		"img/dark@2x.png": "png",
	})
	for _, p := range VerifyOutput(res.Output) {
		t.Error(p)
	}
	home := mainOf(t, res, "index.html")
	for _, want := range []string{
		`<p align="center"><img src="img/logo.png" alt="Logo" width="120" height="40" title="Our logo"></p>`,
		`<a id="install"></a>`,
		`Jump <a href="#install">down</a> or <a href="#install">up</a>, see <a href="docs/guide/index.html" title="Guide">the guide</a>, press <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O, x<sup>2</sup><br>new line.`,
		`<thead><tr><th align="left" colspan="2">Head</th></tr></thead>`,
		`<tbody><tr><td rowspan="2">a</td><td align="right">b</td></tr></tbody>`,
		"<details open=\"\">\n<summary>More</summary>\n<p>Markdown <strong>inside</strong>.</p>\n</details>",
		"<dl><dt>Term</dt><dd>Definition</dd></dl>",
		"<pre><code>code &amp; more</code></pre>",
		"<blockquote>Quoted <em>words</em>, <s>struck</s>, <u>underlined</u>.</blockquote>",
		"<hr>",
	} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks\n%s\nin:\n%s", want, home)
		}
	}
	guide := mainOf(t, res, "docs/guide/index.html")
	for _, want := range []string{
		`<source media="(prefers-color-scheme: dark)" srcset="../../img/dark.png 1x, ../../img/dark@2x.png 2x">`,
		`<img src="../../img/logo.png" alt="Logo">`,
		`<div id="custom" align="center"><span>Named <b>block</b></span></div>`,
		`<h2 id="html-heading">An HTML heading</h2>`,
		`<a href="../../index.html#install">Back</a>, <a href="#custom">here</a>, <a href="#html-heading">there</a>`,
	} {
		if !strings.Contains(guide, want) {
			t.Errorf("guide lacks\n%s\nin:\n%s", want, guide)
		}
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
}

// TestSanitizeXSS feeds the sanitised path the attacks a sanitiser must
// stop. None may leave a script, a handler or a URL that runs code on
// the page; the words around them stay.
func TestSanitizeXSS(t *testing.T) {
	attacks := []string{
		"<script>alert(1)</script>",
		"<img src=\"pic.png\" alt=\"p\" onerror=\"alert(2)\">",
		"<a href=\"javascript:alert(3)\">plain</a>",
		"<svg onload=\"alert(4)\"><circle r=\"1\"/></svg>",
		"<p style=\"background:url(javascript:alert(5)); width: expression(alert(5))\">styled</p>",
		"<iframe srcdoc=\"<script>alert(6)</script>\"></iframe>",
		"<a href=\"&#106;avascript:alert(7)\">entity</a> <a href=\"&#x6A;&#x61;vascript&#58;alert(7)\">hex</a>",
		"<A HREF=\"JaVaScRiPt:alert(8)\">mixed</A> <ScRiPt>alert(8)</sCrIpT>",
		"<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoOSk+\" alt=\"d\"> <img srcset=\"javascript:alert(9) 1x\" src=\"pic.png\" alt=\"s\">",
		"<form action=\"javascript:alert(10)\"><input onfocus=\"alert(10)\" autofocus><button formaction=\"javascript:alert(10)\">go</button></form>",
		"<object data=\"javascript:alert(11)\"></object><embed src=\"javascript:alert(11)\">",
		"<math><mtext><table><mglyph><style><img src=x onerror=alert(12)>",
		"<a href=\"java\tscript:alert(13)\">tab</a> <a href=\"  javascript:alert(13)\">spaced</a>",
		"<details open ontoggle=\"alert(14)\"><summary>s</summary></details>",
		"<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(15)\"><base href=\"javascript:alert(15)//\">",
		"<style>@import \"javascript:alert(16)\"; body { background: red }</style>",
		"Inline <img src=pic.png onerror=alert(17)> and <b onmouseover=\"alert(17)\">bold</b> and <script>alert(17)</script> text.",
		"<a href=\"vbscript:alert(18)\">vb</a> <a href=\"data:text/html,<script>alert(18)</script>\">dt</a>",
		"<div onclick=\"alert(19)\">\n\n*kept*\n\n</div>",
		"<noscript><p title=\"</noscript><img src=x onerror=alert(20)>\"></noscript>",
		"<textarea><script>alert(21)</script></textarea> <title>alert(21)</title>",
	}
	res := mustBuild(t, map[string]string{
		"index.md": "# Home\n\n" + strings.Join(attacks, "\n\n") + "\n",
		"pic.png":  "png",
	})
	theme := scriptsAndHandlers(mustBuild(t, map[string]string{"index.md": "# Home\n"}).Output.Files["index.html"])
	if got := scriptsAndHandlers(res.Output.Files["index.html"]); strings.Join(got, "\n") != strings.Join(theme, "\n") {
		t.Errorf("scripts, handlers or code-running URLs reached the page:\n%s", strings.Join(got, "\n"))
	}
	m := mainOf(t, res, "index.html")
	for _, bad := range []string{"alert", "javascript", "vbscript", "data:", "<svg", "<iframe", "srcdoc", "expression", "style=", "<style", "<form", "<input", "<button", "<object", "<embed", "<meta", "<base", "<math", "<textarea", "<title"} {
		if strings.Contains(strings.ToLower(m), bad) {
			t.Errorf("page has %q:\n%s", bad, m)
		}
	}
	for _, word := range []string{"plain", "styled", "entity", "hex", "mixed", "go", "tab", "spaced", "vb", "dt", "<em>kept</em>", "<b>bold</b>", "<img src=\"pic.png\" alt=\"p\">"} {
		if !strings.Contains(m, word) {
			t.Errorf("page lost %q:\n%s", word, m)
		}
	}
	for _, p := range VerifyOutput(res.Output) {
		t.Error(p)
	}
}

// TestSanitizeLinkProblemsAreWarnings checks that links in sanitised HTML
// that lead nowhere are warnings, not errors, and are left out with their
// text kept: a tree that built while its HTML was dropped builds now.
func TestSanitizeLinkProblemsAreWarnings(t *testing.T) {
	fsys := mapFS(map[string]string{
		"index.md": "# Home\n\nSee <a href=\"gone.md\">the old page</a> and <a href=\"#nowhere\">up</a>.\n\n" +
			"<img src=\"nope.png\" alt=\"Nope\"> <img src=\"pic.png\" srcset=\"pic.png 1x, pic@2x.png 2x\" alt=\"Pic\">\n",
		"pic.png": "png",
	})
	res, err := Build(Config{Name: "hb", Content: fsys})
	if err != nil {
		t.Fatalf("build failed: %v", err)
	}
	if rep, err := Check(Config{Name: "hb", Content: fsys}); err != nil || len(rep.Errors) != 0 {
		t.Errorf("check: %v, errors:\n%v", err, rep.Errors)
	}
	want := `hb/index.md:3:14: broken link "gone.md": no page or file at "gone.md"; the HTML is kept without it
hb/index.md:3:53: broken anchor "#nowhere": this page has no heading with id "nowhere"; the HTML is kept without the link
hb/index.md:5:11: missing image "nope.png": no page or file at "nope.png"; the HTML is kept without it
hb/index.md:5:72: missing image "pic@2x.png": no page or file at "pic@2x.png"; the HTML is kept without it`
	if got := res.Warnings.Error(); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
	m := mainOf(t, res, "index.html")
	for _, want := range []string{"<p>See the old page and up.</p>", `<img src="pic.png" srcset="pic.png 1x" alt="Pic">`} {
		if !strings.Contains(m, want) {
			t.Errorf("page lacks %s:\n%s", want, m)
		}
	}
	if strings.Contains(m, "nope.png") || strings.Contains(m, "</a>") {
		t.Errorf("a link or image that leads nowhere is on the page:\n%s", m)
	}
	for _, p := range VerifyOutput(res.Output) {
		t.Error(p)
	}
}

// TestSanitizeIDsAreAnchors checks that the ids sanitised HTML keeps are
// link targets for other pages, and that those it drops are not.
func TestSanitizeIDsAreAnchors(t *testing.T) {
	files := map[string]string{
		"index.md": "# Home\n\n[a](b.md#named) [b](b.md#html-heading) [c](b.md#span)\n",
		"b.md":     "# B\n\n<a name=\"named\"></a>\n\n<h2 id=\"html-heading\">Heading</h2>\n\nText <span id=\"span\">here</span>.\n\n<script id=\"code\">x()</script>\n",
	}
	mustBuild(t, files)
	files["index.md"] += "\n[d](b.md#code)\n"
	_, err := Build(Config{Content: mapFS(files)})
	if err == nil || !strings.Contains(err.Error(), `broken anchor "b.md#code": b.md has no heading with id "code"`) {
		t.Errorf("a link to the id of a dropped element: %v", err)
	}
}

// TestSanitizeTrustedIsUnchanged checks that raw_html = true keeps the
// handbook's own HTML exactly as it is written.
func TestSanitizeTrustedIsUnchanged(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"handbook.toml": "raw_html = true\n",
		"index.md":      "# Home\n\n<div class=\"note\" style=\"color: red\">\n<b>Bold</b>   <i>spacing kept</i>\n</div>\n",
	})
	if m := mainOf(t, res, "index.html"); !strings.Contains(m, "<div class=\"note\" style=\"color: red\">\n<b>Bold</b>   <i>spacing kept</i>\n</div>") {
		t.Errorf("trusted HTML was changed:\n%s", m)
	}
}
