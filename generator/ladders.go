package generator

import (
	"fmt"
	"strings"

	"github.com/rolehandbook/handbook/generator/compare"
)

// addLadders puts a ladder page per role into the roles section, with a
// page per level and per step between adjacent levels beneath it, so the
// sidebar, search and print reach them as they reach any page.
func (cmp *comparison) addLadders(roles *Section, add func(*Page, string)) {
	d := cmp.data
	for i, lad := range d.Ladders {
		r := d.Role(lad.Role)
		if r == nil {
			continue // reported by validation
		}
		sub := &Section{Dir: "roles/" + r.ID + "/ladder", Parent: roles, Depth: roles.Depth + 1}
		idx := &Page{Kind: "ladder", URL: compare.LadderURL(r.ID), Sub: sub, Section: roles}
		idx.Meta.Title = r.Name + " career ladder"
		idx.Meta.LinkTitle = r.Label() + " ladder"
		idx.Meta.Description = "The " + r.Name + " levels, what each expects, and the pay bands."
		idx.Meta.Weight = 950 + i
		idx.gen = func(h *host) []byte { return []byte(d.LadderHTML(h, lad)) }
		sub.Index = idx
		roles.Children = append(roles.Children, idx)
		add(idx, strings.TrimSuffix(idx.URL, "/index.html"))
		for j, lv := range lad.Levels {
			p := &Page{Kind: "level", URL: compare.LevelURL(r.ID, lv.ID), Section: sub}
			p.Meta.Title = r.Label() + ": " + lv.Title
			p.Meta.Description = fmt.Sprintf("Everything expected of a %s at the %s level, and its pay band.", r.Name, lv.Title)
			p.Meta.Weight = 2*j + 1
			p.gen = func(h *host) []byte { return []byte(d.LevelHTML(h, lad, lv)) }
			sub.Children = append(sub.Children, p)
			add(p, strings.TrimSuffix(p.URL, "/index.html"))
			if j == 0 {
				continue
			}
			from := lad.Levels[j-1]
			s := &Page{Kind: "ladder-step", URL: compare.StepURL(r.ID, from.ID, lv.ID), Section: sub}
			s.Meta.Title = r.Label() + ": what changes from " + from.Title + " to " + lv.Title
			s.Meta.LinkTitle = from.Title + " → " + lv.Title
			s.Meta.Description = fmt.Sprintf("What a %s adds and raises from %s to %s.", r.Name, from.Title, lv.Title)
			s.Meta.Weight = 2 * j
			s.gen = func(h *host) []byte { return []byte(d.StepHTML(h, lad, from, lv)) }
			sub.Children = append(sub.Children, s)
			add(s, strings.TrimSuffix(s.URL, "/index.html"))
		}
		cmp.addJobs(sub, lad, add)
	}
	cmp.addPicker(roles, add)
}

// ladderFiles are the files the ladders add beside their pages: the
// picker's data scripts and the job descriptions as markdown and text.
func (cmp *comparison) ladderFiles() map[string][]byte {
	out := map[string][]byte{}
	for k, v := range cmp.pickerFiles() {
		out[k] = v
	}
	for k, v := range cmp.jobFiles() {
		out[k] = v
	}
	return out
}

// embedLadder implements embedder for ```ladder, ```level and ```band blocks.
func (cmp *comparison) embedLadder(st *pageState, lang string, body []byte, line int) ([]byte, bool) {
	if cmp.data == nil || len(cmp.data.Ladders) == 0 {
		st.errs.add(st.page.Src, line-1, 1, "%s block, but there are no ladders: add a ladders list to a data file in %s/", lang, dataDir)
		return nil, true
	}
	st.embeds++
	if st.embeds > compare.MaxPageEmbeds {
		if st.embeds == compare.MaxPageEmbeds+1 {
			st.errs.add(st.page.Src, line-1, 1, "more than %d data blocks on one page: split the page", compare.MaxPageEmbeds)
		}
		return nil, true
	}
	out, probs := cmp.data.LadderEmbedHTML(&host{st: st, md: cmp.md}, lang, body, st.page.Src, line, fmt.Sprintf("%s-%d", lang, st.embeds))
	for _, p := range probs {
		st.errs.add(p.Pos.File, p.Pos.Line, p.Pos.Col, "%s", p.Msg)
	}
	if len(probs) > 0 {
		return nil, true
	}
	return []byte(out), true
}
