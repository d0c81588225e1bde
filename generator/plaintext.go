package generator

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"golang.org/x/net/html"
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
// Heading anchor links, citations, scripts and charts are left out: they
// are not words a reader would search for.
func htmlSections(b []byte) []htmlSection {
	secs := []htmlSection{{}}
	var text, head strings.Builder
	var inHead, skip atom.Atom
	skipDepth := 0
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt == html.TextToken {
			switch {
			case skip != 0:
			case inHead != 0:
				head.Write(z.Text())
			default:
				text.Write(z.Text())
			}
			continue
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken && tt != html.EndTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		var id, class string
		for hasAttr && tt != html.EndTagToken {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			switch string(k) {
			case "id":
				id = string(v)
			case "class":
				class = string(v)
			}
		}
		if skip != 0 {
			switch {
			case a != skip:
			case tt == html.StartTagToken:
				skipDepth++
			case tt == html.EndTagToken:
				if skipDepth--; skipDepth == 0 {
					skip = 0
				}
			}
			continue
		}
		if tt == html.EndTagToken {
			if inHead != 0 && a == inHead {
				secs[len(secs)-1].heading = collapse(head.String())
				head.Reset()
				inHead = 0
				continue
			}
			if !inline(a) {
				text.WriteByte(' ')
			}
			continue
		}
		if skipped(a, class) {
			if tt == html.StartTagToken {
				skip, skipDepth = a, 1
			}
			continue
		}
		switch a {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			if id != "" && tt == html.StartTagToken {
				secs[len(secs)-1].text = collapse(text.String())
				text.Reset()
				secs = append(secs, htmlSection{id: id})
				inHead = a
				continue
			}
		}
		// A dimension's description is shown as a block of its own.
		if !inline(a) || hasClass(class, "dim-desc") {
			text.WriteByte(' ')
		}
	}
	secs[len(secs)-1].text = collapse(text.String())
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

// collapse trims s and turns every run of white space in it into one
// space, as strings.Join(strings.Fields(s), " ") would, in one copy.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
