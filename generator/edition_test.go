package generator

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// editionSite is a handbook in which every kind of thing that can be
// internal has an internal twin carrying a marker, INTERNAL-MARKER-n.
const editionSite = "testdata/edition/src"

// editionMarkers is how many markers editionSite holds.
const editionMarkers = 29

var markerRE = regexp.MustCompile(`(?i)internal-marker-(\d+)`)

// markersIn returns the markers in a built site's file paths and files,
// each with the first file that shows it.
func markersIn(files map[string][]byte) map[int]string {
	found := map[int]string{}
	for _, p := range sortedPaths(files) {
		for _, m := range markerRE.FindAllSubmatch(append([]byte(p+"\n"), files[p]...), -1) {
			n, _ := strconv.Atoi(string(m[1]))
			if _, ok := found[n]; !ok {
				found[n] = p
			}
		}
	}
	return found
}

// buildEdition builds editionSite in one edition, with every file the
// site has (deferred ones made) and the single-file edition beside them.
func buildEdition(t *testing.T, e Edition, cache *Cache, changed ...string) map[string][]byte {
	t.Helper()
	res, err := Build(Config{
		Content: os.DirFS(editionSite), Name: "site", Edition: e, Cache: cache, Defer: cache != nil, Changed: changed,
		Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatalf("%s edition: %v", e, err)
	}
	if res.Site.Edition != string(e) {
		t.Errorf("built the %q edition, want %q", res.Site.Edition, e)
	}
	res.Output.Materialize()
	files := res.Output.Files
	if cache == nil {
		single, err := res.SingleFile()
		if err != nil {
			t.Fatal(err)
		}
		files["(single file)"] = single
	}
	return files
}

func TestPublicEditionShowsNothingInternal(t *testing.T) {
	files := buildEdition(t, EditionPublic, nil)
	for n, p := range markersIn(files) {
		t.Errorf("the public edition shows INTERNAL-MARKER-%d in %s", n, p)
	}
	// The search index holds words, which a marker is cut into.
	for p, b := range files {
		if strings.HasPrefix(p, "assets/search/") && strings.Contains(strings.ToLower(string(b)), "marker") {
			t.Errorf("the public edition's search index %s holds the word marker", p)
		}
	}
	for _, gone := range []string{"guide/secret/index.html", "vault/index.html", "vault/deep/index.html", "vault/notes.txt",
		"internal-marker-6/index.html", "roles/spy/index.html", "roles/pm/ladder/l3/index.html", "roles/pm/ladder/m1/index.html"} {
		if _, ok := files[gone]; ok {
			t.Errorf("the public edition has %s", gone)
		}
	}
	for _, kept := range []string{"index.html", "guide/one/index.html", "roles/pm/ladder/l2/index.html", "data/comparison.json", "review.json", "changes.xml"} {
		if _, ok := files[kept]; !ok {
			t.Errorf("the public edition has no %s", kept)
		}
	}
	home := string(files["index.html"])
	if !strings.Contains(home, "Public text after the passage.") || strings.Contains(home, "alert-internal") {
		t.Errorf("the public home page should keep the text around the passage and drop the passage:\n%s", home)
	}
}

func TestInternalEditionShowsEverything(t *testing.T) {
	files := buildEdition(t, EditionInternal, nil)
	found := markersIn(files)
	for n := 1; n <= editionMarkers; n++ {
		if _, ok := found[n]; !ok {
			t.Errorf("the internal edition shows INTERNAL-MARKER-%d nowhere", n)
		}
	}
	one := string(files["guide/one/index.html"])
	want := `<div role="note" class="alert alert-internal" aria-label="Internal"><p class="alert-title">Internal</p>` + "\n<p>Listed INTERNAL-MARKER-25</p>\n</div>"
	if !strings.Contains(one, want) {
		t.Errorf("guide/one has no passage labelled Internal:\n%s", one)
	}
}

// TestEditionIsDefault checks that a build that names no edition is the
// internal one, unless handbook.toml names another.
func TestEditionIsDefault(t *testing.T) {
	site := mapFS(map[string]string{"index.md": "Home.\n", "plans.md": "---\ninternal: true\n---\nPlans.\n"})
	for _, tc := range []struct {
		toml  string
		asked Edition
		want  Edition
		plans bool
	}{
		{"", "", EditionInternal, true},
		{"edition = \"public\"\n", "", EditionPublic, false},
		{"edition = \"public\"\n", EditionInternal, EditionInternal, true},
		{"edition = \"internal\"\n", EditionPublic, EditionPublic, false},
	} {
		site[configName] = &fstest.MapFile{Data: []byte(tc.toml)}
		res, err := Build(Config{Content: site, Edition: tc.asked})
		if err != nil {
			t.Fatal(err)
		}
		_, plans := res.Output.Files["plans/index.html"]
		if res.Site.Edition != string(tc.want) || plans != tc.plans {
			t.Errorf("handbook.toml %q, asked %q: built the %q edition, plans page %v; want %q, %v", tc.toml, tc.asked, res.Site.Edition, plans, tc.want, tc.plans)
		}
	}
	site[configName] = &fstest.MapFile{Data: []byte("title = \"T\"\nedition = \"publik\"\n")}
	_, err := Build(Config{Content: site})
	if want := `handbook.toml:2:1: edition: unknown edition "publik": use internal or public (did you mean "public"?)`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	if _, err := ParseEdition("Public"); err == nil || !strings.Contains(err.Error(), `(did you mean "public"?)`) {
		t.Errorf("ParseEdition(Public) = %v, want a suggestion", err)
	}
}

// TestEditionCacheNeverMixes builds both editions in turn with one cache,
// as a dev server restarted with another edition would, and through a
// kept build's edit path: nothing of one edition may show in the other.
func TestEditionCacheNeverMixes(t *testing.T) {
	cache := NewCache()
	for i, e := range []Edition{EditionInternal, EditionPublic, EditionInternal, EditionPublic, EditionPublic, EditionInternal} {
		// From the third build on, the builds say which page changed, so
		// that a build may start from the one before.
		var changed []string
		if i >= 2 {
			changed = []string{"guide/one.md"}
		}
		found := markersIn(buildEdition(t, e, cache, changed...))
		if e == EditionPublic && len(found) > 0 {
			t.Errorf("build %d, public after %d builds: shows %v", i, i, found)
		}
		if e == EditionInternal && len(found) != editionMarkers {
			t.Errorf("build %d, internal: shows %d markers, want %d", i, len(found), editionMarkers)
		}
	}
}

func TestPublicPageLinkingInternalPage(t *testing.T) {
	site := mapFS(map[string]string{
		"index.md":        "# Home\n\nSee [the plans](guide/plans.md), [the vault](vault/) and [a room](vault/room.md).\n\n![A map](vault/map.png)\n",
		"vault/map.png":   "PNG",
		"guide/plans.md":  "---\ninternal: true\n---\n# Plans\n\n[Home](../index.md)\n",
		"vault/_index.md": "---\ninternal: true\n---\n# Vault\n",
		"vault/room.md":   "# Room\n\nNo mark of its own: its folder is internal.\n",
	})
	if _, err := Build(Config{Content: site, Name: "hb"}); err != nil {
		t.Fatalf("internal edition: %v", err)
	}
	_, err := Build(Config{Content: site, Name: "hb", Edition: EditionPublic})
	why := ": links to an internal page; the public edition leaves it out: remove the link or mark this page internal"
	want := `hb/index.md:3:17: broken link "guide/plans.md"` + why + "\n" +
		`hb/index.md:3:46: broken link "vault/"` + why + "\n" +
		`hb/index.md:3:67: broken link "vault/room.md"` + why + "\n" +
		`hb/index.md:5:10: missing image "vault/map.png": links to a file of an internal section; the public edition leaves it out: remove the link or mark this page internal`
	if err == nil || err.Error() != want {
		t.Errorf("public edition:\ngot  %v\nwant %s", err, want)
	}
}

// TestPublicThingNamingInternalOne checks the errors of the public
// edition for public things that name internal ones.
func TestPublicThingNamingInternalOne(t *testing.T) {
	data := `people:
  - {id: bob, name: Bob, internal: true}
sources:
  - {id: s, title: Survey, publisher: Org}
roles:
  - {id: pm, name: PM, page: plans.md}
  - {id: spy, name: Spy, internal: true}
dimensions:
  - id: focus
    name: Focus
    group: Work
    kind: text
    sources: [s]
    values: {pm: a, spy: b}
  - id: secret
    name: Secret
    group: Work
    kind: text
    internal: true
    sources: [s]
    values: {pm: a, spy: b}
ladders:
  - role: pm
    tracks:
      - {id: ic, name: IC, kind: ic, branches_from: l2}
    levels:
      - {id: l1, title: One, order: 1}
      - {id: l2, title: Two, order: 2, internal: true}
    competencies:
      - {id: c, name: C, area: A, expectations: {l1: x, l2: y}}
`
	site := mapFS(map[string]string{
		"index.md":        "---\nowner: bob\n---\n# Home\n\n```compare\nroles: [pm, spy]\ndimensions: [secret]\n```\n\n```level\nrole: pm\nlevel: l2\n```\n",
		"plans.md":        "---\ninternal: true\n---\n# Plans\n",
		"data/roles.yaml": data,
	})
	if _, err := Build(Config{Content: site}); err != nil {
		t.Fatalf("internal edition: %v", err)
	}
	_, err := Build(Config{Content: site, Edition: EditionPublic})
	want := []string{
		`data/roles.yaml:6:30: role "pm" names page "plans.md", which is internal: the public edition leaves it out; mark the role internal too, or name a public page`,
		`data/roles.yaml:25:53: track "ic" branches from level "l2", which is internal: the public edition leaves the level out; mark the track internal too, or branch from a public level`,
		`index.md:2:8: owner "bob" is internal, and the public edition leaves them out: name a public owner here, or mark what they own internal too`,
		`index.md:7:13: unknown role "spy" in compare block: the role is internal, and the public edition leaves it out; remove it here, or mark this page internal too`,
		`index.md:8:14: unknown dimension "secret" in compare block: the dimension is internal, and the public edition leaves it out; remove it here, or mark this page internal too`,
		`index.md:13:8: unknown level "l2" in the pm ladder: the level is internal, and the public edition leaves it out; remove it here, or mark this page internal too`,
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("public edition:\ngot  %v\nwant %s", err, strings.Join(want, "\n"))
	}
}

func TestInternalPassages(t *testing.T) {
	page := "# Page\n\nBefore.\n\n:::internal\n## Secret plan\n\nSee [the plans](plans.md).[^1]\n\n[^1]: A note.\n:::\n\n" +
		"After, with [a link](#secret-plan).\n"
	site := mapFS(map[string]string{"index.md": page, "plans.md": "---\ninternal: true\n---\n# Plans\n"})
	res, err := Build(Config{Content: site})
	if err != nil {
		t.Fatalf("internal edition: %v", err)
	}
	body := string(res.Output.Files["index.html"])
	for _, want := range []string{`<p class="alert-title">Internal</p>`, `id="secret-plan"`, "A note."} {
		if !strings.Contains(body, want) {
			t.Errorf("internal edition: the page has no %q", want)
		}
	}
	// The heading goes with the passage: a link to it is broken.
	_, err = Build(Config{Content: site, Edition: EditionPublic})
	want := `index.md:13:22: broken anchor "#secret-plan": this page has no heading with id "secret-plan"`
	if err == nil || err.Error() != want {
		t.Errorf("public edition: got %v, want %s", err, want)
	}
	site["index.md"] = &fstest.MapFile{Data: []byte(strings.Replace(page, "[a link](#secret-plan)", "no link", 1))}
	res, err = Build(Config{Content: site, Edition: EditionPublic})
	if err != nil {
		t.Fatalf("public edition: %v", err)
	}
	body = string(res.Output.Files["index.html"])
	for _, gone := range []string{"Secret plan", "A note.", "alert-internal", "footnote"} {
		if strings.Contains(body, gone) {
			t.Errorf("public edition: the page shows %q", gone)
		}
	}
	if !strings.Contains(body, "<p>Before.</p>") || !strings.Contains(body, "<p>After, with no link.</p>") {
		t.Errorf("public edition: the text around the passage is gone:\n%s", body)
	}

	// Text after :::internal is an error in both editions, not a title.
	site["index.md"] = &fstest.MapFile{Data: []byte("# Page\n\n:::internal Pay\nSecret.\n:::\n")}
	for _, e := range []Edition{EditionInternal, EditionPublic} {
		_, err := Build(Config{Content: site, Edition: e})
		want := "index.md:3:13: an internal passage takes nothing after :::internal: put its title on the next line, as a heading or in bold"
		if err == nil || err.Error() != want {
			t.Errorf("%s edition: got %v, want %s", e, err, want)
		}
	}
}
