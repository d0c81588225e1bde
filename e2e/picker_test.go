package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"
)

// pickerPage is the page that compares any two levels.
const pickerPage = "roles/compare-ladders/index.html"

// pickerLimit is how long the picker may take to show a comparison once
// the data it needs has arrived.
const pickerLimit = 100.0 // milliseconds

// TestPicker compares two levels over file:// as a reader would: picks a
// role and a level on each side, reads the comparison, then opens its
// address in a new tab, which must show the same comparison.
func TestPicker(t *testing.T) {
	tb := newTab(t)
	tb.open(suite.page(pickerPage))
	tb.waitFor("the picker to show a first comparison", `!document.querySelector("[data-picker]").hidden && document.querySelector(".picker-table")`)
	if eval[bool](tb, `!document.querySelector("[data-picker-nojs]").hidden`) {
		t.Error("the note for readers without JavaScript still shows")
	}
	for _, side := range []string{"a", "b"} {
		for _, part := range []string{"role", "level"} {
			sel := fmt.Sprintf(`select[data-side=%q][data-part=%q]`, side, part)
			label := eval[string](tb, fmt.Sprintf(`(s => s && s.labels.length ? s.labels[0].textContent : "")(document.querySelector(%s))`, jsString(sel)))
			if label == "" {
				t.Errorf("the %s select of side %s has no label", part, side)
			}
		}
	}
	tb.clean("the picker page")
	t.Logf("the first comparison took %.1f ms from the page's start, its two roles' scripts loading",
		eval[float64](tb, `performance.getEntriesByName("hb-picker-end", "mark")[0].startTime`))

	tb.pick("a", "pm", "senior")
	tb.pick("b", "tpm", "senior")
	const hash = "#a=pm/senior&b=tpm/senior"
	const caption = "Senior Product Manager (L3) and Senior Technical Product Manager (L3)"
	tb.waitFor("the comparison of the two senior levels",
		fmt.Sprintf(`location.hash === %s && (document.querySelector(".picker-table caption") || {}).textContent === %s`, jsString(hash), jsString(caption)))
	tb.clean("picking pm/senior and tpm/senior")
	render := eval[float64](tb, `performance.getEntriesByName("hb-picker", "measure").pop().duration`)
	total := eval[float64](tb, `performance.getEntriesByName("hb-picker-total", "measure").pop().duration`)
	t.Logf("the comparison of the senior levels took %.1f ms to show, %.1f ms from the last choice", render, total)
	if render >= pickerLimit {
		t.Errorf("the comparison took %.1f ms to show, over the %.0f ms limit", render, pickerLimit)
	}
	first := tb.checkSeniors()

	// The address is the share: a new tab opened at it shows the same.
	shared := eval[string](tb, `location.href`)
	if !strings.HasSuffix(shared, pickerPage+hash) {
		t.Fatalf("the page's address is %s, want it to end in %s", shared, pickerPage+hash)
	}
	other := newTab(t)
	other.open(shared)
	other.waitFor("the shared comparison", fmt.Sprintf(`(document.querySelector(".picker-table caption") || {}).textContent === %s`, jsString(caption)))
	other.clean("the shared address")
	for side, want := range map[string]string{"a": "pm senior", "b": "tpm senior"} {
		got := eval[string](other, fmt.Sprintf(`["role", "level"].map(p => document.querySelector('select[data-side=%q][data-part="' + p + '"]').value).join(" ")`, side))
		if got != want {
			t.Errorf("the shared address sets side %s to %q, want %q", side, got, want)
		}
	}
	if again := other.checkSeniors(); again != first {
		t.Errorf("the shared address shows\n%s\nwhere the first tab showed\n%s", again, first)
	}

	// Two levels of one role: what a level does not yet do, and what it
	// keeps from the level before, marked with that level.
	other.pick("a", "pm", "associate")
	other.pick("b", "pm", "principal")
	other.waitFor("the comparison of two PM levels", `location.hash === "#a=pm/associate&b=pm/principal"`)
	other.waitFor("the row of technical understanding", `document.querySelector('.picker-table tr[data-competency="technical"] td[data-side="b"] .inherited')`)
	row := other.row("technical")
	if !strings.Contains(row.A, "Not yet expected") {
		t.Errorf("an associate PM's technical understanding reads %q, want it not yet expected", row.A)
	}
	if !strings.Contains(row.B, "Understands enough of the technology to judge what is realistic") || !strings.HasSuffix(row.B, "as Product Manager") {
		t.Errorf("a principal PM's technical understanding reads %q, want the mid level's text marked as Product Manager", row.B)
	}
	if row.Diff != "Differs" {
		t.Errorf("technical understanding is marked %q between associate and principal PM, want Differs", row.Diff)
	}
	other.clean("comparing two PM levels")

	// The selects work from the keyboard: the arrow keys move to the
	// level before, which the comparison and the address follow.
	other.do("focus the second level", evalVoid(`document.querySelector('select[data-side="b"][data-part="level"]').focus()`))
	other.press(kb.ArrowUp)
	other.waitFor("the arrow key to pick the senior level", `location.hash === "#a=pm/associate&b=pm/senior" && document.querySelector(".picker-table caption").textContent === "Associate Product Manager (L1) and Senior Product Manager (L3)"`)
	other.clean("picking a level with the keyboard")

	// An address edited by hand is followed too, and one that names a
	// level the handbook does not have says so.
	other.do("edit the address", evalVoid(`location.hash = "#a=tpm/mid&b=pm/mid"`))
	other.waitFor("the comparison the address names", `document.querySelector(".picker-table caption").textContent === "Technical Product Manager (L2) and Product Manager (L2)"`)
	other.do("name a level that does not exist", evalVoid(`location.hash = "#a=pm/chief&b=pm/mid"`))
	other.waitFor("a note that the level does not exist", `(document.querySelector(".picker-status") || {textContent: ""}).textContent.includes("does not have")`)
	other.clean("editing the address")
}

// TestPickerWithoutJS opens the picker with JavaScript off: the page
// says it needs it and links every ladder instead.
func TestPickerWithoutJS(t *testing.T) {
	tb := newTab(t, withoutJS)
	tb.open(suite.page(pickerPage))
	note := eval[string](tb, `(n => n && n.offsetParent !== null ? n.innerText : "")(document.querySelector("[data-picker-nojs]"))`)
	if !strings.Contains(note, "needs JavaScript") {
		t.Errorf("without JavaScript the picker page shows %q, want a note that the picker needs it", note)
	}
	links := eval[[]string](tb, `Array.from(document.querySelectorAll("[data-picker-nojs] a"), a => a.getAttribute("href"))`)
	if strings.Join(links, " ") != "../pm/ladder/index.html ../tpm/ladder/index.html" {
		t.Errorf("without JavaScript the picker page links %q, want both ladders", links)
	}
	if eval[bool](tb, `document.querySelector("[data-picker]").offsetParent !== null`) {
		t.Error("without JavaScript the pickers show, though they cannot work")
	}
	tb.clean("the picker page without JavaScript")
}

// pick chooses a role and then a level on one side, as a reader does
// with the two selects.
func (tb *tab) pick(side, role, level string) {
	tb.t.Helper()
	set := func(part, value string) {
		tb.t.Helper()
		sel := fmt.Sprintf(`select[data-side=%q][data-part=%q]`, side, part)
		ok := eval[bool](tb, fmt.Sprintf(`(s => {
			if (!s || !Array.from(s.options).some(o => o.value === %[2]s)) return false;
			s.focus();
			s.value = %[2]s;
			s.dispatchEvent(new Event("change", {bubbles: true}));
			return true;
		})(document.querySelector(%[1]s))`, jsString(sel), jsString(value)))
		if !ok {
			tb.t.Fatalf("the %s select of side %s has no option %q", part, side, value)
		}
	}
	set("role", role)
	set("level", level)
}

// pickerRow is what one row of the comparison shows.
type pickerRow struct {
	A, B, Diff string
}

// row returns the row of a competency, or fails the test.
func (tb *tab) row(id string) pickerRow {
	tb.t.Helper()
	r := eval[*pickerRow](tb, fmt.Sprintf(`(tr => tr && {
		A: tr.querySelector('td[data-side="a"]').innerText.trim(),
		B: tr.querySelector('td[data-side="b"]').innerText.trim(),
		Diff: tr.querySelector(".picker-diff").innerText.trim(),
	})(document.querySelector('.picker-table tr[data-competency=%q]'))`, id))
	if r == nil {
		tb.t.Fatalf("the comparison has no row %s", id)
	}
	return *r
}

// checkSeniors checks the comparison of a senior PM with a senior TPM
// against handbook/data/ladders.yaml, and returns its text.
func (tb *tab) checkSeniors() string {
	t := tb.t
	t.Helper()
	strategy := tb.row("strategy")
	if !strings.Contains(strategy.A, "Writes the strategy for a larger area") {
		t.Errorf("a senior PM's product strategy reads %q", strategy.A)
	}
	if !strings.Contains(strategy.B, "Judges how technology trends could change the plan") {
		t.Errorf("a senior TPM's product strategy reads %q", strategy.B)
	}
	if strategy.Diff != "Differs" {
		t.Errorf("product strategy is marked %q, want Differs", strategy.Diff)
	}
	// A level written as same shows the text of the level it keeps.
	delivery := tb.row("delivery")
	if !strings.Contains(delivery.A, "Manages the roadmap for an area") || !strings.HasSuffix(delivery.A, "as Product Manager") {
		t.Errorf("a senior PM's planning and delivery reads %q, want the mid level's text marked as Product Manager", delivery.A)
	}
	communication := tb.row("communication")
	if !strings.Contains(communication.B, "Is the main contact between engineering and everyone else") || !strings.HasSuffix(communication.B, "as Technical Product Manager") {
		t.Errorf("a senior TPM's communication reads %q, want the mid level's text marked as Technical Product Manager", communication.B)
	}
	pay := eval[string](tb, `document.querySelector(".picker-pay").innerText`)
	for _, band := range []string{"$110,000–$145,000 per year", "$115,000–$150,000 per year"} {
		if !strings.Contains(pay, band) {
			t.Errorf("the pay bands read %q, want %s among them", pay, band)
		}
	}
	links := eval[[]string](tb, `Array.from(document.querySelectorAll(".picker-table thead a"), a => a.getAttribute("href"))`)
	if strings.Join(links, " ") != "../pm/ladder/senior/index.html ../tpm/ladder/senior/index.html" {
		t.Errorf("the comparison links %q, want the two levels' pages", links)
	}
	return eval[string](tb, `document.querySelector("[data-picker-result]").innerText`)
}
