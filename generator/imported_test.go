package generator

import (
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// pageMain returns the <main> element of an output page.
func pageMain(t *testing.T, res *Result, page string) string {
	t.Helper()
	b, ok := res.Output.Files[page]
	if !ok {
		t.Fatalf("no page %s", page)
	}
	return string(mainRE.Find(b))
}

// buildSite builds a fixture under testdata/sites and fails on any error
// or any problem a browser would hit.
func buildSite(t *testing.T, name string) *Result {
	t.Helper()
	res, err := Build(Config{Content: os.DirFS("testdata/sites/" + name + "/src"), Name: "src"})
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	for _, p := range VerifyOutput(res.Output) {
		t.Error(p)
	}
	return res
}

// TestGitHubHandbook builds a README-rooted tree as teams keep it on
// GitHub and checks what a reader of the built site sees.
func TestGitHubHandbook(t *testing.T) {
	res := buildSite(t, "github-handbook")
	files := res.Output.Files

	for _, want := range []string{
		"index.html",
		"contributing/index.html",
		"docs/index.html",                            // docs/README.md
		"docs/getting-started/index.html",            // "Getting Started.md"
		"docs/roles/ingénieur-de-données/index.html", // unicode and spaces
		"docs/roles/index.html",                      // a folder without an index gets a listing
		"docs/onboarding/index.html",                 // onboarding/README.md
		"docs/onboarding.html",                       // onboarding.md, kept beside its folder
		"docs/meetings/index.html",                   // meetings.md is the index of meetings/
		"docs/glossary/index.html",                   // an empty file
		"images/org-chart.png", "images/org-chart@2x.png", "images/logo-dark.svg",
		"files/Travel Policy 2024.pdf",
		"docs/onboarding/checklist.csv",
	} {
		if _, ok := files[want]; !ok {
			t.Errorf("missing %s", want)
		}
	}
	for p := range files {
		for _, never := range []string{"LICENSE", "CODEOWNERS", "NOTES", "~", ".swp", "meetings.html"} {
			if strings.Contains(p, never) {
				t.Errorf("%s is in the output", p)
			}
		}
		// Folders of images and files are not sections.
		if p == "images/index.html" || p == "files/index.html" {
			t.Errorf("%s: a folder without pages became a section", p)
		}
	}

	home := pageMain(t, res, "index.html")
	if n := strings.Count(home, "<h1"); n != 1 {
		t.Errorf("home page shows %d H1s, want the title once (the logo above it must not stop it being lifted)", n)
	}
	for _, want := range []string{
		`<a id="top"></a>`,
		`<source media="(prefers-color-scheme: dark)" srcset="images/logo-dark.svg">`,
		`<a href="docs/faq/index.html#who-do-i-ask">FAQ</a>`,
		`<a href="files/Travel%20Policy%202024.pdf">PDF</a>`,
		`<a href="docs/getting-started/index.html">Getting started</a>`,
		`<a href="roles/engineering-manager/index.html">engineering manager</a>`, // root-absolute /docs/…, moved by its permalink
		`href="docs/roles/ing%C3%A9nieur-de-donn%C3%A9es/index.html"`,
	} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %s", want)
		}
	}

	staff := pageMain(t, res, "docs/roles/staff-engineer/index.html")
	for _, want := range []string{
		`srcset="../../../images/org-chart.png 1x, ../../../images/org-chart@2x.png 2x" alt="Org chart"`,
		`<a href="../../../roles/engineering-manager/index.html#what-they-own">`,
		`<a href="../../onboarding/index.html">`,
		`<!-- Old layout, kept for reference: <a href="staff-engineer-old.md">old page</a> -->`,
	} {
		if !strings.Contains(staff, want) {
			t.Errorf("staff engineer page lacks %s", want)
		}
	}

	// As on GitHub, "onboarding" names the folder, not onboarding.md beside it.
	docs := pageMain(t, res, "docs/index.html")
	if strings.Count(docs, `href="onboarding/index.html"`) != 3 {
		t.Errorf("links to the onboarding folder do not all reach its README:\n%s", docs)
	}

	onboarding := pageMain(t, res, "docs/onboarding/index.html")
	for _, want := range []string{`<h1>Onboarding</h1>`, `<h1 id="week-one">Week one</h1>`, `<h1 id="week-two">Week two</h1>`} {
		if !strings.Contains(onboarding, want) {
			t.Errorf("page with several H1s lacks %s", want)
		}
	}

	tmpl := pageMain(t, res, "docs/templates/index.html")
	for _, want := range []string{
		"<h1>Writing {{ variables }} in docs</h1>",
		"{{ .Values.replicas }} and {{- if .Enabled }}on{{ end }}",
		// Liquid's tags are shown as code, and raw shows what it holds, as Jekyll does.
		"<code>{% include footer.html %}</code> and {{ page.title }}",
		"<code>{{ .Release.Name }}</code>",
		"{{% notice tip %}}",
	} {
		if !strings.Contains(tmpl, want) {
			t.Errorf("template syntax did not pass through: lacks %s", want)
		}
	}
	if title := regexp.MustCompile(`<title>[^<]*</title>`).FindString(string(files["docs/templates/index.html"])); !strings.Contains(title, "{{ variables }}") {
		t.Errorf("<title> = %s", title)
	}
}

// TestHugoContent builds the content folder of a Hugo site: _index.md
// sections, TOML and YAML front matter, a page bundle, linkTitle, drafts,
// shortcodes left as text, and aliases.
func TestHugoContent(t *testing.T) {
	res := buildSite(t, "hugo-content")
	files := res.Output.Files

	if _, ok := files["guides/rollback/index.html"]; ok {
		t.Error("a draft was built")
	}
	if _, ok := files["guides/onboarding/timeline.png"]; !ok {
		t.Error("the page bundle's image was not copied")
	}
	onboarding := pageMain(t, res, "guides/onboarding/index.html")
	if !strings.Contains(onboarding, "<h1>Onboarding to the platform team</h1>") || strings.Contains(onboarding, "Welcome aboard") {
		t.Errorf("front matter title and H1 differ: want the title once, and the H1 gone:\n%s", onboarding)
	}
	// The sidebar uses linkTitle.
	for page, want := range map[string]string{
		"teams/data-platform/index.html": ">Infrastructure</a>",
		"about/index.html":               ">About</a>",
		"guides/code-review/index.html":  ">Onboarding</a>",
	} {
		if !strings.Contains(string(files[page]), want) {
			t.Errorf("%s: sidebar lacks the linkTitle %s", page, want)
		}
	}
	if !strings.Contains(pageMain(t, res, "index.html"), "{{&lt; notice info &gt;}}") {
		t.Error("a Hugo shortcode did not pass through as text")
	}

	redirects := map[string]string{
		"about-us/index.html": "../about/index.html",
		"old/about.html":      "../about/index.html",
		"docs/index.html":     "../guides/index.html",
		"guides/onboarding/old-onboarding/index.html": "../index.html",
		"onboarding.html":        "guides/onboarding/index.html",
		"team/infra/index.html":  "../../teams/platform/index.html",
		"teams/infra/index.html": "../platform/index.html",
	}
	for file, to := range redirects {
		b, ok := files[file]
		if !ok {
			t.Errorf("no redirect page at %s", file)
			continue
		}
		s := string(b)
		for _, want := range []string{
			`<meta http-equiv="refresh" content="0; url=` + to + `">`,
			`<a href="` + to + `">`,
			`<meta name="robots" content="noindex">`,
			`<link rel="canonical" href="https://handbook.example.com/platform/`,
		} {
			if !strings.Contains(s, want) {
				t.Errorf("%s lacks %s:\n%s", file, want, s)
			}
		}
	}
}

// TestImportedBrokenLinks builds the GitHub-shaped tree with the broken
// links such a tree already has, in markdown and in raw HTML. With
// broken_links = "warning" the build succeeds and reports each of them
// where it is written; check lists the same.
func TestImportedBrokenLinks(t *testing.T) {
	fsys := fstest.MapFS{}
	root := "testdata/sites/github-handbook/src"
	err := fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(os.DirFS(root), p)
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fsys["docs/old-notes.md"] = &fstest.MapFile{Data: []byte("# Old notes\n\nSee [the wiki](wiki/Home.md) and [setup](Getting%20Started.md#setup).\n\n" +
		"<p>Moved to <a href=\"../archive/2019.md\">the archive</a>.</p>\n")}
	want := `src/docs/old-notes.md:3:16: broken link "wiki/Home.md": no page or file at "docs/wiki/Home.md"
src/docs/old-notes.md:3:42: broken anchor "Getting%20Started.md#setup": docs/Getting Started.md has no heading with id "setup"
src/docs/old-notes.md:5:22: broken link "../archive/2019.md": no page or file at "archive/2019.md"`

	if _, err := Build(Config{Content: fsys, Name: "src"}); err == nil || err.Error() != want {
		t.Errorf("by default broken links are errors; got:\n%v\nwant:\n%s", err, want)
	}

	fsys["handbook.toml"] = &fstest.MapFile{Data: append(fsys["handbook.toml"].Data, "broken_links = \"warning\"\n"...)}
	res, err := Build(Config{Content: fsys, Name: "src"})
	if err != nil {
		t.Fatalf("broken links stopped the build:\n%v", err)
	}
	var links ErrorList // the tree's template syntax is warned about too
	for _, w := range res.Warnings {
		if isBrokenLink(w) {
			links = append(links, w)
		}
	}
	if got := links.Error(); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
	if _, ok := res.Output.Files["docs/old-notes/index.html"]; !ok {
		t.Error("the page with broken links was not built")
	}
	rep, err := Check(Config{Content: fsys, Name: "src"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != 0 || !strings.Contains(rep.Warnings.Error(), want) {
		t.Errorf("check: errors %v, warnings:\n%v", rep.Errors, rep.Warnings)
	}
}
