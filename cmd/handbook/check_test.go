package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckExitCodes(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "hb")
	writeFiles(t, src, map[string]string{"handbook.toml": "",
		"index.md": "# Home\n\n[a](a.md) [wiki](https://en.wikipedia.org/wiki/A) [go](https://go.dev/) [b](a.md#nope)\n",
		"a.md":     "# A\n\n[](index.md) [again](https://en.wikipedia.org/wiki/B)\n",
	})

	// A broken anchor is an error.
	code, stdout, stderr := runCLI(t, "check", "-src", src)
	want := src + "/a.md:3:1: warning: link has no text: readers and screen readers see nothing to click; write what it leads to between the brackets\n" +
		src + `/index.md:3:77: broken anchor "a.md#nope": a.md has no heading with id "nope"` + "\n" +
		"checked 2 pages: 1 error and 1 warning\n"
	if code != 1 || stdout != want || stderr != "" {
		t.Errorf("exit %d, stdout:\n%s\nwant:\n%s\nstderr: %s", code, stdout, want, stderr)
	}

	// Warnings alone exit 0, unless -strict.
	writeFiles(t, src, map[string]string{"index.md": "# Home\n\n[a](a.md) [wiki](https://en.wikipedia.org/wiki/A) [go](https://go.dev/)\n"})
	if code, stdout, _ := runCLI(t, "check", "-src", src); code != 0 || !strings.HasSuffix(stdout, "checked 2 pages: 1 warning\n") {
		t.Errorf("warnings only: exit %d, stdout:\n%s", code, stdout)
	}
	code, stdout, _ = runCLI(t, "check", "-src", src, "-strict")
	if code != 1 || strings.Contains(stdout, "warning: link") || !strings.HasSuffix(stdout, "checked 2 pages: 1 error (warnings count as errors with -strict)\n") {
		t.Errorf("-strict: exit %d, stdout:\n%s", code, stdout)
	}

	// -external lists links by host, where they are written.
	_, stdout, _ = runCLI(t, "check", "-src", src, "-external")
	wantExt := "3 external links to 2 hosts (never fetched):\n\n" +
		"en.wikipedia.org (2)\n" +
		"  " + src + "/index.md:3:18: https://en.wikipedia.org/wiki/A\n" +
		"  " + src + "/a.md:3:22: https://en.wikipedia.org/wiki/B\n\n" +
		"go.dev (1)\n" +
		"  " + src + "/index.md:3:56: https://go.dev/\n\n"
	if !strings.HasPrefix(stdout, wantExt) {
		t.Errorf("-external:\n%s\nwant it to start with:\n%s", stdout, wantExt)
	}

	// A clean handbook.
	writeFiles(t, src, map[string]string{"a.md": "# A\n"})
	if code, stdout, _ := runCLI(t, "check", "-src", src); code != 0 || stdout != "checked 2 pages: no problems\n" {
		t.Errorf("clean: exit %d, stdout %q", code, stdout)
	}
}

func TestCheckWritesNothing(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "hb")
	writeFiles(t, src, map[string]string{"index.md": "# Home\n"})
	before, here := listTree(t, dir), listTree(t, ".")
	if code, _, stderr := runCLI(t, "check", "-src", src); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if after := listTree(t, dir); after != before {
		t.Errorf("check wrote files:\n%s\nbefore:\n%s", after, before)
	}
	if after := listTree(t, "."); after != here {
		t.Errorf("check wrote files in the working folder")
	}
}

func TestCheckStoppedByOtherErrors(t *testing.T) {
	src := filepath.Join(t.TempDir(), "hb")
	writeFiles(t, src, map[string]string{"handbook.toml": "", "index.md": "---\nweight: high\n---\n[gone](gone.md)\n"})
	code, stdout, _ := runCLI(t, "check", "-src", src)
	if code != 1 || !strings.Contains(stdout, "index.md:2:9: weight") || !strings.Contains(stdout, `index.md:4:8: broken link "gone.md"`) ||
		!strings.HasSuffix(stdout, "2 errors; fix the errors to run the whole-site checks (orphans, duplicate ids, external links)\n") {
		t.Errorf("exit %d, stdout:\n%s", code, stdout)
	}
}

func TestCheckUsage(t *testing.T) {
	if code, out, _ := runCLI(t, "check", "-h"); code != 0 || !strings.Contains(out, "-strict") || !strings.Contains(out, "-external") {
		t.Errorf("check -h: %d %q", code, out)
	}
	if code, _, _ := runCLI(t, "check", "extra"); code != 2 {
		t.Errorf("unexpected argument: exit %d, want 2", code)
	}
	if code, _, stderr := runCLI(t, "check", "-src", filepath.Join(t.TempDir(), "missing")); code != 1 || !strings.Contains(stderr, "use -src") {
		t.Errorf("missing folder: exit %d, stderr %q", code, stderr)
	}
}

// listTree lists every file and folder under dir.
func listTree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil {
			b.WriteString(p + "\n")
		}
		return nil
	})
	return b.String()
}
