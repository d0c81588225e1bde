package generator

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"
)

// TestPrintEdition checks print.html of the real handbook as a reader
// would use it: every page once, in nav order, ids unique, and every
// link between pages turned into a link within the document.
func TestPrintEdition(t *testing.T) {
	res, err := Build(Config{Content: os.DirFS("../handbook"), Name: "handbook"})
	if err != nil {
		t.Fatal(err)
	}
	doc := res.Output.Files[PrintURL]
	ids, _ := idsAndRefs(t, doc)
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q appears %d times", id, n)
		}
	}
	// Every page but the job descriptions, the level picker and, with
	// two roles, their pair (the matrix shows the same table), in nav
	// order.
	var printed []*Page
	cut := map[string]bool{}
	for _, p := range res.tree.pages {
		switch {
		case p.Kind == "job", p.Kind == "ladder-picker", p.Kind == "pair":
			cut[p.URL] = true
		default:
			printed = append(printed, p)
		}
	}
	if len(cut) != 10 {
		t.Errorf("%d pages left out of print, want 10 (8 job descriptions, the picker, the pair)", len(cut))
	}
	sections := regexp.MustCompile(`<section class="print-page" id="([^"]+)"`).FindAllSubmatch(doc, -1)
	if len(sections) != len(printed) {
		t.Fatalf("%d sections for %d printed pages", len(sections), len(printed))
	}
	for i, p := range printed {
		if want := pageID(p.URL); string(sections[i][1]) != want {
			t.Errorf("section %d is %s, want %s (nav order)", i, sections[i][1], want)
		}
	}
	// The level page links to its job description; printed, the link
	// leads to the level itself.
	level := sectionOf(t, doc, "roles-pm-ladder-senior")
	if !bytes.Contains(level, []byte(`href="#roles-pm-ladder-senior"`)) || bytes.Contains(level, []byte(`job/index.html`)) || bytes.Contains(level, []byte(`#roles-pm-ladder-senior-job`)) {
		t.Errorf("the senior PM level does not link to itself for its job description:\n%s", level)
	}
	// The contents and each page's heading carry the same number.
	for _, want := range []string{
		`<span class="print-num">1.7.4</span> <a href="#roles-pm-ladder-senior">PM: Senior Product Manager</a>`,
		`<h1 id="roles-pm-ladder-senior--title"><span class="print-num">1.7.4</span> PM: Senior Product Manager</h1>`,
		`<span class="print-num">2</span> <a href="#guide">Working guide</a>`,
	} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("print.html lacks %s", want)
		}
	}
	for _, want := range []string{`id="compare--salary"`, `class="compare-table"`, `id="guide-key-differences--the-short-version"`} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("print.html lacks %s", want)
		}
	}
	inSections := doc[bytes.Index(doc, []byte(`<section class="print-page"`)):bytes.LastIndex(doc, []byte(`</section>`))]
	for _, r := range refsIn(t, inSections) {
		if strings.HasSuffix(strings.SplitN(r, "#", 2)[0], ".html") {
			t.Errorf("link %q in the document leaves it", r)
		}
	}
}

// TestSingleFileAlone: a build for the single-file edition alone keeps
// no page and no print edition, and makes the same edition as a build of
// the whole site. The handbook's own content, with its ladders and
// comparisons, is the site.
func TestSingleFileAlone(t *testing.T) {
	src := os.DirFS("../handbook")
	whole, err := Build(Config{Content: src, Name: "handbook", Now: time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	alone, err := Build(Config{Content: src, Name: "handbook", Now: time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC), SingleFile: true})
	if err != nil {
		t.Fatal(err)
	}
	want, err := whole.SingleFile()
	if err != nil {
		t.Fatal(err)
	}
	got, err := alone.SingleFile()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the edition built alone differs:\n%s", diff(string(want), string(got)))
	}
	if alone.Output.Pages != whole.Output.Pages {
		t.Errorf("pages: %d alone, %d whole", alone.Output.Pages, whole.Output.Pages)
	}
	for _, p := range []string{"index.html", PrintURL, chunkURL(0)} {
		if _, ok := alone.Output.Files[p]; ok {
			t.Errorf("a build for the single-file edition alone kept %s", p)
		}
	}
}

// TestSingleFileNeedsContent: a theme whose print layout leaves out the
// pages gets an error that says so, not an edition without pages.
func TestSingleFileNeedsContent(t *testing.T) {
	for _, c := range []struct{ name, base, print, want string }{
		{"none", "", `{{define "main"}}<article>Nothing here.</article>{{end}}`, "does not show"},
		{"twice", "", `{{define "main"}}{{.Page.Content}}<div hidden>{{.Page.Content}}</div>{{end}}`, "more than once"},
		{"head", `<!doctype html><meta charset=utf-8><title>t</title>{{template "main" .}}`, `{{define "main"}}{{.Page.Content}}{{end}}`, "outside <body>"},
	} {
		fsys := fstest.MapFS{
			"index.md":                 file("# Home\n"),
			"theme/layouts/print.html": file(c.print),
		}
		if c.base != "" {
			fsys["theme/layouts/base.html"] = file(c.base)
		}
		res, err := Build(Config{Content: fsys, SingleFile: true})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		_, err = res.SingleFile()
		if err == nil || !strings.Contains(err.Error(), "layouts/print.html") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one naming layouts/print.html and saying %q", c.name, err, c.want)
		}
	}
}

// TestSingleFileGolden builds the basic site's single-file edition and
// compares its <main> and sidebar with testdata/single/basic.html. It
// also checks that the file needs nothing beside it.
func TestSingleFileGolden(t *testing.T) {
	res, err := Build(Config{Content: os.DirFS("testdata/sites/basic/src"), Name: "src"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := res.SingleFile()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<style>", `handbookSearch("m",`, `handbookSearch("d",0,`, `src="data:image/svg+xml;base64,`, `rel="icon" href="data:image/svg+xml;base64,`, `href="https://example.com"`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("single file lacks %s", want)
		}
	}
	if bytes.Count(b, []byte("</script")) != bytes.Count(b, []byte("<script")) {
		t.Errorf("an inlined script closes its element early")
	}
	ids, refs := idsAndRefs(t, b)
	for _, r := range refs {
		switch {
		case strings.HasPrefix(r, "data:"), strings.HasPrefix(r, "https://"), strings.HasPrefix(r, "http://"):
		case strings.HasPrefix(r, "#"):
			if ids[r[1:]] == 0 {
				t.Errorf("link %s names no element", r)
			}
		default:
			t.Errorf("reference %q needs a file beside the document", r)
		}
	}
	// Search results point within the document.
	ix := regexp.MustCompile(`\["(#[^"]*)","`).FindAllSubmatch(b, -1)
	if len(ix) == 0 {
		t.Errorf("the inlined search index has no in-document entries")
	}
	for _, m := range ix {
		if ids[string(m[1][1:])] == 0 {
			t.Errorf("search entry %s names no element", m[1])
		}
	}

	var got bytes.Buffer
	got.Write(regexp.MustCompile(`(?s)<nav id="hb-nav".*?</nav>`).Find(b))
	got.WriteString("\n")
	got.Write(mainRE.Find(b))
	got.WriteString("\n")
	file := filepath.Join("testdata", "single", "basic.html")
	if *update {
		os.MkdirAll(filepath.Dir(file), 0o755)
		if err := os.WriteFile(file, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(want, got.Bytes()) {
		t.Errorf("single file differs from %s (run go test -update to accept):\n%s", file, diff(string(want), got.String()))
	}
}

// idsAndRefs counts the ids of a document and lists its href and src
// values.
func idsAndRefs(t *testing.T, b []byte) (map[string]int, []string) {
	t.Helper()
	ids := map[string]int{}
	z := html.NewTokenizer(bytes.NewReader(b))
	var refs []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return ids, refs
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for _, a := range z.Token().Attr {
			switch a.Key {
			case "id":
				ids[a.Val]++
			case "href", "src":
				refs = append(refs, a.Val)
			}
		}
	}
}

func refsIn(t *testing.T, b []byte) []string {
	_, refs := idsAndRefs(t, b)
	return refs
}

// TestPrintKeepsTagsAsWritten: tags the print edition does not change are
// copied byte for byte, including ones the tokeniser would rewrite in
// its buffer (upper case, character references, carriage returns).
func TestPrintKeepsTagsAsWritten(t *testing.T) {
	whole := &printEdition{URL: PrintURL}
	d := &document{ids: map[string]string{"a/index.html": "a"}, whole: whole}
	p := &Page{URL: "a/index.html", html: []byte("<P CLASS=\"x\">one</P><span title=\"a &amp; b\">two</span><abbr title=\"line\r\nbreak\">three</abbr><p class=\"plain\">four</p>")}
	var b bytes.Buffer
	if err := d.rewrite(&b, p, whole, whole.ref); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(p.html) {
		t.Errorf("rewrite changed tags it had no reason to:\n got %q\nwant %q", got, p.html)
	}
}

// TestPrintSplit builds a site with more pages than print_split, whose
// print edition is then one file per top-level section: print.html
// lists them, each holds its section's pages once, in nav order, links
// between pages of different sections lead from file to file, and the
// site index links every section to its file.
func TestPrintSplit(t *testing.T) {
	site := fstest.MapFS{
		"handbook.toml":     {Data: []byte("title = \"Split\"\nprint_split = 4\n")},
		"_index.md":         {Data: []byte("# Split\n\nSee [the first guide](guide/one.md#details).\n")},
		"about.md":          {Data: []byte("# About\n\nLoose at the root.\n")},
		"guide/_index.md":   {Data: []byte("# Guide\n\nThe guides.\n")},
		"guide/one.md":      {Data: []byte("# One\n\n## Details\n\nSee [two](two.md) and [the team](../team/people.md#leads).\n")},
		"guide/two.md":      {Data: []byte("# Two\n\nBack to [one](one.md#details).\n")},
		"guide/deep/x.md":   {Data: []byte("# Deep\n\nDeeper.\n")},
		"team/_index.md":    {Data: []byte("# Team\n\nWho.\n")},
		"team/people.md":    {Data: []byte("# People\n\n## Leads\n\nThe leads, and [a guide](../guide/two.md).\n")},
		"team/more/deep.md": {Data: []byte("# Deep team\n\nDeeper.\n")},
	}
	res, err := Build(Config{Content: site})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range VerifyOutput(res.Output) {
		t.Error(p)
	}
	files := res.Output.Files
	want := map[string][]string{
		"print-home.html":  {"home", "about"},
		"print-guide.html": {"guide", "guide-deep", "guide-deep-x", "guide-one", "guide-two"},
		"print-team.html":  {"team", "team-more", "team-more-deep", "team-people"},
	}
	hub := string(files[PrintURL])
	for file, ids := range want {
		if !strings.Contains(hub, `href="`+file+`"`) {
			t.Errorf("print.html does not link to %s", file)
		}
		var got []string
		for _, m := range regexp.MustCompile(`<section class="print-page" id="([^"]+)"`).FindAllSubmatch(files[file], -1) {
			got = append(got, string(m[1]))
		}
		if !slices.Equal(got, ids) {
			t.Errorf("%s holds %q, want %q", file, got, ids)
		}
	}
	for file, link := range map[string]string{
		"print-home.html":  `href="print-guide.html#guide-one--details"`,
		"print-guide.html": `href="print-team.html#team-people--leads"`,
		"print-team.html":  `href="print-guide.html#guide-two"`,
	} {
		if !strings.Contains(string(files[file]), link) {
			t.Errorf("%s lacks the link %s", file, link)
		}
	}
	if !strings.Contains(string(files["print-guide.html"]), `href="#guide-one--details"`) {
		t.Error("a link within a section's file does not stay in it")
	}
	index := string(files[SiteIndexURL])
	for _, file := range []string{"print-guide.html", "print-team.html"} {
		if !strings.Contains(index, `href="../`+file+`"`) {
			t.Errorf("the site index does not link to %s", file)
		}
	}
	deferred, err := Build(Config{Content: site, Defer: true, Cache: NewCache()})
	if err != nil {
		t.Fatal(err)
	}
	for file := range want {
		if b, ok := deferred.Output.File(file); !ok || !bytes.Equal(b, files[file]) {
			t.Errorf("the dev server's %s differs from the build's", file)
		}
	}
}

// sectionOf returns the print section with the given id.
func sectionOf(t *testing.T, doc []byte, id string) []byte {
	t.Helper()
	start := bytes.Index(doc, []byte(`<section class="print-page" id="`+id+`"`))
	if start < 0 {
		t.Fatalf("no print section %s", id)
	}
	end := bytes.Index(doc[start:], []byte("</section>"))
	return doc[start : start+end]
}

// TestSingleFileSearchTargets builds the handbook's single-file edition
// and checks that every search result leads to an element of the file,
// those of pages the document leaves out (job descriptions, the level
// picker, the pair) included: they lead to the page that stands for them.
func TestSingleFileSearchTargets(t *testing.T) {
	res, err := Build(Config{Content: os.DirFS("../handbook"), Name: "handbook"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := res.SingleFile()
	if err != nil {
		t.Fatal(err)
	}
	ids, _ := idsAndRefs(t, b)
	targets := regexp.MustCompile(`\["#([^"]+)"`).FindAllSubmatch(b, -1)
	if len(targets) < 50 {
		t.Fatalf("only %d search entries found in the single file", len(targets))
	}
	for _, m := range targets {
		if ids[string(m[1])] == 0 {
			t.Errorf("a search result leads to #%s, which the file does not have", m[1])
		}
	}
}

// TestPrintAfterTextEdit edits a page's text in a dev server's build,
// which keeps the last build's print document, and checks that the
// print edition shows the edit and reads as a clean build's does.
func TestPrintAfterTextEdit(t *testing.T) {
	files := mapFS(map[string]string{
		"_index.md":   "# Home\n",
		"g/_index.md": "# Guide\n",
		"g/a.md":      "# A\n\nFirst text.\n",
		"g/b.md":      "# B\n\nOther text.\n",
	})
	cache := NewCache()
	if _, err := Build(Config{Content: files, Cache: cache, Defer: true}); err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{"Edited once.", "Edited twice."} {
		files["g/a.md"].Data = []byte("# A\n\n" + text + "\n")
		res, err := Build(Config{Content: files, Cache: cache, Changed: []string{"g/a.md"}, Defer: true})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := res.Output.File(PrintURL)
		clean, err := Build(Config{Content: files})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(got, []byte(text)) || !bytes.Equal(got, clean.Output.Files[PrintURL]) {
			t.Errorf("edit %d: the print edition differs from a clean build's:\n%s", i+1, got)
		}
	}
}

// TestPlainTag: the print edition copies a tag as written without
// tokenising its attributes only when it has none that rewrite changes.
func TestPlainTag(t *testing.T) {
	for raw, want := range map[string]bool{
		`<p>`:                            true,
		`<br/>`:                          true,
		`<span class="k">`:               true,
		`<h2>`:                           true,
		`<a href="x/index.html">`:        false,
		`<h2 id="intro">`:                false,
		`<span class="k" id="x">`:        false,
		`<img class="logo" src="a.png">`: false,
		`<div role="region">`:            false,
		`<label for="q">`:                false,
		`<span class='k'>`:               false, // not the form this fast path knows
		`<P>`:                            false,
		`<>`:                             false,
	} {
		if got := plainTag([]byte(raw)); got != want {
			t.Errorf("plainTag(%s) = %v, want %v", raw, got, want)
		}
	}
}

// TestPrintDocumentReordered: a new weight moves pages without adding or
// renaming any; the print document is then reordered from the last one,
// and is the document made from scratch, whether the print edition is one
// file or split by top-level section.
func TestPrintDocumentReordered(t *testing.T) {
	for _, split := range []int{0, 100} {
		fsys := corpusFS(400)
		fsys["handbook.toml"] = file("title = \"Corpus\"\nprint_split = " + itoa(split) + "\n")
		cache := NewCache()
		if _, err := Build(Config{Content: fsys, Cache: cache, Defer: true}); err != nil {
			t.Fatal(err)
		}
		before := cache.kept.doc
		page := "s0/t0/u0/page-1.md"
		fsys[page] = file(strings.Replace(string(fsys[page].Data), "weight: ", "weight: 9999", 1))
		res, err := Build(Config{Content: fsys, Cache: cache, Changed: []string{page}, Defer: true})
		if err != nil {
			t.Fatal(err)
		}
		got := cache.kept.doc
		if got == before || fmt.Sprintf("%p", got.ids) != fmt.Sprintf("%p", before.ids) {
			t.Fatalf("split %d: the document was made again, not reordered", split)
		}
		want := newDocument(res.tree, split)
		if got.split() != want.split() || len(got.editions) != len(want.editions) || !maps.Equal(got.ids, want.ids) || !maps.Equal(got.cut, want.cut) {
			t.Fatalf("split %d: the reordered document's files or ids differ from a new one's", split)
		}
		for i, e := range want.editions {
			g := got.editions[i]
			if g.URL != e.URL || g.Top != e.Top || !slices.Equal(g.Pages, e.Pages) {
				t.Errorf("split %d: file %s holds other pages, or in another order, than a new document's", split, e.URL)
			}
		}
		if !slices.Equal(got.whole.Pages, want.whole.Pages) {
			t.Errorf("split %d: the whole document's pages are in another order", split)
		}
		for u, e := range want.edition {
			if got.edition[u] == nil || got.edition[u].URL != e.URL {
				t.Errorf("split %d: %s is in another file", split, u)
			}
		}
	}
}
