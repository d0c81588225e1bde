package generator

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"
)

// mapFS makes a content folder from file names and bodies. It is a
// strict handbook, as one made by handbook init is: without a
// handbook.toml of its own it gets an empty one. importedFS makes a tree
// without one.
func mapFS(files map[string]string) fstest.MapFS {
	fsys := importedFS(files)
	if _, ok := fsys[configName]; !ok {
		fsys[configName] = &fstest.MapFile{}
	}
	return fsys
}

// importedFS makes a content folder with no handbook.toml, as a tree
// written for another tool is.
func importedFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}

// lines renders a list of problems one per line, as the CLI prints them.
func lines(l ErrorList) string {
	var b strings.Builder
	for _, e := range l {
		b.WriteString(e.Error() + "\n")
	}
	return b.String()
}

const checkData = `roles:
  - id: a
    name: Alpha
  - id: b
    name: Beta
sources:
  - id: s
    title: Survey
    publisher: Org
    url: https://example.org/survey
dimensions:
  - id: focus
    name: Focus
    group: Work
    kind: text
    sources: [s]
    values:
      a: "See [the guide](guide/one.md#nope)."
      b: "See [nothing](guide/none.md) and [rows](compare/#focus) and [no row](compare/#fcus)."
`

func TestCheckFindsEverything(t *testing.T) {
	fsys := mapFS(map[string]string{
		"index.md": "# Home\n\n[one](guide/one.md) [two](guide/tow.md) [anchor](guide/one.md#setp-1)\n" +
			"[draft](guide/draft.md) ![missing](img/pic.png) [empty]() [](guide/one.md)\n\n" +
			"![](img/dot.svg) [wiki](https://en.wikipedia.org/wiki/Role) <https://go.dev/doc>\n",
		"guide/one.md":    "# One\n\n## Step 1\n\n## Same {#same}\n\n## Again {#same}\n\n[wiki again](https://en.wikipedia.org/wiki/Role)\n",
		"guide/draft.md":  "---\ndraft: true\n---\n# Draft\n",
		"guide/two.md":    "# Two\n",
		"img/dot.svg":     `<svg xmlns="http://www.w3.org/2000/svg"/>`,
		"data/roles.yaml": checkData,
	})
	rep, err := Check(Config{Content: fsys, Name: "hb"})
	if err != nil {
		t.Fatal(err)
	}
	wantErrors := `hb/data/roles.yaml:18:10: broken anchor "guide/one.md#nope": guide/one.md has no heading with id "nope"
hb/data/roles.yaml:19:10: broken anchor "compare/#fcus": compare/index.html has no heading with id "fcus" (did you mean "focus"?)
hb/data/roles.yaml:19:10: broken link "guide/none.md": no page or file at "guide/none.md" (did you mean "guide/one.md"?)
hb/guide/one.md:7:10: duplicate id "same" on this page: links to #same reach only the first; give each heading its own id
hb/index.md:3:27: broken link "guide/tow.md": no page or file at "guide/tow.md" (did you mean "guide/two.md"?)
hb/index.md:3:50: broken anchor "guide/one.md#setp-1": guide/one.md has no heading with id "setp-1" (did you mean "step-1"?)
hb/index.md:4:9: broken link "guide/draft.md": link to a draft page, which is not built: remove the link or build with -drafts
hb/index.md:4:36: missing image "img/pic.png": no page or file at "img/pic.png"
`
	wantWarnings := `hb/index.md:4:55: link has an empty target, so it leads back to this page: write where it should go between the parentheses, or remove the link
hb/index.md:4:59: link has no text: readers and screen readers see nothing to click; write what it leads to between the brackets
hb/index.md:6:1: image "img/dot.svg" has no alt text: describe what it shows between the brackets of ![...](...) for readers who cannot see it
`
	if got := lines(rep.Errors); got != wantErrors {
		t.Errorf("errors:\n%s\nwant:\n%s", got, wantErrors)
	}
	if got := lines(rep.Warnings); got != wantWarnings {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, wantWarnings)
	}
	if rep.Pages == 0 {
		t.Errorf("the whole-site checks did not run")
	}

	var ext []string
	for _, e := range rep.External {
		ext = append(ext, e.Host+" "+Error{File: e.File, Line: e.Line, Col: e.Col, Msg: e.URL}.Error())
	}
	wantExt := []string{
		"en.wikipedia.org hb/guide/one.md:9:14: https://en.wikipedia.org/wiki/Role",
		"en.wikipedia.org hb/index.md:6:25: https://en.wikipedia.org/wiki/Role",
		"example.org hb/data/roles.yaml:10:10: https://example.org/survey",
		"go.dev hb/index.md:6:62: https://go.dev/doc",
	}
	if strings.Join(ext, "\n") != strings.Join(wantExt, "\n") {
		t.Errorf("external links:\n%s\nwant:\n%s", strings.Join(ext, "\n"), strings.Join(wantExt, "\n"))
	}
}

func TestBrokenLinksAsWarnings(t *testing.T) {
	files := map[string]string{
		"handbook.toml": "broken_links = \"warning\"\n",
		"index.md":      "# Home\n\n[gone](gone.md) [anchor](#nowhere) ![missing](pic.png)\n",
	}
	// A missing image stays an error.
	if _, err := Build(Config{Content: mapFS(files)}); err == nil || !strings.Contains(err.Error(), "missing image") || strings.Contains(err.Error(), "broken link") {
		t.Fatalf("build error = %v, want only the missing image", err)
	}
	files["index.md"] = "# Home\n\n[gone](gone.md) [anchor](#nowhere)\n"
	res, err := Build(Config{Content: mapFS(files)})
	if err != nil {
		t.Fatalf("broken links stopped the build: %v", err)
	}
	want := `index.md:3:8: broken link "gone.md": no page or file at "gone.md"
index.md:3:26: broken anchor "#nowhere": this page has no heading with id "nowhere"
`
	if got := lines(res.Warnings); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
	rep, err := Check(Config{Content: mapFS(files)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != 0 || lines(rep.Warnings) != want {
		t.Errorf("check: errors %v, warnings:\n%s", rep.Errors, lines(rep.Warnings))
	}

	// The default is an error, in build and in check.
	delete(files, "handbook.toml")
	if _, err := Build(Config{Content: mapFS(files)}); err == nil {
		t.Errorf("broken links did not fail the build")
	}
	rep, err = Check(Config{Content: mapFS(files)})
	if err != nil {
		t.Fatal(err)
	}
	if lines(rep.Errors) != want || len(rep.Warnings) != 0 || rep.Pages != 1 {
		t.Errorf("check: errors:\n%s\nwarnings %v, pages %d", lines(rep.Errors), rep.Warnings, rep.Pages)
	}
}

func TestCheckStopsAtOtherErrors(t *testing.T) {
	rep, err := Check(Config{Content: mapFS(map[string]string{
		"index.md": "---\ntitel: Home\n---\n[gone](gone.md)\n",
	})})
	if err != nil {
		t.Fatal(err)
	}
	want := `index.md:2:1: unknown front matter key "titel" (did you mean "title"?)
index.md:4:8: broken link "gone.md": no page or file at "gone.md"
`
	if got := lines(rep.Errors); got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
	if rep.Pages != 0 {
		t.Errorf("pages = %d, want 0: the whole-site checks cannot run", rep.Pages)
	}
}

// TestCheckStopsKeepingWarnings: a check that stops at an error still
// lists the warnings found before it stopped, and sorts broken links by
// the site's broken_links, as a build that went on would.
func TestCheckStopsKeepingWarnings(t *testing.T) {
	data := strings.Replace(checkData, "    sources: [s]\n", "    as_of: 2019-01\n    sources: [s]\n", 1)
	data = strings.Replace(data, "kind: text", "kind: number\n    unit: USD per year", 1)
	data = strings.Replace(data, `a: "See [the guide](guide/one.md#nope)."`, "a: {value: 1}", 1)
	data = strings.Replace(data, `b: "See [nothing](guide/none.md) and [rows](compare/#focus) and [no row](compare/#fcus)."`, "b: {value: 2}", 1)
	for _, mode := range []string{"error", "warning"} {
		fsys := mapFS(map[string]string{
			"handbook.toml": "broken_links = \"" + mode + "\"\n",
			"index.md":      "---\ntitel: Home\n---\n[gone](gone.md) ![missing](pic.png)\n",
			"data/c.yaml":   data,
		})
		rep, err := Check(Config{Content: fsys, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		errors, warnings := lines(rep.Errors), lines(rep.Warnings)
		link := `index.md:4:8: broken link "gone.md"`
		for _, w := range []string{`index.md:2:1: unknown front matter key "titel"`, `index.md:4:28: missing image`} {
			if !strings.Contains(errors, w) {
				t.Errorf("broken_links = %s: no error %q in:\n%s", mode, w, errors)
			}
		}
		if in := map[string]string{"error": errors, "warning": warnings}[mode]; !strings.Contains(in, link) {
			t.Errorf("broken_links = %s: the broken link is not among the %ss:\nerrors:\n%s\nwarnings:\n%s", mode, mode, errors, warnings)
		}
		if !strings.Contains(warnings, `is dated 2019-01`) {
			t.Errorf("broken_links = %s: the stale data's warning is lost:\n%s", mode, warnings)
		}
	}
}

// TestCheckOrphans uses a theme whose sidebar lists only the top level,
// so that a page nothing links to cannot be reached.
func TestCheckOrphans(t *testing.T) {
	fsys := mapFS(map[string]string{
		"index.md":                             "# Home\n\n[linked](guide/linked.md)\n",
		"guide/index.md":                       "# Guide\n",
		"guide/linked.md":                      "# Linked\n",
		"guide/orphan.md":                      "# Orphan\n",
		"guide/chained.md":                     "# Chained\n",
		"theme/layouts/partials/sidebar.html":  `{{define "sidebar"}}<nav id="hb-nav"><a href="{{.Root}}guide/index.html">Guide</a></nav>{{end}}`,
		"theme/layouts/partials/listing.html":  `{{define "listing"}}{{end}}`,
		"theme/layouts/partials/prevnext.html": `{{define "prevnext"}}{{end}}`,
	})
	fsys["guide/linked.md"].Data = []byte("# Linked\n\n[chained](chained.md)\n")
	rep, err := Check(Config{Content: fsys})
	if err != nil {
		t.Fatal(err)
	}
	want := "guide/orphan.md:1:1: orphan page: no page links to it and the sidebar does not list it, so readers cannot reach it from the home page; link to it or delete it\n"
	if got := lines(rep.Warnings); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}

	// With the default theme every page is in the sidebar: no orphans.
	delete(fsys, "theme/layouts/partials/sidebar.html")
	delete(fsys, "theme/layouts/partials/listing.html")
	delete(fsys, "theme/layouts/partials/prevnext.html")
	if rep, err = Check(Config{Content: fsys}); err != nil || len(rep.Warnings) != 0 {
		t.Errorf("default theme: %v %v", err, rep.Warnings)
	}
}

// TestOutputIsClean builds our handbook and every test site and checks
// what a browser and a screen reader would stumble on: no id twice on a
// page, no link without a target or text, and no image without alt.
func TestOutputIsClean(t *testing.T) {
	sites, _ := filepath.Glob("testdata/sites/*/src")
	sites = append(sites, "../handbook")
	for _, dir := range sites {
		res, err := Build(Config{Content: os.DirFS(dir)})
		if err != nil {
			t.Errorf("%s: %v", dir, err)
			continue
		}
		for _, p := range res.Output.Paths() {
			if strings.HasSuffix(p, ".html") {
				for _, problem := range htmlProblems(res.Output.Files[p]) {
					t.Errorf("%s: %s: %s", dir, p, problem)
				}
			}
		}
	}
}

// htmlProblems finds duplicate ids, empty links and images without alt,
// independently of the code under test.
func htmlProblems(b []byte) []string {
	var out []string
	ids := map[string]bool{}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return []string{err.Error()}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			has := map[string]bool{}
			for _, a := range n.Attr {
				attr[a.Key], has[a.Key] = a.Val, true
			}
			if has["id"] {
				if ids[attr["id"]] {
					out = append(out, "duplicate id "+attr["id"])
				}
				ids[attr["id"]] = true
			}
			switch n.Data {
			case "a":
				if has["href"] && strings.TrimSpace(attr["href"]) == "" {
					out = append(out, "empty href")
				}
				if has["href"] && strings.TrimSpace(accessibleText(n)) == "" && attr["aria-label"] == "" {
					out = append(out, "link without text to "+attr["href"])
				}
			case "img":
				if !has["alt"] {
					out = append(out, "image without alt: "+attr["src"])
				}
				if strings.TrimSpace(attr["src"]) == "" {
					out = append(out, "image without src")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// accessibleText is the text of a node and the alt text of its images.
func accessibleText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	if n.Type == html.ElementNode && n.Data == "img" {
		for _, a := range n.Attr {
			if a.Key == "alt" {
				b.WriteString(a.Val)
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(accessibleText(c))
	}
	return b.String()
}

func TestImageWithoutPath(t *testing.T) {
	_, err := Build(Config{Content: mapFS(map[string]string{"index.md": "# Home\n\nText ![a chart]() and ![](<>).\n"})})
	want := "index.md:3:6: missing image: ![...]() names no file; write its path between the parentheses"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error:\n%v\nwant it to start with:\n%s", err, want)
	}
}

// TestCheckKeepsBuildWarnings checks that check reports the build's
// warnings that are not about links, stale data and skipped links among
// them, as build does.
func TestCheckKeepsBuildWarnings(t *testing.T) {
	data := `roles:
  - id: a
    name: Alpha
sources:
  - id: s
    title: Survey
    publisher: Org
    url: https://example.org/survey
dimensions:
  - id: pay
    name: Pay
    group: Pay
    kind: number
    unit: USD per year
    as_of: 2019-01
    sources: [s]
    values:
      a: {value: 100}
`
	fsys := mapFS(map[string]string{"index.md": "# Home\n", "data/c.yaml": data})
	fsys["linked.md"] = &fstest.MapFile{Data: []byte("index.md"), Mode: fs.ModeSymlink}
	cfg := Config{Content: fsys, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	res, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Check(cfg)
	if err != nil {
		t.Fatal(err)
	}
	built, checked := lines(res.Warnings), lines(rep.Warnings)
	for _, w := range []string{"data/c.yaml:15:12: dimension \"pay\" is dated 2019-01", "linked.md: symbolic link not followed"} {
		if !strings.Contains(built, w) {
			t.Errorf("build has no warning %q:\n%s", w, built)
		}
		if !strings.Contains(checked, w) {
			t.Errorf("check has no warning %q:\n%s", w, checked)
		}
	}
}
