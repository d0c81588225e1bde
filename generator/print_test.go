package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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
	sections := regexp.MustCompile(`<section class="print-page" id="([^"]+)"`).FindAllSubmatch(doc, -1)
	if len(sections) != len(res.tree.pages) {
		t.Fatalf("%d sections for %d pages", len(sections), len(res.tree.pages))
	}
	for i, p := range res.tree.pages {
		if want := pageID(p.URL); string(sections[i][1]) != want {
			t.Errorf("section %d is %s, want %s (nav order)", i, sections[i][1], want)
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
	for _, want := range []string{"<style>", "window.HANDBOOK_SEARCH=", `src="data:image/svg+xml;base64,`, `rel="icon" href="data:image/svg+xml;base64,`, `href="https://example.com"`} {
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
	d := &document{ids: map[string]string{"a/index.html": "a"}}
	p := &Page{URL: "a/index.html", html: []byte("<P CLASS=\"x\">one</P><span title=\"a &amp; b\">two</span><abbr title=\"line\r\nbreak\">three</abbr><p class=\"plain\">four</p>")}
	var b bytes.Buffer
	if err := d.rewrite(&b, p, printRef); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(p.html) {
		t.Errorf("rewrite changed tags it had no reason to:\n got %q\nwant %q", got, p.html)
	}
}
