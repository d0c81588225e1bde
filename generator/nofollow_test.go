package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestSymlinksNeverFollowed links every kind of input the build reads,
// not only pages, to a secret outside the content folder: the config,
// the data folder, the theme folder, a layout, a theme static file and a
// folder inside the theme. None of the secret may reach the output, and
// each link gets one warning.
func TestSymlinksNeverFollowed(t *testing.T) {
	root := t.TempDir()
	src, outside := filepath.Join(root, "src"), filepath.Join(root, "outside")
	const secret = "SECRET-7f3a"
	writeTree(t, outside, map[string]string{
		"env.txt":            secret,
		"handbook.toml":      "title = \"" + secret + "\"\n",
		"data/roles.yaml":    "roles:\n  - id: x\n    name: " + secret + "\n",
		"page.html":          "<p>" + secret + "</p>",
		"theme/static/a.txt": secret,
		"assets/b.txt":       secret,
	})
	writeTree(t, src, map[string]string{
		"index.md":               "# Home\n",
		"mytheme/static/ok.txt":  "fine",
		"mytheme/layouts/.keep":  "",
		"handbook.toml.disabled": "",
	})
	symlink(t, filepath.Join(outside, "handbook.toml"), filepath.Join(src, "handbook.toml"))
	symlink(t, filepath.Join(outside, "data"), filepath.Join(src, "data"))
	symlink(t, filepath.Join(outside, "theme"), filepath.Join(src, "theme"))
	symlink(t, filepath.Join(outside, "env.txt"), filepath.Join(src, "mytheme", "static", "env.txt"))
	symlink(t, filepath.Join(outside, "page.html"), filepath.Join(src, "mytheme", "layouts", "page.html"))
	symlink(t, filepath.Join(outside, "assets"), filepath.Join(src, "mytheme", "static", "assets2"))

	for _, themeDir := range []string{"theme", "mytheme"} {
		if themeDir == "mytheme" {
			// A real config naming a theme folder that holds links.
			os.Remove(filepath.Join(src, "handbook.toml"))
			writeTree(t, src, map[string]string{"handbook.toml": "theme_dir = \"mytheme\"\n"})
		}
		res, err := Build(Config{Content: os.DirFS(src)})
		if err != nil {
			t.Fatalf("%s: %v", themeDir, err)
		}
		for p, b := range res.Output.Files {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s: %s holds what a link points at", themeDir, p)
			}
		}
		warned := lines(res.Warnings)
		want := []string{"data: symbolic link not followed", "handbook.toml: symbolic link not followed", "theme: symbolic link not followed"}
		if themeDir == "mytheme" {
			want = []string{"data: symbolic link not followed", "mytheme/layouts/page.html: symbolic link not followed",
				"mytheme/static/assets2: symbolic link not followed", "mytheme/static/env.txt: symbolic link not followed"}
			if _, ok := res.Output.Files["ok.txt"]; !ok {
				t.Errorf("the theme's own static file is missing: %v", res.Output.Paths())
			}
		}
		for _, w := range want {
			if strings.Count(warned, w+"\n") != 1 {
				t.Errorf("%s: want one warning %q in:\n%s", themeDir, w, warned)
			}
		}
	}
}

// TestNoFollowFSMap checks the rule on an in-memory tree, where links are
// MapFS entries: a link to a folder hides everything under it.
func TestNoFollowFSMap(t *testing.T) {
	m := fstest.MapFS{
		"real/a.md": {Data: []byte("# A\n")},
		"link":      {Data: []byte("real"), Mode: os.ModeSymlink},
		"file.md":   {Data: []byte("real/a.md"), Mode: os.ModeSymlink},
	}
	n := newNoFollowFS(m)
	for _, p := range []string{"link/a.md", "file.md", "link"} {
		if _, err := n.Open(p); !isSymlinkErr(err) {
			t.Errorf("Open(%q) = %v, want a refusal", p, err)
		}
	}
	if _, err := n.Open("real/a.md"); err != nil {
		t.Errorf("Open(real/a.md) = %v", err)
	}
	if got := lines(n.warnings()); got != "file.md: symbolic link not followed\nlink: symbolic link not followed\n" {
		t.Errorf("warnings:\n%s", got)
	}
}

// TestSymlinkAddedWhileServing adds a linked folder between two builds of
// a dev server's cache, as a watcher reports it: the rebuild must not
// read through it.
func TestSymlinkAddedWhileServing(t *testing.T) {
	root := t.TempDir()
	src, outside := filepath.Join(root, "src"), filepath.Join(root, "outside")
	writeTree(t, outside, map[string]string{"secret.txt": "SECRET-9c1e", "secret.md": "# S\n\nSECRET-9c1e\n"})
	writeTree(t, src, map[string]string{"index.md": "# Home\n"})
	cache := NewCache()
	cfg := Config{Content: os.DirFS(src), Cache: cache, Defer: true}
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	symlink(t, outside, filepath.Join(src, "leakdir"))
	symlink(t, filepath.Join(outside, "secret.md"), filepath.Join(src, "leak.md"))
	cfg.Changed = []string{"leakdir", "leak.md"}
	res, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res.Output.Materialize()
	for p, b := range res.Output.Files {
		if bytes.Contains(b, []byte("SECRET-9c1e")) {
			t.Errorf("%s holds what a link points at", p)
		}
	}
	warned := lines(res.Warnings)
	for _, w := range []string{"leakdir: symbolic link not followed", "leak.md: symbolic link not followed"} {
		if !strings.Contains(warned, w) {
			t.Errorf("no warning %q in:\n%s", w, warned)
		}
	}
}
