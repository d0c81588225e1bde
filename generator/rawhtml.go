package generator

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
)

// rawHTMLLinks is the goldmark extension that resolves the links written
// inside raw HTML: READMEs on GitHub often centre a logo with
// <p align="center"><img src="images/logo.png"></p>, offer a <picture>
// with srcset for dark mode, or link pages with <a href="docs/x.md">.
// Those links must be rewritten and checked exactly like markdown links.
//
// With raw_html = true the HTML is the handbook's own and is kept as it
// is. Otherwise it may be anyone's, from a tree made for another tool, so
// it is sanitised (see sanitize.go): what a README needs is kept, and
// anything that could run code is not.
type rawHTMLLinks struct {
	trusted bool
}

// Extend implements goldmark.Extender.
func (e rawHTMLLinks) Extend(m goldmark.Markdown) {
	t := rawHTMLTransformer{}
	if !e.trusted {
		t.policy = newSanitizer()
	}
	// After the link transformer, so that markdown links have been
	// resolved and a page's heading ids are known.
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(t, 350)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(rawHTMLRenderer{}, 100)))
}

// linkAttrs names, per element, the attributes that hold a URL, and
// whether the URL names an image (for the wording of errors).
var linkAttrs = map[string]map[string]bool{
	"a":      {"href": false},
	"area":   {"href": false},
	"link":   {"href": false},
	"img":    {"src": true, "srcset": true},
	"source": {"src": true, "srcset": true},
	"video":  {"src": false, "poster": true},
	"audio":  {"src": false},
	"track":  {"src": false},
	"iframe": {"src": false},
	"embed":  {"src": false},
	"object": {"data": false},
}

// KindResolvedHTML is the node kind of a raw HTML block whose links were
// rewritten.
var KindResolvedHTML = ast.NewNodeKind("ResolvedHTML")

// ResolvedHTML replaces an HTML block whose links were rewritten.
type ResolvedHTML struct {
	ast.BaseBlock
	HTML []byte
}

// Kind implements ast.Node.
func (*ResolvedHTML) Kind() ast.NodeKind { return KindResolvedHTML }

// Dump implements ast.Node.
func (n *ResolvedHTML) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// KindResolvedRawHTML is the node kind of an inline HTML tag whose links
// were rewritten.
var KindResolvedRawHTML = ast.NewNodeKind("ResolvedRawHTML")

// ResolvedRawHTML replaces an inline HTML tag whose links were rewritten.
type ResolvedRawHTML struct {
	ast.BaseInline
	HTML []byte
}

// Kind implements ast.Node.
func (*ResolvedRawHTML) Kind() ast.NodeKind { return KindResolvedRawHTML }

// Dump implements ast.Node.
func (n *ResolvedRawHTML) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// rawHTMLTransformer rewrites the links of raw HTML and, given a policy,
// sanitises it.
type rawHTMLTransformer struct {
	policy *sanitizer // nil when the HTML is trusted
}

func (t rawHTMLTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil || st.links == nil {
		return
	}
	src := reader.Source()
	var nodes []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n.(type) {
			case *ast.HTMLBlock, *ast.RawHTML:
				nodes = append(nodes, n)
			}
		}
		return ast.WalkContinue, nil
	})
	if t.policy != nil {
		st.sanitizeHTML(t.policy, src, nodes)
		return
	}
	for _, n := range nodes {
		out, changed := st.rewriteHTML(src, htmlSegments(n))
		if !changed {
			continue
		}
		var repl ast.Node = &ResolvedRawHTML{HTML: out}
		if _, ok := n.(*ast.HTMLBlock); ok {
			repl = &ResolvedHTML{HTML: out}
		}
		n.Parent().ReplaceChild(n.Parent(), n, repl)
	}
}

// htmlSegments returns where the HTML of a raw HTML node is written.
func htmlSegments(n ast.Node) []text.Segment {
	var segs []text.Segment
	switch v := n.(type) {
	case *ast.HTMLBlock:
		for i := 0; i < v.Lines().Len(); i++ {
			segs = append(segs, v.Lines().At(i))
		}
		if v.HasClosure() {
			segs = append(segs, v.ClosureLine)
		}
	case *ast.RawHTML:
		for i := 0; i < v.Segments.Len(); i++ {
			segs = append(segs, v.Segments.At(i))
		}
	}
	return segs
}

// rewriteHTML tokenizes the raw HTML held in segs of src, rewrites the
// link attributes of its tags and records the ids it defines, so that
// links to <a id="x"> or <a name="x"> anchors resolve. Tags it does not
// change are copied byte for byte.
func (st *pageState) rewriteHTML(src []byte, segs []text.Segment) ([]byte, bool) {
	in := joinHTML(src, segs)
	var out bytes.Buffer
	changed := false
	off := 0
	z := html.NewTokenizer(bytes.NewReader(in.html))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := append([]byte(nil), z.Raw()...)
		start := off
		off += len(raw)
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		// Attributes come in source order, so each is found after the last.
		st.cursor = in.srcOffset(start)
		tag, edited := st.rewriteTag(src, z.Token())
		if !edited {
			out.Write(raw)
			continue
		}
		out.WriteString(tag)
		changed = true
	}
	if off < len(in.html) {
		out.Write(in.html[off:])
	}
	b := out.Bytes()
	// Goldmark writes raw HTML with NUL bytes replaced; so must we.
	if bytes.IndexByte(b, 0) >= 0 {
		b = bytes.ReplaceAll(b, []byte{0}, []byte("\ufffd"))
	}
	return b, changed
}

// joinedHTML is the raw HTML of a node, its segments joined, with where
// each segment starts in it and in the page source.
type joinedHTML struct {
	html  []byte
	spans []htmlSpan
}

// htmlSpan is where one segment starts in the joined HTML and in the
// page source.
type htmlSpan struct{ buf, src int }

// joinHTML joins the raw HTML that segs of src hold.
func joinHTML(src []byte, segs []text.Segment) joinedHTML {
	j := joinedHTML{spans: make([]htmlSpan, 0, len(segs))}
	for _, s := range segs {
		j.spans = append(j.spans, htmlSpan{len(j.html), s.Start})
		j.html = append(j.html, s.Value(src)...)
	}
	return j
}

// srcOffset maps an offset in the joined HTML back to the page source,
// so that a broken link is reported where it is written.
func (j joinedHTML) srcOffset(off int) int {
	at := 0
	for i, sp := range j.spans {
		if sp.buf <= off {
			at = i
		}
	}
	if len(j.spans) == 0 {
		return 0
	}
	return j.spans[at].src + off - j.spans[at].buf
}

// rewriteTag rewrites the link attributes of a start tag, turns the name
// of a named anchor into its id, and puts the words of an image whose
// source was refused in its place. It returns what the tag becomes and
// true, or false when the tag is to be copied as written.
func (st *pageState) rewriteTag(src []byte, tok html.Token) (string, bool) {
	kept, edited := st.rewriteAttrs(src, tok)
	if st.untrusted && tok.Data == "img" && attrValue(kept, "src") == "" {
		// An image whose source was refused shows its words instead.
		return html.EscapeString(attrValue(kept, "alt")), true
	}
	if name, ok := namedAnchor(tok.Data, kept); ok {
		// HTML5 made name on <a> obsolete: the id does its work.
		for i := range kept {
			if kept[i].Key == "name" {
				kept[i] = html.Attribute{Key: "id", Val: name}
			}
		}
		edited = true
	}
	if !edited {
		return "", false
	}
	tok.Attr = kept
	return tok.String(), true
}

// rewriteAttrs records the ids a tag defines and resolves its link
// attributes. It returns the attributes kept, in place of tok's, and
// whether any was changed or dropped.
func (st *pageState) rewriteAttrs(src []byte, tok html.Token) ([]html.Attribute, bool) {
	edited := false
	kept := tok.Attr[:0]
	for _, a := range tok.Attr {
		if !st.untrusted {
			// Sanitised HTML has its ids taken from what is kept of it.
			st.recordID(tok.Data, a)
		}
		image, ok := linkAttrs[tok.Data][a.Key]
		if !ok || a.Namespace != "" {
			kept = append(kept, a)
			continue
		}
		val, keep := st.rewriteAttr(src, a, image)
		if !keep {
			edited = true
			continue
		}
		if val != a.Val {
			a.Val = val
			edited = true
		}
		kept = append(kept, a)
	}
	return kept, edited
}

// recordID notes an element id (or a named anchor, as GitHub READMEs
// write them) that links on this or other pages may point at.
func (st *pageState) recordID(tag string, a html.Attribute) {
	if st.page.ids == nil || a.Val == "" {
		return
	}
	if a.Key == "id" || (a.Key == "name" && tag == "a") {
		st.page.ids[a.Val] = true
	}
}

// attrValue returns the value of the attribute key, or "".
func attrValue(attrs []html.Attribute, key string) string {
	for _, a := range attrs {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// namedAnchor returns the name of an <a name="…"> that has no id, as
// READMEs write anchors.
func namedAnchor(tag string, attrs []html.Attribute) (string, bool) {
	if tag != "a" {
		return "", false
	}
	name := ""
	for _, a := range attrs {
		switch a.Key {
		case "id":
			return "", false
		case "name":
			name = a.Val
		}
	}
	return name, name != ""
}

// rewriteAttr resolves one link attribute. It reports false when the
// attribute must be dropped because its URL would run code.
func (st *pageState) rewriteAttr(src []byte, a html.Attribute, image bool) (string, bool) {
	if a.Key != "srcset" {
		out, ok := st.rewriteURL(src, []byte(a.Val), image)
		if !ok || out == nil && a.Val != "" {
			return "", false
		}
		return string(out), true
	}
	cands := parseSrcset(a.Val)
	parts := make([]string, 0, len(cands))
	for _, c := range cands {
		u, ok := st.rewriteURL(src, []byte(c.url), true)
		if !ok || u == nil {
			continue
		}
		if c.descriptor != "" {
			parts = append(parts, string(u)+" "+c.descriptor)
		} else {
			parts = append(parts, string(u))
		}
	}
	if len(parts) == 0 && len(cands) > 0 {
		return "", false
	}
	out := strings.Join(parts, ", ")
	if srcsetEqual(cands, parts) {
		return a.Val, true // unchanged: keep the author's spacing
	}
	return out, true
}

// srcsetCandidate is one image in a srcset: its URL and its width or
// density descriptor, such as "2x" or "640w".
type srcsetCandidate struct {
	url, descriptor string
}

// parseSrcset splits a srcset attribute as the HTML standard's parser
// does: a URL runs to the next white space, a comma right after it ends
// the candidate, and otherwise the descriptors run to the next comma that
// is not inside parentheses.
func parseSrcset(s string) []srcsetCandidate {
	var out []srcsetCandidate
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
	i := 0
	for {
		for i < len(s) && (isSpace(s[i]) || s[i] == ',') {
			i++
		}
		if i >= len(s) {
			return out
		}
		start := i
		for i < len(s) && !isSpace(s[i]) {
			i++
		}
		c := srcsetCandidate{url: s[start:i]}
		if strings.HasSuffix(c.url, ",") {
			c.url = strings.TrimRight(c.url, ",")
		} else {
			d, depth := i, 0
			for ; i < len(s); i++ {
				switch s[i] {
				case '(':
					depth++
				case ')':
					if depth > 0 {
						depth--
					}
				}
				if s[i] == ',' && depth == 0 {
					break
				}
			}
			c.descriptor = strings.Join(strings.Fields(s[d:i]), " ")
		}
		out = append(out, c)
	}
}

// srcsetEqual reports whether the rewritten candidates are the ones written.
func srcsetEqual(cands []srcsetCandidate, parts []string) bool {
	if len(cands) != len(parts) {
		return false
	}
	for i, c := range cands {
		want := c.url
		if c.descriptor != "" {
			want += " " + c.descriptor
		}
		if parts[i] != want {
			return false
		}
	}
	return true
}

// rawHTMLRenderer writes raw HTML whose links were rewritten.
type rawHTMLRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (rawHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindResolvedHTML, renderResolvedHTML)
	reg.Register(KindResolvedRawHTML, renderResolvedHTML)
}

func renderResolvedHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	switch n := node.(type) {
	case *ResolvedHTML:
		_, _ = w.Write(n.HTML)
	case *ResolvedRawHTML:
		_, _ = w.Write(n.HTML)
	}
	return ast.WalkSkipChildren, nil
}

// leadingH1 returns the page's H1 when nothing but raw HTML comes before
// it: a README on GitHub often puts a logo or a named anchor above its
// title, and that title must still be lifted out so it does not show twice.
func leadingH1(doc *ast.Document, src []byte) *ast.Heading {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch v := n.(type) {
		case *ast.Heading:
			if v.Level == 1 {
				return v
			}
			return nil
		case *ast.HTMLBlock:
			continue
		case *ast.Paragraph:
			if !onlyRawHTML(v, src) {
				return nil
			}
		default:
			return nil
		}
	}
	return nil
}

// onlyRawHTML reports whether a paragraph holds only HTML tags and space,
// such as <a name="top"></a>.
func onlyRawHTML(p *ast.Paragraph, src []byte) bool {
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.RawHTML:
		case *ast.Text:
			if len(bytes.TrimSpace(v.Value(src))) > 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}
