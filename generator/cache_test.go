package generator

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// TestIncrementalMatchesClean applies random edits, adds, renames and
// deletes to a site, rebuilding with a cache after each, and checks that
// every result is byte-identical to a clean build of the same files.
func TestIncrementalMatchesClean(t *testing.T) {
	fsys := corpusFS(80)
	for k, v := range corpusFS(0) {
		fsys[k] = v
	}
	fsys["extra/_index.md"] = file("---\ntitle: Extra\nweight: 1\n---\nExtra pages.\n")
	cache := NewCache()
	build := func(changed []string) (*Result, error) {
		return Build(Config{Content: fsys, Cache: cache, Changed: changed})
	}
	if _, err := build(nil); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pages := func() []string {
		var out []string
		for p := range fsys {
			if strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
				out = append(out, p)
			}
		}
		sort.Strings(out)
		return out
	}
	n := 0
	for step := 0; step < 60; step++ {
		before := map[string]*fstest.MapFile{}
		for k, v := range fsys {
			before[k] = v
		}
		var changed []string
		ps := pages()
		switch op := rng.IntN(7); op {
		case 0, 1: // edit a body
			p := ps[rng.IntN(len(ps))]
			fsys[p] = file(string(fsys[p].Data) + fmt.Sprintf("\nEdit %d.\n", step))
			changed = []string{p}
		case 2: // retitle, which changes the nav of its neighbours
			p := ps[rng.IntN(len(ps))]
			fsys[p] = file(fmt.Sprintf("---\ntitle: Retitled %d\nweight: %d\n---\nBody of %s.\n", step, rng.IntN(5), p))
			changed = []string{p}
		case 3: // add a page, sometimes in a new folder, sometimes linked
			dir := "extra"
			if rng.IntN(2) == 0 {
				dir = fmt.Sprintf("extra/new-%d", step)
			}
			p := fmt.Sprintf("%s/added-%d.md", dir, step)
			fsys[p] = file(fmt.Sprintf("# Added %d\n\n## Part\n\nSee [the extra index](/extra/).\n", step))
			changed = []string{p}
			n++
		case 4: // rename a page
			p := ps[rng.IntN(len(ps))]
			q := strings.TrimSuffix(p, ".md") + fmt.Sprintf("-moved-%d.md", step)
			fsys[q] = fsys[p]
			delete(fsys, p)
			changed = []string{p, q}
		case 5: // delete a page
			p := ps[rng.IntN(len(ps))]
			delete(fsys, p)
			changed = []string{p}
		case 6: // change the comparison data that pages embed
			fsys["data/compare.yaml"] = file(strings.Replace(string(fsys["data/compare.yaml"].Data), "values: {pm: Why", fmt.Sprintf("values: {pm: Why %d", step), 1))
			changed = []string{"data/compare.yaml"}
		}
		inc, incErr := build(changed)
		clean, cleanErr := Build(Config{Content: fsys})
		compareBuilds(t, step, changed, inc, incErr, clean, cleanErr)
		if cleanErr != nil {
			// Undo a change that broke the site, as an author would.
			for k := range fsys {
				if before[k] == nil {
					delete(fsys, k)
				}
			}
			for k, v := range before {
				fsys[k] = v
			}
			inc, incErr = build(changed)
			clean, cleanErr = Build(Config{Content: fsys})
			compareBuilds(t, step, changed, inc, incErr, clean, cleanErr)
		}
		if t.Failed() {
			return
		}
	}
}

func compareBuilds(t *testing.T, step int, changed []string, inc *Result, incErr error, clean *Result, cleanErr error) {
	t.Helper()
	if (incErr == nil) != (cleanErr == nil) || (incErr != nil && incErr.Error() != cleanErr.Error()) {
		t.Fatalf("step %d (%v): incremental error %v, clean error %v", step, changed, incErr, cleanErr)
	}
	if cleanErr != nil {
		return
	}
	for p, b := range clean.Output.Files {
		if !bytes.Equal(inc.Output.Files[p], b) {
			t.Fatalf("step %d (%v): %s differs from a clean build:\n%s", step, changed, p, diff(string(b), string(inc.Output.Files[p])))
		}
	}
	for p := range inc.Output.Files {
		if _, ok := clean.Output.Files[p]; !ok {
			t.Fatalf("step %d (%v): incremental build has %s, a clean build does not", step, changed, p)
		}
	}
}

// TestViewKeyCoversView fails when a view type gains a field, as a
// reminder that Cache.viewKey must hash it too.
func TestViewKeyCoversView(t *testing.T) {
	for _, tt := range []struct {
		v    any
		want string
	}{
		{View{}, "Site,Page,Root,Nav,NavHTML,Crumbs,Prev,Next,Children,Extra"},
		{SiteView{}, "Title,Description,Language,BaseURL,Repository"},
		{PageView{}, "Title,Description,Kind,URL,Src,Content,TOC,LastMod,Canonical,EditURL"},
		{Link{}, "Title,URL,Description"},
		{TOCEntry{}, "Level,ID,Title"},
	} {
		typ := reflect.TypeOf(tt.v)
		var names []string
		for i := 0; i < typ.NumField(); i++ {
			names = append(names, typ.Field(i).Name)
		}
		if got := strings.Join(names, ","); got != tt.want {
			t.Errorf("%s fields are %s; update Cache.viewKey for the new ones, then this list", typ.Name(), got)
		}
	}
}
