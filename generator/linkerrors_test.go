package generator

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// TestBrokenLinksBuildEveryPage: a build whose only errors are broken
// links and missing images lays out every page before it fails, so that
// its failure also names what only the layouts find, and check reads
// the same site.
func TestBrokenLinksBuildEveryPage(t *testing.T) {
	files := map[string]string{
		"handbook.toml": "title = \"T\"\n",
		"index.md":      "# Home\n\n[gone](gone.md) ![pic](pic.png)\n",
		"a.md":          "# A\n\nText.\n",
	}
	res, err := Build(Config{Content: mapFS(files)})
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("build error = %v, want the broken link and the missing image", err)
	}
	if res == nil || res.Output == nil || res.Output.Pages != 2 {
		t.Fatalf("the failed build did not lay out its pages: %+v", res)
	}
	// A layout that fails on one page fails with the broken links too.
	files["theme/layouts/page.html"] = `{{define "main"}}{{index .Page.Params "missing" "x"}}{{end}}`
	_, err = Build(Config{Content: mapFS(files)})
	if err == nil || !strings.Contains(err.Error(), `broken link "gone.md"`) || !strings.Contains(err.Error(), "index of nil pointer") {
		t.Errorf("a layout failing after the broken links: %v", err)
	}
}

// TestCheckReportsAsBuild: check sorts each problem into errors and
// warnings as the build does: in a strict handbook; in one whose broken
// links are warnings, where missing images stay errors; in a tree written
// for another tool, where both are warnings; and in a build that a front
// matter error stops before its pages are laid out.
func TestCheckReportsAsBuild(t *testing.T) {
	page := "# Home\n\n[gone](gone.md) ![pic](pic.png)\n"
	for name, fsys := range map[string]fstest.MapFS{
		"strict":       mapFS(map[string]string{"index.md": page}),
		"warning":      mapFS(map[string]string{"handbook.toml": "broken_links = \"warning\"\n", "index.md": page}),
		"imported":     importedFS(map[string]string{"index.md": page}),
		"front matter": mapFS(map[string]string{"index.md": page, "a.md": "---\nweight: high\n---\n# A\n"}),
	} {
		strict := name != "imported"
		res, err := Build(Config{Content: fsys})
		var built ErrorList
		errors.As(err, &built)
		rep, err := Check(Config{Content: fsys})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := lines(rep.Errors), lines(built); got != want {
			t.Errorf("%s: check's errors\n%s\nbuild's\n%s", name, got, want)
		}
		for _, w := range res.Warnings {
			if !strings.Contains(lines(rep.Warnings), w.Error()) {
				t.Errorf("%s: check lacks the build's warning %s", name, w.Error())
			}
		}
		if !strict && len(res.Warnings) < 2 {
			t.Errorf("%s: the build warned %d times, want the broken link and the missing image", name, len(res.Warnings))
		}
		if strict == (len(rep.Errors) == 0) {
			t.Errorf("%s: %d errors, %d warnings", name, len(rep.Errors), len(rep.Warnings))
		}
	}
}
