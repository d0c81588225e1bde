package compare

import (
	"fmt"
	"regexp"
	"strings"
)

// A diff block compares two levels, of one ladder or of two:
//
//	```diff
//	from: pm/senior
//	to: tpm/senior
//	```
//
// A fenced diff block is also how a unified diff is highlighted, so a
// block is a level diff only when its first line that says anything is a
// from: or to: key; "--- a/file" stays code.

var diffKeyRE = regexp.MustCompile(`^(from|to):(\s|$)`)

// isLevelDiff reports whether a diff block's body is a level diff.
func isLevelDiff(body []byte) bool {
	for _, line := range strings.Split(string(body), "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
			return diffKeyRE.MatchString(t)
		}
	}
	return false
}

// DiffRow is how one competency differs between two levels.
type DiffRow struct {
	ID, Name, Area string
	From, To       *Expectation // effective; nil when the ladder lacks the competency
	FromLevel      string       // the level From is written at, when inherited
	ToLevel        string
	Change         Change
}

// Dropped is a competency the later level's ladder does not have, or no
// longer expects.
const Dropped Change = "dropped"

// Diff compares what level a of ladder la and level b of ladder lb
// expect, competency by competency: the rows of la's competencies in its
// order, then those only lb has.
func Diff(la *Ladder, a *Level, lb *Ladder, b *Level) []DiffRow {
	var rows []DiffRow
	seen := map[string]bool{}
	row := func(ca, cb *Competency) DiffRow {
		r := DiffRow{}
		if ca != nil {
			r.ID, r.Name, r.Area = ca.ID, ca.Name, ca.Area
			r.From, r.FromLevel = la.Effective(ca, a.ID)
		}
		if cb != nil {
			if ca == nil {
				r.ID, r.Name, r.Area = cb.ID, cb.Name, cb.Area
			}
			r.To, r.ToLevel = lb.Effective(cb, b.ID)
		}
		has := func(e *Expectation) bool { return e != nil && !e.NA }
		switch {
		case !has(r.From) && has(r.To):
			r.Change = Added
		case has(r.From) && !has(r.To):
			r.Change = Dropped
		case r.From == r.To || has(r.From) && r.From.Text == r.To.Text:
			r.Change = Unchanged
		case !has(r.From):
			r.Change = Unchanged // neither expects it
		default:
			r.Change = Raised
		}
		return r
	}
	for _, ca := range la.Competencies {
		seen[ca.ID] = true
		rows = append(rows, row(ca, lb.competency(ca.ID)))
	}
	for _, cb := range lb.Competencies {
		if !seen[cb.ID] {
			rows = append(rows, row(nil, cb))
		}
	}
	return rows
}

func (lad *Ladder) competency(id string) *Competency {
	for _, c := range lad.Competencies {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// DiffHTML renders a level diff: what changes, grouped as raised, added,
// dropped and unchanged, and both levels' pay bands.
func (d *Data) DiffHTML(h Host, la *Ladder, a *Level, lb *Ladder, b *Level) string {
	var out strings.Builder
	fromName, toName := d.levelName(la, a), d.levelName(lb, b)
	fmt.Fprintf(&out, `<div class="level-diff"><p>From <a href="%s">%s</a> to <a href="%s">%s</a>.</p>`,
		esc(h.URL(LevelURL(la.Role, a.ID))), esc(fromName), esc(h.URL(LevelURL(lb.Role, b.ID))), esc(toName))
	rows := Diff(la, a, lb, b)
	labels := map[Change]string{Raised: "Raised", Added: "Added", Dropped: "No longer expected", Unchanged: "Unchanged"}
	if la != lb {
		labels[Raised] = "Different"
	}
	for _, ch := range []Change{Raised, Added, Dropped, Unchanged} {
		var items []string
		for _, r := range rows {
			if r.Change != ch {
				continue
			}
			name := esc(r.Name)
			switch ch {
			case Raised:
				items = append(items, fmt.Sprintf(`<dt>%s</dt><dd><p class="step-before"><span class="step-label">%s:</span> %s</p><p class="step-after"><span class="step-label">%s:</span> %s</p></dd>`,
					name, esc(a.Title), d.expectation(h, r.From), esc(b.Title), d.expectation(h, r.To)))
			case Dropped:
				items = append(items, fmt.Sprintf(`<dt>%s</dt><dd>%s</dd>`, name, d.expectation(h, r.From)))
			default:
				items = append(items, fmt.Sprintf(`<dt>%s</dt><dd>%s</dd>`, name, d.expectation(h, r.To)))
			}
		}
		if len(items) == 0 {
			continue
		}
		fmt.Fprintf(&out, `<p class="diff-head"><strong>%s</strong> (%d)</p><dl class="step-%s">%s</dl>`, labels[ch], len(items), ch, strings.Join(items, ""))
	}
	if len(la.BandsFor(a.ID))+len(lb.BandsFor(b.ID)) > 0 {
		if la == lb {
			out.WriteString(d.bandTable(h, la, []*Level{a, b}, ""))
		} else {
			out.WriteString(d.bandTable(h, la, []*Level{a}, ""))
			out.WriteString(d.bandTable(h, lb, []*Level{b}, ""))
		}
	}
	out.WriteString("</div>\n")
	return out.String()
}

// levelName names a level with its role when the role's name is not in
// the level's title already.
func (d *Data) levelName(lad *Ladder, lv *Level) string {
	if r := d.roles[lad.Role]; r != nil && !strings.Contains(strings.ToLower(lv.Title), strings.ToLower(r.Name)) {
		return r.Name + ": " + lv.Title
	}
	return lv.Title
}
