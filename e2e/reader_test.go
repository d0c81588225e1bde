package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestReaderNavigation walks our handbook from disk as a reader would,
// by the sidebar, the previous and next links, the breadcrumbs and the
// footer, through a page of every kind, and checks that each one loads
// with no failed request and no console error.
func TestReaderNavigation(t *testing.T) {
	tb := newTab(t)
	tb.open(suite.page("index.html"))
	tb.expectKind("home", "home")

	steps := []struct {
		how, link string // how the reader gets there, and the link they click
		kind      string // the class of the page's article
		path      string // the path the page must have, when it is known
	}{
		{"sidebar", `.sidebar a[href$="guide/index.html"]`, "kind-section", "guide/index.html"},
		{"next link", `.prevnext a[rel=next]`, "kind-page", ""},
		{"sidebar", `.sidebar a[href$="compare/index.html"]`, "kind-compare", "compare/index.html"},
		{"next link", `.prevnext a[rel=next]`, "kind-pair", ""},
		{"breadcrumbs", `.breadcrumbs a[href$="compare/index.html"]`, "kind-compare", "compare/index.html"},
		{"sidebar", `.sidebar a[href$="roles/index.html"]`, "kind-section", "roles/index.html"},
		{"sidebar", `.sidebar a[href$="roles/pm/index.html"]`, "kind-role", "roles/pm/index.html"},
		{"breadcrumbs", `.breadcrumbs li:first-child a`, "home", "index.html"},
		{"footer", `.site-footer a[href$="print.html"]`, "kind-print", "print.html"},
	}
	for _, s := range steps {
		want := s.path
		if want == "" {
			want = tb.linkTarget(s.link)
		}
		tb.follow(s.link, want)
		tb.expectKind(s.how+" to "+want, s.kind)
		if s.kind != "home" && s.kind != "kind-print" {
			// Every page but the home page and the print edition is in
			// the sidebar, marked as the current page.
			tb.waitFor("the sidebar to mark "+want+" as the current page",
				fmt.Sprintf(`(document.querySelector(".sidebar a[aria-current=page]") || {href: ""}).href.endsWith(%s)`, jsString("/"+want)))
		}
	}
}

// expectKind checks that the page shown is of the kind (the class of its
// article), has a heading, and loaded cleanly.
func (tb *tab) expectKind(where, kind string) {
	tb.t.Helper()
	tb.waitFor(where+": an article of kind "+kind,
		fmt.Sprintf(`document.querySelector("main article.content.%s h1, main article.content.%s .print-title")`, kind, kind))
	tb.clean(where)
}

// linkTarget returns the path, relative to the site, of the link that
// sel finds on the page shown.
func (tb *tab) linkTarget(sel string) string {
	tb.t.Helper()
	href := eval[string](tb, fmt.Sprintf(`(document.querySelector(%s) || {}).href || ""`, jsString(sel)))
	prefix := "file://" + filepath.ToSlash(suite.site) + "/"
	if !strings.HasPrefix(href, prefix) {
		tb.t.Fatalf("%s links to %q, not to a page of the site", sel, href)
	}
	return strings.TrimPrefix(href, prefix)
}

// TestReaderSearch uses the search box as a keyboard user would: / to
// focus it, a query, the arrow keys to choose a result and Enter to open
// it. The result must open the page, at the heading that matched.
func TestReaderSearch(t *testing.T) {
	tb := newTab(t)
	// A page two folders down, so that result links must be relative to it.
	tb.open(suite.page("guide/working-together/index.html"))
	tb.waitFor("the search box", `document.querySelector(".search-input")`)
	tb.clean("the page with the search box")

	tb.press("/")
	tb.waitFor("/ to focus the search box", `document.activeElement === document.querySelector(".search-input")`)
	if v := eval[string](tb, `document.querySelector(".search-input").value`); v != "" {
		t.Errorf("pressing / typed %q into the search box", v)
	}

	// Results of a word still being typed may show before those of the
	// whole query replace them, so the keys below wait until the page has
	// stopped changing for a moment.
	eval[bool](tb, `(window.hbChanged = performance.now(), new MutationObserver(() => { window.hbChanged = performance.now(); }).observe(document.body, {childList: true, subtree: true, characterData: true}), true)`)
	tb.do("type a query", chromedp.KeyEvent("company size"))
	tb.waitFor("search results", `document.querySelectorAll("#hb-search-results [role=option]").length > 0 && !document.querySelector(".search-panel").hidden && performance.now() - window.hbChanged > 400`)
	tb.clean("searching (the index loads on first use)")
	results := eval[[]string](tb, `Array.from(document.querySelectorAll("#hb-search-results [role=option]"), e => e.querySelector(".search-title").textContent)`)

	// The arrow keys move through the results and wrap around.
	selected := func() (int, string) {
		t.Helper()
		type sel struct {
			Index      int    `json:"index"`
			Title      string `json:"title"`
			Descendant string `json:"descendant"`
			ID         string `json:"id"`
		}
		s := eval[sel](tb, `(() => {
			const items = Array.from(document.querySelectorAll("#hb-search-results [role=option]"));
			const on = items.filter(e => e.getAttribute("aria-selected") === "true");
			const i = on.length === 1 ? items.indexOf(on[0]) : -on.length - 1;
			return {index: i, title: i >= 0 ? on[0].querySelector(".search-title").textContent : "",
				descendant: document.querySelector(".search-input").getAttribute("aria-activedescendant") || "",
				id: i >= 0 ? on[0].id : ""};
		})()`)
		if s.Index < -1 {
			t.Fatalf("%d results are selected at once", -s.Index-1)
		}
		if s.Descendant != s.ID {
			t.Errorf("the search box names %q as its active result, but %q is selected", s.Descendant, s.ID)
		}
		return s.Index, s.Title
	}
	tb.press(kb.ArrowDown)
	if i, _ := selected(); i != 0 {
		t.Errorf("ArrowDown selected result %d, not the first", i)
	}
	tb.press(kb.ArrowUp)
	if i, _ := selected(); i != len(results)-1 {
		t.Errorf("ArrowUp from the first result selected result %d, not the last (%d)", i, len(results)-1)
	}
	tb.press(kb.ArrowDown)
	if i, _ := selected(); i != 0 {
		t.Errorf("ArrowDown from the last result selected result %d, not the first", i)
	}

	// The heading "By company size" of "When to hire a TPM" matches both
	// words; walk down to it, wherever it ranks.
	const want = "When to hire a TPM › By company size"
	for {
		i, title := selected()
		if title == want {
			break
		}
		if i == len(results)-1 {
			t.Fatalf("no result %q among %q", want, results)
		}
		tb.press(kb.ArrowDown)
	}
	tb.press(kb.Enter)
	tb.waitFor("the result to open", `location.pathname.endsWith("/guide/when-to-hire-a-tpm/index.html") && document.readyState === "complete"`)
	if hash := eval[string](tb, `location.hash`); hash != "#by-company-size" {
		t.Errorf("the result opened the page at %q, not at #by-company-size", hash)
	}
	// The browser scrolls the heading to the top, below the sticky header.
	tb.waitFor("the heading to be in view", `(() => {
		const h = document.getElementById("by-company-size");
		const r = h && h.getBoundingClientRect();
		return r && r.top >= 0 && r.bottom <= innerHeight / 2;
	})()`)
	tb.clean("the search result")
}

// TestReaderDifferencesSwitch checks the "Show only differences" switch of
// the comparison of two roles: checked, it hides the rows whose values are
// equal and keeps the others. It is plain CSS, so it must work with
// JavaScript turned off too.
func TestReaderDifferencesSwitch(t *testing.T) {
	for _, js := range []bool{true, false} {
		name := "with JavaScript"
		var opts []tabOption
		if !js {
			name = "without JavaScript"
			opts = append(opts, withoutJS)
		}
		t.Run(name, func(t *testing.T) {
			tb := newTab(t, opts...)
			tb.open(suite.page("compare/pm-vs-tpm/index.html"))
			tb.clean("the comparison")
			if got := eval[bool](tb, `document.documentElement.classList.contains("js")`); got != js {
				t.Fatalf("the page ran its scripts: %v, want %v", got, js)
			}
			type rows struct {
				Same, SameShown, Differs, DiffersShown int
			}
			count := func() rows {
				return eval[rows](tb, `(() => {
					const shown = e => e.getClientRects().length > 0;
					const same = Array.from(document.querySelectorAll(".compare-table tr.same"));
					const differs = Array.from(document.querySelectorAll(".compare-table tr.differs"));
					return {Same: same.length, SameShown: same.filter(shown).length,
						Differs: differs.length, DiffersShown: differs.filter(shown).length};
				})()`)
			}
			before := count()
			if before.Same == 0 || before.Differs == 0 {
				t.Fatalf("the PM vs TPM table needs rows that are the same and rows that differ to test the switch: %+v", before)
			}
			if before.SameShown != before.Same || before.DiffersShown != before.Differs {
				t.Fatalf("with the switch off, some rows are hidden: %+v", before)
			}

			tb.do("click the switch", chromedp.Click(chromedp.CSS(".compare .diff-label")))
			tb.waitFor("the switch to be on", `document.querySelector(".compare .diff-toggle").checked`)
			if after := count(); after.SameShown != 0 || after.DiffersShown != after.Differs {
				t.Errorf("with the switch on, %d of %d equal rows are shown and %d of %d differing rows", after.SameShown, after.Same, after.DiffersShown, after.Differs)
			}

			tb.do("click the switch again", chromedp.Click(chromedp.CSS(".compare .diff-label")))
			tb.waitFor("the switch to be off", `!document.querySelector(".compare .diff-toggle").checked`)
			if again := count(); again != before {
				t.Errorf("with the switch off again, the rows are %+v, not %+v", again, before)
			}
			tb.clean("the switch")
		})
	}
}

// TestReaderDarkMode switches to dark mode and checks that the choice
// holds on the next pages, and that switching back holds too.
func TestReaderDarkMode(t *testing.T) {
	tb := newTab(t)
	tb.open(suite.page("index.html"))
	tb.expectTheme("the home page", false)

	tb.do("switch to dark mode", chromedp.Click(chromedp.CSS(".theme-toggle")))
	tb.expectTheme("the home page, switched", true)
	if got := eval[string](tb, `localStorage.getItem("handbook-theme")`); got != "dark" {
		t.Errorf("localStorage handbook-theme = %q, want dark", got)
	}

	tb.follow(`.sidebar a[href$="guide/index.html"]`, "guide/index.html")
	tb.expectTheme("the next page", true)
	tb.follow(`.sidebar a[href$="compare/index.html"]`, "compare/index.html")
	tb.expectTheme("the page after", true)

	tb.do("switch back to light mode", chromedp.Click(chromedp.CSS(".theme-toggle")))
	tb.expectTheme("the compare page, switched back", false)
	tb.follow(`.breadcrumbs li:first-child a`, "index.html")
	tb.expectTheme("the home page again", false)
	tb.clean("switching themes")
}

// expectTheme checks that the page is dark or light: the attribute on
// <html>, the toggle's label, which names the mode it switches to, and
// the colours the reader sees.
func (tb *tab) expectTheme(where string, dark bool) {
	tb.t.Helper()
	want, label, name := "light", "Dark mode", "Switch to dark mode"
	if dark {
		want, label, name = "dark", "Light mode", "Switch to light mode"
	}
	tb.waitFor(where+": the toggle to be ready", `document.querySelector(".theme-toggle").offsetParent !== null`)
	type theme struct {
		Attr, Label, Name string
		Luminance         float64
	}
	got := eval[theme](tb, `(() => {
		const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
		return {Attr: document.documentElement.getAttribute("data-theme") || "",
			Label: document.querySelector(".theme-toggle .theme-label").textContent,
			Name: document.querySelector(".theme-toggle").getAttribute("aria-label"),
			Luminance: (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255};
	})()`)
	if dark && got.Attr != "dark" || !dark && got.Attr == "dark" {
		tb.t.Errorf("%s: data-theme is %q, want %s", where, got.Attr, want)
	}
	if got.Label != label || got.Name != name {
		tb.t.Errorf("%s: the toggle reads %q (%q), want %q (%q)", where, got.Label, got.Name, label, name)
	}
	if dark != (got.Luminance < 0.5) {
		tb.t.Errorf("%s: the background has luminance %.2f, which is not %s", where, got.Luminance, want)
	}
}

// headerOverflow lists the parts of the site header that stick out of it,
// as a title that wraps onto too many lines or a button pushed off screen.
const headerOverflow = `(() => {
	const h = document.querySelector(".site-header").getBoundingClientRect();
	return Array.from(document.querySelectorAll(".site-header > *")).filter(e => {
		const r = e.getBoundingClientRect();
		return r.width > 0 && (r.top < h.top || r.bottom > h.bottom || r.left < h.left || r.right > h.right);
	}).map(e => e.className || e.tagName);
})()`

// TestReaderScreenshots takes screenshots of the home, compare and
// content pages at a desktop and a phone size, light and dark, for people
// to look at. It checks what a machine can see of a cramped layout: that
// no page is wider than the screen, and that the header holds its title,
// search box and buttons.
func TestReaderScreenshots(t *testing.T) {
	sizes := []struct {
		name          string
		width, height int64
		mobile        bool
	}{
		{"desktop", 1280, 800, false},
		{"mobile", 390, 844, true},
	}
	pages := []struct{ name, path string }{
		{"home", "index.html"},
		{"compare", "compare/index.html"},
		{"content", "guide/key-differences/index.html"},
	}
	for _, size := range sizes {
		t.Run(size.name, func(t *testing.T) {
			tb := newTab(t, viewport(size.width, size.height, size.mobile))
			for _, theme := range []string{"light", "dark"} {
				if theme == "dark" {
					// As the toggle does: the pages read the choice
					// before they are drawn.
					tb.do("choose dark mode", evalVoid(`localStorage.setItem("handbook-theme", "dark")`))
				}
				for _, p := range pages {
					tb.open(suite.page(p.path))
					tb.expectTheme(p.path, theme == "dark")
					tb.clean(p.path)
					if w := eval[int](tb, `document.documentElement.scrollWidth`); w > int(size.width) {
						t.Errorf("%s (%s): the page is %d pixels wide, wider than the screen (%d): readers must scroll sideways", p.path, theme, w, size.width)
					}
					if out := eval[[]string](tb, headerOverflow); len(out) > 0 {
						t.Errorf("%s (%s): the header is too narrow for %q", p.path, theme, out)
					}
					tb.screenshot(fmt.Sprintf("%s-%s-%s", p.name, size.name, theme))
				}
			}
		})
	}
}

// TestCitationTargets checks the citation numbers of the comparison and
// of a page of prose: each is a target of at least 24 × 24 px (WCAG
// 2.5.8), and no two overlap, so that a tap lands on the number under it.
func TestCitationTargets(t *testing.T) {
	tb := newTab(t, viewport(390, 844, true))
	for _, page := range []string{"compare/index.html", "guide/key-differences/index.html"} {
		tb.open(suite.page(page))
		tb.clean(page)
		type check struct {
			Links   int
			Small   []string
			Overlap []string
		}
		got := eval[check](tb, `(() => {
			const links = Array.from(document.querySelectorAll("sup.cite a"));
			const r = links.map(a => a.getBoundingClientRect());
			const small = [], overlap = [];
			r.forEach((b, i) => {
				if (b.width < 23.5 || b.height < 23.5) small.push(links[i].textContent + " " + b.width + "×" + b.height);
				if (i > 0 && links[i].parentElement === links[i-1].parentElement) {
					const a = r[i-1];
					if (a.right > b.left + 0.5 && a.left < b.right && a.bottom > b.top && a.top < b.bottom) overlap.push(links[i-1].textContent + "/" + links[i].textContent);
				}
			});
			return {Links: links.length, Small: small, Overlap: overlap};
		})()`)
		if got.Links == 0 {
			t.Fatalf("%s has no citations", page)
		}
		if len(got.Small) > 0 || len(got.Overlap) > 0 {
			t.Errorf("%s: %d citations; smaller than 24 px: %v; overlapping: %v", page, got.Links, got.Small, got.Overlap)
		}
	}
}
