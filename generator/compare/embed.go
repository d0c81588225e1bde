package compare

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/rolehandbook/handbook/generator/internal/suggest"
)

// Embed is a comparison table placed in a markdown page with a fenced
// block in the compare language:
//
//	```compare
//	roles: [pm, tpm]
//	dimensions: [focus, salary]
//	groups: [Pay]
//	caption: Focus and pay
//	```
//
// Every key is optional: without roles, all roles; without dimensions or
// groups, every dimension.
type Embed struct {
	Table Table
}

// ParseEmbed reads an embed block. line is the line of the block's first
// body line in file, so that problems point into the page.
func (d *Data) ParseEmbed(body []byte, file string, line int, id string) (*Embed, []Problem) {
	l := &loader{data: d, file_: file}
	var doc yaml.Node
	t := Table{ID: id, Caption: "Comparison"}
	if strings.TrimSpace(string(body)) != "" {
		if err := yaml.Unmarshal(body, &doc); err != nil {
			ln, col, msg := yamlError(err)
			return nil, []Problem{{Pos: Pos{File: file, Line: line + ln - 1, Col: col}, Msg: "invalid compare block: " + msg}}
		}
	}
	shift := func(p Pos) Pos {
		p.Line += line - 1
		return p
	}
	var m keyed
	if len(doc.Content) > 0 {
		m = l.mapping(doc.Content[0], "a compare block", []string{"roles", "dimensions", "groups", "caption", "differences"}, nil)
	}
	t.Roles = d.Roles
	if n := m["roles"]; n != nil {
		t.Roles = nil
		ids := make([]string, 0, len(d.Roles))
		for _, r := range d.Roles {
			ids = append(ids, r.ID)
		}
		for _, c := range l.idNodes(n, "roles") {
			if r := d.roles[c.Value]; r != nil {
				t.Roles = append(t.Roles, r)
			} else {
				l.problem(l.pos(c), "unknown role %q in compare block%s", c.Value, suggest.DidYouMean(c.Value, ids))
			}
		}
	}
	dimIDs := make([]string, 0, len(d.Dimensions))
	for _, dim := range d.Dimensions {
		dimIDs = append(dimIDs, dim.ID)
	}
	if n := m["dimensions"]; n != nil {
		for _, c := range l.idNodes(n, "dimensions") {
			if dim := d.dims[c.Value]; dim != nil {
				t.Dimensions = append(t.Dimensions, dim)
			} else {
				l.problem(l.pos(c), "unknown dimension %q in compare block%s", c.Value, suggest.DidYouMean(c.Value, dimIDs))
			}
		}
	}
	if n := m["groups"]; n != nil {
		groups := d.Groups()
		for _, c := range l.idNodes(n, "groups") {
			found := false
			for _, dim := range d.Dimensions {
				if strings.EqualFold(dim.Group, c.Value) {
					t.Dimensions = append(t.Dimensions, dim)
					found = true
				}
			}
			if !found {
				l.problem(l.pos(c), "unknown group %q in compare block%s", c.Value, suggest.DidYouMean(c.Value, groups))
			}
		}
	}
	if m["dimensions"] == nil && m["groups"] == nil {
		t.Dimensions = d.Dimensions
	}
	if n := m["caption"]; n != nil {
		t.Caption = l.str(n, "caption")
	} else {
		names := make([]string, len(t.Roles))
		for i, r := range t.Roles {
			names[i] = r.Name
		}
		t.Caption = strings.Join(names, " vs ")
	}
	if n := m["differences"]; n != nil {
		t.DiffToggle = n.Value == "true"
	}
	if len(t.Roles) == 0 && len(l.probs) == 0 {
		l.problem(Pos{File: file, Line: 1, Col: 1}, "compare block shows no roles")
	}
	for i := range l.probs {
		l.probs[i].Pos = shift(l.probs[i].Pos)
	}
	if len(l.probs) > 0 {
		return nil, l.probs
	}
	return &Embed{Table: t}, nil
}

func (l *loader) idNodes(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind == yaml.ScalarNode {
		return []*yaml.Node{n}
	}
	if n.Kind != yaml.SequenceNode {
		l.problem(l.pos(n), "%s must be a list of ids", what)
		return nil
	}
	return n.Content
}

// String describes the embed for debugging.
func (e *Embed) String() string {
	return fmt.Sprintf("%d roles × %d dimensions", len(e.Table.Roles), len(e.Table.Dimensions))
}
