package generator

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// figure makes the image a Hugo figure shows, linked when it says so. A
// figure whose image cannot be found is shown as written.
func (st *pageState) figure(sc *shortcode, src []byte) ast.Node {
	s := sc.arg("src", 0)
	if s == "" {
		return nil
	}
	dest := s
	if !isExternal(s) {
		d, problem := st.target(&shortcode{args: []shortcodeArg{{val: s}}}, "")
		if problem != "" {
			st.warnAt(src, sc.start, KindSyntax, "", "missing image %q: %s; the %s shortcode is shown as written", s, problem, sc.display())
			return &Verbatim{Value: sc.text}
		}
		dest = d
	}
	f := &Figure{Caption: sc.arg("caption", -1), Title: sc.arg("title", -1)}
	alt := sc.arg("alt", -1)
	if alt == "" {
		alt = f.Caption
	}
	img := ast.NewImage(ast.NewLink())
	img.Destination = []byte(dest)
	img.AppendChild(img, rawString(alt))
	for _, k := range []string{"width", "height"} {
		if v := sc.arg(k, -1); v != "" {
			img.SetAttributeString(k, []byte(v))
		}
	}
	var n ast.Node = img
	if href := sc.arg("link", -1); href != "" {
		d, problem := href, ""
		if !isExternal(href) {
			d, problem = st.target(&shortcode{args: []shortcodeArg{{val: href}}}, "")
		}
		if problem != "" {
			st.warnAt(src, sc.start, KindSyntax, "", "broken link %q: %s; the figure is shown without it", href, problem)
		} else {
			link := ast.NewLink()
			link.Destination = []byte(d)
			link.AppendChild(link, img)
			n = link
		}
	}
	f.AppendChild(f, n)
	return f
}

// rawString is text to be shown exactly as it is.
func rawString(s string) *ast.String {
	n := ast.NewString([]byte(s))
	n.SetRaw(true)
	return n
}

// KindVerbatim is the node kind of text shown as written, as code.
var KindVerbatim = ast.NewNodeKind("Verbatim")

// Verbatim is another tool's syntax that handbook does not run, shown as
// it is written, as code.
type Verbatim struct {
	ast.BaseInline
	Value []byte
}

// Kind implements ast.Node.
func (*Verbatim) Kind() ast.NodeKind { return KindVerbatim }

// Dump implements ast.Node.
func (n *Verbatim) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Value": string(n.Value)}, nil)
}

// KindLiteral is the node kind of text shown exactly as written.
var KindLiteral = ast.NewNodeKind("Literal")

// Literal is text shown exactly as written, as Liquid's {% raw %} asks.
type Literal struct {
	ast.BaseInline
	Value []byte
}

// Kind implements ast.Node.
func (*Literal) Kind() ast.NodeKind { return KindLiteral }

// Dump implements ast.Node.
func (n *Literal) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// KindDropped is the node kind of syntax that leaves nothing to show.
var KindDropped = ast.NewNodeKind("Dropped")

// Dropped stands for syntax whose only work is done: a lone {% raw %}.
type Dropped struct {
	ast.BaseInline
}

// Kind implements ast.Node.
func (*Dropped) Kind() ast.NodeKind { return KindDropped }

// Dump implements ast.Node.
func (n *Dropped) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// KindFigure is the node kind of a Hugo figure.
var KindFigure = ast.NewNodeKind("Figure")

// Figure is a Hugo figure: an image, perhaps linked, with a caption. On
// a line of its own it is a <figure>; within text, the image alone.
type Figure struct {
	ast.BaseInline
	Caption, Title string
	block          bool
}

// Kind implements ast.Node.
func (*Figure) Kind() ast.NodeKind { return KindFigure }

// Dump implements ast.Node.
func (n *Figure) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// KindFigureBlock is the node kind of a paragraph that holds only a figure.
var KindFigureBlock = ast.NewNodeKind("FigureBlock")

// FigureBlock holds a figure that stands alone, in place of its paragraph.
type FigureBlock struct {
	ast.BaseBlock
}

// Kind implements ast.Node.
func (*FigureBlock) Kind() ast.NodeKind { return KindFigureBlock }

// Dump implements ast.Node.
func (n *FigureBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// shortcodeRenderer writes the nodes shortcodes become.
type shortcodeRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (shortcodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindVerbatim, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<code>")
			_, _ = w.Write(util.EscapeHTML(n.(*Verbatim).Value))
			_, _ = w.WriteString("</code>")
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindLiteral, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(util.EscapeHTML(n.(*Literal).Value))
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindDropped, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindLinkEnd, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(util.EscapeHTML(n.(*linkEnd).seg.Value(src)))
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindFigureBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			_ = w.WriteByte('\n')
		}
		return ast.WalkContinue, nil
	})
	reg.Register(KindFigure, renderFigure)
}

func renderFigure(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	f := node.(*Figure)
	if !f.block {
		return ast.WalkContinue, nil
	}
	if entering {
		_, _ = w.WriteString("<figure>")
		return ast.WalkContinue, nil
	}
	if f.Title != "" || f.Caption != "" {
		_, _ = w.WriteString("<figcaption>")
		if f.Title != "" {
			_, _ = w.WriteString("<strong>")
			_, _ = w.Write(util.EscapeHTML([]byte(f.Title)))
			_, _ = w.WriteString("</strong>")
			if f.Caption != "" {
				_, _ = w.WriteString(" ")
			}
		}
		_, _ = w.Write(util.EscapeHTML([]byte(f.Caption)))
		_, _ = w.WriteString("</figcaption>")
	}
	_, _ = w.WriteString("</figure>")
	return ast.WalkContinue, nil
}
