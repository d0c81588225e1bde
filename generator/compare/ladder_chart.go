package compare

import (
	"fmt"
	"strings"
)

// BandChartHTML draws one zone's bands as ranges on a shared axis, a row
// per level, in inline SVG as the comparison charts are: a title and a
// description for screen readers and colours from the page's CSS. It is
// "" when the zone has no bands.
func (d *Data) BandChartHTML(lad *Ladder, zone, id string) string {
	const (
		width  = 640
		label  = 180
		rowH   = 34
		barH   = 18
		top    = 8
		bottom = 8
	)
	bands := lad.zoneBands(zone)
	if len(bands) == 0 {
		return ""
	}
	maxV, longest := 0.0, 0
	for _, b := range bands {
		maxV = max(maxV, b.Max)
		longest = max(longest, len([]rune(b.Display())))
	}
	right := 16 + longest*7
	scale := func(f float64) float64 { return f / maxV * float64(width-label-right) }
	height := top + bottom + rowH*len(bands)
	title := "Pay bands"
	if zone != "" {
		title += ": " + d.ZoneName(zone)
	}
	var b strings.Builder
	var desc []string
	fmt.Fprintf(&b, `<figure class="chart band-chart" id="%s-chart">`, esc(id))
	fmt.Fprintf(&b, `<svg viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-t %s-d" preserveAspectRatio="xMinYMin meet">`, width, height, esc(id), esc(id))
	fmt.Fprintf(&b, `<title id="%s-t">%s</title>`, esc(id), esc(title))
	for i, band := range bands {
		lv := lad.Level(band.Level)
		y := top + i*rowH
		name := lv.Title
		if lv.Grade != "" {
			name = lv.Grade + " " + name
		}
		if r := []rune(name); len(r) > 24 {
			name = string(r[:23]) + "…"
		}
		x0, x1 := scale(band.Min), scale(band.Max)
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d" dominant-baseline="middle">%s</text>`, label-10, y+rowH/2, esc(name))
		fmt.Fprintf(&b, `<rect class="chart-bar" x="%.1f" y="%d" width="%.1f" height="%d" rx="3"></rect>`, float64(label)+x0, y+(rowH-barH)/2, max(x1-x0, 2), barH)
		fmt.Fprintf(&b, `<text class="chart-value" x="%.1f" y="%d" dominant-baseline="middle">%s</text>`, float64(label)+x1+8, y+rowH/2, esc(band.Display()))
		desc = append(desc, lv.Title+": "+band.Display())
	}
	fmt.Fprintf(&b, `<desc id="%s-d">%s</desc></svg>`, esc(id), esc(strings.Join(desc, "; ")))
	caption := title
	example := false
	for _, band := range bands {
		example = example || band.Example
	}
	if example {
		caption += ". Example figures: this handbook's own, not from a source"
	}
	fmt.Fprintf(&b, `<figcaption>%s</figcaption></figure>`+"\n", esc(caption))
	return b.String()
}
