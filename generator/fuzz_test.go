package generator

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"
)

// The fuzz targets below never panic, and each checks what must hold for
// any input. Their seeds are in testdata/fuzz/NAME; a crasher the fuzzer
// finds is saved there too and from then on runs as a regression test.
// make fuzz runs each for a bounded time.

// FuzzFrontMatter splits and decodes front matter: the body keeps the
// file's length and line breaks, so that positions in it stay right, and
// every problem names a line.
func FuzzFrontMatter(f *testing.F) {
	f.Fuzz(func(t *testing.T, src []byte) {
		defer watchdog(10*time.Second, src)()
		if !utf8.Valid(src) || bytes.IndexByte(src, '\r') >= 0 {
			return // normalize rejects or rewrites these first
		}
		var c errs
		_, body := parseFrontMatter("p.md", src, true, &c)
		if len(body) != len(src) {
			t.Fatalf("body is %d bytes, source %d", len(body), len(src))
		}
		for i := range src {
			if (src[i] == '\n') != (body[i] == '\n') {
				t.Fatalf("line breaks moved at byte %d", i)
			}
		}
		fm, _, _, ok, closed := splitFrontMatter(src)
		if ok && closed && !bytes.Contains(src, fm) {
			t.Fatalf("front matter %q is not part of the source", fm)
		}
		for _, e := range c.list {
			if e.File != "p.md" || e.Line < 1 || e.Msg == "" {
				t.Errorf("problem without a position: %#v", e)
			}
		}
	})
}

// linkSite is a small handbook that fuzzed links point into.
func linkSite(index string) fstest.MapFS {
	return mapFS(map[string]string{
		"index.md":           index,
		"guide/_index.md":    "# Guide\n\n## Overview\n",
		"guide/step one.md":  "# Step one\n\n## Do it {#do}\n",
		"guide/draft.md":     "---\ndraft: true\n---\n# Draft\n",
		"Ünïcødé.md":         "# Unicode\n",
		"img/a b.png":        "png",
		"files/report:1.txt": "colon",
	})
}

// FuzzLinks resolves a fuzzed link from a page. Either the build reports
// the link with a position, or every link in the output leads somewhere
// that exists, and none runs code.
func FuzzLinks(f *testing.F) {
	theme := themeScripts(f)
	f.Fuzz(func(t *testing.T, dest string) {
		defer watchdog(10*time.Second, dest)()
		if strings.ContainsAny(dest, "\n\r") || !utf8.ValidString(dest) {
			return
		}
		res, err := Build(Config{Content: linkSite("# Home\n\n[link](" + dest + ") ![image](" + dest + ")\n")})
		if err != nil {
			requirePositions(t, err)
			return
		}
		for _, p := range verifyIgnoringFootnotes(res.Output) {
			t.Errorf("%s", p)
		}
		if runs := scriptsAndHandlers(res.Output.Files["index.html"]); len(runs) != theme.count("index.html") {
			t.Errorf("link runs code: %q", runs)
		}
	})
}

// FuzzRelURL checks that a relative URL made between two output paths
// leads, from the first, to the second.
func FuzzRelURL(f *testing.F) {
	f.Fuzz(func(t *testing.T, from, to string) {
		if !outputPath(from) || !outputPath(to) {
			return
		}
		rel := relURL(from, to)
		u, err := url.Parse(rel)
		if err != nil {
			t.Fatalf("relURL(%q, %q) = %q, not a URL: %v", from, to, rel, err)
		}
		if u.Scheme != "" || u.Host != "" || u.Fragment != "" || u.RawQuery != "" {
			t.Fatalf("relURL(%q, %q) = %q reads as more than a path", from, to, rel)
		}
		if got := path.Join(path.Dir(from), u.Path); got != to {
			t.Fatalf("relURL(%q, %q) = %q, which leads to %q", from, to, rel, got)
		}
	})
}

// outputPath reports whether s could be a file of the built site.
func outputPath(s string) bool {
	if s == "" || !utf8.ValidString(s) || strings.HasPrefix(s, "/") || strings.HasSuffix(s, "/") {
		return false
	}
	for _, part := range strings.Split(s, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return true
}

// FuzzMarkdown runs a fuzzed page through the whole build. Either the
// build reports problems with positions, or the site it makes has no
// broken link, no script of the content's own and no id twice on a page
// that check would not report.
func FuzzMarkdown(f *testing.F) {
	theme := themeScripts(f)
	f.Fuzz(func(t *testing.T, page string) {
		defer watchdog(10*time.Second, page)()
		fsys := linkSite(page)
		res, err := Build(Config{Content: fsys})
		if err != nil {
			requirePositions(t, err)
			return
		}
		for _, p := range verifyIgnoringFootnotes(res.Output) {
			t.Errorf("%s", p)
		}
		for _, p := range res.Output.Paths() {
			if !strings.HasSuffix(p, ".html") {
				continue
			}
			if runs := scriptsAndHandlers(res.Output.Files[p]); len(runs) != theme.count(p) {
				t.Errorf("%s: content runs code: %q", p, runs)
			}
		}
		if _, err := Check(Config{Content: fsys}); err != nil {
			t.Errorf("check: %v", err)
		}
	})
}

// watchdog crashes the fuzz worker when one input takes longer than
// limit, so that the fuzzer saves the input: a slow input is a bug (the
// inputs are small), and a hang would otherwise only stall the fuzzer.
// The returned function stops it.
func watchdog(limit time.Duration, input any) func() bool {
	return time.AfterFunc(limit, func() {
		panic(fmt.Sprintf("input took longer than %s: %q", limit, input))
	}).Stop
}

// requirePositions fails unless err lists problems that each name a file.
func requirePositions(t *testing.T, err error) {
	t.Helper()
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("not a list of problems: %v", err)
	}
	for _, e := range list {
		if e.File == "" || e.Msg == "" {
			t.Errorf("problem without a file: %#v", e)
		}
	}
}

// verifyIgnoringFootnotes is VerifyOutput without links to footnotes,
// which markdown lets a writer aim at notes that do not exist, and
// without empty links, which lead back to their page and which check
// reports.
func verifyIgnoringFootnotes(o *Output) []string {
	var out []string
	for _, p := range VerifyOutput(o) {
		if !strings.Contains(p, "#fn:") && !strings.Contains(p, "#fnref:") && !strings.HasSuffix(p, ": empty href") {
			out = append(out, p)
		}
	}
	return out
}

// themeScripts is what scriptsAndHandlers finds on a page with no
// content, and on the 404 page, which has a script of its own to find the
// site's root.
func themeScripts(t testing.TB) scriptBaseline {
	t.Helper()
	res, err := Build(Config{Content: mapFS(map[string]string{"index.md": "# Home\n"})})
	if err != nil {
		t.Fatal(err)
	}
	return scriptBaseline{page: scriptsAndHandlers(res.Output.Files["index.html"]), notFound: scriptsAndHandlers(res.Output.Files["404.html"])}
}

type scriptBaseline struct{ page, notFound []string }

// count is how many scripts the theme puts on the page at path p.
func (b scriptBaseline) count(p string) int {
	if p == "404.html" {
		return len(b.notFound)
	}
	return len(b.page)
}
