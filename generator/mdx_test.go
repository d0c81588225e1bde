package generator

import (
	"strings"
	"testing"
)

// TestMDXPages builds .mdx files as pages, as Docusaurus writes them:
// imports and exports are left out and components shown as written, each
// with one warning per page, and the markdown inside components renders
// however far it is indented.
func TestMDXPages(t *testing.T) {
	res, err := Build(Config{Name: "docs", Content: mapFS(map[string]string{
		"index.md": "# Home\n\nSee [the tabs](tabs.mdx).\n",
		"tabs.mdx": "---\ntitle: Tabs\n---\nimport Tabs from '@theme/Tabs';\nimport {\n  TabItem,\n} from '@theme/TabItem';\n\n# Tabs\n\n" +
			"<Tabs groupId=\"os\">\n  <TabItem value=\"mac\" label=\"macOS\" default>\n    Press **Cmd**.\n\n    ```sh\n    open .\n      indented\n    ```\n  </TabItem>\n</Tabs>\n\n" +
			"<Admonition type=\"tip\" />\n\n{/* left out */}\n\n{/*\n  also left out\n*/}\n\nA <Highlight color=\"red\">word</Highlight> in text.\n\n" +
			"export const Highlight = ({children}) => <span>{children}</span>;\n",
	})})
	if err != nil {
		t.Fatalf("build failed: %v", err)
	}
	if !strings.Contains(mainOf(t, res, "index.html"), `<a href="tabs/index.html">the tabs</a>`) {
		t.Error("a link to an .mdx page does not reach it")
	}
	m := mainOf(t, res, "tabs/index.html")
	for _, want := range []string{
		"<h1>Tabs</h1>\n<p class=\"mdx-tag\"><code>&lt;Tabs groupId=&quot;os&quot;&gt;</code></p>\n" +
			"<p class=\"mdx-tag\"><code>&lt;TabItem value=&quot;mac&quot; label=&quot;macOS&quot; default&gt;</code></p>\n" +
			"<p>Press <strong>Cmd</strong>.</p>",
		">open .\n</span></span><span class=\"line\"><span class=\"cl\">  indented\n",
		"<p class=\"mdx-tag\"><code>&lt;/TabItem&gt;</code></p>\n<p class=\"mdx-tag\"><code>&lt;/Tabs&gt;</code></p>\n" +
			"<p class=\"mdx-tag\"><code>&lt;Admonition type=&quot;tip&quot; /&gt;</code></p>",
		"<p>A <code>&lt;Highlight color=&quot;red&quot;&gt;</code>word<code>&lt;/Highlight&gt;</code> in text.</p>",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("page lacks\n%s\nin:\n%s", want, m)
		}
	}
	for _, never := range []string{"import", "export", "left out", "@theme"} {
		if strings.Contains(m, never) {
			t.Errorf("page shows %q:\n%s", never, m)
		}
	}
	want := "docs/tabs.mdx:4:1: MDX import and export lines are left out: handbook does not run JavaScript\n" +
		"docs/tabs.mdx:11:1: MDX components such as <Tabs> are shown as written: handbook does not run JSX; the markdown inside them is kept"
	if got := res.Warnings.Error(); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
}

// TestMDXOnlyInMDX checks that a .md page keeps the same lines as
// markdown: an import line is text there, and a component is raw HTML.
func TestMDXOnlyInMDX(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"index.md": "# Home\n\nimport the data first.\n\n{/* not a comment here */}\n\n    indented code\n",
	})
	m := mainOf(t, res, "index.html")
	for _, want := range []string{"<p>import the data first.</p>", "<p>{/* not a comment here */}</p>", "<pre><code>indented code\n"} {
		if !strings.Contains(m, want) {
			t.Errorf("page lacks %s:\n%s", want, m)
		}
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
}
