package generator

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldTable maps lowercase Latin letters with diacritics to plain ones,
// so that "resume" finds "résumé". search.js holds the same string; a
// test keeps the two equal. Combining marks (U+0300–U+036F) are dropped
// on both sides, which covers text written in decomposed form. Final
// sigma is folded too, as JavaScript lowercases Σ to ς at a word's end.
const foldTable = "a:àáâãäåāăąǎ c:çćĉċč d:ďđð e:èéêëēĕėęěȩ g:ĝğġģǧ h:ĥħ " +
	"i:ìíîïĩīĭįıǐ j:ĵ k:ķǩ l:ĺļľŀł n:ñńņňŉ o:òóôõöøōŏőǒǿ r:ŕŗř s:śŝşšș " +
	"t:ţťŧț u:ùúûüũūŭůűųǔǖǘǚǜ w:ŵ y:ýÿŷ z:źżž ae:æǽ oe:œ ss:ß th:þ ij:ĳ σ:ς"

// folder turns text into search terms. search.js turns queries into
// terms by the same rules, which the browser tests hold it to:
//
//   - a word is a run of letters and digits, lowercased, with the
//     diacritics of foldTable and every combining mark dropped;
//   - digits split only by thousands separators ("100,074", "1 000" with
//     a no-break space) are one number, so that "100074" finds
//     "$100,074";
//   - a word of three or more letters a–z is stemmed (stem);
//   - text in Han, Hiragana and Katakana, written without spaces, is cut
//     into overlapping pairs of characters, so that any two neighbours
//     find it; a lone character is a term of its own.
type folder map[rune]string

func newFolder() folder {
	f := folder{}
	for _, group := range strings.Fields(foldTable) {
		to, from, _ := strings.Cut(group, ":")
		for _, r := range from {
			f[r] = to
		}
	}
	return f
}

// tokens returns the terms of s, in order.
func (f folder) tokens(s string) []string {
	var out []string
	f.eachTerm(s, nil, func(t []byte) { out = append(out, string(t)) })
	return out
}

// isCJK reports whether r belongs to a script written without spaces
// between words. The prolonged sound mark ー is a letter of no script,
// but it is written inside katakana words.
func isCJK(r rune) bool {
	return r >= 0x2e80 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r == 0x30fc)
}

// thousandsSep reports whether r may separate the groups of a number.
func thousandsSep(r rune) bool {
	switch r {
	case ',', '.', '\'', '\u2019', '\u00a0', '\u202f', '\u2009':
		return true
	}
	return false
}

// groupFollows reports whether s starts with exactly three ASCII digits.
func groupFollows(s string) bool {
	return len(s) >= 3 && isDigit(s[0]) && isDigit(s[1]) && isDigit(s[2]) && (len(s) == 3 || !isDigit(s[3]))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// eachTerm calls yield with each term of s, in a buffer that buf lends
// and that yield must not keep; it returns the buffer for reuse.
func (f folder) eachTerm(s string, buf []byte, yield func([]byte)) []byte {
	b := buf[:0]
	digits, latin := true, true // what b holds so far: only 0–9, only a–z
	var cjk [2]rune             // the last two characters of a CJK run
	run := 0                    // how long the CJK run is
	flushWord := func() {
		if len(b) > 0 {
			if latin && !digits {
				b = stem(b)
			}
			yield(b)
			b = b[:0]
		}
		digits, latin = true, true
	}
	flushCJK := func() {
		if run == 1 {
			yield(utf8.AppendRune(b[:0], cjk[1]))
		}
		run = 0
	}
	for i := 0; i < len(s); {
		r, w := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		i += w
		if r < utf8.RuneSelf {
			if run > 0 {
				flushCJK()
			}
			switch {
			case 'a' <= r && r <= 'z':
				b = append(b, byte(r))
				digits = false
			case 'A' <= r && r <= 'Z':
				b = append(b, byte(r)+'a'-'A')
				digits = false
			case '0' <= r && r <= '9':
				b = append(b, byte(r))
				latin = false
			case digits && len(b) > 0 && thousandsSep(r) && groupFollows(s[i:]):
				// The separator is dropped and the number goes on.
			default:
				flushWord()
			}
			continue
		}
		r = unicode.ToLower(r)
		switch {
		case r >= 0x300 && r <= 0x36f:
			// A combining mark belongs to the letter before it.
		case isCJK(r):
			flushWord()
			cjk[0], cjk[1] = cjk[1], r
			run++
			if run >= 2 {
				b = utf8.AppendRune(utf8.AppendRune(b[:0], cjk[0]), cjk[1])
				yield(b)
				b = b[:0]
			}
		case digits && len(b) > 0 && thousandsSep(r) && groupFollows(s[i:]):
		case f[r] != "":
			flushCJK()
			b = append(b, f[r]...)
			digits = false
			latin = latin && f[r][0] < utf8.RuneSelf
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			flushCJK()
			b = utf8.AppendRune(b, r)
			digits, latin = false, false
		default:
			flushWord()
			flushCJK()
		}
	}
	flushWord()
	flushCJK()
	return b
}

// stem applies the first step of Porter's stemmer to a word of letters
// a–z: plurals (-s, -es, -ies), -ed and -ing, and a final y after a
// vowel's syllable, so that "salaries" and "salary" are both "salari",
// and "hiring", "hired" and "hires" are all "hire". Words of one or two
// letters are left as they are. It may grow w by one letter, and returns
// it.
func stem(w []byte) []byte {
	if len(w) <= 2 {
		return w
	}
	// Step 1a: plurals.
	switch {
	case hasSuffix(w, "sses"), hasSuffix(w, "ies"):
		w = w[:len(w)-2]
	case hasSuffix(w, "ss"):
	case hasSuffix(w, "s"):
		w = w[:len(w)-1]
	}
	// Step 1b: -eed, -ed and -ing.
	more := false
	switch {
	case hasSuffix(w, "eed"):
		if measure(w[:len(w)-3]) > 0 {
			w = w[:len(w)-1]
		}
	case hasSuffix(w, "ed") && hasVowel(w[:len(w)-2]):
		w, more = w[:len(w)-2], true
	case hasSuffix(w, "ing") && hasVowel(w[:len(w)-3]):
		w, more = w[:len(w)-3], true
	}
	if more {
		n := len(w)
		switch {
		case hasSuffix(w, "at"), hasSuffix(w, "bl"), hasSuffix(w, "iz"):
			w = append(w, 'e')
		case n >= 2 && w[n-1] == w[n-2] && consonant(w, n-1) && w[n-1] != 'l' && w[n-1] != 's' && w[n-1] != 'z':
			w = w[:n-1]
		case measure(w) == 1 && endsCVC(w):
			w = append(w, 'e')
		}
	}
	// Step 1c: a final y after a vowel's syllable.
	if n := len(w); n > 1 && w[n-1] == 'y' && hasVowel(w[:n-1]) {
		w[n-1] = 'i'
	}
	return w
}

func hasSuffix(w []byte, s string) bool {
	return len(w) >= len(s) && string(w[len(w)-len(s):]) == s
}

// consonant reports whether w[i] is a consonant in Porter's sense: a
// letter other than a, e, i, o and u, and other than a y after a
// consonant.
func consonant(w []byte, i int) bool {
	switch w[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return false
	case 'y':
		return i == 0 || !consonant(w, i-1)
	}
	return true
}

// measure counts the vowel–consonant sequences of w, Porter's m.
func measure(w []byte) int {
	m, i, n := 0, 0, len(w)
	for i < n && consonant(w, i) {
		i++
	}
	for i < n {
		for i < n && !consonant(w, i) {
			i++
		}
		if i == n {
			break
		}
		for i < n && consonant(w, i) {
			i++
		}
		m++
	}
	return m
}

func hasVowel(w []byte) bool {
	for i := range w {
		if !consonant(w, i) {
			return true
		}
	}
	return false
}

// endsCVC reports whether w ends consonant, vowel, consonant, the last
// not w, x or y: "hop" of "hoping" gets its e back, "fix" of "fixing"
// does not.
func endsCVC(w []byte) bool {
	n := len(w)
	if n < 3 || !consonant(w, n-3) || consonant(w, n-2) || !consonant(w, n-1) {
		return false
	}
	c := w[n-1]
	return c != 'w' && c != 'x' && c != 'y'
}
