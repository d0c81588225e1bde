package generator

import (
	"strings"
	"testing"
)

// TestAdmonitions builds the callouts of Docusaurus, MkDocs and GitBook,
// written as their documentation writes them, and checks that each
// becomes the callout a GitHub alert becomes, with its body as markdown.
func TestAdmonitions(t *testing.T) {
	for name, c := range map[string]struct{ src, want string }{
		"docusaurus": {
			":::note\n\nSome **content**.\n\n:::\n",
			`<div role="note" class="alert alert-note" aria-label="Note"><p class="alert-title">Note</p>` + "\n<p>Some <strong>content</strong>.</p>\n</div>",
		},
		"docusaurus title in brackets": {
			":::tip[Use `go vet`]\nOften.\n:::\n",
			`<div role="note" class="alert alert-tip" aria-label="Use go vet"><p class="alert-title">Use <code>go vet</code></p>` + "\n<p>Often.</p>\n</div>",
		},
		"docusaurus title after a space": {
			":::danger Take care\nx\n:::\n",
			`<div role="note" class="alert alert-caution" aria-label="Take care"><p class="alert-title">Take care</p>`,
		},
		"docusaurus info and caution": {
			":::info\na\n:::\n\n:::caution\nb\n:::\n",
			`<div role="note" class="alert alert-note" aria-label="Info"><p class="alert-title">Info</p>` + "\n<p>a</p>\n</div>\n" +
				`<div role="note" class="alert alert-warning" aria-label="Caution"><p class="alert-title">Caution</p>`,
		},
		"docusaurus fence in code": {
			":::warning\n```\n:::\n```\nafter\n:::\n",
			"<code>:::\n</code></pre>\n<p>after</p>\n</div>",
		},
		"docusaurus nested": {
			"::::note[Outer]\n:::tip[Inner]\nin\n:::\nstill outer\n::::\n",
			`<p class="alert-title">Inner</p>` + "\n<p>in</p>\n</div>\n<p>still outer</p>\n</div>",
		},
		"mkdocs": {
			"!!! warning \"Read this\"\n\n    Indented *body*.\n\n    - a list\n\nOutside.\n",
			`<div role="note" class="alert alert-warning" aria-label="Read this"><p class="alert-title">Read this</p>` +
				"\n<p>Indented <em>body</em>.</p>\n<ul>\n<li>a list</li>\n</ul>\n</div>\n<p>Outside.</p>",
		},
		"mkdocs default title": {
			"!!! tip\n    Body.\n",
			`<div role="note" class="alert alert-tip" aria-label="Tip"><p class="alert-title">Tip</p>` + "\n<p>Body.</p>\n</div>",
		},
		"mkdocs no title": {
			"!!! note \"\"\n    Body.\n",
			`<div role="note" class="alert alert-note" aria-label="Note">` + "\n<p>Body.</p>\n</div>",
		},
		"mkdocs collapsible": {
			"??? question \"Why?\"\n    Because.\n",
			`<details class="alert alert-note"><summary class="alert-title">Why?</summary>` + "\n<p>Because.</p>\n</details>",
		},
		"mkdocs collapsible open": {
			"???+ bug\n    Found.\n",
			`<details class="alert alert-caution" open><summary class="alert-title">Bug</summary>` + "\n<p>Found.</p>\n</details>",
		},
		"gitbook": {
			"{% hint style=\"success\" %}\n**Done** and\n\n* listed\n{% endhint %}\n",
			`<div role="note" class="alert alert-tip" aria-label="Success"><p class="alert-title">Success</p>` +
				"\n<p><strong>Done</strong> and</p>\n<ul>\n<li>listed</li>\n</ul>\n</div>",
		},
		"gitbook danger": {
			"{% hint style='danger' %}\nStop.\n{% endhint %}\n",
			`<div role="note" class="alert alert-caution" aria-label="Danger"><p class="alert-title">Danger</p>` + "\n<p>Stop.</p>\n</div>",
		},
	} {
		t.Run(name, func(t *testing.T) {
			res := mustBuild(t, map[string]string{"index.md": "# Home\n\n" + c.src})
			if m := mainOf(t, res, "index.html"); !strings.Contains(m, c.want) {
				t.Errorf("page lacks\n%s\nin:\n%s", c.want, m)
			}
		})
	}
}

// TestAdmonitionLookalikes checks that text which only resembles an
// admonition stays text, and that nothing a reader wrote is lost.
func TestAdmonitionLookalikes(t *testing.T) {
	res := mustBuild(t, map[string]string{"index.md": "# Home\n\n" +
		":::notes are not a type\n\n" +
		"!!! Important: read this\n\n" +
		"Not at the start: !!! note\n\n" +
		"```\n:::note\n!!! note\n{% hint style=\"info\" %}\n```\n\n" +
		":::tip\nnever closed\n"})
	m := mainOf(t, res, "index.html")
	for _, want := range []string{
		"<p>:::notes are not a type</p>",
		"<p>!!! Important: read this</p>",
		"<p>Not at the start: !!! note</p>",
		"<code>:::note\n!!! note\n{% hint style=&quot;info&quot; %}\n</code>",
		`<p class="alert-title">Tip</p>` + "\n<p>never closed</p>\n</div>",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("page lacks %s:\n%s", want, m)
		}
	}
	if n := strings.Count(m, `role="note"`); n != 1 {
		t.Errorf("%d callouts, want 1:\n%s", n, m)
	}
}
