package generator

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Kinds of what htmlScanner finds.
const (
	tokEOF = iota
	tokText
	tokStart
	tokSelfClosing
	tokEnd
)

// htmlToken is a run of text or a tag, with the two attributes
// htmlSections reads.
type htmlToken struct {
	kind      int
	text      []byte // raw, for text: entities are left to writeText
	tag       atom.Atom
	id, class string
}

// htmlScanner reads HTML as html.Tokenizer does for the tokens
// htmlSections uses: text (with <script> and <style> kept whole, and the
// content of the other raw text elements as text), start, self-closing
// and end tags with their id and class, while comments, doctypes and
// processing instructions are dropped. A '<' that starts no tag is text.
// Every step moves forward, so any input ends.
type htmlScanner struct {
	b   []byte
	i   int
	raw atom.Atom // the raw text element just opened, whose text comes next
}

func (z *htmlScanner) next() htmlToken {
	b := z.b
	for z.i < len(b) {
		if z.raw != 0 {
			return z.rawText()
		}
		if b[z.i] != '<' {
			j := bytes.IndexByte(b[z.i:], '<')
			if j < 0 {
				j = len(b) - z.i
			}
			t := htmlToken{kind: tokText, text: b[z.i : z.i+j]}
			z.i += j
			return t
		}
		if t, ok := z.markup(); ok {
			return t
		}
	}
	return htmlToken{kind: tokEOF}
}

// markup reads what starts at a '<': a tag, which it returns, or a
// comment or the like, which it skips. A '<' that starts neither is
// returned as text.
func (z *htmlScanner) markup() (htmlToken, bool) {
	b, i := z.b, z.i
	c := byte(0)
	if i+1 < len(b) {
		c = b[i+1]
	}
	switch {
	case c == '!' && bytes.HasPrefix(b[i:], []byte("<!--")):
		z.skipComment(i + 4)
		return htmlToken{}, false
	case c == '!' || c == '?':
		z.skipTag(i + 2)
		return htmlToken{}, false
	case c == '/' && i+2 < len(b) && isASCIILetter(b[i+2]):
		t := z.tag(i+2, tokEnd)
		return t, true
	case c == '/' && i+2 == len(b):
		z.i = len(b)
		return htmlToken{kind: tokText, text: b[i:]}, true
	case c == '/':
		// "</>" is nothing; "</" before anything else is a comment.
		z.skipTag(i + 2)
		return htmlToken{}, false
	case isASCIILetter(c):
		t := z.tag(i+1, tokStart)
		return t, true
	}
	z.i = i + 1
	return htmlToken{kind: tokText, text: b[i : i+1]}, true
}

// skipComment moves past a comment whose text starts at from: past
// "-->" or "--!>", or at once for "<!-->" and "<!--->".
func (z *htmlScanner) skipComment(from int) {
	from = min(from, len(z.b))
	rest := z.b[from:]
	switch {
	case bytes.HasPrefix(rest, []byte(">")):
		z.i = from + 1
		return
	case bytes.HasPrefix(rest, []byte("->")):
		z.i = from + 2
		return
	}
	j, n := bytes.Index(rest, []byte("-->")), 3
	if k := bytes.Index(rest, []byte("--!>")); k >= 0 && (j < 0 || k < j) {
		j, n = k, 4
	}
	if j < 0 {
		z.i = len(z.b)
		return
	}
	z.i = from + j + n
}

// skipTag moves past the next '>' from from, or to the end.
func (z *htmlScanner) skipTag(from int) {
	from = min(from, len(z.b))
	if j := bytes.IndexByte(z.b[from:], '>'); j >= 0 {
		z.i = from + j + 1
		return
	}
	z.i = len(z.b)
}

// tag reads a tag whose name starts at from, up to its '>'.
func (z *htmlScanner) tag(from int, kind int) htmlToken {
	b := z.b
	name, i := tagName(b, from)
	t := htmlToken{kind: kind, tag: name}
	// Attributes, as the tokenizer reads them: a name, then maybe '='
	// and a value, quoted or not; a '/' just before '>' closes the tag.
	for i < len(b) {
		for i < len(b) && (isTagSpace(b[i]) || b[i] == '/' && (i+1 >= len(b) || b[i+1] != '>')) {
			i++
		}
		if i >= len(b) {
			break
		}
		if b[i] == '/' {
			i += 2
			if t.kind == tokStart {
				t.kind = tokSelfClosing
			}
			z.i = i
			z.open(t)
			return t
		}
		if b[i] == '>' {
			i++
			z.i = i
			z.open(t)
			return t
		}
		var key, val []byte
		key, val, i = tagAttr(b, i)
		switch {
		case kind == tokEnd:
		case asciiEqualFold(key, "id"):
			t.id = scannedAttr(val)
		case asciiEqualFold(key, "class"):
			t.class = scannedAttr(val)
		}
	}
	z.i = len(b)
	return t
}

// tagName reads the name of a tag that starts at from, in any case, and
// returns it with where it ends.
func tagName(b []byte, from int) (atom.Atom, int) {
	i := from
	for i < len(b) && !isTagSpace(b[i]) && b[i] != '/' && b[i] != '>' {
		i++
	}
	var lower [16]byte
	name := b[from:i]
	if len(name) <= len(lower) {
		for k, c := range name {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower[k] = c
		}
		name = lower[:len(name)]
	}
	return atom.Lookup(name), i
}

// tagAttr reads the attribute of a tag whose name starts at i: its name
// and, after an '=', its value, quoted or not. It returns them with where
// the attribute ends.
func tagAttr(b []byte, i int) (key, val []byte, end int) {
	k := i
	i++ // an attribute's name may start with '='
	for i < len(b) && !isTagSpace(b[i]) && b[i] != '/' && b[i] != '>' && b[i] != '=' {
		i++
	}
	key = b[k:i]
	for i < len(b) && isTagSpace(b[i]) {
		i++
	}
	if i >= len(b) || b[i] != '=' {
		return key, nil, i
	}
	i++
	for i < len(b) && isTagSpace(b[i]) {
		i++
	}
	if i < len(b) && (b[i] == '"' || b[i] == '\'') {
		q := b[i]
		j := bytes.IndexByte(b[i+1:], q)
		if j < 0 {
			j = len(b) - i - 1
		}
		return key, b[i+1 : i+1+j], i + j + 2
	}
	v := i
	for i < len(b) && !isTagSpace(b[i]) && b[i] != '>' {
		i++
	}
	return key, b[v:i], i
}

// open notes a raw text element, whose content is text up to its end tag.
func (z *htmlScanner) open(t htmlToken) {
	if t.kind != tokStart {
		return
	}
	switch t.tag {
	case atom.Script, atom.Style, atom.Textarea, atom.Title, atom.Xmp, atom.Iframe, atom.Noembed, atom.Noframes, atom.Noscript, atom.Plaintext:
		z.raw = t.tag
	}
}

// rawText returns the content of the raw text element just opened: all
// up to "</name" and a space, '/' or '>', or the rest for <plaintext>.
func (z *htmlScanner) rawText() htmlToken {
	b, name := z.b, z.raw.String()
	z.raw = 0
	end := len(b)
	if name != "plaintext" {
		for j := z.i; j+2+len(name) <= len(b); j++ {
			k := bytes.Index(b[j:], []byte("</"))
			if k < 0 {
				break
			}
			j += k
			if j+2+len(name) <= len(b) && asciiEqualFold(b[j+2:j+2+len(name)], name) &&
				(j+2+len(name) == len(b) || isTagSpace(b[j+2+len(name)]) || b[j+2+len(name)] == '/' || b[j+2+len(name)] == '>') {
				end = j
				break
			}
		}
	}
	t := htmlToken{kind: tokText, text: b[z.i:end]}
	z.i = end
	if len(t.text) == 0 {
		return z.next()
	}
	return t
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isTagSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

func scannedAttr(v []byte) string {
	if bytes.IndexByte(v, '&') >= 0 {
		return html.UnescapeString(string(v))
	}
	return string(v)
}

// spaced collects text with every run of white space made one space,
// and none at either end.
//
// The spaces that may split the groups of a number (a no-break space,
// say, in "1 000") are kept, so that the index joins the number as
// search.js does over the page's own text.
type spaced struct {
	b       []byte
	pending bool // a space is due before the next character
}

func (s *spaced) space() { s.pending = len(s.b) > 0 }

func (s *spaced) write(p []byte) {
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case ' ', '\t', '\n', '\v', '\f', '\r':
				s.space()
				continue
			}
			if s.pending {
				s.b = append(s.b, ' ')
				s.pending = false
			}
			s.b = append(s.b, c)
			continue
		}
		r, n := utf8.DecodeRune(p[i:])
		if collapsible(r) {
			s.space()
		} else {
			if s.pending {
				s.b = append(s.b, ' ')
				s.pending = false
			}
			s.b = append(s.b, p[i:i+n]...)
		}
		i += n
	}
}

// writeText writes raw HTML text, its character references decoded as
// the tokenizer decodes them.
func (s *spaced) writeText(p []byte) {
	if bytes.IndexByte(p, '&') >= 0 {
		s.write([]byte(html.UnescapeString(string(p))))
		return
	}
	s.write(p)
}

// collapsible reports whether r is white space that spaced collapses.
func collapsible(r rune) bool { return unicode.IsSpace(r) && !thousandsSep(r) }

// take returns the text and starts again.
func (s *spaced) take() string {
	t := string(s.b)
	s.b, s.pending = s.b[:0], false
	return t
}
