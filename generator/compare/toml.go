package compare

import (
	"errors"
	"fmt"

	"github.com/pelletier/go-toml/v2/unstable"
	"go.yaml.in/yaml/v4"
)

// tomlToNode parses TOML into the same node tree YAML and JSON give, with
// line and column on every key and value, so that one decoder and one set
// of error messages serve all three formats.
func tomlToNode(src []byte) (*yaml.Node, Pos, error) {
	var p unstable.Parser
	p.Reset(src)
	root := &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}
	cur := root
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			keys := collectKeys(&p, e.Key())
			parent := root
			for i, k := range keys {
				last := i == len(keys)-1
				child := lookup(parent, k.Value)
				switch {
				case child == nil && last && e.Kind == unstable.ArrayTable:
					child = &yaml.Node{Kind: yaml.SequenceNode, Line: k.Line, Column: k.Column}
					parent.Content = append(parent.Content, k, child)
				case child == nil:
					child = &yaml.Node{Kind: yaml.MappingNode, Line: k.Line, Column: k.Column}
					parent.Content = append(parent.Content, k, child)
				case last && e.Kind == unstable.Table:
					return nil, Pos{Line: k.Line, Col: k.Column}, fmt.Errorf("table %q is defined twice", k.Value)
				}
				if child.Kind == yaml.SequenceNode {
					if last && e.Kind == unstable.ArrayTable {
						item := &yaml.Node{Kind: yaml.MappingNode, Line: k.Line, Column: k.Column}
						child.Content = append(child.Content, item)
					}
					if len(child.Content) == 0 {
						return nil, Pos{Line: k.Line, Col: k.Column}, fmt.Errorf("%q is not a table", k.Value)
					}
					child = child.Content[len(child.Content)-1]
				}
				if child.Kind != yaml.MappingNode {
					return nil, Pos{Line: k.Line, Col: k.Column}, fmt.Errorf("%q is not a table", k.Value)
				}
				parent = child
			}
			cur = parent
		case unstable.KeyValue:
			if err := setKeyValue(&p, cur, e); err != nil {
				return nil, errPos(&p, err), err
			}
		}
	}
	if err := p.Error(); err != nil {
		return nil, errPos(&p, err), err
	}
	return root, Pos{}, nil
}

func errPos(p *unstable.Parser, err error) Pos {
	var pe *unstable.ParserError
	if errors.As(err, &pe) && len(pe.Highlight) > 0 {
		s := p.Shape(p.Range(pe.Highlight))
		return Pos{Line: s.Start.Line, Col: s.Start.Column}
	}
	var ke *keyError
	if errors.As(err, &ke) {
		return ke.pos
	}
	return Pos{Line: 1, Col: 1}
}

type keyError struct {
	pos Pos
	msg string
}

func (e *keyError) Error() string { return e.msg }

func collectKeys(p *unstable.Parser, it unstable.Iterator) []*yaml.Node {
	var out []*yaml.Node
	for it.Next() {
		k := it.Node()
		line, col := shape(p, k)
		out = append(out, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(k.Data), Line: line, Column: col})
	}
	return out
}

func shape(p *unstable.Parser, n *unstable.Node) (int, int) {
	if n.Raw.Length == 0 && n.Raw.Offset == 0 {
		return 0, 0
	}
	s := p.Shape(n.Raw)
	return s.Start.Line, s.Start.Column
}

func lookup(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// setKeyValue adds a (possibly dotted) key = value to a mapping.
func setKeyValue(p *unstable.Parser, m *yaml.Node, e *unstable.Node) error {
	keys := collectKeys(p, e.Key())
	for i, k := range keys {
		if i == len(keys)-1 {
			if lookup(m, k.Value) != nil {
				return &keyError{Pos{Line: k.Line, Col: k.Column}, fmt.Sprintf("key %q is set twice", k.Value)}
			}
			v, err := valueNode(p, e.Value(), k)
			if err != nil {
				return err
			}
			m.Content = append(m.Content, k, v)
			return nil
		}
		child := lookup(m, k.Value)
		if child == nil {
			child = &yaml.Node{Kind: yaml.MappingNode, Line: k.Line, Column: k.Column}
			m.Content = append(m.Content, k, child)
		}
		if child.Kind != yaml.MappingNode {
			return &keyError{Pos{Line: k.Line, Col: k.Column}, fmt.Sprintf("%q is not a table", k.Value)}
		}
		m = child
	}
	return nil
}

func valueNode(p *unstable.Parser, v *unstable.Node, at *yaml.Node) (*yaml.Node, error) {
	line, col := shape(p, v)
	if line == 0 {
		line, col = at.Line, at.Column
	}
	n := &yaml.Node{Line: line, Column: col}
	switch v.Kind {
	case unstable.String:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!str", string(v.Data)
	case unstable.Integer:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!int", string(v.Data)
	case unstable.Float:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!float", string(v.Data)
	case unstable.Bool:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", string(v.Data)
	case unstable.LocalDate, unstable.LocalDateTime, unstable.DateTime, unstable.LocalTime:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!str", string(v.Data)
	case unstable.Array:
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		it := v.Children()
		for it.Next() {
			c, err := valueNode(p, it.Node(), n)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, c)
		}
	case unstable.InlineTable:
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
		it := v.Children()
		for it.Next() {
			if err := setKeyValue(p, n, it.Node()); err != nil {
				return nil, err
			}
		}
	default:
		return nil, &keyError{Pos{Line: line, Col: col}, fmt.Sprintf("unsupported TOML value %s", v.Kind)}
	}
	return n, nil
}
