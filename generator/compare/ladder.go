package compare

import (
	"sort"
	"strings"
)

// A ladder is a role's levels and what each level is expected to do, as a
// top-level ladders list in any data file:
//
//	ladders:
//	  - role: pm                       # a role id
//	    description: markdown shown above the ladder
//	    tracks:                        # optional
//	      - {id: ic, name: Individual contributor, kind: ic}
//	      - {id: mgr, name: Manager, kind: manager, branches_from: senior}
//	    levels:                        # listed in order
//	      - {id: mid, title: Product Manager, order: 2, grade: L2, track: ic,
//	         summary: …, scope: …}
//	    competencies:
//	      - id: discovery
//	        name: Discovery
//	        area: Craft                # rows are shown in areas
//	        expectations:              # one per level
//	          associate: Markdown text.
//	          mid: same                # as the previous level
//	          senior: {text: …, sources: [id]}
//	    bands:
//	      - {level: mid, zone: us, min: 90000, max: 120000, currency: USD,
//	         period: year, as_of: 2024-06, source: id}   # or example: true
//
// An expectation of n/a says the level is not yet expected to show the
// competency. Expectations are cumulative: a level written as same shows
// the nearest earlier level's text, marked as inherited.

// Kinds of track.
const (
	TrackIC      = "ic"
	TrackManager = "manager"
)

// Ladder is a role's levels, competencies and pay bands.
type Ladder struct {
	Role         string
	Description  string
	Tracks       []*Track
	Levels       []*Level // in order
	Competencies []*Competency
	Bands        []*Band
	Pos          Pos
	RolePos      Pos
	DescPos      Pos

	// Made once the ladder is final (ladder_pay.go's derive): each
	// level's place, and how much each band overlaps the next level's.
	levelIndex map[string]int
	overlaps   map[*Band]float64
}

// Track is a path through the levels: individual contributor or manager.
type Track struct {
	ID, Name, Kind string
	BranchesFrom   string // a level id, or ""
	Pos            Pos
	BranchPos      Pos
}

// Level is one step of a ladder.
type Level struct {
	ID, Title      string
	Order          int
	Grade          string
	Track          string
	Summary, Scope string
	Pos            Pos
	TrackPos       Pos
}

// Competency is one row of a ladder, with an expectation per level id.
type Competency struct {
	ID, Name, Area string
	Expect         map[string]*Expectation
	Pos            Pos
}

// Expectation is what one level is expected to show in one competency.
type Expectation struct {
	Text    string // markdown; "" when Same or NA
	Same    bool   // as the previous level
	NA      bool   // not yet expected at this level
	Sources []string
	Pos     Pos
	At      []Pos // where each source is written
}

// Band is the pay for one level, in one zone or everywhere.
type Band struct {
	Level, Zone      string
	Min, Max         float64
	Currency, Period string
	AsOf             string
	Source           string
	Example          bool
	Derived          *Derivation // how it was worked out, for a zone that is a factor of another
	Pos, MaxPos      Pos
	LevelPos         Pos
	ZonePos          Pos
	AsOfPos          Pos
	SourcePos        Pos
	lang             string // how amounts are written (money.go)
}

// Money writes an amount in the band's currency.
func (b *Band) Money(f float64) string { return formatMoney(b.lang, b.Currency, f) }

// Ladder returns the ladder of a role, or nil.
func (d *Data) Ladder(role string) *Ladder {
	for _, l := range d.Ladders {
		if l.Role == role {
			return l
		}
	}
	return nil
}

// Level returns the level with id, or nil.
func (lad *Ladder) Level(id string) *Level {
	for _, lv := range lad.Levels {
		if lv.ID == id {
			return lv
		}
	}
	return nil
}

// levelIDs returns the ids of the ladder's levels, in order.
func (lad *Ladder) levelIDs() []string {
	ids := make([]string, len(lad.Levels))
	for i, lv := range lad.Levels {
		ids[i] = lv.ID
	}
	return ids
}

// index is a level's place in the ladder, or -1.
func (lad *Ladder) index(id string) int {
	if lad.levelIndex != nil {
		if i, ok := lad.levelIndex[id]; ok {
			return i
		}
		return -1
	}
	for i, lv := range lad.Levels {
		if lv.ID == id {
			return i
		}
	}
	return -1
}

// Effective returns what a level shows for a competency: its own
// expectation, or for same the nearest earlier one that says something,
// with the level it comes from ("" when it is the level's own).
func (lad *Ladder) Effective(c *Competency, level string) (*Expectation, string) {
	for i := lad.index(level); i >= 0; i-- {
		e := c.Expect[lad.Levels[i].ID]
		if e == nil || e.Same {
			continue
		}
		if i == lad.index(level) {
			return e, ""
		}
		return e, lad.Levels[i].ID
	}
	return nil, ""
}

// Change is how a competency changes from one level to the next.
type Change string

// Changes between adjacent levels.
const (
	Added     Change = "added"
	Raised    Change = "raised"
	Unchanged Change = "unchanged"
)

// ChangeAt says how a competency changes at level from the level before.
func (lad *Ladder) ChangeAt(c *Competency, level string) Change {
	e := c.Expect[level]
	if e == nil || e.Same || e.NA {
		return Unchanged
	}
	i := lad.index(level)
	if i <= 0 {
		return Added
	}
	if prev, _ := lad.Effective(c, lad.Levels[i-1].ID); prev == nil || prev.NA {
		return Added
	}
	return Raised
}

// Areas returns the competency areas in the order they first appear.
func (lad *Ladder) Areas() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range lad.Competencies {
		if !seen[c.Area] {
			seen[c.Area] = true
			out = append(out, c.Area)
		}
	}
	return out
}

// Zones returns the zones the bands name, sorted, with "" (everywhere) first.
func (lad *Ladder) Zones() []string {
	seen := map[string]bool{}
	var out []string
	for _, b := range lad.Bands {
		if !seen[b.Zone] {
			seen[b.Zone] = true
			out = append(out, b.Zone)
		}
	}
	sort.Strings(out)
	return out
}

// BandsFor returns a level's bands, by zone.
func (lad *Ladder) BandsFor(level string) []*Band {
	var out []*Band
	for _, b := range lad.Bands {
		if b.Level == level {
			out = append(out, b)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Zone < out[j].Zone })
	return out
}

// Display writes a band as a reader sees it: "$90,000–$120,000 per year".
func (b *Band) Display() string {
	s := b.Money(b.Min) + "–" + b.Money(b.Max)
	if b.Period != "" {
		s += " per " + b.Period
	}
	return s
}

// Anchor is the id of a level's cell in a competency's row: "ic4-execution".
func Anchor(level, competency string) string { return level + "-" + competency }

// LadderURL is a role's ladder page.
func LadderURL(role string) string { return "roles/" + role + "/ladder/index.html" }

// LevelURL is a level's page.
func LevelURL(role, level string) string { return "roles/" + role + "/ladder/" + level + "/index.html" }

// StepURL is the page of what changes from one level to the next.
func StepURL(role, from, to string) string {
	return "roles/" + role + "/ladder/" + from + "-to-" + to + "/index.html"
}

func levelTitle(lv *Level) string {
	if lv.Grade != "" && !strings.Contains(lv.Title, lv.Grade) {
		return lv.Title + " (" + lv.Grade + ")"
	}
	return lv.Title
}
