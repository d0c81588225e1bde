package generator

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rolehandbook/handbook/themes"
)

// TestMermaidDiagrams renders a mermaid block as its escaped source in a
// <pre class="mermaid">, never highlighted, and checks that only pages
// with a diagram load the theme's copy of mermaid, by a relative URL.
func TestMermaidDiagrams(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"index.md":        "# Home\n\nNo diagram here: [guide](guide/flow.md).\n\n```go\nfunc main() {}\n```\n",
		"guide/flow.md":   "# Flow\n\n```mermaid\ngraph TD;\n    A[\"<b>Start</b>\"] --> B{Ok & done?};\n```\n",
		"guide/upper.md":  "# Upper\n\n```Mermaid\nsequenceDiagram\n  A->>B: hi\n```\n",
		"guide/inline.md": "# Inline\n\n`mermaid` in a code span is only a word.\n",
	})
	flow := mainOf(t, res, "guide/flow/index.html")
	want := "<pre class=\"mermaid\">graph TD;\n    A[&quot;&lt;b&gt;Start&lt;/b&gt;&quot;] --&gt; B{Ok &amp; done?};\n</pre>"
	if !strings.Contains(flow, want) {
		t.Errorf("diagram not written for mermaid:\n%s\nwant %s", flow, want)
	}
	if body := flow[strings.Index(flow, "<h1>"):strings.Index(flow, "</article>")]; strings.Contains(body, "chroma") || strings.Contains(body, "<span") {
		t.Errorf("diagram was highlighted:\n%s", flow)
	}
	if !strings.Contains(mainOf(t, res, "guide/upper/index.html"), `<pre class="mermaid">sequenceDiagram`) {
		t.Error("the language is not matched without regard to case")
	}
	script := `<script src="../../assets/vendor/mermaid.min.js" defer></script>`
	for page, loads := range map[string]bool{
		"guide/flow/index.html": true, "guide/upper/index.html": true,
		"index.html": false, "guide/inline/index.html": false, "guide/index.html": false, "404.html": false, "print.html": false,
	} {
		b := string(res.Output.Files[page])
		if got := strings.Contains(b, "assets/vendor/mermaid.min.js"); got != loads {
			t.Errorf("%s loads mermaid: %v, want %v", page, got, loads)
		}
		if loads && !strings.Contains(b, script) {
			t.Errorf("%s does not load mermaid with %s", page, script)
		}
	}
	js, ok := res.Output.Files["assets/vendor/mermaid.min.js"]
	if !ok {
		t.Fatal("the site lacks assets/vendor/mermaid.min.js")
	}
	shipped, err := fs.ReadFile(themes.Default(), "static/assets/vendor/mermaid.min.js")
	if err != nil || string(shipped) != string(js) {
		t.Fatalf("the site's mermaid is not the theme's (%v)", err)
	}
	head := string(js[:min(len(js), 2000)])
	for _, want := range []string{"mermaid 12.3.0", "The MIT License (MIT)", "Copyright (c) 2014 - 2022 Knut Sveidqvist"} {
		if !strings.Contains(head, want) {
			t.Errorf("mermaid.min.js lacks %q in its header", want)
		}
	}
	for _, cdn := range []string{"cdn.jsdelivr.net/npm/mermaid", "unpkg.com/mermaid"} {
		for p, b := range res.Output.Files {
			if strings.HasSuffix(p, ".html") && strings.Contains(string(b), cdn) {
				t.Errorf("%s loads mermaid from a CDN", p)
			}
		}
	}
}

// TestMermaidScriptOnlyWhenUsed checks that a site with no diagram does
// not carry mermaid's five megabytes.
func TestMermaidScriptOnlyWhenUsed(t *testing.T) {
	res := mustBuild(t, map[string]string{"index.md": "# Home\n\n```go\nx := 1\n```\n"})
	if _, ok := res.Output.Files[mermaidScript]; ok {
		t.Errorf("%s is published by a site with no diagram", mermaidScript)
	}
}

// TestMermaidAcrossEdits follows a dev server's builds as pages gain and
// lose diagrams by a text edit, a retitle and a whole-way change: each
// page loads mermaid exactly when a clean build's would, and the script
// is published only while some page has a diagram.
func TestMermaidAcrossEdits(t *testing.T) {
	const diagram = "\n```mermaid\ngraph TD;\n  A --> B;\n```\n"
	fsys := mapFS(map[string]string{
		"index.md":      "# Home\n",
		"guide/flow.md": "# Flow\n" + diagram,
		"guide/text.md": "# Text\n\nNo diagram yet.\n",
	})
	cache := NewCache()
	if _, err := Build(Config{Content: fsys, Cache: cache, Defer: true}); err != nil {
		t.Fatal(err)
	}
	steps := []struct{ name, file, body string }{
		{"a text edit adds a diagram", "guide/text.md", "# Text\n\nNow one." + diagram},
		{"a retitle drops it", "guide/text.md", "---\ntitle: Plain text\n---\n# Text\n\nNone again.\n"},
		{"a retitle adds it back", "guide/text.md", "---\ntitle: Text again\n---\n# Text\n" + diagram},
		{"the last other diagram goes", "guide/flow.md", "# Flow\n\nNo diagram.\n"},
		{"and the last one", "guide/text.md", "---\ntitle: Text again\n---\n# Text\n\nNo diagram.\n"},
	}
	for _, s := range steps {
		fsys[s.file] = &fstest.MapFile{Data: []byte(s.body)}
		inc, err := Build(Config{Content: fsys, Cache: cache, Defer: true, Changed: []string{s.file}})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		clean, err := Build(Config{Content: fsys})
		if err != nil {
			t.Fatal(err)
		}
		for _, page := range []string{"guide/flow/index.html", "guide/text/index.html"} {
			got, _ := inc.Output.File(page)
			want := clean.Output.Files[page]
			if loads, wants := strings.Contains(string(got), mermaidScript), strings.Contains(string(want), mermaidScript); loads != wants {
				t.Errorf("%s: %s loads mermaid: %v, a clean build's: %v", s.name, page, loads, wants)
			}
		}
		_, has := inc.Output.File(mermaidScript)
		_, wants := clean.Output.Files[mermaidScript]
		if has != wants {
			t.Errorf("%s: %s published: %v, by a clean build: %v", s.name, mermaidScript, has, wants)
		}
	}
}
