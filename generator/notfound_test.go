package generator

import (
	"strings"
	"testing"
)

// TestNotFoundBase: with a base_url, the 404 page's URLs are based on it;
// without, a script finds the root from the folders the site has.
func TestNotFoundBase(t *testing.T) {
	files := map[string]string{"guide/a.md": "---\ntitle: A\n---\n\nText.\n", "handbook.toml": "title = \"T\"\nbase_url = \"https://example.com/hb/\"\n"}
	page := string(mustBuild(t, files).Output.Files["404.html"])
	base := strings.Index(page, `<base href="https://example.com/hb/">`)
	css := strings.Index(page, `assets/handbook.css`)
	if base < 0 || css < base {
		t.Errorf("the 404 page has no base before its stylesheet:\n%s", page[:min(len(page), 600)])
	}
	files["handbook.toml"] = "title = \"T\"\n"
	page = string(mustBuild(t, files).Output.Files["404.html"])
	if strings.Contains(page, "<base") || !strings.Contains(page, `var dirs=["assets","changes","data","guide","siteindex"]`) {
		t.Errorf("without a base_url, the 404 page should find its root by the site's folders:\n%s", page[:min(len(page), 600)])
	}
}
