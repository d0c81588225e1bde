package generator

import (
	"bufio"
	"bytes"
	stdhtml "html"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// TOCEntry is one heading in a page's "on this page" list.
type TOCEntry struct {
	Level int
	ID    string
	Title string
}

// pageKey carries the page being parsed to the AST transformers.
var pageKey = parser.NewContextKey()

// pageState is what the transformers know and record about one page.
type pageState struct {
	page     *Page
	links    *linker
	errs     errs
	warnings errs // problems that leave the page built, such as code shown plain
	checks   []anchorCheck
	cursor   int // where the next link is searched for, to report its position
	embedder embedder
	embeds   int       // how many embeds the page has, for unique ids
	cells    int       // how many table cells its embeds show
	deps     []linkDep // every link resolved, for the cache
	lines    lineIndex // where the source's lines start, to place links

	reported  map[string]bool // warnings given once per page, by key
	untrusted bool            // raw HTML being sanitised: its link problems are warnings
}

// embedder renders fenced blocks of a special language (such as compare)
// into HTML, reporting problems at the block's position.
type embedder interface {
	embed(st *pageState, lang string, body []byte, line int) ([]byte, bool)
}

// newMarkdown configures goldmark once for the whole build.
func newMarkdown(rawHTML bool, hl *highlighter, public bool) goldmark.Markdown {
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{hl: hl}, 100), util.Prioritized(citeRenderer{}, 100)),
	}
	if rawHTML {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.DefinitionList,
			extension.Typographer,
			rawHTMLLinks{trusted: rawHTML},
			admonitions{},
			internalPassages{public: public},
			shortcodes{},
			mdx{},
		),
		goldmark.WithParserOptions(
			parser.WithAttribute(),
			parser.WithASTTransformers(
				util.Prioritized(headingTransformer{}, 100),
				util.Prioritized(alertTransformer{}, 200),
				util.Prioritized(citeTransformer{}, 250),
				util.Prioritized(tableTransformer{}, 260),
				util.Prioritized(linkTransformer{}, 300),
				util.Prioritized(embedTransformer{}, 400),
			),
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
}

// renderMarkdown parses and renders one page's body, setting afresh every
// field of the page that comes from it.
func renderMarkdown(md goldmark.Markdown, st *pageState) {
	p := st.page
	p.html, p.packed, p.htmlSum, p.TOC, p.ids, p.h1 = nil, nil, 0, nil, nil, ""
	pc := parser.NewContext()
	pc.Set(pageKey, st)
	src := st.page.raw
	if line, col, msg, bad := boundMarkdown(src); bad {
		st.errs.add(p.Src, line, col, "%s", msg)
		return
	}
	src = dropInternalPassages(md, st, src)
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/2)
	if err := md.Renderer().Render(&pageWriter{bufio.NewWriter(&buf), st}, src, doc); err != nil {
		st.errs.add(st.page.Src, 0, 0, "cannot render: %v", err)
	}
	html := buf.Bytes()
	if cap(html)-len(html) > len(html)/8 {
		// Every page's body is kept until the build ends: do not keep the
		// room the buffer was given to grow into.
		html = bytes.Clone(html)
	}
	st.page.html = html
}

// pageWriter carries the page being rendered to the node renderers,
// which goldmark shares between pages and hands only a writer.
type pageWriter struct {
	*bufio.Writer
	st *pageState
}

func stateOf(pc parser.Context) *pageState {
	st, _ := pc.Get(pageKey).(*pageState)
	return st
}

// plainText returns the text a reader sees in an inline subtree.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			// The typographer writes quotes and dashes as entities.
			b.WriteString(stdhtml.UnescapeString(string(t.Value)))
		case *ast.CodeSpan:
			for k := t.FirstChild(); k != nil; k = k.NextSibling() {
				if tx, ok := k.(*ast.Text); ok {
					b.Write(tx.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// headingID turns heading text into an id the way GitHub does: lowercase,
// punctuation removed, spaces turned into hyphens.
func headingID(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}

// headingTransformer gives every heading a stable, unique id, collects the
// table of contents, and lifts a leading H1 out of the body: the theme
// shows the title, so it must not show twice.
type headingTransformer struct{}

func (headingTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	src := reader.Source()
	p := st.page
	p.ids = map[string]bool{}
	first := leadingH1(doc, src)
	if first == nil && p.Meta.Title == "" {
		// A badge or a note before the H1, as READMEs have: the H1 is
		// still the title, and the title must not show twice.
		first = firstTopH1(doc)
	}
	if first != nil {
		p.h1 = plainText(first, src)
		doc.RemoveChild(doc, first)
	}
	var headings []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			headings = append(headings, h)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	// Explicit ids ({#id}) are claimed first so generated ones avoid them.
	for _, h := range headings {
		trailingID(h, src)
		if v, ok := h.AttributeString("id"); ok {
			if b, ok := v.([]byte); ok {
				p.ids[string(b)] = true
			}
		}
	}
	suffix := map[string]int{}
	for _, h := range headings {
		title := plainText(h, src)
		var id string
		if v, ok := h.AttributeString("id"); ok {
			if b, ok := v.([]byte); ok {
				id = string(b)
			}
		}
		if id == "" {
			// Start from the last suffix this base got: a page with
			// thousands of equal headings must not count up from 1 for each.
			base := headingID(title)
			id = base
			for i := suffix[base]; p.ids[id]; {
				i++
				id = base + "-" + itoa(i)
				suffix[base] = i
			}
			p.ids[id] = true
			h.SetAttributeString("id", []byte(id))
		}
		if p.h1 == "" && h.Level == 1 {
			p.h1 = title
		}
		if h.Level == 2 || h.Level == 3 {
			p.TOC = append(p.TOC, TOCEntry{Level: h.Level, ID: id, Title: title})
		}
	}
}

// trailingID sets the id a heading ends with, {#id}, when goldmark's
// attribute syntax did not take it: Kramdown and Hugo allow characters
// in ids, such as parentheses, that it does not.
func trailingID(h *ast.Heading, src []byte) {
	if _, ok := h.AttributeString("id"); ok || h.Lines().Len() != 1 {
		return
	}
	line := h.Lines().At(0)
	raw := bytes.TrimRight(line.Value(src), " \t#")
	open := bytes.LastIndex(raw, []byte("{#"))
	if open < 0 || !bytes.HasSuffix(raw, []byte("}")) {
		return
	}
	id := raw[open+2 : len(raw)-1]
	if len(id) == 0 || bytes.ContainsAny(id, " \t{}\"'<>") {
		return
	}
	// The text nodes after the cut are the id, split wherever an inline
	// parser stopped: drop them, and end the one the cut is in.
	cut := line.Start + len(bytes.TrimRight(raw[:open], " \t"))
	for c := h.LastChild(); c != nil; c = c.PreviousSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			return // the id is not plain text: leave the heading as written
		}
		if t.Segment.Start < cut {
			break
		}
	}
	for c := h.LastChild(); c != nil; {
		t := c.(*ast.Text)
		prev := c.PreviousSibling()
		switch {
		case t.Segment.Start >= cut:
			h.RemoveChild(h, c)
		case t.Segment.Stop > cut:
			t.Segment = t.Segment.WithStop(cut)
			prev = nil
		default:
			prev = nil
		}
		c = prev
	}
	h.SetAttributeString("id", bytes.Clone(id))
}

// firstTopH1 returns the first H1 at the top level of the page, or nil.
func firstTopH1(doc *ast.Document) *ast.Heading {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			return h
		}
	}
	return nil
}

func itoa(i int) string {
	var b [20]byte
	n := len(b)
	for {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
		if i == 0 {
			break
		}
	}
	return string(b[n:])
}

// KindAlert is the node kind of a GitHub alert callout.
var KindAlert = ast.NewNodeKind("Alert")

// Alert is a GitHub alert: a blockquote that starts with [!NOTE] and friends.
type Alert struct {
	ast.BaseBlock
	AlertType string // note, tip, important, warning, caution
}

// Kind implements ast.Node.
func (*Alert) Kind() ast.NodeKind { return KindAlert }

// Dump implements ast.Node.
func (a *Alert) Dump(src []byte, level int) {
	ast.DumpHelper(a, src, level, map[string]string{"Type": a.AlertType}, nil)
}

var alertTypes = map[string]string{
	"[!NOTE]": "note", "[!TIP]": "tip", "[!IMPORTANT]": "important",
	"[!WARNING]": "warning", "[!CAUTION]": "caution",
}

type alertTransformer struct{}

func (alertTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		para, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || para.Lines().Len() == 0 {
			continue
		}
		first := para.Lines().At(0)
		typ := alertTypes[strings.ToUpper(strings.TrimSpace(string(first.Value(src))))]
		if typ == "" {
			continue
		}
		// Drop the marker line's inline nodes.
		for c := para.FirstChild(); c != nil; {
			next := c.NextSibling()
			para.RemoveChild(para, c)
			if t, ok := c.(*ast.Text); ok && (t.SoftLineBreak() || t.HardLineBreak()) {
				break
			}
			c = next
		}
		if para.ChildCount() == 0 {
			q.RemoveChild(q, para)
		}
		alert := &Alert{AlertType: typ}
		for c := q.FirstChild(); c != nil; {
			next := c.NextSibling()
			alert.AppendChild(alert, c)
			c = next
		}
		q.Parent().ReplaceChild(q.Parent(), q, alert)
	}
}

// nodeRenderer renders headings with anchor links, code with chroma, and alerts.
type nodeRenderer struct {
	hl *highlighter
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(ast.KindFencedCodeBlock, r.code)
	reg.Register(KindAlert, r.alert)
	reg.Register(KindEmbed, r.embedded)
	reg.Register(KindTableScroll, r.tableScroll)
}

func (r *nodeRenderer) heading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	h := node.(*ast.Heading)
	lvl := string(rune('0' + h.Level))
	if entering {
		_, _ = w.WriteString(`<div class="heading">`)
		_, _ = w.WriteString("<h" + lvl)
		if h.Attributes() != nil {
			html.RenderAttributes(w, h, html.HeadingAttributeFilter)
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("</h" + lvl + ">")
	if v, ok := h.AttributeString("id"); ok {
		if id, ok := v.([]byte); ok {
			_, _ = w.WriteString(`<a class="anchor" href="#`)
			_, _ = w.Write(util.EscapeHTML(util.URLEscape(id, false)))
			_, _ = w.WriteString(`"><span aria-hidden="true">#</span><span class="sr-only">Link to the section “`)
			_, _ = w.Write(util.EscapeHTML([]byte(plainText(h, src))))
			_, _ = w.WriteString(`”</span></a>`)
		}
	}
	_, _ = w.WriteString("</div>\n")
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) code(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code.Write(seg.Value(src))
	}
	lang := ""
	if n.Info != nil {
		lang = string(n.Language(src))
	}
	if isMermaid(lang) {
		writeMermaid(w, code.Bytes())
		return ast.WalkSkipChildren, nil
	}
	if problem := r.hl.write(w, lang, code.String()); problem != "" {
		if pw, ok := w.(*pageWriter); ok {
			line, _ := pw.st.lines.position(src, n.Info.Segment.Start)
			pw.st.warnings.addKind(KindCodeBlock, pw.st.page.Src, line, 0, "%s", problem)
		}
	}
	return ast.WalkSkipChildren, nil
}

var alertTitles = map[string]string{
	"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution",
}

func (r *nodeRenderer) alert(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	a := node.(*Alert)
	if entering {
		_, _ = w.WriteString(`<div role="note" class="alert alert-` + a.AlertType + `" aria-label="` + alertTitles[a.AlertType] + `">` +
			`<p class="alert-title">` + alertTitles[a.AlertType] + "</p>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("</div>\n")
	return ast.WalkContinue, nil
}
