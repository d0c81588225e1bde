package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rolehandbook/handbook/generator/compare"
)

// pickerData is a data file with two ladders: a link, emphasis, a
// citation, a level written as same, one not yet expected, and a line
// separator that a script must not hold as it is.
const pickerData = `roles:
  - {id: pm, name: Product Manager, short: PM}
  - {id: tpm, name: Technical Product Manager, short: TPM}
sources:
  - {id: survey, title: Pay & role survey, publisher: Example, year: 2026}
ladders:
  - role: pm
    levels:
      - {id: mid, title: Product Manager, order: 1, grade: L2}
      - {id: senior, title: Senior PM, order: 2, grade: L3}
      - {id: principal, title: Principal PM, order: 3, grade: L4}
    competencies:
      - id: strategy
        name: Product strategy
        area: Product
        expectations:
          mid: {text: "Answers the *why*, as [the guide](guide.md) says.", sources: [survey]}
          senior: same
          principal: "Sets the direction\u2028of a product line."
      - id: technical
        name: Technical understanding
        area: Delivery
        expectations:
          mid: n/a
          senior: Judges what is realistic.
          principal: same
    bands:
      - {level: mid, zone: us, min: 90000, max: 120000, currency: USD, period: year, as_of: 2026-06, example: true}
      - {level: senior, zone: us, min: 115000, max: 150000, currency: USD, period: year, as_of: 2026-06, source: survey}
  - role: tpm
    levels:
      - {id: senior, title: Senior TPM, order: 1, grade: L3}
    competencies:
      - id: architecture
        name: Architecture
        area: Delivery
        expectations:
          senior: Draws the system.
`

var pickerNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func buildPickerSite(t *testing.T, data string) *Result {
	t.Helper()
	res, err := Build(Config{
		Content: mapFS(map[string]string{"index.md": "# Home\n", "guide.md": "# Guide\n", "data/roles.yaml": data}),
		Now:     pickerNow,
	})
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	return res
}

// decodeScript reads the JSON arguments a data script passes, after
// checking that nothing in it could end a script element or a line.
func decodeScript(t *testing.T, name string, b []byte, prefix, suffix string, into ...any) {
	t.Helper()
	s := string(b)
	for _, bad := range []string{"</", "<!--", "\u2028", "\u2029"} {
		if strings.Contains(s, bad) {
			t.Errorf("%s holds %q, which could end its script element or line", name, bad)
		}
	}
	if !strings.HasPrefix(s, prefix) || !strings.HasSuffix(s, suffix) {
		t.Fatalf("%s should read %s…%s:\n%s", name, prefix, suffix, s)
	}
	args := "[" + strings.TrimSuffix(strings.TrimPrefix(s, prefix), suffix) + "]"
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(args), &raw); err != nil || len(raw) != len(into) {
		t.Fatalf("%s does not hold %d JSON values (%v):\n%s", name, len(into), err, s)
	}
	for i := range into {
		if err := json.Unmarshal(raw[i], into[i]); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// TestPickerPage builds a site with two ladders and reads the picker as
// a browser gets it: the page, index.js and a role's script.
func TestPickerPage(t *testing.T) {
	res := buildPickerSite(t, pickerData)
	for _, p := range VerifyOutput(res.Output) {
		t.Error(p)
	}
	page := string(res.Output.Files[pickerURL])
	for _, want := range []string{
		`<h1>Compare levels</h1>`,
		`<label for="picker-a-role">Role</label><select id="picker-a-role" data-side="a" data-part="role">`,
		`<label for="picker-b-level">Level</label><select id="picker-b-level" data-side="b" data-part="level">`,
		`<div class="picker-result" data-picker-result aria-live="polite">`,
		// Without JavaScript: the note and a link to every ladder.
		`<p>The picker needs JavaScript.`,
		`<li><a href="../pm/ladder/index.html">Product Manager career ladder</a></li><li><a href="../tpm/ladder/index.html">Technical Product Manager career ladder</a></li>`,
		`<script src="../../assets/ladders/index.js" defer></script>`,
		`<script src="../../assets/ladders.js" defer></script>`,
		// In the sidebar, as the page shown.
		`aria-current="page">Compare levels</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the picker's page has no %s:\n%s", want, page)
		}
	}
	if ladder := string(res.Output.Files["roles/pm/ladder/index.html"]); !strings.Contains(ladder, `roles/compare-ladders/index.html">Compare levels</a>`) {
		t.Error("the sidebar of a ladder page does not link the picker")
	}
	if _, ok := res.Output.Files["assets/ladders.js"]; !ok {
		t.Error("the site has no assets/ladders.js")
	}

	var index any
	decodeScript(t, pickerIndexURL, res.Output.Files[pickerIndexURL], "window.HB_LADDERS=", ";\n", &index)
	want := `{"r":[` +
		`["pm","Product Manager","../pm/ladder/",[` +
		`["mid","Product Manager","L2",[[0,"$90,000–$120,000 per year",1]]],` +
		`["senior","Senior PM","L3",[[0,"$115,000–$150,000 per year",0]]],` +
		`["principal","Principal PM","L4",[]]]],` +
		`["tpm","Technical Product Manager","../tpm/ladder/",[` +
		`["senior","Senior TPM","L3",[]]]]],` +
		`"s":"../../assets/ladders/roles/","z":["us"]}`
	if got := unescapedJSON(index); got != want {
		t.Errorf("index.js holds\n%s\nwant\n%s", got, want)
	}
	// The URLs the picker makes from the folders are those of the pages
	// and the scripts.
	for _, u := range []string{"../pm/ladder/index.html", "../pm/ladder/senior/index.html", "../../assets/ladders/roles/pm.js"} {
		if _, ok := res.Output.Files[path.Join(path.Dir(pickerURL), u)]; !ok {
			t.Errorf("the picker's page links %s, which the site does not have", u)
		}
	}

	var role string
	var text any
	decodeScript(t, "roles/pm.js", res.Output.Files[pickerRoleURL("pm")], "HB_LADDER_TEXT(", ");\n", &role, &text)
	if role != "pm" {
		t.Errorf("roles/pm.js registers the texts of %q", role)
	}
	mid := `Answers the <em>why</em>, as <a href="../../guide/index.html">the guide</a> says.` +
		`<sup class="cite"><span class="sr-only">Sources: </span>[<a href="../../compare/sources/index.html#src-survey" title="Pay &amp; role survey">1</a>]</sup>`
	want = fmt.Sprintf(`{"a":["Product","Delivery"],"c":[`+
		`["strategy","Product strategy",0,[%s,0,%s]],`+
		`["technical","Technical understanding",1,[null,"Judges what is realistic.",1]]]}`, unescapedJSON(mid), unescapedJSON("Sets the direction\u2028of a product line."))
	if got := unescapedJSON(text); got != want {
		t.Errorf("roles/pm.js holds\n%s\nwant\n%s", got, want)
	}
	if _, ok := res.Output.Files[pickerRoleURL("tpm")]; !ok {
		t.Errorf("the site has no %s", pickerRoleURL("tpm"))
	}

	// The same data makes the same files.
	again := buildPickerSite(t, pickerData)
	for _, p := range []string{pickerURL, pickerIndexURL, pickerRoleURL("pm"), pickerRoleURL("tpm")} {
		if !bytes.Equal(res.Output.Files[p], again.Output.Files[p]) {
			t.Errorf("%s differs between two builds of the same site", p)
		}
	}
}

// unescapedJSON writes v as JSON without escaping HTML, to compare what a
// script holds with what it should.
func unescapedJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// TestPickerNeedsLadders checks that a site without ladders has no
// picker, and that a role whose id is the picker's is an error that
// names it, and the only error.
func TestPickerNeedsLadders(t *testing.T) {
	res := buildPickerSite(t, "roles:\n  - {id: pm, name: Product Manager}\n")
	for p := range res.Output.Files {
		if p == pickerURL || strings.HasPrefix(p, pickerDir) {
			t.Errorf("a site without ladders has %s", p)
		}
	}

	data := strings.Replace(pickerData, "  - {id: tpm, name: Technical Product Manager, short: TPM}\n",
		"  - {id: tpm, name: Technical Product Manager, short: TPM}\n  - {id: compare-ladders, name: Comparer}\n", 1)
	_, err := Build(Config{
		Content: mapFS(map[string]string{"index.md": "# Home\n", "guide.md": "# Guide\n", "data/roles.yaml": data}),
		Now:     pickerNow,
	})
	want := `data/roles.yaml:4:5: role "compare-ladders" has the id of the page that compares levels, roles/compare-ladders/: rename the role`
	if err == nil || err.Error() != want {
		t.Errorf("a role with the picker's id: got %v, want %s", err, want)
	}
}

// TestPickerEditions checks that the picker's scripts are made from the
// edition's data: the internal level is in the internal edition's index
// and nowhere in the public edition's.
func TestPickerEditions(t *testing.T) {
	internal := buildEdition(t, EditionInternal, nil)
	public := buildEdition(t, EditionPublic, nil)
	if !strings.Contains(string(internal[pickerIndexURL]), "INTERNAL-MARKER-16") {
		t.Errorf("the internal edition's index.js has no internal level:\n%s", internal[pickerIndexURL])
	}
	if len(public[pickerIndexURL]) == 0 || len(public[pickerRoleURL("pm")]) == 0 {
		t.Fatal("the public edition has no picker scripts")
	}
	for p, b := range public {
		if strings.HasPrefix(p, pickerDir) && markerRE.Match(b) {
			t.Errorf("the public edition's %s shows something internal:\n%s", p, b)
		}
	}
}

// TestPickerIndexSize builds the index of a synthetic handbook of 200
// roles of 8 levels and 30 competencies each, with a pay band per level
// in two zones: it must stay under 300 KB, as a reader's browser loads
// it with the page.
func TestPickerIndexSize(t *testing.T) {
	const roles, levels, comps = 200, 8, 30
	d, probs := compare.Load(fstest.MapFS{"data/ladders.yaml": {Data: []byte(syntheticLadders(roles, levels, comps))}}, "data", pickerNow, 0)
	for _, p := range probs {
		if !p.Warning {
			t.Fatalf("the synthetic data has problems: %s: %s", p.Pos, p.Msg)
		}
	}
	lads := pickerLadders(d)
	if len(lads) != roles {
		t.Fatalf("the synthetic data has %d ladders, want %d", len(lads), roles)
	}
	index := pickerIndex(d, lads)
	const limit = 300 << 10
	t.Logf("index.js of %d roles × %d levels × %d competencies: %.1f KB", roles, levels, comps, float64(len(index))/1024)
	if len(index) >= limit {
		t.Errorf("index.js of %d roles is %d bytes, over the %d limit", roles, len(index), limit)
	}
	cmp := newComparison(d, newMarkdown(false, newHighlighter(), false))
	h := &host{st: &pageState{page: &Page{URL: pickerURL}}, md: cmp.md}
	one := pickerRole(d, h, lads[0])
	t.Logf("one role's script: %.1f KB", float64(len(one))/1024)
}
