package generator

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindTableScroll is the node kind of the region a markdown table scrolls in.
var KindTableScroll = ast.NewNodeKind("TableScroll")

// TableScroll holds one markdown table. It renders as a focusable,
// labelled region that scrolls sideways, so that a table wider than the
// column can be read on a phone, by keyboard too, instead of being cut off.
type TableScroll struct {
	ast.BaseBlock
	Label string // the region's accessible name, unique on its page
}

// Kind implements ast.Node.
func (*TableScroll) Kind() ast.NodeKind { return KindTableScroll }

// Dump implements ast.Node.
func (t *TableScroll) Dump(src []byte, level int) {
	ast.DumpHelper(t, src, level, map[string]string{"Label": t.Label}, nil)
}

// maxTableLabel bounds a region's name: a header row of long cells would
// otherwise make a name that a screen reader reads for a minute.
const maxTableLabel = 80

// tableTransformer puts every table in a TableScroll. Its name is "Table:"
// and the table's header cells; tables with the same header also name
// their section, and then a number, so that every region on a page has a
// name of its own.
type tableTransformer struct{}

func (tableTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	type found struct {
		table   *extast.Table
		heading string // the nearest heading before it
	}
	var tables []found
	heading := ""
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			heading = plainText(n, src)
			return ast.WalkSkipChildren, nil
		case *extast.Table:
			tables = append(tables, found{n, heading})
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	labels := make([]string, len(tables))
	count := map[string]int{}
	for i, f := range tables {
		labels[i] = tableLabel(f.table, src)
		count[labels[i]]++
	}
	// Tables that share a header are told apart by their section, then
	// by number.
	used := map[string]int{}
	for i, f := range tables {
		label := labels[i]
		if count[label] > 1 && f.heading != "" {
			label += " (" + bounded(f.heading) + ")"
		}
		used[label]++
		if n := used[label]; n > 1 {
			label += " (" + strconv.Itoa(n) + ")"
		}
		wrap := &TableScroll{Label: label}
		f.table.Parent().ReplaceChild(f.table.Parent(), f.table, wrap)
		wrap.AppendChild(wrap, f.table)
	}
}

// tableLabel names a table by its header cells.
func tableLabel(t *extast.Table, src []byte) string {
	var cells []string
	if h, ok := t.FirstChild().(*extast.TableHeader); ok {
		for c := h.FirstChild(); c != nil; c = c.NextSibling() {
			if s := plainText(c, src); s != "" {
				cells = append(cells, s)
			}
		}
	}
	if len(cells) == 0 {
		return "Table"
	}
	return bounded("Table: " + strings.Join(cells, ", "))
}

// bounded cuts s to maxTableLabel characters.
func bounded(s string) string {
	if r := []rune(s); len(r) > maxTableLabel {
		return strings.TrimSpace(string(r[:maxTableLabel-1])) + "…"
	}
	return s
}

func (r *nodeRenderer) tableScroll(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<div class="table-scroll" role="region" tabindex="0" aria-label="`)
		_, _ = w.Write(util.EscapeHTML([]byte(node.(*TableScroll).Label)))
		_, _ = w.WriteString("\">\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}
