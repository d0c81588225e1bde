package compare

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

var now = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

const good = `roles:
  - id: pm
    name: Product Manager
    short: PM
  - id: tpm
    name: Technical Product Manager
    short: TPM
sources:
  - id: guide
    title: Salary guide
    publisher: Example
    year: 2021
dimensions:
  - id: focus
    name: Focus
    group: Focus
    kind: text
    sources: [guide]
    values:
      pm: Why
      tpm: How
  - id: salary
    name: Salary
    group: Pay
    kind: number
    unit: USD
    currency: USD
    period: year
    as_of: 2026-01
    values:
      pm: {value: 96522, sources: [guide]}
      tpm: {value: 100074, sources: [guide]}
  - id: band
    name: Band
    group: Pay
    kind: range
    unit: USD
    as_of: 2026-01
    sources: [guide]
    values:
      pm: {min: 1, max: 2}
      tpm: n/a
  - id: skills
    name: Skills
    group: Skills
    kind: list
    sources: guide
    values:
      pm: [a, b]
      tpm: [c]
`

func load(t *testing.T, files map[string]string) (*Data, []Problem) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys["data/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	return Load(fsys, "data", now, 36)
}

func messages(probs []Problem) string {
	var b strings.Builder
	for _, p := range probs {
		kind := "error"
		if p.Warning {
			kind = "warning"
		}
		b.WriteString(kind + ": " + p.Pos.String() + ": " + p.Msg + "\n")
	}
	return b.String()
}

func TestLoadGood(t *testing.T) {
	d, probs := load(t, map[string]string{"c.yaml": good})
	if len(probs) > 0 {
		t.Fatalf("problems:\n%s", messages(probs))
	}
	if got := d.Dimension("salary").Display(d.Dimension("salary").Values["pm"]); got != "$96,522 per year" {
		t.Errorf("salary display = %q", got)
	}
	if got := d.Dimension("band").Plain(d.Dimension("band").Values["pm"]); got != "1–2" {
		t.Errorf("range plain = %q", got)
	}
	if !d.Dimension("band").Values["tpm"].NA {
		t.Errorf("n/a not read")
	}
	if got := strings.Join(d.Groups(), ","); got != "Focus,Pay,Skills" {
		t.Errorf("groups = %s", got)
	}
}

// TestValidation asserts the exact position and message of each problem.
func TestValidation(t *testing.T) {
	tests := []struct {
		name, file, body, want string
	}{
		{"unknown role", "c.yaml", strings.Replace(good, "      tpm: How", "      tmp: How", 1),
			`error: data/c.yaml:19:5: dimension "focus" has no value for role "tpm": add one, or n/a if it does not apply
error: data/c.yaml:21:7: unknown role "tmp" in dimension "focus" (did you mean "tpm"?)`},
		{"unknown source", "c.yaml", strings.Replace(good, "sources: [guide]\n    values:\n      pm: Why", "sources: [giude]\n    values:\n      pm: Why", 1),
			`error: data/c.yaml:18:15: unknown source "giude" (did you mean "guide"?)`},
		{"blank value", "c.yaml", strings.Replace(good, "      pm: Why", "      pm:", 1),
			`error: data/c.yaml:20:10: blank value for role "pm" in dimension "focus": write the value, or n/a if it does not apply
`},
		{"not a number", "c.yaml", strings.Replace(good, "value: 96522", "value: $96k", 1),
			`error: data/c.yaml:31:19: value for role "pm" is not a number: "$96k" (write digits only, such as 96522; put the currency in the dimension)
`},
		{"unknown key", "c.yaml", strings.Replace(good, "    group: Focus", "    grup: Focus", 1),
			`error: data/c.yaml:14:5: a dimension has no group: add one
error: data/c.yaml:16:5: unknown key "grup" in a dimension (did you mean "group"?)`},
		{"duplicate id", "c.yaml", strings.Replace(good, "  - id: salary", "  - id: focus", 1),
			`error: data/c.yaml:22:9: duplicate dimension id "focus": already defined at data/c.yaml:14:5`},
		{"empty file", "e.yaml", "\n\n", `error: data/e.yaml:1:1: empty data file: add roles, dimensions or sources, or delete it`},
		{"malformed", "m.yaml", "roles:\n  - id: [\n", `error: data/m.yaml:3:1: invalid YAML:`},
		{"stale", "c.yaml", strings.Replace(good, "as_of: 2026-01\n    values:\n      pm: {value", "as_of: 2020-06\n    values:\n      pm: {value", 1),
			`warning: data/c.yaml:29:12: dimension "salary" is dated 2020-06, more than 36 months ago: review the figures and update as_of`},
		{"uncited", "c.yaml", strings.Replace(good, "    sources: guide\n", "", 1),
			`error: data/c.yaml:48:11: value for role "pm" in dimension "skills" cites no source: add sources to the value or to the dimension
error: data/c.yaml:49:12: value for role "tpm" in dimension "skills" cites no source: add sources to the value or to the dimension`},
		{"JSON", "c.json", `{"roles": [{"id": "pm", "name": "PM", "nmae": "x"}]}`,
			`error: data/c.json:1:39: unknown key "nmae" in a role (did you mean "name"?)`},
		{"TOML", "c.toml", "[[roles]]\nid = \"pm\"\nname = \"PM\"\n\n[[dimensions]]\nid = \"focus\"\nname = \"Focus\"\ngroup = \"Focus\"\nkind = \"txt\"\nvalues = { pm = \"x\" }\n",
			`error: data/c.toml:9:8: unknown kind "txt": use text, list, number or range (did you mean "text"?)`},
		{"TOML syntax", "c.toml", "[[roles]]\nid = \"pm\nname = \"PM\"\n", `error: data/c.toml:2:9: invalid TOML: basic strings cannot have new lines`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := load(t, map[string]string{tt.file: tt.body})
			got := messages(probs)
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestJSONRoundTrip exports the model and reads the export back as data.
func TestJSONRoundTrip(t *testing.T) {
	d, probs := load(t, map[string]string{"c.yaml": good})
	if len(probs) > 0 {
		t.Fatal(messages(probs))
	}
	exported := d.JSON()
	d2, probs := load(t, map[string]string{"c.json": string(exported)})
	if len(probs) > 0 {
		t.Fatalf("export does not load back:\n%s", messages(probs))
	}
	if again := d2.JSON(); !bytes.Equal(again, exported) {
		t.Errorf("round trip changed the data:\n%s\nvs\n%s", exported, again)
	}
	csv := string(d.CSV())
	if !strings.Contains(csv, "salary,Salary,Pay,number,pm,Product Manager,96522,USD,USD,year,2026-01,guide\n") {
		t.Errorf("CSV row missing:\n%s", csv)
	}
}

// TestHandbookData checks our own data: it loads without errors, and
// every role has a cited value in every dimension.
func TestHandbookData(t *testing.T) {
	d, probs := Load(os.DirFS("../../handbook"), "data", now, 0)
	if len(probs) > 0 {
		t.Fatalf("problems:\n%s", messages(probs))
	}
	if len(d.Dimensions) < 12 {
		t.Errorf("%d dimensions, want at least 12", len(d.Dimensions))
	}
	for _, dim := range d.Dimensions {
		for _, r := range d.Roles {
			v := dim.Values[r.ID]
			if v == nil {
				t.Errorf("%s: no value for %s", dim.ID, r.ID)
				continue
			}
			if !v.NA && len(dim.Citations(v)) == 0 {
				t.Errorf("%s/%s: uncited", dim.ID, r.ID)
			}
		}
	}
}
