package generator

import (
	"bytes"
	"testing"
	"testing/fstest"
)

// TestReshapeLeavesLastBuild retitles a page, which a dev server builds
// from the last build, and then asks the last build for the files it
// makes on first request: its search index, its print edition and its
// site index must still show the old title, as its pages do, while the
// new build's show the new one.
func TestReshapeLeavesLastBuild(t *testing.T) {
	fsys := fstest.MapFS{
		"index.md":        file("# Home\n\nWelcome.\n"),
		"guide/_index.md": file("# Guide\n"),
		"guide/a.md":      file("---\ntitle: Alpha\nweight: 1\n---\nAlpha text.\n"),
		"guide/b.md":      file("---\ntitle: Beta\nweight: 2\n---\nBeta text.\n"),
	}
	cache := NewCache()
	last, err := Build(Config{Content: fsys, Cache: cache, Defer: true})
	if err != nil {
		t.Fatal(err)
	}
	fsys["guide/a.md"] = file("---\ntitle: Omega\nweight: 3\n---\nAlpha text.\n")
	next, err := Build(Config{Content: fsys, Cache: cache, Defer: true, Changed: []string{"guide/a.md"}})
	if err != nil {
		t.Fatal(err)
	}
	if startedFrom(next) != editReshape {
		t.Fatal("the retitle did not start from the last build")
	}
	for _, f := range []string{chunkURL(0), PrintURL, SiteIndexURL} {
		old, ok := last.Output.File(f)
		if !ok {
			t.Fatalf("the last build has no %s", f)
		}
		if !bytes.Contains(old, []byte("Alpha")) || bytes.Contains(old, []byte("Omega")) {
			t.Errorf("the last build's %s, made after the retitle, does not show only the old title", f)
		}
		now, _ := next.Output.File(f)
		if !bytes.Contains(now, []byte("Omega")) {
			t.Errorf("the new build's %s does not show the new title", f)
		}
	}
	if p := last.tree.bySrc["guide/a.md"]; p.Title != "Alpha" || p.Next == nil || p.Next.Src != "guide/b.md" {
		t.Errorf("the last build's tree changed: %q, followed by %v", p.Title, p.Next)
	}
}

// TestKeptChecksHoldNoPages: the anchor links the cache and the kept
// build keep name their targets by URL or place, never by a page, which
// would keep the tree of the build that made them alive through every
// reshape after it.
func TestKeptChecksHoldNoPages(t *testing.T) {
	fsys := fstest.MapFS{
		"index.md":   file("# Home\n\nSee [a](guide/a.md#part).\n"),
		"guide/a.md": file("---\ntitle: Alpha\n---\n## Part\n\nSee [b](b.md#more) and [here](#part).\n"),
		"guide/b.md": file("---\ntitle: Beta\n---\n## More\n"),
	}
	cache := NewCache()
	if _, err := Build(Config{Content: fsys, Cache: cache, Defer: true}); err != nil {
		t.Fatal(err)
	}
	fsys["guide/a.md"] = file("---\ntitle: Alpha two\n---\n## Part\n\nSee [b](b.md#more) and [here](#part).\n")
	res, err := Build(Config{Content: fsys, Cache: cache, Defer: true, Changed: []string{"guide/a.md"}})
	if err != nil || startedFrom(res) != editReshape {
		t.Fatalf("retitle: %v, a reshape: %v", err, startedFrom(res) == editReshape)
	}
	n := 0
	for src, e := range cache.md {
		for _, c := range e.checks {
			n++
			if c.target != nil {
				t.Errorf("the cache's entry for %s holds the page %s", src, c.target.URL)
			}
		}
	}
	for src, list := range cache.kept.checks {
		for _, c := range list {
			n++
			if c.target != nil {
				t.Errorf("the kept build's checks of %s hold the page %s", src, c.target.URL)
			}
		}
	}
	if n == 0 {
		t.Fatal("no anchor links kept: the test tests nothing")
	}
}
