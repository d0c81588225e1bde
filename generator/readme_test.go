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
