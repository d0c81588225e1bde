package generator

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

var (
	sidebarRE = regexp.MustCompile(`(?s)<nav id="hb-nav".*?</nav>`)
	navLinkRE = regexp.MustCompile(`<a href="([^"]*)"`)
)

// sidebarLinks lists the link targets of a page's sidebar, in order.
func sidebarLinks(t *testing.T, res *Result, page string) []string {
	t.Helper()
	b, ok := res.Output.Files[page]
	if !ok {
		t.Fatalf("no page %s", page)
	}
	nav := sidebarRE.Find(b)
	if nav == nil {
		t.Fatalf("%s has no sidebar", page)
	}
	var out []string
	for _, m := range navLinkRE.FindAllSubmatch(nav, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

// TestSidebarListsClosedSections: from the home page a reader reaches a
// page two levels down; its sections are drawn closed, the way to the
// current page open.
func TestSidebarListsClosedSections(t *testing.T) {
	res := mustBuild(t, map[string]string{
		"_index.md":         "# Home\n",
		"a/_index.md":       "# Area\n",
		"a/b/_index.md":     "# Branch\n",
		"a/b/deep.md":       "# Deep page\n",
		"c/_index.md":       "# Other\n",
		"c/other.md":        "# Other page\n",
		"c/hidden.md":       "---\nunlisted: true\n---\n# Hidden page\n",
		"c/d/_index.md":     "# Twig\n",
		"c/d/very-deep.md":  "# Very deep\n",
		"c/d/e/_index.md":   "# Leaf\n",
		"c/d/e/deepest.md":  "# Deepest\n",
		"c/d/e/f/_index.md": "# Bud\n",
	})
	home := sidebarLinks(t, res, "index.html")
	for _, want := range []string{"a/b/deep/index.html", "c/d/e/deepest/index.html", "c/d/e/f/index.html"} {
		if !slices.Contains(home, want) {
			t.Errorf("the home page's sidebar does not link to %s: %v", want, home)
		}
	}
	if slices.Contains(home, "c/hidden/index.html") {
		t.Errorf("the sidebar lists an unlisted page")
	}
	page := string(sidebarRE.Find(res.Output.Files["a/b/deep/index.html"]))
	for _, want := range []string{
		`<li class="nav-section open"><a href="../../../a/index.html">`,
		`<li class="nav-section open"><a href="../../../a/b/index.html">`,
		`<li class="nav-section"><a href="../../../c/index.html">`,
		`<a href="../../../a/b/deep/index.html" aria-current="page">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the sidebar of a/b/deep lacks %s:\n%s", want, page)
		}
	}
}

// TestSidebarBudget: a site of thousands of pages puts a few hundred
// links on a page; the current page's sections always list theirs, and
// a far section beyond the budget shows only its own link.
func TestSidebarBudget(t *testing.T) {
	files := map[string]string{"_index.md": "# Home\n"}
	const sections, pages = 60, 40
	for s := range sections {
		files[fmt.Sprintf("s%02d/_index.md", s)] = fmt.Sprintf("# Section %02d\n", s)
		for p := range pages {
			files[fmt.Sprintf("s%02d/p%02d.md", s, p)] = fmt.Sprintf("# Page %02d of %02d\n", p, s)
		}
	}
	res := mustBuild(t, files)
	for _, page := range []string{"index.html", "s59/p39/index.html", "s30/index.html"} {
		links := sidebarLinks(t, res, page)
		if len(links) > navBudget+sections {
			t.Errorf("%s: the sidebar holds %d links, over the budget of %d", page, len(links), navBudget)
		}
		if len(links) < navBudget-pages {
			t.Errorf("%s: the sidebar holds %d links, well under the budget of %d", page, len(links), navBudget)
		}
		// Every section is reachable: its own link is always there.
		for s := range sections {
			if !containsSuffix(links, fmt.Sprintf("s%02d/index.html", s)) {
				t.Errorf("%s: no link to section %02d", page, s)
			}
		}
	}
	far := sidebarLinks(t, res, "s59/p39/index.html")
	if !containsSuffix(far, "s59/p00/index.html") {
		t.Errorf("the sidebar of a page in s59 does not list its own section's pages")
	}
	if !containsSuffix(far, "s00/p00/index.html") || containsSuffix(far, "s58/p00/index.html") {
		t.Errorf("the sidebar of s59 should list the first sections' pages while the budget lasts, and not s58's")
	}
}

// TestGeneratedPagesLast: in the sidebar and in previous and next, the
// pages made from data follow the written ones of their section, whatever
// their weights.
func TestGeneratedPagesLast(t *testing.T) {
	files := ladderSite(t, "---\ntitle: Moves\n---\n\nText.\n")
	files["roles/_index.md"] = "# Roles\n"
	files["roles/late.md"] = "---\ntitle: Written late\nweight: 5000\n---\n\nText.\n"
	files["roles/early.md"] = "---\ntitle: Written early\nweight: 1\n---\n\nText.\n"
	res := mustBuild(t, files)
	links := sidebarLinks(t, res, "roles/index.html")
	var inRoles []string
	for _, l := range links {
		if strings.HasPrefix(l, "../roles/") && strings.Count(l, "/") == 3 && l != "../roles/index.html" {
			inRoles = append(inRoles, l) // ../roles/x/index.html, the section's own pages
		}
	}
	want := []string{"early/index.html", "late/index.html"}
	if len(inRoles) < 3 || !strings.HasSuffix(inRoles[0], want[0]) || !strings.HasSuffix(inRoles[1], want[1]) {
		t.Fatalf("the roles section should list its written pages first, then the generated ones: %v", inRoles)
	}
	late := res.tree.bySrc["roles/late.md"]
	if late.Next == nil || !late.Next.generated() {
		t.Errorf("after the last written page of roles, next should be a generated page; it is %v", late.Next)
	}
	if late.Prev == nil || late.Prev.Src != "roles/early.md" {
		t.Errorf("before roles/late.md, previous should be roles/early.md; it is %v", late.Prev)
	}
	for i, p := range res.tree.pages {
		if i > 0 && p.Section != nil && p.Section == res.tree.pages[i-1].Section && !p.generated() && res.tree.pages[i-1].generated() && p.Sub == nil {
			t.Errorf("%s, written, comes after the generated %s", p.URL, res.tree.pages[i-1].URL)
		}
	}
}

func containsSuffix(list []string, s string) bool {
	for _, x := range list {
		if strings.HasSuffix(x, s) {
			return true
		}
	}
	return false
}

// TestSidebarCacheKey: a change to a section that the sidebar of a far
// page lists, or that now fits its budget, reaches that page through the
// build cache as it does in a clean build.
func TestSidebarCacheKey(t *testing.T) {
	t.Run("default theme", func(t *testing.T) { sidebarCacheKey(t, "") })
	// A theme that draws the sidebar from .Nav: its pages are laid out
	// again, not given a new sidebar in their old bytes.
	t.Run("theme reading .Nav", func(t *testing.T) {
		sidebarCacheKey(t, `{{define "sidebar"}}<nav id="hb-nav"><ul>{{.NavHTML}}</ul></nav><p>{{range .Nav}}{{range .Children}}{{.Title}}, {{end}}{{end}}</p>{{end}}`)
	})
}

func sidebarCacheKey(t *testing.T, sidebar string) {
	fsys := fstest.MapFS{"_index.md": file("# Home\n")}
	if sidebar != "" {
		fsys["theme/layouts/partials/sidebar.html"] = file(sidebar)
	}
	for s := range 30 {
		fsys[fmt.Sprintf("s%02d/_index.md", s)] = file(fmt.Sprintf("# Section %02d\n", s))
		for p := range 20 {
			fsys[fmt.Sprintf("s%02d/p%02d.md", s, p)] = file(fmt.Sprintf("---\ntitle: Page %02d of %02d\n---\nText.\n", p, s))
		}
	}
	cache := NewCache()
	if _, err := Build(Config{Content: fsys, Cache: cache}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		changed []string
		change  func()
	}{
		{"retitle a page listed far away", []string{"s00/p00.md"}, func() {
			fsys["s00/p00.md"] = file("---\ntitle: Retitled\n---\nText.\n")
		}},
		{"shrink a section until it fits", nil, func() {
			for p := 2; p < 20; p++ {
				name := fmt.Sprintf("s28/p%02d.md", p)
				delete(fsys, name)
			}
		}},
	}
	for _, st := range steps {
		before := maps.Clone(fsys)
		st.change()
		changed := st.changed
		if changed == nil {
			for k := range before {
				if _, ok := fsys[k]; !ok {
					changed = append(changed, k)
				}
			}
		}
		inc, err := Build(Config{Content: fsys, Cache: cache, Changed: changed})
		if err != nil {
			t.Fatal(err)
		}
		clean, err := Build(Config{Content: fsys})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(clean.Output.Files["s29/p19/index.html"]), "s00/p01/index.html") {
			t.Fatalf("%s: the far page's sidebar does not list s00's pages: the test tests nothing", st.name)
		}
		for _, page := range []string{"index.html", "s29/p19/index.html", "s15/index.html"} {
			if a, b := string(sidebarRE.Find(inc.Output.Files[page])), string(sidebarRE.Find(clean.Output.Files[page])); a != b {
				t.Errorf("%s: %s: the incremental build's sidebar differs from the clean build's", st.name, page)
			}
		}
		for p, want := range clean.Output.Files {
			if got := inc.Output.Files[p]; string(got) != string(want) {
				t.Errorf("%s: %s differs between the incremental and the clean build", st.name, p)
			}
		}
	}
}

// TestSidebarReleased: a build that keeps no sidebar lets a section's
// go once the last of its pages is laid out, and keeps the root's, which
// the print edition and the 404 page draw after the pages.
func TestSidebarReleased(t *testing.T) {
	root := &Section{}
	var opens []*Section
	for s := range 3 {
		sec := &Section{Dir: fmt.Sprintf("s%d", s), Parent: root, Depth: 1}
		sec.Index = &Page{URL: sec.Dir + "/index.html", Title: sec.Dir, Section: root, Sub: sec}
		root.Children = append(root.Children, sec.Index)
		for p := range 2 {
			pg := &Page{URL: fmt.Sprintf("%s/p%d/index.html", sec.Dir, p), Title: "Page", Section: sec}
			sec.Children = append(sec.Children, pg)
			opens = append(opens, sec)
		}
	}
	opens = append(opens, root)
	n := newNavBuilder(root)
	n.releaseAfter(opens)
	for i, open := range opens {
		if got := n.htmlFor(open, "../../", "x"); got == "" {
			t.Fatalf("page %d has an empty sidebar", i)
		}
		n.release(open)
		if i == 0 {
			if _, ok := n.html[open]; !ok {
				t.Errorf("the sidebar of %s went with its first page, before its second", open.Dir)
			}
		}
	}
	for _, s := range opens {
		_, drawn := n.html[s]
		_, listed := n.cache[s]
		if s == root && !drawn {
			t.Errorf("the root's sidebar went, which the print edition draws later")
		}
		if s != root && (drawn || listed) {
			t.Errorf("after the last page the builder holds the sidebar of %s", s.Dir)
		}
	}
}

// TestNavKeysAfterReshape: after a retitle or a new weight, which keep
// the tree, the sidebar keys made again only where a walk saw the change
// are the keys made from scratch, and the change reached some of them.
func TestNavKeysAfterReshape(t *testing.T) {
	fsys := corpusFS(800)
	cache := NewCache()
	_, err := Build(Config{Content: fsys, Cache: cache, Defer: true})
	if err != nil {
		t.Fatal(err)
	}
	byDir := func(keys map[*Section]uint64) map[string]uint64 {
		out := make(map[string]uint64, len(keys))
		for s, k := range keys {
			out[s.Dir] = k
		}
		return out
	}
	before := byDir(cache.navMemo.keys)
	page := "s0/t0/u0/page-1.md"
	orig := string(fsys[page].Data)
	for _, edit := range []struct{ name, from, to string }{
		{"retitle", "title: ", "title: Retitled "},
		{"reweight", "weight: ", "weight: 9999"},
	} {
		if !strings.Contains(orig, edit.from) {
			t.Fatalf("%s has no %q", page, edit.from)
		}
		fsys[page] = file(strings.Replace(orig, edit.from, edit.to, 1))
		res, err := Build(Config{Content: fsys, Cache: cache, Changed: []string{page}, Defer: true})
		if err != nil {
			t.Fatal(err)
		}
		if startedFrom(res) != editReshape {
			t.Fatalf("%s: the edit did not start from the kept tree, so it does not test the memo", edit.name)
		}
		if walks := cache.navWalks; walks == 0 || walks >= len(cache.navMemo.keys) {
			t.Errorf("%s walked %d of %d sidebars again, want some but not all", edit.name, walks, len(cache.navMemo.keys))
		}
		got := maps.Clone(cache.navMemo.keys)
		cache.navMemo = nil
		want := cache.navKeys(res.tree)
		if !maps.Equal(got, want) {
			t.Errorf("%s: the keys made again where a walk saw the change differ from keys made from scratch", edit.name)
		}
		changed := 0
		for dir, k := range byDir(want) {
			if before[dir] != k {
				changed++
			}
		}
		if changed == 0 || changed == len(want) {
			t.Errorf("%s changed %d of %d sidebar keys, want some but not all", edit.name, changed, len(want))
		}
	}
}
