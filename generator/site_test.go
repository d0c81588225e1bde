package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
	"unicode"

	"github.com/rolehandbook/handbook/generator/compare"
)

// handbookReviewed is the day the handbook's dated figures were last
// reviewed. The tests judge stale data against it, so that they do not
// start failing as the calendar moves; handbook check judges against
// today, and warns when the next review is due.
var handbookReviewed = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// TestHandbook builds the real handbook and checks what a reader would
// hit: no warning, every link and anchor resolves and no URL is
// root-absolute.
func TestHandbook(t *testing.T) {
	res, err := Build(Config{Content: os.DirFS("../handbook"), Name: "handbook", Now: handbookReviewed})
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	for _, w := range res.Warnings {
		t.Errorf("warning: %v", w)
	}
	for _, p := range VerifyOutput(res.Output) {
		t.Error(p)
	}
	for _, want := range []string{"index.html", "404.html", "guide/key-differences/index.html", "roles/product-manager/index.html", "sources/index.html", "assets/handbook.css"} {
		if _, ok := res.Output.Files[want]; !ok {
			t.Errorf("missing %s", want)
		}
	}
	home := string(res.Output.Files["index.html"])
	if !strings.Contains(home, `href="guide/key-differences/index.html"`) {
		t.Errorf("home page does not link to the key differences page")
	}
}

// TestDeterministic builds twice and compares every byte.
func TestDeterministic(t *testing.T) {
	a, err := Build(Config{Content: os.DirFS("../handbook")})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(Config{Content: os.DirFS("../handbook")})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Output.Files) != len(b.Output.Files) {
		t.Fatalf("file counts differ: %d and %d", len(a.Output.Files), len(b.Output.Files))
	}
	for p, x := range a.Output.Files {
		if !bytes.Equal(x, b.Output.Files[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// mapSink collects the files a build hands over.
type mapSink struct {
	mu    sync.Mutex
	files map[string][]byte
	fail  string // a path whose write fails
}

func (s *mapSink) WriteFile(p string, b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p == s.fail {
		return errors.New("disk full")
	}
	if _, dup := s.files[p]; dup {
		return fmt.Errorf("%s written twice", p)
	}
	s.files[p] = b
	return nil
}

// TestSinkMatchesOutput streams builds through a sink: the files handed
// over are exactly the files of a build held in memory, each given once.
func TestSinkMatchesOutput(t *testing.T) {
	// A loose #anchor is fixed in the page's body after its markdown,
	// and a diagram publishes mermaid: both read a body a one-shot build
	// keeps packed (packBody).
	loose := mapFS(map[string]string{
		"index.md":     "# Home\n\n[a](celebrate.md#Birthday-gift-budget) [c](#Local-Part)\n\n## Local part\n",
		"celebrate.md": "# Celebrate\n\n## Birthday gift budget\n\n```mermaid\ngraph TD; A-->B\n```\n",
	})
	sites := map[string]fs.FS{"handbook": os.DirFS("../handbook"), "corpus": corpusFS(300), "files": filesFS(), "loose": loose}
	for name, fsys := range sites {
		mem, err := Build(Config{Content: fsys})
		if err != nil {
			t.Fatal(err)
		}
		sink := &mapSink{files: map[string][]byte{}}
		res, err := Build(Config{Content: fsys, Sink: sink})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(res.Output.Files) != 0 || res.Output.Pages != mem.Output.Pages {
			t.Errorf("%s: streamed output holds %d files and %d pages, want 0 and %d", name, len(res.Output.Files), res.Output.Pages, mem.Output.Pages)
		}
		if len(sink.files) != len(mem.Output.Files) {
			t.Errorf("%s: %d files streamed, %d built in memory", name, len(sink.files), len(mem.Output.Files))
		}
		for p, want := range mem.Output.Files {
			if got, ok := sink.files[p]; !ok || !bytes.Equal(got, want) {
				t.Errorf("%s: %s streamed differs from the file built in memory", name, p)
			}
		}
	}
}

// TestDeferWithSink: with both, the sink takes the pages and the
// content's files, and the files made from every page (the search index,
// the print edition, the sitemap) are left to Output.File, not lost:
// together they are the site a build in memory makes.
func TestDeferWithSink(t *testing.T) {
	fsys := corpusFS(60)
	fsys["handbook.toml"] = file("title = \"Corpus\"\nbase_url = \"https://example.org/hb\"\n")
	mem, err := Build(Config{Content: fsys})
	if err != nil {
		t.Fatal(err)
	}
	sink := &mapSink{files: map[string][]byte{}}
	res, err := Build(Config{Content: fsys, Sink: sink, Defer: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{SearchManifestURL, PrintURL, "sitemap.xml", "robots.txt", SiteIndexURL} {
		if _, ok := mem.Output.Files[p]; !ok {
			t.Fatalf("the build in memory has no %s", p)
		}
		if _, ok := sink.files[p]; ok {
			t.Errorf("%s was handed to the sink, not left for Output.File", p)
		}
	}
	for p, want := range mem.Output.Files {
		got, ok := sink.files[p]
		if !ok {
			got, ok = res.Output.File(p)
		}
		if !ok {
			t.Errorf("%s is neither in the sink nor in Output.File", p)
		} else if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the file built in memory", p)
		}
	}
}

// TestSinkUnreadableFileWithOtherErrors: a streamed build that stops at
// an error in a page still names the file it could not have read, as a
// build that reads every file up front does.
func TestSinkUnreadableFileWithOtherErrors(t *testing.T) {
	files := filesFS()
	files["broken.md"] = file("---\ntitle: [unclosed\n---\n# Broken\n")
	fsys := failingFS{files, "guide/chart.png"}
	for _, sink := range []Sink{nil, &mapSink{files: map[string][]byte{}}} {
		_, err := Build(Config{Content: fsys, Sink: sink})
		got := fmt.Sprint(err)
		if !strings.Contains(got, "guide/chart.png:1:1: cannot read: permission denied") || !strings.Contains(got, "broken.md:3:1: invalid YAML front matter") {
			t.Errorf("sink %v: err = %v, want both the front matter and guide/chart.png", sink != nil, err)
		}
	}
}

// filesFS is a handbook with files of its own beside its pages: images,
// an attachment, and a stylesheet that replaces the theme's.
func filesFS() fstest.MapFS {
	fsys := mapFS(map[string]string{
		"index.md":            "# Home\n\n![A chart](guide/chart.png) [The form](forms/leave.pdf)\n",
		"guide/index.md":      "# Guide\n\n![Again](chart.png)\n",
		"guide/chart.png":     "\x89PNG not really",
		"forms/leave.pdf":     "%PDF-1.4",
		"assets/handbook.css": "body { color: teal }\n",
	})
	return fsys
}

// TestSinkUnreadableFile: a file of the content that cannot be read when a
// streamed build comes to write it fails the build, naming the file, as
// it does when a build held in memory reads it.
func TestSinkUnreadableFile(t *testing.T) {
	fsys := failingFS{filesFS(), "guide/chart.png"}
	for _, sink := range []Sink{nil, &mapSink{files: map[string][]byte{}}} {
		_, err := Build(Config{Content: fsys, Sink: sink})
		if err == nil || !strings.Contains(err.Error(), "guide/chart.png:1:1: cannot read: permission denied") {
			t.Errorf("sink %v: err = %v, want guide/chart.png cannot be read", sink != nil, err)
		}
	}
}

// TestSinkErrorStopsBuild: a file that cannot be written fails the build
// with the sink's error.
func TestSinkErrorStopsBuild(t *testing.T) {
	for _, p := range []string{"guide/chart.png", "assets/handbook.css"} {
		_, err := Build(Config{Content: filesFS(), Sink: &mapSink{files: map[string][]byte{}, fail: p}})
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("failing %s: err = %v, want the sink's error", p, err)
		}
	}
	for _, p := range []string{"guide/key-differences/index.html", PrintURL, "assets/handbook.css"} {
		_, err := Build(Config{Content: os.DirFS("../handbook"), Sink: &mapSink{files: map[string][]byte{}, fail: p}})
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("failing %s: err = %v, want the sink's error", p, err)
		}
	}
}

// handbookPage is one markdown page of our handbook, as its authors wrote
// it: the path from the handbook folder and the text after the front
// matter.
type handbookPage struct {
	path, body string
}

// handbookPages reads every markdown page of ../handbook.
func handbookPages(t *testing.T) []handbookPage {
	t.Helper()
	var out []handbookPage
	err := filepath.WalkDir("../handbook", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("../handbook", p)
		out = append(out, handbookPage{filepath.ToSlash(rel), stripFrontMatter(string(b))})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 10 {
		t.Fatalf("found %d pages in ../handbook", len(out))
	}
	return out
}

func stripFrontMatter(s string) string {
	for _, fence := range []string{"---", "+++"} {
		if strings.HasPrefix(s, fence+"\n") {
			if i := strings.Index(s[len(fence)+1:], "\n"+fence+"\n"); i >= 0 {
				return s[len(fence)+1+i+len(fence)+2:]
			}
		}
	}
	return s
}

var (
	mdLinkTarget = regexp.MustCompile(`\]\([^)]*\)`)
	mdHeadingID  = regexp.MustCompile(`\{#[^}]*\}`)
	mdUnitStart  = regexp.MustCompile(`^\s*(?:[-*+]|\d+\.|\|)\s`)
)

// readerText is markdown as a reader sees its words: link targets and
// heading ids dropped.
func readerText(md string) string {
	return mdHeadingID.ReplaceAllString(mdLinkTarget.ReplaceAllString(md, "]"), "")
}

// paragraphs splits a page into the units a reader would recognise as
// repeated: paragraphs, and each list item, table row and quoted line.
func paragraphs(body string) []string {
	var out []string
	for _, block := range regexp.MustCompile(`\n\s*\n`).Split(body, -1) {
		var cur []string
		flush := func() {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, " "))
				cur = nil
			}
		}
		for _, line := range strings.Split(block, "\n") {
			line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), ">"))
			if mdUnitStart.MatchString(line + " ") {
				flush()
			}
			cur = append(cur, line)
		}
		flush()
	}
	return out
}

// mdCitation is a numbered citation once its link targets are gone:
// "([2], [5])".
var mdCitation = regexp.MustCompile(`\(\s*\[\d+\](?:\s*,\s*\[\d+\])*\s*\)`)

// normalise reduces a paragraph to its words, lowercased: markup, link
// targets, citations and punctuation dropped and whitespace collapsed, so
// that a copy with other links, emphasis or citations is still a copy.
func normalise(p string) string {
	return strings.Join(words(mdCitation.ReplaceAllString(readerText(p), " ")), " ")
}

// TestHandbookNoRepeatedParagraphs: no page of our handbook repeats a
// paragraph, list item or table row of another, whole or inside a longer
// one. Short ones (under 12 words: headings, "Related pages" entries,
// table rows of codes) may recur; the generated pages are not read, since
// they repeat the data on purpose.
func TestHandbookNoRepeatedParagraphs(t *testing.T) {
	const minWords = 12
	type para struct{ page, text string }
	var all []para
	for _, pg := range handbookPages(t) {
		seen := map[string]bool{}
		for _, p := range paragraphs(pg.body) {
			n := normalise(p)
			if len(strings.Fields(n)) >= minWords && !seen[n] {
				seen[n] = true
				all = append(all, para{pg.path, " " + n + " "})
			}
		}
	}
	for i, a := range all {
		for _, b := range all[i+1:] {
			if a.page == b.page {
				continue
			}
			if strings.Contains(b.text, a.text) || strings.Contains(a.text, b.text) {
				short := a.text
				if len(b.text) < len(short) {
					short = b.text
				}
				t.Errorf("%s and %s share a paragraph:\n\t%s", a.page, b.page, strings.TrimSpace(short))
			}
		}
	}
}

// TestHandbookDataCitedOrExample: every value of our comparison data
// cites a source, or is marked as this handbook's own example, and the
// examples are labelled as such where readers see them.
func TestHandbookDataCitedOrExample(t *testing.T) {
	d, probs := compare.Load(os.DirFS("../handbook"), "data", handbookReviewed, 0)
	for _, p := range probs {
		t.Errorf("%s: %s", p.Pos, p.Msg)
	}
	if d == nil {
		t.Fatal("no comparison data")
	}
	var examples []*compare.Dimension
	for _, dim := range d.Dimensions {
		hasExample := false
		for _, r := range d.Roles {
			v := dim.Values[r.ID]
			switch {
			case v == nil:
				t.Errorf("%s: no value for %s", dim.ID, r.ID)
			case v.NA:
			case dim.IsExample(v):
				hasExample = true
			case len(dim.Citations(v)) == 0:
				t.Errorf("%s/%s cites no source and is not marked example", dim.ID, r.ID)
			default:
				for _, id := range dim.Citations(v) {
					if d.Source(id) == nil {
						t.Errorf("%s/%s cites unknown source %q", dim.ID, r.ID, id)
					}
				}
			}
		}
		if hasExample {
			examples = append(examples, dim)
			if !strings.Contains(strings.ToLower(dim.Description), "example") {
				t.Errorf("%s holds examples, but its description does not say so", dim.ID)
			}
		}
	}
	if len(examples) == 0 {
		return
	}
	res, err := Build(Config{Content: os.DirFS("../handbook"), Name: "handbook", Now: handbookReviewed})
	if err != nil {
		t.Fatal(err)
	}
	matrix := string(res.Output.Files[compare.IndexURL])
	for _, dim := range examples {
		i := strings.Index(matrix, `id="`+dim.ID+`"`)
		if i < 0 {
			t.Errorf("%s: no row in %s", dim.ID, compare.IndexURL)
			continue
		}
		row, _, _ := strings.Cut(matrix[i:], "</tr>")
		if !strings.Contains(row, compare.ExampleMark) {
			t.Errorf("%s: the row in %s does not label its values as examples:\n%s", dim.ID, compare.IndexURL, row)
		}
	}
}

// words splits text into lowercase words of letters and digits, the way
// a reader would compare two sentences.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// TestHandbookNoSeedRuns: no run of eight words on any page or in the
// data is the same as a run in one of the source articles, except where
// a page names an article by its title. The articles live outside this
// repository; without them the test is skipped.
func TestHandbookNoSeedRuns(t *testing.T) {
	const n = 8
	seeds, _ := filepath.Glob("../../shared/seeds/*")
	if len(seeds) == 0 {
		t.Skip("no source articles in ../../shared/seeds")
	}
	runs := map[string]string{} // eight words → the article they come from
	for _, f := range seeds {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w := words(string(b))
		for i := 0; i+n <= len(w); i++ {
			runs[strings.Join(w[i:i+n], " ")] = filepath.Base(f)
		}
	}
	d, probs := compare.Load(os.DirFS("../handbook"), "data", handbookReviewed, 0)
	if d == nil {
		t.Fatalf("no comparison data: %v", probs)
	}
	var titles [][]string
	for _, s := range d.Sources {
		titles = append(titles, words(s.Title))
	}
	texts := map[string]string{}
	for _, pg := range handbookPages(t) {
		texts[pg.path] = readerText(pg.body)
	}
	var data []string
	for _, r := range d.Roles {
		data = append(data, r.Name, r.Summary)
	}
	for _, s := range d.Sources {
		data = append(data, s.Author, s.Publisher)
	}
	for _, dim := range d.Dimensions {
		data = append(data, dim.Name, dim.Description)
		for _, v := range dim.Values {
			data = append(data, v.Text)
			data = append(data, v.Items...)
		}
	}
	texts["data/comparison.yaml"] = strings.Join(data, "\n\n")
	paths := make([]string, 0, len(texts))
	for p := range texts {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		for _, part := range strings.Split(texts[p], "\n\n") {
			for _, run := range withoutTitles(words(part), titles) {
				for i := 0; i+n <= len(run); i++ {
					if seed, ok := runs[strings.Join(run[i:i+n], " ")]; ok {
						t.Errorf("%s: %q is word for word in %s", p, strings.Join(run[i:i+n], " "), seed)
					}
				}
			}
		}
	}
}

// withoutTitles cuts every occurrence of a title out of a run of words,
// returning the pieces between them.
func withoutTitles(w []string, titles [][]string) [][]string {
	var out [][]string
	start := 0
	for i := 0; i < len(w); {
		cut := 0
		for _, title := range titles {
			if len(title) > 0 && i+len(title) <= len(w) && equalWords(w[i:i+len(title)], title) {
				cut = max(cut, len(title))
			}
		}
		if cut == 0 {
			i++
			continue
		}
		out = append(out, w[start:i])
		i += cut
		start = i
	}
	return append(out, w[start:])
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// TestHandbookOneAccountable: every row of the responsibilities matrix
// names exactly one accountable role, as the page's own definition of A
// requires.
func TestHandbookOneAccountable(t *testing.T) {
	b, err := os.ReadFile("../handbook/guide/responsibilities.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	var cols []string
	for i, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "|") {
			cols = nil
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), "|")
		for j := range cells {
			cells[j] = strings.TrimSpace(cells[j])
		}
		switch {
		case cols == nil:
			cols = cells
			continue
		case strings.HasPrefix(cells[0], "---"):
			continue
		}
		if len(cells) != len(cols) {
			t.Errorf("line %d has %d cells, its table %d", i+1, len(cells), len(cols))
			continue
		}
		rows++
		var accountable []string
		for j, c := range cells[1:] {
			if c == "A" || strings.HasPrefix(c, "A/") {
				accountable = append(accountable, cols[j+1])
			}
		}
		if len(accountable) != 1 {
			t.Errorf("line %d, %q: accountable %v, want exactly one", i+1, cells[0], accountable)
		}
	}
	if rows < 10 {
		t.Errorf("found %d rows in the matrix", rows)
	}
}
