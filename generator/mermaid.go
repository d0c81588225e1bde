package generator

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"strings"

	"github.com/yuin/goldmark/util"
)

// A fenced block in the language mermaid is a diagram. It is written as
// <pre class="mermaid"> holding the diagram's source, escaped: the theme
// loads its copy of mermaid (assets/vendor/mermaid.min.js) on the pages
// that have one, and mermaid draws each such element in place. Without
// JavaScript, and in print, the reader sees the source as code. It is
// never highlighted: mermaid reads the element's text.

// mermaidScript is where the theme's copy of mermaid is published; a site
// with no diagram leaves it out.
const mermaidScript = "assets/vendor/mermaid.min.js"

// mermaidOpen starts every diagram, and is how a page is known to have one.
const mermaidOpen = `<pre class="mermaid">`

// isMermaid reports whether a fenced block's language is mermaid.
func isMermaid(lang string) bool { return strings.EqualFold(lang, "mermaid") }

// writeMermaid writes a diagram's source for mermaid to draw.
func writeMermaid(w util.BufWriter, code []byte) {
	_, _ = w.WriteString(mermaidOpen)
	_, _ = w.Write(util.EscapeHTML(code))
	_, _ = w.WriteString("</pre>\n")
}

// hasMermaid reports whether a page's body has a diagram, so that its
// layout loads mermaid.
func hasMermaid(body []byte) bool { return bytes.Contains(body, []byte(mermaidOpen)) }

// hashHTML hashes a page's body and its headings for the render cache,
// and notes whether it has a diagram, so that a rebuild reads only the
// bodies that changed and hashes no heading of the others again.
func (p *Page) hashHTML(c *Cache) {
	p.htmlSum = c.hashBytes(p.html)
	if len(p.TOC) > 0 {
		var h maphash.Hash
		h.SetSeed(c.seed)
		var num [8]byte
		binary.LittleEndian.PutUint64(num[:], p.htmlSum)
		h.Write(num[:])
		for _, t := range p.TOC {
			h.WriteByte(byte(t.Level))
			h.WriteString(t.ID)
			h.WriteByte(0)
			h.WriteString(t.Title)
			h.WriteByte(0)
		}
		p.htmlSum = h.Sum64()
	}
	p.mermaid = hasMermaid(p.html)
}

// hasDiagram reports whether a page's body has a diagram.
func (p *Page) hasDiagram() bool {
	if p.htmlSum == 0 && p.packed == nil {
		return hasMermaid(p.html)
	}
	return p.mermaid
}
