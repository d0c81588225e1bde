package compare

import (
	"fmt"
	"strings"
)

// ChartHTML draws a number or range dimension as a horizontal bar chart in
// inline SVG: no script, a title and description for screen readers, and
// colours from the page's CSS so it follows dark mode and prints.
func (d *Data) ChartHTML(id string, dim *Dimension, roles []*Role) string {
	const (
		width  = 640
		label  = 150
		rowH   = 34
		barH   = 20
		top    = 8
		bottom = 8
	)
	maxV := 0.0
	for _, r := range roles {
		v := dim.Values[r.ID]
		if v == nil || v.NA {
			continue
		}
		maxV = max(maxV, v.Num, v.Max)
	}
	height := top + bottom + rowH*len(roles)
	// Leave room after the longest bar for the longest value label.
	longest := 0
	for _, r := range roles {
		longest = max(longest, len([]rune(dim.Display(dim.Values[r.ID]))))
	}
	right := 16 + longest*8
	var desc []string
	var b strings.Builder
	fmt.Fprintf(&b, `<figure class="chart" id="%s-chart">`, esc(id))
	fmt.Fprintf(&b, `<svg viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-t %s-d" preserveAspectRatio="xMinYMin meet">`, width, height, esc(id), esc(id))
	fmt.Fprintf(&b, `<title id="%s-t">%s</title>`, esc(id), esc(dim.Name))
	scale := func(f float64) float64 {
		if maxV <= 0 {
			return 0
		}
		return f / maxV * float64(width-label-right)
	}
	for i, r := range roles {
		v := dim.Values[r.ID]
		y := top + i*rowH
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d" dominant-baseline="middle">%s</text>`, label-10, y+rowH/2, esc(r.Label()))
		text := dim.Display(v)
		desc = append(desc, r.Name+": "+text)
		x0, x1 := 0.0, 0.0
		if v != nil && !v.NA {
			if dim.Kind == Range {
				x0, x1 = scale(v.Min), scale(v.Max)
			} else {
				x1 = scale(v.Num)
			}
			fmt.Fprintf(&b, `<rect class="chart-bar" x="%.1f" y="%d" width="%.1f" height="%d" rx="3"></rect>`,
				float64(label)+x0, y+(rowH-barH)/2, max(x1-x0, 2), barH)
		}
		fmt.Fprintf(&b, `<text class="chart-value" x="%.1f" y="%d" dominant-baseline="middle">%s</text>`, float64(label)+x1+8, y+rowH/2, esc(text))
	}
	fmt.Fprintf(&b, `<desc id="%s-d">%s</desc>`, esc(id), esc(strings.Join(desc, "; ")))
	b.WriteString(`</svg>`)
	caption := dim.Name
	if dim.AsOf != "" {
		caption += " (as of " + dim.AsOf + ")"
	}
	note := d.citeAll(dim, roles)
	for _, r := range roles {
		if v := dim.Values[r.ID]; v != nil && !v.NA && dim.IsExample(v) {
			note += ". Example figures: this handbook's own, not from a source"
			break
		}
	}
	fmt.Fprintf(&b, `<figcaption>%s%s</figcaption></figure>`+"\n", esc(caption), note)
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
