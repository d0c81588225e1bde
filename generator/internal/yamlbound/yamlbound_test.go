package yamlbound

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

func parse(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	return &doc
}

// laughs writes n levels of anchors, each a list of ten aliases of the
// level before: 10^n values from a few hundred bytes.
func laughs(n int) string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x]\n")
	for i := 1; i <= n; i++ {
		b.WriteString("a")
		b.WriteString(string(rune('0' + i)))
		b.WriteString(": &a")
		b.WriteString(string(rune('0' + i)))
		b.WriteString(" [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a")
			b.WriteString(string(rune('0' + i - 1)))
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func TestCheck(t *testing.T) {
	if err := Check(parse(t, laughs(4))); err != nil {
		t.Errorf("10,000 values: %v", err)
	}
	err := Check(parse(t, laughs(7)))
	if err == nil || !strings.Contains(err.Msg, "aliases expand") {
		t.Fatalf("10^7 values: %v", err)
	}
	if err.Line != 8 {
		t.Errorf("error at line %d, want 8 (the level that passes the limit): %v", err.Line, err)
	}
	deep := strings.Repeat("[", MaxDepth+5) + strings.Repeat("]", MaxDepth+5)
	if err := Check(parse(t, "k: "+deep+"\n")); err == nil || !strings.Contains(err.Msg, "nests deeper") {
		t.Errorf("deep: %v", err)
	}
	ok := strings.Repeat("[", MaxDepth-2) + strings.Repeat("]", MaxDepth-2)
	if err := Check(parse(t, "k: "+ok+"\n")); err != nil {
		t.Errorf("nesting within the limit: %v", err)
	}
}
