package compare

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/rolehandbook/handbook/generator/internal/typography"
)

// Host renders what depends on the page a table is placed in: markdown in
// text cells, with its links, and URLs relative to that page.
type Host interface {
	// Markdown renders a text value written at pos as inline HTML.
	Markdown(text string, pos Pos) template.HTML
	// URL returns the path of a site file, given from the site root,
	// relative to the host page.
	URL(rootPath string) string
}

// Output paths of the pages and files this package adds to a site.
const (
	IndexURL   = "compare/index.html"
	SourcesURL = "compare/sources/index.html"
	JSONURL    = "data/comparison.json"
	CSVURL     = "data/comparison.csv"
)

// PairURL is the page comparing two roles, in the data's role order.
func PairURL(a, b *Role) string { return "compare/" + a.ID + "-vs-" + b.ID + "/index.html" }

// ProfileURL is a role's profile page.
func ProfileURL(r *Role) string { return "roles/" + r.ID + "/index.html" }

// SourceAnchor is the id of a source on the sources page.
func SourceAnchor(id string) string { return "src-" + id }

// Pairs returns every pair of roles once, in canonical order.
func (d *Data) Pairs() [][2]*Role {
	var out [][2]*Role
	for i, a := range d.Roles {
		for _, b := range d.Roles[i+1:] {
			out = append(out, [2]*Role{a, b})
		}
	}
	return out
}

// Table says what a comparison table shows.
type Table struct {
	ID          string // unique prefix for ids on the page
	Caption     string
	Roles       []*Role
	Dimensions  []*Dimension
	RowAnchors  bool // give each row the dimension id as its id
	DiffToggle  bool // add the "show only differences" switch
	ChosenRoles bool // the roles were chosen by name, so none is hidden for having little data
}

// sourceNumber is a source's 1-based number, the same on every page.
func (d *Data) sourceNumber(id string) int {
	for i, s := range d.Sources {
		if s.ID == id {
			return i + 1
		}
	}
	return 0
}

// cite renders a cell's citations as numbered links to the sources page.
func (d *Data) cite(h Host, ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	// Sorted by number and merged, as citations in prose are shown
	// (generator/citations.go): [1, 2, 5].
	type cited struct {
		n  int
		id string
	}
	var list []cited
	for _, id := range ids {
		if d.sources[id] != nil && !slices.ContainsFunc(list, func(c cited) bool { return c.id == id }) {
			list = append(list, cited{d.sourceNumber(id), id})
		}
	}
	if len(list) == 0 {
		return ""
	}
	slices.SortFunc(list, func(a, b cited) int { return a.n - b.n })
	var b strings.Builder
	b.WriteString(`<sup class="cite"><span class="sr-only">Sources: </span>[`)
	for i, c := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `<a href="%s#%s" title="%s">%d</a>`,
			esc(h.URL(SourcesURL)), esc(SourceAnchor(c.id)), esc(d.sources[c.id].Title), c.n)
	}
	b.WriteString(`]</sup>`)
	return b.String()
}

// Cell renders one value with its citations.
func (d *Data) Cell(h Host, dim *Dimension, v *Value) string {
	if v == nil || v.NA {
		return `<span class="na">n/a</span>`
	}
	var b strings.Builder
	switch dim.Kind {
	case Text:
		b.WriteString(string(h.Markdown(v.Text, v.Pos)))
	case List:
		b.WriteString(`<ul>`)
		for _, it := range v.Items {
			b.WriteString("<li>" + string(h.Markdown(it, v.Pos)) + "</li>")
		}
		b.WriteString(`</ul>`)
	case Number, Range:
		b.WriteString(`<span class="num">` + esc(dim.Display(v)) + `</span>`)
	}
	b.WriteString(d.cite(h, dim.Citations(v)))
	if dim.IsExample(v) {
		b.WriteString(ExampleMark)
	}
	return b.String()
}

// ExampleMark labels a value that is the handbook's own example, where a
// sourced value shows its citations.
const ExampleMark = `<sup class="cite example"><span class="sr-only">This handbook's own </span>example</sup>`

// TableHTML renders a comparison table: a caption, one column per role,
// rows grouped under their group, and on narrow screens a stacked layout
// (each cell carries its role's name in data-label).
//
// Roles with a value in fewer than half of the table's rows are sparse:
// their columns are hidden until the reader asks for them, so that a
// matrix of many roles does not squeeze the columns that say something.
// The "show only differences" switch is offered only when it hides a row
// in the table as first shown. Both switches are plain CSS, so they work
// without JavaScript.
func (d *Data) TableHTML(h Host, t Table) string {
	sparse := sparseRoles(t)
	sameAll, sameDense, anySame := sameness(t, sparse)
	var b strings.Builder
	b.WriteString(`<div class="compare">`)
	if t.DiffToggle && anySame {
		fmt.Fprintf(&b, `<input type="checkbox" class="diff-toggle" id="%s-diff"><label class="diff-label" for="%s-diff">Show only differences</label>`, esc(t.ID), esc(t.ID))
	}
	if len(sparse) > 0 {
		writeSparseToggle(&b, t, sparse)
	}
	fmt.Fprintf(&b, `<table class="compare-table" id="%s">`, esc(t.ID))
	fmt.Fprintf(&b, `<caption>%s</caption>`, esc(t.Caption))
	b.WriteString(`<thead><tr><th scope="col">Dimension</th>`)
	for _, r := range t.Roles {
		fmt.Fprintf(&b, `<th scope="col"%s><abbr title="%s">%s</abbr></th>`, sparseClass(sparse[r.ID]), esc(r.Name), esc(r.Label()))
	}
	b.WriteString(`</tr></thead>`)
	for _, g := range groupsOf(t.Dimensions) {
		all, allDense := true, true
		for _, dim := range g.dims {
			all = all && sameAll[dim]
			allDense = allDense && sameDense[dim]
		}
		cls := "group"
		if all {
			cls += " all-same"
		} else if allDense {
			cls += " dense-all-same"
		}
		fmt.Fprintf(&b, `<tbody class="%s"><tr class="group-row"><th scope="colgroup" colspan="%d">%s</th></tr>`, cls, len(t.Roles)+1, esc(g.name))
		for _, dim := range g.dims {
			cls := "differs"
			if sameAll[dim] {
				cls = "same"
			} else if sameDense[dim] {
				cls = "differs dense-same"
			}
			d.writeRow(&b, h, t, dim, cls, sparse)
		}
		b.WriteString(`</tbody>`)
	}
	b.WriteString("</table></div>\n")
	for _, dim := range t.Dimensions {
		if dim.Kind == Number || dim.Kind == Range {
			b.WriteString(d.ChartHTML(t.ID+"-"+dim.ID, dim, t.Roles))
		}
	}
	return b.String()
}

// writeRow writes a dimension's row of a table, of class cls.
func (d *Data) writeRow(b *strings.Builder, h Host, t Table, dim *Dimension, cls string, sparse map[string]bool) {
	id := ""
	if t.RowAnchors {
		id = fmt.Sprintf(` id="%s"`, esc(dim.ID))
	}
	fmt.Fprintf(b, `<tr class="%s"%s><th scope="row">`, cls, id)
	if t.RowAnchors {
		fmt.Fprintf(b, `<a class="row-anchor" href="#%s">%s</a>`, esc(dim.ID), esc(dim.Name))
	} else {
		fmt.Fprintf(b, `<a class="row-anchor" href="%s#%s">%s</a>`, esc(h.URL(IndexURL)), esc(dim.ID), esc(dim.Name))
	}
	if dim.Description != "" {
		fmt.Fprintf(b, `<span class="dim-desc">%s</span>`, esc(typography.Quotes(dim.Description)))
	}
	b.WriteString(`</th>`)
	for _, r := range t.Roles {
		fmt.Fprintf(b, `<td data-label="%s"%s>%s</td>`, esc(r.Label()), sparseClass(sparse[r.ID]), d.Cell(h, dim, dim.Values[r.ID]))
	}
	b.WriteString(`</tr>`)
}

// sameness tells for each row whether it reads the same with every
// column shown (sameAll) and with the sparse ones hidden, as the table
// is first shown (sameDense), and whether any row does either.
func sameness(t Table, sparse map[string]bool) (sameAll, sameDense map[*Dimension]bool, some bool) {
	dense := make([]*Role, 0, len(t.Roles))
	for _, r := range t.Roles {
		if !sparse[r.ID] {
			dense = append(dense, r)
		}
	}
	sameAll = make(map[*Dimension]bool, len(t.Dimensions))
	sameDense = make(map[*Dimension]bool, len(t.Dimensions))
	for _, dim := range t.Dimensions {
		sameAll[dim] = dim.Same(t.Roles)
		sameDense[dim] = sameAll[dim] || (len(sparse) > 0 && dim.Same(dense))
		some = some || sameDense[dim]
	}
	return sameAll, sameDense, some
}

// writeSparseToggle writes the switch that shows the sparse roles, which
// names them.
func writeSparseToggle(b *strings.Builder, t Table, sparse map[string]bool) {
	var names []string
	for _, r := range t.Roles {
		if sparse[r.ID] {
			names = append(names, r.Label())
		}
	}
	noun := "roles"
	if len(names) == 1 {
		noun = "role"
	}
	fmt.Fprintf(b, `<input type="checkbox" class="sparse-toggle" id="%s-sparse"><label class="sparse-label" for="%s-sparse">Show %d %s with little data: %s</label>`,
		esc(t.ID), esc(t.ID), len(names), noun, esc(strings.Join(names, ", ")))
}

// sparseRoles returns the roles of a table of three or more that have a
// value in fewer than half of its rows, unless that would leave fewer than
// two roles shown.
func sparseRoles(t Table) map[string]bool {
	if t.ChosenRoles || len(t.Roles) < 3 || len(t.Dimensions) == 0 {
		return nil
	}
	out := map[string]bool{}
	for _, r := range t.Roles {
		known := 0
		for _, dim := range t.Dimensions {
			if v := dim.Values[r.ID]; v != nil && !v.NA {
				known++
			}
		}
		if 2*known < len(t.Dimensions) {
			out[r.ID] = true
		}
	}
	if len(t.Roles)-len(out) < 2 || len(out) == 0 {
		return nil
	}
	return out
}

func sparseClass(sparse bool) string {
	if sparse {
		return ` class="sparse"`
	}
	return ""
}

type group struct {
	name string
	dims []*Dimension
}

// groupsOf groups dimensions, keeping the order in which groups first appear.
func groupsOf(dims []*Dimension) []group {
	var out []group
	idx := map[string]int{}
	for _, dim := range dims {
		i, ok := idx[dim.Group]
		if !ok {
			i = len(out)
			idx[dim.Group] = i
			out = append(out, group{name: dim.Group})
		}
		out[i].dims = append(out[i].dims, dim)
	}
	return out
}

func esc(s string) string { return template.HTMLEscapeString(s) }
