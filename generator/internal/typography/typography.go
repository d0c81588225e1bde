// Package typography sets plain text as the markdown typographer sets
// text: typographic quotes for straight ones.
package typography

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quotes writes the straight quotes of a title as typographic ones,
// as the markdown typographer does in text, so that a title from front
// matter and the same words in a heading read alike: "it's" becomes
// “it’s”. A quote opens at the start or after a space or an opening
// bracket, and closes otherwise; an apostrophe between letters or digits,
// or before a decade ('90s), is a right single quote. Text in backticks
// is left as written.
func Quotes(s string) string {
	// Two byte searches: ContainsAny costs more on the short strings of
	// titles and descriptions, asked for every link to every page.
	if strings.IndexByte(s, '\'') < 0 && strings.IndexByte(s, '"') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	prev := ' '
	code := false
	for i, r := range s {
		if r == '`' {
			code = !code
		}
		if code || (r != '\'' && r != '"') {
			b.WriteRune(r)
			prev = r
			continue
		}
		rest := s[i+1:]
		next, _ := utf8.DecodeRuneInString(rest)
		// A quote opens after a space, an opening bracket or quote, or a
		// dash that a word follows ("—"quoted""), and closes otherwise.
		opens := unicode.IsSpace(prev) || strings.ContainsRune("([{“‘/", prev) ||
			strings.ContainsRune("-–—", prev) && rest != "" && !unicode.IsSpace(next)
		var q rune
		switch {
		case r == '\'' && isWordRune(prev) && isWordRune(next):
			q = '’' // it's, rock'n'roll
		case r == '\'' && opens && isDecade(rest):
			q = '’' // '90s
		case r == '\'' && opens:
			q = '‘'
		case r == '\'':
			q = '’'
		case opens:
			q = '“'
		default:
			q = '”'
		}
		b.WriteRune(q)
		prev = q
	}
	return b.String()
}

// isDecade reports whether s starts with two digits that end the word, as
// after the apostrophe of '90s or '99.
func isDecade(s string) bool {
	if len(s) < 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return false
	}
	rest := s[2:]
	if rest == "" || rest[0] == 's' && (len(rest) == 1 || !isWordRune(rune(rest[1]))) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !isWordRune(r)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
