package generator

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rolehandbook/handbook/themes"
)

// TestIncrementalMatchesClean applies random edits, adds, renames and
// deletes to a site, rebuilding with a cache after each, and checks that
// every result is byte-identical to a clean build of the same files.
//
// With Defer set, as in the dev server, a build whose change is only the
// text of pages starts from the last one (edit.go); the test checks that
// it did so at least once and that it refused every change it must not
// take, such as a new first heading or a broken anchor.
//
// Some changes are made to fail: front matter that does not parse, a
// broken link, and a heading or title the theme's page layout fails on.
// After each, the last good build, its deferred files made only then as
// a dev server would, still equals the last good clean build; and the
// author's undo builds as a clean build does.
func TestIncrementalMatchesClean(t *testing.T) {
	t.Run("whole", func(t *testing.T) { incrementalMatchesClean(t, false) })
	t.Run("deferred", func(t *testing.T) { incrementalMatchesClean(t, true) })
}

// longTests runs the randomised tests at full size: make test-long.
var longTests = flag.Bool("long", false, "run the randomised tests at full size")

// randomSize returns how many pages and steps a randomised test takes:
// small under the race detector, so make test stays within its time on
// a busy 2-core machine, and large with -long.
func randomSize() (pages, steps int) {
	switch {
	case *longTests:
		return 200, 400
	case raceEnabled:
		return 24, 30
	}
	return 80, 80
}

func incrementalMatchesClean(t *testing.T, deferred bool) {
	size, steps := randomSize()
	fsys := corpusFS(size)
	for k, v := range corpusFS(0) {
		fsys[k] = v
	}
	fsys["extra/_index.md"] = file("---\ntitle: Extra\nweight: 1\n---\nExtra pages.\n")
	fsys["theme/layouts/page.html"] = file(failingLayout(t))
	cache := NewCache()
	edits, reshapes := 0, 0
	build := func(changed []string) (*Result, error) {
		res, err := Build(Config{Content: fsys, Cache: cache, Changed: changed, Defer: deferred})
		if err == nil && deferred {
			switch startedFrom(res) {
			case editText:
				edits++
			case editReshape:
				reshapes++
			}
		}
		return res, err
	}
	lastGood, err := build(nil)
	if err != nil {
		t.Fatal(err)
	}
	lastClean, err := Build(Config{Content: fsys})
	if err != nil {
		t.Fatal(err)
	}
	failed, unchecked := 0, true
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
	for step := 0; step < steps; step++ {
		before := map[string]*fstest.MapFile{}
		for k, v := range fsys {
			before[k] = v
		}
		var changed []string
		ps := pages()
		op := rng.IntN(14)
		if step < 28 {
			op = step % 14 // every kind of change, twice, whatever the size
		}
		switch op {
		case 0, 1, 7: // edit a body
			p := ps[rng.IntN(len(ps))]
			fsys[p] = file(string(fsys[p].Data) + fmt.Sprintf("\nEdit %d.\n\n## More %d\n\nA [link](#more-%d).\n", step, step, step))
			changed = []string{p}
		case 8: // rename a heading another page links to, or the first one
			p := ps[rng.IntN(len(ps))]
			body := strings.Replace(string(fsys[p].Data), "## Details", "## Particulars", 1)
			if rng.IntN(2) == 0 {
				body = strings.Replace(string(fsys[p].Data), "# ", "# New first heading ", 1)
			}
			fsys[p] = file(body)
			changed = []string{p}
		case 9: // a broken link
			p := ps[rng.IntN(len(ps))]
			fsys[p] = file(string(fsys[p].Data) + "\nSee [nothing](nowhere.md).\n")
			changed = []string{p}
		case 10: // edit a body as before
			p := ps[rng.IntN(len(ps))]
			fsys[p] = file(string(fsys[p].Data) + fmt.Sprintf("\nEdit %d.\n", step))
			changed = []string{p}
		case 11: // front matter that does not parse
			p := ps[rng.IntN(len(ps))]
			fsys[p] = file("---\ntitle: [unclosed\n---\n" + string(fsys[p].Data))
			changed = []string{p}
		case 12: // a heading the page layout fails on, in a text-only edit
			p := ps[rng.IntN(len(ps))]
			if p == "index.md" { // laid out as the home page
				p = ps[0]
			}
			fsys[p] = file(string(fsys[p].Data) + "\n## Boom\n\nText.\n")
			changed = []string{p}
		case 13: // a title the page layout fails on
			p := ps[rng.IntN(len(ps))]
			if p == "index.md" {
				p = ps[0]
			}
			body := string(fsys[p].Data)
			if at := titleLine.FindStringIndex(body); at != nil {
				body = body[:at[0]] + "title: Boom" + body[at[1]:]
			} else {
				body = "---\ntitle: Boom\n---\n" + body
			}
			fsys[p] = file(body)
			changed = []string{p}
		case 2: // retitle, which changes the nav of its neighbours
			p := ps[rng.IntN(len(ps))]
			if rng.IntN(2) == 0 {
				fsys[p] = file(fmt.Sprintf("---\ntitle: Retitled %d\nweight: %d\n---\nBody of %s.\n", step, rng.IntN(5), p))
			} else { // the title and weight only
				body := strings.Replace(string(fsys[p].Data), "title: ", fmt.Sprintf("title: Retitled %d ", step), 1)
				fsys[p] = file(strings.Replace(body, "weight: ", fmt.Sprintf("weight: %d", rng.IntN(3)), 1))
			}
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
		// The last good build is checked before this one, unless this
		// one is made to fail: then after it, with its deferred files
		// made only then, as a dev server would serve them.
		fails := op == 9 || op >= 11
		if unchecked && !fails {
			compareBuilds(t, step, nil, lastGood, nil, lastClean, nil)
		}
		inc, incErr := build(changed)
		clean, cleanErr := Build(Config{Content: fsys})
		if fails && cleanErr == nil {
			t.Fatalf("step %d (%v): a change made to fail built", step, changed)
		}
		compareBuilds(t, step, changed, nil, incErr, nil, cleanErr)
		if cleanErr != nil {
			failed++
			compareBuilds(t, step, changed, lastGood, nil, lastClean, nil)
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
			compareBuilds(t, step, changed, nil, incErr, nil, cleanErr)
		}
		if cleanErr == nil {
			lastGood, lastClean, unchecked = inc, clean, true
		}
		if t.Failed() {
			return
		}
	}
	compareBuilds(t, steps, nil, lastGood, nil, lastClean, nil)
	t.Logf("of %d builds, %d laid out only the edited pages, %d reordered the last build, %d failed", steps, edits, reshapes, failed)
	if failed < 6 {
		t.Errorf("only %d of %d builds failed: the failing edits were not tried", failed, steps)
	}
	if deferred && (edits < steps/8 || reshapes < 1) {
		t.Errorf("of %d builds, only %d laid out only the edited pages, %d reordered the last build", steps, edits, reshapes)
	}
}

func compareBuilds(t *testing.T, step int, changed []string, inc *Result, incErr error, clean *Result, cleanErr error) {
	t.Helper()
	if (incErr == nil) != (cleanErr == nil) || (incErr != nil && incErr.Error() != cleanErr.Error()) {
		t.Fatalf("step %d (%v): incremental error %v, clean error %v", step, changed, incErr, cleanErr)
	}
	if cleanErr != nil || clean == nil {
		return
	}
	for p, b := range clean.Output.Files {
		got, _ := inc.Output.File(p)
		if !bytes.Equal(got, b) {
			t.Fatalf("step %d (%v): %s differs from a clean build:\n%s", step, changed, p, diff(string(b), string(got)))
		}
	}
	for _, p := range outputPaths(inc.Output) {
		if _, ok := clean.Output.Files[p]; !ok {
			t.Fatalf("step %d (%v): incremental build has %s, a clean build does not", step, changed, p)
		}
	}
}

// titleLine is the title in a page's front matter.
var titleLine = regexp.MustCompile(`(?m)^title: .*$`)

// outputPaths lists every path of a build's output, deferred files and
// kept pages included, without making them.
func outputPaths(o *Output) []string {
	var out []string
	for p := range o.Files {
		out = append(out, p)
	}
	for p := range o.Deferred {
		out = append(out, p)
	}
	if o.kept != nil {
		for p := range o.kept.pages {
			out = append(out, p)
		}
	}
	return out
}

// failingLayout is the default page layout made to fail on a page titled
// Boom or with a heading Boom, as a theme's layout may fail on one page.
func failingLayout(t *testing.T) string {
	t.Helper()
	b, err := fs.ReadFile(themes.Default(), "layouts/page.html")
	if err != nil {
		t.Fatal(err)
	}
	fail := `{{if eq .Page.Title "Boom"}}{{slice .Page.Title 0 99}}{{end}}` +
		`{{range .Page.TOC}}{{if eq .Title "Boom"}}{{slice .Title 0 99}}{{end}}{{end}}`
	s := strings.Replace(string(b), `{{define "main"}}`, `{{define "main"}}`+fail, 1)
	if s == string(b) {
		t.Fatal("the default page layout has no main block")
	}
	return s
}

// TestIncrementalDataLinks renames a page that a data cell links to: the
// pages made from the data, and a page that embeds it, must not be
// reused from the cache with the old link.
func TestIncrementalDataLinks(t *testing.T) {
	data := "roles:\n  - {id: pm, name: PM}\n  - {id: tpm, name: TPM}\nsources:\n  - {id: s, title: S, publisher: P}\n" +
		"dimensions:\n  - {id: focus, name: Focus, group: G, kind: text, sources: [s], values: {pm: \"See [a](guide/a.md).\", tpm: How}}\n"
	fsys := fstest.MapFS{
		"handbook.toml": file(""),
		"data/d.yaml":   file(data),
		"guide/a.md":    file("# A\n"),
		"index.md":      file("# Home\n\n```compare\ndimensions: [focus]\n```\n"),
	}
	cache := NewCache()
	if _, err := Build(Config{Content: fsys, Cache: cache}); err != nil {
		t.Fatal(err)
	}
	fsys["guide/b.md"] = fsys["guide/a.md"]
	delete(fsys, "guide/a.md")
	changed := []string{"guide/a.md", "guide/b.md"}
	_, incErr := Build(Config{Content: fsys, Cache: cache, Changed: changed})
	_, cleanErr := Build(Config{Content: fsys})
	if cleanErr == nil || incErr == nil || incErr.Error() != cleanErr.Error() {
		t.Fatalf("incremental error:\n%v\nclean error:\n%v", incErr, cleanErr)
	}
	// Point the cell at the new name: both builds agree again.
	fsys["data/d.yaml"] = file(strings.Replace(data, "guide/a.md", "guide/b.md", 1))
	inc, incErr := Build(Config{Content: fsys, Cache: cache, Changed: []string{"data/d.yaml"}})
	clean, cleanErr := Build(Config{Content: fsys})
	compareBuilds(t, 0, []string{"data/d.yaml"}, inc, incErr, clean, cleanErr)
	// Move the page to another URL with a slug: the link in the embed
	// still resolves, to the new URL.
	fsys["guide/b.md"] = file("---\nslug: moved\n---\n# B\n")
	inc, incErr = Build(Config{Content: fsys, Cache: cache, Changed: []string{"guide/b.md"}})
	clean, cleanErr = Build(Config{Content: fsys})
	compareBuilds(t, 1, []string{"guide/b.md"}, inc, incErr, clean, cleanErr)
	if !strings.Contains(string(inc.Output.Files["index.html"]), "guide/moved/index.html") {
		t.Errorf("the embed on the home page does not link to the moved page")
	}
}

// TestDevServerRereadsSources: a dev server's build lets go of every
// page's source once its markdown is cached, and a later build that must
// render a page again, here because the data it embeds changed, reads
// its file again and shows what a clean build shows.
func TestDevServerRereadsSources(t *testing.T) {
	data := "roles:\n  - {id: pm, name: PM}\n  - {id: tpm, name: TPM}\nsources:\n  - {id: s, title: S, publisher: P}\n" +
		"dimensions:\n  - {id: focus, name: Focus, group: G, kind: text, sources: [s], values: {pm: Why, tpm: How}}\n"
	fsys := fstest.MapFS{
		"data/d.yaml": file(data),
		"guide/a.md":  file("# A\n\nSee [the home page](../index.md).\n"),
		"index.md":    file("---\ntitle: Home\n---\nThe roles side by side:\n\n```compare\ndimensions: [focus]\n```\n"),
	}
	cache := NewCache()
	res, err := Build(Config{Content: fsys, Cache: cache, Defer: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.tree.allPages() {
		if p.raw != nil {
			t.Errorf("%s: the dev server keeps its source after the build", p.URL)
		}
	}
	for path, f := range cache.files {
		if f.raw != nil {
			t.Errorf("%s: the cache keeps its source after the build", path)
		}
	}
	fsys["data/d.yaml"] = file(strings.Replace(data, "pm: Why", "pm: Wherefore", 1))
	inc, incErr := Build(Config{Content: fsys, Cache: cache, Defer: true, Changed: []string{"data/d.yaml"}})
	clean, cleanErr := Build(Config{Content: fsys})
	compareBuilds(t, 1, []string{"data/d.yaml"}, inc, incErr, clean, cleanErr)
	if home, _ := inc.Output.File("index.html"); !strings.Contains(string(home), "Wherefore") || !strings.Contains(string(home), "The roles side by side") {
		t.Errorf("the home page, rendered again, does not show its text and the new data:\n%s", home)
	}
}

// startedFrom tells from its timings how a build started from the last.
func startedFrom(res *Result) editKind {
	for i, s := range res.Timings {
		if s.Step == "edit" {
			if i == len(res.Timings)-1 {
				return editText
			}
			return editReshape
		}
	}
	return editNone
}

// editBuild rebuilds as the dev server does and reports whether the build
// started from the last one.
func editBuild(t *testing.T, fsys fstest.MapFS, cache *Cache, changed []string) (*Result, error, bool) {
	t.Helper()
	res, err := Build(Config{Content: fsys, Cache: cache, Changed: changed, Defer: true})
	if err != nil {
		return nil, err, false
	}
	return res, nil, startedFrom(res) != editNone
}

// TestEditRandomSmallSites edits small sites at random, a page or two at
// a time, with anchors between pages, comparison embeds whose cells link
// to anchors, and broken links as errors or as warnings: every build
// matches a clean one in files, errors and warnings.
func TestEditRandomSmallSites(t *testing.T) {
	data := "roles:\n  - {id: pm, name: PM}\n  - {id: tpm, name: TPM}\nsources:\n  - {id: s, title: S, publisher: P}\n" +
		"dimensions:\n  - {id: focus, name: Focus, group: G, kind: text, sources: [s], values: {pm: \"See [a](g/a.md#h1).\", tpm: How}}\n"
	names := []string{"g/a.md", "g/b.md", "g/_index.md", "index.md", "c.md"}
	for _, mode := range []string{"error", "warning"} {
		fast := map[editKind]int{}
		seeds := uint64(10)
		if raceEnabled && !*longTests {
			seeds = 4
		}
		for seed := range seeds {
			rng := rand.New(rand.NewPCG(seed, 11))
			// Each file keeps its front matter, if any, so that edits can
			// start from the last build; the bodies change at random.
			fm := map[string]string{}
			for _, n := range names {
				if rng.IntN(3) == 0 {
					fm[n] = "---\ntitle: T " + n + "\n---\n"
				}
			}
			body := func(n string) string {
				// Now and then a new title or weight, which an edit may
				// change too.
				if rng.IntN(4) == 0 {
					fm[n] = fmt.Sprintf("---\ntitle: T %s %d\nweight: %d\n---\n", n, rng.IntN(3), rng.IntN(3))
				}
				var b strings.Builder
				b.WriteString(fm[n])
				if n != "c.md" && rng.IntN(4) > 0 {
					fmt.Fprintf(&b, "# H %s %d\n\n", n, rng.IntN(2))
				}
				for i := range 3 {
					if i == 0 || rng.IntN(2) == 0 {
						fmt.Fprintf(&b, "## H%d\n\nText %d.\n\n", i, rng.IntN(100))
					}
				}
				if rng.IntN(2) == 0 {
					fmt.Fprintf(&b, "See [x](/%s#h%d) and [y](#h%d).\n\n", names[rng.IntN(len(names))], rng.IntN(3)/2, rng.IntN(3)/2)
				}
				if rng.IntN(3) == 0 {
					b.WriteString("```compare\ndimensions: [focus]\n```\n")
				}
				return b.String()
			}
			fsys := fstest.MapFS{"handbook.toml": file(fmt.Sprintf("broken_links = %q\n", mode)), "data/d.yaml": file(data)}
			for _, n := range names {
				fsys[n] = file(body(n))
			}
			cache := NewCache()
			for step := range 30 {
				var changed []string
				for range 1 + rng.IntN(2) {
					n := names[rng.IntN(len(names))]
					fsys[n] = file(body(n))
					changed = append(changed, n)
				}
				if step == 0 {
					changed = nil
				}
				inc, incErr, _ := editBuild(t, fsys, cache, changed)
				if incErr == nil {
					fast[startedFrom(inc)]++
				}
				if incErr == nil {
					inc.Output.Materialize()
				}
				clean, cleanErr := Build(Config{Content: fsys})
				where := fmt.Sprintf("%s, seed %d, step %d", mode, seed, step)
				compareBuilds(t, step, changed, inc, incErr, clean, cleanErr)
				if cleanErr == nil && fmt.Sprint(inc.Warnings) != fmt.Sprint(clean.Warnings) {
					t.Fatalf("%s (%v): warnings\n%v\nwant\n%v", where, changed, inc.Warnings, clean.Warnings)
				}
			}
		}
		if fast[editText] == 0 || fast[editReshape] == 0 {
			t.Errorf("%s: builds by how they started: %v", mode, fast)
		}
	}
}

// TestEditAfterMaterialize: a caller may make every deferred file of a
// build; the next build's deferred files are still its own.
func TestEditAfterMaterialize(t *testing.T) {
	fsys := fstest.MapFS{"a.md": file("# A\n\nOld text.\n"), "b.md": file("# B\n\nText.\n")}
	cache := NewCache()
	res, err, _ := editBuild(t, fsys, cache, nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Output.Materialize()
	fsys["a.md"] = file("# A\n\nNew text.\n")
	next, err, edit := editBuild(t, fsys, cache, []string{"a.md"})
	if err != nil || !edit {
		t.Fatalf("edit: %v, started from the last build: %v", err, edit)
	}
	got, _ := next.Output.File(PrintURL)
	if !bytes.Contains(got, []byte("New text.")) {
		t.Errorf("print edition after the edit lacks it")
	}
}

// TestEditKeepsChecksBounded: links in data cells that a page embeds are
// checked as the page's own, and not piled up edit after edit.
func TestEditKeepsChecksBounded(t *testing.T) {
	data := "roles:\n  - {id: pm, name: PM}\n  - {id: tpm, name: TPM}\nsources:\n  - {id: s, title: S, publisher: P}\n" +
		"dimensions:\n  - {id: focus, name: Focus, group: G, kind: text, sources: [s], values: {pm: \"See [a](guide/a.md#x).\", tpm: How}}\n"
	fsys := fstest.MapFS{"data/d.yaml": file(data), "guide/a.md": file("# A\n\n## X\n"), "index.md": file("# Home\n\n```compare\ndimensions: [focus]\n```\n")}
	cache := NewCache()
	if _, err, _ := editBuild(t, fsys, cache, nil); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		n := 0
		for _, l := range cache.kept.checks {
			n += len(l)
		}
		return n
	}
	before := count()
	for i := range 5 {
		fsys["index.md"] = file(fmt.Sprintf("# Home\n\nEdit %d.\n\n```compare\ndimensions: [focus]\n```\n", i))
		if _, err, edit := editBuild(t, fsys, cache, []string{"index.md"}); err != nil || !edit {
			t.Fatalf("edit %d: %v, started from the last build: %v", i, err, edit)
		}
	}
	if after := count(); after != before {
		t.Errorf("anchor checks kept: %d after the first build, %d after five edits", before, after)
	}
}

// TestFailedReshapeLeavesLastBuild edits a page's title and description
// so that a layout fails on it. The last good site, deferred files
// included, must not show the failed title, and the next unrelated edit
// must fail as a clean build of the same files does.
func TestFailedReshapeLeavesLastBuild(t *testing.T) {
	fsys := fstest.MapFS{
		"index.md": file("# Home\n\nWelcome.\n"),
		"a.md":     file("---\ntitle: Alpha\ndescription: A description long enough to slice\n---\nAlpha text.\n"),
		"b.md":     file("---\ntitle: Beta\ndescription: Another description long enough\n---\nBeta text.\n"),
		"theme/layouts/page.html": file(`{{define "main"}}<article class="content"><h1>{{.Page.Title}}</h1>` +
			`<p>{{slice .Page.Description 0 20}}</p>{{.Page.Content}}</article>{{end}}`),
	}
	cache := NewCache()
	good, err := Build(Config{Content: fsys, Cache: cache, Defer: true})
	if err != nil {
		t.Fatal(err)
	}
	fsys["a.md"] = file("---\ntitle: Failed title\ndescription: short\n---\nAlpha text.\n")
	if _, err := Build(Config{Content: fsys, Cache: cache, Defer: true, Changed: []string{"a.md"}}); err == nil {
		t.Fatal("a layout that slices past the description did not fail")
	}
	index, ok := good.Output.File(chunkURL(0))
	if !ok {
		t.Fatal("no search index")
	}
	if bytes.Contains(index, []byte("Failed title")) {
		t.Error("the last good site's search index shows the failed title")
	}
	fsys["b.md"] = file("---\ntitle: Beta\ndescription: Another description long enough\n---\nBeta text, edited.\n")
	_, incErr := Build(Config{Content: fsys, Cache: cache, Defer: true, Changed: []string{"b.md"}})
	_, cleanErr := Build(Config{Content: fsys})
	if (incErr == nil) != (cleanErr == nil) {
		t.Errorf("next edit: error %v, a clean build's %v", incErr, cleanErr)
	}
}

// TestCacheOneBuildAtATime: a build given a Cache that another build
// holds fails at once, saying why, and leaves the Cache to that build.
func TestCacheOneBuildAtATime(t *testing.T) {
	fsys := fstest.MapFS{"index.md": file("# Home\n")}
	cache := NewCache()
	cache.mu.Lock() // as a build in progress holds it
	_, err := Build(Config{Content: fsys, Cache: cache})
	cache.mu.Unlock()
	if err == nil || !strings.Contains(err.Error(), "one at a time") {
		t.Fatalf("second build: error %v, want one saying builds run one at a time", err)
	}
	if _, err := Build(Config{Content: fsys, Cache: cache}); err != nil {
		t.Errorf("a build after the first finished: %v", err)
	}
}
