package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rolehandbook/handbook/generator/compare"
)

// The ladder picker compares any two levels, of one role or of two, in
// the reader's browser (ladders.js in the theme). Its page holds the
// controls; the data comes as scripts, which a page opened from file://
// may load where it may not fetch:
//
//   - index.js sets HB_LADDERS: every role with a ladder, its levels and
//     their pay bands. It is all the pickers need, and stays small: a
//     role's competencies are not in it, as a handbook of many roles may
//     have thousands of them.
//   - roles/ROLE.js, loaded when a role is picked, calls HB_LADDER_TEXT
//     with the role's competencies and what each level expects, as HTML
//     rendered at build time with links relative to the picker's page.
//
// Both are made from the build's Data, so that the public edition's
// picker holds only what the public edition shows.
const (
	pickerSlug     = "compare-ladders"
	pickerURL      = "roles/" + pickerSlug + "/index.html"
	pickerDir      = "assets/ladders/"
	pickerIndexURL = pickerDir + "index.js"
)

// pickerRoleURL is the script of a role's expectations. Role scripts are
// in a folder of their own, so that no role id can name index.js.
func pickerRoleURL(role string) string { return pickerDir + "roles/" + role + ".js" }

// pickerLadders are the ladders the picker offers: those of known roles,
// in the data's order.
func pickerLadders(d *compare.Data) []*compare.Ladder {
	var out []*compare.Ladder
	for _, lad := range d.Ladders {
		if d.Role(lad.Role) != nil && len(lad.Levels) > 0 {
			out = append(out, lad)
		}
	}
	return out
}

// addPicker adds the page where a reader picks two roles or levels to compare.
func (cmp *comparison) addPicker(roles *Section, add func(*Page, string)) {
	d := cmp.data
	lads := pickerLadders(d)
	if len(lads) == 0 {
		return
	}
	p := &Page{Kind: "ladder-picker", URL: pickerURL, Section: roles}
	p.Meta.Title = "Compare levels"
	p.Meta.Description = "Any two levels, of one role or of two, side by side: what each expects and their pay bands."
	p.Meta.Weight = 950 + len(d.Ladders)
	p.gen = func(h *host) []byte { return []byte(pickerHTML(d, h, lads)) }
	p.printAs = roles.Index.URL // it needs a screen and a script
	if r := d.Role(pickerSlug); r != nil {
		// The role's profile has the picker's URL. The build fails on the
		// error the page reports, so the page is put where it meets no
		// other, and the error is the only one.
		p.URL = "roles/" + pickerSlug + "/ladder-picker/index.html"
		p.gen = func(h *host) []byte {
			h.st.errs.add(r.Pos.File, r.Pos.Line, r.Pos.Col, "role %q has the id of the page that compares levels, %s: rename the role", r.ID, strings.TrimSuffix(pickerURL, "index.html"))
			return nil
		}
	}
	roles.Children = append(roles.Children, p)
	add(p, strings.TrimSuffix(p.URL, "/index.html"))
}

// pickerHTML is the picker's page: a note and a link to every ladder,
// which is all a reader without JavaScript gets, and the two pickers and
// the region the comparison is shown in, which ladders.js reveals.
func pickerHTML(d *compare.Data, h *host, lads []*compare.Ladder) string {
	var b strings.Builder
	b.WriteString("<p class=\"lead\">Pick a level of one role and a level of the same role or another, and see what each is expected to do, competency by competency, with their pay bands. The page's address keeps the choice: share it to share the comparison.</p>\n")
	b.WriteString(`<div class="picker-nojs" data-picker-nojs><p>The picker needs JavaScript. Each ladder shows all of its levels side by side:</p><ul>`)
	for _, lad := range lads {
		r := d.Role(lad.Role)
		fmt.Fprintf(&b, `<li><a href="%s">%s career ladder</a></li>`, esc(h.URL(compare.LadderURL(r.ID))), esc(r.Name))
	}
	b.WriteString("</ul></div>\n")
	b.WriteString(`<form class="picker" data-picker hidden>`)
	for _, side := range []struct{ id, legend string }{{"a", "First level (A)"}, {"b", "Second level (B)"}} {
		fmt.Fprintf(&b, `<fieldset class="picker-side"><legend>%s</legend>`, side.legend)
		fmt.Fprintf(&b, `<label for="picker-%s-role">Role</label><select id="picker-%s-role" data-side="%s" data-part="role"></select>`, side.id, side.id, side.id)
		fmt.Fprintf(&b, `<label for="picker-%s-level">Level</label><select id="picker-%s-level" data-side="%s" data-part="level"></select>`, side.id, side.id, side.id)
		b.WriteString(`</fieldset>`)
	}
	b.WriteString("</form>\n")
	b.WriteString(`<div class="picker-result" data-picker-result aria-live="polite"></div>` + "\n")
	fmt.Fprintf(&b, `<script src="%s" defer></script>`+"\n", esc(h.URL(pickerIndexURL)))
	fmt.Fprintf(&b, `<script src="%s" defer></script>`+"\n", esc(h.URL("assets/ladders.js")))
	return b.String()
}

// pickerFiles are the picker's data scripts.
func (cmp *comparison) pickerFiles() map[string][]byte {
	d := cmp.data
	lads := pickerLadders(d)
	if len(lads) == 0 || d.Role(pickerSlug) != nil {
		return nil
	}
	out := map[string][]byte{pickerIndexURL: pickerIndex(d, lads)}
	files := make([][]byte, len(lads))
	parallel(len(lads), func(i int) {
		// Problems in the texts are reported where the ladder pages
		// render the same texts; this page state only carries the links.
		h := &host{st: &pageState{page: &Page{URL: pickerURL}, links: cmp.links}, md: cmp.md}
		files[i] = pickerRole(d, h, lads[i])
	})
	for i, lad := range lads {
		out[pickerRoleURL(lad.Role)] = files[i]
	}
	return out
}

// pickerIndex is index.js:
//
//	window.HB_LADDERS = {
//	  s: the folder of the role scripts,
//	  z: [zone name, …],
//	  r: [[role id, name, ladder folder,
//	       [[level id, title, grade, [[zone, band, example], …]], …]], …]}
//
// Folders are relative to the picker's page: a role's script is
// ROLE.js in s, its ladder page index.html in its ladder folder and a
// level's page LEVEL/index.html there (pickerRoleURL, compare.LadderURL
// and compare.LevelURL), which ids, being URL-safe, need no escaping
// in. A zone is an index in z, a band is as Band.Display writes it, and
// example is 1 for a band that is the handbook's own example, not a
// sourced figure.
func pickerIndex(d *compare.Data, lads []*compare.Ladder) []byte {
	zones := []string{}
	zoneIdx := map[string]int{}
	zone := func(id string) int {
		name := d.ZoneName(id)
		i, ok := zoneIdx[name]
		if !ok {
			i = len(zones)
			zones = append(zones, name)
			zoneIdx[name] = i
		}
		return i
	}
	roles := make([]any, 0, len(lads))
	for _, lad := range lads {
		r := d.Role(lad.Role)
		levels := make([]any, 0, len(lad.Levels))
		for _, lv := range lad.Levels {
			bands := []any{}
			for _, band := range lad.BandsFor(lv.ID) {
				example := 0
				if band.Example {
					example = 1
				}
				bands = append(bands, []any{zone(band.Zone), band.Display(), example})
			}
			levels = append(levels, []any{lv.ID, lv.Title, lv.Grade, bands})
		}
		dir := strings.TrimSuffix(relURL(pickerURL, compare.LadderURL(r.ID)), "index.html")
		roles = append(roles, []any{r.ID, r.Name, dir, levels})
	}
	scripts := strings.TrimSuffix(relURL(pickerURL, pickerRoleURL("x")), "x.js")
	var b bytes.Buffer
	b.WriteString("window.HB_LADDERS=")
	b.Write(scriptJSON(map[string]any{"s": scripts, "z": zones, "r": roles}))
	b.WriteString(";\n")
	return b.Bytes()
}

// pickerRole is a role's script:
//
//	HB_LADDER_TEXT(role id, {
//	  a: [area, …],
//	  c: [[competency id, name, area, [cell, …]], …]})
//
// with a cell per level, in order, of what the level effectively
// expects: the HTML of its own expectation, the index of the earlier
// level whose expectation it has (a level written as same), or null when
// it is not yet expected.
func pickerRole(d *compare.Data, h *host, lad *compare.Ladder) []byte {
	areas := lad.Areas()
	areaIdx := map[string]int{}
	for i, a := range areas {
		areaIdx[a] = i
	}
	index := map[string]int{}
	for i, lv := range lad.Levels {
		index[lv.ID] = i
	}
	comps := make([]any, 0, len(lad.Competencies))
	for _, c := range lad.Competencies {
		cells := make([]any, len(lad.Levels))
		for i, lv := range lad.Levels {
			e, from := lad.Effective(c, lv.ID)
			switch {
			case e == nil || e.NA:
				cells[i] = nil
			case from != "":
				cells[i] = index[from]
			default:
				cells[i] = d.ExpectationHTML(h, e)
			}
		}
		comps = append(comps, []any{c.ID, c.Name, areaIdx[c.Area], cells})
	}
	var b bytes.Buffer
	b.WriteString("HB_LADDER_TEXT(")
	b.Write(scriptJSON(lad.Role))
	b.WriteByte(',')
	b.Write(scriptJSON(map[string]any{"a": areas, "c": comps}))
	b.WriteString(");\n")
	return b.Bytes()
}

// scriptJSON encodes v for a script. encoding/json escapes <, > and &,
// and U+2028 and U+2029, so that no string ends a script element or a
// line of a script, in a file of its own or inlined in a page.
func scriptJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // strings, numbers and slices of them always encode
	}
	return b
}
