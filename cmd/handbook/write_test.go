package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// site makes n pages whose text carries a version, and one file that
// never changes.
func site(n, changed int, version string) map[string][]byte {
	files := map[string][]byte{"assets/site.css": []byte("body{}\n")}
	for i := range n {
		v := "v1"
		if i < changed {
			v = version
		}
		files[fmt.Sprintf("s%d/p%d/index.html", i%7, i)] = fmt.Appendf(nil, "<p>page %d %s</p>\n", i, v)
	}
	return files
}

// openWriter opens a writer on dir, failing the test if it cannot.
func openWriter(t *testing.T, dir string) *siteWriter {
	t.Helper()
	w, err := newSiteWriter(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func writeAll(t *testing.T, dir string, files map[string][]byte) (int, *siteWriter) {
	t.Helper()
	w := openWriter(t, dir)
	for _, p := range sortedKeys(files) {
		if err := w.WriteFile(p, files[p]); err != nil {
			t.Fatal(err)
		}
	}
	n, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return n, w
}

func checkSite(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for p, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s = %q (%v), want %q", p, got, err, want)
		}
	}
}

// leftovers lists what a write left beside the site: staging folders.
func leftovers(t *testing.T, dir string) []string {
	ents, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if e.Name() != filepath.Base(dir) {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestSiteWriter writes a first site, then small and large changes to
// it: each leaves exactly the new site, keeps files it did not make and
// the modification time of files that did not change, and leaves nothing
// beside the folder.
func TestSiteWriter(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	first := site(400, 0, "")
	if n, _ := writeAll(t, dir, first); n != len(first) {
		t.Errorf("first write: %d files written, want %d", n, len(first))
	}
	checkSite(t, dir, first)
	os.WriteFile(filepath.Join(dir, "CNAME"), []byte("example.org\n"), 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, "assets/site.css"), old, old)

	for _, tc := range []struct {
		name    string
		changed int
		staged  bool
	}{
		{"no change", 0, false},
		{"small change", 10, false},
		{"large change", 300, true},
	} {
		files := site(400, tc.changed, tc.name)
		n, w := writeAll(t, dir, files)
		if n != tc.changed {
			t.Errorf("%s: %d files written, want %d", tc.name, n, tc.changed)
		}
		if staged := w.stage != ""; staged != tc.staged {
			t.Errorf("%s: staged = %v, want %v", tc.name, staged, tc.staged)
		}
		checkSite(t, dir, files)
		if b, err := os.ReadFile(filepath.Join(dir, "CNAME")); err != nil || string(b) != "example.org\n" {
			t.Errorf("%s: CNAME was not kept", tc.name)
		}
		if st, err := os.Stat(filepath.Join(dir, "assets/site.css")); err != nil || !st.ModTime().Equal(old) {
			t.Errorf("%s: an unchanged file was rewritten", tc.name)
		}
		if l := leftovers(t, dir); len(l) > 0 {
			t.Errorf("%s: left %v beside the site", tc.name, l)
		}
	}

	// Pages that are no longer made are removed, with their folders.
	files := site(100, 0, "")
	// The 100 pages left go back to v1; 300 are removed.
	if n, _ := writeAll(t, dir, files); n != 400 {
		t.Errorf("shrinking: %d files written or removed, want 400", n)
	}
	checkSite(t, dir, files)
	if _, err := os.Stat(filepath.Join(dir, "s0/p399")); !os.IsNotExist(err) {
		t.Errorf("page of a removed source still there: %v", err)
	}
}

// TestSiteWriterAbort: a build that fails after its writer began staging
// leaves the old site untouched and nothing beside it.
func TestSiteWriterAbort(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	first := site(300, 0, "")
	writeAll(t, dir, first)
	w := openWriter(t, dir)
	for p, b := range site(300, 300, "v2") {
		if err := w.WriteFile(p, b); err != nil {
			t.Fatal(err)
		}
	}
	w.Abort()
	if w.stage == "" {
		t.Errorf("300 changed files were held back instead of staged")
	}
	checkSite(t, dir, first)
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left %v beside the site", l)
	}
	// A path outside the site, or one made twice, is refused.
	w = openWriter(t, dir)
	defer w.Abort()
	for _, p := range []string{"../x.html", "/abs.html", manifestName} {
		if err := w.WriteFile(p, nil); err == nil || !strings.Contains(err.Error(), "not a path inside the site") {
			t.Errorf("WriteFile(%q) = %v", p, err)
		}
	}
	w.WriteFile("a.html", nil)
	if err := w.WriteFile("a.html", nil); err == nil {
		t.Errorf("a file written twice was accepted")
	}
}

// TestSiteWriterThroughSymlink: an output folder that is a symbolic link
// stays one, and the folder it names gets the site beside what was there.
func TestSiteWriterThroughSymlink(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "www")
	os.MkdirAll(target, 0o755)
	os.WriteFile(filepath.Join(target, "CNAME"), []byte("example.org\n"), 0o644)
	dir := filepath.Join(root, "public")
	if err := os.Symlink(target, dir); err != nil {
		t.Fatal(err)
	}
	files := site(10, 0, "")
	writeAll(t, dir, files)
	if fi, err := os.Lstat(dir); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("public is no longer a symbolic link: %v", err)
	}
	checkSite(t, target, files)
	if _, err := os.Stat(filepath.Join(target, "CNAME")); err != nil {
		t.Errorf("CNAME in the linked folder is gone: %v", err)
	}
}

// TestSiteWriterShapes: names with dots are the generator's like any
// other, and a file may become a folder of the same name and back.
func TestSiteWriterShapes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	files := site(100, 0, "")
	files["files/report..v2.pdf"] = []byte("pdf")
	files["guide/setup"] = []byte("a file\n")
	files["empty.txt"] = []byte{}
	writeAll(t, dir, files)
	if n, _ := writeAll(t, dir, files); n != 0 {
		t.Errorf("no-change rebuild: %d written", n)
	}
	delete(files, "files/report..v2.pdf")
	delete(files, "guide/setup")
	files["guide/setup/index.html"] = []byte("<p>now a page</p>\n")
	if n, _ := writeAll(t, dir, files); n != 3 {
		t.Errorf("file to folder: %d written or removed, want 3", n)
	}
	checkSite(t, dir, files)
	if _, err := os.Stat(filepath.Join(dir, "files/report..v2.pdf")); !os.IsNotExist(err) {
		t.Errorf("a file no longer made was kept: %v", err)
	}
	delete(files, "guide/setup/index.html")
	files["guide/setup"] = []byte("a file again\n")
	writeAll(t, dir, files)
	checkSite(t, dir, files)
}

// TestSiteWriterConcurrent hands files over from many goroutines, for
// small and large changes; run with -race.
func TestSiteWriterConcurrent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	writeAll(t, dir, site(1000, 0, ""))
	for round, changed := range []int{30, 700, 0, 1000} {
		files := site(1000, changed, fmt.Sprintf("r%d", round))
		w := openWriter(t, dir)
		keys := sortedKeys(files)
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := g; i < len(keys); i += 8 {
					if err := w.WriteFile(keys[i], files[keys[i]]); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		n, err := w.Finish()
		if err != nil {
			t.Fatal(err)
		}
		// Round 2 turns round 1's 700 changed pages back.
		if want := []int{30, 700, 700, 1000}[round]; n != want {
			t.Errorf("round %d: %d written, want %d", round, n, want)
		}
		checkSite(t, dir, files)
		if m, _ := readManifest(dir); len(m) != len(files) {
			t.Errorf("round %d: manifest lists %d files, want %d", round, len(m), len(files))
		}
	}
}

// TestWithin: a folder whose name begins with two dots is still inside.
func TestWithin(t *testing.T) {
	for _, c := range []struct {
		child, parent string
		want          bool
	}{
		{"/a/b", "/a", true}, {"/a/..b", "/a", true}, {"/a", "/a", false}, {"/a", "/a/b", false}, {"/ab", "/a", false},
	} {
		if got := within(c.child, c.parent); got != c.want {
			t.Errorf("within(%q, %q) = %v", c.child, c.parent, got)
		}
	}
}

// TestSiteWriterInterrupt: Ctrl-C in the middle of a large change leaves
// the old site and nothing beside it, even while files are still handed
// over.
func TestSiteWriterInterrupt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	first := site(100, 0, "")
	writeAll(t, dir, first)
	w := openWriter(t, dir)
	next := site(400, 400, "v2")
	keys := sortedKeys(next)
	for _, p := range keys[:300] {
		if err := w.WriteFile(p, next[p]); err != nil {
			t.Fatal(err)
		}
	}
	w.Interrupt()
	for _, p := range keys[300:] {
		w.WriteFile(p, next[p]) // refused or dropped: nothing more is staged
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left %v beside the site", l)
	}
	checkSite(t, dir, first)
	if _, err := w.Finish(); err == nil {
		t.Errorf("an interrupted writer finished")
	}
	checkSite(t, dir, first)
}
