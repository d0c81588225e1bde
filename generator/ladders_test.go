package generator

import (
	"os"
	"strings"
	"testing"
)

func ladderSite(t *testing.T, page string) map[string]string {
	t.Helper()
	data, err := os.ReadFile("compare/testdata/ladder/ladders.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{"data/ladders.yaml": string(data), "moves.md": page}
}

// TestDiffBlocks: a diff block that starts with from: or to: compares two
// levels; any other diff block stays a highlighted unified diff.
func TestDiffBlocks(t *testing.T) {
	page := "---\ntitle: Moves\n---\n\n```diff\nfrom: pm/senior\nto: tpm/senior\n```\n\n```diff\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-from: old\n+to: new\n```\n"
	res := mustBuild(t, ladderSite(t, page))
	body := mainOf(t, res, "moves/index.html")
	for _, want := range []string{
		`class="level-diff"`,
		`<strong>Different</strong>`,          // strategy differs between the two senior levels
		`<strong>Added</strong>`,              // architecture: only the TPM ladder has it
		`<strong>No longer expected</strong>`, // delivery and technical: only the PM ladder has them
		"Sets technical direction.",
		`href="../roles/tpm/ladder/senior/index.html"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("level diff lacks %q", want)
		}
	}
	if strings.Count(body, `class="level-diff"`) != 1 {
		t.Error("the unified diff was taken for a level diff")
	}
	if !strings.Contains(body, "<pre") || !strings.Contains(body, "b/x") {
		t.Errorf("the unified diff is not shown as code")
	}
}

// TestDiffBlockErrors names the page's line and what to write.
func TestDiffBlockErrors(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{"from: pm/senor\nto: tpm/senior\n", `moves.md:6:7: unknown level "senor" in the pm ladder (did you mean "senior"?)`},
		{"from: pm/senior\nto: tpn/senior\n", `moves.md:7:5: no ladder for role "tpn" (did you mean "tpm"?)`},
		{"from: pm\nto: tpm/senior\n", `moves.md:6:7: "pm" does not name a level: write role/level, such as pm/senior`},
		{"from: pm/senior\n", `moves.md:6:1: a diff block has no to: add one`},
	} {
		page := "---\ntitle: Moves\n---\n\n```diff\n" + tt.body + "```\n"
		_, err := Build(Config{Content: mapFS(ladderSite(t, page))})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got %v, want %s", tt.body, err, tt.want)
		}
	}
}

// TestBandsInSiteLanguage: a site in German writes its pay bands as
// German does.
func TestBandsInSiteLanguage(t *testing.T) {
	files := ladderSite(t, "---\ntitle: Moves\n---\n\nText.\n")
	files["handbook.toml"] = "title = \"Handbuch\"\nlanguage = \"de\"\n"
	body := mainOf(t, mustBuild(t, files), "roles/pm/ladder/index.html")
	if !strings.Contains(body, "75.000\u00a0$–100.000\u00a0$") {
		t.Errorf("the ladder page does not write bands in German:\n%s", body)
	}
}
