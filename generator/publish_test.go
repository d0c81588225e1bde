package generator

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func publishingSite(config string) fstest.MapFS {
	return fstest.MapFS{
		"handbook.toml": {Data: []byte("title = \"Team\"\ndescription = \"How we work.\"\n" + config)},
		"index.md":      {Data: []byte("# Home\n\nHello.\n")},
		"guide/a.md":    {Data: []byte("---\ndescription: All about A.\n---\n# Page A\n\nText.\n")},
	}
}

// TestSitemapOnlyWithBaseURL checks that absolute URLs appear only when a
// base URL is configured, and then only in the sitemap, robots.txt and
// the canonical and og:url tags.
func TestSitemapOnlyWithBaseURL(t *testing.T) {
	res, err := Build(Config{Content: publishingSite("")})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.Output.Files["sitemap.xml"]; ok {
		t.Errorf("sitemap.xml written without a base_url")
	}
	if robots := string(res.Output.Files["robots.txt"]); robots != "User-agent: *\nAllow: /\n" {
		t.Errorf("robots.txt without a base_url = %q", robots)
	}
	page := string(res.Output.Files["guide/a/index.html"])
	for _, bad := range []string{`rel="canonical"`, `og:url`, "https://"} {
		if strings.Contains(page, bad) {
			t.Errorf("page without a base_url holds %s", bad)
		}
	}
	for _, want := range []string{
		`<meta property="og:type" content="article">`,
		`<meta property="og:title" content="Page A">`,
		`<meta property="og:description" content="All about A.">`,
		`<meta name="description" content="All about A.">`,
		`<meta property="og:site_name" content="Team">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if home := string(res.Output.Files["index.html"]); !strings.Contains(home, `<meta property="og:type" content="website">`) ||
		!strings.Contains(home, `<meta property="og:description" content="How we work.">`) {
		t.Errorf("home page lacks og:type website or the site's description")
	}

	res, err = Build(Config{Content: publishingSite(`base_url = "https://example.org/team/"`)})
	if err != nil {
		t.Fatal(err)
	}
	sitemap := string(res.Output.Files["sitemap.xml"])
	for _, want := range []string{
		`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`,
		"<url><loc>https://example.org/team/</loc></url>",
		"<url><loc>https://example.org/team/guide/</loc></url>",
		"<url><loc>https://example.org/team/guide/a/</loc></url>",
	} {
		if !strings.Contains(sitemap, want) {
			t.Errorf("sitemap.xml lacks %s:\n%s", want, sitemap)
		}
	}
	if robots := string(res.Output.Files["robots.txt"]); !strings.Contains(robots, "Sitemap: https://example.org/team/sitemap.xml\n") {
		t.Errorf("robots.txt does not name the sitemap: %q", robots)
	}
	page = string(res.Output.Files["guide/a/index.html"])
	for _, want := range []string{
		`<link rel="canonical" href="https://example.org/team/guide/a/">`,
		`<meta property="og:url" content="https://example.org/team/guide/a/">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if n := strings.Count(page, "https://example.org"); n != 2 {
		t.Errorf("page holds %d absolute URLs, want 2 (canonical and og:url)", n)
	}
}

// TestLastUpdatedAndEditLink checks the dates passed in from git and the
// "Edit this page" link.
func TestLastUpdatedAndEditLink(t *testing.T) {
	when := time.Date(2024, 3, 5, 10, 0, 0, 0, time.FixedZone("", 3600))
	for _, tc := range []struct {
		repoPath, name, want string
	}{
		{"docs/team", "ignored", "https://github.com/org/repo/edit/main/docs/team/guide/a.md"},
		{".", "ignored", "https://github.com/org/repo/edit/main/guide/a.md"},
		{"", "handbook", "https://github.com/org/repo/edit/main/handbook/guide/a.md"},
	} {
		res, err := Build(Config{
			Content:  publishingSite(`repository = "https://github.com/org/repo/"` + "\nbase_url = \"https://example.org\""),
			Name:     tc.name,
			RepoPath: tc.repoPath,
			LastMod:  map[string]time.Time{"guide/a.md": when},
		})
		if err != nil {
			t.Fatal(err)
		}
		page := string(res.Output.Files["guide/a/index.html"])
		if !strings.Contains(page, `<a href="`+tc.want+`">Edit this page</a>`) {
			t.Errorf("RepoPath %q: page lacks an edit link to %s", tc.repoPath, tc.want)
		}
		if !strings.Contains(page, `Last updated <time datetime="2024-03-05">5 March 2024</time>`) {
			t.Errorf("page lacks its last update")
		}
		if home := string(res.Output.Files["index.html"]); strings.Contains(home, "Last updated") {
			t.Errorf("a page without a date shows one")
		}
		if !strings.Contains(string(res.Output.Files["sitemap.xml"]), "<loc>https://example.org/guide/a/</loc><lastmod>2024-03-05</lastmod>") {
			t.Errorf("sitemap lacks the page's lastmod")
		}
	}
	res, err := Build(Config{Content: publishingSite("")})
	if err != nil {
		t.Fatal(err)
	}
	if page := string(res.Output.Files["guide/a/index.html"]); strings.Contains(page, "Edit this page") || strings.Contains(page, "Last updated") {
		t.Errorf("edit link or date without a repository or dates")
	}
}
