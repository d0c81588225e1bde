package compare

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/rolehandbook/handbook/generator/internal/suggest"
)

// Pay zones and exchange rates, as top-level lists in any data file:
//
//	zones:
//	  - {id: us, name: United States}                     # bands given directly
//	  - {id: eu, name: Europe, of: us, factor: 0.8, currency: EUR}
//	rates:
//	  - {from: USD, to: EUR, rate: 0.92, as_of: 2026-11, source: ecb}
//
// A zone with a factor pays that share of its benchmark zone (of), level
// by level: every band given in the benchmark zone gives a band in the
// zone, converted at the dated rate when the currencies differ. A band
// given directly for the zone wins over the derived one. Without a zones
// list, a band may name any zone.

// Zone is a place bands are given or derived for.
type Zone struct {
	ID, Name string
	Of       string  // the benchmark zone, when Factor is set
	Factor   float64 // 0 for a zone whose bands are given directly
	Currency string  // the currency derived bands are in; "" for the benchmark's
	Pos      Pos
	OfPos    Pos
}

// Rate is the price of one unit of From in To, on a date.
type Rate struct {
	From, To string
	Rate     float64
	AsOf     string
	Source   string
	Pos      Pos
	AsOfPos  Pos
	SrcPos   Pos
}

// Derivation says how a band was worked out from a benchmark band.
type Derivation struct {
	Zone    *Zone
	From    *Band
	Rate    *Rate // nil when no conversion was needed
	Inverse bool  // the rate was given the other way round
}

// Zone returns the zone with id, or nil.
func (d *Data) Zone(id string) *Zone {
	for _, z := range d.Zones {
		if z.ID == id {
			return z
		}
	}
	return nil
}

// ZoneName is how a reader sees a zone: its name, or its id.
func (d *Data) ZoneName(id string) string {
	if id == "" {
		return "All"
	}
	if z := d.Zone(id); z != nil && z.Name != "" {
		return z.Name
	}
	return id
}

func (l *loader) zone(n *yaml.Node) {
	m := l.mapping(n, "a zone", []string{"id", "name", "of", "factor", "currency", "internal"}, []string{"id", "name"})
	if m == nil {
		return
	}
	z := &Zone{Pos: l.pos(n), ID: l.id(m["id"], "zone"), Name: l.str(m["name"], "name")}
	l.mark(z, m)
	if v := m["of"]; v != nil {
		z.Of, z.OfPos = l.str(v, "of"), l.pos(v)
	}
	if v := m["factor"]; v != nil {
		f, err := strconv.ParseFloat(v.Value, 64)
		if v.Kind != yaml.ScalarNode || (v.Tag != "!!int" && v.Tag != "!!float") || err != nil || !(f > 0) || math.IsInf(f, 0) {
			l.problem(l.pos(v), "factor must be a number above 0, such as 0.85, not %q", v.Value)
		} else {
			z.Factor = f
		}
	}
	if v := m["currency"]; v != nil {
		z.Currency = l.str(v, "currency")
		if z.Currency != "" && !currencyRE.MatchString(z.Currency) {
			l.problem(l.pos(v), "currency must be a three-letter code such as EUR, not %q", z.Currency)
		}
	}
	switch {
	case m["factor"] != nil && z.Of == "":
		l.problem(z.Pos, "zone %q has a factor but no benchmark: add of: with the zone it is a factor of", z.ID)
	case m["factor"] == nil && z.Of != "":
		l.problem(z.OfPos, "zone %q names a benchmark but no factor: add factor:, such as 0.85", z.ID)
	}
	if z.ID == "" {
		return
	}
	if prev := l.data.Zone(z.ID); prev != nil {
		l.problem(l.pos(m["id"]), "duplicate zone id %q: already defined at %s", z.ID, prev.Pos)
		return
	}
	l.data.Zones = append(l.data.Zones, z)
}

func (l *loader) rate(n *yaml.Node) {
	m := l.mapping(n, "a rate", []string{"from", "to", "rate", "as_of", "source", "internal"}, []string{"from", "to", "rate", "as_of", "source"})
	if m == nil {
		return
	}
	r := &Rate{Pos: l.pos(n)}
	l.mark(r, m)
	for _, k := range []string{"from", "to"} {
		v := m[k]
		if v == nil {
			continue
		}
		s := l.str(v, k)
		if s != "" && !currencyRE.MatchString(s) {
			l.problem(l.pos(v), "%s must be a three-letter currency code such as USD, not %q", k, s)
		}
		if k == "from" {
			r.From = s
		} else {
			r.To = s
		}
	}
	if v := m["rate"]; v != nil {
		f, err := strconv.ParseFloat(v.Value, 64)
		if v.Kind != yaml.ScalarNode || (v.Tag != "!!int" && v.Tag != "!!float") || err != nil || !(f > 0) || math.IsInf(f, 0) {
			l.problem(l.pos(v), "rate must be a number above 0: how many %s one %s buys, not %q", r.To, r.From, v.Value)
		} else {
			r.Rate = f
		}
	}
	if v := m["as_of"]; v != nil {
		r.AsOf, r.AsOfPos = l.str(v, "as_of"), l.pos(v)
		if r.AsOf != "" && parseAsOf(r.AsOf).IsZero() {
			l.problem(r.AsOfPos, "as_of must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not %q", r.AsOf)
		}
	}
	if v := m["source"]; v != nil {
		r.Source, r.SrcPos = l.str(v, "source"), l.pos(v)
	}
	if r.From != "" && r.From == r.To {
		l.problem(r.Pos, "rate from %s to itself: remove it", r.From)
		return
	}
	for _, o := range l.data.Rates {
		if o.From == r.From && o.To == r.To || o.From == r.To && o.To == r.From {
			l.problem(r.Pos, "a second rate between %s and %s: already given at %s; keep one, the other way is worked out", r.From, r.To, o.Pos)
			return
		}
	}
	l.data.Rates = append(l.data.Rates, r)
}

// findRate returns the rate that converts from one currency to another,
// and whether it is given the other way round.
func (d *Data) findRate(from, to string) (*Rate, bool) {
	for _, r := range d.Rates {
		if r.From == from && r.To == to {
			return r, false
		}
		if r.From == to && r.To == from {
			return r, true
		}
	}
	return nil, false
}

// validatePay checks zones and rates: benchmarks that exist and are not
// derived themselves, sources that exist, bands in declared zones, and
// rates that are not stale.
func (l *loader) validatePay(srcIDs []string, now time.Time, staleMonths int) {
	d := l.data
	ids := make([]string, len(d.Zones))
	for i, z := range d.Zones {
		ids[i] = z.ID
	}
	for _, z := range d.Zones {
		if z.Of == "" {
			continue
		}
		switch b := d.Zone(z.Of); {
		case b == nil:
			l.problem(z.OfPos, "zone %q is a factor of unknown zone %q%s", z.ID, z.Of, suggest.DidYouMean(z.Of, ids))
		case b == z:
			l.problem(z.OfPos, "zone %q is a factor of itself: name the benchmark zone", z.ID)
		case b.Of != "":
			l.problem(z.OfPos, "zone %q is a factor of %q, which is itself a factor of %q: name the benchmark, %q", z.ID, b.ID, b.Of, b.Of)
		}
	}
	for _, r := range d.Rates {
		if r.Source != "" && d.sources[r.Source] == nil {
			l.problem(r.SrcPos, "unknown source %q%s", r.Source, suggest.DidYouMean(r.Source, srcIDs))
		}
		if t := parseAsOf(r.AsOf); staleMonths > 0 && !t.IsZero() && t.AddDate(0, staleMonths, 0).Before(now) {
			l.warn(r.AsOfPos, "exchange rate from %s to %s is dated %s, more than %d months ago: look up today's rate and update as_of", r.From, r.To, r.AsOf, staleMonths)
			l.probs[len(l.probs)-1].Kind = "stale data"
		}
	}
	if len(d.Zones) == 0 {
		return
	}
	for _, lad := range d.Ladders {
		for _, b := range lad.Bands {
			if b.Zone != "" && d.Zone(b.Zone) == nil {
				l.problem(b.ZonePos, "band for level %q names unknown zone %q%s", b.Level, b.Zone, suggest.DidYouMean(b.Zone, ids))
			}
		}
	}
}

// derive adds the bands of zones that are factors of a benchmark, and
// then checks that bands rise with level in every zone. It runs on the
// model an edition shows, so a public edition derives only from public
// bands, zones and rates.
func (l *loader) derive() {
	d := l.data
	for _, lad := range d.Ladders {
		given := map[string]bool{}
		for _, b := range lad.Bands {
			given[b.Level+"\x00"+b.Zone] = true
		}
		var extra []*Band
		for _, z := range d.Zones {
			if z.Factor == 0 || d.Zone(z.Of) == nil || d.Zone(z.Of).Of != "" {
				continue
			}
			for _, b := range lad.Bands {
				if b.Zone != z.Of || given[b.Level+"\x00"+z.ID] {
					continue
				}
				nb, ok := l.deriveBand(lad, z, b)
				if !ok {
					break // one problem per zone and ladder
				}
				extra = append(extra, nb)
			}
		}
		lad.Bands = append(lad.Bands, extra...)
		l.monotonic(lad)
		lad.levelIndex = map[string]int{}
		for i, lv := range lad.Levels {
			lad.levelIndex[lv.ID] = i
		}
		lad.overlaps = lad.findOverlaps()
	}
}

func (l *loader) deriveBand(lad *Ladder, z *Zone, b *Band) (*Band, bool) {
	nb := &Band{
		Level: b.Level, Zone: z.ID, Currency: b.Currency, Period: b.Period,
		AsOf: b.AsOf, Source: b.Source, Example: b.Example, lang: b.lang,
		Pos: z.Pos, MaxPos: z.Pos, LevelPos: z.Pos, AsOfPos: b.AsOfPos, SourcePos: b.SourcePos, ZonePos: z.Pos,
		Derived: &Derivation{Zone: z, From: b},
	}
	k := z.Factor
	if z.Currency != "" && z.Currency != b.Currency {
		r, inv := l.data.findRate(b.Currency, z.Currency)
		if r == nil {
			l.problem(z.Pos, "zone %q pays in %s, but the %s ladder's %s band for level %q is in %s, and no rate converts %s to %s: add {from: %s, to: %s, rate: …, as_of: …, source: …} to a rates list",
				z.ID, z.Currency, lad.Role, z.Of, b.Level, b.Currency, b.Currency, z.Currency, b.Currency, z.Currency)
			return nil, false
		}
		nb.Currency, nb.Derived.Rate, nb.Derived.Inverse = z.Currency, r, inv
		if inv {
			k /= r.Rate
		} else {
			k *= r.Rate
		}
		if later(r.AsOf, nb.AsOf) {
			nb.AsOf = r.AsOf
		}
	}
	nb.Min, nb.Max = roundPay(b.Min*k, b.Period), roundPay(b.Max*k, b.Period)
	return nb, true
}

// later reports whether date a is after date b.
func later(a, b string) bool { return parseAsOf(a).After(parseAsOf(b)) }

// roundPay rounds a derived figure as pay is quoted: yearly pay to the
// nearest hundred, monthly to the nearest ten, hourly to the cent.
func roundPay(f float64, period string) float64 {
	switch period {
	case "hour":
		return math.Round(f*100) / 100
	case "month":
		return math.Round(f/10) * 10
	}
	return math.Round(f/100) * 100
}

// Explain says where a derived band comes from, in words: "0.8 × United
// States; 1 USD = 0.92 EUR (2026-11)". It is "" for a band given directly.
func (d *Data) Explain(b *Band) string {
	dv := b.Derived
	if dv == nil {
		return ""
	}
	s := strconv.FormatFloat(dv.Zone.Factor, 'f', -1, 64) + " × " + d.ZoneName(dv.Zone.Of)
	if r := dv.Rate; r != nil {
		rate := r.Rate
		from, to := r.From, r.To
		if dv.Inverse {
			from, to, rate = to, from, 1/r.Rate
		}
		s += fmt.Sprintf("; 1 %s = %s %s (%s)", from, strconv.FormatFloat(rate, 'g', 4, 64), to, r.AsOf)
	}
	return s
}

// Overlaps returns, for each band that overlaps the band of the level
// above it in the same zone, how much: the levels' ranges share that span.
func (lad *Ladder) Overlaps() map[*Band]float64 {
	if lad.overlaps != nil {
		return lad.overlaps
	}
	return lad.findOverlaps()
}

func (lad *Ladder) findOverlaps() map[*Band]float64 {
	out := map[*Band]float64{}
	for _, z := range lad.Zones() {
		in := lad.zoneBands(z)
		for i := 1; i < len(in); i++ {
			if lo, hi := in[i-1], in[i]; hi.Min < lo.Max && lo.Currency == hi.Currency {
				out[lo] = lo.Max - hi.Min
			}
		}
	}
	return out
}

// bandSource is what a band table says a band rests on.
func (d *Data) bandSource(h Host, b *Band) string {
	src := ExampleMark
	if !b.Example && b.Source != "" {
		src = d.cite(h, []string{b.Source})
	}
	if x := d.Explain(b); x != "" {
		src = esc(x) + d.rateCite(h, b) + " " + src
	}
	return strings.TrimSpace(src)
}

func (d *Data) rateCite(h Host, b *Band) string {
	if r := b.Derived.Rate; r != nil && r.Source != "" {
		return d.cite(h, []string{r.Source})
	}
	return ""
}

// zoneBands returns the bands of a zone, by level.
func (lad *Ladder) zoneBands(z string) []*Band {
	var in []*Band
	for _, b := range lad.Bands {
		if b.Zone == z && lad.index(b.Level) >= 0 {
			in = append(in, b)
		}
	}
	sort.SliceStable(in, func(i, j int) bool { return lad.index(in[i].Level) < lad.index(in[j].Level) })
	return in
}
