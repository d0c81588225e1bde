package compare

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// SetLanguage makes every amount the model shows read as the site's
// language writes it: 96,522 in English, 96.522 in German, 96 522 in
// French, with the currency symbol before or after the number as the
// language puts it. English is the default.
func (d *Data) SetLanguage(lang string) {
	for _, dim := range d.Dimensions {
		dim.lang = lang
	}
	for _, lad := range d.Ladders {
		for _, b := range lad.Bands {
			b.lang = lang
		}
	}
}

// Languages that write the currency after the amount, with a space.
var symbolAfter = map[string]bool{
	"bg": true, "cs": true, "da": true, "de": true, "el": true, "es": true, "et": true, "fi": true, "fr": true,
	"hr": true, "hu": true, "it": true, "lt": true, "lv": true, "nb": true, "no": true, "pl": true, "pt": true,
	"ro": true, "ru": true, "sk": true, "sl": true, "sv": true, "tr": true, "uk": true,
}

var printers sync.Map // language tag → *message.Printer

// formatMoney writes an amount in a currency ("" for none) as readers of
// lang expect.
func formatMoney(lang, cur string, f float64) string {
	base := strings.ToLower(strings.SplitN(strings.ReplaceAll(lang, "_", "-"), "-", 2)[0])
	var n string
	if base == "" || base == "en" {
		n = groupDigits(f)
	} else {
		p, ok := printers.Load(lang)
		if !ok {
			tag, err := language.Parse(lang)
			if err != nil {
				tag = language.English
			}
			p, _ = printers.LoadOrStore(lang, message.NewPrinter(tag))
		}
		n = p.(*message.Printer).Sprint(number.Decimal(f, number.MaxFractionDigits(2)))
	}
	if cur == "" {
		return n
	}
	sym, ok := currencySymbols[cur]
	switch {
	case symbolAfter[base]:
		if !ok {
			sym = cur
		}
		return n + "\u00a0" + sym
	case ok:
		return sym + n
	}
	return n + " " + cur
}
