package compare

import (
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/rolehandbook/handbook/generator/internal/suggest"
	"github.com/rolehandbook/handbook/generator/internal/yamlbound"
)

// IsLadderEmbed reports whether a fenced block's language is one of the
// ladder embeds:
//
//	```ladder        ```level          ```band
//	role: pm         role: pm          role: pm
//	```              level: senior     zone: us      # optional
//	                 ```               ```
//
// and a level diff (ladder_diff.go), a diff block whose body starts with
// from: or to:.
func IsLadderEmbed(lang string, body []byte) bool {
	return lang == "ladder" || lang == "level" || lang == "band" || lang == "diff" && isLevelDiff(body)
}

// LadderEmbedHTML renders a ladder embed. line is the line of the block's
// first body line in file, so that problems point into the page. id
// keeps the ids of two blocks on one page apart.
func (d *Data) LadderEmbedHTML(h Host, lang string, body []byte, file string, line int, id string) (string, []Problem) {
	l := &loader{data: d, file_: file}
	m, probs := l.ladderEmbedKeys(lang, body, line)
	if m == nil || len(probs) > 0 {
		return "", probs
	}
	if lang == "diff" {
		la, a := d.levelRef(l, m["from"])
		lb, b := d.levelRef(l, m["to"])
		if len(l.probs) > 0 {
			return "", shiftLines(l.probs, line)
		}
		return d.DiffHTML(h, la, a, lb, b), nil
	}
	lad, lv, zone := d.ladderEmbedTarget(l, m)
	if len(l.probs) > 0 {
		return "", shiftLines(l.probs, line)
	}
	switch lang {
	case "ladder":
		return d.LadderTableHTML(h, lad, id+"-", false), nil
	case "level":
		var b strings.Builder
		b.WriteString(`<div class="level-embed">`)
		b.WriteString(d.LevelBodyHTML(h, lad, lv, 3))
		b.WriteString(`</div>`)
		return b.String(), nil
	}
	level := ""
	if lv != nil {
		level = lv.ID
	}
	return d.BandHTML(h, lad, level, zone), nil
}

// ladderEmbedKeys decodes the body of a ladder embed of the kind lang
// into its keys. It returns the problems that keep it from being read,
// at their lines in the page, with nil keys.
func (l *loader) ladderEmbedKeys(lang string, body []byte, line int) (keyed, []Problem) {
	file := l.file_
	var doc yaml.Node
	if err := yaml.Unmarshal(body, &doc); err != nil {
		ln, col, msg := yamlError(err)
		return nil, []Problem{{Pos: Pos{File: file, Line: line + ln - 1, Col: col}, Msg: "invalid " + lang + " block: " + msg}}
	}
	if e := yamlbound.Check(&doc); e != nil {
		return nil, []Problem{{Pos: Pos{File: file, Line: line + e.Line - 1, Col: e.Col}, Msg: e.Msg}}
	}
	if len(doc.Content) == 0 {
		return nil, []Problem{{Pos: Pos{File: file, Line: line, Col: 1}, Msg: lang + " block is empty: name the ladder with role: …"}}
	}
	keys := map[string][]string{"ladder": {"role"}, "level": {"role", "level"}, "band": {"role", "zone", "level"}, "diff": {"from", "to"}}[lang]
	required := []string{"role"}
	if lang == "level" || lang == "diff" {
		required = keys
	}
	m := l.mapping(doc.Content[0], "a "+lang+" block", keys, required)
	if m == nil || len(l.probs) > 0 {
		return nil, shiftLines(l.probs, line)
	}
	return m, nil
}

// ladderEmbedTarget resolves what a ladder, level or band block names:
// the ladder of its role, its level and its zone, reporting each that the
// data does not have. The ladder is nil when the role has none.
func (d *Data) ladderEmbedTarget(l *loader, m keyed) (lad *Ladder, lv *Level, zone string) {
	role := l.str(m["role"], "role")
	if lad = d.ladderOf(l, role, m["role"]); lad == nil {
		return nil, nil, ""
	}
	if n := m["level"]; n != nil {
		if lv = lad.Level(l.str(n, "level")); lv == nil {
			l.problem(l.pos(n), "unknown level %q in the %s ladder%s", n.Value, role, d.missing("level", role+"/"+n.Value, n.Value, lad.levelIDs()))
		}
	}
	if n := m["zone"]; n != nil {
		zone = l.str(n, "zone")
		if !contains(lad.Zones(), zone) {
			l.problem(l.pos(n), "unknown zone %q in the %s ladder's bands%s", zone, role, suggest.DidYouMean(zone, lad.Zones()))
		}
	}
	return lad, lv, zone
}

// ladderOf returns the ladder of role, or nil once it has reported at n
// that there is none.
func (d *Data) ladderOf(l *loader, role string, n *yaml.Node) *Ladder {
	lad := d.Ladder(role)
	if lad == nil {
		var ids []string
		for _, x := range d.Ladders {
			ids = append(ids, x.Role)
		}
		l.problem(l.pos(n), "no ladder for role %q%s", role, d.missing("ladder", role, role, ids))
	}
	return lad
}

// shiftLines moves problems found in a block, whose first body line is
// line of its page, to their lines in the page.
func shiftLines(ps []Problem, line int) []Problem {
	for i := range ps {
		ps[i].Pos.Line += line - 1
	}
	return ps
}

// levelRef resolves a diff block's role/level, such as pm/senior.
func (d *Data) levelRef(l *loader, n *yaml.Node) (*Ladder, *Level) {
	ref := l.str(n, "level")
	role, id, ok := strings.Cut(ref, "/")
	if !ok || role == "" || id == "" {
		l.problem(l.pos(n), "%q does not name a level: write role/level, such as pm/senior", ref)
		return nil, nil
	}
	lad := d.ladderOf(l, role, n)
	if lad == nil {
		return nil, nil
	}
	lv := lad.Level(id)
	if lv == nil {
		l.problem(l.pos(n), "unknown level %q in the %s ladder%s", id, role, d.missing("level", ref, id, lad.levelIDs()))
	}
	return lad, lv
}
