package compare

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
)

// The ladders in the JSON export use the data file's own keys, so the
// export reads back as data.

type jsonTrack struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	BranchesFrom string `json:"branches_from,omitempty"`
}

type jsonLevel struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Order   int    `json:"order"`
	Grade   string `json:"grade,omitempty"`
	Track   string `json:"track,omitempty"`
	Summary string `json:"summary,omitempty"`
	Scope   string `json:"scope,omitempty"`
}

type jsonExpect struct {
	Text    string   `json:"text"`
	Sources []string `json:"sources,omitempty"`
}

type jsonCompetency struct {
	ID           string         `json:"id"`
	Name         string         `json:"name"`
	Area         string         `json:"area"`
	Expectations map[string]any `json:"expectations"` // "same", "n/a" or a jsonExpect
}

type jsonBand struct {
	Level    string  `json:"level"`
	Zone     string  `json:"zone,omitempty"`
	Min      float64 `json:"min"`
	Max      float64 `json:"max"`
	Currency string  `json:"currency"`
	Period   string  `json:"period"`
	AsOf     string  `json:"as_of"`
	Source   string  `json:"source,omitempty"`
	Example  bool    `json:"example,omitempty"`
}

type jsonLadder struct {
	Role         string           `json:"role"`
	Description  string           `json:"description,omitempty"`
	Tracks       []jsonTrack      `json:"tracks,omitempty"`
	Levels       []jsonLevel      `json:"levels"`
	Competencies []jsonCompetency `json:"competencies"`
	Bands        []jsonBand       `json:"bands,omitempty"`
}

func (d *Data) jsonLadders() []jsonLadder {
	var out []jsonLadder
	for _, lad := range d.Ladders {
		jl := jsonLadder{Role: lad.Role, Description: lad.Description}
		for _, t := range lad.Tracks {
			jl.Tracks = append(jl.Tracks, jsonTrack{t.ID, t.Name, t.Kind, t.BranchesFrom})
		}
		for _, lv := range lad.Levels {
			jl.Levels = append(jl.Levels, jsonLevel{lv.ID, lv.Title, lv.Order, lv.Grade, lv.Track, lv.Summary, lv.Scope})
		}
		for _, c := range lad.Competencies {
			jc := jsonCompetency{ID: c.ID, Name: c.Name, Area: c.Area, Expectations: map[string]any{}}
			for id, e := range c.Expect {
				switch {
				case e.Same:
					jc.Expectations[id] = "same"
				case e.NA:
					jc.Expectations[id] = "n/a"
				default:
					jc.Expectations[id] = jsonExpect{e.Text, e.Sources}
				}
			}
			jl.Competencies = append(jl.Competencies, jc)
		}
		for _, b := range lad.Bands {
			if b.Derived != nil {
				continue // worked out again from its zone when read back
			}
			jl.Bands = append(jl.Bands, jsonBand{b.Level, b.Zone, b.Min, b.Max, b.Currency, b.Period, b.AsOf, b.Source, b.Example})
		}
		out = append(out, jl)
	}
	return out
}

type jsonZone struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Of       string   `json:"of,omitempty"`
	Factor   *float64 `json:"factor,omitempty"`
	Currency string   `json:"currency,omitempty"`
}

type jsonRate struct {
	From   string  `json:"from"`
	To     string  `json:"to"`
	Rate   float64 `json:"rate"`
	AsOf   string  `json:"as_of"`
	Source string  `json:"source"`
}

func (d *Data) jsonPay() ([]jsonZone, []jsonRate) {
	var zones []jsonZone
	var rates []jsonRate
	for _, z := range d.Zones {
		jz := jsonZone{ID: z.ID, Name: z.Name, Of: z.Of, Currency: z.Currency}
		if z.Factor > 0 {
			f := z.Factor
			jz.Factor = &f
		}
		zones = append(zones, jz)
	}
	for _, r := range d.Rates {
		rates = append(rates, jsonRate{r.From, r.To, r.Rate, r.AsOf, r.Source})
	}
	return zones, rates
}

// Where the ladder exports are written.
const (
	LaddersCSVURL = "data/ladders.csv"
	BandsCSVURL   = "data/bands.csv"
)

// LaddersCSV exports one row per ladder, competency and level: what the
// level is expected to show, as written (text, same or n/a), and the
// text it shows, which for same is the nearest earlier level's.
func (d *Data) LaddersCSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"role_id", "level_id", "level", "grade", "order", "track", "area", "competency_id", "competency", "written", "expectation", "inherited_from", "sources"})
	for _, lad := range d.Ladders {
		for _, c := range lad.Competencies {
			for _, lv := range lad.Levels {
				e := c.Expect[lv.ID]
				written := "text"
				switch {
				case e == nil:
					written = "missing"
				case e.Same:
					written = "same"
				case e.NA:
					written = "n/a"
				}
				text, from, sources := "", "", ""
				if eff, f := lad.Effective(c, lv.ID); eff != nil {
					from, sources = f, strings.Join(eff.Sources, " ")
					if !eff.NA {
						text = eff.Text
					}
				}
				_ = w.Write([]string{lad.Role, lv.ID, lv.Title, lv.Grade, strconv.Itoa(lv.Order), lv.Track, c.Area, c.ID, c.Name, written, text, from, sources})
			}
		}
	}
	w.Flush()
	return b.Bytes()
}

// BandsCSV exports one row per pay band, given or derived; derived_from
// says how a derived band was worked out.
func (d *Data) BandsCSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"role_id", "level_id", "level", "zone_id", "zone", "min", "max", "currency", "period", "as_of", "source", "example", "derived_from"})
	for _, lad := range d.Ladders {
		for _, lv := range lad.Levels {
			for _, band := range lad.BandsFor(lv.ID) {
				example := ""
				if band.Example {
					example = "yes"
				}
				_ = w.Write([]string{lad.Role, lv.ID, lv.Title, band.Zone, d.ZoneName(band.Zone), formatNum(band.Min), formatNum(band.Max),
					band.Currency, band.Period, band.AsOf, band.Source, example, d.Explain(band)})
			}
		}
	}
	w.Flush()
	return b.Bytes()
}
