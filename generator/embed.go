package generator

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindEmbed is the node kind of a fenced block rendered by an embedder.
var KindEmbed = ast.NewNodeKind("Embed")

// Embed holds the HTML an embedder made from a fenced block.
type Embed struct {
	ast.BaseBlock
	HTML []byte
}

// Kind implements ast.Node.
func (*Embed) Kind() ast.NodeKind { return KindEmbed }

// Dump implements ast.Node.
func (e *Embed) Dump(src []byte, level int) { ast.DumpHelper(e, src, level, nil, nil) }

type embedTransformer struct{}

func (embedTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil || st.embedder == nil {
		return
	}
	src := reader.Source()
	var blocks []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b, ok := n.(*ast.FencedCodeBlock); ok && entering {
			blocks = append(blocks, b)
		}
		return ast.WalkContinue, nil
	})
	for _, b := range blocks {
		if b.Info == nil {
			continue
		}
		lang := string(b.Language(src))
		var body bytes.Buffer
		for i := 0; i < b.Lines().Len(); i++ {
			seg := b.Lines().At(i)
			body.Write(seg.Value(src))
		}
		// The block's body starts on the line after its fence.
		line, _ := st.lines.position(src, b.Info.Segment.Start)
		line++
		if out, ok := st.embedder.embed(st, lang, body.Bytes(), line); ok {
			b.Parent().ReplaceChild(b.Parent(), b, &Embed{HTML: out})
		}
	}
}

func (r *nodeRenderer) embedded(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.Write(node.(*Embed).HTML)
	}
	return ast.WalkSkipChildren, nil
}
