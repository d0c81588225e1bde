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
	if strings.TrimSpace(string(body)) != "" {
		if err := yaml.Unmarshal(body, &doc); err != nil {
			ln, col, msg := yamlError(err)
			return nil, []Problem{{Pos: Pos{File: file, Line: line + ln - 1, Col: col}, Msg: "invalid compare block: " + msg}}
		}
		if e := yamlbound.Check(&doc); e != nil {
			return nil, []Problem{{Pos: Pos{File: file, Line: line + e.Line - 1, Col: e.Col}, Msg: e.Msg}}
		}
	}
	var m keyed
	if len(doc.Content) > 0 {
		m = l.mapping(doc.Content[0], "a compare block", []string{"roles", "dimensions", "groups", "caption", "differences"}, nil)
	}
	t := Table{ID: id, Roles: d.Roles}
	if n := m["roles"]; n != nil {
		t.Roles, t.ChosenRoles = listed(l, n, "role", d.roles, roleIDs(d.Roles)), true
	}
	t.Dimensions = l.embedDimensions(m)
	t.Caption = l.embedCaption(m, t.Roles)
	if n := m["differences"]; n != nil {
		t.DiffToggle = n.Value == "true"
	}
	if len(t.Roles) == 0 && len(l.probs) == 0 {
		l.problem(Pos{File: file, Line: 1, Col: 1}, "compare block shows no roles")
	}
	if probs := l.blockProblems(line); len(probs) > 0 {
		return nil, probs
	}
	return &Embed{Table: t}, nil
}

// listed returns the items that the ids of a block's list n name, in its
// order, and reports an id listed twice or not in byID. kind names one
// item, such as "role"; ids are all of them, for a suggestion.
func listed[T any](l *loader, n *yaml.Node, kind string, byID map[string]*T, ids []string) []*T {
	var out []*T
	seen := map[string]bool{}
	for _, c := range l.idNodes(n, kind+"s") {
		if seen[c.Value] {
			l.problem(l.pos(c), "%s %q is listed twice in compare block: list each %s once", kind, c.Value, kind)
			continue
		}
		seen[c.Value] = true
		if item := byID[c.Value]; item != nil {
			out = append(out, item)
		} else {
			l.problem(l.pos(c), "unknown %s %q in compare block%s", kind, c.Value, l.data.missing(kind, c.Value, c.Value, ids))
		}
	}
	return out
}

// embedDimensions returns the dimensions a block shows: those it lists,
// then those of the groups it lists, each once; without either, all.
func (l *loader) embedDimensions(m keyed) []*Dimension {
	d := l.data
	if m["dimensions"] == nil && m["groups"] == nil {
		return d.Dimensions
	}
	var dims []*Dimension
	if n := m["dimensions"]; n != nil {
		dims = listed(l, n, "dimension", d.dims, dimensionIDs(d.Dimensions))
	}
	if n := m["groups"]; n != nil {
		groups := d.Groups()
		for _, c := range l.idNodes(n, "groups") {
			found := false
			for _, dim := range d.Dimensions {
				if strings.EqualFold(dim.Group, c.Value) {
					dims = append(dims, dim)
					found = true
				}
			}
			if !found {
				l.problem(l.pos(c), "unknown group %q in compare block%s", c.Value, suggest.DidYouMean(c.Value, groups))
			}
		}
	}
	return uniqueDims(dims) // a group may hold a dimension also listed
}

// embedCaption returns a block's caption: the one it gives, or else the
// names of its roles, "PM vs TPM".
func (l *loader) embedCaption(m keyed, roles []*Role) string {
	if n := m["caption"]; n != nil {
		return l.str(n, "caption")
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = r.Name
	}
	return strings.Join(names, " vs ")
}

// blockProblems returns the problems found in a block whose first body
// line is line of its page, moved to their lines in the page. Past
// maxEmbedProblems, the last one kept counts the rest.
func (l *loader) blockProblems(line int) []Problem {
	if n := len(l.probs); n > maxEmbedProblems {
		l.probs = append(l.probs[:maxEmbedProblems-1], Problem{Pos: l.probs[maxEmbedProblems-1].Pos,
			Msg: fmt.Sprintf("and %d more problems in this compare block", n-maxEmbedProblems+1)})
	}
	return shiftLines(l.probs, line)
}

// roleIDs returns the ids of roles, in order.
func roleIDs(roles []*Role) []string {
	ids := make([]string, 0, len(roles))
	for _, r := range roles {
		ids = append(ids, r.ID)
	}
	return ids
}

// dimensionIDs returns the ids of dims, in order.
func dimensionIDs(dims []*Dimension) []string {
	ids := make([]string, 0, len(dims))
	for _, dim := range dims {
		ids = append(ids, dim.ID)
	}
	return ids
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
