package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"maps"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// layoutPages are the kinds of page the handbook builds, one of each.
var layoutPages = []struct{ name, path, ready string }{
	{"home", "index.html", ""},
	{"section", "guide/index.html", ""},
	{"tables", "guide/responsibilities/index.html", ""},
	{"comparison", "compare/index.html", ""},
	{"pair", "compare/pm-vs-tpm/index.html", ""},
	{"role profile", "roles/pm/index.html", ""},
	{"ladder and band chart", "roles/pm/ladder/index.html", ""},
	{"level", "roles/tpm/ladder/senior/index.html", ""},
	{"step", "roles/pm/ladder/mid-to-senior/index.html", ""},
	{"level diff", "guide/career-moves/index.html", ""},
	{"job description", "roles/pm/ladder/principal/job/index.html", ""},
	{"ladder picker", "roles/compare-ladders/index.html#a=pm/senior&b=tpm/senior", `document.querySelector(".picker-table")`},
	{"salary chart", "guide/key-differences/index.html", ""},
	{"range chart", "guide/sizing/index.html", ""},
	{"what changed", "changes/index.html", ""},
	{"site index", "siteindex/index.html", ""},
	{"404", "404.html", ""},
	{"print edition", "print.html", ""},
}

// layoutWidths are the screen widths the layout must hold at: a small and
// a common phone, a tablet, a small laptop and a desktop.
var layoutWidths = []int64{320, 390, 768, 1024, 1280}

// overflowScript lists every visible element whose right edge passes what
// holds it, as "path: N px past LIMIT". An element in the page's main
// column is held by the column (main's content box); an element within a
// scroll container (overflow-x auto or scroll) by that container, which
// shows it by scrolling, and which must itself fit; anything else by the
// viewport. Only the outermost element of an overflow is listed: its
// children overflow with it. Visually hidden text (clipped to nothing) is
// not seen, so not judged.
const overflowScript = `(() => {
	const vw = document.documentElement.clientWidth;
	const main = document.querySelector("main");
	let column = vw;
	if (main) {
		const ms = getComputedStyle(main), mr = main.getBoundingClientRect();
		column = mr.right - parseFloat(ms.paddingRight) - parseFloat(ms.borderRightWidth);
	}
	const name = el => el.tagName.toLowerCase() + Array.from(el.classList).map(c => "." + c).join("");
	const path = el => {
		const parts = [];
		for (let e = el; e && e !== document.body; e = e.parentElement) {
			parts.unshift(name(e));
			if (e.id || e === main) { if (e.id) parts[0] += "#" + e.id; break; }
		}
		return parts.join(" > ");
	};
	const out = [], range = document.createRange();
	const walk = (el, limit, where) => {
		const s = getComputedStyle(el);
		if (s.display === "none" || s.visibility === "hidden") return;
		// Visually hidden text, such as .sr-only: clipped to nothing.
		if (s.clip === "rect(0px, 0px, 0px, 0px)" || s.clipPath === "inset(50%)") return;
		if (el === main) { limit = Math.min(column, vw); where = "the column"; }
		if (s.position === "fixed") { limit = vw; where = "the viewport"; }
		const r = el.getBoundingClientRect();
		if (r.width > 0 && r.height > 0 && r.right - limit > 1) {
			// Its children overflow with it: only it is listed.
			out.push(path(el) + ": " + Math.round(r.right - limit) + " px past " + where);
			return;
		}
		// Text that does not wrap can run past its own element, whose box
		// stays within the column.
		for (const n of el.childNodes) {
			if (n.nodeType !== Node.TEXT_NODE || !n.data.trim()) continue;
			range.selectNodeContents(n);
			const t = range.getBoundingClientRect();
			if (t.width > 0 && t.right - limit > 1) {
				out.push(path(el) + " (its text): " + Math.round(t.right - limit) + " px past " + where);
				return;
			}
		}
		if (s.overflowX === "auto" || s.overflowX === "scroll") {
			// What scrolls is shown by scrolling: the container holds it.
			limit = Infinity; where = "its scroll container";
		} else if (s.overflowX === "hidden" || s.overflowX === "clip") {
			limit = Math.min(limit, r.right); where = "a clipping box";
		}
		for (const c of el.children) walk(c, limit, where);
	};
	walk(document.body, vw, "the viewport");
	return out;
})()`

// TestLayoutFits loads every kind of page at phone, tablet and desktop
// widths, in light and dark mode, and fails on any element that runs past
// its column or the screen: such an element is cut off, or makes the
// whole page scroll sideways. Screenshots of each go to e2e/screenshots.
func TestLayoutFits(t *testing.T) {
	for _, theme := range []string{"light", "dark"} {
		t.Run(theme, func(t *testing.T) {
			tb := newTab(t, viewport(layoutWidths[0], 800, true))
			if theme == "dark" {
				tb.open(suite.page("index.html"))
				// As the toggle does: the pages read the choice before
				// they are drawn.
				tb.do("choose dark mode", evalVoid(`localStorage.setItem("handbook-theme", "dark")`))
			}
			for _, p := range layoutPages {
				tb.open(suite.page(p.path))
				if p.ready != "" {
					tb.waitFor(p.name, p.ready)
				}
				tb.expectTheme(p.path, theme == "dark")
				tb.clean(p.path)
				for _, w := range layoutWidths {
					tb.do("resize", chromedp.EmulateViewport(w, 800, mobileAt(w)...))
					tb.waitFor("the new width", fmt.Sprintf(`document.documentElement.clientWidth === %d`, w))
					bad := eval[[]string](tb, overflowScript)
					for _, b := range bad {
						t.Errorf("%s (%s) at %d px, %s: %s", p.name, p.path, w, theme, b)
					}
					// The print edition is too long for a useful picture.
					if len(bad) > 0 || p.name != "print edition" && (w == 390 || w == 1280) {
						tb.screenshot(fmt.Sprintf("layout-%s-%d-%s", strings.ReplaceAll(p.name, " ", "-"), w, theme))
					}
				}
			}
		})
	}
}

// a4Width is the width an A4 sheet prints on, in CSS pixels: 210 mm less
// the 16 mm margins either side that print.css gives it.
const a4Width = 672

// TestLayoutFitsPrint lays out the print edition and the pages with
// charts and wide tables as they print on A4, and fails on anything past
// the sheet's printable width, where the printer would cut it off.
func TestLayoutFitsPrint(t *testing.T) {
	tb := newTab(t, viewport(a4Width, 1000, false), printMedia)
	for _, p := range layoutPages {
		switch p.name {
		case "tables", "comparison", "pair", "role profile", "ladder and band chart", "level", "salary chart", "range chart", "what changed", "print edition":
		default:
			continue
		}
		tb.open(suite.page(p.path))
		tb.clean(p.path)
		if !eval[bool](tb, `matchMedia("print").matches`) {
			t.Fatalf("%s: the page is not laid out for print", p.path)
		}
		for _, b := range eval[[]string](tb, overflowScript) {
			t.Errorf("%s (%s) printed on A4: %s", p.name, p.path, b)
		}
		if p.name != "print edition" {
			tb.screenshot("layout-print-" + strings.ReplaceAll(p.name, " ", "-"))
		}
	}
}

// printMedia lays the tab's pages out for print, as on paper.
func printMedia(ctx context.Context) error {
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	return err
}

// mobileAt makes screens narrower than a laptop's phones and tablets:
// touch, and a mobile viewport.
func mobileAt(width int64) []chromedp.EmulateViewportOption {
	if width < 1024 {
		return []chromedp.EmulateViewportOption{chromedp.EmulateMobile}
	}
	return nil
}

// TestTableScroll opens a page of tables wider than a phone and checks
// what a reader meets: each table scrolls in a region of its own that
// fits the column, has a name of its own and takes the keyboard, and a
// shadow marks each edge that has more to show, and only those.
func TestTableScroll(t *testing.T) {
	tb := newTab(t, viewport(390, 844, false))
	tb.open(suite.page("guide/responsibilities/index.html"))
	type region struct {
		Label, Tab    string
		Wider, Inside bool
	}
	regions := eval[[]region](tb, `(() => {
		const main = document.querySelector("main"), ms = getComputedStyle(main);
		const column = main.getBoundingClientRect().right - parseFloat(ms.paddingRight);
		return Array.from(document.querySelectorAll("main .table-scroll")).map(r => ({
			Label: r.getAttribute("role") === "region" ? r.getAttribute("aria-label") || "" : "",
			Tab: r.getAttribute("tabindex") || "",
			Wider: r.scrollWidth > r.clientWidth,
			Inside: r.getBoundingClientRect().right <= column + 1,
		}));
	})()`)
	if len(regions) < 2 {
		t.Fatalf("%d scroll regions on the page, want one per table", len(regions))
	}
	seen := map[string]bool{}
	for i, r := range regions {
		if r.Label == "" || seen[r.Label] || r.Tab != "0" || !r.Inside {
			t.Errorf("table %d: region named %q (unique: %v), tabindex %q, fits the column: %v", i+1, r.Label, !seen[r.Label], r.Tab, r.Inside)
		}
		seen[r.Label] = true
	}
	if !regions[0].Wider {
		t.Fatal("the first table fits a phone: the page no longer shows a table that scrolls")
	}
	tb.do("focus the first table", evalVoid(`document.querySelector("main .table-scroll").focus()`))
	tb.press(kb.ArrowRight)
	tb.waitFor("the table to scroll by keyboard", `document.querySelector("main .table-scroll").scrollLeft > 0`)

	// The shadows, seen over a plain box: one as wide as the column,
	// which shows none, and one wider, which shows one at the end it can
	// scroll to.
	tb.do("add boxes", evalVoid(`(() => {
		const add = (id, width) => {
			const r = document.createElement("div");
			r.className = "table-scroll"; r.id = id;
			r.innerHTML = '<div style="height: 3rem; width: ' + width + '"></div>';
			document.querySelector("main .content").prepend(r);
		};
		add("wide", "200vw"); add("fits", "100%");
		window.scrollTo(0, 0);
	})()`))
	shadows := func() map[string]bool {
		shot, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatal(err)
		}
		type box struct{ Left, Right, Mid float64 }
		boxes := eval[map[string]box](tb, `Object.fromEntries(["wide", "fits"].map(id => {
			const r = document.getElementById(id).getBoundingClientRect();
			return [id, {Left: r.left, Right: r.right, Mid: (r.top + r.bottom) / 2}];
		}))`)
		bg := img.At(2, int(boxes["fits"].Mid))
		out := map[string]bool{}
		for id, b := range boxes {
			out[id+" left"] = img.At(int(b.Left)+2, int(b.Mid)) != bg
			out[id+" right"] = img.At(int(b.Right)-3, int(b.Mid)) != bg
		}
		return out
	}
	want := map[string]bool{"fits left": false, "fits right": false, "wide left": false, "wide right": true}
	if got := shadows(); !maps.Equal(got, want) {
		t.Errorf("at the start, shadows at %v, want %v", got, want)
	}
	tb.do("scroll to the end", evalVoid(`document.getElementById("wide").scrollLeft = 1e6`))
	want["wide left"], want["wide right"] = true, false
	if got := shadows(); !maps.Equal(got, want) {
		t.Errorf("at the end, shadows at %v, want %v", got, want)
	}
	tb.screenshot("table-scroll-shadows")
}
