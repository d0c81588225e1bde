package compare

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// chartRow is one row of a bar chart: what it is, where its bar starts and
// ends as fractions of the longest bar, and its value as a reader reads it.
type chartRow struct {
	label, value string
	name         string // the label in full, for screen readers, when it is short
	from, to     float64
	bar          bool // false for a value that does not apply
}

// writeChart writes a bar chart as HTML: a list with a row per item, each
// its label, its bar and its value. Labels and values are text at the
// page's size, so they stay legible however narrow the column, and the
// theme lays the row out (label, bar, value on one line; the label above
// the bar when narrow). Each bar is a small SVG that fills its cell, hidden
// from screen readers, which read the label and the value; its colour
// comes from the page's CSS, so it follows dark mode, and SVG fills print
// even when a browser leaves out backgrounds.
func writeChart(b *strings.Builder, id, class string, rows []chartRow, caption string) {
	fmt.Fprintf(b, `<figure class="%s" id="%s-chart"><ul class="chart-rows">`, esc(class), esc(id))
	for _, r := range rows {
		if r.name != "" && r.name != r.label {
			fmt.Fprintf(b, `<li class="chart-row"><span class="chart-label" aria-hidden="true">%s</span><span class="sr-only">%s: </span>`, esc(r.label), esc(r.name))
		} else {
			fmt.Fprintf(b, `<li class="chart-row"><span class="chart-label">%s</span><span class="sr-only">: </span>`, esc(r.label))
		}
		b.WriteString(`<svg class="chart-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">`)
		if r.bar {
			// A bar too short to see is drawn a sliver wide.
			w := max((r.to-r.from)*100, 0.5)
			x := min(r.from*100, 100-w)
			fmt.Fprintf(b, `<rect x="%s" width="%s" height="10"></rect>`, pct(x), pct(w))
		}
		fmt.Fprintf(b, `</svg><span class="chart-value">%s</span></li>`, esc(r.value))
	}
	fmt.Fprintf(b, `</ul><figcaption>%s</figcaption></figure>`+"\n", caption)
}

// pct writes a coordinate with at most one decimal.
func pct(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// ChartHTML draws a number or range dimension as a horizontal bar chart,
// a row per role: no script, real text for every label and value, and
// colours from the page's CSS so it follows dark mode and prints.
func (d *Data) ChartHTML(id string, dim *Dimension, roles []*Role) string {
	maxV := 0.0
	for _, r := range roles {
		v := dim.Values[r.ID]
		if v == nil || v.NA {
			continue
		}
		maxV = max(maxV, v.Num, v.Max)
	}
	scale := func(f float64) float64 {
		if maxV <= 0 {
			return 0
		}
		return f / maxV
	}
	rows := make([]chartRow, 0, len(roles))
	for _, r := range roles {
		v := dim.Values[r.ID]
		row := chartRow{label: r.Label(), name: r.Name, value: dim.Display(v)}
		if v != nil && !v.NA {
			row.bar = true
			if dim.Kind == Range {
				row.from, row.to = scale(v.Min), scale(v.Max)
			} else {
				row.to = scale(v.Num)
			}
		}
		rows = append(rows, row)
	}
	caption := esc(dim.Name)
	if dim.AsOf != "" {
		caption += " (as of " + esc(dim.AsOf) + ")"
	}
	caption += d.citeAll(dim, roles)
	for _, r := range roles {
		if v := dim.Values[r.ID]; v != nil && !v.NA && dim.IsExample(v) {
			caption += ". Example figures: this handbook's own, not from a source"
			break
		}
	}
	var b strings.Builder
	writeChart(&b, id, "chart", rows, caption)
	return b.String()
}

// citeAll lists the source titles behind a chart, as plain text: the
// chart sits next to its table, whose cells carry the links.
func (d *Data) citeAll(dim *Dimension, roles []*Role) string {
	var titles []string
	seen := map[string]bool{}
	for _, r := range roles {
		for _, id := range dim.Citations(dim.Values[r.ID]) {
			if s := d.sources[id]; s != nil && !seen[id] {
				seen[id] = true
				titles = append(titles, s.Title)
			}
		}
	}
	if len(titles) == 0 {
		return ""
	}
	return ". Source: " + esc(strings.Join(titles, "; "))
}
