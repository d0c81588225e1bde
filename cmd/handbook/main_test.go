package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/rolehandbook/handbook/generator"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	keepMemoryLimit(t)
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// keepMemoryLimit puts back, when the test ends, the process's memory
// limit, which a command run in it sets for the whole process.
func keepMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBuildWritesSite(t *testing.T) {
	dir := t.TempDir()
	src, out := filepath.Join(dir, "hb"), filepath.Join(dir, "public")
	writeFiles(t, src, map[string]string{"index.md": "# Home\n\nSee [a](a.md).\n", "a.md": "# A\n"})
	code, stdout, stderr := runCLI(t, "build", "-src", src, "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "built 2 pages,") {
		t.Errorf("summary line = %q", stdout)
	}
	home, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(home, []byte(`href="a/index.html"`)) {
		t.Errorf("home does not link to a/index.html")
	}

	// A second build with nothing changed writes nothing.
	before, _ := os.Stat(filepath.Join(out, "a", "index.html"))
	time.Sleep(10 * time.Millisecond)
	_, stdout, _ = runCLI(t, "build", "-src", src, "-out", out)
	if !strings.Contains(stdout, "no change") {
		t.Errorf("rebuild summary = %q, want no change", stdout)
	}
	after, _ := os.Stat(filepath.Join(out, "a", "index.html"))
	if !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("unchanged file was rewritten")
	}

	// A page removed from the source disappears; a file someone else put
	// in the output folder stays.
	writeFiles(t, out, map[string]string{"CNAME": "example.org\n"})
	os.Remove(filepath.Join(src, "a.md"))
	writeFiles(t, src, map[string]string{"index.md": "# Home\n"})
	if code, _, stderr := runCLI(t, "build", "-src", src, "-out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "a", "index.html")); !os.IsNotExist(err) {
		t.Errorf("page of a deleted source file is still there")
	}
	if b, err := os.ReadFile(filepath.Join(out, "CNAME")); err != nil || string(b) != "example.org\n" {
		t.Errorf("foreign file CNAME was not kept: %v", err)
	}
}

func TestFailedBuildKeepsOldSite(t *testing.T) {
	dir := t.TempDir()
	src, out := filepath.Join(dir, "hb"), filepath.Join(dir, "public")
	writeFiles(t, src, map[string]string{"handbook.toml": "", "index.md": "# Home\n"})
	if code, _, stderr := runCLI(t, "build", "-src", src, "-out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	old, _ := os.ReadFile(filepath.Join(out, "index.html"))
	writeFiles(t, src, map[string]string{"index.md": "---\nweight: high\n---\n# Changed\n", "b.md": "[x](missing.md)\n"})
	code, _, stderr := runCLI(t, "build", "-src", src, "-out", out)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, want := range []string{"hb/b.md:1:5: broken link", "hb/index.md:2:9: weight", "2 errors; nothing was written"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	now, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Equal(old, now) {
		t.Errorf("failed build changed public/")
	}
}

func TestBuildRefusesDangerousOut(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "hb")
	writeFiles(t, src, map[string]string{"index.md": "# Home\n"})
	for _, out := range []string{src, dir, filepath.Join(src, "public")} {
		code, _, stderr := runCLI(t, "build", "-src", src, "-out", out)
		if code != 1 || !strings.Contains(stderr, "choose another -out") {
			t.Errorf("-out %s: exit %d, stderr %q", out, code, stderr)
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	if code, out, _ := runCLI(t, "help"); code != 0 || !strings.Contains(out, "Commands:") {
		t.Errorf("help: %d %q", code, out)
	}
	if code, out, _ := runCLI(t, "build", "-h"); code != 0 || !strings.Contains(out, "-src") {
		t.Errorf("build -h: %d %q", code, out)
	}
	if code, out, _ := runCLI(t, "version"); code != 0 || !strings.HasPrefix(out, "handbook ") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, _, _ := runCLI(t, "bogus"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}

// TestContentFileWinsOverGenerated: a file of the content at the path of
// a file the generator makes besides pages (robots.txt here) replaces it,
// in a build and in the dev server alike.
func TestContentFileWinsOverGenerated(t *testing.T) {
	dir := t.TempDir()
	src, out := filepath.Join(dir, "hb"), filepath.Join(dir, "public")
	robots := "User-agent: *\nDisallow: /drafts/\n"
	writeFiles(t, src, map[string]string{"index.md": "# Home\n", "robots.txt": robots})
	if code, _, stderr := runCLI(t, "build", "-src", src, "-out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(filepath.Join(out, "robots.txt")); err != nil || string(b) != robots {
		t.Errorf("built robots.txt = %q (%v), want the content's", b, err)
	}
	res, err := buildCached(src, buildOptions{}, generator.NewCache(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, ok := res.Output.File("robots.txt"); !ok || string(b) != robots {
		t.Errorf("served robots.txt = %q, want the content's", b)
	}
}

// TestFailedBuildPrintsWarnings checks that a build that fails still
// shows the warnings it found, not only its errors.
func TestFailedBuildPrintsWarnings(t *testing.T) {
	src := filepath.Join(t.TempDir(), "hb")
	writeFiles(t, src, map[string]string{
		"handbook.toml": "broken_links = \"warning\"\n",
		"index.md":      "# Home\n\n[gone](gone.md)\n",
		"b.md":          "---\nweight: high\n---\n# B\n",
	})
	code, _, stderr := runCLI(t, "build", "-src", src, "-out", filepath.Join(t.TempDir(), "out"))
	if code != 1 || !strings.Contains(stderr, `index.md:3:8: warning: broken link "gone.md"`) || !strings.Contains(stderr, "b.md:2:9: weight") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

// A build to disk reads images as it writes them, four at a time, so its
// memory limit counts only the four largest; serve, which keeps them,
// counts them all. Data, the theme and the config count in both.
func TestMemoryLimitCountsWhatIsHeld(t *testing.T) {
	src := t.TempDir()
	writeFiles(t, src, map[string]string{"index.md": "# Home\n"})
	sized := func(name string, mb int64) {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(mb << 20); err != nil { // sparse: no space used
			t.Fatal(err)
		}
	}
	for i := range 10 {
		sized(fmt.Sprintf("img/photo-%d.png", i), int64(100+i))
	}
	sized(".gitbook/assets/chart.png", 50) // published, so counted
	sized(".git/objects/pack.pack", 900)   // never read
	sized("data/roles.yaml", 300)
	sized("theme/static/big.css", 200)
	const mb = 1 << 20
	md := int64(5 * len("# Home\n")) // five times the markdown
	if got, want := memoryLimit(src, false), int64(300+200+1045+50)*mb+md; got != want {
		t.Errorf("serve's limit = %d MB, want %d MB: every file is held", got/mb, want/mb)
	}
	if got, want := memoryLimit(src, true), int64(300+200+106+107+108+109)*mb+md; got != want {
		t.Errorf("a build's limit = %d MB, want %d MB: the data, the theme and the four largest images", got/mb, want/mb)
	}
	if got := memoryLimit(t.TempDir(), true); got != 224*mb {
		t.Errorf("an empty folder's limit = %d MB, want the floor of 224 MB", got/mb)
	}
}
