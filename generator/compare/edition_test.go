package compare

import (
	"os"
	"slices"
	"testing"
	"testing/fstest"
	"time"
)

// TestLoadPublic checks what the public edition's model keeps of the
// edition test site's data, whose every internal part is marked.
func TestLoadPublic(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	fsys := os.DirFS("../testdata/edition/src")
	all, probs := Load(fsys, "data", now, 36)
	if len(probs) > 0 || all == nil {
		t.Fatalf("Load: %v", probs)
	}
	d, probs := LoadPublic(fsys, "data", now, 36)
	if len(probs) > 0 || d == nil {
		t.Fatalf("LoadPublic: %v", probs)
	}
	ids := func(n int, id func(int) string) []string {
		var out []string
		for i := range n {
			out = append(out, id(i))
		}
		return out
	}
	if got := ids(len(d.Roles), func(i int) string { return d.Roles[i].ID }); !slices.Equal(got, []string{"pm", "tpm"}) {
		t.Errorf("roles %v, want [pm tpm]", got)
	}
	if got := ids(len(d.Sources), func(i int) string { return d.Sources[i].ID }); !slices.Equal(got, []string{"s1"}) {
		t.Errorf("sources %v, want [s1]", got)
	}
	if got := ids(len(d.People), func(i int) string { return d.People[i].ID }); !slices.Equal(got, []string{"alice"}) {
		t.Errorf("people %v, want [alice]", got)
	}
	if len(d.Files) != 1 || d.Files[0].Path != "data/roles.yaml" {
		t.Errorf("files %v, want data/roles.yaml only", d.Files)
	}
	if d.Role("spy") != nil || d.Source("s2") != nil || d.Person("bob") != nil || d.Dimension("budget") != nil {
		t.Errorf("an internal role, source, person or dimension is still found by id")
	}
	focus := d.Dimension("focus")
	if len(d.Dimensions) != 1 || focus == nil {
		t.Fatalf("dimensions: want focus only")
	}
	if !slices.Equal(focus.Sources, []string{"s1"}) || len(focus.SourcesAt) != 1 {
		t.Errorf("focus cites %v at %v; want [s1] at one place", focus.Sources, focus.SourcesAt)
	}
	if focus.Values["tpm"] != nil || focus.Values["spy"] != nil || focus.Values["pm"] == nil {
		t.Errorf("focus has values %v; want pm's only (tpm's is internal, spy is an internal role)", focus.Values)
	}

	lad := d.Ladder("pm")
	if lad == nil {
		t.Fatal("no pm ladder")
	}
	if got := ids(len(lad.Levels), func(i int) string { return lad.Levels[i].ID }); !slices.Equal(got, []string{"l1", "l2"}) {
		t.Errorf("levels %v, want [l1 l2] (l3 is internal, m1 is on an internal track)", got)
	}
	if len(lad.Tracks) != 1 || lad.Tracks[0].ID != "ic" || len(lad.Competencies) != 1 || lad.Competencies[0].ID != "c1" {
		t.Errorf("tracks %d, competencies %d; want ic and c1 only", len(lad.Tracks), len(lad.Competencies))
	}
	if e := lad.Competencies[0].Expect; len(e) != 1 || e["l1"] == nil {
		t.Errorf("c1 expects %v; want l1's only", e)
	}
	if got := ids(len(lad.Bands), func(i int) string { return lad.Bands[i].Level + "/" + lad.Bands[i].Zone }); !slices.Equal(got, []string{"l1/us", "l2/us"}) {
		t.Errorf("bands %v, want [l1/us l2/us]", got)
	}
	if lad.Bands[0].Source != "" {
		t.Errorf("the l1 band cites %q, an internal source", lad.Bands[0].Source)
	}
	if !d.IsInternal("level", "pm/l3") || !d.IsInternal("role", "spy") || d.IsInternal("role", "pm") || all.IsInternal("role", "spy") {
		t.Errorf("IsInternal is wrong")
	}
}

// TestSameAfterInternal checks that a same goes with the expectation it
// repeats, and stays when the level it repeats is left out but repeats
// a public text itself.
func TestSameAfterInternal(t *testing.T) {
	src := `roles:
  - {id: pm, name: PM}
ladders:
  - role: pm
    levels:
      - {id: a, title: A, order: 1}
      - {id: b, title: B, order: 2}
      - {id: c, title: C, order: 3, internal: true}
      - {id: d, title: D, order: 4}
      - {id: e, title: E, order: 5}
    competencies:
      - id: x
        name: X
        area: Craft
        expectations: {a: one, b: {text: two, internal: true}, c: same, d: same, e: five}
      - id: y
        name: Y
        area: Craft
        expectations: {a: one, b: two, c: same, d: same, e: same}
`
	d, probs := LoadPublic(fstest.MapFS{"data/l.yaml": {Data: []byte(src)}}, "data", time.Now(), 0)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	lad := d.Ladder("pm")
	keys := func(c *Competency) []string {
		var out []string
		for _, lv := range lad.Levels {
			if c.Expect[lv.ID] != nil {
				out = append(out, lv.ID)
			}
		}
		return out
	}
	if got := keys(lad.Competencies[0]); !slices.Equal(got, []string{"a", "e"}) {
		t.Errorf("x keeps %v, want [a e]: b is internal, and c and d repeat it", got)
	}
	if got := keys(lad.Competencies[1]); !slices.Equal(got, []string{"a", "b", "d", "e"}) {
		t.Errorf("y keeps %v, want [a b d e]: only level c is internal", got)
	}
	if e, from := lad.Effective(lad.Competencies[1], "d"); e == nil || e.Text != "two" || from != "b" {
		t.Errorf("y at d shows %v from %q, want two from b", e, from)
	}
}
