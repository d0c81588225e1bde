package compare

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ladder/golden")

func loadLadders(t *testing.T) *Data {
	t.Helper()
	src, err := os.ReadFile("testdata/ladder/ladders.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, probs := Load(fstest.MapFS{"data/ladders.yaml": {Data: src}}, "data", now, 0)
	if len(probs) > 0 {
		t.Fatalf("problems:\n%s", messages(probs))
	}
	return d
}

// golden compares got with testdata/ladder/golden/name, or writes it
// there with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", "ladder", "golden", name)
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
		t.Fatalf("%v: run go test -run %s -update to write it", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from its golden file (go test -run %s -update rewrites it):\n--- got\n%s\n--- want\n%s", name, t.Name(), got, want)
	}
}

// TestLadderViews pins every ladder view of the fixture: the ladder page,
// a level, a step, a diff across roles, bands by zone, and the exports.
func TestLadderViews(t *testing.T) {
	d := loadLadders(t)
	h := plainHost{}
	pm, tpm := d.Ladder("pm"), d.Ladder("tpm")
	views := map[string]string{
		"ladder.html":     d.LadderHTML(h, pm),
		"level.html":      d.LevelHTML(h, pm, pm.Level("senior")),
		"step.html":       d.StepHTML(h, pm, pm.Level("mid"), pm.Level("senior")),
		"diff-step.html":  d.DiffHTML(h, pm, pm.Level("associate"), pm, pm.Level("senior")),
		"diff-roles.html": d.DiffHTML(h, pm, pm.Level("senior"), tpm, tpm.Level("senior")),
		"bands-eu.html":   d.BandHTML(h, pm, "", "eu"),
		"ladders.csv":     string(d.LaddersCSV()),
		"bands.csv":       string(d.BandsCSV()),
		"data.json":       string(d.JSON()),
	}
	for name, got := range views {
		t.Run(name, func(t *testing.T) { golden(t, name, []byte(strings.ReplaceAll(got, "><", ">\n<"))) })
	}
}

// TestZoneBands works out a zone's bands from its benchmark's: the factor,
// then the rate (given the other way round here), rounded to hundreds; a
// band given for the zone directly wins.
func TestZoneBands(t *testing.T) {
	d := loadLadders(t)
	pm := d.Ladder("pm")
	got := map[string]string{}
	for _, b := range pm.Bands {
		if b.Zone == "eu" {
			got[b.Level] = fmt.Sprintf("%s %s %v", b.Display(), b.AsOf, b.Derived != nil)
		}
	}
	want := map[string]string{
		"associate": "€38,400–€51,200 per year 2026-10 true", // 60000 × 0.8 / 1.25
		"mid":       "€48,000–€64,000 per year 2026-10 true",
		"senior":    "€85,000–€105,000 per year 2026-09 false",
	}
	for lv, w := range want {
		if got[lv] != w {
			t.Errorf("eu band for %s = %q, want %q", lv, got[lv], w)
		}
	}
	var mid *Band
	for _, b := range pm.BandsFor("mid") {
		if b.Zone == "eu" {
			mid = b
		}
	}
	if x := d.Explain(mid); x != "0.8 × United States; 1 USD = 0.8 EUR (2026-10)" {
		t.Errorf("Explain = %q", x)
	}
	if o := pm.Overlaps(); o[pm.BandsFor("associate")[1]] != 5000 {
		t.Errorf("overlap of associate and mid in us = %v, want 5000", o[pm.BandsFor("associate")[1]])
	}
}

// TestLadderJSONRoundTrip reads the JSON export back as data: the same
// model, with derived bands worked out again rather than written twice.
func TestLadderJSONRoundTrip(t *testing.T) {
	d := loadLadders(t)
	exported := d.JSON()
	d2, probs := Load(fstest.MapFS{"data/x.json": {Data: exported}}, "data", now, 0)
	if len(probs) > 0 {
		t.Fatalf("the export does not read back:\n%s\n%s", messages(probs), exported)
	}
	if again := d2.JSON(); !bytes.Equal(again, exported) {
		t.Errorf("export changed on the way back:\n%s\nvs\n%s", again, exported)
	}
	if !bytes.Equal(d2.BandsCSV(), d.BandsCSV()) || !bytes.Equal(d2.LaddersCSV(), d.LaddersCSV()) {
		t.Error("the model read back exports different CSV")
	}
	if strings.Count(string(exported), `"zone": "eu"`) != 1 {
		t.Errorf("the export holds derived bands; it should hold only the one given for eu")
	}
}

const baseLadder = `roles:
  - {id: pm, name: PM}
sources:
  - {id: s, title: S, publisher: P, year: 2026}
ladders:
  - role: pm
    levels:
      - {id: one, title: One, order: 1}
      - {id: two, title: Two, order: 2}
    competencies:
      - id: craft
        name: Craft
        area: Work
        expectations: {one: Does., two: same}
    bands:
      - {level: one, min: 10, max: 20, currency: USD, as_of: 2026-01, source: s}
      - {level: two, min: 15, max: 30, currency: USD, as_of: 2026-01, source: s}
`

// TestLadderValidation gives each mistake its exact place and a fix.
func TestLadderValidation(t *testing.T) {
	tests := []struct{ name, from, to, want string }{
		{"unknown role", "  - role: pm\n", "  - role: pn\n", `6:11: unknown role "pn" in ladder (did you mean "pm"?)`},
		{"order repeated", "{id: two, title: Two, order: 2}", "{id: two, title: Two, order: 1}", `9:38: level "two" has order 1, the same as level "one": give each level its own order`},
		{"order falling", "{id: one, title: One, order: 1}", "{id: one, title: One, order: 3}", `9:38: level "two" has order 2, below level "one"'s 3: list levels from the first to the last`},
		{"duplicate level", "{id: two, title: Two", "{id: one, title: Two", `9:14: duplicate level id "one": already defined at data/l.yaml:8:9`},
		{"missing cell", "{one: Does., two: same}", "{one: Does.}", `14:23: competency "craft" has no expectation for level "two": write one, same (as the previous level) or n/a`},
		{"same first", "{one: Does., two: same}", "{one: same, two: same}", `14:29: competency "craft" cannot be same at "one"`},
		{"unknown level key", "{one: Does., two: same}", "{one: Does., tow: same}", `14:36: unknown level "tow" in competency "craft" (did you mean "two"?)`},
		{"falling band", "{level: two, min: 15, max: 30", "{level: two, min: 15, max: 18", `17:36: band for level "two" in zone (all) has max 18, below level "one"'s 20`},
		{"min above max", "{level: one, min: 10, max: 20", "{level: one, min: 25, max: 20", `16:27: band for level "one" has min 25 above max 20`},
		{"no currency", "{level: one, min: 10, max: 20, currency: USD, ", "{level: one, min: 10, max: 20, ", `16:9: a band has no currency: add one`},
		{"no as_of", "currency: USD, as_of: 2026-01, source: s}\n      - {level: two", "currency: USD, source: s}\n      - {level: two", `16:9: a band has no as_of: add one`},
		{"bad currency", "{level: one, min: 10, max: 20, currency: USD", "{level: one, min: 10, max: 20, currency: usd", `16:50: currency must be a three-letter code`},
		{"unknown band level", "{level: one,", "{level: on,", `16:17: band names unknown level "on" (did you mean "one"?)`},
		{"unknown source", "as_of: 2026-01, source: s}\n      - {level: two", "as_of: 2026-01, source: x}\n      - {level: two", `16:79: unknown source "x" (did you mean "s"?)`},
		{"bad branch", "    levels:\n", "    tracks:\n      - {id: ic, name: IC, kind: ic, branches_from: tow}\n    levels:\n", `8:53: track "ic" branches from unknown level "tow" (did you mean "two"?)`},
		{"bad track kind", "    levels:\n", "    tracks:\n      - {id: ic, name: IC, kind: ci}\n    levels:\n", `8:34: unknown track kind "ci": use ic or manager (did you mean "ic"?)`},
		{"unknown track", "{id: two, title: Two, order: 2}", "{id: two, title: Two, order: 2, track: ic}", `9:48: level "two" names unknown track "ic"`},
		{"unknown zone", "{level: one, zone: us,", "{level: one, zone: uss,", `18:28: band for level "one" names unknown zone "uss" (did you mean "us"?)`},
		{"zone without factor", "ladders:\n", "zones:\n  - {id: us, name: US}\n  - {id: eu, name: EU, of: us}\nladders:\n", `7:28: zone "eu" names a benchmark but no factor: add factor:, such as 0.85`},
		{"zone of unknown", "ladders:\n", "zones:\n  - {id: us, name: US}\n  - {id: eu, name: EU, of: su, factor: 0.8}\nladders:\n", `7:28: zone "eu" is a factor of unknown zone "su" (did you mean "eu"?)`},
		{"bad factor", "ladders:\n", "zones:\n  - {id: us, name: US}\n  - {id: eu, name: EU, of: us, factor: -1}\nladders:\n", `7:40: factor must be a number above 0, such as 0.85, not "-1"`},
		{"no rate", "zones:\n  - {id: us, name: US}\n", "zones:\n  - {id: us, name: US}\n  - {id: eu, name: EU, of: us, factor: 0.8, currency: EUR}\n", `7:5: zone "eu" pays in EUR, but the pm ladder's us band for level "one" is in USD, and no rate converts USD to EUR`},
		{"rate to itself", "ladders:\n", "rates:\n  - {from: USD, to: USD, rate: 1, as_of: 2026-01, source: s}\nladders:\n", `6:5: rate from USD to itself`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := baseLadder
			if tt.name == "unknown zone" || tt.name == "no rate" {
				body = strings.ReplaceAll(body, "{level: one, min", "{level: one, zone: us, min")
				body = strings.ReplaceAll(body, "{level: two, min", "{level: two, zone: us, min")
				body = strings.Replace(body, "ladders:\n", "zones:\n  - {id: us, name: US}\nladders:\n", 1)
			}
			if !strings.Contains(body, tt.from) {
				t.Fatalf("the base ladder has no %q", tt.from)
			}
			body = strings.Replace(body, tt.from, tt.to, 1)
			_, probs := load(t, map[string]string{"l.yaml": body})
			got := messages(probs)
			if !strings.Contains(got, "data/l.yaml:"+tt.want) {
				t.Errorf("want data/l.yaml:%s\ngot:\n%s\nin:\n%s", tt.want, got, body)
			}
		})
	}
}

// TestStaleRate warns, as stale data, of a rate older than the limit.
func TestStaleRate(t *testing.T) {
	body := strings.Replace(baseLadder, "ladders:\n", "rates:\n  - {from: USD, to: EUR, rate: 0.9, as_of: 2024-01, source: s}\nladders:\n", 1)
	_, probs := Load(fstest.MapFS{"data/l.yaml": {Data: []byte(body)}}, "data", now, 12)
	for _, p := range probs {
		if p.Warning && p.Kind == "stale data" && strings.Contains(p.Msg, "exchange rate from USD to EUR is dated 2024-01") && p.Pos.Line == 6 {
			return
		}
	}
	t.Errorf("no stale-rate warning at line 6:\n%s", messages(probs))
}

// syntheticLadders writes a data file of roles × levels × competencies.
func syntheticLadders(roles, levels, comps int) []byte {
	var b bytes.Buffer
	b.WriteString("roles:\n")
	for r := range roles {
		fmt.Fprintf(&b, "  - {id: r%d, name: Role %d}\n", r, r)
	}
	b.WriteString("sources:\n  - {id: s, title: S, publisher: P, year: 2026}\nladders:\n")
	for r := range roles {
		fmt.Fprintf(&b, "  - role: r%d\n    levels:\n", r)
		for l := range levels {
			fmt.Fprintf(&b, "      - {id: l%d, title: Level %d of role %d, order: %d, grade: L%d, summary: What level %d does.}\n", l, l, r, l+1, l+1, l)
		}
		b.WriteString("    competencies:\n")
		for c := range comps {
			fmt.Fprintf(&b, "      - id: c%d\n        name: Competency %d\n        area: Area %d\n        expectations:\n", c, c, c%5)
			for l := range levels {
				if (l+c)%3 == 2 && l > 0 {
					fmt.Fprintf(&b, "          l%d: same\n", l)
				} else {
					fmt.Fprintf(&b, "          l%d: Level %d shows competency %d in *role %d*, with a sentence of ordinary length.\n", l, l, c, r)
				}
			}
		}
		b.WriteString("    bands:\n")
		for l := range levels {
			fmt.Fprintf(&b, "      - {level: l%d, min: %d, max: %d, currency: USD, as_of: 2026-01, source: s}\n", l, 50000+l*20000, 70000+l*20000)
		}
	}
	return b.Bytes()
}

// BenchmarkLadder validates and renders every view of a 200-role ×
// 8-level × 30-competency model: the target is under a second.
func BenchmarkLadder(b *testing.B) {
	fsys := fstest.MapFS{"data/l.yaml": {Data: syntheticLadders(200, 8, 30)}}
	h := plainHost{}
	b.ReportAllocs()
	for b.Loop() {
		d, probs := Load(fsys, "data", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), 0)
		if len(probs) > 0 {
			b.Fatal(messages(probs))
		}
		n := 0
		for _, lad := range d.Ladders {
			n += len(d.LadderHTML(h, lad))
			for i, lv := range lad.Levels {
				n += len(d.LevelHTML(h, lad, lv))
				if i > 0 {
					n += len(d.StepHTML(h, lad, lad.Levels[i-1], lv))
				}
			}
		}
		n += len(d.JSON()) + len(d.LaddersCSV()) + len(d.BandsCSV())
		if n == 0 {
			b.Fatal("nothing rendered")
		}
	}
}

// TestMoneyLanguages writes amounts as the site's language does.
func TestMoneyLanguages(t *testing.T) {
	for _, tt := range []struct{ lang, cur, want string }{
		{"", "USD", "$96,522"},
		{"en-GB", "GBP", "£96,522"},
		{"en", "CHF", "96,522 CHF"},
		{"de", "EUR", "96.522\u00a0€"},
		{"fr", "EUR", "96\u00a0522\u00a0€"},
		{"de-CH", "CHF", "96’522\u00a0CHF"},
		{"ja", "JPY", "¥96,522"},
		{"de", "", "96.522"},
	} {
		if got := formatMoney(tt.lang, tt.cur, 96522); got != tt.want {
			t.Errorf("%s %s: %q, want %q", tt.lang, tt.cur, got, tt.want)
		}
	}
	d := loadLadders(t)
	d.SetLanguage("de")
	if got := d.Ladder("pm").BandsFor("mid")[1].Display(); got != "75.000\u00a0$–100.000\u00a0$ per year" {
		t.Errorf("a band in German: %q", got)
	}
}
