package suggest

import (
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"titel", "title", 1}, {"setpu", "setup", 1}, {"ca", "abc", 3}, {"café", "cafe", 1}, {"abcdef", "abcdef", 0}} {
		if got := Distance(c.a, c.b); got != c.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
	long := strings.Repeat("ab", 50)
	if got := Distance(long, long+"x"); got != 1 {
		t.Errorf("long words: %d", got)
	}
}

func TestClosest(t *testing.T) {
	if got := Closest("titel", []string{"title", "weight", "draft"}); got != "title" {
		t.Errorf("Closest = %q", got)
	}
	if got := Closest(strings.Repeat("x", MaxLen+1), []string{"x"}); got != "" {
		t.Errorf("an overlong word was judged: %q", got)
	}
}
