package compare

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"time"
)

// The JSON export uses the same schema as a data file, in the long form,
// so it can be read back as data: roles, sources, then dimensions whose
// values each carry value (or min and max) and sources.

type jsonDim struct {
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	Group       string         `json:"group"`
	Description string         `json:"description,omitempty"`
	Kind        string         `json:"kind"`
	Unit        string         `json:"unit,omitempty"`
	Currency    string         `json:"currency,omitempty"`
	Period      string         `json:"period,omitempty"`
	AsOf        string         `json:"as_of,omitempty"`
	Sources     []string       `json:"sources,omitempty"`
	Example     bool           `json:"example,omitempty"`
	Values      map[string]any `json:"values"` // "n/a" or a jsonValue
}

type jsonValue struct {
	Value   any      `json:"value,omitempty"`
	Min     *float64 `json:"min,omitempty"`
	Max     *float64 `json:"max,omitempty"`
	Sources []string `json:"sources,omitempty"`
	Example bool     `json:"example,omitempty"`
}

type jsonData struct {
	Roles      []*Role      `json:"roles"`
	Sources    []*Source    `json:"sources"`
	Dimensions []jsonDim    `json:"dimensions"`
	People     []*Person    `json:"people,omitempty"`
	Ladders    []jsonLadder `json:"ladders,omitempty"`
	Zones      []jsonZone   `json:"zones,omitempty"`
	Rates      []jsonRate   `json:"rates,omitempty"`
}

// JSON exports the model. Output is indented and deterministic.
func (d *Data) JSON() []byte {
	out := jsonData{Roles: d.Roles, Sources: d.Sources, People: d.People, Ladders: d.jsonLadders()}
	out.Zones, out.Rates = d.jsonPay()
	for _, dim := range d.Dimensions {
		jd := jsonDim{
			ID: dim.ID, Name: dim.Name, Group: dim.Group, Description: dim.Description, Kind: dim.Kind,
			Unit: dim.Unit, Currency: dim.Currency, Period: dim.Period, AsOf: dim.AsOf, Sources: dim.Sources,
			Example: dim.Example, Values: map[string]any{},
		}
		for _, r := range d.Roles {
			v := dim.Values[r.ID]
			if v == nil {
				continue
			}
			if v.NA {
				jd.Values[r.ID] = "n/a"
				continue
			}
			jv := jsonValue{Sources: v.Sources, Example: v.Example}
			switch {
			case dim.Kind == Text:
				jv.Value = v.Text
			case dim.Kind == List:
				jv.Value = v.Items
			case dim.Kind == Number:
				jv.Value = v.Num
			case dim.Kind == Range:
				lo, hi := v.Min, v.Max
				jv.Min, jv.Max = &lo, &hi
			}
			jd.Values[r.ID] = jv
		}
		out.Dimensions = append(out.Dimensions, jd)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(out)
	return b.Bytes()
}

// CSV exports one row per dimension and role. The last column, example,
// is "yes" for a value that is the handbook's own example.
func (d *Data) CSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"dimension_id", "dimension", "group", "kind", "role_id", "role", "value", "unit", "currency", "period", "as_of", "sources", "example"})
	for _, dim := range d.Dimensions {
		for _, r := range d.Roles {
			v := dim.Values[r.ID]
			example := ""
			if v != nil && !v.NA && dim.IsExample(v) {
				example = "yes"
			}
			_ = w.Write([]string{dim.ID, dim.Name, dim.Group, dim.Kind, r.ID, r.Name, dim.Plain(v),
				dim.Unit, dim.Currency, dim.Period, dim.AsOf, strings.Join(dim.Citations(v), " "), example})
		}
	}
	w.Flush()
	return b.Bytes()
}

// day writes a date as a data file does, or "" for none.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
