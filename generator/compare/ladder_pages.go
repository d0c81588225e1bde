package compare

import (
	"fmt"
	"strings"

	"github.com/rolehandbook/handbook/generator/internal/typography"
)

// LadderHTML is the body of a role's ladder page: levels across,
// competencies down, a row anchor per competency and a cell anchor per
// level and competency. The table scrolls sideways inside a focusable
// region, so a keyboard can scroll it on a narrow screen.
func (d *Data) LadderHTML(h Host, lad *Ladder) string {
	var b strings.Builder
	if lad.Description != "" {
		fmt.Fprintf(&b, `<div class="ladder-desc">%s</div>`+"\n", h.Markdown(lad.Description, lad.DescPos))
	}
	b.WriteString(`<h2 id="levels">Levels</h2><ol class="ladder-levels">`)
	for i, lv := range lad.Levels {
		fmt.Fprintf(&b, `<li><a href="%s">%s</a>`, esc(h.URL(LevelURL(lad.Role, lv.ID))), esc(levelTitle(lv)))
		if lv.Summary != "" {
			b.WriteString(": " + esc(lv.Summary))
		}
		if i > 0 {
			prev := lad.Levels[i-1]
			fmt.Fprintf(&b, ` <a class="ladder-step" href="%s">What changes from %s</a>`, esc(h.URL(StepURL(lad.Role, prev.ID, lv.ID))), esc(prev.Title))
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ol>\n")
	if len(lad.Tracks) > 0 {
		b.WriteString(`<h2 id="tracks">Tracks</h2><ul class="ladder-tracks">`)
		for _, t := range lad.Tracks {
			kind := "individual contributor"
			if t.Kind == TrackManager {
				kind = "manager"
			}
			fmt.Fprintf(&b, `<li>%s (%s)`, esc(t.Name), kind)
			if lv := lad.Level(t.BranchesFrom); lv != nil {
				fmt.Fprintf(&b, `, branching from <a href="%s">%s</a>`, esc(h.URL(LevelURL(lad.Role, lv.ID))), esc(lv.Title))
			}
			b.WriteString("</li>")
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString(`<h2 id="expectations">Expectations</h2>` + "\n")
	b.WriteString(d.LadderTableHTML(h, lad, "", true))
	if len(lad.Bands) > 0 {
		b.WriteString(`<h2 id="pay">Pay bands</h2>` + "\n")
		for _, z := range lad.Zones() {
			b.WriteString(d.BandChartHTML(lad, z, "pay-"+zoneID(z)))
		}
		b.WriteString(d.BandHTML(h, lad, "", ""))
	}
	fmt.Fprintf(&b, `<p class="ladder-export">Every ladder as data: <a href="%s">JSON</a>, <a href="%s">expectations CSV</a>, <a href="%s">pay bands CSV</a>.</p>`+"\n",
		esc(h.URL(JSONURL)), esc(h.URL(LaddersCSVURL)), esc(h.URL(BandsCSVURL)))
	return b.String()
}

// LadderTableHTML renders a ladder's expectations table. prefix keeps the
// ids of two tables on one page apart; anchors gives each row and cell
// its id.
func (d *Data) LadderTableHTML(h Host, lad *Ladder, prefix string, anchors bool) string {
	var b strings.Builder
	name := lad.Role
	if r := d.roles[lad.Role]; r != nil {
		name = r.Name
	}
	fmt.Fprintf(&b, `<div class="ladder-scroll" role="region" aria-label="%s ladder, scrolls sideways" tabindex="0"><table class="ladder-table"><caption>%s ladder</caption>`, esc(name), esc(name))
	b.WriteString(`<thead><tr><th scope="col">Competency</th>`)
	for _, lv := range lad.Levels {
		fmt.Fprintf(&b, `<th scope="col"><a href="%s">%s</a></th>`, esc(h.URL(LevelURL(lad.Role, lv.ID))), esc(levelTitle(lv)))
	}
	b.WriteString(`</tr></thead>`)
	for _, area := range lad.Areas() {
		fmt.Fprintf(&b, `<tbody><tr class="group-row"><th scope="colgroup" colspan="%d">%s</th></tr>`, len(lad.Levels)+1, esc(area))
		for _, c := range lad.Competencies {
			if c.Area != area {
				continue
			}
			if anchors {
				fmt.Fprintf(&b, `<tr id="%s"><th scope="row"><a class="row-anchor" href="#%s">%s</a></th>`, esc(prefix+c.ID), esc(prefix+c.ID), esc(c.Name))
			} else {
				fmt.Fprintf(&b, `<tr><th scope="row"><a class="row-anchor" href="%s#%s">%s</a></th>`, esc(h.URL(LadderURL(lad.Role))), esc(c.ID), esc(c.Name))
			}
			for i, lv := range lad.Levels {
				id := ""
				if anchors {
					id = fmt.Sprintf(` id="%s"`, esc(prefix+Anchor(lv.ID, c.ID)))
				}
				e := c.Expect[lv.ID]
				switch {
				case e == nil:
					fmt.Fprintf(&b, `<td%s data-label="%s"></td>`, id, esc(lv.Title))
				case e.Same:
					_, from := lad.Effective(c, lv.ID)
					fmt.Fprintf(&b, `<td%s data-label="%s" class="same"><span class="inherited">As %s</span></td>`, id, esc(lv.Title), esc(d.fromTitle(lad, from, i)))
				default:
					fmt.Fprintf(&b, `<td%s data-label="%s">%s</td>`, id, esc(lv.Title), d.expectation(h, e))
				}
			}
			b.WriteString(`</tr>`)
		}
		b.WriteString(`</tbody>`)
	}
	b.WriteString("</table></div>\n")
	return b.String()
}

// fromTitle names the level a same cell inherits from.
func (d *Data) fromTitle(lad *Ladder, from string, i int) string {
	if lv := lad.Level(from); lv != nil {
		return lv.Title
	}
	if i > 0 {
		return lad.Levels[i-1].Title
	}
	return "the level before"
}

// ExpectationHTML renders an expectation with its citations, as the
// ladder's pages show it.
func (d *Data) ExpectationHTML(h Host, e *Expectation) string { return d.expectation(h, e) }

func (d *Data) expectation(h Host, e *Expectation) string {
	if e == nil || e.NA {
		return `<span class="na">Not yet expected</span>`
	}
	return string(h.Markdown(e.Text, e.Pos)) + d.cite(h, e.Sources)
}

// LevelHTML is the body of a level's page: everything expected at the
// level, inherited expectations marked with the level they come from,
// and the level's pay band.
func (d *Data) LevelHTML(h Host, lad *Ladder, lv *Level) string {
	var b strings.Builder
	if lv.Summary != "" {
		fmt.Fprintf(&b, "<p class=\"lead\">%s</p>\n", esc(typography.Quotes(lv.Summary)))
	}
	if lv.Scope != "" {
		fmt.Fprintf(&b, "<p><strong>Scope:</strong> %s</p>\n", esc(lv.Scope))
	}
	i := lad.index(lv.ID)
	b.WriteString(`<ul class="ladder-nav">`)
	fmt.Fprintf(&b, `<li><a href="%s">The whole ladder</a></li>`, esc(h.URL(LadderURL(lad.Role))))
	fmt.Fprintf(&b, `<li><a href="%s">This level as a job description</a></li>`, esc(h.URL(JobURL(lad.Role, lv.ID))))
	if i > 0 {
		p := lad.Levels[i-1]
		fmt.Fprintf(&b, `<li><a href="%s">What changes from %s to %s</a></li>`, esc(h.URL(StepURL(lad.Role, p.ID, lv.ID))), esc(p.Title), esc(lv.Title))
	}
	if i+1 < len(lad.Levels) {
		n := lad.Levels[i+1]
		fmt.Fprintf(&b, `<li><a href="%s">What changes from %s to %s</a></li>`, esc(h.URL(StepURL(lad.Role, lv.ID, n.ID))), esc(lv.Title), esc(n.Title))
	}
	b.WriteString("</ul>\n")
	b.WriteString(d.LevelBodyHTML(h, lad, lv, 2))
	return b.String()
}

// LevelBodyHTML renders a level's expectations by area and its pay band,
// with headings at depth.
func (d *Data) LevelBodyHTML(h Host, lad *Ladder, lv *Level, depth int) string {
	var b strings.Builder
	for _, area := range lad.Areas() {
		fmt.Fprintf(&b, `<h%d>%s</h%d><dl class="level-expect">`, depth, esc(area), depth)
		for _, c := range lad.Competencies {
			if c.Area != area {
				continue
			}
			e, from := lad.Effective(c, lv.ID)
			fmt.Fprintf(&b, `<dt><a href="%s#%s">%s</a></dt><dd>%s`, esc(h.URL(LadderURL(lad.Role))), esc(Anchor(lv.ID, c.ID)), esc(c.Name), d.expectation(h, e))
			if f := lad.Level(from); f != nil {
				fmt.Fprintf(&b, ` <span class="inherited">from %s</span>`, esc(f.Title))
			}
			b.WriteString("</dd>")
		}
		b.WriteString("</dl>\n")
	}
	if len(lad.BandsFor(lv.ID)) > 0 {
		fmt.Fprintf(&b, `<h%d>Pay band</h%d>`+"\n", depth, depth)
		b.WriteString(d.BandHTML(h, lad, lv.ID, ""))
	}
	return b.String()
}

// StepHTML is the body of the page of what changes from one level to the
// next: per competency, added, raised or unchanged.
func (d *Data) StepHTML(h Host, lad *Ladder, from, to *Level) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<p>What a <a href=\"%s\">%s</a> is expected to add or raise on the way to <a href=\"%s\">%s</a>. Everything else carries over unchanged.</p>\n",
		esc(h.URL(LevelURL(lad.Role, from.ID))), esc(from.Title), esc(h.URL(LevelURL(lad.Role, to.ID))), esc(to.Title))
	ladderURL := esc(h.URL(LadderURL(lad.Role)))
	for _, ch := range []Change{Raised, Added, Unchanged} {
		var items []string
		for _, c := range lad.Competencies {
			if lad.ChangeAt(c, to.ID) != ch {
				continue
			}
			link := fmt.Sprintf(`<a href="%s#%s">%s</a>`, ladderURL, esc(c.ID), esc(c.Name))
			now, _ := lad.Effective(c, to.ID)
			switch ch {
			case Raised:
				before, _ := lad.Effective(c, from.ID)
				items = append(items, fmt.Sprintf(`<dt>%s</dt><dd><p class="step-before"><span class="step-label">%s:</span> %s</p><p class="step-after"><span class="step-label">%s:</span> %s</p></dd>`,
					link, esc(from.Title), d.expectation(h, before), esc(to.Title), d.expectation(h, now)))
			case Added:
				items = append(items, fmt.Sprintf(`<dt>%s</dt><dd>%s</dd>`, link, d.expectation(h, now)))
			default:
				items = append(items, fmt.Sprintf(`<dt>%s</dt><dd>%s</dd>`, link, d.expectation(h, now)))
			}
		}
		fmt.Fprintf(&b, `<h2 id="%s">%s</h2>`, ch, strings.ToUpper(string(ch[:1]))+string(ch[1:]))
		if len(items) == 0 {
			b.WriteString("<p>None.</p>\n")
			continue
		}
		fmt.Fprintf(&b, `<dl class="step-%s">%s</dl>`+"\n", ch, strings.Join(items, ""))
	}
	if bands := d.stepBands(h, lad, from, to); bands != "" {
		b.WriteString(`<h2 id="pay">Pay bands</h2>` + "\n" + bands)
	}
	return b.String()
}

func (d *Data) stepBands(h Host, lad *Ladder, from, to *Level) string {
	if len(lad.BandsFor(from.ID)) == 0 && len(lad.BandsFor(to.ID)) == 0 {
		return ""
	}
	return d.bandTable(h, lad, []*Level{from, to}, "")
}

// BandHTML renders pay bands: of one level, or of every level when level
// is "", and of one zone, or of every zone when zone is "".
func (d *Data) BandHTML(h Host, lad *Ladder, level, zone string) string {
	levels := lad.Levels
	if lv := lad.Level(level); lv != nil {
		levels = []*Level{lv}
	}
	return d.bandTable(h, lad, levels, zone)
}

func (d *Data) bandTable(h Host, lad *Ladder, levels []*Level, zone string) string {
	var b strings.Builder
	// The name tells two band tables on one page apart.
	name := "Pay bands"
	if r := d.roles[lad.Role]; r != nil {
		name = r.Name + " pay bands"
	}
	if len(levels) < len(lad.Levels) {
		var titles []string
		for _, lv := range levels {
			titles = append(titles, lv.Title)
		}
		name += ": " + strings.Join(titles, ", ")
	}
	if zone != "" {
		name += " (" + d.ZoneName(zone) + ")"
	}
	fmt.Fprintf(&b, `<div class="ladder-scroll table-scroll" role="region" aria-label="%s, scrolls sideways" tabindex="0"><table class="band-table"><caption>%s</caption><thead>`, esc(name), esc(name))
	b.WriteString(`<tr><th scope="col">Level</th><th scope="col">Zone</th><th scope="col">Band</th><th scope="col">As of</th><th scope="col">Source</th></tr></thead><tbody>`)
	overlaps := lad.Overlaps()
	for _, lv := range levels {
		for _, band := range lad.BandsFor(lv.ID) {
			if zone != "" && band.Zone != zone {
				continue
			}
			overlap := ""
			if o, ok := overlaps[band]; ok {
				overlap = fmt.Sprintf(`<br><span class="band-overlap">Overlaps the next level by %s</span>`, esc(band.Money(o)))
			}
			fmt.Fprintf(&b, `<tr><th scope="row"><a href="%s">%s</a></th><td>%s</td><td class="num">%s%s</td><td>%s</td><td>%s</td></tr>`,
				esc(h.URL(LevelURL(lad.Role, lv.ID))), esc(lv.Title), esc(d.ZoneName(band.Zone)), esc(band.Display()), overlap, esc(band.AsOf), d.bandSource(h, band))
		}
	}
	b.WriteString("</tbody></table></div>\n")
	return b.String()
}

func zoneID(z string) string {
	if z == "" {
		return "all"
	}
	return z
}
