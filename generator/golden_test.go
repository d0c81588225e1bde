package generator

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/sites/*/want")

// mainElement returns the <main> element of a page, so that golden files
// follow the content and not every change to the theme's chrome.
var mainRE = regexp.MustCompile(`(?s)<main[ >].*</main>`)

// TestGolden builds each small site in testdata/sites/NAME/src and
// compares the <main> of every page with testdata/sites/NAME/want.
func TestGolden(t *testing.T) {
	sites, err := filepath.Glob("testdata/sites/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range sites {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res, err := Build(Config{Content: os.DirFS(filepath.Join(dir, "src")), Name: "src"})
			if err != nil {
				t.Fatalf("build failed:\n%v", err)
			}
			for _, p := range VerifyOutput(res.Output) {
				t.Error(p)
			}
			want := filepath.Join(dir, "want")
			if *update {
				os.RemoveAll(want)
			}
			got := map[string]bool{}
			for _, p := range res.Output.Paths() {
				if !strings.HasSuffix(p, ".html") {
					continue
				}
				body := mainRE.Find(res.Output.Files[p])
				if body == nil {
					t.Errorf("%s: no <main> element", p)
					continue
				}
				body = append(body, '\n')
				file := filepath.Join(want, filepath.FromSlash(p))
				got[file] = true
				if *update {
					os.MkdirAll(filepath.Dir(file), 0o755)
					if err := os.WriteFile(file, body, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				exp, err := os.ReadFile(file)
				if err != nil {
					t.Errorf("%s: unexpected page (run go test -update): %v", p, err)
					continue
				}
				if !bytes.Equal(exp, body) {
					t.Errorf("%s: <main> differs from %s (run go test -update to accept):\n%s", p, file, diff(string(exp), string(body)))
				}
			}
			filepath.Walk(want, func(p string, info os.FileInfo, err error) error {
				if err == nil && !info.IsDir() && !got[p] {
					t.Errorf("%s: page no longer built", p)
				}
				return nil
			})
		})
	}
}

// diff shows the first differing line with a little context.
func diff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + itoa(i+1) + ":\n- " + x + "\n+ " + y
		}
	}
	return "(equal)"
}
