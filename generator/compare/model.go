// Package compare is the comparison model of a role handbook: roles,
// dimensions and sources, decoded strictly from YAML, TOML or JSON files,
// validated, rendered as accessible tables and charts, and exported.
//
// A data file has three lists, each optional in any one file as long as
// the files together define every id that is used:
//
//	roles:       id, name, short, summary, page (optional)
//	sources:     id, title, publisher or author, year (optional), url (optional)
//	dimensions:  id, name, group, description, kind, sources, example,
//	             values, and for number and range: unit, currency,
//	             period, as_of (YYYY, YYYY-MM or YYYY-MM-DD)
//
// kind is text (markdown), list, number or range. values maps every role id
// to a value: a string, a list, a number or {min, max}, or the long form
// {value: …, sources: […]}. The string n/a marks a value that does not
// apply; a blank is an error. Every value cites a source, itself or
// through its dimension, unless it is marked example: true (on the value's
// long form or on its dimension): the handbook's own illustration, not a
// fact from a source, which readers see labelled "example".
//
// A fourth list, people (id, name, github), names who can own a page or a
// part of the data. owner, reviewed, review_every and review_by, at the
// top of a file or on a dimension, say who keeps it true and when it was
// last checked (review.go).
//
// internal: true leaves anything, or a whole file, out of the public
// edition (edition.go).
package compare

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Pos is a position in a data file.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Data is the whole comparison model, merged from every data file.
type Data struct {
	Roles      []*Role
	Dimensions []*Dimension
	Sources    []*Source
	People     []*Person
	Ladders    []*Ladder // in the order the files give them
	Zones      []*Zone   // pay zones (ladder_pay.go)
	Rates      []*Rate   // exchange rates
	Files      []*File   // every data file read, in name order

	people  map[string]*Person
	roles   map[string]*Role
	sources map[string]*Source
	dims    map[string]*Dimension
	hidden  map[string]bool // what the public edition left out, by kind and id (edition.go)
}

// Role is one role being compared.
type Role struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Short   string `json:"short,omitempty"`
	Summary string `json:"summary,omitempty"`
	Page    string `json:"page,omitempty"`
	Pos     Pos    `json:"-"`
	PagePos Pos    `json:"-"`
}

// Label is the role's short name, or its name when it has none.
func (r *Role) Label() string {
	if r.Short != "" {
		return r.Short
	}
	return r.Name
}

// Source is where a fact comes from.
type Source struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Author    string `json:"author,omitempty"`
	Year      int    `json:"year,omitempty"`
	URL       string `json:"url,omitempty"`
	Pos       Pos    `json:"-"`
}

// Kinds of dimension.
const (
	Text   = "text"
	List   = "list"
	Number = "number"
	Range  = "range"
)

var kinds = []string{Text, List, Number, Range}

// Dimension is one row of the comparison.
type Dimension struct {
	ID          string
	Name        string
	Group       string
	Description string
	Kind        string
	Unit        string
	Currency    string
	Period      string
	AsOf        string // YYYY, YYYY-MM or YYYY-MM-DD
	Example     bool   // every value is the handbook's own example, not a sourced fact
	Sources     []string
	Values      map[string]*Value // by role id
	Pos         Pos
	AsOfPos     Pos
	SourcesAt   []Pos  // where each of Sources is written
	ValuesPos   Pos    // where the values key is written
	File        string // the data file that defines it
	Review      Review // its own owner and review keys
	given       map[string]bool
	lang        string // how amounts are written (money.go)
}

// Value is one cell: what a dimension says about a role.
type Value struct {
	NA        bool
	Text      string   // text
	Items     []string // list
	Num       float64  // number
	Min       float64  // range
	Max       float64  // range
	Sources   []string // this value's own citations
	Example   bool     // the handbook's own example, not a sourced fact
	Pos       Pos
	SourcesAt []Pos
	RolePos   Pos // where the role id key is written
}

// Role returns the role with id, or nil.
func (d *Data) Role(id string) *Role { return d.roles[id] }

// Source returns the source with id, or nil.
func (d *Data) Source(id string) *Source { return d.sources[id] }

// Dimension returns the dimension with id, or nil.
func (d *Data) Dimension(id string) *Dimension { return d.dims[id] }

// Groups returns the dimension groups in the order they first appear.
func (d *Data) Groups() []string {
	var out []string
	seen := map[string]bool{}
	for _, dim := range d.Dimensions {
		if !seen[dim.Group] {
			seen[dim.Group] = true
			out = append(out, dim.Group)
		}
	}
	return out
}

// Citations returns the sources a value cites: its own, else its dimension's.
func (dim *Dimension) Citations(v *Value) []string {
	if v != nil && len(v.Sources) > 0 {
		return v.Sources
	}
	return dim.Sources
}

// IsExample reports whether a value is the handbook's own example: marked
// so itself or through its dimension.
func (dim *Dimension) IsExample(v *Value) bool {
	return dim.Example || (v != nil && v.Example)
}

// Same reports whether every role has the same value in this dimension.
func (dim *Dimension) Same(roles []*Role) bool {
	var first string
	for i, r := range roles {
		s := dim.Plain(dim.Values[r.ID])
		if i == 0 {
			first = s
		} else if s != first {
			return false
		}
	}
	return true
}

// Plain returns a value as plain text, as exported to CSV.
func (dim *Dimension) Plain(v *Value) string {
	if v == nil {
		return ""
	}
	if v.NA {
		return "n/a"
	}
	switch dim.Kind {
	case List:
		return strings.Join(v.Items, "; ")
	case Number:
		return formatNum(v.Num)
	case Range:
		return formatNum(v.Min) + "–" + formatNum(v.Max)
	}
	return v.Text
}

// Display returns a number or range as a reader sees it, with currency
// and period: "$96,522 per year".
func (dim *Dimension) Display(v *Value) string {
	if v == nil || v.NA {
		return "n/a"
	}
	var s string
	switch dim.Kind {
	case Number:
		s = dim.money(v.Num)
	case Range:
		s = dim.money(v.Min) + "–" + dim.money(v.Max)
	default:
		return dim.Plain(v)
	}
	if dim.Currency == "" && dim.Unit != "" {
		s += " " + dim.Unit
	}
	if dim.Period != "" {
		s += " per " + dim.Period
	}
	return s
}

var currencySymbols = map[string]string{"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}

func (dim *Dimension) money(f float64) string { return formatMoney(dim.lang, dim.Currency, f) }

func formatNum(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// groupDigits writes 96522 as 96,522 and keeps up to two decimals.
func groupDigits(f float64) string {
	neg := f < 0
	f = math.Abs(f)
	whole := math.Floor(f)
	frac := f - whole
	s := strconv.FormatFloat(whole, 'f', 0, 64)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac > 0.0005 {
		out += strings.TrimPrefix(strconv.FormatFloat(frac, 'f', 2, 64), "0")
		out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	}
	if neg {
		out = "-" + out
	}
	return out
}
