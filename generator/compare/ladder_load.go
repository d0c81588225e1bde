package compare

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/rolehandbook/handbook/generator/internal/suggest"
)

var currencyRE = regexp.MustCompile(`^[A-Z]{3}$`)

// ladder decodes one entry of a ladders list.
func (l *loader) ladder(n *yaml.Node) {
	m := l.mapping(n, "a ladder", []string{"role", "description", "tracks", "levels", "competencies", "bands", "internal"}, []string{"role", "levels", "competencies"})
	if m == nil {
		return
	}
	lad := &Ladder{Pos: l.pos(n), RolePos: l.pos(m["role"])}
	l.mark(lad, m)
	lad.Role = l.str(m["role"], "role")
	if v := m["description"]; v != nil {
		lad.Description, lad.DescPos = l.str(v, "description"), l.pos(v)
	}
	for _, t := range l.seq(m["tracks"], "tracks") {
		l.track(lad, t)
	}
	for _, lv := range l.seq(m["levels"], "levels") {
		l.level(lad, lv)
	}
	for _, c := range l.seq(m["competencies"], "competencies") {
		l.competency(lad, c)
	}
	for _, b := range l.seq(m["bands"], "bands") {
		l.band(lad, b)
	}
	if lad.Role == "" {
		return
	}
	if prev := l.data.Ladder(lad.Role); prev != nil {
		l.problem(lad.RolePos, "role %q has two ladders: already defined at %s", lad.Role, prev.Pos)
		return
	}
	l.data.Ladders = append(l.data.Ladders, lad)
}

func (l *loader) track(lad *Ladder, n *yaml.Node) {
	m := l.mapping(n, "a track", []string{"id", "name", "kind", "branches_from", "internal"}, []string{"id", "name", "kind"})
	if m == nil {
		return
	}
	t := &Track{Pos: l.pos(n), ID: l.id(m["id"], "track"), Name: l.str(m["name"], "name")}
	l.mark(t, m)
	if v := m["kind"]; v != nil {
		t.Kind = l.str(v, "kind")
		if t.Kind != "" && t.Kind != TrackIC && t.Kind != TrackManager {
			l.problem(l.pos(v), "unknown track kind %q: use ic or manager%s", t.Kind, suggest.DidYouMean(t.Kind, []string{TrackIC, TrackManager}))
		}
	}
	if v := m["branches_from"]; v != nil {
		t.BranchesFrom, t.BranchPos = l.str(v, "branches_from"), l.pos(v)
	}
	for _, o := range lad.Tracks {
		if o.ID == t.ID && t.ID != "" {
			l.problem(l.pos(m["id"]), "duplicate track id %q: already defined at %s", t.ID, o.Pos)
			return
		}
	}
	lad.Tracks = append(lad.Tracks, t)
}

func (l *loader) level(lad *Ladder, n *yaml.Node) {
	m := l.mapping(n, "a level", []string{"id", "title", "order", "grade", "track", "summary", "scope", "internal"}, []string{"id", "title", "order"})
	if m == nil {
		return
	}
	lv := &Level{Pos: l.pos(n), ID: l.id(m["id"], "level"), Title: l.str(m["title"], "title")}
	l.mark(lv, m)
	if v := m["order"]; v != nil {
		o, err := strconv.Atoi(v.Value)
		if err != nil || v.Kind != yaml.ScalarNode || v.Tag != "!!int" || o < 0 {
			l.problem(l.pos(v), "order must be a whole number, not %q", v.Value)
			return
		}
		lv.Order = o
		if len(lad.Levels) > 0 {
			prev := lad.Levels[len(lad.Levels)-1]
			switch {
			case o == prev.Order:
				l.problem(l.pos(v), "level %q has order %d, the same as level %q: give each level its own order", lv.ID, o, prev.ID)
			case o < prev.Order:
				l.problem(l.pos(v), "level %q has order %d, below level %q's %d: list levels from the first to the last", lv.ID, o, prev.ID, prev.Order)
			}
		}
	}
	for _, k := range []string{"grade", "track", "summary", "scope"} {
		v := m[k]
		if v == nil {
			continue
		}
		s := l.str(v, k)
		switch k {
		case "grade":
			lv.Grade = s
		case "track":
			lv.Track, lv.TrackPos = s, l.pos(v)
		case "summary":
			lv.Summary = s
		case "scope":
			lv.Scope = s
		}
	}
	if lv.ID == "" {
		return
	}
	if prev := lad.Level(lv.ID); prev != nil {
		l.problem(l.pos(m["id"]), "duplicate level id %q: already defined at %s", lv.ID, prev.Pos)
		return
	}
	lad.Levels = append(lad.Levels, lv)
}

func (l *loader) competency(lad *Ladder, n *yaml.Node) {
	m := l.mapping(n, "a competency", []string{"id", "name", "area", "expectations", "internal"}, []string{"id", "name", "area", "expectations"})
	if m == nil {
		return
	}
	c := &Competency{Pos: l.pos(n), ID: l.id(m["id"], "competency"), Name: l.str(m["name"], "name"), Area: l.str(m["area"], "area"), Expect: map[string]*Expectation{}}
	l.mark(c, m)
	for _, o := range lad.Competencies {
		if o.ID == c.ID && c.ID != "" {
			l.problem(l.pos(m["id"]), "duplicate competency id %q: already defined at %s", c.ID, o.Pos)
			return
		}
	}
	ex := m["expectations"]
	if ex == nil {
		return
	}
	if ex.Kind != yaml.MappingNode {
		l.problem(l.pos(ex), "expectations must map each level id to an expectation")
		return
	}
	ids := make([]string, len(lad.Levels))
	for i, lv := range lad.Levels {
		ids[i] = lv.ID
	}
	for i := 0; i+1 < len(ex.Content); i += 2 {
		k, v := ex.Content[i], ex.Content[i+1]
		if lad.Level(k.Value) == nil {
			l.problem(l.pos(k), "unknown level %q in competency %q%s", k.Value, c.ID, suggest.DidYouMean(k.Value, ids))
			continue
		}
		if c.Expect[k.Value] != nil {
			l.problem(l.pos(k), "level %q has two expectations in competency %q", k.Value, c.ID)
			continue
		}
		if e := l.expectation(c, k.Value, v); e != nil {
			c.Expect[k.Value] = e
		}
	}
	for i, lv := range lad.Levels {
		e := c.Expect[lv.ID]
		switch {
		case e == nil:
			if _, tried := findKey(ex, lv.ID); !tried {
				l.problem(l.pos(ex), "competency %q has no expectation for level %q: write one, same (as the previous level) or n/a", c.ID, lv.ID)
			}
		case e.Same && i == 0:
			l.problem(e.Pos, "competency %q cannot be same at %q, the first level: write what it expects", c.ID, lv.ID)
		}
	}
	lad.Competencies = append(lad.Competencies, c)
}

// findKey returns the value of key in a mapping node.
func findKey(n *yaml.Node, key string) (*yaml.Node, bool) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1], true
		}
	}
	return nil, false
}

func (l *loader) expectation(c *Competency, level string, n *yaml.Node) *Expectation {
	e := &Expectation{Pos: l.pos(n)}
	body := n
	if n.Kind == yaml.MappingNode {
		m := l.mapping(n, "an expectation", []string{"text", "sources", "internal"}, []string{"text"})
		if m == nil || m["text"] == nil {
			return nil
		}
		l.mark(e, m)
		if s := m["sources"]; s != nil {
			e.Sources, e.At = l.citations(s)
		}
		body = m["text"]
	}
	if isBlank(body) || body.Kind != yaml.ScalarNode {
		l.problem(l.pos(body), "expectation for level %q in competency %q must be text, same or n/a", level, c.ID)
		return nil
	}
	switch strings.ToLower(strings.TrimSpace(body.Value)) {
	case "same":
		e.Same = true
	case "n/a":
		e.NA = true
	default:
		e.Text = body.Value
	}
	if (e.Same || e.NA) && len(e.Sources) > 0 {
		l.problem(e.Pos, "expectation for level %q in competency %q cites sources but says %s: cite them where the text is", level, c.ID, body.Value)
	}
	return e
}

func (l *loader) band(lad *Ladder, n *yaml.Node) {
	m := l.mapping(n, "a band", []string{"level", "zone", "min", "max", "currency", "period", "as_of", "source", "example", "internal"}, []string{"level", "min", "max", "currency", "as_of"})
	if m == nil {
		return
	}
	b := &Band{Pos: l.pos(n), Period: "year"}
	l.mark(b, m)
	b.Level, b.LevelPos = l.str(m["level"], "level"), l.pos(m["level"])
	if v := m["zone"]; v != nil {
		b.Zone, b.ZonePos = l.id(v, "zone"), l.pos(v)
	}
	var ok1, ok2 bool
	if m["min"] != nil && m["max"] != nil {
		b.Min, ok1 = l.number(m["min"], "band "+b.Level)
		b.Max, ok2 = l.number(m["max"], "band "+b.Level)
		b.MaxPos = l.pos(m["max"])
		if ok1 && ok2 && b.Min > b.Max {
			l.problem(l.pos(m["min"]), "band for level %q has min %s above max %s", b.Level, formatNum(b.Min), formatNum(b.Max))
		}
	}
	if v := m["currency"]; v != nil {
		b.Currency = l.str(v, "currency")
		if b.Currency != "" && !currencyRE.MatchString(b.Currency) {
			l.problem(l.pos(v), "currency must be a three-letter code such as USD, not %q", b.Currency)
		}
	}
	if v := m["period"]; v != nil {
		b.Period = l.str(v, "period")
		if p := []string{"year", "month", "hour"}; b.Period != "" && !contains(p, b.Period) {
			l.problem(l.pos(v), "period must be year, month or hour, not %q%s", b.Period, suggest.DidYouMean(b.Period, p))
		}
	}
	if v := m["as_of"]; v != nil {
		b.AsOf, b.AsOfPos = l.str(v, "as_of"), l.pos(v)
		if b.AsOf != "" && parseAsOf(b.AsOf).IsZero() {
			l.problem(l.pos(v), "as_of must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not %q", b.AsOf)
		}
	}
	if v := m["source"]; v != nil {
		b.Source, b.SourcePos = l.str(v, "source"), l.pos(v)
	}
	if v := m["example"]; v != nil {
		b.Example = l.boolean(v, "example")
	}
	if b.Source == "" && !b.Example && m["source"] == nil {
		l.problem(b.Pos, "band for level %q cites no source: add source: or mark it example: true if it is the handbook's own example", b.Level)
	}
	if b.Level == "" {
		return
	}
	for _, o := range lad.Bands {
		if o.Level == b.Level && o.Zone == b.Zone {
			l.problem(b.LevelPos, "level %q has two bands in zone %q: already given at %s", b.Level, zoneName(b.Zone), o.Pos)
			return
		}
	}
	lad.Bands = append(lad.Bands, b)
}

func zoneName(z string) string {
	if z == "" {
		return "(all)"
	}
	return z
}

// validateLadders checks what a ladder names outside itself (roles,
// sources) and what only the whole ladder shows (bands rising with level,
// track branches).
func (l *loader) validateLadders(roleIDs, srcIDs []string, now time.Time, staleMonths int) {
	d := l.data
	for _, lad := range d.Ladders {
		if d.roles[lad.Role] == nil {
			l.problem(lad.RolePos, "unknown role %q in ladder%s", lad.Role, suggest.DidYouMean(lad.Role, roleIDs))
		}
		levelIDs := make([]string, len(lad.Levels))
		for i, lv := range lad.Levels {
			levelIDs[i] = lv.ID
		}
		trackIDs := make([]string, len(lad.Tracks))
		for i, t := range lad.Tracks {
			trackIDs[i] = t.ID
			if t.BranchesFrom != "" && lad.Level(t.BranchesFrom) == nil {
				l.problem(t.BranchPos, "track %q branches from unknown level %q%s", t.ID, t.BranchesFrom, suggest.DidYouMean(t.BranchesFrom, levelIDs))
			}
		}
		for _, lv := range lad.Levels {
			if lv.Track != "" && !contains(trackIDs, lv.Track) {
				l.problem(lv.TrackPos, "level %q names unknown track %q%s", lv.ID, lv.Track, suggest.DidYouMean(lv.Track, trackIDs))
			}
		}
		for _, c := range lad.Competencies {
			for _, lv := range lad.Levels {
				if e := c.Expect[lv.ID]; e != nil {
					for i, id := range e.Sources {
						if d.sources[id] == nil {
							p := e.Pos
							if i < len(e.At) {
								p = e.At[i]
							}
							l.problem(p, "unknown source %q%s", id, suggest.DidYouMean(id, srcIDs))
						}
					}
				}
			}
		}
		for _, b := range lad.Bands {
			if lad.Level(b.Level) == nil {
				l.problem(b.LevelPos, "band names unknown level %q%s", b.Level, suggest.DidYouMean(b.Level, levelIDs))
			}
			if b.Source != "" && d.sources[b.Source] == nil {
				l.problem(b.SourcePos, "unknown source %q%s", b.Source, suggest.DidYouMean(b.Source, srcIDs))
			}
			if b.AsOf != "" && staleMonths > 0 {
				if t := parseAsOf(b.AsOf); !t.IsZero() && t.AddDate(0, staleMonths, 0).Before(now) {
					l.warn(b.AsOfPos, "band for level %q in the %s ladder is dated %s, more than %d months ago: review the figures and update as_of", b.Level, lad.Role, b.AsOf, staleMonths)
					l.probs[len(l.probs)-1].Kind = "stale data"
				}
			}
		}
	}
}

// monotonic reports a band whose min or max falls below a lower level's,
// zone by zone: overlapping bands are normal, a falling one is a typo.
func (l *loader) monotonic(lad *Ladder) {
	for _, z := range lad.Zones() {
		in := lad.zoneBands(z)
		for i := 1; i < len(in); i++ {
			lo, hi := in[i-1], in[i]
			if lo.Currency != hi.Currency || lo.Period != hi.Period {
				l.problem(hi.Pos, "band for level %q in zone %s is in %s per %s, but level %q's is in %s per %s: use one currency and period per zone", hi.Level, zoneName(z), hi.Currency, hi.Period, lo.Level, lo.Currency, lo.Period)
				continue
			}
			if hi.Max < lo.Max {
				l.problem(hi.MaxPos, "band for level %q in zone %s has max %s, below level %q's %s: a higher level's band cannot fall", hi.Level, zoneName(z), formatNum(hi.Max), lo.Level, formatNum(lo.Max))
			} else if hi.Min < lo.Min {
				l.problem(hi.Pos, "band for level %q in zone %s has min %s, below level %q's %s: a higher level's band cannot fall", hi.Level, zoneName(z), formatNum(hi.Min), lo.Level, formatNum(lo.Min))
			}
		}
	}
}
