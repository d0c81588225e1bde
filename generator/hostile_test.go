package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// mainOf returns the <main> element of a built page.
func mainOf(t *testing.T, res *Result, page string) string {
	t.Helper()
	b, ok := res.Output.Files[page]
	if !ok {
		t.Fatalf("no page %s; have %v", page, res.Output.Paths())
	}
	return string(mainRE.Find(b))
}

func mustBuild(t *testing.T, files map[string]string) *Result {
	t.Helper()
	res, err := Build(Config{Content: mapFS(files)})
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	return res
}

// scriptsAndHandlers lists the script elements of a page (but the
// theme's mermaid, which only pages with diagrams load), the elements
// with on* attributes, and those with URLs that would run code.
func scriptsAndHandlers(b []byte) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.Data == "script" && len(tok.Attr) == 2 && tok.Attr[0].Key == "src" && strings.HasSuffix(tok.Attr[0].Val, "assets/vendor/mermaid.min.js") {
			continue // the theme's own, on pages with diagrams
		}
		bad := tok.Data == "script" || tok.Data == "iframe" || tok.Data == "object" || tok.Data == "embed"
		for _, a := range tok.Attr {
			scheme := schemeOf(a.Val)
			if strings.HasPrefix(a.Key, "on") ||
				(a.Key == "href" || a.Key == "src" || a.Key == "action" || a.Key == "formaction") &&
					(scheme == "javascript" || scheme == "vbscript" || scheme == "data") {
				bad = true
			}
		}
		if bad {
			out = append(out, tok.String())
		}
	}
}

func TestRawHTMLIsOffByDefault(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"index.md": "# Home\n\n<script>alert(1)</script>\n\nInline <script>alert(2)</script> and <img src=x onerror=alert(3)>.\n\n" +
			"<div onclick=\"alert(4)\">\n\n*text*\n\n</div>\n\n<SCRIPT SRC=//evil.example/x.js></SCRIPT>\n",
	})
	// The theme's own scripts are the only ones.
	theme := scriptsAndHandlers(mustBuild(t, map[string]string{"index.md": "# Home\n"}).Output.Files["index.html"])
	got := scriptsAndHandlers(res.Output.Files["index.html"])
	if strings.Join(got, "\n") != strings.Join(theme, "\n") {
		t.Errorf("scripts and handlers:\n%s\nwant only the theme's:\n%s", strings.Join(got, "\n"), strings.Join(theme, "\n"))
	}
	if m := mainOf(t, res, "index.html"); strings.Contains(m, "alert") && !strings.Contains(m, "raw HTML omitted") {
		t.Errorf("raw HTML reached the page:\n%s", m)
	}
}

func TestDangerousURLsAreDropped(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"index.md": "# Home\n\n" +
			"[one](javascript:alert(1)) [two](  JavaScript:alert(2) ) [three](vbscript:msgbox) [four](data:text/html,<b>x</b>)\n" +
			"![five](data:image/png;base64,iVBORw0KGgo=) ![six](javascript:alert(6)) <javascript:alert(7)>\n" +
			"[![eight](data:image/gif;base64,R0lGOD)](javascript:void(0)) [nine][ref]\n\n" +
			"[ref]: javascript:alert(9)\n",
	})
	page := res.Output.Files["index.html"]
	theme := scriptsAndHandlers(mustBuild(t, map[string]string{"index.md": "# Home\n"}).Output.Files["index.html"])
	if got := scriptsAndHandlers(page); len(got) != len(theme) {
		t.Errorf("code-running URLs reached the page: %q", got)
	}
	m := mainOf(t, res, "index.html")
	for _, word := range []string{"one", "two", "three", "four", "five", "six", "javascript:alert(7)", "eight", "nine"} {
		if !strings.Contains(m, word) {
			t.Errorf("the text %q of a dropped link is gone:\n%s", word, m)
		}
	}
	for _, bad := range []string{`href=""`, `src=""`, "<img"} {
		if strings.Contains(m, bad) {
			t.Errorf("page has %s:\n%s", bad, m)
		}
	}
}

// TestSchemeOf reads URL schemes the way browsers do, which ignore
// tabs and line breaks inside a URL and control characters around it.
func TestSchemeOf(t *testing.T) {
	for in, want := range map[string]string{
		"javascript:x": "javascript", " JavaScript:x": "javascript", "java\tscript:x": "javascript",
		"\x01javascript:x": "javascript", "jav\nascript:x": "javascript", "DATA:x": "data", "file:": "file",
		"a:b.png": "a", "./a:b.png": "", "page.md": "", "1a:x": "", "a b:x": "", ":x": "", "": "",
	} {
		if got := schemeOf(in); got != want {
			t.Errorf("schemeOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDataValuesAreEscaped(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"index.md": "# Home\n\n```compare\nroles: [a, b]\n```\n",
		"data/roles.yaml": `roles:
  - id: a
    name: "<script>alert(1)</script>"
    short: "A & <b>"
    summary: '"quoted" <img src=x onerror=alert(2)>'
  - id: b
    name: B
sources:
  - id: s
    title: '<script>alert(3)</script>'
    publisher: '"><svg onload=alert(4)>'
    url: "https://example.org/?q=a&r=b"
dimensions:
  - id: d
    name: '<b onmouseover="alert(5)">D</b>'
    group: '</table><script>alert(6)</script>'
    description: "\"><script>alert(7)</script>"
    kind: text
    sources: [s]
    values:
      a: "<script>alert(8)</script> **bold** [js](javascript:alert(9))"
      b: "<iframe src=javascript:alert(10)>"
  - id: l
    name: L
    group: G
    kind: list
    sources: s
    values:
      a: ["<script>alert(11)</script>"]
      b: n/a
`,
	})
	theme := themeScripts(t)
	for _, p := range res.Output.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		if got := scriptsAndHandlers(res.Output.Files[p]); len(got) != theme.count(p) {
			t.Errorf("%s: data values reached the page as markup: %q", p, got)
		}
	}
	if m := mainOf(t, res, "compare/index.html"); !strings.Contains(m, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the role name is not shown as text:\n%s", m)
	}
}

// TestSymlinkLoop builds a tree whose links point back at itself.
func TestSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"index.md": "# Home\n", "a/page.md": "# Page\n"})
	symlink(t, ".", filepath.Join(dir, "self"))
	symlink(t, "..", filepath.Join(dir, "a", "up"))
	symlink(t, "loop2", filepath.Join(dir, "loop1.md"))
	symlink(t, "loop1.md", filepath.Join(dir, "loop2"))

	done := make(chan struct{})
	var res *Result
	var err error
	go func() {
		res, err = Build(Config{Content: os.DirFS(dir)})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the build hangs on a symlink loop")
	}
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Output.Pages; got != 3 {
		t.Errorf("pages = %d, want 3 (home, a/, a/page): %v", got, res.Output.Paths())
	}
	want := "a/up: symbolic link not followed\nloop1.md: symbolic link not followed\nloop2: symbolic link not followed\nself: symbolic link not followed\n"
	if got := lines(res.Warnings); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
}

// TestSymlinkOutside checks that nothing outside the source folder is
// read through a link: not a page, a file, a folder or a data file.
func TestSymlinkOutside(t *testing.T) {
	root := t.TempDir()
	src, outside := filepath.Join(root, "src"), filepath.Join(root, "outside")
	writeTree(t, outside, map[string]string{
		"secret.md":  "# Secret\n\nSECRET-PAGE\n",
		"secret.txt": "SECRET-FILE",
		"data.yaml":  "roles:\n  - id: secret\n    name: SECRET-ROLE\n",
		"dir/x.md":   "# X\n\nSECRET-DIR\n",
	})
	writeTree(t, src, map[string]string{"index.md": "# Home\n"})
	os.MkdirAll(filepath.Join(src, "data"), 0o755)
	symlink(t, filepath.Join(outside, "secret.md"), filepath.Join(src, "secret.md"))
	symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(src, "secret.txt"))
	symlink(t, filepath.Join(outside, "dir"), filepath.Join(src, "dir"))
	symlink(t, "../../outside/data.yaml", filepath.Join(src, "data", "roles.yaml"))

	res, err := Build(Config{Content: os.DirFS(src)})
	if err != nil {
		t.Fatal(err)
	}
	for p, b := range res.Output.Files {
		if bytes.Contains(b, []byte("SECRET")) {
			t.Errorf("%s holds content from outside the source folder", p)
		}
	}
	for _, w := range []string{"data/roles.yaml: symbolic link not followed", "dir: symbolic link not followed", "secret.md: symbolic link not followed", "secret.txt: symbolic link not followed"} {
		if !strings.Contains(lines(res.Warnings), w) {
			t.Errorf("no warning %q in:\n%s", w, lines(res.Warnings))
		}
	}
}

func TestDeepNesting(t *testing.T) {
	const depth = 10000
	cases := map[string]string{
		"list":       strings.Repeat("- ", depth) + "deep\n",
		"quote":      strings.Repeat("> ", depth) + "deep\n",
		"brackets":   strings.Repeat("[", depth) + "deep" + strings.Repeat("](x)", depth) + "\n",
		"emphasis":   strings.Repeat("*", depth) + "deep" + strings.Repeat("*", depth) + "\n",
		"links":      strings.Repeat("[a ", depth) + strings.Repeat("](#)", depth) + "\n",
		"html":       strings.Repeat("<div>", depth) + "\n",
		"ordered":    strings.Repeat("1. ", depth) + "deep\n",
		"quote-list": strings.Repeat("> - ", depth/2) + "deep\n",
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := Build(Config{Content: mapFS(map[string]string{"index.md": "# Deep\n\n" + body})})
			var list ErrorList
			if err != nil && !errors.As(err, &list) {
				t.Fatal(err)
			}
		})
	}
}

func TestInvalidUTF8(t *testing.T) {
	_, err := Build(Config{Content: mapFS(map[string]string{
		"index.md": "# Home\n\nfine ünïcode\nbad \xff byte\n",
		"b.md":     "\xc3",
		"c.md":     "---\ntitle: \"caf\xe9\"\n---\n",
	}), Name: "hb"})
	want := "hb/b.md:1:1: invalid UTF-8 (byte 0xc3): save the file as UTF-8\n" +
		"hb/c.md:2:12: invalid UTF-8 (byte 0xe9): save the file as UTF-8\n" +
		"hb/index.md:4:5: invalid UTF-8 (byte 0xff): save the file as UTF-8"
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

func TestAwkwardFileNames(t *testing.T) {
	files := map[string]string{
		"index.md": "# Home\n\n[a](My%20Notes.md) [b](<Ünïcødé Straße.md>) [c](日本語.md) [d](Upper%20Case/Case%20File.md) " +
			"[e](100%25%20done!.md) [f](What's%20new%3F%20(2026).md) [g](CAPS.MD)\n",
		"My Notes.md":             "# Notes\n",
		"Ünïcødé Straße.md":       "# Straße\n",
		"日本語.md":                  "# 日本語\n",
		"Upper Case/Case File.md": "# Case\n",
		"100% done!.md":           "# Done\n",
		"What's new? (2026).md":   "# New\n",
		"CAPS.MD":                 "# Caps\n",
	}
	res := mustBuild(t, files)
	for _, want := range []string{
		"my-notes/index.html", "ünïcødé-straße/index.html", "日本語/index.html", "upper-case/case-file/index.html",
		"100-done/index.html", "what-s-new-2026/index.html", "caps/index.html",
	} {
		if _, ok := res.Output.Files[want]; !ok {
			t.Errorf("no page at %s; have %v", want, res.Output.Paths())
		}
	}
	safe := regexp.MustCompile(`^[\p{Ll}\p{Lo}\p{N}_./-]+$`)
	for _, p := range res.Output.Paths() {
		if !safe.MatchString(p) {
			t.Errorf("unsafe output path %q", p)
		}
	}
	for _, p := range VerifyOutput(res.Output) {
		t.Error(p)
	}
	home := mainOf(t, res, "index.html")
	if !strings.Contains(home, `href="%C3%BCn%C3%AFc%C3%B8d%C3%A9-stra%C3%9Fe/index.html"`) {
		t.Errorf("links to unicode pages are not percent-encoded:\n%s", home)
	}
	// The URLs are stable: the same names give the same site.
	again := mustBuild(t, files)
	if strings.Join(again.Output.Paths(), " ") != strings.Join(res.Output.Paths(), " ") {
		t.Errorf("a second build gave other paths")
	}

	// Two names that make the same URL are an error, not a silent overwrite.
	_, err := Build(Config{Content: mapFS(map[string]string{"index.md": "# Home\n", "A b.md": "# 1\n", "a-b.md": "# 2\n"})})
	if err == nil || !strings.Contains(err.Error(), `has the same URL "a-b/index.html"`) {
		t.Errorf("clashing names: %v", err)
	}
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("symbolic links are not available here: %v", err)
	}
}

// BenchmarkLargePage builds one page of 5, 25 and 50 MB of ordinary
// markdown. Time per MB stays flat when the build is linear in the size
// of a page.
func BenchmarkLargePage(b *testing.B) {
	para := "A paragraph with *emphasis*, `code`, a [link](#a-heading) and some plain words to fill the line.\n\n" +
		"## A heading\n\n- a list item\n- another\n\n"
	for _, mb := range []int{5, 25, 50} {
		body := "# Top\n\n" + strings.Repeat(para, mb<<20/len(para))
		fsys := mapFS(map[string]string{"index.md": body})
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			benchPerUnit(b, fsys, float64(len(body))/(1<<20), "MB")
		})
	}
}

// BenchmarkLongTable builds a table of 2,500, 5,000 and 10,000 rows.
// Time per row stays flat when tables build in linear time.
func BenchmarkLongTable(b *testing.B) {
	for _, rows := range []int{2500, 5000, 10000} {
		var s strings.Builder
		s.WriteString("# Table\n\n## Rows\n\n| name | value | link |\n| --- | ---: | --- |\n")
		for i := 0; i < rows; i++ {
			fmt.Fprintf(&s, "| row %d | %d | [rows](#rows) |\n", i, i*i)
		}
		fsys := mapFS(map[string]string{"index.md": s.String()})
		b.Run(fmt.Sprintf("%drows", rows), func(b *testing.B) {
			benchPerUnit(b, fsys, float64(rows), "row")
		})
	}
}

func benchPerUnit(b *testing.B, fsys fs.FS, units float64, unit string) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(Config{Content: fsys}); err != nil {
			msg, _, _ := strings.Cut(err.Error(), "\n")
			b.Fatal(msg)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/units, "ns/"+unit)
}

// swapSink runs swap once, when the first page is handed over: after the
// scan, while the build renders its pages.
type swapSink struct {
	mapSink
	once sync.Once
	swap func()
}

func (s *swapSink) WriteFile(p string, b []byte) error {
	if strings.HasSuffix(p, ".html") {
		s.once.Do(s.swap)
	}
	return s.mapSink.WriteFile(p, b)
}

// TestFolderSwappedForLink: a folder of images swapped for a symbolic link
// after the scan, while a build to disk renders its pages, publishes
// nothing the link points at, whether outside the source folder or in a
// part of it that is never published.
func TestFolderSwappedForLink(t *testing.T) {
	for _, kind := range []string{"os.DirFS", "os.Root"} {
		dir := t.TempDir()
		src, secret := filepath.Join(dir, "src"), filepath.Join(dir, "secret")
		for p, body := range map[string]string{
			"src/index.md":         "# Home\n\n![A chart](img/sub/a.png)\n",
			"src/img/sub/a.png":    "PUBLIC",
			"src/.git/x/sub/a.png": "SECRET IN .git",
			"secret/sub/a.png":     "SECRET OUTSIDE",
		} {
			full := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		fsys, target := os.DirFS(src), secret
		if kind == "os.Root" {
			r, err := os.OpenRoot(src)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			fsys, target = r.FS(), ".git/x"
		}
		sink := &swapSink{mapSink: mapSink{files: map[string][]byte{}}}
		sink.swap = func() {
			if err := os.RemoveAll(filepath.Join(src, "img")); err != nil {
				t.Error(err)
			}
			if err := os.Symlink(target, filepath.Join(src, "img")); err != nil {
				t.Error(err)
			}
		}
		_, err := Build(Config{Content: fsys, Sink: sink})
		if got := string(sink.files["img/sub/a.png"]); strings.Contains(got, "SECRET") {
			t.Errorf("%s: published %q through the link", kind, got)
		}
		if err == nil || !strings.Contains(err.Error(), "img/sub/a.png:1:1: cannot read: symbolic link not followed") {
			t.Errorf("%s: err = %v, want img/sub/a.png refused", kind, err)
		}
	}
}
