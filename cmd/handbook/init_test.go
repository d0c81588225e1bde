package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestInitThenBuild scaffolds a handbook and builds it as it is: the
// result must build and check without a single warning.
func TestInitThenBuild(t *testing.T) {
	dir := t.TempDir()
	hb := filepath.Join(dir, "team handbook")
	code, stdout, stderr := runCLI(t, "init", hb)
	if code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	quoted := "'" + filepath.ToSlash(hb) + "'"
	if !strings.Contains(stdout, "handbook serve -src "+quoted+" -watch") {
		t.Errorf("init does not say how to preview the new folder:\n%s", stdout)
	}
	for _, f := range []string{"handbook.toml", "_index.md", "README.md", "editing.md", "roles/_index.md", "roles/engineering-manager.md", "roles/tech-lead.md", "data/comparison.yaml", "data/ladders.yaml"} {
		b, err := os.ReadFile(filepath.Join(hb, filepath.FromSlash(f)))
		if err != nil {
			t.Errorf("init did not write %s: %v", f, err)
			continue
		}
		if strings.Contains(string(b), "{{") {
			t.Errorf("%s still holds template syntax", f)
		}
		if !strings.Contains(stdout, f) {
			t.Errorf("init does not list %s:\n%s", f, stdout)
		}
	}
	for _, f := range []string{"README.md", "editing.md"} {
		b, _ := os.ReadFile(filepath.Join(hb, f))
		if !strings.Contains(string(b), "handbook serve -src 'team handbook' -watch") {
			t.Errorf("the new %s does not say how to preview this folder:\n%s", f, b)
		}
	}

	out := filepath.Join(dir, "public")
	code, stdout, stderr = runCLI(t, "build", "-src", hb, "-out", out)
	if code != 0 || stderr != "" {
		t.Fatalf("build of a new handbook: exit %d, stderr:\n%s", code, stderr)
	}
	for _, f := range []string{
		"index.html", "roles/engineering-manager/index.html", "roles/tech-lead/index.html",
		"compare/index.html", "compare/em-vs-tl/index.html", "compare/sources/index.html",
		"roles/em/index.html", "roles/tl/index.html", "data/comparison.json", "data/comparison.csv",
		"editing/index.html", "roles/em/ladder/index.html", "roles/em/ladder/m2/index.html",
		"roles/tl/ladder/t1-to-t2/index.html",
	} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f))); err != nil {
			t.Errorf("the new handbook's site lacks %s", f)
		}
	}
	for _, f := range []string{"readme/index.html", "README.md"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f))); err == nil {
			t.Errorf("the authors' README is published as %s", f)
		}
	}
	home, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(home), "Engineering manager and tech lead at a glance") {
		t.Errorf("the home page does not show its comparison table")
	}

	code, stdout, stderr = runCLI(t, "check", "-src", hb)
	if code != 0 || strings.Contains(stdout, "warning") {
		t.Errorf("check of a new handbook: exit %d\n%s%s", code, stdout, stderr)
	}
}

func TestInitRefusesNonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"notes.txt": "mine\n"})
	code, stdout, stderr := runCLI(t, "init", dir)
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q; want 1 and nothing", code, stdout)
	}
	if !strings.Contains(stderr, "is not empty (it holds notes.txt)") {
		t.Errorf("stderr = %q", stderr)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("init wrote into a non-empty folder: %d entries", len(ents))
	}
}

func TestInitArguments(t *testing.T) {
	dir := t.TempDir()
	// An empty folder that exists is fine.
	if code, _, stderr := runCLI(t, "init", dir); code != 0 {
		t.Errorf("init into an empty folder: exit %d: %s", code, stderr)
	}
	file := filepath.Join(t.TempDir(), "handbook")
	writeFiles(t, filepath.Dir(file), map[string]string{"handbook": "x"})
	if code, _, stderr := runCLI(t, "init", file); code != 1 || !strings.Contains(stderr, "is a file, not a folder") {
		t.Errorf("init onto a file: exit %d: %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "init", "a", "b"); code != 2 {
		t.Errorf("two folders: exit %d, want 2", code)
	}
	if code, stdout, _ := runCLI(t, "init", "-h"); code != 0 || !strings.Contains(stdout, "Usage: handbook init [DIR]") {
		t.Errorf("init -h: exit %d: %s", code, stdout)
	}
}

// TestInitSidebarOrder builds the starter handbook and reads its sidebar
// as a reader sees it: the entries are those, and in the order, that the
// README and "handbook init -h" give.
func TestInitSidebarOrder(t *testing.T) {
	dir := t.TempDir()
	hb, out := filepath.Join(dir, "hb"), filepath.Join(dir, "public")
	if code, _, stderr := runCLI(t, "init", hb); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "build", "-src", hb, "-out", out); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	got := sidebar(t, page)

	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(readme)), " ")
	_, documented, ok := strings.Cut(text, "Its sidebar lists ")
	documented, _, _ = strings.Cut(documented, ", in that order")
	if !ok || strings.Join(got, ", ") != listed(documented) {
		t.Errorf("the starter's sidebar is %q; the README says %q", got, documented)
	}
	help := strings.Join(strings.Fields(initSummary), " ")
	if want := "Its sidebar lists " + strings.Join(got[:len(got)-1], ", ") + " and " + got[len(got)-1] + "."; !strings.Contains(help, want) {
		t.Errorf("handbook init -h does not say %q:\n%s", want, initSummary)
	}
}

// listed turns "a, b and c" into "a, b, c".
func listed(s string) string {
	return strings.Replace(s, " and ", ", ", 1)
}

// sidebar returns the text of the top-level entries of a page's sidebar.
func sidebar(t *testing.T, page []byte) []string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var nav *html.Node
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "nav" && attr(n, "id") == "hb-nav" {
			nav = n
			break
		}
	}
	if nav == nil {
		t.Fatal("the page has no sidebar (nav#hb-nav)")
	}
	var entries []string
	for ul := range nav.ChildNodes() {
		if ul.Type != html.ElementNode || ul.Data != "ul" {
			continue
		}
		for li := range ul.ChildNodes() {
			if li.Type != html.ElementNode || li.Data != "li" {
				continue
			}
			for a := range li.Descendants() {
				if a.Type == html.ElementNode && a.Data == "a" {
					entries = append(entries, strings.TrimSpace(text(a)))
					break
				}
			}
		}
	}
	return entries
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}
