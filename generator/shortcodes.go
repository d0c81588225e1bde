package generator

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// shortcodes is the goldmark extension that reads the template tags
// Hugo and Jekyll trees are written with, none of which is ever run:
//
//   - {{< ref "x.md" >}}, {{< relref "x.md#a" >}} (or with {{% %}}) and
//     Liquid's {% link x.md %} become links that the link resolver
//     checks, both in text and as a link's destination, [text]({{< ref
//     "x.md" >}});
//   - {{< figure src="x.png" caption="…" >}} becomes an image with its
//     caption, and {{< youtube id >}} a link to the video;
//   - Liquid's {% raw %}…{% endraw %} shows what it holds, as Jekyll does;
//   - any other shortcode or tag, such as {% include x.html %}, shows as
//     written, with one warning per name for the whole build.
//
// A link or image they name that cannot be found is a warning, and the
// shortcode shows as written: these are another tool's words, and a tree
// that builds under that tool must build here too.
type shortcodes struct{}

// Extend implements goldmark.Extender.
func (shortcodes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(
			// Before the link parser, which owns "]", so that a link's
			// destination written as a shortcode is seen first.
			util.Prioritized(shortcodeParser{}, 150),
		),
		parser.WithASTTransformers(
			// After alerts and before the link transformer resolves links.
			util.Prioritized(shortcodeTransformer{}, 250),
		),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(shortcodeRenderer{}, 100)))
}

// maxShortcode is the most bytes a shortcode may span: a { with no end in
// sight is text, and is found to be so quickly.
const maxShortcode = 4096

// shortcode is one Hugo shortcode or Liquid tag as written.
type shortcode struct {
	liquid  bool   // {% … %}, not {{< … >}} or {{% … %}}
	percent bool   // {{% … %}}
	escaped bool   // Hugo's {{</* … */>}}, which shows the shortcode itself
	closing bool   // {{< /name >}}
	name    string // such as "ref", "figure" or "include"
	args    []shortcodeArg
	text    []byte // as written, its lines joined
	start   int    // where it starts in the source
}

// shortcodeArg is one parameter: positional when key is "".
type shortcodeArg struct{ key, val string }

// arg returns the named parameter, or else the positional one at i.
func (sc *shortcode) arg(key string, i int) string {
	n := 0
	for _, a := range sc.args {
		if a.key == key {
			return a.val
		}
	}
	for _, a := range sc.args {
		if a.key == "" {
			if n == i {
				return a.val
			}
			n++
		}
	}
	return ""
}

// display names the shortcode in messages: {{< name >}} or {% name %}.
func (sc *shortcode) display() string {
	switch {
	case sc.liquid:
		return "{% " + sc.name + " %}"
	case sc.percent:
		return "{{% " + sc.name + " %}}"
	}
	return "{{< " + sc.name + " >}}"
}

// scanShortcode reads the shortcode or tag that starts at the reader's
// position, which may run over several lines of the paragraph, and moves
// past it. It returns nil, with the reader where it was, if there is none.
func scanShortcode(block text.Reader) *shortcode {
	line, seg := block.PeekLine()
	sc := &shortcode{start: seg.Start}
	var closer string
	switch {
	case bytes.HasPrefix(line, []byte("{{<")):
		closer = ">}}"
	case bytes.HasPrefix(line, []byte("{{%")):
		closer, sc.percent = "%}}", true
	case bytes.HasPrefix(line, []byte("{%")):
		closer, sc.liquid = "%}", true
	default:
		return nil
	}
	open := 3
	if sc.liquid {
		open = 2
	}
	// Find the closer first and copy the lines only then: most braces in
	// text open nothing, and must cost little.
	l, pos := block.Position()
	var lines [][]byte
	scanned := 0
	for from := open; ; from = 0 {
		line, _ := block.PeekLine()
		if line == nil || scanned > maxShortcode {
			block.SetPosition(l, pos)
			return nil
		}
		rest := line[min(from, len(line)):]
		k := bytes.Index(rest, []byte(closer))
		body := rest
		if k >= 0 {
			body = rest[:k]
		}
		if bytes.Contains(body, []byte("{{")) || bytes.Contains(body, []byte("{%")) {
			// Another shortcode starts first: this brace opens nothing.
			block.SetPosition(l, pos)
			return nil
		}
		if k >= 0 {
			end := min(from, len(line)) + k + len(closer)
			lines = append(lines, line[:end])
			block.Advance(end)
			break
		}
		lines = append(lines, line)
		scanned += len(line)
		block.AdvanceLine()
	}
	sc.text = bytes.Join(lines, nil)
	body := string(sc.text[open : len(sc.text)-len(closer)])
	if !sc.liquid {
		if b, ok := strings.CutPrefix(strings.TrimSpace(body), "/*"); ok {
			if b, ok := strings.CutSuffix(strings.TrimSpace(b), "*/"); ok {
				sc.escaped, body = true, b
			}
		}
	} else {
		body = strings.TrimSuffix(strings.TrimPrefix(body, "-"), "-")
	}
	body = strings.TrimSpace(body)
	if b, ok := strings.CutPrefix(body, "/"); ok && !sc.liquid {
		sc.closing, body = true, b
	}
	words := splitArgs(body)
	if len(words) == 0 || !shortcodeName.MatchString(words[0].val) || words[0].key != "" {
		block.SetPosition(l, pos)
		return nil // "{% %}" or "{{< 1 >}}": text that looks like a tag
	}
	sc.name, sc.args = words[0].val, words[1:]
	return sc
}

// shortcodeName is what a shortcode or tag may be called: Hugo allows
// folders, as in {{< docs/note >}}.
var shortcodeName = regexp.MustCompile(`^[A-Za-z_][\w./-]*$`)

// splitArgs splits a shortcode's body into words and key="value" pairs,
// reading "double", `raw` and 'single' quotes.
func splitArgs(s string) []shortcodeArg {
	var out []shortcodeArg
	i := 0
	word := func() string {
		if i >= len(s) {
			return ""
		}
		switch q := s[i]; q {
		case '"', '`', '\'':
			var b strings.Builder
			for i++; i < len(s) && s[i] != q; i++ {
				if q == '"' && s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
			}
			i++
			return b.String()
		}
		start := i
		for i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '=' {
			i++
		}
		return s[start:i]
	}
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++
		}
		if i >= len(s) {
			return out
		}
		quoted := s[i] == '"' || s[i] == '`' || s[i] == '\''
		w := word()
		if !quoted && i < len(s) && s[i] == '=' {
			i++
			out = append(out, shortcodeArg{key: w, val: word()})
			continue
		}
		out = append(out, shortcodeArg{val: w})
	}
}

// isLinkShortcode reports whether a shortcode names a page or file to
// link to: Hugo's ref and relref, Liquid's link.
func isLinkShortcode(sc *shortcode) bool {
	if sc.escaped || sc.closing {
		return false
	}
	if sc.liquid {
		return sc.name == "link"
	}
	return sc.name == "ref" || sc.name == "relref"
}

// shortcodeParser reads shortcodes and tags in text, and links whose
// destination is one.
type shortcodeParser struct{}

func (shortcodeParser) Trigger() []byte { return []byte{'{', ']'} }

func (shortcodeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	st := stateOf(pc)
	line, _ := block.PeekLine()
	if line[0] == ']' {
		if st == nil || st.links == nil {
			return nil
		}
		return st.linkEnd(block)
	}
	sc := scanShortcode(block)
	if sc == nil {
		return nil
	}
	src := block.Source()
	if st == nil || st.links == nil {
		return &Verbatim{Value: sc.text}
	}
	if sc.escaped {
		return &Verbatim{Value: escapedShortcode(sc)}
	}
	switch {
	case isLinkShortcode(sc):
		dest, problem := st.target(sc, "")
		if problem != "" {
			st.warnAt(src, sc.start, KindSyntax, "", "broken link %q: %s; the %s shortcode is shown as written", sc.arg("path", 0), problem, sc.display())
			return &Verbatim{Value: sc.text}
		}
		link := ast.NewLink()
		link.Destination = []byte(dest)
		link.AppendChild(link, rawString(sc.arg("path", 0)))
		return link
	case sc.liquid && sc.name == "raw":
		return rawBlock(block, pc)
	case sc.liquid && sc.name == "endraw":
		return &Dropped{}
	case !sc.liquid && !sc.closing && sc.name == "figure":
		if n := st.figure(sc, src); n != nil {
			return n
		}
	case !sc.liquid && !sc.closing && sc.name == "youtube":
		if id := sc.arg("id", 0); id != "" {
			link := ast.NewLink()
			link.Destination = []byte("https://www.youtube.com/watch?v=" + url.QueryEscape(id))
			title := sc.arg("title", 1)
			if title == "" {
				title = "YouTube video " + id
			}
			link.AppendChild(link, rawString(title))
			return link
		}
	}
	st.unknownShortcode(sc, src)
	return &Verbatim{Value: sc.text}
}

// unknownShortcode warns, once per build, that a shortcode is shown as
// written.
func (st *pageState) unknownShortcode(sc *shortcode, src []byte) {
	key, tool := "hugo:"+sc.name, "Hugo shortcodes"
	if sc.liquid {
		// Liquid closes a block tag with end and its name: one warning
		// covers both.
		key, tool = "liquid:"+strings.TrimPrefix(sc.name, "end"), "Liquid"
	}
	if st.firstOnPage(key) {
		st.warnAt(src, sc.start, KindSyntax, key, "%s is shown as written, here and wherever else it is used: handbook does not run %s", sc.display(), tool)
	}
}

// escapedShortcode is what Hugo shows for {{</* name */>}}: the shortcode
// without its comment marks.
func escapedShortcode(sc *shortcode) []byte {
	s := strings.Replace(string(sc.text), "/*", "", 1)
	return []byte(strings.Replace(s, "*/", "", 1))
}

// rawBlock reads what a Liquid {% raw %} holds up to its {% endraw %},
// to be shown as it is. Without an end, the tag itself is left out: its
// only work was to keep the text from being run, and nothing is run here.
func rawBlock(block text.Reader, pc parser.Context) ast.Node {
	l, pos := block.Position()
	// A search that found no end up to the end of the paragraph answers
	// for every raw tag after it there too: many tags without an end
	// must not each read the rest of the paragraph.
	if none, ok := pc.Get(noEndRawKey).(text.Segment); ok && pos.Start >= none.Start && pos.Start < none.Stop {
		return &Dropped{}
	}
	var buf []byte
	last := pos.Start
	for {
		line, seg := block.PeekLine()
		if line == nil {
			block.SetPosition(l, pos)
			pc.Set(noEndRawKey, text.NewSegment(pos.Start, last+1))
			return &Dropped{}
		}
		last = seg.Stop
		if bytes.Contains(line, []byte("endraw")) {
			if m := liquidEndRaw.FindIndex(line); m != nil {
				buf = append(buf, line[:m[0]]...)
				block.Advance(m[1])
				return &Literal{Value: buf}
			}
		}
		buf = append(buf, line...)
		block.AdvanceLine()
	}
}

// noEndRawKey holds where a search for {% endraw %} found none.
var noEndRawKey = parser.NewContextKey()

var liquidEndRaw = regexp.MustCompile(`\{%-?\s*endraw\s*-?%\}`)

// firstOnPage reports whether key is seen for the first time on this
// page, and notes that it has been.
func (st *pageState) firstOnPage(key string) bool {
	if st.reported[key] {
		return false
	}
	if st.reported == nil {
		st.reported = map[string]bool{}
	}
	st.reported[key] = true
	return true
}

// warnAt records a warning at an offset of the page's source. A warning
// with a once key is reported only once in a build, at its first place.
func (st *pageState) warnAt(src []byte, off int, kind Kind, once, format string, args ...any) {
	line, col := st.lines.position(src, off)
	st.warnings.list = append(st.warnings.list, Error{File: st.page.Src, Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Kind: kind, once: once})
}

// shortcodeTransformer makes the links whose destination was written as a
// shortcode, gives a figure alone in its paragraph its own block, and
// drops paragraphs left empty.
type shortcodeTransformer struct{}

func (shortcodeTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	src := reader.Source()
	var ends []*linkEnd
	var paras []*ast.Paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *linkEnd:
			ends = append(ends, v)
		case *ast.Paragraph:
			paras = append(paras, v)
		}
		return ast.WalkContinue, nil
	})
	for _, e := range ends {
		closeShortcodeLink(st, e, src)
	}
	for _, p := range paras {
		only := soleChild(p, src)
		switch v := only.(type) {
		case *Figure:
			v.block = true
			fb := &FigureBlock{}
			p.Parent().ReplaceChild(p.Parent(), p, fb)
			fb.AppendChild(fb, v)
		case *Dropped:
			p.Parent().RemoveChild(p.Parent(), p)
		}
	}
}

// soleChild returns what a paragraph holds besides blank text when that
// is one node, or only nodes that show nothing (then the first of them),
// and otherwise nil.
func soleChild(p *ast.Paragraph, src []byte) ast.Node {
	var kept []ast.Node
	dropped := true
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok && len(bytes.TrimSpace(t.Value(src))) == 0 {
			continue
		}
		if _, ok := c.(*Dropped); !ok {
			dropped = false
		}
		kept = append(kept, c)
	}
	if len(kept) == 1 || len(kept) > 0 && dropped {
		return kept[0]
	}
	return nil
}
