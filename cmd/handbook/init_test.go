package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	for _, f := range []string{"handbook.toml", "_index.md", "README.md", "roles/engineering-manager.md", "roles/tech-lead.md", "data/comparison.yaml"} {
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
	readme, _ := os.ReadFile(filepath.Join(hb, "README.md"))
	if !strings.Contains(string(readme), "handbook serve -src 'team handbook' -watch") {
		t.Errorf("the new README does not say how to preview this folder:\n%s", readme)
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
	} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f))); err != nil {
			t.Errorf("the new handbook's site lacks %s", f)
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
