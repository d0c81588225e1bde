package generator

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rolehandbook/handbook/generator/compare"
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

// syntheticLadders is a data file of roles × levels × competencies, each
// level with a band in two zones.
func syntheticLadders(roles, levels, comps int) string {
	var b strings.Builder
	b.WriteString("zones:\n  - {id: us, name: United States}\n  - {id: eu, name: Europe}\nroles:\n")
	for r := range roles {
		fmt.Fprintf(&b, "  - {id: role-%03d, name: Role %03d specialist, short: R%03d}\n", r, r, r)
	}
	titles := []string{"Associate", "Junior", "Intermediate", "Senior", "Staff", "Senior Staff", "Principal", "Distinguished"}
	b.WriteString("ladders:\n")
	for r := range roles {
		fmt.Fprintf(&b, "  - role: role-%03d\n    levels:\n", r)
		for l := range levels {
			fmt.Fprintf(&b, "      - {id: level-%d, title: %s Role %03d specialist, order: %d, grade: L%d}\n", l+1, titles[l], r, l+1, l+1)
		}
		b.WriteString("    competencies:\n")
		for c := range comps {
			fmt.Fprintf(&b, "      - id: competency-%02d\n        name: Competency %02d of role %03d\n        area: Area %d\n        expectations:\n", c, c, r, c/5)
			for l := range levels {
				fmt.Fprintf(&b, "          level-%d: At level %d, shows competency %d of role %03d in work that others can see and build on.\n", l+1, l+1, c, r)
			}
		}
		b.WriteString("    bands:\n")
		for l := range levels {
			lo := 60000 + 25000*l
			fmt.Fprintf(&b, "      - {level: level-%d, zone: us, min: %d, max: %d, currency: USD, period: year, as_of: 2026-06, example: true}\n", l+1, lo, lo+30000)
			fmt.Fprintf(&b, "      - {level: level-%d, zone: eu, min: %d, max: %d, currency: EUR, period: year, as_of: 2026-06, example: true}\n", l+1, lo*4/5, (lo+30000)*4/5)
		}
	}
	return b.String()
}

// BenchmarkLadder loads and validates a 200-role × 8-level ×
// 30-competency model and renders every view of it as the build does,
// markdown included: ladder, level, step and job pages, the picker's
// scripts and the exports, the pages in parallel as the build renders
// them. The target is under a second.
func BenchmarkLadder(b *testing.B) {
	fsys := fstest.MapFS{"data/ladders.yaml": {Data: []byte(syntheticLadders(200, 8, 30))}}
	b.ReportAllocs()
	for b.Loop() {
		d, probs := compare.Load(fsys, "data", pickerNow, 0)
		for _, p := range probs {
			if !p.Warning {
				b.Fatalf("%s: %s", p.Pos, p.Msg)
			}
		}
		cmp := newComparison(d, newMarkdown(false, newHighlighter(), false))
		page := func(url string) *host {
			return &host{st: &pageState{page: &Page{URL: url}, embedder: cmp}, md: cmp.md}
		}
		// The pages, as the build makes them: in parallel.
		var pages []func() string
		for _, lad := range d.Ladders {
			pages = append(pages, func() string { return d.LadderHTML(page(compare.LadderURL(lad.Role)), lad) })
			for i, lv := range lad.Levels {
				pages = append(pages,
					func() string { return d.LevelHTML(page(compare.LevelURL(lad.Role, lv.ID)), lad, lv) },
					func() string { return d.JobHTML(page(compare.JobURL(lad.Role, lv.ID)), d.Job(lad, lv, "")) })
				if i > 0 {
					pages = append(pages, func() string {
						return d.StepHTML(page(compare.StepURL(lad.Role, lad.Levels[i-1].ID, lv.ID)), lad, lad.Levels[i-1], lv)
					})
				}
			}
		}
		lads := pickerLadders(d)
		for _, lad := range lads {
			pages = append(pages, func() string { return string(pickerRole(d, page(pickerURL), lad)) })
		}
		sizes := make([]int, len(pages))
		parallel(len(pages), func(i int) { sizes[i] = len(pages[i]()) })
		n := len(pickerIndex(d, lads))
		for _, s := range sizes {
			n += s
		}
		n += len(d.JSON()) + len(d.LaddersCSV()) + len(d.BandsCSV())
		if n == 0 {
			b.Fatal("nothing rendered")
		}
	}
}

// TestPlainInline: text the fast path takes renders exactly as goldmark
// renders it, for the handbook's own data and for random sentences of
// the characters it allows.
func TestPlainInline(t *testing.T) {
	md := newMarkdown(false, newHighlighter(), false)
	render := func(text string) string {
		st := &pageState{page: &Page{URL: "x/index.html", raw: []byte(text)}}
		renderMarkdown(md, st)
		out := strings.TrimSpace(string(st.page.html))
		return strings.TrimSuffix(strings.TrimPrefix(out, "<p>"), "</p>")
	}
	var texts []string
	d, _ := compare.Load(os.DirFS("../handbook"), "data", pickerNow, 0)
	for _, lad := range d.Ladders {
		for _, c := range lad.Competencies {
			for _, e := range c.Expect {
				texts = append(texts, e.Text)
			}
		}
	}
	alphabet := []rune("abcXYZé ,.;()?%/0123456789  ")
	seed := uint64(1)
	for range 3000 {
		n := 1 + int(seed%40)
		r := make([]rune, n)
		for i := range r {
			seed = seed*6364136223846793005 + 1442695040888963407
			r[i] = alphabet[(seed>>33)%uint64(len(alphabet))]
		}
		texts = append(texts, string(r))
	}
	taken := 0
	for _, text := range texts {
		got, ok := plainInline(text)
		if !ok {
			continue
		}
		taken++
		if want := render(text); got != want {
			t.Errorf("%q: fast path %q, goldmark %q", text, got, want)
		}
	}
	if taken < 500 {
		t.Errorf("the fast path took only %d of %d texts", taken, len(texts))
	}
}
