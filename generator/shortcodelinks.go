package generator

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// target resolves the page or file a link shortcode names. Hugo looks a
// relative path up from the page and then from the content root; Jekyll's
// link names a path from the site's root. It returns the destination to
// write into the link, or why there is none.
func (st *pageState) target(sc *shortcode, extra string) (dest, problem string) {
	p := sc.arg("path", 0) + extra
	if isExternal(p) && !dangerousURL(p) {
		return p, "" // {% link "https://…" %}: a plain link, as Jekyll wrote it
	}
	var cands []string
	switch {
	case strings.HasPrefix(p, "#"), strings.HasPrefix(p, "/"):
		cands = []string{p}
	case sc.liquid:
		cands = []string{"/" + p}
	default:
		cands = []string{p, "/" + p}
	}
	if p == "" {
		return "", "the shortcode names no page"
	}
	for _, c := range cands {
		if strings.HasPrefix(c, "#") {
			return c, ""
		}
		out, _, _, why := st.links.resolve(st.page, c)
		// The choice depends on what exists: the cache must know it did.
		st.deps = append(st.deps, linkDep{dest: c, out: out, problem: why})
		if why == "" {
			return c, ""
		}
		if problem == "" {
			problem = why
		}
	}
	return cands[0], problem
}

// liquidBaseURL is the {{ site.baseurl }} Jekyll sites put before a link
// tag; the site's root is where links start anyway.
var liquidBaseURL = regexp.MustCompile(`^\{\{-?\s*site\.baseurl\s*-?\}\}`)

// linkEnd reads "](" followed by a link shortcode and ")": the end of a
// link whose destination is written as a shortcode. The link's text was
// read already, as text, since no destination the link parser knows
// followed it; shortcodeTransformer makes the link.
func (st *pageState) linkEnd(block text.Reader) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 3 || line[1] != '(' {
		return nil
	}
	l, pos := block.Position()
	i := 2
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	m := liquidBaseURL.FindIndex(line[i:])
	if m != nil {
		i += m[1]
	}
	block.Advance(i)
	var sc *shortcode
	if m != nil && i < len(line) && line[i] != '{' {
		// {{ site.baseurl }}/docs/x/: a path from the site's root.
		j := i
		for j < len(line) && line[j] != ')' && line[j] != ' ' && line[j] != '\t' && line[j] != '\n' {
			j++
		}
		if j == i || j >= len(line) || line[j] != ')' {
			block.SetPosition(l, pos)
			return nil
		}
		sc = &shortcode{liquid: true, name: "link", args: []shortcodeArg{{val: string(line[i:j])}}, start: seg.Start + i}
		block.Advance(j - i)
	} else if sc = scanShortcode(block); sc == nil || !isLinkShortcode(sc) {
		block.SetPosition(l, pos)
		return nil
	}
	rest, _ := block.PeekLine()
	j := 0
	for j < len(rest) && rest[j] != ')' && rest[j] != ' ' && rest[j] != '\t' && rest[j] != '\n' {
		j++
	}
	extra := string(rest[:j]) // a #fragment written after the shortcode
	for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t') {
		j++
	}
	if j >= len(rest) || rest[j] != ')' || (extra != "" && !strings.HasPrefix(extra, "#")) {
		block.SetPosition(l, pos)
		return nil
	}
	block.Advance(j + 1)
	_, after := block.Position()
	end := &linkEnd{sc: sc, seg: text.NewSegment(seg.Start, after.Start)}
	end.dest, end.problem = st.target(sc, extra)
	return end
}

// linkEnd marks where a link whose destination is a shortcode ends.
type linkEnd struct {
	ast.BaseInline
	sc      *shortcode
	seg     text.Segment // "](…)" in the source
	dest    string
	problem string
}

var kindLinkEnd = ast.NewNodeKind("ShortcodeLinkEnd")

func (*linkEnd) Kind() ast.NodeKind           { return kindLinkEnd }
func (n *linkEnd) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// closeShortcodeLink turns the text from the "[" that opens a link to its
// end into the link. A link whose target cannot be found keeps its text
// alone, with a warning.
func closeShortcodeLink(st *pageState, end *linkEnd, src []byte) {
	parent := end.Parent()
	open, at := openBracket(end, src)
	if open == nil {
		parent.ReplaceChild(parent, end, ast.NewTextSegment(end.seg))
		return
	}
	if end.problem != "" {
		st.warnAt(src, end.sc.start, KindSyntax, "", "broken link %q: %s; the link's text is shown without it", end.sc.arg("path", 0), end.problem)
	}
	seg := open.Segment
	image := at > 0 && src[seg.Start+at-1] == '!'
	cut := at
	if image {
		cut--
	}
	after := ast.NewTextSegment(seg.WithStart(seg.Start + at + 1))
	after.SetSoftLineBreak(open.SoftLineBreak())
	after.SetHardLineBreak(open.HardLineBreak())
	var inner []ast.Node
	if after.Segment.Len() > 0 || after.SoftLineBreak() || after.HardLineBreak() {
		inner = append(inner, after)
	}
	for n := open.NextSibling(); n != end; n = n.NextSibling() {
		inner = append(inner, n)
	}
	var link ast.Node = parent
	if end.problem == "" {
		l := ast.NewLink()
		l.Destination = []byte(end.dest)
		link = l
	}
	for _, n := range inner {
		if n.Parent() != nil {
			n.Parent().RemoveChild(n.Parent(), n)
		}
		if link == parent {
			parent.InsertBefore(parent, end, n)
		} else {
			link.AppendChild(link, n)
		}
	}
	if l, ok := link.(*ast.Link); ok {
		var made ast.Node = l
		if image {
			made = ast.NewImage(l)
		}
		parent.InsertBefore(parent, end, made)
	}
	parent.RemoveChild(parent, end)
	if cut > 0 {
		parent.ReplaceChild(parent, open, ast.NewTextSegment(seg.WithStop(seg.Start+cut)))
	} else {
		parent.RemoveChild(parent, open)
	}
}

// openBracket finds the "[" that opens the link ending at end: the
// nearest one before it, in the same parent, that no "]" closes.
func openBracket(end ast.Node, src []byte) (*ast.Text, int) {
	depth := 0
	for n := end.PreviousSibling(); n != nil; n = n.PreviousSibling() {
		t, ok := n.(*ast.Text)
		if !ok {
			continue
		}
		v := src[t.Segment.Start:t.Segment.Stop]
		for i := len(v) - 1; i >= 0; i-- {
			if i > 0 && v[i-1] == '\\' {
				continue
			}
			switch v[i] {
			case ']':
				depth++
			case '[':
				if depth == 0 {
					return t, i
				}
				depth--
			}
		}
	}
	return nil, 0
}
