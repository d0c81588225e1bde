// Package suggest finds the likely intended word for a typo, for the
// "did you mean" part of error messages.
package suggest

import (
	"fmt"
	"strings"
)

// Closest returns the candidate closest to s, or "" when none is close
// enough to be a likely typo.
func Closest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := Distance(strings.ToLower(s), strings.ToLower(c))
		if bestD < 0 || d < bestD || (d == bestD && closerLen(s, c, best)) {
			best, bestD = c, d
		}
	}
	limit := min(len([]rune(s))/3+1, 4)
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

// DidYouMean formats the closest candidate as a message suffix, or "".
func DidYouMean(s string, candidates []string) string {
	if m := Closest(s, candidates); m != "" && m != s {
		return fmt.Sprintf(" (did you mean %q?)", m)
	}
	return ""
}

// closerLen breaks a tie: the candidate nearer in length to s wins, then
// the one first in sort order.
func closerLen(s, c, best string) bool {
	dc, db := abs(len(c)-len(s)), abs(len(best)-len(s))
	if dc != db {
		return dc < db
	}
	return c < best
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// Distance is the edit distance between a and b in runes, counting a swap
// of two neighbouring letters as one edit, the commonest typo.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
