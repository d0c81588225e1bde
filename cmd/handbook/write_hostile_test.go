package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// entry is what snapshot records of one file or folder.
type entry struct {
	mode os.FileMode
	mod  time.Time
	data string // a file's bytes, a link's target
}

// snapshot records every file, folder and link under root, root itself
// included, without following links.
func snapshot(t *testing.T, root string) map[string]entry {
	t.Helper()
	out := map[string]entry{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		e := entry{mode: fi.Mode(), mod: fi.ModTime()}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			e.data, _ = os.Readlink(p)
		case fi.Mode().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			e.data = string(b)
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = e
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameSnapshot reports every difference between two snapshots.
func sameSnapshot(t *testing.T, what string, before, after map[string]entry) {
	t.Helper()
	for p, b := range before {
		a, ok := after[p]
		switch {
		case !ok:
			t.Errorf("%s: %s is gone", what, p)
		case a.mode != b.mode:
			t.Errorf("%s: %s changed mode from %v to %v", what, p, b.mode, a.mode)
		case a.data != b.data:
			t.Errorf("%s: %s changed", what, p)
		case a.mode.IsRegular() && !a.mod.Equal(b.mod):
			t.Errorf("%s: %s was rewritten", what, p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s: %s appeared", what, p)
		}
	}
}

// siteFiles lists the files under dir as the generator sees them: the
// manifest and files someone else put there aside.
func siteFiles(t *testing.T, dir string, others ...string) []string {
	t.Helper()
	skip := map[string]bool{manifestName: true}
	for _, o := range others {
		skip[o] = true
	}
	var out []string
	for p, e := range snapshot(t, dir) {
		if e.mode.IsRegular() && !skip[p] {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func manifestList(t *testing.T, dir string) []string {
	t.Helper()
	m, ok := readManifest(dir)
	if !ok {
		t.Fatalf("%s has no readable manifest", dir)
	}
	return sortedKeys(m)
}

// TestManifestNewlineName: a name holding a newline, which once split
// into two lines of the manifest and made the next build delete a CNAME
// it never wrote, is refused with its escapes shown, and nothing changes.
func TestManifestNewlineName(t *testing.T) {
	dir := t.TempDir()
	src, out := filepath.Join(dir, "hb"), filepath.Join(dir, "public")
	writeFiles(t, src, map[string]string{"index.md": "# Home\n"})
	if code, _, stderr := runCLI(t, "build", "-src", src, "-out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	writeFiles(t, out, map[string]string{"CNAME": "example.org\n"})
	writeFiles(t, src, map[string]string{"evil.txt\nCNAME": "x"})
	before := snapshot(t, dir)
	code, _, stderr := runCLI(t, "build", "-src", src, "-out", out)
	if code != 1 || !strings.Contains(stderr, `cannot write "evil.txt\nCNAME": the name holds a control character`) {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	sameSnapshot(t, "refused build", before, snapshot(t, dir))

	w := openWriter(t, filepath.Join(dir, "public"))
	defer w.Abort()
	for _, p := range []string{"a\rb.html", "tab\t.css", "del\x7f.js", "nul\x00.html"} {
		if err := w.WriteFile(p, nil); err == nil || !strings.Contains(err.Error(), "control character") || strings.ContainsAny(err.Error(), "\r\t\x7f\x00") {
			t.Errorf("WriteFile(%q) = %v, want a refusal with the character escaped", p, err)
		}
	}
}

// TestManifestFormat: the manifest is a JSON object with a version and the
// files, sorted; a name with quotes or a newline-like escape cannot break
// it. A manifest in the old line format is read once and rewritten, even
// by a build that changes nothing else; one that cannot be read is none.
func TestManifestFormat(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	files := site(20, 0, "")
	files[`say "hi" \n.html`] = []byte("quoted\n")
	writeAll(t, dir, files)
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m manifestFile
	if err := json.Unmarshal(b, &m); err != nil || m.Version != 1 {
		t.Fatalf("manifest is not version 1 JSON (%v):\n%s", err, b)
	}
	if !sort.StringsAreSorted(m.Files) || strings.Join(m.Files, "|") != strings.Join(sortedKeys(files), "|") {
		t.Errorf("manifest lists %q, want %q", m.Files, sortedKeys(files))
	}

	// The old format: one name a line. A page it lists that is no longer
	// built is removed, as before.
	old := append([]string{"gone/index.html"}, sortedKeys(files)...)
	os.WriteFile(filepath.Join(dir, manifestName), []byte(strings.Join(old, "\n")+"\n"), 0o644)
	writeFiles(t, dir, map[string]string{"gone/index.html": "old page\n"})
	if n, _ := writeAll(t, dir, files); n != 1 {
		t.Errorf("build over an old manifest: %d written or removed, want 1", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "gone")); !os.IsNotExist(err) {
		t.Errorf("a page listed in the old manifest was kept: %v", err)
	}
	os.WriteFile(filepath.Join(dir, manifestName), []byte(strings.Join(sortedKeys(files), "\n")+"\n"), 0o644)
	if n, _ := writeAll(t, dir, files); n != 0 {
		t.Errorf("no-change build over an old manifest: %d written", n)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, manifestName)); !bytes.HasPrefix(b, []byte("{")) {
		t.Errorf("the old manifest was not rewritten:\n%s", b)
	}

	for _, bad := range []string{`{"version": 1, "files": [`, `{"version": 2, "files": []}`} {
		os.WriteFile(filepath.Join(dir, manifestName), []byte(bad), 0o644)
		if _, ok := readManifest(dir); ok {
			t.Errorf("manifest %q was read", bad)
		}
	}
}

// TestManifestCannotReachHiddenFolders: a manifest edited to list files
// in .git, or a path outside the folder, does not make a build delete
// them.
func TestManifestCannotReachHiddenFolders(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	files := site(100, 0, "")
	writeAll(t, dir, files)
	writeFiles(t, dir, map[string]string{".git/HEAD": "ref: refs/heads/main\n", ".well-known/security.txt": "x\n"})
	writeFiles(t, root, map[string]string{"outside.txt": "x\n"})
	man := append(sortedKeys(files), ".git/HEAD", ".well-known/security.txt", "../outside.txt")
	b, _ := json.Marshal(manifestFile{Version: manifestVersion, Files: man})
	os.WriteFile(filepath.Join(dir, manifestName), b, 0o644)
	for _, staged := range []bool{false, true} {
		next := files
		if staged {
			next = site(100, 100, "v2")
		}
		_, w := writeAll(t, dir, next)
		if (w.stage != "") != staged {
			t.Fatalf("staged = %v, want %v", w.stage != "", staged)
		}
		for _, p := range []string{"public/.git/HEAD", "public/.well-known/security.txt", "outside.txt"} {
			if _, err := os.Stat(filepath.Join(root, p)); err != nil {
				t.Errorf("staged %v: %s was removed: %v", staged, p, err)
			}
		}
	}
}

// TestWriteFileRefusesHiddenAndOwnPaths: the writer's own defence against
// paths into hidden folders, among its own names, or with names no file
// system holds.
func TestWriteFileRefusesHiddenAndOwnPaths(t *testing.T) {
	w := openWriter(t, filepath.Join(t.TempDir(), "public"))
	defer w.Abort()
	for p, want := range map[string]string{
		".git/config/index.html":                        `".git" is a hidden folder`,
		"old/.well-known/x.html":                        `"old/.well-known" is a hidden folder`,
		".handbook-txn-1/x.html":                        "handbook's own",
		"a/.handbook-tmp-9":                             "handbook's own",
		strings.Repeat("n", 256):                        "256 bytes long",
		"s/" + strings.Repeat("n", 300) + "/index.html": "300 bytes long",
		"bad\xff.html":                                  "not valid UTF-8",
	} {
		if err := w.WriteFile(p, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("WriteFile(%.40q) = %v, want %q", p, err, want)
		}
	}
	for _, p := range []string{".nojekyll", "a/.hidden.html", strings.Repeat("n", 255)} {
		if err := w.WriteFile(p, nil); err != nil {
			t.Errorf("WriteFile(%.40q) = %v", p, err)
		}
	}
}

// linkedAssets builds a site into public/, then moves public/assets to a
// folder elsewhere and leaves a symbolic link in its place.
func linkedAssets(t *testing.T) (dir, elsewhere string, files map[string][]byte) {
	root := t.TempDir()
	dir = filepath.Join(root, "public")
	files = site(200, 0, "")
	files["assets/old.css"] = []byte("old\n")
	writeAll(t, dir, files)
	elsewhere = filepath.Join(root, "elsewhere")
	if err := os.Rename(filepath.Join(dir, "assets"), elsewhere); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(dir, "assets")); err != nil {
		t.Fatal(err)
	}
	return dir, elsewhere, files
}

// TestOutSymlinkedFolder: a symbolic link to a folder inside public/ is
// never written or deleted through, in small changes and large ones: a
// build that would write through it is refused and changes nothing, and
// one that only no longer makes a file behind it leaves the file alone.
func TestOutSymlinkedFolder(t *testing.T) {
	for _, tc := range []struct {
		name    string
		changed int
	}{{"small change", 5}, {"large change", 200}} {
		t.Run(tc.name, func(t *testing.T) {
			dir, elsewhere, files := linkedAssets(t)
			next := site(200, tc.changed, "v2")
			next["assets/site.css"] = []byte("body{color:red}\n")
			next["assets/old.css"] = files["assets/old.css"]
			before, beforeOut := snapshot(t, elsewhere), snapshot(t, dir)
			w := openWriter(t, dir)
			var err error
			for _, p := range sortedKeys(next) {
				if err = w.WriteFile(p, next[p]); err != nil {
					break
				}
			}
			if err == nil {
				_, err = w.Finish()
			} else {
				w.Abort()
			}
			if err == nil || !strings.Contains(err.Error(), "is a symbolic link") || !strings.Contains(err.Error(), filepath.Join(dir, "assets")) {
				t.Errorf("build through a linked folder: %v", err)
			}
			sameSnapshot(t, "the linked folder", before, snapshot(t, elsewhere))
			sameSnapshot(t, "public", beforeOut, snapshot(t, dir))
			if l := leftovers(t, dir); strings.Join(l, " ") != "elsewhere" {
				t.Errorf("left %v beside the site", l)
			}

			// A site that no longer makes assets/old.css, and writes nothing
			// else behind the link, leaves it where the link points.
			delete(next, "assets/old.css")
			delete(next, "assets/site.css")
			writeAll(t, dir, next)
			sameSnapshot(t, "the linked folder", before, snapshot(t, elsewhere))
			if fi, err := os.Lstat(filepath.Join(dir, "assets")); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("the link someone else made was not kept: %v", err)
			}
		})
	}
}

// TestOutSymlinkedFile: a symbolic link at the path of a file of the site
// is replaced by the file, even when it points at the same bytes, and the
// file it points at is never written.
func TestOutSymlinkedFile(t *testing.T) {
	for _, changed := range []int{0, 3, 200} {
		root := t.TempDir()
		dir := filepath.Join(root, "public")
		files := site(200, 0, "")
		files["robots.txt"] = []byte("User-agent: *\n")
		writeAll(t, dir, files)
		target := filepath.Join(root, "robots.txt")
		os.WriteFile(target, files["robots.txt"], 0o644)
		os.Remove(filepath.Join(dir, "robots.txt"))
		if err := os.Symlink(target, filepath.Join(dir, "robots.txt")); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, target)
		next := site(200, changed, "v2")
		next["robots.txt"] = files["robots.txt"]
		writeAll(t, dir, next)
		if fi, err := os.Lstat(filepath.Join(dir, "robots.txt")); err != nil || !fi.Mode().IsRegular() {
			t.Errorf("%d changed: robots.txt is still a link (%v)", changed, err)
		}
		checkSite(t, dir, next)
		sameSnapshot(t, "the link's target", before, snapshot(t, target))
	}
}

// TestOutForeignFilesNeedForce: a folder that holds files but no manifest
// is refused unless -force is given, and the refusal changes nothing, not
// even a folder's permissions; an empty or missing folder is fine.
func TestOutForeignFilesNeedForce(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "hb")
	writeFiles(t, src, map[string]string{"index.md": "# Home\n"})

	out := filepath.Join(dir, "public")
	writeFiles(t, out, map[string]string{"notes.txt": "mine\n"})
	os.Mkdir(filepath.Join(out, "empty"), 0o700)
	os.Chmod(out, 0o750)
	before := snapshot(t, dir)
	code, _, stderr := runCLI(t, "build", "-src", src, "-out", out)
	if code != 1 || !strings.Contains(stderr, "holds files handbook did not write") || !strings.Contains(stderr, "-force") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	sameSnapshot(t, "refused build", before, snapshot(t, dir))

	// A manifest that cannot be read counts as none.
	os.WriteFile(filepath.Join(out, manifestName), []byte("{not json"), 0o644)
	before = snapshot(t, dir)
	if code, _, stderr := runCLI(t, "build", "-src", src, "-out", out); code != 1 || !strings.Contains(stderr, "cannot be read") {
		t.Errorf("unreadable manifest: exit %d, stderr:\n%s", code, stderr)
	}
	sameSnapshot(t, "refused build", before, snapshot(t, dir))

	if code, _, stderr := runCLI(t, "build", "-src", src, "-out", out, "-force"); code != 0 {
		t.Fatalf("-force: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(filepath.Join(out, "notes.txt")); err != nil || string(b) != "mine\n" {
		t.Errorf("-force did not keep notes.txt: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(out, "empty")); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("-force did not keep the empty folder as it was: %v", err)
	}
	if m := manifestList(t, out); strings.Contains(strings.Join(m, " "), "notes.txt") {
		t.Errorf("the manifest claims notes.txt: %v", m)
	}
	// Now the folder has a manifest, and needs -force no more.
	if code, _, stderr := runCLI(t, "build", "-src", src, "-out", out); code != 0 {
		t.Errorf("second build: exit %d: %s", code, stderr)
	}

	for _, out := range []string{filepath.Join(dir, "missing", "public"), filepath.Join(dir, "empty")} {
		os.Mkdir(filepath.Join(dir, "empty"), 0o755)
		if code, _, stderr := runCLI(t, "build", "-src", src, "-out", out); code != 0 {
			t.Errorf("-out %s: exit %d: %s", out, code, stderr)
		}
	}
	writeFiles(t, dir, map[string]string{"file": "x"})
	if code, _, stderr := runCLI(t, "build", "-src", src, "-out", filepath.Join(dir, "file"), "-force"); code != 1 || !strings.Contains(stderr, "is a file") {
		t.Errorf("-out a file: exit %d: %s", code, stderr)
	}
}

// failOn makes every write of a file whose name ends in suffix fail as a
// full disk would.
func failOn(suffix string) func(op, path string) error {
	return func(op, path string) error {
		if op == "write" && strings.HasSuffix(path, suffix) {
			return syscall.ENOSPC
		}
		return nil
	}
}

// TestWriteFailureChangesNothing: a write that fails late in a small
// change, after other changed pages, removed pages and a file that turned
// into a folder, leaves every file of the old site as it was; so does one
// in a large change.
func TestWriteFailureChangesNothing(t *testing.T) {
	for _, tc := range []struct {
		name    string
		changed int
		fail    string
	}{
		{"small change, search index", 10, "search-index.js"},
		{"small change, manifest", 10, manifestName},
		{"large change", 300, "search-index.js"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "public")
			files := site(400, 0, "")
			files["search-index.js"] = []byte("var index = 1;\n")
			files["guide/setup/index.html"] = []byte("<p>a folder</p>\n")
			files["removed/page/index.html"] = []byte("<p>gone soon</p>\n")
			writeAll(t, dir, files)
			writeFiles(t, dir, map[string]string{"CNAME": "example.org\n"})

			next := site(400, tc.changed, "v2")
			next["search-index.js"] = []byte("var index = 2;\n")
			next["guide/setup"] = []byte("now a file\n")
			before := snapshot(t, root)
			w := openWriter(t, dir)
			w.fault = failOn(tc.fail)
			var err error
			for _, p := range sortedKeys(next) {
				if err = w.WriteFile(p, next[p]); err != nil {
					break
				}
			}
			if err == nil {
				_, err = w.Finish()
			} else {
				w.Abort()
			}
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("err = %v, want a full disk", err)
			}
			sameSnapshot(t, "failed build", before, snapshot(t, root))

			// The next build, with room on the disk, goes through.
			writeAll(t, dir, next)
			checkSite(t, dir, next)
			if got, want := strings.Join(siteFiles(t, dir, "CNAME"), " "), strings.Join(sortedKeys(next), " "); got != want {
				t.Errorf("files after the retry differ from the site")
			}
		})
	}
}

// TestWriteReadOnlyOut: a large change to a public/ that cannot be written
// fails before the new site is swapped in, and leaves the old site in
// place and nothing beside it. Run as root, which may write anywhere, the
// folder is made read-only through the test hook.
func TestWriteReadOnlyOut(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	writeAll(t, dir, site(300, 0, ""))
	next := site(300, 300, "v2")

	asRoot := os.Geteuid() == 0
	if !asRoot {
		os.Chmod(dir, 0o555)
		defer os.Chmod(dir, 0o755)
	}
	before := snapshot(t, root)
	w := openWriter(t, dir)
	if asRoot {
		w.fault = func(op, path string) error {
			if op == "write" && filepath.Dir(path) == dir {
				return syscall.EACCES
			}
			return nil
		}
	}
	for _, p := range sortedKeys(next) {
		if err := w.WriteFile(p, next[p]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Finish(); err == nil || !strings.Contains(err.Error(), "cannot be written") {
		t.Errorf("Finish = %v, want a refusal to write a read-only folder", err)
	}
	sameSnapshot(t, "failed build", before, snapshot(t, root))
}

// TestWriteReadOnlyInnerFolder: a read-only folder inside the old site
// does not keep a large change from removing the old site once the new
// one is in place.
func TestWriteReadOnlyInnerFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may remove anything")
	}
	dir := filepath.Join(t.TempDir(), "public")
	writeAll(t, dir, site(300, 0, ""))
	os.Chmod(filepath.Join(dir, "s0"), 0o555)
	next := site(300, 300, "v2")
	writeAll(t, dir, next)
	checkSite(t, dir, next)
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left %v beside the site", l)
	}
}

// TestStaleStagesRemoved: stage folders a killed build left beside
// public/, the old site one set aside, and what an in-place update held
// aside in it are removed by the next build; folders that only look alike
// are not.
func TestStaleStagesRemoved(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	files := site(50, 0, "")
	writeAll(t, dir, files)
	writeFiles(t, root, map[string]string{
		".public.new-2718281/s0/p0/index.html": "half a site",
		".public.new-3141592.old/index.html":   "an old site",
		".public.new-mine/keep.txt":            "not a stage",
		".public.newsletter/keep.txt":          "not a stage",
		".other.new-123/keep.txt":              "another folder's",
	})
	writeFiles(t, dir, map[string]string{".handbook-txn-42/1": "moved aside"})
	os.Chmod(filepath.Join(root, ".public.new-2718281", "s0"), 0o555)
	if n, _ := writeAll(t, dir, files); n != 0 {
		t.Errorf("%d written, want none", n)
	}
	got := leftovers(t, dir)
	if want := []string{".other.new-123", ".public.new-mine", ".public.newsletter"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("beside public: %v, want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, ".handbook-txn-42")); !os.IsNotExist(err) {
		t.Errorf("a stale in-place update's folder was kept: %v", err)
	}
}

// TestLockWaits: a second writer into the same folder waits, saying so,
// until the first is done, and the lock file goes with the last.
func TestLockWaits(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	first := openWriter(t, dir)
	waiting := make(chan bool)
	opened := make(chan *siteWriter)
	go func() {
		w, err := newSiteWriter(dir, func() { close(waiting) })
		if err != nil {
			t.Error(err)
		}
		opened <- w
	}()
	select {
	case <-waiting:
	case w := <-opened:
		if w != nil {
			w.Abort()
		}
		t.Fatal("a second writer opened while the first was open")
	case <-time.After(10 * time.Second):
		t.Fatal("the second writer neither waited nor opened")
	}
	files := site(10, 0, "")
	for _, p := range sortedKeys(files) {
		first.WriteFile(p, files[p])
	}
	if _, err := first.Finish(); err != nil {
		t.Fatal(err)
	}
	second := <-opened
	if second == nil {
		return
	}
	if n, err := second.Finish(); err != nil || n != len(files) {
		t.Errorf("second writer: %d removed (%v), want the %d files of the first", n, err, len(files))
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left %v beside the site", l)
	}
}

// TestLockConcurrentBuilds runs two builds of different sites into one
// folder at once, over several rounds of small and large changes: each
// round leaves one whole site, with a manifest that lists exactly its
// files.
func TestLockConcurrentBuilds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	writeAll(t, dir, site(300, 0, ""))
	writeFiles(t, dir, map[string]string{"CNAME": "example.org\n"})
	for round := range 5 {
		a := site(300, 10*round, fmt.Sprintf("a%d", round))
		b := site(250+round, 150, fmt.Sprintf("b%d", round))
		b[fmt.Sprintf("only-b/%d.html", round)] = []byte("b\n")
		var wg sync.WaitGroup
		for _, files := range []map[string][]byte{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w, err := newSiteWriter(dir, nil)
				if err != nil {
					t.Error(err)
					return
				}
				for _, p := range sortedKeys(files) {
					if err := w.WriteFile(p, files[p]); err != nil {
						t.Error(err)
					}
				}
				if _, err := w.Finish(); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		onDisk := strings.Join(siteFiles(t, dir, "CNAME"), " ")
		if man := strings.Join(manifestList(t, dir), " "); man != onDisk {
			t.Fatalf("round %d: the manifest does not match the files", round)
		}
		whole := false
		for _, files := range []map[string][]byte{a, b} {
			if onDisk != strings.Join(sortedKeys(files), " ") {
				continue
			}
			whole = true
			for p, want := range files {
				if got, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))); !bytes.Equal(got, want) {
					whole = false
				}
			}
		}
		if !whole {
			t.Fatalf("round %d: the folder holds neither site whole", round)
		}
		if l := leftovers(t, dir); len(l) > 0 {
			t.Errorf("round %d: left %v beside the site", round, l)
		}
	}
}

// TestOutMountPoint: when public/ cannot be renamed because it is a mount
// point (EBUSY), a large change goes in place instead: the folder is the
// same one, it holds the new site and the files it kept, and nothing is
// left beside or in it.
func TestOutMountPoint(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	writeAll(t, dir, site(300, 0, ""))
	writeFiles(t, dir, map[string]string{"CNAME": "example.org\n"})
	st, _ := os.Stat(dir)
	next := site(200, 150, "v2")
	next["new/page.html"] = []byte("new\n")
	w := openWriter(t, dir)
	w.fault = func(op, path string) error {
		if op == "rename" && path == dir {
			return syscall.EBUSY
		}
		return nil
	}
	for _, p := range sortedKeys(next) {
		if err := w.WriteFile(p, next[p]); err != nil {
			t.Fatal(err)
		}
	}
	n, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if w.stage == "" {
		t.Fatal("the change was not staged")
	}
	if want := 151 + 100; n != want {
		t.Errorf("%d written or removed, want %d", n, want)
	}
	if now, _ := os.Stat(dir); !os.SameFile(st, now) {
		t.Errorf("public/ was replaced, not updated in place")
	}
	checkSite(t, dir, next)
	if got, want := strings.Join(siteFiles(t, dir, "CNAME"), " "), strings.Join(sortedKeys(next), " "); got != want {
		t.Errorf("files differ from the site:\n%s\nwant\n%s", got, want)
	}
	if got := strings.Join(manifestList(t, dir), " "); got != strings.Join(sortedKeys(next), " ") {
		t.Errorf("the manifest does not match the site")
	}
	if _, err := os.Stat(filepath.Join(dir, "CNAME")); err != nil {
		t.Errorf("CNAME was not kept: %v", err)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left %v beside the site", l)
	}
	for p := range snapshot(t, dir) {
		if strings.Contains(p, ownPrefix) && p != manifestName {
			t.Errorf("left %s in the site", p)
		}
	}
}

// TestWriteInterruptDuringFinish: Ctrl-C while Finish puts a small or a
// large change in place, after its last write, leaves the old site as it
// was and nothing beside it.
func TestWriteInterruptDuringFinish(t *testing.T) {
	for _, changed := range []int{10, 300} {
		root := t.TempDir()
		dir := filepath.Join(root, "public")
		writeAll(t, dir, site(300, 0, ""))
		before := snapshot(t, root)
		next := site(300, changed, "v2")
		w := openWriter(t, dir)
		replaced := make(chan bool, 1)
		w.fault = func(op, path string) error {
			if op == "write" && filepath.Base(path) == manifestName {
				go func() { replaced <- w.Interrupt() }()
				for !w.isStopped() {
					time.Sleep(time.Millisecond)
				}
			}
			return nil
		}
		for _, p := range sortedKeys(next) {
			if err := w.WriteFile(p, next[p]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.Finish(); !errors.Is(err, errInterrupted) {
			t.Errorf("%d changed: Finish = %v, want it interrupted", changed, err)
		}
		if <-replaced {
			t.Errorf("%d changed: Interrupt says the new site was put in place", changed)
		}
		sameSnapshot(t, fmt.Sprintf("%d changed", changed), before, snapshot(t, root))
	}
}
