package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseGitLog(t *testing.T) {
	out := "\x002024-05-02T10:00:00+02:00\n\nguide/a.md\nindex.md\n" +
		"\x002024-01-01T00:00:00Z\n\nguide/a.md\nguide/b.md\n" +
		"\x002024-06-01T00:00:00Z\n\n" + // a merge: no files
		"\x00not a date\n\nignored.md\n"
	got := parseGitLog([]byte(out))
	want := map[string]string{
		"guide/a.md": "2024-05-02T10:00:00+02:00",
		"index.md":   "2024-05-02T10:00:00+02:00",
		"guide/b.md": "2024-01-01T00:00:00Z",
	}
	if len(got) != len(want) {
		t.Errorf("got %d files, want %d: %v", len(got), len(want), got)
	}
	for f, w := range want {
		if g := got[f].Format(time.RFC3339); g != w {
			t.Errorf("%s: %s, want %s", f, g, w)
		}
	}
}

// git runs git in dir with a fixed identity and commit date.
func git(t *testing.T, dir, date string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@example.org", "GIT_COMMITTER_NAME=A", "GIT_COMMITTER_EMAIL=a@example.org",
		"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func TestGitDates(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	src := filepath.Join(repo, "docs", "hb")
	writeFiles(t, src, map[string]string{"index.md": "# Home\n", "a.md": "# A\n"})
	writeFiles(t, repo, map[string]string{"README.md": "outside\n"})
	git(t, repo, "2024-01-02T03:04:05Z", "init", "-q")
	git(t, repo, "2024-01-02T03:04:05Z", "add", ".")
	git(t, repo, "2024-01-02T03:04:05Z", "commit", "-q", "-m", "first")
	writeFiles(t, src, map[string]string{"a.md": "# A changed\n"})
	writeFiles(t, repo, map[string]string{"README.md": "changed\n"})
	git(t, repo, "2024-02-03T04:05:06+01:00", "commit", "-q", "-am", "second")

	dates, rel := gitDates(src)
	if rel != "docs/hb" {
		t.Errorf("repository path = %q, want docs/hb", rel)
	}
	want := map[string]string{"index.md": "2024-01-02T03:04:05Z", "a.md": "2024-02-03T04:05:06+01:00"}
	if len(dates) != len(want) {
		t.Errorf("dates = %v, want %v", dates, want)
	}
	for f, w := range want {
		if g := dates[f].Format(time.RFC3339); g != w {
			t.Errorf("%s: %s, want %s", f, g, w)
		}
	}

	// The dates reach the pages.
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI(t, "build", "-src", src, "-out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	page, _ := os.ReadFile(filepath.Join(out, "a", "index.html"))
	if !strings.Contains(string(page), `<time datetime="2024-02-03">3 February 2024</time>`) {
		t.Errorf("page lacks its last update from git")
	}

	// Outside a checkout there are no dates, and no error.
	plain := t.TempDir()
	writeFiles(t, plain, map[string]string{"index.md": "# Home\n"})
	if dates, rel := gitDates(plain); dates != nil || rel != "" {
		t.Errorf("outside a checkout: %v %q", dates, rel)
	}
}

func TestBuildSingle(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "hb")
	writeFiles(t, src, map[string]string{
		"index.md":      "# Home\n\nSee [a](a.md) and ![dot](dot.svg).\n",
		"a.md":          "# A\n\nBack [home](index.md).\n",
		"dot.svg":       `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>`,
		"handbook.toml": "title = \"Tiny\"\n",
	})
	file := filepath.Join(dir, "tiny.html")
	code, stdout, stderr := runCLI(t, "build", "-src", src, "-single", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "built 2 pages into ") || !strings.Contains(stdout, "self-contained") {
		t.Errorf("summary line = %q", stdout)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<style>", `handbookSearch("m",`, `href="#a"`, `href="#home"`, "data:image/svg+xml;base64,"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("single file lacks %s", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("-single also wrote a site folder")
	}
	if code, _, stderr := runCLI(t, "build", "-src", src, "-single", filepath.Join(src, "x.html")); code != 1 || !strings.Contains(stderr, "inside the source folder") {
		t.Errorf("-single inside the source: exit %d, %q", code, stderr)
	}
	if code, _, _ := runCLI(t, "build", "-src", src, "-single", filepath.Join(dir, "x.pdf")); code != 2 {
		t.Errorf("-single x.pdf: exit %d, want 2", code)
	}
}
