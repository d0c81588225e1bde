package generator

import (
	"strings"
	"testing"
)

// TestRootReadmeBesideHome: a README.md at the root is the folder's
// README for its authors when an _index.md or index.md is the home page,
// and no part of the site; without one it is the home page, as on GitHub.
func TestRootReadmeBesideHome(t *testing.T) {
	for _, home := range []string{"_index.md", "index.md"} {
		res := mustBuild(t, map[string]string{
			home:          "# Home\n",
			"README.md":   "# Editing\n\nRun handbook serve.\n",
			"a/README.md": "# A\n",
		})
		for _, p := range res.Output.Paths() {
			if strings.HasPrefix(p, "readme/") || p == "README.md" {
				t.Errorf("beside %s, the root README is published as %s", home, p)
			}
		}
		if _, ok := res.Output.File("a/index.html"); !ok {
			t.Errorf("beside %s, a/README.md is no longer a/'s index", home)
		}
		if home, _ := res.Output.File("index.html"); strings.Contains(string(home), "Editing") {
			t.Errorf("the README shows on the home page or in the sidebar")
		}
	}

	res := mustBuild(t, map[string]string{"README.md": "# Readme home\n", "b.md": "# B\n"})
	if home, _ := res.Output.File("index.html"); !strings.Contains(string(home), "Readme home") {
		t.Errorf("a root README without another index is not the home page")
	}

	// A link to the left-out README is broken, as one to any file that
	// is not in the site.
	_, err := Build(Config{Content: mapFS(map[string]string{
		"_index.md": "# Home\n\nSee [the README](README.md).\n", "README.md": "# Notes\n",
	})})
	if err == nil || !strings.Contains(err.Error(), `_index.md:3:18: broken link "README.md"`) {
		t.Errorf("link to the left-out README: %v", err)
	}
}

// TestExcludeSetting: files and folders named by exclude in handbook.toml,
// with or without wildcards, are neither pages nor copied files.
func TestExcludeSetting(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"handbook.toml":       `exclude = ["NOTES.md", "/drafts/", "*/todo-*.md", "raw.txt"]`,
		"_index.md":           "# Home\n",
		"NOTES.md":            "# Notes\n",
		"drafts/x.md":         "# X\n",
		"drafts/img.png":      "png",
		"guide/todo-a.md":     "# Todo\n",
		"guide/keep.md":       "# Keep\n",
		"guide/sub/todo-b.md": "# Deeper todo, not matched by */todo-*.md\n",
		"raw.txt":             "raw",
	})
	paths := strings.Join(res.Output.Paths(), "\n")
	for _, gone := range []string{"notes/", "drafts/", "guide/todo-a/", "raw.txt"} {
		if strings.Contains(paths, gone) {
			t.Errorf("excluded %s is in the site:\n%s", gone, paths)
		}
	}
	for _, kept := range []string{"guide/keep/index.html", "guide/sub/todo-b/index.html"} {
		if !strings.Contains(paths, kept) {
			t.Errorf("%s is missing:\n%s", kept, paths)
		}
	}

	for entry, want := range map[string]string{
		`["../x"]`:  `handbook.toml:1:1: exclude: "../x" is outside the source folder`,
		`["/"]`:     `handbook.toml:1:1: exclude: "/" would leave out the whole site`,
		`["a[.md"]`: `handbook.toml:1:1: exclude: "a[.md" is not a valid pattern`,
		`"x.md"`:    `handbook.toml:1:11: cannot decode TOML string`,
	} {
		_, err := Build(Config{Content: mapFS(map[string]string{"handbook.toml": "exclude = " + entry, "_index.md": "# Home\n"})})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("exclude = %s: got %v, want %q", entry, err, want)
		}
	}
}
