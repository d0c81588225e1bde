package main

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// safeText returns s fit to print on a terminal. File names and link
// targets come from the handbook, and a terminal obeys the control
// characters in them: an escape sequence can recolour or clear the
// screen, a newline can forge a line of output, and a bidi override can
// make a name read backwards. Each such rune (C0 and C1 controls, DEL,
// the bidi embeddings, overrides and isolates, and the Unicode line and
// paragraph separators) becomes a visible escape such as \x1b or \u202e,
// and so does each byte that is not UTF-8, since a lone 0x9b is a control
// sequence introducer to some terminals. Everything else, é and 日本
// included, is kept as it is.
func safeText(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r == utf8.RuneError || unsafeRune(r) })
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for s = s[i:]; s != ""; {
		r, size := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[0])
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x100 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[:size])
		}
		s = s[size:]
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	}
	return false
}
