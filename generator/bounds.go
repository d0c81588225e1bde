package generator

import (
	"bytes"
	"fmt"
)

// The markdown parser's time grows with the square of some counts in one
// block: unmatched emphasis or link openers in a paragraph, containers
// nested on one line, footnotes on a page. goldmark has no option that
// bounds them, so each page is measured before it is parsed and refused,
// with its position, past a limit no real page comes near. Measured with
// goldmark 1.8 on a 2-core machine, each limit costs under 3 s at worst.
const (
	// maxInlineMarkers is how many *, _ and [ one paragraph may hold.
	maxInlineMarkers = 20_000
	// maxNesting is how many lists and quotes may open on one line.
	maxNesting = 100
	// maxFootnotes is how many footnote definitions one page may hold.
	maxFootnotes = 10_000
)

// boundMarkdown returns a problem when src asks the parser for more work
// than the limits allow, at the line and column where it does.
func boundMarkdown(src []byte) (line, col int, msg string, bad bool) {
	var fence []byte // the open fence, while in fenced code
	markers, paraLine, footnotes := 0, 0, 0
	for ln, rest := 1, src; len(rest) > 0; ln++ {
		l := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		trimmed := bytes.TrimLeft(l, " \t")
		indent := len(l) - len(trimmed)
		if fence != nil {
			if indent < 4 && bytes.HasPrefix(trimmed, fence) && len(bytes.Trim(trimmed, string(fence[:1]))) == 0 {
				fence = nil
			}
			continue
		}
		if f := fenceOf(trimmed); f != nil && indent < 4 {
			fence, markers = f, 0
			continue
		}
		if len(trimmed) == 0 {
			markers = 0
			continue
		}
		if markers == 0 {
			paraLine = ln
		}
		depth, at := nestingOf(l)
		if depth > maxNesting {
			return ln, at + 1, fmt.Sprintf("more than %d lists or quotes open on one line: the markdown parser's time grows with the square of that; nest less", maxNesting), true
		}
		for _, c := range l {
			if c == '*' || c == '_' || c == '[' {
				markers++
			}
		}
		if markers > maxInlineMarkers {
			return paraLine, 1, fmt.Sprintf("this paragraph holds more than %d *, _ or [ characters: the markdown parser's time grows with the square of that; split it with blank lines or put it in a code block", maxInlineMarkers), true
		}
		if bytes.HasPrefix(trimmed, []byte("[^")) && bytes.Contains(trimmed, []byte("]:")) {
			footnotes++
			if footnotes > maxFootnotes {
				return ln, indent + 1, fmt.Sprintf("more than %d footnotes on one page: the markdown parser's time grows with the square of that; split the page", maxFootnotes), true
			}
		}
	}
	return 0, 0, "", false
}

// fenceOf returns the fence a line opens (``` or ~~~, three or more), or nil.
func fenceOf(l []byte) []byte {
	if len(l) < 3 || (l[0] != '`' && l[0] != '~') {
		return nil
	}
	n := 0
	for n < len(l) && l[n] == l[0] {
		n++
	}
	if n < 3 {
		return nil
	}
	return l[:n]
}

// nestingOf counts the list markers and quote markers a line opens with,
// and returns where the count passed maxNesting.
func nestingOf(l []byte) (depth, at int) {
	i := 0
	for i < len(l) {
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
		start := i
		switch {
		case i < len(l) && l[i] == '>':
			i++
		case i+1 < len(l) && (l[i] == '-' || l[i] == '*' || l[i] == '+') && (l[i+1] == ' ' || l[i+1] == '\t'):
			i += 2
		default:
			for i < len(l) && i-start < 9 && l[i] >= '0' && l[i] <= '9' {
				i++
			}
			if i == start || i+1 >= len(l) || (l[i] != '.' && l[i] != ')') || (l[i+1] != ' ' && l[i+1] != '\t') {
				return depth, start
			}
			i += 2
		}
		depth++
		if depth > maxNesting {
			return depth, start
		}
	}
	return depth, i
}
