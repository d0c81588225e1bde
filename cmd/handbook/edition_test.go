package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// editionSite has an internal twin, carrying a marker INTERNAL-MARKER-n,
// of every kind of thing that can be internal.
var editionSite = filepath.Join("..", "..", "generator", "testdata", "edition", "src")

var markerRE = regexp.MustCompile(`(?i)internal-marker-(\d+)`)

// markersOnDisk returns the markers in the paths and contents of every
// file under dir, each with the first file that shows it.
func markersOnDisk(t *testing.T, dir string) map[string]string {
	t.Helper()
	found := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		for _, m := range markerRE.FindAllSubmatch(append([]byte(filepath.ToSlash(rel)+"\n"), b...), -1) {
			if _, ok := found[string(m[1])]; !ok {
				found[string(m[1])] = rel
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func TestBuildPublicEdition(t *testing.T) {
	tmp := t.TempDir()
	pub, internal := filepath.Join(tmp, "public"), filepath.Join(tmp, "internal")
	code, stdout, stderr := runCLI(t, "build", "-src", editionSite, "-out", pub, "-edition", "public")
	if code != 0 || !strings.Contains(stdout, " of the public edition into ") {
		t.Fatalf("build -edition public: exit %d\n%s%s", code, stdout, stderr)
	}
	for n, p := range markersOnDisk(t, pub) {
		t.Errorf("the public edition shows INTERNAL-MARKER-%s in %s", n, p)
	}
	code, stdout, stderr = runCLI(t, "build", "-src", editionSite, "-out", internal)
	if code != 0 || !strings.Contains(stdout, " of the internal edition into ") {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	if found := markersOnDisk(t, internal); len(found) != 29 {
		t.Errorf("the internal edition shows %d of the 29 markers: %v", len(found), found)
	}

	single := filepath.Join(tmp, "single", "handbook.html")
	code, stdout, stderr = runCLI(t, "build", "-src", editionSite, "-single", single, "-edition", "public")
	if code != 0 || !strings.Contains(stdout, "self-contained, public edition") {
		t.Fatalf("build -single -edition public: exit %d\n%s%s", code, stdout, stderr)
	}
	for n := range markersOnDisk(t, filepath.Dir(single)) {
		t.Errorf("the public single-file edition shows INTERNAL-MARKER-%s", n)
	}

	if code, stdout, stderr := runCLI(t, "check", "-src", editionSite, "-edition", "public"); code != 0 || markerRE.MatchString(stdout+stderr) || !strings.Contains(stdout, "of the public edition:") {
		t.Errorf("check -edition public: exit %d, and the summary should name the edition\n%s%s", code, stdout, stderr)
	}
}

func TestEditionFlag(t *testing.T) {
	for _, cmd := range []string{"build", "check", "serve"} {
		code, _, stderr := runCLI(t, cmd, "-src", editionSite, "-edition", "pubic")
		want := `handbook: invalid value "pubic" for flag -edition: unknown edition "pubic": use internal or public (did you mean "public"?)`
		if code != 2 || !strings.HasPrefix(stderr, want) {
			t.Errorf("%s -edition pubic: exit %d, %q; want 2, %s", cmd, code, stderr, want)
		}
	}
}

func TestPublicEditionBrokenLink(t *testing.T) {
	src := t.TempDir()
	writeFiles(t, src, map[string]string{
		"handbook.toml": "title = \"T\"\n",
		"index.md":      "# Home\n\nRead [the plans](plans.md).\n",
		"plans.md":      "---\ninternal: true\n---\n# Plans\n",
	})
	out := filepath.Join(t.TempDir(), "out")
	if code, stdout, stderr := runCLI(t, "build", "-src", src, "-out", out); code != 0 {
		t.Fatalf("internal edition: exit %d\n%s%s", code, stdout, stderr)
	}
	code, _, stderr := runCLI(t, "build", "-src", src, "-out", out, "-edition", "public")
	want := filepath.ToSlash(filepath.Clean(src)) + `/index.md:3:18: broken link "plans.md": links to an internal page; the public edition leaves it out: remove the link or mark this page internal`
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("public edition: exit %d\n%s\nwant %s", code, stderr, want)
	}
	if _, err := os.Stat(filepath.Join(out, "plans", "index.html")); err != nil {
		t.Errorf("the failed public build changed the internal site: %v", err)
	}
}
