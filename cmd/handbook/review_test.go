package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// reviewEpoch is the build date of the review tests, 2026-12-01, as
// SOURCE_DATE_EPOCH gives it.
const reviewEpoch = "1796083200"

// reviewSite copies the generator's review test site, with its
// CODEOWNERS file, to a folder outside any repository.
func reviewSite(t *testing.T) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "hb")
	if err := os.CopyFS(src, os.DirFS("../../generator/testdata/review/src")); err != nil {
		t.Fatal(err)
	}
	return src
}

// TestCheckReviewDue: check lists what is due for review within 30 days
// and overdue, grouped by owner, each at the line that sets its date,
// and the owners that CODEOWNERS disagrees with as warnings. Overdue
// reviews fail the check only with -strict.
func TestCheckReviewDue(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", reviewEpoch)
	src := reviewSite(t)
	code, stdout, stderr := runCLI(t, "check", "-src", src)
	want := "3 overdue for review and 1 due within 30 days (at 2026-12-01), by owner:\n\n" +
		"Alice Example (1)\n" +
		"  " + src + "/data/comparison.yaml:31:15: overdue since 2026-11-01: dimension \"Pay\"\n\n" +
		"Carol Example (1)\n" +
		"  " + src + "/guide/overdue.md:4:16: overdue since 2026-06-01: page \"Overdue\"\n\n" +
		"dave@example.com (1)\n" +
		"  " + src + "/guide/by.md:4:13: overdue since 2026-11-01: page \"Review by\"\n\n" +
		"Handbook editors (1)\n" +
		"  " + src + "/guide/soon.md:3:11: due 2026-12-15: page \"Due soon\"\n\n" +
		src + "/_index.md:3:8: warning: owner @alice, but " + src + "/CODEOWNERS:2 gives _index.md to @example/editors: make them agree\n" +
		src + "/guide/by.md:3:9: warning: owner dave@example.com, but " + src + "/CODEOWNERS:3 gives guide/by.md to @bob: make them agree\n" +
		src + "/guide/overdue.md:3:8: warning: owner @example/carols, but " + src + "/CODEOWNERS:4 gives guide/overdue.md to @someone-else: make them agree\n" +
		"checked 12 pages: 3 warnings; 3 overdue for review and 1 due within 30 days\n"
	if code != 0 || stdout != want || stderr != "" {
		t.Errorf("exit %d, stdout:\n%s\nwant:\n%s\nstderr: %s", code, stdout, want, stderr)
	}
	code, stdout, _ = runCLI(t, "check", "-src", src, "-strict")
	if code != 1 || !strings.HasSuffix(stdout, "checked 12 pages: 3 errors (warnings count as errors with -strict); 3 overdue for review and 1 due within 30 days (overdue counts as an error with -strict)\n") {
		t.Errorf("-strict: exit %d, stdout:\n%s", code, stdout)
	}

	// With nothing due, nothing is listed.
	fine := filepath.Join(t.TempDir(), "fine")
	writeFiles(t, fine, map[string]string{"handbook.toml": "review_every = \"12 months\"\n",
		"index.md": "---\nowner: Editors\nreviewed: 2026-11-01\n---\n# Home\n"})
	if code, stdout, _ = runCLI(t, "check", "-src", fine); code != 0 || stdout != "checked 1 page: no problems\n" {
		t.Errorf("nothing due: exit %d, stdout:\n%s", code, stdout)
	}
	if code, stdout, _ = runCLI(t, "check", "-src", fine, "-review", "-strict"); code != 0 || stdout != "nothing is due for review within 30 days of 2026-12-01\n" {
		t.Errorf("nothing due, -review: exit %d, stdout:\n%s", code, stdout)
	}
}

// TestCheckReviewTable: -review prints only what is due, as a table by
// owner; -json prints the same as review.json holds it.
func TestCheckReviewTable(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", reviewEpoch)
	src := reviewSite(t)
	code, stdout, stderr := runCLI(t, "check", "-src", src, "-review")
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	wantRows := [][]string{
		{"OWNER", "STATUS", "DUE", "REVIEWED", "FILE", "TITLE"},
		{"Alice", "Example", "overdue", "2026-11-01", "2025-11-01", src + "/data/comparison.yaml#pay", "Pay"},
		{"Carol", "Example", "overdue", "2026-06-01", "2025-06-01", src + "/guide/overdue.md", "Overdue"},
		{"dave@example.com", "overdue", "2026-11-01", "-", src + "/guide/by.md", "Review", "by"},
		{"Handbook", "editors", "due", "soon", "2026-12-15", "2025-12-15", src + "/guide/soon.md", "Due", "soon"},
	}
	if code != 0 || stderr != "" || len(lines) != len(wantRows) {
		t.Fatalf("exit %d, stdout:\n%s\nstderr: %s", code, stdout, stderr)
	}
	for i, row := range wantRows {
		if got := strings.Fields(lines[i]); strings.Join(got, " ") != strings.Join(row, " ") {
			t.Errorf("row %d: %q, want %q", i, got, row)
		}
	}
	if strings.Contains(stdout, "warning") {
		t.Errorf("-review prints problems:\n%s", stdout)
	}

	code, stdout, _ = runCLI(t, "check", "-src", src, "-review", "-json")
	var got struct {
		Version int
		Date    string
		Items   []struct{ Path, Dimension, Kind, Owner, Due, Status, URL string }
	}
	if err := json.Unmarshal([]byte(stdout), &got); code != 0 || err != nil {
		t.Fatalf("-json: exit %d, %v:\n%s", code, err, stdout)
	}
	var paths []string
	for _, it := range got.Items {
		paths = append(paths, it.Path+"#"+it.Dimension+" "+it.Status)
	}
	if want := "data/comparison.yaml#pay overdue, guide/overdue.md# overdue, guide/by.md# overdue, guide/soon.md# due-soon"; got.Version != 1 || got.Date != "2026-12-01" || strings.Join(paths, ", ") != want {
		t.Errorf("-json: version %d, date %s, items %s\nwant %s", got.Version, got.Date, strings.Join(paths, ", "), want)
	}
}

// TestCheckCodeOwnersFile: -codeowners prints a CODEOWNERS file made
// from the owners, with paths from the repository's root when the
// handbook is in one.
func TestCheckCodeOwnersFile(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", reviewEpoch)
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(repo, "docs", "handbook")
	if err := os.CopyFS(src, os.DirFS("../../generator/testdata/review/src")); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "check", "-src", src, "-codeowners")
	for _, want := range []string{
		"/docs/handbook/_index.md @alice\n",
		"/docs/handbook/guide/overdue.md @example/carols\n",
		"/docs/handbook/data/comparison.yaml @bob\n",
		"#   docs/handbook/guide/soon.md: Handbook editors\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("-codeowners: no %q in:\n%s", want, stdout)
		}
	}
	if code != 0 || stderr != "" {
		t.Errorf("-codeowners: exit %d, stderr %s", code, stderr)
	}
}

// TestFindCodeOwners looks for CODEOWNERS where GitHub does, in its
// order, at the repository's root, then in the handbook's own folder.
func TestFindCodeOwners(t *testing.T) {
	repo := t.TempDir()
	src := filepath.Join(repo, "handbook")
	writeFiles(t, repo, map[string]string{".git/HEAD": "", "handbook/index.md": "# Home\n"})
	if co := findCodeOwners(src); co != nil {
		t.Fatalf("found %s in a repository without one", co.File)
	}
	writeFiles(t, src, map[string]string{"CODEOWNERS": "* @in-handbook\n"})
	if co := findCodeOwners(src); co == nil || co.File != filepath.ToSlash(filepath.Join(src, "CODEOWNERS")) || co.Dir != "." {
		t.Errorf("the handbook's own: %+v", co)
	}
	writeFiles(t, repo, map[string]string{"docs/CODEOWNERS": "* @docs\n"})
	if co := findCodeOwners(src); co == nil || string(co.Data) != "* @docs\n" || co.Dir != "handbook" {
		t.Errorf("docs/: %+v", co)
	}
	writeFiles(t, repo, map[string]string{"CODEOWNERS": "* @root\n"})
	if co := findCodeOwners(src); co == nil || string(co.Data) != "* @root\n" {
		t.Errorf("root: %+v", co)
	}
	writeFiles(t, repo, map[string]string{".github/CODEOWNERS": "* @github\n"})
	if co := findCodeOwners(src); co == nil || string(co.Data) != "* @github\n" || co.File != filepath.ToSlash(filepath.Join(repo, ".github/CODEOWNERS")) {
		t.Errorf(".github/: %+v", co)
	}
}

// TestSourceDateEpoch: builds judge review dates by SOURCE_DATE_EPOCH,
// so the same commit builds the same banners on any day, and refuse a
// value that is not a number of seconds.
func TestSourceDateEpoch(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", reviewEpoch)
	if d, err := buildDate(); err != nil || !d.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("buildDate() = %v, %v", d, err)
	}
	src := reviewSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI(t, "build", "-src", src, "-out", out); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "guide/soon/index.html"))
	if err != nil || !strings.Contains(string(page), `Due for review by <time datetime="2026-12-15">15 December 2026</time>`) {
		t.Errorf("guide/soon at 2026-12-01 has no due-soon banner (%v)", err)
	}
	for _, f := range []string{"review.json", "changes.xml", "changes/index.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("build wrote no %s: %v", f, err)
		}
	}

	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	if code, _, stderr := runCLI(t, "build", "-src", src, "-out", out); code != 1 || !strings.Contains(stderr, `SOURCE_DATE_EPOCH="yesterday" is not a number of seconds since 1970`) {
		t.Errorf("a bad SOURCE_DATE_EPOCH: exit %d, stderr %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "check", "-src", src); code != 2 || !strings.Contains(stderr, "SOURCE_DATE_EPOCH") {
		t.Errorf("check with a bad SOURCE_DATE_EPOCH: exit %d, stderr %s", code, stderr)
	}
}
