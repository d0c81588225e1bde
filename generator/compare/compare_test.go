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
			`error: data/c.yaml:48:11: value for role "pm" in dimension "skills" cites no source: add sources to the value or to the dimension, or mark it example: true if it is the handbook's own example
error: data/c.yaml:49:12: value for role "tpm" in dimension "skills" cites no source: add sources to the value or to the dimension, or mark it example: true if it is the handbook's own example`},
		{"as_of not a date", "c.yaml", strings.Replace(good, "as_of: 2026-01\n    values:\n      pm: {value", "as_of: 21\n    values:\n      pm: {value", 1),
			`error: data/c.yaml:29:12: as_of must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not "21"`},
		{"as_of month out of range", "c.yaml", strings.Replace(good, "as_of: 2026-01\n    values:\n      pm: {value", "as_of: 2026-13\n    values:\n      pm: {value", 1),
			`error: data/c.yaml:29:12: as_of must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not "2026-13"`},
		{"stale year", "c.yaml", strings.Replace(good, "as_of: 2026-01\n    values:\n      pm: {value", "as_of: 2021\n    values:\n      pm: {value", 1),
			`warning: data/c.yaml:29:12: dimension "salary" is dated 2021, more than 36 months ago: review the figures and update as_of`},
		{"example not a boolean", "c.yaml", strings.Replace(good, "    sources: guide\n", "    example: yes please\n", 1),
			`error: data/c.yaml:47:14: example must be true or false, not "yes please"`},
		{"example false still needs a source", "c.yaml", strings.Replace(good, "    sources: guide\n", "    example: false\n", 1),
			`error: data/c.yaml:49:11: value for role "pm" in dimension "skills" cites no source`},
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
	if !strings.Contains(csv, "salary,Salary,Pay,number,pm,Product Manager,96522,USD,USD,year,2026-01,guide,\n") {
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
			if !v.NA && len(dim.Citations(v)) == 0 && !dim.IsExample(v) {
				t.Errorf("%s/%s: uncited and not marked example", dim.ID, r.ID)
			}
		}
	}
}

// TestAsOfYear: a source that gives only the year of its figures is dated
// with the year alone. It is read as the year's first month, so the
// stale check counts from January of that year.
func TestAsOfYear(t *testing.T) {
	body := strings.Replace(good, "as_of: 2026-01\n    values:\n      pm: {value", "as_of: 2021\n    values:\n      pm: {value", 1)
	fsys := fstest.MapFS{"data/c.yaml": {Data: []byte(body)}}
	for _, tt := range []struct {
		now   time.Time
		stale bool
	}{
		{time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC), false},
		{time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC), true},
		{time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), true},
	} {
		d, probs := Load(fsys, "data", tt.now, 36)
		if d == nil {
			t.Fatalf("no data: %s", messages(probs))
		}
		if got := len(probs) == 1 && probs[0].Warning && probs[0].Kind == "stale data"; got != tt.stale || len(probs) > 1 {
			t.Errorf("on %s: problems\n%s want stale = %v", tt.now.Format("2006-01-02"), messages(probs), tt.stale)
		}
		if got := d.Dimension("salary").AsOf; got != "2021" {
			t.Errorf("as_of = %q, want 2021", got)
		}
	}
	// With a budget that covers the year there is no warning.
	if _, probs := Load(fsys, "data", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), 84); len(probs) != 0 {
		t.Errorf("84-month budget: %s", messages(probs))
	}
	d, _ := Load(fsys, "data", now, 0)
	dim := d.Dimension("salary")
	if html := d.ChartHTML("c", dim, d.Roles); !strings.Contains(html, "(as of 2021)") {
		t.Errorf("chart caption does not give the year:\n%s", html)
	}
	// The export keeps the year as written and loads back.
	d2, probs := Load(fstest.MapFS{"data/c.json": {Data: d.JSON()}}, "data", now, 0)
	if len(probs) > 0 {
		t.Fatalf("export does not load back:\n%s", messages(probs))
	}
	if got := d2.Dimension("salary").AsOf; got != "2021" {
		t.Errorf("exported as_of = %q, want 2021", got)
	}
	// TOML writes the year as a number.
	toml := "[[roles]]\nid = \"pm\"\nname = \"PM\"\n\n[[sources]]\nid = \"s\"\ntitle = \"S\"\npublisher = \"P\"\n\n[[dimensions]]\nid = \"pay\"\nname = \"Pay\"\ngroup = \"Pay\"\nkind = \"number\"\nunit = \"USD\"\nas_of = 2021\nsources = [\"s\"]\nvalues = { pm = 1 }\n"
	if d, probs := Load(fstest.MapFS{"data/c.toml": {Data: []byte(toml)}}, "data", now, 0); len(probs) > 0 || d.Dimension("pay").AsOf != "2021" {
		t.Errorf("TOML year: %s", messages(probs))
	}
}

// TestExample: a value marked example: true, on itself or on its
// dimension, needs no source; readers see it labelled "example", and the
// mark survives the JSON and CSV exports.
func TestExample(t *testing.T) {
	body := good + `  - id: ratio
    name: Teams per person
    group: Working model
    kind: range
    unit: teams
    as_of: 2026
    example: true
    values:
      pm: {min: 1, max: 2}
      tpm: n/a
  - id: week
    name: Meetings a week
    group: Working model
    kind: text
    values:
      pm: {value: Four, example: true}
      tpm: {value: Six, sources: [guide]}
`
	d, probs := load(t, map[string]string{"c.yaml": body})
	if len(probs) > 0 {
		t.Fatalf("problems:\n%s", messages(probs))
	}
	ratio, week := d.Dimension("ratio"), d.Dimension("week")
	if !ratio.Example || !ratio.IsExample(ratio.Values["pm"]) {
		t.Errorf("dimension example not read")
	}
	if !week.IsExample(week.Values["pm"]) || week.IsExample(week.Values["tpm"]) {
		t.Errorf("value example not read")
	}
	h := plainHost{}
	if c := d.Cell(h, week, week.Values["pm"]); !strings.Contains(c, ExampleMark) || strings.Contains(c, `href=`) {
		t.Errorf("example cell = %s", c)
	}
	if c := d.Cell(h, week, week.Values["tpm"]); strings.Contains(c, ExampleMark) {
		t.Errorf("sourced cell is marked example: %s", c)
	}
	if c := d.Cell(h, ratio, ratio.Values["tpm"]); strings.Contains(c, ExampleMark) {
		t.Errorf("n/a cell is marked example: %s", c)
	}
	if html := d.ChartHTML("c", ratio, d.Roles); !strings.Contains(html, "Example figures") {
		t.Errorf("chart of example figures does not say so:\n%s", html)
	}
	if html := d.ChartHTML("c", d.Dimension("salary"), d.Roles); strings.Contains(html, "Example figures") {
		t.Errorf("chart of sourced figures is called an example:\n%s", html)
	}
	csv := string(d.CSV())
	for _, want := range []string{"week,Meetings a week,Working model,text,pm,Product Manager,Four,,,,,,yes\n", "week,Meetings a week,Working model,text,tpm,Technical Product Manager,Six,,,,,guide,\n"} {
		if !strings.Contains(csv, want) {
			t.Errorf("CSV lacks %q:\n%s", want, csv)
		}
	}
	exported := d.JSON()
	d2, probs := load(t, map[string]string{"c.json": string(exported)})
	if len(probs) > 0 {
		t.Fatalf("export does not load back:\n%s", messages(probs))
	}
	if again := d2.JSON(); !bytes.Equal(again, exported) {
		t.Errorf("round trip changed the data")
	}
	if !d2.Dimension("ratio").Example || !d2.Dimension("week").Values["pm"].Example {
		t.Errorf("example lost in the JSON round trip")
	}
}

// TestChartRows checks that a chart shows every role's label and value as
// text, draws a bar only for a value that applies, scaled to the largest,
// and hides the bars, which repeat the values, from screen readers.
func TestChartRows(t *testing.T) {
	body := good + `  - id: ratio
    name: Teams per person
    group: Working model
    kind: range
    unit: teams
    as_of: 2026
    example: true
    values:
      pm: {min: 1, max: 2}
      tpm: n/a
`
	d, probs := load(t, map[string]string{"c.yaml": body})
	if len(probs) > 0 {
		t.Fatalf("problems:\n%s", messages(probs))
	}
	html := d.ChartHTML("c", d.Dimension("ratio"), d.Roles)
	for _, want := range []string{
		`<figure class="chart" id="c-chart"><ul class="chart-rows">`,
		`<span class="sr-only">Product Manager: </span>`,
		`<rect x="50" width="50" height="10"></rect></svg><span class="chart-value">1–2 teams</span>`,
		`aria-hidden="true" focusable="false"></svg><span class="chart-value">n/a</span>`,
		`</ul><figcaption>Teams per person (as of 2026)`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("chart lacks %s:\n%s", want, html)
		}
	}
	if n, bars := strings.Count(html, `<li class="chart-row">`), strings.Count(html, `<svg class="chart-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"`); n != 2 || bars != 2 {
		t.Errorf("%d rows and %d hidden bars, want 2 of each:\n%s", n, bars, html)
	}
}
