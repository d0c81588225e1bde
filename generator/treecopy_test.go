package generator

import (
	"bytes"
	"testing"
	"testing/fstest"
)

// TestReshapeLeavesLastBuild retitles a page, which a dev server builds
// from the last build, and then asks the last build for the files it
// makes on first request: its search index, its print edition and a
// page whose sidebar is drawn only then must still show the old title,
// as its other pages do, while the new build shows the new one.
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
	for _, f := range []string{chunkURL(0), PrintURL, "guide/b/index.html"} {
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
