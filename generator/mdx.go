package generator

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mdx is the goldmark extension that reads the parts of MDX, as
// Docusaurus writes it, that are not markdown. It acts only on .mdx
// pages; in a .md page the same lines are text.
//
//   - import and export lines at the top level are JavaScript: they are
//     left out, with one warning per page;
//   - a component such as <Tabs> or <TabItem value="x"> is shown as
//     written, and the markdown inside it is rendered, indented or not
//     (MDX has no indented code blocks), with one warning per page;
//   - a {/* comment */} line is left out, as MDX leaves it out.
type mdx struct{}

// Extend implements goldmark.Extender.
func (mdx) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(
			// Before the HTML block parser, which would take a component's
			// line, and everything to the next blank line, as HTML.
			util.Prioritized(jsxParser{}, 95),
			util.Prioritized(esmParser{}, 96),
			util.Prioritized(mdxCommentParser{}, 97),
		),
		parser.WithASTTransformers(
			// Before the heading transformer, so that a page's title is
			// lifted out even when imports come first.
			util.Prioritized(mdxTransformer{}, 50),
		),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(mdxRenderer{}, 100)))
}

// isMDX reports whether the page being parsed is an MDX page.
func isMDX(pc parser.Context) bool {
	st := stateOf(pc)
	return st != nil && st.page != nil && strings.EqualFold(path.Ext(st.page.Src), ".mdx")
}

// KindMDXDropped is the node kind of MDX that is left out of the page.
var KindMDXDropped = ast.NewNodeKind("MDXDropped")

// MDXDropped is an import or export block, or a comment, of an MDX page.
type MDXDropped struct {
	ast.BaseBlock
	done bool // a comment that ended on its first line
}

// Kind implements ast.Node.
func (*MDXDropped) Kind() ast.NodeKind { return KindMDXDropped }

// Dump implements ast.Node.
func (n *MDXDropped) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// IsRaw implements ast.Node: its lines are not markdown.
func (*MDXDropped) IsRaw() bool { return true }

var esmLine = regexp.MustCompile(`^(import|export)[\s{*]`)

// esmParser reads an import or export statement, which runs to the next
// blank line.
type esmParser struct{}

func (esmParser) Trigger() []byte { return []byte{'i', 'e'} }

func (esmParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if parent.Kind() != ast.KindDocument || pc.BlockOffset() != 0 || !isMDX(pc) {
		return nil, parser.NoChildren
	}
	line, seg := reader.PeekLine()
	if !esmLine.Match(line) {
		return nil, parser.NoChildren
	}
	st := stateOf(pc)
	if st.firstOnPage("mdx:esm") {
		st.warnAt(reader.Source(), seg.Start, KindSyntax, "", "MDX import and export lines are left out: handbook does not run JavaScript")
	}
	reader.AdvanceToEOL()
	return &MDXDropped{}, parser.NoChildren
}

func (esmParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if util.IsBlank(line) {
		return parser.Close
	}
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (esmParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (esmParser) CanInterruptParagraph() bool                                { return false }
func (esmParser) CanAcceptIndentedLine() bool                                { return false }

// mdxCommentParser reads a {/* comment */}, on one line or several.
type mdxCommentParser struct{}

func (mdxCommentParser) Trigger() []byte { return []byte{'{'} }

func (mdxCommentParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	pos := pc.BlockOffset()
	if pos < 0 || !isMDX(pc) {
		return nil, parser.NoChildren
	}
	line, _ := reader.PeekLine()
	if !bytes.HasPrefix(line[pos:], []byte("{/*")) {
		return nil, parser.NoChildren
	}
	n := &MDXDropped{}
	if end := bytes.Index(line[pos+3:], []byte("*/}")); end >= 0 {
		if !util.IsBlank(line[pos+3+end+3:]) {
			return nil, parser.NoChildren // text follows: a paragraph
		}
		n.done = true
	}
	reader.AdvanceToEOL()
	return n, parser.NoChildren
}

func (mdxCommentParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	if node.(*MDXDropped).done {
		return parser.Close
	}
	line, _ := reader.PeekLine()
	reader.AdvanceToEOL()
	if bytes.Contains(line, []byte("*/}")) {
		return parser.Close
	}
	return parser.Continue | parser.NoChildren
}

func (mdxCommentParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (mdxCommentParser) CanInterruptParagraph() bool                                { return true }
func (mdxCommentParser) CanAcceptIndentedLine() bool                                { return false }

// jsxTag matches a line that is one component tag: an opening, closing
// or self-closing tag whose name starts with a capital, as JSX names
// components.
var jsxTag = regexp.MustCompile(`^<(/?)([A-Z][\w.]*)(\s[^<>]*?)?\s*(/?)>\s*$`)

// KindJSX is the node kind of an MDX component.
var KindJSX = ast.NewNodeKind("JSX")

// JSX is an MDX component on lines of its own, such as <Tabs> … </Tabs>.
// Its tags are shown as written; what it holds is markdown.
type JSX struct {
	ast.BaseBlock
	Name  string
	Open  []byte // the opening tag as written
	Close []byte // the closing tag as written, once read
	leaf  bool   // self-closing, or a closing tag with no opening one
	inner int    // how far its contents are indented, once known; -1 before
}

// Kind implements ast.Node.
func (*JSX) Kind() ast.NodeKind { return KindJSX }

// Dump implements ast.Node.
func (n *JSX) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name}, nil)
}

// jsxParser reads a component's tags as containers, like a list item:
// the lines up to the closing tag are its contents, with the indentation
// of the first of them taken off each.
type jsxParser struct{}

func (jsxParser) Trigger() []byte { return []byte{'<'} }

func (jsxParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	pos := pc.BlockOffset()
	if pos < 0 || !isMDX(pc) {
		return nil, parser.NoChildren
	}
	line, seg := reader.PeekLine()
	m := jsxTag.FindSubmatch(line[pos:])
	if m == nil {
		return nil, parser.NoChildren
	}
	st := stateOf(pc)
	if st.firstOnPage("mdx:jsx") {
		st.warnAt(reader.Source(), lineStart(seg)+pos, KindSyntax, "",
			"MDX components such as <%s> are shown as written: handbook does not run JSX; the markdown inside them is kept", m[2])
	}
	n := &JSX{Name: string(m[2]), Open: bytes.TrimSpace(line[pos:]), inner: -1}
	reader.AdvanceToEOL()
	if len(m[1]) > 0 || len(m[4]) > 0 {
		n.leaf = true
		return n, parser.NoChildren
	}
	return n, parser.HasChildren
}

func (jsxParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*JSX)
	if n.leaf {
		return parser.Close
	}
	line, _ := reader.PeekLine()
	if util.IsBlank(line) {
		reader.AdvanceToEOL()
		return parser.Continue | parser.HasChildren
	}
	w, pos := util.IndentWidth(line, reader.LineOffset())
	if t := bytes.TrimSpace(line[pos:]); bytes.Equal(t, []byte("</"+n.Name+">")) && !openBelow(node, pc, func(b ast.Node) bool {
		inner, ok := b.(*JSX)
		return ok && inner.Name == n.Name && !inner.leaf
	}) {
		n.Close = t
		reader.AdvanceToEOL()
		return parser.Close
	}
	if n.inner < 0 {
		n.inner = w
	}
	p, padding := util.IndentPosition(line, reader.LineOffset(), min(w, n.inner))
	reader.AdvanceAndSetPadding(p, padding)
	return parser.Continue | parser.HasChildren
}

func (jsxParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (jsxParser) CanInterruptParagraph() bool                                { return true }
func (jsxParser) CanAcceptIndentedLine() bool                                { return false }

// mdxTransformer leaves out what MDX does not show, and shows inline
// components, such as <Highlight color="x">, as written.
type mdxTransformer struct{}

func (mdxTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if !isMDX(pc) {
		return
	}
	st := stateOf(pc)
	src := reader.Source()
	var dropped []ast.Node
	var tags []*ast.RawHTML
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *MDXDropped:
			dropped = append(dropped, v)
		case *ast.RawHTML:
			if name, _ := jsxName(joinSegments(src, htmlSegments(v))); name != "" {
				tags = append(tags, v)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range dropped {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, t := range tags {
		b := joinSegments(src, htmlSegments(t))
		if st.firstOnPage("mdx:jsx") {
			name, _ := jsxName(b)
			st.warnAt(src, t.Segments.At(0).Start, KindSyntax, "",
				"MDX components such as <%s> are shown as written: handbook does not run JSX; the markdown inside them is kept", name)
		}
		t.Parent().ReplaceChild(t.Parent(), t, &Verbatim{Value: b})
	}
}

// jsxName returns the name of the component an HTML tag opens or closes,
// or "" when it is HTML: components are named with a capital.
func jsxName(tag []byte) (string, bool) {
	t := bytes.TrimPrefix(tag, []byte("<"))
	closing := bytes.HasPrefix(t, []byte("/"))
	t = bytes.TrimPrefix(t, []byte("/"))
	if len(t) == 0 || t[0] < 'A' || t[0] > 'Z' {
		return "", false
	}
	end := bytes.IndexAny(t, " \t\r\n/>")
	if end < 0 {
		end = len(t)
	}
	return string(t[:end]), closing
}

// mdxRenderer writes components' tags as code, and dropped MDX as nothing.
type mdxRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (mdxRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMDXDropped, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindJSX, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*JSX)
		tag := n.Open
		if !entering {
			tag = n.Close
		}
		if tag != nil {
			_, _ = w.WriteString(`<p class="mdx-tag"><code>`)
			_, _ = w.Write(util.EscapeHTML(tag))
			_, _ = w.WriteString("</code></p>\n")
		}
		return ast.WalkContinue, nil
	})
}
