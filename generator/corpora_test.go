package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// sharedCorpus opens one of the public handbooks kept beside the repository in
// ../shared/corpora, read-only; the test is skipped where they are not.
func sharedCorpus(t testing.TB, name string) string {
	dir := filepath.Join("..", "..", "shared", "corpora", name, "content")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus %s not found: %v", name, err)
	}
	return dir
}

// TestCorpora builds the two real handbooks as they are, with no config
// and no edits: each builds, every page is there, no .md link is left,
// and what they warn about is what the trees really have.
func TestCorpora(t *testing.T) {
	for _, c := range []struct {
		name     string
		pages    int
		warnings map[Kind]int
	}{
		{"18f-handbook", 271, map[Kind]int{KindBrokenLink: 1, KindBrokenAnchor: 6, KindSyntax: 9, KindUnknownKey: 11}},
		{"thoughtbot-guides", 60, map[Kind]int{KindBrokenLink: 19}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := sharedCorpus(t, c.name)
			res, err := Build(Config{Content: os.DirFS(dir), Name: c.name})
			if err != nil {
				t.Fatalf("build failed:\n%.2000v", err)
			}
			md := 0
			_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() && isMarkdown(p) && !strings.Contains(p, "/.") {
					md++
				}
				return nil
			})
			if res.Output.Pages < md || res.Output.Pages != c.pages {
				t.Errorf("%d pages out of %d markdown files, want %d", res.Output.Pages, md, c.pages)
			}
			got := map[Kind]int{}
			for _, w := range res.Warnings {
				got[w.Kind]++
			}
			if fmt.Sprint(got) != fmt.Sprint(c.warnings) {
				var all []string
				for _, w := range res.Warnings {
					all = append(all, string(w.Kind)+": "+w.Error())
				}
				sort.Strings(all)
				t.Errorf("warnings by kind %v, want %v:\n%s", got, c.warnings, strings.Join(all, "\n"))
			}
			for p, b := range res.Output.Files {
				if strings.HasSuffix(p, ".html") && mdHref.Match(b) {
					t.Errorf("%s links to a .md file: %s", p, mdHref.Find(b))
				}
			}
		})
	}
}

// mdHref finds a link to a markdown file that the build left as written.
var mdHref = regexp.MustCompile(`href="[^":#]*\.md(#[^"]*)?"`)
