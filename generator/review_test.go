package generator

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
)

// reviewSite is a small handbook with an owner and a review date in
// each state: fine, due within 30 days, overdue by interval and by date,
// in YAML and TOML front matter and in the data.
const reviewSite = "testdata/review/src"

// reviewNow is the build date of the review tests.
var reviewNow = time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)

// reviewLastMod is what git would say of the review site: one page
// changed after its review, one committed on the day it was reviewed.
var reviewLastMod = map[string]time.Time{
	"guide/fine.md":        time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC),
	"guide/soon.md":        time.Date(2025, 12, 15, 16, 0, 0, 0, time.UTC),
	"data/comparison.yaml": time.Date(2026, 1, 10, 8, 0, 0, 0, time.UTC),
}

var footerRE = regexp.MustCompile(`(?s)<footer class="site-footer">.*</footer>`)

func buildReviewSite(t *testing.T, now time.Time) *Result {
	t.Helper()
	res, err := Build(Config{Content: os.DirFS(reviewSite), Name: "src", Now: now, LastMod: reviewLastMod})
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	return res
}

// golden compares got with the file testdata/review/want/name, or
// rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata/review/want", filepath.FromSlash(name))
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%s: %v (run go test -update)", name, err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from %s (run go test -update to accept):\n%s", name, file, diff(string(want), string(got)))
	}
}

// TestReviewGolden builds the review site at a fixed date and compares
// what readers and bots see with golden files: each page's <main>, with
// its banner, and its footer, with the owner and the dates; the "what
// changed" page; the feed; and review.json.
func TestReviewGolden(t *testing.T) {
	res := buildReviewSite(t, reviewNow)
	for _, p := range VerifyOutput(res.Output) {
		t.Error(p)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings:\n%v", res.Warnings)
	}
	for _, p := range []string{
		"index.html", "guide/index.html", "guide/fine/index.html", "guide/soon/index.html",
		"guide/overdue/index.html", "guide/by/index.html", "compare/index.html", "changes/index.html",
	} {
		page := res.Output.Files[p]
		body := append(mainRE.Find(page), '\n')
		body = append(append(body, footerRE.Find(page)...), '\n')
		golden(t, p, body)
		if !bytes.Contains(page, []byte(`<link rel="alternate" type="application/atom+xml" href="`+rootPrefix(p)+`changes.xml"`)) {
			t.Errorf("%s: no link to the feed in its head", p)
		}
	}
	golden(t, "review.json", res.Output.Files[ReviewURL])
	golden(t, "changes.xml", res.Output.Files[FeedURL])
}

// TestReviewBannerStates moves the build date past one page's review:
// no banner while it is fine, a note within 30 days of the date, and a
// banner that names the date once it has passed. The footer says the
// same in every state.
func TestReviewBannerStates(t *testing.T) {
	for _, tc := range []struct {
		now          string
		banner, foot string
	}{
		{"2026-12-01", "", `Next review by <time datetime="2027-04-01">1 April 2027</time>`},
		{"2027-03-02", `<div class="review-banner due-soon" role="note"><p>Due for review by <time datetime="2027-04-01">1 April 2027</time>; its owner is Bob Example.</p></div>`,
			`Next review by <time datetime="2027-04-01">1 April 2027</time>`},
		{"2027-04-01", `<div class="review-banner due-soon" role="note">`, `Next review by`},
		{"2027-04-02", `<div class="review-banner overdue" role="note"><p><strong>Due for review since <time datetime="2027-04-01">1 April 2027</time>.</strong> Parts of this page may be out of date; its owner is Bob Example.</p></div>`,
			`Review was due <time datetime="2027-04-01">1 April 2027</time>`},
	} {
		now, _ := time.Parse(time.DateOnly, tc.now)
		res := buildReviewSite(t, now.Add(23*time.Hour)) // the day counts, not the hour
		page := string(res.Output.Files["guide/fine/index.html"])
		main, foot := string(mainRE.Find([]byte(page))), string(footerRE.Find([]byte(page)))
		if tc.banner == "" && strings.Contains(main, "review-banner") {
			t.Errorf("%s: a banner on a page that is not due:\n%s", tc.now, main)
		}
		if tc.banner != "" && !strings.Contains(main, tc.banner) {
			t.Errorf("%s: want the banner %s in:\n%s", tc.now, tc.banner, main)
		}
		if want := `<p class="review-info">Owner: Bob Example · Reviewed <time datetime="2026-10-01">1 October 2026</time> · ` + tc.foot; !strings.Contains(foot, want) {
			t.Errorf("%s: want %s in the footer:\n%s", tc.now, want, foot)
		}
	}
}

// TestFeedIsAtom reads changes.xml with a feed reader's parser: it is an
// Atom 1.0 feed with the ids, dates and links RFC 4287 asks for, newest
// entry first, and the same pages as the "what changed" page.
func TestFeedIsAtom(t *testing.T) {
	for _, base := range []string{"", "https://example.org/handbook"} {
		fsys := fstest.MapFS{}
		if err := copyInto(fsys, os.DirFS(reviewSite)); err != nil {
			t.Fatal(err)
		}
		if base != "" {
			fsys["handbook.toml"].Data = append(fsys["handbook.toml"].Data, []byte("base_url = \""+base+"\"\n")...)
		}
		res, err := Build(Config{Content: fsys, Now: reviewNow, LastMod: reviewLastMod})
		if err != nil {
			t.Fatal(err)
		}
		xml := res.Output.Files[FeedURL]
		generic, err := gofeed.NewParser().Parse(bytes.NewReader(xml))
		if err != nil {
			t.Fatalf("base %q: the feed does not parse: %v", base, err)
		}
		if generic.FeedType != "atom" || generic.FeedVersion != "1.0" {
			t.Errorf("base %q: feed type %s %s, want atom 1.0", base, generic.FeedType, generic.FeedVersion)
		}
		f, err := (&atom.Parser{}).Parse(bytes.NewReader(xml))
		if err != nil {
			t.Fatal(err)
		}
		if f.ID == "" || f.Title == "" || f.UpdatedParsed == nil || len(f.Authors) == 0 {
			t.Errorf("base %q: the feed lacks an id, title, updated date or author: %+v", base, f)
		}
		var titles []string
		for i, e := range f.Entries {
			titles = append(titles, e.Title)
			if e.ID == "" || e.UpdatedParsed == nil || len(e.Links) == 0 {
				t.Errorf("base %q: entry %q lacks an id, updated date or link", base, e.Title)
				continue
			}
			if !strings.HasPrefix(e.ID, "urn:uuid:") && !strings.HasPrefix(e.ID, base+"/") || base == "" && !strings.HasPrefix(e.ID, "urn:uuid:") {
				t.Errorf("base %q: entry id %q", base, e.ID)
			}
			if base != "" && !strings.HasPrefix(e.Links[0].Href, base+"/") {
				t.Errorf("base %q: entry link %q is not absolute", base, e.Links[0].Href)
			}
			if i > 0 && e.UpdatedParsed.After(*f.Entries[i-1].UpdatedParsed) {
				t.Errorf("base %q: %q is newer than the entry before it", base, e.Title)
			}
		}
		if got, want := strings.Join(titles, ", "), "Fine, Home, Compare roles, Due soon, Overdue"; got != want {
			t.Errorf("base %q: entries %s, want %s", base, got, want)
		}
		if !f.UpdatedParsed.Equal(*f.Entries[0].UpdatedParsed) {
			t.Errorf("base %q: the feed is updated %v, its newest entry %v", base, f.UpdatedParsed, f.Entries[0].UpdatedParsed)
		}
		for _, title := range titles {
			if !bytes.Contains(res.Output.Files["changes/index.html"], []byte(">"+title+"</a>")) {
				t.Errorf("base %q: the changes page does not list %q", base, title)
			}
		}
	}
}

// TestReviewCheckCodeOwners checks the review site against a CODEOWNERS
// file: the owners it disagrees with are warnings at the owner's line,
// owners known only by a name are not compared, and the CODEOWNERS file
// made from the owners gives each file to its owner.
func TestReviewCheckCodeOwners(t *testing.T) {
	co, err := os.ReadFile(filepath.Join(reviewSite, "CODEOWNERS"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Check(Config{Content: os.DirFS(reviewSite), Name: "src", Now: reviewNow,
		CodeOwners: &CodeOwners{File: "src/CODEOWNERS", Data: co, Dir: "."}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("errors:\n%v", rep.Errors)
	}
	var b strings.Builder
	b.WriteString("# warnings\n")
	for _, w := range rep.Warnings {
		b.WriteString(w.Error() + "\n")
	}
	b.WriteString("# review items at " + rep.Date.Format(time.DateOnly) + "\n")
	for _, it := range rep.Review {
		line := Error{File: it.File, Line: it.Line, Col: it.Col, Msg: strings.Join([]string{
			it.Kind, it.Dimension, it.Title, it.Owner, it.CodeOwner, day(it.Reviewed), day(it.Due), string(it.Status), it.URL}, " | ")}
		b.WriteString(line.Error() + "\n")
	}
	golden(t, "check.txt", []byte(b.String()))
	golden(t, "CODEOWNERS", CodeOwnersFile(rep.Review, "handbook"))
	golden(t, "CODEOWNERS-root", CodeOwnersFile(rep.Review, "."))
	for _, w := range rep.Warnings {
		if w.Kind != KindCodeOwners {
			t.Errorf("a warning that is not about CODEOWNERS: %v", w)
		}
		if strings.Contains(w.Msg, "Handbook editors") {
			t.Errorf("an owner known only by a name was compared: %v", w)
		}
	}
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateOnly)
}

// TestReviewProblems writes owners and review dates wrong, one way at a
// time: each is an error at the line and column of the value, saying
// what to write, in a strict handbook, and a warning in a tree made for
// another tool.
func TestReviewProblems(t *testing.T) {
	people := "people:\n  - id: alice\n    name: Alice\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"bad date", map[string]string{"a.md": "---\nreviewed: 2026-13-01\n---\n"},
			`a.md:2:11: reviewed: "2026-13-01" is not a date: write it as YYYY-MM-DD, such as 2026-03-31`},
		{"bad interval", map[string]string{"a.md": "---\nreviewed: 2026-01-01\nreview_every: 6 moths\n---\n"},
			`a.md:3:15: review_every: "6 moths" is not an interval: the unit "moths" is not days, weeks, months or years: write a number and days, weeks, months or years, such as "6 months" or "1 year"`},
		{"interval without a number", map[string]string{"a.md": "---\nreview_every: monthly\n---\n"},
			`a.md:2:15: review_every: "monthly" is not an interval: write a number and days`},
		{"both", map[string]string{"a.md": "---\nreviewed: 2026-01-01\nreview_every: 6 months\nreview_by: 2026-05-01\n---\n"},
			`a.md:4:12: review_by and review_every are both set: keep one`},
		{"in the future", map[string]string{"a.md": "---\nreviewed: 2027-01-01\n---\n"},
			`a.md:2:11: reviewed 2027-01-01 is after the build date 2026-12-01: write the day the page was last reviewed`},
		{"owner a list", map[string]string{"a.md": "---\nowner: [a, b]\n---\n"},
			`a.md:2:8: owner must be one name or person's id, not a list or a mapping`},
		{"unknown person", map[string]string{"a.md": "---\nowner: alcie\n---\n", "data/people.yaml": people},
			`a.md:2:8: owner "alcie" is not in the people list of data/people.yaml (did you mean "alice"?): write a person's id, or a name with a capital or a space, such as "Design team"`},
		{"typo of a key", map[string]string{"a.md": "---\nreviewd: 2026-01-01\n---\n"},
			`a.md:2:1: unknown front matter key "reviewd" (did you mean "reviewed"?)`},
		{"toml date", map[string]string{"a.md": "+++\ntitle = \"A\"\nreviewed = \"2026-1-5\"\n+++\n"},
			`a.md:3:12: reviewed: "2026-1-5" is not a date`},
		{"site interval", map[string]string{"a.md": "# A\n", "handbook.toml": "title = \"x\"\nreview_every = \"yearly\"\n"},
			`handbook.toml:2:1: review_every: "yearly" is not an interval`},
		{"site owner", map[string]string{"a.md": "# A\n", "handbook.toml": "owner = \"bob\"\n", "data/people.yaml": people},
			`handbook.toml:1:1: owner "bob" is not in the people list of data/people.yaml`},
		{"data date", map[string]string{"a.md": "# A\n", "data/people.yaml": people + "reviewed: 2026-02-30\n"},
			`data/people.yaml:4:11: reviewed: "2026-02-30" is not a date`},
		{"data interval", map[string]string{"a.md": "# A\n", "data/people.yaml": people + "review_every: 0 days\n"},
			`data/people.yaml:4:15: review_every: "0 days" is not an interval: "0" is not a whole number above 0`},
		{"data owner", map[string]string{"a.md": "# A\n", "data/people.yaml": people + "owner: bob\n"},
			`data/people.yaml:4:8: owner "bob" is not in the people list`},
		{"person key", map[string]string{"a.md": "# A\n", "data/people.yaml": "people:\n  - id: a\n    name: A\n    gihub: a\n"},
			`data/people.yaml:4:5: unknown key "gihub" in a person (did you mean "github"?)`},
		{"person handle", map[string]string{"a.md": "# A\n", "data/people.yaml": "people:\n  - id: a\n    name: A\n    github: not a handle\n"},
			`data/people.yaml:4:13: github must be a GitHub user such as @octocat, or a team such as @org/team, not "not a handle"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			if _, ok := tc.files["handbook.toml"]; !ok {
				fsys["handbook.toml"] = &fstest.MapFile{Data: []byte("title = \"x\"\n")}
			}
			for name, src := range tc.files {
				fsys[name] = &fstest.MapFile{Data: []byte(src)}
			}
			_, err := Build(Config{Content: fsys, Now: reviewNow})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("strict: got %v\nwant %s", err, tc.want)
			}
			if _, site := tc.files["handbook.toml"]; site || strings.HasPrefix(tc.want, "data/") || tc.name == "typo of a key" {
				return // the site's settings and the data are strict in every tree
			}
			delete(fsys, "handbook.toml")
			res, err := Build(Config{Content: fsys, Now: reviewNow})
			if err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if !strings.Contains(res.Warnings.Error(), tc.want) {
				t.Errorf("lenient: got warnings %v\nwant %s", res.Warnings, tc.want)
			}
		})
	}
}

// TestReviewOtherTools maps the review keys of other tools onto ours: a
// page with last_reviewed_at, as a timestamp, shows it as reviewed, and
// reviewed wins over it.
func TestReviewOtherTools(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md": {Data: []byte("---\nlast_reviewed_at: 2026-03-04T10:00:00Z\nreview_by: 2026-12-10\n---\n")},
		"b.md": {Data: []byte("---\nlast_reviewed: 2026-05-06\nreviewed: 2026-06-07\n---\n")},
	}
	rep, err := Check(Config{Content: fsys, Now: reviewNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors)+len(rep.Warnings) > 0 {
		t.Fatalf("problems: %v %v", rep.Errors, rep.Warnings)
	}
	var got []string
	for _, it := range rep.Review {
		got = append(got, it.Path+" "+day(it.Reviewed)+" "+day(it.Due)+" "+string(it.Status))
	}
	if want := "a.md 2026-03-04 2026-12-10 due-soon, b.md 2026-06-07 - "; strings.Join(got, ", ") != want {
		t.Errorf("got %s\nwant %s", strings.Join(got, ", "), want)
	}
}

// TestReviewDevServer builds the review site as the dev server does,
// deferred and cached: the review files made on first use are those of
// a one-shot build, and a new reviewed date on a page takes its banner
// away in the next build.
func TestReviewDevServer(t *testing.T) {
	fsys := fstest.MapFS{}
	if err := copyInto(fsys, os.DirFS(reviewSite)); err != nil {
		t.Fatal(err)
	}
	oneShot, err := Build(Config{Content: fsys, Now: reviewNow, LastMod: reviewLastMod})
	if err != nil {
		t.Fatal(err)
	}
	cache := NewCache()
	dev, err := Build(Config{Content: fsys, Now: reviewNow, LastMod: reviewLastMod, Cache: cache, Defer: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{ReviewURL, FeedURL, "changes/index.html"} {
		got, ok := dev.Output.File(p)
		if !ok || !bytes.Equal(got, oneShot.Output.Files[p]) {
			t.Errorf("%s: the deferred file differs from a one-shot build's", p)
		}
	}
	page := "guide/overdue/index.html"
	if got, _ := dev.Output.File(page); !bytes.Contains(got, []byte("review-banner overdue")) {
		t.Fatalf("%s has no banner to begin with", page)
	}
	src := fsys["guide/overdue.md"]
	src.Data = bytes.Replace(src.Data, []byte("last_reviewed: 2025-06-01"), []byte("last_reviewed: 2026-11-30"), 1)
	next, err := Build(Config{Content: fsys, Now: reviewNow, LastMod: reviewLastMod, Cache: cache, Defer: true, Changed: []string{"guide/overdue.md"}})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := next.Output.File(page); bytes.Contains(b, []byte("review-banner")) || !bytes.Contains(b, []byte(`Reviewed <time datetime="2026-11-30">`)) {
		t.Errorf("%s after its review:\n%s", page, footerRE.Find(b))
	}
	var items struct {
		Items []struct{ Path, Status string }
	}
	b, _ := next.Output.File(ReviewURL)
	if err := json.Unmarshal(b, &items); err != nil {
		t.Fatal(err)
	}
	for _, it := range items.Items {
		if it.Path == "guide/overdue.md" && it.Status != "ok" {
			t.Errorf("review.json still says %s is %s", it.Path, it.Status)
		}
	}
}

// TestReviewNoDates: a site without owners, review dates or git dates
// has no "what changed" page, no feed and no review.json, and its pages
// do not link to them.
func TestReviewNoDates(t *testing.T) {
	res, err := Build(Config{Content: fstest.MapFS{"a.md": {Data: []byte("# A\n")}}, Now: reviewNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range append([]string{ReviewURL, FeedURL}, changesURLs...) {
		if _, ok := res.Output.Files[p]; ok {
			t.Errorf("%s written for a site without dates", p)
		}
	}
	if page := res.Output.Files["a/index.html"]; bytes.Contains(page, []byte("changes")) || bytes.Contains(page, []byte("review-")) {
		t.Errorf("a page of a site without dates mentions changes or reviews")
	}
}

// TestChangesPageMoves: a page of the content at changes/ keeps its URL,
// and the "what changed" page takes the next free one.
func TestChangesPageMoves(t *testing.T) {
	fsys := fstest.MapFS{
		"changes.md": {Data: []byte("---\nreviewed: 2026-01-01\n---\n# Our changelog\n")},
	}
	res, err := Build(Config{Content: fsys, Now: reviewNow})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(res.Output.Files["changes/index.html"], []byte("Our changelog")) {
		t.Errorf("the content's changes page was replaced")
	}
	if !bytes.Contains(res.Output.Files["whats-changed/index.html"], []byte("<h1>What changed</h1>")) {
		t.Errorf("no what-changed page at whats-changed/")
	}
	for _, p := range VerifyOutput(res.Output) {
		t.Error(p)
	}
}

// TestHandbookReview builds our own handbook at the tests' build date:
// every page says who owns it and when it was last reviewed, nothing is
// due for review, and owners and dates give no warning.
func TestHandbookReview(t *testing.T) {
	rep, err := Check(Config{Content: os.DirFS("../handbook"), Name: "handbook", Now: reviewNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range append(rep.Errors, rep.Warnings...) {
		if e.Kind == KindReview || e.Kind == KindCodeOwners || e.Kind == KindUnknownKey {
			t.Errorf("%v", e)
		}
	}
	pages := map[string]bool{}
	for _, it := range rep.Review {
		if it.Kind != "page" {
			continue
		}
		pages[it.Path] = true
		if it.Owner == "" || it.Reviewed.IsZero() || it.Due.IsZero() {
			t.Errorf("%s: owner %q, reviewed %s, due %s: give it an owner and a reviewed date", it.Path, it.Owner, day(it.Reviewed), day(it.Due))
		}
		if it.Status != ReviewOK {
			t.Errorf("%s: %s at %s (due %s)", it.Path, it.Status, day(rep.Date), day(it.Due))
		}
	}
	// Every page written for readers has both keys of its own; the
	// README.md at the root is for the handbook's authors.
	hb := os.DirFS("../handbook")
	err = fs.WalkDir(hb, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (p == "theme" || p != "." && strings.HasPrefix(d.Name(), ".")):
			return fs.SkipDir
		case d.IsDir() || !isMarkdown(p) || p == "README.md":
			return nil
		}
		src, err := fs.ReadFile(hb, p)
		if err != nil {
			return err
		}
		var c errs
		meta, _ := parseFrontMatter(p, src, false, &c)
		keys := map[string]bool{}
		for _, k := range meta.reviewAt {
			keys[k.key] = true
		}
		if !keys["owner"] || !keys["reviewed"] {
			t.Errorf("handbook/%s: give it owner and reviewed in its front matter", p)
		}
		if !meta.Draft && !pages[p] {
			t.Errorf("handbook/%s is not among the review items", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// copyInto copies every file of src into m, so that a test can change
// them.
func copyInto(m fstest.MapFS, src fs.FS) error {
	return fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
}
