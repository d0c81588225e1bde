package generator

import (
	"bytes"

	"github.com/yuin/goldmark"
	"golang.org/x/net/html/atom"
)

// markdownText renders short markdown, such as a comparison cell, as
// plain text for the index.
type markdownText struct {
	md goldmark.Markdown
}

func (m *markdownText) plain(s string) string {
	var buf bytes.Buffer
	if err := m.md.Convert([]byte(s), &buf); err != nil {
		return s
	}
	return htmlSections(buf.Bytes())[0].text
}

// htmlSection is the text of a page body up to its next heading.
type htmlSection struct {
	id, heading, text string
}

// htmlSections splits rendered HTML into plain text at every heading
// with an id. The first section is the text before the first heading.
// Heading anchor links, citations, scripts and chart rows are left out: they
// are not words a reader would search for. White space is collapsed as
// the text is copied.
//
// The HTML is read with htmlScanner rather than html.Tokenizer: the index
// needs only text, tag names and two attributes, and reads every page of
// the site, where the tokenizer was most of the index's cost.
func htmlSections(b []byte) []htmlSection {
	secs := []htmlSection{{}}
	var text, head spaced
	var inHead, skip atom.Atom
	skipDepth := 0
	sc := htmlScanner{b: b}
	for {
		tok := sc.next()
		if tok.kind == tokEOF {
			break
		}
		if tok.kind == tokText {
			switch {
			case skip != 0:
			case inHead != 0:
				head.writeText(tok.text)
			default:
				text.writeText(tok.text)
			}
			continue
		}
		a := tok.tag
		if skip != 0 {
			switch {
			case a != skip:
			case tok.kind == tokStart:
				skipDepth++
			case tok.kind == tokEnd:
				if skipDepth--; skipDepth == 0 {
					skip = 0
				}
			}
			continue
		}
		if tok.kind == tokEnd {
			if inHead != 0 && a == inHead {
				secs[len(secs)-1].heading = head.take()
				inHead = 0
				continue
			}
			if !inline(a) {
				text.space()
			}
			continue
		}
		if skipped(a, tok.class) {
			if tok.kind == tokStart {
				skip, skipDepth = a, 1
			}
			continue
		}
		switch a {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			if tok.id != "" && tok.kind == tokStart {
				secs[len(secs)-1].text = text.take()
				secs = append(secs, htmlSection{id: tok.id})
				inHead = a
				continue
			}
		}
		// A dimension's description is shown as a block of its own.
		if !inline(a) || hasClass(tok.class, "dim-desc") {
			text.space()
		}
	}
	secs[len(secs)-1].text = text.take()
	return secs
}

// skipped reports whether an element holds no searchable words.
func skipped(a atom.Atom, class string) bool {
	switch a {
	case atom.Script, atom.Style, atom.Svg, atom.Template:
		return true
	case atom.A:
		return hasClass(class, "anchor") || hasClass(class, "footnote-backref")
	case atom.Sup:
		return hasClass(class, "cite")
	case atom.Ul:
		// A chart's rows repeat the figures of the table beside it.
		return hasClass(class, "chart-rows")
	}
	return false
}

// inline reports whether an element joins the words around it.
func inline(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Abbr, atom.B, atom.Cite, atom.Code, atom.Del, atom.Em, atom.I,
		atom.Kbd, atom.Mark, atom.Q, atom.S, atom.Small, atom.Span, atom.Strong,
		atom.Sub, atom.Sup, atom.Time, atom.U, atom.Var, atom.Ins:
		return true
	}
	return false
}

// hasClass reports whether a class attribute names class.
func hasClass(classes, class string) bool {
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	for i := 0; i < len(classes); {
		for i < len(classes) && space(classes[i]) {
			i++
		}
		j := i
		for j < len(classes) && !space(classes[j]) {
			j++
		}
		if j > i && classes[i:j] == class {
			return true
		}
		i = j
	}
	return false
}
