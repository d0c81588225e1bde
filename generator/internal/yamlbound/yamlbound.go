// Package yamlbound bounds the work a parsed YAML document asks of the
// code that walks it. An alias is cheap to write and expands to a whole
// copy of its anchor wherever it is used, so a few kilobytes of aliases
// of aliases (the "billion laughs") become gigabytes of values, pages
// and memory. Check measures a document as it would be expanded, in time
// linear in the document as written, before anything walks it.
package yamlbound

import (
	"fmt"

	"go.yaml.in/yaml/v4"
)

// The limits are far above any real handbook: the largest data file we
// know of has a few thousand values and nests six deep.
const (
	// MaxValues is how many values (scalars, lists and maps) a document
	// may hold once its aliases are expanded.
	MaxValues = 1_000_000
	// MaxDepth is how deeply lists and maps may nest, aliases followed.
	MaxDepth = 100
)

// Error is a document that asks for too much, at the node that does.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

type measure struct {
	size  map[*yaml.Node]int64
	depth map[*yaml.Node]int
	busy  map[*yaml.Node]bool
	worst *yaml.Node // the alias that expands to the most values
	most  int64
	err   *Error
}

// Check returns an error when n, with its aliases expanded, holds more
// than MaxValues values or nests deeper than MaxDepth.
func Check(n *yaml.Node) *Error {
	if n == nil {
		return nil
	}
	m := &measure{size: map[*yaml.Node]int64{}, depth: map[*yaml.Node]int{}, busy: map[*yaml.Node]bool{}}
	total, depth := m.walk(n)
	switch {
	case m.err != nil:
		return m.err
	case depth > MaxDepth:
		return m.deepest(n, 0)
	case total > MaxValues:
		at := m.worst
		if at == nil {
			at = n
		}
		return &Error{Line: at.Line, Col: at.Column, Msg: fmt.Sprintf(
			"YAML aliases expand this document to more than %d values: write the repeated values out, or use fewer aliases", MaxValues)}
	}
	return nil
}

// walk returns the expanded size and depth of n, each capped just past
// its limit so that sums cannot overflow.
func (m *measure) walk(n *yaml.Node) (int64, int) {
	if s, ok := m.size[n]; ok {
		return s, m.depth[n]
	}
	if m.busy[n] {
		m.err = &Error{Line: n.Line, Col: n.Column, Msg: "a YAML alias refers to a value that contains it"}
		return 1, 1
	}
	m.busy[n] = true
	defer delete(m.busy, n)
	var size int64 = 1
	depth := 0
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		s, d := m.walk(n.Alias)
		if s > m.most {
			m.most, m.worst = s, n
		}
		size, depth = s, d
	} else {
		for _, c := range n.Content {
			s, d := m.walk(c)
			size = min(size+s, MaxValues+1)
			depth = max(depth, d)
		}
		if len(n.Content) > 0 {
			depth = min(depth+1, MaxDepth+1)
		}
	}
	m.size[n], m.depth[n] = size, depth
	return size, depth
}

// deepest follows the deepest branch down to the first node past
// MaxDepth, for the error's position.
func (m *measure) deepest(n *yaml.Node, level int) *Error {
	for level <= MaxDepth {
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		var next *yaml.Node
		best := -1
		for _, c := range n.Content {
			if d := m.depth[c]; d > best {
				best, next = d, c
			}
		}
		if next == nil {
			break
		}
		n, level = next, level+1
	}
	return &Error{Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(
		"YAML nests deeper than %d levels here: flatten the lists and maps", MaxDepth)}
}
