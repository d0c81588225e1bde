package generator

import (
	"strings"
	"testing"
)

// TestImportedTreeBuilds builds a tree with no handbook.toml, written for
// other tools: the problems it has are warnings, its keys are kept, and
// a typo of one of our keys is still caught.
func TestImportedTreeBuilds(t *testing.T) {
	res, err := Build(Config{Content: importedFS(map[string]string{
		"index.md": "---\nquestions: [a, b]\ncSpell: words\n---\n# Home\n\n[gone](gone.md) ![pic](nope.png)\n",
		"a.md":     "---\ntitel: A\nquestions: [c]\nsidebar_position: 2\n---\n# A\n",
		"b.md":     "---\nsidebar_position: 1\nsidebar_label: Bee\n---\n# B\n",
	}), Name: "tree"})
	if err != nil {
		t.Fatal(err)
	}
	got := lines(res.Warnings)
	for _, w := range []string{
		`tree/a.md:2:1: unknown front matter key "titel" (did you mean "title"?)`,
		`tree/a.md:3:1: front matter key "questions" is not one of handbook's: kept for layouts as .Page.Params (in 2 files; the first is here)`,
		`tree/index.md:3:1: front matter key "cSpell" is not one of handbook's`,
		`tree/index.md:7:8: broken link "gone.md"`,
		`tree/index.md:7:24: missing image "nope.png"`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("no warning %q in:\n%s", w, got)
		}
	}
	home := string(res.Output.Files["index.html"])
	if i, j := strings.Index(home, ">Bee<"), strings.Index(home, ">A<"); i < 0 || j < 0 || i > j {
		t.Errorf("sidebar_position and sidebar_label not honoured: Bee at %d, A at %d", i, j)
	}
}

// TestStrictHandbookKeepsErrors checks that a handbook.toml makes the
// same tree strict again, and that strict = false relaxes it.
func TestStrictHandbookKeepsErrors(t *testing.T) {
	files := map[string]string{"index.md": "---\nquestions: [a]\n---\n# Home\n\n[gone](gone.md)\n", "handbook.toml": "title = \"T\"\n"}
	_, err := Build(Config{Content: importedFS(files)})
	if err == nil || !strings.Contains(err.Error(), `index.md:2:1: unknown front matter key "questions"`) || !strings.Contains(err.Error(), `broken link "gone.md"`) {
		t.Errorf("strict: %v", err)
	}
	files["handbook.toml"] = "title = \"T\"\nstrict = false\n"
	if _, err := Build(Config{Content: importedFS(files)}); err != nil {
		t.Errorf("strict = false: %v", err)
	}
}

// TestLooseAnchors links to headings in another case and by other slug
// rules, as GitHub allows: the links resolve, pointed at the real id.
func TestLooseAnchors(t *testing.T) {
	res, err := Build(Config{Content: mapFS(map[string]string{
		"index.md":     "# Home\n\n[a](celebrate.md#Birthday-gift-budget) [b](celebrate.md#dos--donts) [c](#Local-Part)\n\n## Local part\n",
		"celebrate.md": "# Celebrate\n\n## Birthday gift budget\n\n## Do's & don'ts\n",
	})})
	if err != nil {
		t.Fatal(err)
	}
	home := string(res.Output.Files["index.html"])
	for _, want := range []string{`href="celebrate/index.html#birthday-gift-budget"`, `href="celebrate/index.html#dos--donts"`, `href="#local-part"`} {
		if !strings.Contains(home, want) {
			t.Errorf("no %s in:\n%s", want, mainOf(t, res, "index.html"))
		}
	}
}

// TestPublishedURLLinks links to pages by the URLs other tools publish
// them at: all resolve to the page, relative, as any link does.
func TestPublishedURLLinks(t *testing.T) {
	res, err := Build(Config{Content: mapFS(map[string]string{
		"index.md":        "# Home\n\n[a](/guide/setup/) [b](guide/setup.html) [c](/docs/guide/setup) [d](/docs/guide/setup.md#step) [e](/guide/) [f](/Guide/Setup/)\n",
		"guide/setup.md":  "# Setup\n\n## Step\n",
		"guide/_index.md": "# Guide\n",
	})})
	if err != nil {
		t.Fatal(err)
	}
	home := mainOf(t, res, "index.html")
	for _, want := range []string{`href="guide/setup/index.html"`, `href="guide/setup/index.html#step"`, `href="guide/index.html"`} {
		if !strings.Contains(home, want) {
			t.Errorf("no %s in:\n%s", want, home)
		}
	}
	if strings.Contains(home, `href="/`) {
		t.Errorf("a root-absolute link is left:\n%s", home)
	}
}

// TestHiddenAssetsAndDataPages checks GitBook's hidden image folder, a
// guide in a folder named data, and the message for a link to a file
// that exists but is left out.
func TestHiddenAssetsAndDataPages(t *testing.T) {
	res, err := Build(Config{Content: importedFS(map[string]string{
		"README.md":                 "# Home\n\n![logo](.gitbook/assets/logo.png) [data](data/guide.md) [secret](.hidden/notes.txt)\n",
		".gitbook/assets/logo.png":  "PNG",
		".gitbook/assets/.DS_Store": "junk",
		".gitbook/includes/x.md":    "# Include\n",
		".hidden/notes.txt":         "hidden",
		"data/guide.md":             "# Data guide\n",
		// A GitBook space kept in a folder of a larger tree.
		"docs/README.md":                 "# Docs\n\n![chart](.gitbook/assets/chart.png)\n",
		"docs/.gitbook/assets/chart.png": "PNG",
	})})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"gitbook/assets/logo.png", "docs/gitbook/assets/chart.png"} {
		if _, ok := res.Output.Files[p]; !ok {
			t.Errorf("the GitBook image %s was not copied: %v", p, res.Output.Paths())
		}
	}
	if got := string(res.Output.Files["docs/index.html"]); !strings.Contains(got, `src="gitbook/assets/chart.png"`) {
		t.Errorf("the nested GitBook image is not linked where it is published:\n%s", got)
	}
	for _, p := range []string{".gitbook/assets/.DS_Store", ".hidden/notes.txt", ".gitbook/includes/x/index.html"} {
		if _, ok := res.Output.Files[p]; ok {
			t.Errorf("%s was published", p)
		}
	}
	if _, ok := res.Output.Files["data/guide/index.html"]; !ok {
		t.Errorf("the page under data/ was dropped: %v", res.Output.Paths())
	}
	if got := lines(res.Warnings); !strings.Contains(got, `README.md:3:66: broken link ".hidden/notes.txt": ".hidden/notes.txt" exists but is left out of the site`) {
		t.Errorf("warnings:\n%s", got)
	}
}

// TestHiddenAssetsCollide: a hidden asset folder beside one of the same
// name without the dot would publish two files at one path; the build
// says so instead of dropping one.
func TestHiddenAssetsCollide(t *testing.T) {
	_, err := Build(Config{Content: importedFS(map[string]string{
		"README.md":                  "# Home\n\n![a](docs/.gitbook/assets/a.png)\n",
		"docs/.gitbook/assets/a.png": "HIDDEN",
		"docs/gitbook/assets/a.png":  "VISIBLE",
		"docs/README.md":             "# Docs\n",
	})})
	want := "docs/gitbook/assets/a.png:1:1: is published at docs/gitbook/assets/a.png, as docs/.gitbook/assets/a.png is: rename or move one of them"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// TestTrailingIDs checks ids that goldmark's attribute syntax does not
// take, as Kramdown and Hugo trees write them, and escaped link targets.
func TestTrailingIDs(t *testing.T) {
	res := mustBuild(t, map[string]string{"index.md": "# Home\n\n[x](#18f-delivery-assurance-\\(aka-tlc-crew\\))\n\n" +
		"## 18F Delivery Assurance (aka TLC Crew) {#18f-delivery-assurance-(aka-tlc-crew)}\n"})
	home := mainOf(t, res, "index.html")
	if !strings.Contains(home, `<h2 id="18f-delivery-assurance-(aka-tlc-crew)">18F Delivery Assurance (aka TLC Crew)</h2>`) {
		t.Errorf("heading:\n%s", home)
	}
}

// TestPermalinks moves pages to the URLs their permalink or url names;
// links by file name, by the old URL and by the new one all resolve.
func TestPermalinks(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"index.md":       "# Home\n\n[a](guide/setup.md) [b](/guide/setup/) [c](/start/) [d](/pattern/x/)\n",
		"guide/setup.md": "---\npermalink: /start/\n---\n# Setup\n",
		"pattern/x.md":   "---\npermalink: /:title/\n---\n# X\n",
		"old.md":         "---\nurl: /about/old.html\n---\n# Old\n",
	})
	for _, p := range []string{"start/index.html", "pattern/x/index.html", "about/old.html"} {
		if _, ok := res.Output.Files[p]; !ok {
			t.Errorf("no %s in %v", p, res.Output.Paths())
		}
	}
	home := mainOf(t, res, "index.html")
	if strings.Count(home, `href="start/index.html"`) != 3 {
		t.Errorf("links do not all reach the moved page:\n%s", home)
	}
}

// TestDeclaredOrder builds trees that declare their own order, as
// GitBook, MkDocs and Docusaurus do, and checks the sidebar follows it
// and that the order files are not published.
func TestDeclaredOrder(t *testing.T) {
	for _, c := range []struct {
		site     string
		page     string
		inOrder  []string
		notThere []string
	}{
		{"gitbook", "basics/editing/index.html", []string{">Publishing a change<", ">Editing content<"}, []string{"summary/index.html"}},
		{"mkdocs", "setup/install/index.html", []string{">Upgrading<", ">Installing<"}, []string{"mkdocs.yml"}},
		{"docusaurus", "index.html", []string{">How-to guides<", ">Introduction<"}, []string{"guides/_category_.json"}},
	} {
		t.Run(c.site, func(t *testing.T) {
			res := buildSite(t, c.site)
			nav := string(res.Output.Files[c.page])
			if i := strings.Index(nav, `<nav id="hb-nav"`); i >= 0 {
				nav = nav[i:]
			}
			if i := strings.Index(nav, "</nav>"); i >= 0 {
				nav = nav[:i]
			}
			last := -1
			for _, w := range c.inOrder {
				i := strings.Index(nav, w)
				if i < 0 || i < last {
					t.Errorf("sidebar lacks %s, or has it out of order (%d after %d)", w, i, last)
				}
				last = i
			}
			for _, p := range c.notThere {
				if _, ok := res.Output.Files[p]; ok {
					t.Errorf("%s is published", p)
				}
			}
		})
	}
}

// TestUnlisted checks that an unlisted page is built and linkable but in
// neither the sidebar nor the search index.
func TestUnlisted(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"index.md":  "# Home\n\n[secret](hidden.md)\n",
		"hidden.md": "---\nunlisted: true\n---\n# Hidden plans\n\nZanzibar.\n",
		"shown.md":  "# Shown\n",
	})
	if _, ok := res.Output.Files["hidden/index.html"]; !ok {
		t.Fatal("the unlisted page was not built")
	}
	home := string(res.Output.Files["shown/index.html"])
	if nav := home[strings.Index(home, `<nav id="hb-nav"`):]; strings.Contains(nav[:strings.Index(nav, "</nav>")], "Hidden plans") {
		t.Error("the unlisted page is in the sidebar")
	}
	if strings.Contains(searchIndexText(t, res.Output), "Zanzibar") {
		t.Error("the unlisted page is in the search index")
	}
}

// TestHugoStatic builds a Hugo content/ folder whose pages take their
// images from the static/ folder beside it.
func TestHugoStatic(t *testing.T) {
	res, err := Build(Config{
		Content: importedFS(map[string]string{"_index.md": "# Home\n\n![logo](/images/logo.png)\n", "images/own.png": "own"}),
		Static:  importedFS(map[string]string{"images/logo.png": "PNG", "images/own.png": "static", ".hidden": "x"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(res.Output.Files["images/logo.png"]); got != "PNG" {
		t.Errorf("static file: %q", got)
	}
	if got := string(res.Output.Files["images/own.png"]); got != "own" {
		t.Errorf("the content's own file lost to static/: %q", got)
	}
	if strings.Contains(lines(res.Warnings), "logo.png") {
		t.Errorf("the link to the static image is reported:\n%s", lines(res.Warnings))
	}
	if _, ok := res.Output.Files[".hidden"]; ok {
		t.Error("a hidden static file was published")
	}
}
