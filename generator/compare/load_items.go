package compare

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/rolehandbook/handbook/generator/internal/suggest"
	"go.yaml.in/yaml/v4"
)

// Loading the items of a data file: sources, roles and dimensions.

func (l *loader) source(n *yaml.Node) {
	m := l.mapping(n, "a source", []string{"id", "title", "publisher", "author", "year", "url", "internal"}, []string{"id", "title"})
	if m == nil {
		return
	}
	s := &Source{Pos: l.pos(n)}
	l.mark(s, m)
	s.ID = l.id(m["id"], "source")
	s.Title = l.str(m["title"], "title")
	if v := m["publisher"]; v != nil {
		s.Publisher = l.str(v, "publisher")
	}
	if v := m["author"]; v != nil {
		s.Author = l.str(v, "author")
	}
	if s.Publisher == "" && s.Author == "" && m["publisher"] == nil && m["author"] == nil {
		l.problem(l.pos(n), "source %q has neither publisher nor author: add one", s.ID)
	}
	if v := m["year"]; v != nil {
		y, err := strconv.Atoi(v.Value)
		if err != nil || v.Kind != yaml.ScalarNode || y < 1000 || y > 9999 {
			l.problem(l.pos(v), "year must be a four-digit number, not %q", v.Value)
		}
		s.Year = y
	}
	if v := m["url"]; v != nil {
		s.URL = l.str(v, "url")
		if s.URL != "" && !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://") {
			l.problem(l.pos(v), "url must start with https:// or http://")
		} else if i := strings.IndexAny(s.URL, " \t\n<>\"`{}|\\^"); i >= 0 {
			l.problem(l.pos(v), "url has %q, which a URL cannot hold: percent-encode it (%%%02X)", s.URL[i:i+1], s.URL[i])
		}
	}
	if s.ID == "" {
		return
	}
	if prev, dup := l.data.sources[s.ID]; dup {
		l.problem(l.pos(m["id"]), "duplicate source id %q: already defined at %s", s.ID, prev.Pos)
		return
	}
	l.data.sources[s.ID] = s
	l.data.Sources = append(l.data.Sources, s)
}

func (l *loader) role(n *yaml.Node) {
	m := l.mapping(n, "a role", []string{"id", "name", "short", "summary", "page", "internal"}, []string{"id", "name"})
	if m == nil {
		return
	}
	r := &Role{Pos: l.pos(n)}
	l.mark(r, m)
	r.ID = l.id(m["id"], "role")
	r.Name = l.str(m["name"], "name")
	if v := m["short"]; v != nil {
		r.Short = l.str(v, "short")
	}
	if v := m["summary"]; v != nil {
		r.Summary = l.str(v, "summary")
	}
	if v := m["page"]; v != nil {
		r.Page = l.str(v, "page")
		r.PagePos = l.pos(v)
	}
	if r.ID == "" {
		return
	}
	if prev, dup := l.data.roles[r.ID]; dup {
		l.problem(l.pos(m["id"]), "duplicate role id %q: already defined at %s", r.ID, prev.Pos)
		return
	}
	l.data.roles[r.ID] = r
	l.data.Roles = append(l.data.Roles, r)
}

// pendingValues keeps value nodes until every role is known.
type pendingValues struct {
	dim   *Dimension
	node  *yaml.Node
	where Pos
}

// dimension decodes a dimension and adds it, with its values, to the
// model, unless its id is missing or taken.
func (l *loader) dimension(n *yaml.Node) {
	m := l.mapping(n, "a dimension",
		append([]string{"id", "name", "group", "description", "kind", "unit", "currency", "period", "as_of", "sources", "example", "values", "internal"}, reviewKeys...),
		[]string{"id", "name", "group", "kind", "values"})
	if m == nil {
		return
	}
	d := &Dimension{Pos: l.pos(n), Values: map[string]*Value{}, File: l.file_, Review: l.review(m)}
	l.mark(d, m)
	d.ID = l.id(m["id"], "dimension")
	d.Name = l.str(m["name"], "name")
	d.Group = l.str(m["group"], "group")
	if v := m["description"]; v != nil {
		d.Description = l.str(v, "description")
	}
	if v := m["kind"]; v != nil {
		d.Kind = l.str(v, "kind")
		if d.Kind != "" && !contains(kinds, d.Kind) {
			l.problem(l.pos(v), "unknown kind %q: use text, list, number or range%s", d.Kind, suggest.DidYouMean(d.Kind, kinds))
			d.Kind = ""
		}
	}
	l.figureKeys(d, n, m)
	if v := m["sources"]; v != nil {
		d.Sources, d.SourcesAt = l.citations(v)
	}
	if v := m["example"]; v != nil {
		d.Example = l.boolean(v, "example")
	}
	if d.ID == "" {
		return
	}
	if prev, dup := l.data.dims[d.ID]; dup {
		l.problem(l.pos(m["id"]), "duplicate dimension id %q: already defined at %s", d.ID, prev.Pos)
		return
	}
	l.data.dims[d.ID] = d
	l.data.Dimensions = append(l.data.Dimensions, d)
	if v := m["values"]; v != nil {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "values" {
				d.ValuesPos = l.pos(n.Content[i])
			}
		}
		l.values(d, v)
	}
}

// figureKeys decodes the keys of a dimension n that say what its figures
// are: unit, currency, period and as_of. They apply only to number and
// range dimensions, which must have a unit and an as_of date.
func (l *loader) figureKeys(d *Dimension, n *yaml.Node, m keyed) {
	for _, k := range []string{"unit", "currency", "period", "as_of"} {
		v := m[k]
		if v == nil {
			continue
		}
		if d.Kind == Text || d.Kind == List {
			l.problem(l.pos(v), "%s applies only to number and range dimensions", k)
			continue
		}
		l.figureKey(d, k, v)
	}
	if d.Kind == Number || d.Kind == Range {
		if m["unit"] == nil {
			l.problem(l.pos(n), "%s dimension %q has no unit: add one (for example USD or years)", d.Kind, d.ID)
		}
		if m["as_of"] == nil {
			l.problem(l.pos(n), "%s dimension %q has no as_of date: add the date of the figures (YYYY-MM, or YYYY when the source gives only the year)", d.Kind, d.ID)
		}
	}
}

// figureKey decodes v, the value of the figure key k, into d and checks
// it.
func (l *loader) figureKey(d *Dimension, k string, v *yaml.Node) {
	s := l.str(v, k)
	switch k {
	case "unit":
		d.Unit = s
	case "currency":
		d.Currency = s
		if s != "" && !regexp.MustCompile(`^[A-Z]{3}$`).MatchString(s) {
			l.problem(l.pos(v), "currency must be a three-letter code such as USD, not %q", s)
		}
	case "period":
		d.Period = s
		if s != "" && !contains([]string{"year", "month", "week", "day", "hour"}, s) {
			l.problem(l.pos(v), "period must be year, month, week, day or hour, not %q", s)
		}
	case "as_of":
		d.AsOf, d.AsOfPos = s, l.pos(v)
		if s != "" && parseAsOf(s).IsZero() {
			l.problem(l.pos(v), "as_of must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not %q", s)
		}
	}
}
