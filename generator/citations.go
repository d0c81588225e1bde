package generator

import (
	"bytes"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Citations in prose. A handbook cites its sources with numbered links
// to a sources page, in parentheses: "… a small company ([2](sources.md#b),
// [1](sources.md#a))". The build shows them as the data's citations are
// shown, so that the handbook has one style: a superscript list, sorted
// and merged, "[1, 2]", each number a link.

// KindCiteGroup is the node of a group of numbered source links.
var KindCiteGroup = ast.NewNodeKind("CiteGroup")

// citeGroup holds the links of one group, sorted by number.
type citeGroup struct{ ast.BaseInline }

func (n *citeGroup) Kind() ast.NodeKind { return KindCiteGroup }

func (n *citeGroup) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// citeTransformer finds the groups; it runs before linkTransformer, on
// the links as written.
type citeTransformer struct{}

func (citeTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var opens []*ast.Text // texts that end in "(" before a citation link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if t, ok := n.(*ast.Text); ok && bytes.HasSuffix(t.Segment.Value(src), []byte("(")) && citeNumber(t.NextSibling(), src) > 0 {
				opens = append(opens, t)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, open := range opens {
		groupCites(open, src)
	}
}

// groupCites turns "(" link ", " link … ")" after open into a citeGroup,
// when the pattern is whole; otherwise it leaves the text as it is.
func groupCites(open *ast.Text, src []byte) {
	var links []*ast.Link
	n := open.NextSibling()
	for {
		if citeNumber(n, src) == 0 {
			return
		}
		links = append(links, n.(*ast.Link))
		t, ok := n.NextSibling().(*ast.Text)
		if !ok {
			return
		}
		v := t.Segment.Value(src)
		if bytes.HasPrefix(v, []byte(")")) {
			close := t
			parent := open.Parent()
			g := &citeGroup{}
			slices.SortStableFunc(links, func(a, b *ast.Link) int { return citeNumber(a, src) - citeNumber(b, src) })
			for _, l := range links {
				for s := l.PreviousSibling(); s != nil && s != open; s = l.PreviousSibling() {
					parent.RemoveChild(parent, s) // the separators
				}
				parent.RemoveChild(parent, l)
			}
			for i, l := range links {
				if i > 0 && citeNumber(l, src) == citeNumber(links[i-1], src) {
					continue // the same source twice
				}
				if g.HasChildren() {
					g.AppendChild(g, ast.NewString([]byte(", ")))
				}
				g.AppendChild(g, l)
			}
			parent.InsertAfter(parent, open, g)
			open.Segment = open.Segment.WithStop(open.Segment.Stop - 1)
			trimmed := bytes.TrimRight(open.Segment.Value(src), " ")
			open.Segment = open.Segment.WithStop(open.Segment.Start + len(trimmed))
			close.Segment = close.Segment.WithStart(close.Segment.Start + 1)
			return
		}
		if !bytes.Equal(bytes.TrimSpace(v), []byte(",")) && !bytes.Equal(bytes.TrimSpace(v), []byte(";")) {
			return
		}
		n = t.NextSibling()
	}
}

// citeNumber is the number of a citation link, a link whose text is a
// number and that leads to a place on a sources page, or 0.
func citeNumber(n ast.Node, src []byte) int {
	l, ok := n.(*ast.Link)
	if !ok || l.ChildCount() != 1 {
		return 0
	}
	t, ok := l.FirstChild().(*ast.Text)
	if !ok {
		return 0
	}
	num, err := strconv.Atoi(string(t.Segment.Value(src)))
	if err != nil || num <= 0 || num > 999 {
		return 0
	}
	dest, frag, ok := strings.Cut(string(l.Destination), "#")
	if !ok || frag == "" || strings.Contains(dest, "://") {
		return 0
	}
	dest = strings.TrimSuffix(strings.TrimSuffix(dest, "index.html"), "/")
	dest = strings.TrimSuffix(strings.TrimSuffix(dest, ".md"), ".html")
	if path.Base(dest) != "sources" {
		return 0
	}
	return num
}

// citeRenderer draws a group as the data's citations are drawn.
type citeRenderer struct{}

func (citeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCiteGroup, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<sup class="cite"><span class="sr-only">Sources: </span>[`)
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`]</sup>`)
		return ast.WalkContinue, nil
	})
}
