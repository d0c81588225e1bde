package compare

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/rolehandbook/handbook/generator/internal/suggest"
	"github.com/rolehandbook/handbook/generator/internal/yamlbound"
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

// MaxPageCells is how many table cells the compare blocks of one page may
// show in all: twenty full tables of a 100-role, 100-dimension model.
// Without a bound, a page of empty blocks, each a dozen bytes, would
// expand to the whole matrix every time.
const MaxPageCells = 200_000

// MaxPageEmbeds is how many compare blocks one page may hold.
const MaxPageEmbeds = 1000

// maxEmbedProblems is how many problems one block reports before it
// stops: a block that lists one wrong id 200,000 times needs one line.
const maxEmbedProblems = 20

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
		if e := yamlbound.Check(&doc); e != nil {
			return nil, []Problem{{Pos: Pos{File: file, Line: line + e.Line - 1, Col: e.Col}, Msg: e.Msg}}
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
		t.Roles, t.ChosenRoles = nil, true
		ids := make([]string, 0, len(d.Roles))
		for _, r := range d.Roles {
			ids = append(ids, r.ID)
		}
		listed := map[string]bool{}
		for _, c := range l.idNodes(n, "roles") {
			if listed[c.Value] {
				l.problem(l.pos(c), "role %q is listed twice in compare block: list each role once", c.Value)
				continue
			}
			listed[c.Value] = true
			if r := d.roles[c.Value]; r != nil {
				t.Roles = append(t.Roles, r)
			} else {
				l.problem(l.pos(c), "unknown role %q in compare block%s", c.Value, d.missing("role", c.Value, c.Value, ids))
			}
		}
	}
	dimIDs := make([]string, 0, len(d.Dimensions))
	for _, dim := range d.Dimensions {
		dimIDs = append(dimIDs, dim.ID)
	}
	if n := m["dimensions"]; n != nil {
		listed := map[string]bool{}
		for _, c := range l.idNodes(n, "dimensions") {
			if listed[c.Value] {
				l.problem(l.pos(c), "dimension %q is listed twice in compare block: list each dimension once", c.Value)
				continue
			}
			listed[c.Value] = true
			if dim := d.dims[c.Value]; dim != nil {
				t.Dimensions = append(t.Dimensions, dim)
			} else {
				l.problem(l.pos(c), "unknown dimension %q in compare block%s", c.Value, d.missing("dimension", c.Value, c.Value, dimIDs))
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
	} else {
		t.Dimensions = uniqueDims(t.Dimensions) // a group may hold a dimension also listed
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
	if n := len(l.probs); n > maxEmbedProblems {
		l.probs = append(l.probs[:maxEmbedProblems-1], Problem{Pos: l.probs[maxEmbedProblems-1].Pos,
			Msg: fmt.Sprintf("and %d more problems in this compare block", n-maxEmbedProblems+1)})
	}
	for i := range l.probs {
		l.probs[i].Pos = shift(l.probs[i].Pos)
	}
	if len(l.probs) > 0 {
		return nil, l.probs
	}
	return &Embed{Table: t}, nil
}

func uniqueDims(dims []*Dimension) []*Dimension {
	seen := make(map[*Dimension]bool, len(dims))
	out := dims[:0:0]
	for _, d := range dims {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
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
