package compare

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
			jl.Bands = append(jl.Bands, jsonBand{b.Level, b.Zone, b.Min, b.Max, b.Currency, b.Period, b.AsOf, b.Source, b.Example})
		}
		out = append(out, jl)
	}
	return out
}
