package compare

import (
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/rolehandbook/handbook/generator/internal/suggest"
)

// values decodes a dimension's values: role id → value.
func (l *loader) values(d *Dimension, n *yaml.Node) {
	d.given = map[string]bool{}
	if n.Kind != yaml.MappingNode {
		l.problem(l.pos(n), "values must map each role id to a value")
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := d.Values[k.Value]; dup {
			l.problem(l.pos(k), "role %q has two values in dimension %q", k.Value, d.ID)
			continue
		}
		d.given[k.Value] = true
		val := l.value(d, k.Value, v)
		if val == nil {
			continue
		}
		val.RolePos = l.pos(k)
		d.Values[k.Value] = val
	}
}

// value decodes one cell in the short or the long form.
func (l *loader) value(d *Dimension, role string, n *yaml.Node) *Value {
	val := &Value{Pos: l.pos(n)}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if v, done := l.naOrBlank(d, role, n, val); done {
		return v
	}
	if n.Kind == yaml.MappingNode {
		return l.longValue(d, role, n, val)
	}
	return l.kindValue(d, role, n, val)
}

// naOrBlank decides a value that is n/a or blank, and reports whether it
// was either: n/a returns val marked so, and a blank value is reported
// and returns nil.
func (l *loader) naOrBlank(d *Dimension, role string, n *yaml.Node, val *Value) (*Value, bool) {
	if isBlank(n) {
		l.problem(l.pos(n), "blank value for role %q in dimension %q: write the value, or n/a if it does not apply", role, d.ID)
		return nil, true
	}
	if n.Kind == yaml.ScalarNode && strings.EqualFold(strings.TrimSpace(n.Value), "n/a") {
		val.NA = true
		return val, true
	}
	return nil, false
}

// longValue decodes a cell in the long form: a mapping of the value, or
// of a range's min and max, with its sources and whether it is an
// example.
func (l *loader) longValue(d *Dimension, role string, n *yaml.Node, val *Value) *Value {
	allowed := []string{"value", "sources", "example", "internal"}
	if d.Kind == Range {
		allowed = []string{"min", "max", "sources", "example", "internal"}
	}
	m := l.mapping(n, "a value", allowed, nil)
	if m == nil {
		return nil
	}
	l.mark(val, m)
	if s := m["sources"]; s != nil {
		val.Sources, val.SourcesAt = l.citations(s)
	}
	if e := m["example"]; e != nil {
		val.Example = l.boolean(e, "example")
	}
	if d.Kind == Range {
		return l.rangeValue(d, role, n, m, val)
	}
	body := m["value"]
	if body == nil {
		l.problem(l.pos(n), "value for role %q has no value key: add value: …", role)
		return nil
	}
	if v, done := l.naOrBlank(d, role, body, val); done {
		return v
	}
	return l.kindValue(d, role, body, val)
}

// kindValue decodes the value itself, body, as the dimension's kind
// has it: text, a list or a number.
func (l *loader) kindValue(d *Dimension, role string, body *yaml.Node, val *Value) *Value {
	switch d.Kind {
	case Text:
		if body.Kind != yaml.ScalarNode {
			l.problem(l.pos(body), "value for role %q must be text", role)
			return nil
		}
		val.Text = body.Value
	case List:
		if body.Kind != yaml.SequenceNode {
			l.problem(l.pos(body), "value for role %q must be a list", role)
			return nil
		}
		if len(body.Content) == 0 {
			l.problem(l.pos(body), "value for role %q is an empty list: list the items, or write n/a", role)
			return nil
		}
		for _, c := range body.Content {
			if s := l.str(c, "list item"); s != "" {
				val.Items = append(val.Items, s)
			}
		}
	case Number:
		f, ok := l.number(body, role)
		if !ok {
			return nil
		}
		val.Num = f
	case Range:
		l.problem(l.pos(body), "value for role %q must be {min: …, max: …}", role)
		return nil
	default:
		return nil // the unknown kind was already reported
	}
	return val
}

func (l *loader) rangeValue(d *Dimension, role string, n *yaml.Node, m keyed, val *Value) *Value {
	lo, hi := m["min"], m["max"]
	if lo == nil || hi == nil {
		l.problem(l.pos(n), "range value for role %q needs both min and max", role)
		return nil
	}
	var ok1, ok2 bool
	val.Min, ok1 = l.number(lo, role)
	val.Max, ok2 = l.number(hi, role)
	if !ok1 || !ok2 {
		return nil
	}
	if val.Min > val.Max {
		l.problem(l.pos(lo), "range for role %q has min %s above max %s", role, formatNum(val.Min), formatNum(val.Max))
		return nil
	}
	return val
}

func (l *loader) number(n *yaml.Node, role string) (float64, bool) {
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err == nil {
			return f, true
		}
	}
	l.problem(l.pos(n), "value for role %q is not a number: %q (write digits only, such as 96522; put the currency in the dimension)", role, n.Value)
	return 0, false
}

func isBlank(n *yaml.Node) bool {
	if n == nil {
		return true
	}
	return n.Kind == yaml.ScalarNode && (n.Tag == "!!null" || strings.TrimSpace(n.Value) == "")
}

// validate checks the merged model: every id used is defined, every role
// has a value in every dimension, every value is cited, and dated figures
// are not older than the budget.
func (l *loader) validate(now time.Time, staleMonths int) {
	d := l.data
	roleIDs := make([]string, 0, len(d.Roles))
	for _, r := range d.Roles {
		roleIDs = append(roleIDs, r.ID)
	}
	srcIDs := make([]string, 0, len(d.Sources))
	for _, s := range d.Sources {
		srcIDs = append(srcIDs, s.ID)
	}
	l.validateLadders(roleIDs, srcIDs, now, staleMonths)
	l.validatePay(srcIDs, now, staleMonths)
	if len(d.Roles) == 0 && (len(d.Dimensions) > 0) {
		l.problem(d.Dimensions[0].Pos, "no roles are defined: add a roles list")
	}
	checkCites := func(ids []string, at []Pos, fallback Pos) {
		for i, id := range ids {
			if d.sources[id] != nil {
				continue
			}
			p := fallback
			if i < len(at) {
				p = at[i]
			}
			l.problem(p, "unknown source %q%s", id, suggest.DidYouMean(id, srcIDs))
		}
	}
	for _, dim := range d.Dimensions {
		checkCites(dim.Sources, dim.SourcesAt, dim.Pos)
		for role, v := range dim.Values {
			if d.roles[role] == nil {
				l.problem(v.RolePos, "unknown role %q in dimension %q%s", role, dim.ID, suggest.DidYouMean(role, roleIDs))
			}
			checkCites(v.Sources, v.SourcesAt, v.Pos)
			if len(v.Sources) == 0 && len(dim.Sources) == 0 && !v.NA && !dim.IsExample(v) {
				l.problem(v.Pos, "value for role %q in dimension %q cites no source: add sources to the value or to the dimension, or mark it example: true if it is the handbook's own example", role, dim.ID)
			}
		}
		if dim.given != nil && dim.Kind != "" {
			for _, r := range d.Roles {
				if !dim.given[r.ID] {
					l.problem(dim.ValuesPos, "dimension %q has no value for role %q: add one, or n/a if it does not apply", dim.ID, r.ID)
				}
			}
		}
		if dim.AsOf != "" && staleMonths > 0 {
			if t := parseAsOf(dim.AsOf); !t.IsZero() && t.AddDate(0, staleMonths, 0).Before(now) {
				l.warn(dim.AsOfPos, "dimension %q is dated %s, more than %d months ago: review the figures and update as_of", dim.ID, dim.AsOf, staleMonths)
				l.probs[len(l.probs)-1].Kind = "stale data"
			}
		}
	}
}
