package compare

import "strings"

// BandChartHTML draws one zone's bands as ranges on a shared axis, a row
// per level, as the comparison charts are drawn: real text for each level
// and band, and colours from the page's CSS. It is "" when the zone has
// no bands.
func (d *Data) BandChartHTML(lad *Ladder, zone, id string) string {
	bands := lad.zoneBands(zone)
	if len(bands) == 0 {
		return ""
	}
	maxV := 0.0
	for _, b := range bands {
		maxV = max(maxV, b.Max)
	}
	scale := func(f float64) float64 {
		if maxV <= 0 {
			return 0
		}
		return f / maxV
	}
	title := "Pay bands"
	if zone != "" {
		title += ": " + d.ZoneName(zone)
	}
	rows := make([]chartRow, 0, len(bands))
	example := false
	for _, band := range bands {
		lv := lad.Level(band.Level)
		name := lv.Title
		if lv.Grade != "" {
			name = lv.Grade + " " + name
		}
		rows = append(rows, chartRow{label: name, value: band.Display(), from: scale(band.Min), to: scale(band.Max), bar: true})
		example = example || band.Example
	}
	caption := title
	if example {
		caption += ". Example figures: this handbook's own, not from a source"
	}
	var b strings.Builder
	writeChart(&b, id, "chart band-chart", rows, esc(caption))
	return b.String()
}
