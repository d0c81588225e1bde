package generator

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rolehandbook/handbook/generator/compare"
)

// TestReadmeDataExample loads the comparison data example in the README,
// so that the documented format is one the build accepts.
func TestReadmeDataExample(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	_, after, ok := strings.Cut(readme, "\n## Comparison data\n")
	if !ok {
		t.Fatal(`README has no "## Comparison data" section`)
	}
	_, block, ok := strings.Cut(after, "\n```yaml\n")
	if !ok {
		t.Fatal("the comparison data section has no yaml example")
	}
	block, _, _ = strings.Cut(block, "\n```\n")
	fsys := fstest.MapFS{"data/comparison.yaml": {Data: []byte(block + "\n")}}
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	data, probs := compare.Load(fsys, "data", now, 36)
	for _, p := range probs {
		t.Errorf("README example: %s: %s", p.Pos, p.Msg)
	}
	if data == nil || len(data.Roles) != 2 {
		t.Fatalf("README example did not load two roles")
	}
	kinds := map[string]bool{}
	for _, d := range data.Dimensions {
		kinds[d.Kind] = true
	}
	for _, k := range []string{compare.Text, compare.List, compare.Number, compare.Range} {
		if !kinds[k] {
			t.Errorf("README example has no %s dimension", k)
		}
	}
}

// TestReadmeLadderExample loads the ladder example in the README beside
// its comparison data example, so that the documented ladder format is
// one the build accepts.
func TestReadmeLadderExample(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	yamlAfter := func(heading string) string {
		_, after, ok := strings.Cut(string(b), "\n"+heading+"\n")
		if !ok {
			t.Fatalf("README has no %q section", heading)
		}
		_, block, ok := strings.Cut(after, "\n```yaml\n")
		if !ok {
			t.Fatalf("the %s section has no yaml example", heading)
		}
		block, _, _ = strings.Cut(block, "\n```\n")
		return block + "\n"
	}
	fsys := fstest.MapFS{
		"data/comparison.yaml": {Data: []byte(yamlAfter("## Comparison data"))},
		"data/ladders.yaml":    {Data: []byte(yamlAfter("## Career ladders"))},
		"data/zones.yaml":      {Data: []byte(yamlAfter("### Pay zones and exchange rates"))},
	}
	data, probs := compare.Load(fsys, "data", time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), 36)
	for _, p := range probs {
		t.Errorf("README example: %s: %s", p.Pos, p.Msg)
	}
	if data == nil || len(data.Ladders) != 1 {
		t.Fatal("README example did not load one ladder")
	}
	lad := data.Ladders[0]
	// Two bands given for us, and two worked out for eu from them.
	if len(lad.Levels) != 3 || len(lad.Competencies) != 2 || len(lad.Bands) != 4 || len(lad.Tracks) != 2 {
		t.Errorf("README ladder: %d levels, %d competencies, %d bands, %d tracks; want 3, 2, 4, 2",
			len(lad.Levels), len(lad.Competencies), len(lad.Bands), len(lad.Tracks))
	}
}
