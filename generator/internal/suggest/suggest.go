// Package suggest finds the likely intended word for a typo, for the
// "did you mean" part of error messages.
package suggest

import (
	"fmt"
	"strings"
)

// MaxLen is the longest word, in runes, that is judged for typos.
const MaxLen = 200

// Closest returns the candidate closest to s, or "" when none is close
// enough to be a likely typo.
//
// Its cost is bounded: a word longer than MaxLen is no typo and is not
// judged, and a candidate whose length is too far from the word's is
// skipped before any distance is computed.
func Closest(s string, candidates []string) string {
	n := len([]rune(s))
	if n > MaxLen {
		return ""
	}
	limit := min(n/3+1, 4)
	best, bestD := "", -1
	for _, c := range candidates {
		if abs(len([]rune(c))-n) > limit {
			continue
		}
		d := Distance(strings.ToLower(s), strings.ToLower(c))
		if bestD < 0 || d < bestD || (d == bestD && closerLen(s, c, best)) {
			best, bestD = c, d
		}
	}
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
// of two neighbouring letters as one edit, the commonest typo. It keeps
// three rows of the table, on the stack for words of up to 64 runes, so
// that judging many candidates allocates nothing.
func Distance(a, b string) int {
	var bufA, bufB [64]rune
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	var rows [3][65]int
	var prev2, prev, cur []int
	if len(rb) < 65 {
		prev2, prev, cur = rows[0][:len(rb)+1], rows[1][:len(rb)+1], rows[2][:len(rb)+1]
	} else {
		prev2, prev, cur = make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

func appendRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}
