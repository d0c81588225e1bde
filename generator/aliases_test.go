package generator

import (
	"strings"
	"testing"
	"testing/fstest"
)

// siteFS turns file contents by path into a content folder.
func siteFS(files map[string]string) fstest.MapFS { return mapFS(files) }

func TestAliasRedirects(t *testing.T) {
	res, err := Build(Config{Content: siteFS(map[string]string{
		"index.md":       "# Home\n\nSee the [guide](guide/setup.md).\n",
		"guide/setup.md": "---\ntitle: Setting up\naliases: [/setup/, old-setup, /guide/install.html, \"/Getting%20Started/\"]\n---\n\nSteps.\n",
	})})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range VerifyOutput(res.Output) {
		t.Error(p)
	}
	for file, to := range map[string]string{
		"setup/index.html":           "../guide/setup/index.html",
		"guide/old-setup/index.html": "../setup/index.html",
		"guide/install.html":         "setup/index.html",
		"Getting Started/index.html": "../guide/setup/index.html",
	} {
		page := string(res.Output.Files[file])
		if !strings.Contains(page, `<meta http-equiv="refresh" content="0; url=`+to+`">`) ||
			!strings.Contains(page, `<a href="`+to+`">Setting up</a>`) {
			t.Errorf("%s does not redirect to %s:\n%s", file, to, page)
		}
		if strings.Contains(page, "canonical") {
			t.Errorf("%s names a canonical URL, but the site has no base_url", file)
		}
	}
	if res.Output.Pages != 3 {
		t.Errorf("pages = %d, want 3: redirects are not pages", res.Output.Pages)
	}
}

func TestAliasCanonical(t *testing.T) {
	res, err := Build(Config{Content: siteFS(map[string]string{
		"handbook.toml": "base_url = \"https://example.org/hb/\"\n",
		"index.md":      "# Home\n",
		"a/_index.md":   "---\naliases: [/old-a/]\n---\n# A\n",
		"b.md":          "---\ntitle: B & <C>\naliases: [/old-b.html]\n---\n",
	})})
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		"old-a/index.html": `<link rel="canonical" href="https://example.org/hb/a/">`,
		"old-b.html":       `<link rel="canonical" href="https://example.org/hb/b/">`,
	} {
		if page := string(res.Output.Files[file]); !strings.Contains(page, want) {
			t.Errorf("%s lacks %s:\n%s", file, want, page)
		}
	}
	if page := string(res.Output.Files["old-b.html"]); !strings.Contains(page, "<title>B &amp; &lt;C&gt;</title>") {
		t.Errorf("title is not escaped:\n%s", page)
	}
}

func TestAliasErrors(t *testing.T) {
	_, err := Build(Config{Name: "hb", Content: siteFS(map[string]string{
		"index.md": "# Home\n",
		"a.md":     "---\ntitle: A\naliases:\n  - https://example.org/a/\n  - /b/\n  - ../../up\n  - /a/\n  - /old/\n  - /x.php\n  - /q/?x=1\n  - /logo.svg\n  - /assets/handbook.css\n---\n",
		"b.md":     "---\naliases: [/old/]\n---\n# B\n",
		"logo.svg": "<svg/>",
	})})
	if err == nil {
		t.Fatal("build succeeded")
	}
	want := []string{
		`hb/a.md:4:5: alias "https://example.org/a/" is a URL: write the old path on this site, such as /old/page/`,
		`hb/a.md:5:5: alias "/b/" is the path of the page b.md: remove the alias or move the other one`,
		`hb/a.md:6:5: alias "../../up" leaves the site`,
		`hb/a.md:7:5: alias "/a/" is the page's own URL: remove it`,
		`hb/b.md:2:11: alias "/old/" is the path of an alias of a.md: remove the alias or move the other one`,
		`hb/a.md:9:5: alias "/x.php" ends in .php: an alias is an old page URL, such as /old/page/ or /old/page.html`,
		`hb/a.md:10:5: alias "/q/?x=1" has a query or fragment: write only the path`,
	}
	got := err.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("errors lack\n%s\ngot:\n%s", w, got)
		}
	}
	// A path with an extension other than .html is refused before it can
	// clash with a file; the theme's files are guarded all the same.
	if !strings.Contains(got, `alias "/logo.svg" ends in .svg`) || !strings.Contains(got, `alias "/assets/handbook.css" ends in .css`) {
		t.Errorf("aliases naming files were not refused:\n%s", got)
	}
}

// TestAliasHostilePaths: an alias into a hidden folder such as .git, one
// holding a control character or a NUL, one that is not UTF-8 and one
// with a name longer than file systems hold are each refused at their
// line and column, before anything is written.
func TestAliasHostilePaths(t *testing.T) {
	long := strings.Repeat("x", 300)
	_, err := Build(Config{Name: "hb", Content: siteFS(map[string]string{
		"index.md": "# Home\n",
		"a.md": "---\ntitle: A\naliases:\n  - /.git/config\n  - .well-known/x/\n  - /old/.hidden.html\n" +
			"  - /nul%00/\n  - \"/bell\\a/\"\n  - /bad%ff/\n  - /" + long + "/\n  - /fine/\n---\n",
		"b.md": "---\nredirect_from: [\"/tab\\there/\"]\n---\n# B\n",
	})})
	if err == nil {
		t.Fatal("build succeeded")
	}
	want := []string{
		`hb/a.md:4:5: alias "/.git/config" names the hidden folder ".git": hosts do not serve hidden files and folders`,
		`hb/a.md:5:5: alias ".well-known/x/" names the hidden folder ".well-known"`,
		`hb/a.md:6:5: alias "/old/.hidden.html" names the hidden file ".hidden.html"`,
		`hb/a.md:7:5: alias "/nul%00/" holds a control character: write a plain path`,
		`hb/a.md:3:1: alias "/bell\a/" holds a control character`,
		`hb/a.md:9:5: alias "/bad%ff/" is not UTF-8 once its %-escapes are decoded`,
		`hb/a.md:10:5: alias "/` + long + `/" has a name 300 bytes long, and file systems hold at most 255`,
		`hb/b.md:2:1: alias "/tab\there/" holds a control character`,
	}
	got := err.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("errors lack\n%s\ngot:\n%s", w, got)
		}
	}
	if strings.Contains(got, "/fine/") {
		t.Errorf("a plain alias was refused:\n%s", got)
	}
}
