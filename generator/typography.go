package generator

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// smartQuotes writes the straight quotes of a title as typographic ones,
// as the markdown typographer does in text, so that a title from front
// matter and the same words in a heading read alike: "it's" becomes
// “it’s”. A quote opens at the start or after a space or an opening
// bracket, and closes otherwise; an apostrophe between letters or digits,
// or before a decade ('90s), is a right single quote. Text in backticks
// is left as written.
func smartQuotes(s string) string {
	if !strings.ContainsAny(s, `'"`) {
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
		next, _ := utf8.DecodeRuneInString(s[i+1:])
		opens := unicode.IsSpace(prev) || strings.ContainsRune("([{-–—/“‘", prev)
		switch {
		case r == '\'' && isWordRune(prev) && isWordRune(next):
			b.WriteRune('’') // it's, rock'n'roll
		case r == '\'' && opens && unicode.IsDigit(next):
			b.WriteRune('’') // '90s
		case r == '\'' && opens:
			b.WriteRune('‘')
		case r == '\'':
			b.WriteRune('’')
		case opens:
			b.WriteRune('“')
		default:
			b.WriteRune('”')
		}
		prev = r
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
