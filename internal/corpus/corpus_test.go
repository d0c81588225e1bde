package corpus

import (
	"bytes"
	"strings"
	"testing"
)

// TestShapes: every shape gives about the pages asked for, the same files
// each time, and pages of its size.
func TestShapes(t *testing.T) {
	for _, shape := range Shapes {
		a, err := Generate(shape, 600)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Generate(shape, 600)
		pages, size := 0, 0
		for name, body := range a {
			if !bytes.Equal(body, b[name]) {
				t.Errorf("%s: %s differs between two runs", shape, name)
			}
			if strings.HasSuffix(name, ".md") && !strings.HasSuffix(name, "_index.md") {
				pages++
				size += len(body)
			}
		}
		if pages < 550 || pages > 660 {
			t.Errorf("%s: %d pages for 600", shape, pages)
		}
		avg := size / pages
		want := map[string][2]int{"deep": {1000, 3000}, "real": {5000, 9000}, "wide": {5000, 9000}, "long": {40000, 60000}}[shape]
		if avg < want[0] || avg > want[1] {
			t.Errorf("%s: pages of %d bytes on average, want %d to %d", shape, avg, want[0], want[1])
		}
	}
	wide, _ := Generate("wide", 3000)
	n := 0
	for name := range wide {
		if strings.HasPrefix(name, "wide/page-") {
			n++
		}
	}
	if n != 2000 {
		t.Errorf("the wide shape has a section of %d pages, want 2000", n)
	}
	if _, err := Generate("round", 10); err == nil {
		t.Error("an unknown shape is not an error")
	}
}
