package generator

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// admonitions is the goldmark extension that reads the callouts other
// documentation tools write, so that a tree made for one of them builds
// with its callouts intact:
//
//	:::note[Title]            Docusaurus, closed by :::
//	!!! note "Title"          MkDocs, with the body indented four spaces
//	??? note / ???+ note      MkDocs, collapsible: closed or open
//	{% hint style="info" %}   GitBook, closed by {% endhint %}
//
// Each becomes the callout a GitHub alert becomes, with the same classes,
// and its body is markdown like the rest of the page.
type admonitions struct{}

// Extend implements goldmark.Extender.
func (admonitions) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(
		// Before the paragraph, list and code parsers, which would
		// otherwise take these lines as text.
		util.Prioritized(docusaurusParser{}, 90),
		util.Prioritized(mkdocsParser{}, 91),
		util.Prioritized(gitbookParser{}, 92),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(admonitionRenderer{}, 100)))
}

// KindAdmonition is the node kind of a callout written in another tool's
// syntax.
var KindAdmonition = ast.NewNodeKind("Admonition")

// Admonition is a Docusaurus, MkDocs or GitBook callout. It renders as
// the callout a GitHub alert does: an <aside>, or a <details> when it is
// collapsible.
type Admonition struct {
	ast.BaseBlock
	Class       string // the callout's colour: note, tip, important, warning or caution
	Title       string // the title shown when the source gives none of its own
	NoTitle     bool   // the source asks for no title at all (MkDocs: !!! note "")
	Collapsible bool   // MkDocs ??? and ???+
	Open        bool   // MkDocs ???+: collapsible, and open to begin with

	fence int    // Docusaurus: how many colons opened it; as many or more close it
	end   string // GitBook: the tag that closes it
}

// Kind implements ast.Node.
func (*Admonition) Kind() ast.NodeKind { return KindAdmonition }

// Dump implements ast.Node.
func (a *Admonition) Dump(src []byte, level int) {
	ast.DumpHelper(a, src, level, map[string]string{"Class": a.Class, "Title": a.Title}, nil)
}

// KindAdmonitionTitle is the node kind of a title written in the source.
var KindAdmonitionTitle = ast.NewNodeKind("AdmonitionTitle")

// AdmonitionTitle is the title an admonition's first line gives it; its
// text is markdown.
type AdmonitionTitle struct {
	ast.BaseBlock
}

// Kind implements ast.Node.
func (*AdmonitionTitle) Kind() ast.NodeKind { return KindAdmonitionTitle }

// Dump implements ast.Node.
func (t *AdmonitionTitle) Dump(src []byte, level int) { ast.DumpHelper(t, src, level, nil, nil) }

// newAdmonition makes a callout of a tool's type, titled by the type
// itself ("danger" is titled Danger) and coloured by the class it maps to.
func newAdmonition(typ string, classes map[string]string, fallback string) *Admonition {
	typ = strings.ToLower(typ)
	class, ok := classes[typ]
	if !ok {
		class = fallback
	}
	return &Admonition{Class: class, Title: strings.ToUpper(typ[:1]) + typ[1:]}
}

// setTitle gives an admonition the title written at seg, which is
// markdown and parsed as such.
func (a *Admonition) setTitle(seg text.Segment) {
	t := &AdmonitionTitle{}
	t.Lines().Append(seg)
	a.AppendChild(a, t)
}

// trimSegment narrows seg to the text of src it holds without the space
// around it.
func trimSegment(src []byte, seg text.Segment) text.Segment {
	v := src[seg.Start:seg.Stop]
	return text.NewSegment(seg.Start+util.TrimLeftSpaceLength(v), seg.Stop-util.TrimRightSpaceLength(v))
}

// lineStart is the offset in the source of the first byte of line, which
// PeekLine returned with seg.
func lineStart(seg text.Segment) int { return seg.Start - seg.Padding }

// docusaurusClasses maps Docusaurus's admonition types to our callouts:
// info is a note, danger the strongest warning.
var docusaurusClasses = map[string]string{
	"note": "note", "tip": "tip", "info": "note", "important": "important",
	"warning": "warning", "caution": "warning", "danger": "caution",
}

// docusaurusParser reads :::type, :::type[Title] and :::type Title,
// closed by a line of as many colons or more.
type docusaurusParser struct{}

func (docusaurusParser) Trigger() []byte { return []byte{':'} }

func (docusaurusParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	i := colonRun(line, pos)
	fence := i - pos
	if fence < 3 {
		return nil, parser.NoChildren
	}
	j := i
	for j < len(line) && (line[j] >= 'a' && line[j] <= 'z' || line[j] >= 'A' && line[j] <= 'Z') {
		j++
	}
	if _, ok := docusaurusClasses[strings.ToLower(string(line[i:j]))]; !ok {
		return nil, parser.NoChildren
	}
	a := newAdmonition(string(line[i:j]), docusaurusClasses, "note")
	a.fence = fence
	rest := bytes.TrimRight(line[j:], " \t\r\n")
	start := lineStart(seg)
	switch {
	case len(rest) == 0:
	case rest[0] == '[' && rest[len(rest)-1] == ']':
		if t := trimSegment(reader.Source(), text.NewSegment(start+j+1, start+j+len(rest)-1)); t.Len() > 0 {
			a.setTitle(t)
		}
	case rest[0] == ' ' || rest[0] == '\t':
		a.setTitle(trimSegment(reader.Source(), text.NewSegment(start+j, start+j+len(rest))))
	default:
		return nil, parser.NoChildren // ":::notes" is not an admonition
	}
	reader.AdvanceToEOL()
	return a, parser.HasChildren
}

func (docusaurusParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	a := node.(*Admonition)
	line, _ := reader.PeekLine()
	if w, pos := util.IndentWidth(line, reader.LineOffset()); w < 4 && pos < len(line) {
		rest := line[pos:]
		n := 0
		for n < len(rest) && rest[n] == ':' {
			n++
		}
		if n >= a.fence && util.IsBlank(rest[n:]) && !openBelow(node, pc, func(b ast.Node) bool {
			// The innermost admonition a fence can close takes it.
			inner, ok := b.(*Admonition)
			return ok && inner.fence > 0 && inner.fence <= n
		}) {
			reader.AdvanceToEOL()
			return parser.Close
		}
	}
	return parser.Continue | parser.HasChildren
}

func (docusaurusParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (docusaurusParser) CanInterruptParagraph() bool                                { return true }
func (docusaurusParser) CanAcceptIndentedLine() bool                                { return false }

// openBelow reports whether a block still open inside node holds the
// line instead of node: a code block, whose lines are text whatever they
// say, or a block that match picks.
func openBelow(node ast.Node, pc parser.Context, match func(ast.Node) bool) bool {
	blocks := pc.OpenedBlocks()
	mine := -1
	for i, b := range blocks {
		if b.Node == node {
			mine = i
			continue
		}
		if mine < 0 {
			continue
		}
		switch b.Node.(type) {
		case *ast.FencedCodeBlock, *ast.HTMLBlock:
			return true
		}
		if match(b.Node) {
			return true
		}
	}
	return false
}

// mkdocsClasses maps the types of MkDocs' admonition extension (and of
// Material for MkDocs) to our callouts. A type it does not know is a
// note, as MkDocs styles it.
var mkdocsClasses = map[string]string{
	"note": "note", "abstract": "note", "summary": "note", "tldr": "note", "info": "note", "todo": "note",
	"question": "note", "help": "note", "faq": "note", "example": "note", "quote": "note", "cite": "note",
	"tip": "tip", "hint": "tip", "success": "tip", "check": "tip", "done": "tip",
	"important": "important",
	"warning":   "warning", "caution": "warning", "attention": "warning",
	"danger": "caution", "error": "caution", "failure": "caution", "fail": "caution", "missing": "caution", "bug": "caution",
}

// mkdocsLine matches the first line of an MkDocs admonition: the marker,
// the type, any further classes, and an optional quoted title.
var mkdocsLine = regexp.MustCompile(`^(!!!|\?\?\?\+?)[ \t]+([A-Za-z][\w-]*)((?:[ \t]+[A-Za-z][\w-]*)*)(?:[ \t]+"(.*)")?[ \t]*\r?\n?$`)

// mkdocsParser reads !!! type "Title" and the collapsible ??? and ???+,
// whose body is the lines indented four spaces below.
type mkdocsParser struct{}

func (mkdocsParser) Trigger() []byte { return []byte{'!', '?'} }

func (mkdocsParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	m := mkdocsLine.FindSubmatchIndex(line[pos:])
	if m == nil {
		return nil, parser.NoChildren
	}
	marker := string(line[pos+m[2] : pos+m[3]])
	a := newAdmonition(string(line[pos+m[4]:pos+m[5]]), mkdocsClasses, "note")
	a.Collapsible = marker != "!!!"
	a.Open = marker == "???+"
	if m[8] >= 0 {
		start := lineStart(seg) + pos
		if t := trimSegment(reader.Source(), text.NewSegment(start+m[8], start+m[9])); t.Len() > 0 {
			a.setTitle(t)
		} else {
			a.NoTitle = !a.Collapsible // a <details> always needs its summary
		}
	}
	reader.AdvanceToEOL()
	return a, parser.HasChildren
}

func (mkdocsParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if util.IsBlank(line) {
		reader.AdvanceToEOL()
		return parser.Continue | parser.HasChildren
	}
	if w, _ := util.IndentWidth(line, reader.LineOffset()); w < 4 {
		return parser.Close
	}
	pos, padding := util.IndentPosition(line, reader.LineOffset(), 4)
	reader.AdvanceAndSetPadding(pos, padding)
	return parser.Continue | parser.HasChildren
}

func (mkdocsParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (mkdocsParser) CanInterruptParagraph() bool                                { return true }
func (mkdocsParser) CanAcceptIndentedLine() bool                                { return false }

// gitbookClasses maps GitBook's hint styles to our callouts.
var gitbookClasses = map[string]string{"info": "note", "success": "tip", "warning": "warning", "danger": "caution"}

var (
	gitbookOpen  = regexp.MustCompile(`^\{%-?[ \t]*hint[ \t]+style[ \t]*=[ \t]*["']?([A-Za-z]+)["']?[ \t]*-?%\}[ \t]*\r?\n?$`)
	gitbookClose = regexp.MustCompile(`^\{%-?[ \t]*endhint[ \t]*-?%\}[ \t]*\r?\n?$`)
)

// gitbookParser reads {% hint style="info" %} … {% endhint %}.
type gitbookParser struct{}

func (gitbookParser) Trigger() []byte { return []byte{'{'} }

func (gitbookParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	m := gitbookOpen.FindSubmatch(line[pos:])
	if m == nil {
		return nil, parser.NoChildren
	}
	a := newAdmonition(string(m[1]), gitbookClasses, "note")
	a.end = "endhint"
	reader.AdvanceToEOL()
	return a, parser.HasChildren
}

func (gitbookParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if w, pos := util.IndentWidth(line, reader.LineOffset()); w < 4 && pos < len(line) && gitbookClose.Match(line[pos:]) &&
		!openBelow(node, pc, func(b ast.Node) bool {
			inner, ok := b.(*Admonition)
			return ok && inner.end != ""
		}) {
		reader.AdvanceToEOL()
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

func (gitbookParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (gitbookParser) CanInterruptParagraph() bool                                { return true }
func (gitbookParser) CanAcceptIndentedLine() bool                                { return false }

// admonitionRenderer writes admonitions as the callouts GitHub alerts
// become, so that one stylesheet serves both.
type admonitionRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (admonitionRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAdmonition, renderAdmonition)
	reg.Register(KindAdmonitionTitle, renderAdmonitionTitle)
}

func renderAdmonition(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	a := node.(*Admonition)
	own, _ := a.FirstChild().(*AdmonitionTitle)
	if !entering {
		if a.Collapsible {
			_, _ = w.WriteString("</details>\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	}
	label := a.Title
	if own != nil {
		label = plainText(own, src)
	}
	class := `alert alert-` + a.Class
	switch {
	case a.Collapsible:
		_, _ = w.WriteString(`<details class="` + class + `"`)
		if a.Open {
			_, _ = w.WriteString(" open")
		}
		_ = w.WriteByte('>')
		if own == nil {
			_, _ = w.WriteString(`<summary class="alert-title">` + a.Title + "</summary>\n")
		}
	case a.NoTitle:
		_, _ = w.WriteString(`<div role="note" class="` + class + `" aria-label="` + a.Title + `">` + "\n")
	default:
		_, _ = w.WriteString(`<div role="note" class="` + class + `" aria-label="`)
		_, _ = w.Write(util.EscapeHTML([]byte(label)))
		_, _ = w.WriteString(`">`)
		if own == nil {
			_, _ = w.WriteString(`<p class="alert-title">` + a.Title + "</p>\n")
		}
	}
	return ast.WalkContinue, nil
}

func renderAdmonitionTitle(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	tag := "p"
	if a, ok := node.Parent().(*Admonition); ok && a.Collapsible {
		tag = "summary"
	}
	if entering {
		_, _ = w.WriteString("<" + tag + ` class="alert-title">`)
	} else {
		_, _ = w.WriteString("</" + tag + ">\n")
	}
	return ast.WalkContinue, nil
}

// colonRun returns the index just past the run of colons at pos: the
// fence of a :::type block.
func colonRun(line []byte, pos int) int {
	i := pos
	for i < len(line) && line[i] == ':' {
		i++
	}
	return i
}
