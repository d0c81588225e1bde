package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// tocPage is a page with a long "On this page".
const tocPage = "guide/key-differences/index.html"

// TestOnThisPageScrollSpy: on a wide screen, the entry of "On this page"
// for the section being read is marked as current, and follows the
// reader as they scroll.
func TestOnThisPageScrollSpy(t *testing.T) {
	tb := newTab(t, viewport(1280, 800, false))
	tb.open(suite.page(tocPage))
	ids := eval[[]string](tb, `Array.from(document.querySelectorAll(".toc a")).map(a => decodeURIComponent(a.hash.slice(1)))`)
	if len(ids) < 4 {
		t.Fatalf("%s has %d entries in its table of contents, too few to test", tocPage, len(ids))
	}
	if eval[bool](tb, `!document.querySelector(".toc").getClientRects().length`) {
		t.Fatal("the table of contents aside is hidden at 1280 pixels")
	}
	current := `Array.from(document.querySelectorAll(".toc a[aria-current=true]")).map(a => decodeURIComponent(a.hash.slice(1)))`
	for _, id := range []string{ids[len(ids)/2], ids[1], ids[len(ids)/2+1]} {
		tb.do("scroll to "+id, evalVoid(fmt.Sprintf(`document.getElementById(%s).scrollIntoView({block: "start"})`, jsString(id))))
		tb.waitFor("the entry for "+id+" to be current", fmt.Sprintf(`(c => c.length === 1 && c[0] === %s)(%s)`, jsString(id), current))
		if cls := eval[bool](tb, `document.querySelector(".toc a[aria-current=true]").classList.contains("toc-current")`); !cls {
			t.Errorf("the current entry for %s is not styled as current", id)
		}
	}
	tb.do("scroll to the top", evalVoid(`window.scrollTo(0, 0)`))
	tb.waitFor("no entry to be current above the first heading", current+`.length === 0`)
	tb.do("scroll to the bottom", evalVoid(`window.scrollTo(0, document.documentElement.scrollHeight)`))
	tb.waitFor("an entry near the end to be current at the bottom", fmt.Sprintf(`(c => c.length === 1 && %s.indexOf(c[0]) >= %d)(%s)`, jsonList(ids), len(ids)/2, current))
	tb.clean("scrolling")
}

// TestOnThisPageNarrow: on a phone, "On this page" is a closed disclosure
// at the top of the text whose links jump to their headings.
func TestOnThisPageNarrow(t *testing.T) {
	tb := newTab(t, viewport(390, 844, true))
	tb.open(suite.page(tocPage))
	type state struct {
		Aside, Details, Open, BeforeText bool
		Links                            int
	}
	s := eval[state](tb, `(() => {
		const d = document.querySelector("main details.toc-inline");
		const first = d && document.querySelector("main article > p, main article > .heading");
		return {Aside: document.querySelector(".toc").getClientRects().length > 0,
			Details: !!d && d.getClientRects().length > 0, Open: !!d && d.open,
			BeforeText: !!first && !!(d.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING),
			Links: d ? d.querySelectorAll("a[href^='#']").length : 0};
	})()`)
	if s.Aside {
		t.Error("the table of contents aside shows on a 390-pixel screen")
	}
	if !s.Details || s.Open || !s.BeforeText || s.Links < 4 {
		t.Fatalf("want a closed \"On this page\" disclosure with its links above the text; got %+v", s)
	}
	if eval[bool](tb, `document.querySelector(".toc-inline a").checkVisibility()`) {
		t.Error("the closed disclosure shows its links")
	}
	tb.do("open On this page", chromedp.Click(chromedp.CSS("details.toc-inline > summary")))
	tb.waitFor("the disclosure to open", `document.querySelector("details.toc-inline").open`)
	tb.axe("On this page, opened on a phone", "details.toc-inline")
	link := `details.toc-inline li:nth-child(3) a`
	id := eval[string](tb, fmt.Sprintf(`decodeURIComponent(document.querySelector(%s).hash.slice(1))`, jsString(link)))
	tb.do("follow the third entry", chromedp.Click(chromedp.CSS(link)))
	tb.waitFor("the heading "+id+" at the top, under the header", fmt.Sprintf(`(() => {
		const top = document.getElementById(%s).getBoundingClientRect().top;
		const header = document.querySelector(".site-header").getBoundingClientRect().bottom;
		return location.hash === "#" + encodeURIComponent(%s) && top >= header - 1 && top < header + 60;
	})()`, jsString(id), jsString(id)))
	tb.clean("the narrow table of contents")
}

// sectionOf finds the sidebar item of the section whose link ends in url.
func sectionOf(url string) string {
	return fmt.Sprintf(`document.querySelector(%s).parentNode`, jsString(`#hb-nav li.nav-section > a[href$="`+url+`"]`))
}

// TestSidebarExpandRemembered: from the home page a reader opens a closed
// section and sees its pages; the choice holds on other pages and after a
// reload, from the first paint; closing it again is remembered too.
func TestSidebarExpandRemembered(t *testing.T) {
	tb := newTab(t, viewport(1280, 800, false))
	// What the sidebar looks like as soon as it is parsed, before the
	// theme's deferred script runs: a page drawn closed and then opened
	// would flash.
	if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
		new MutationObserver((ms, o) => {
			const main = document.getElementById("hb-main");
			if (!main) return;
			const a = document.querySelector('#hb-nav li.nav-section > a[href$="roles/index.html"]');
			window.rolesOpenAtParse = !!a && a.parentNode.classList.contains("open");
			o.disconnect();
		}).observe(document, {childList: true, subtree: true});`}); err != nil {
		t.Fatal(err)
	}
	tb.open(suite.page("index.html"))
	tb.waitFor("the sidebar's Roles section", `!!document.querySelector('#hb-nav li.nav-section > a[href$="roles/index.html"]')`)
	roles := sectionOf("roles/index.html")
	level := roles + `.querySelector('a[href$="roles/pm/ladder/senior/index.html"]')`
	ladder := sectionOf("roles/pm/ladder/index.html")
	type item struct {
		Expanded, Controls string
		Visible            bool
	}
	state := func(li, link string) item {
		return eval[item](tb, fmt.Sprintf(`(() => {
			const li = %s, b = li.querySelector(":scope > .nav-expand");
			return {Expanded: b ? b.getAttribute("aria-expanded") : "", Controls: b && document.getElementById(b.getAttribute("aria-controls")) === li.querySelector(":scope > ul") ? "ok" : "",
				Visible: %s.checkVisibility()};
		})()`, li, link))
	}
	if got := state(roles, roles+`.querySelector(":scope > ul a")`); got.Expanded != "false" || got.Controls != "ok" || got.Visible {
		t.Fatalf("on the home page, Roles should be closed with a toggle for its list; got %+v", got)
	}
	tb.do("open Roles", chromedp.Click(chromedp.CSS(`#hb-nav li.nav-section:has(> a[href$="roles/index.html"]) > .nav-expand`)))
	if got := state(roles, roles+`.querySelector(":scope > ul a")`); got.Expanded != "true" || !got.Visible {
		t.Fatalf("after a click Roles should be open; got %+v", got)
	}
	// Two levels down: the PM ladder's level pages, reached from home.
	tb.do("open the PM ladder", chromedp.Click(chromedp.CSS(`#hb-nav li.nav-section:has(> a[href$="roles/pm/ladder/index.html"]) > .nav-expand`)))
	if got := state(ladder, level); got.Expanded != "true" || !got.Visible {
		t.Fatalf("after a click the PM ladder should be open, its level pages visible; got %+v", got)
	}
	tb.axe("the sidebar with two sections opened", "#hb-nav")
	tb.follow(`#hb-nav a[href$="roles/pm/ladder/senior/index.html"]`, "roles/pm/ladder/senior/index.html")
	tb.follow(`#hb-nav a[href$="guide/index.html"]`, "guide/index.html")
	tb.do("reload", chromedp.Reload())
	tb.waitFor("the page to load", `document.readyState === "complete"`)
	if got := state(roles, roles+`.querySelector(":scope > ul a")`); got.Expanded != "true" || !got.Visible {
		t.Errorf("after a reload of another page Roles should still be open; got %+v", got)
	}
	if !eval[bool](tb, `window.rolesOpenAtParse === true`) {
		t.Error("Roles was drawn closed, then opened by the script: the sidebar flashes")
	}
	tb.do("close Roles", chromedp.Click(chromedp.CSS(`#hb-nav li.nav-section:has(> a[href$="roles/index.html"]) > .nav-expand`)))
	tb.follow(`.site-title`, "index.html")
	if got := state(roles, roles+`.querySelector(":scope > ul a")`); got.Expanded != "false" || got.Visible {
		t.Errorf("back on the home page Roles should be closed, as the reader left it; got %+v", got)
	}
	if !eval[bool](tb, `window.rolesOpenAtParse === false`) {
		t.Error("Roles was drawn open, then closed by the script")
	}
	tb.clean("the sidebar")
}

// TestSidebarShowsCurrentPage: in a sidebar taller than the window, the
// current page's link is scrolled into view.
func TestSidebarShowsCurrentPage(t *testing.T) {
	tb := newTab(t, viewport(1280, 500, false))
	tb.open(suite.page("roles/tpm/ladder/principal/index.html"))
	type view struct {
		Overflows, InView bool
	}
	v := eval[view](tb, `(() => {
		const nav = document.getElementById("hb-nav"), a = nav.querySelector("a[aria-current=page]");
		const n = nav.getBoundingClientRect(), r = a.getBoundingClientRect();
		return {Overflows: nav.scrollHeight > nav.clientHeight, InView: r.top >= n.top && r.bottom <= n.bottom};
	})()`)
	if !v.Overflows {
		t.Fatal("the sidebar fits the window: the test tests nothing")
	}
	if !v.InView {
		t.Error("the current page's link is out of view in the sidebar")
	}
}

// TestSidebarWithoutJS: without the script, the sidebar lists the pages
// of closed sections, so that every page stays reachable.
func TestSidebarWithoutJS(t *testing.T) {
	tb := newTab(t, withoutJS, viewport(1280, 800, false))
	tb.open(suite.page("index.html"))
	if !eval[bool](tb, `document.querySelector('#hb-nav a[href$="roles/pm/ladder/senior/index.html"]').getClientRects().length > 0`) {
		t.Error("without JavaScript the sidebar hides the pages of closed sections")
	}
}

// TestMenuDrawer: on a phone the menu button opens the sidebar as a
// drawer over the page, keeps the focus inside it, closes on Escape and
// on its close button, and gives the focus back to the menu button.
func TestMenuDrawer(t *testing.T) {
	tb := newTab(t, viewport(390, 844, true))
	tb.open(suite.page(tocPage))
	tb.do("scroll down a little", evalVoid(`window.scrollTo(0, 300)`))
	if got := eval[string](tb, `document.querySelector(".nav-toggle").getAttribute("aria-expanded")`); got != "false" {
		t.Errorf("the menu button's aria-expanded is %q before it is pressed", got)
	}
	if eval[bool](tb, `document.getElementById("hb-nav").getClientRects().length > 0`) {
		t.Error("the sidebar shows on a phone before the menu is opened")
	}
	for _, closeBy := range []string{"Escape", "the close button"} {
		tb.do("open the menu", chromedp.Click(chromedp.CSS(".nav-toggle")))
		type drawer struct {
			Expanded                string
			Fixed, Covers, Close    bool
			FocusInside, ScrollLock bool
		}
		d := eval[drawer](tb, `(() => {
			const nav = document.getElementById("hb-nav"), r = nav.getBoundingClientRect();
			const close = nav.querySelector(".nav-close");
			return {Expanded: document.querySelector(".nav-toggle").getAttribute("aria-expanded"),
				Fixed: getComputedStyle(nav).position === "fixed", Covers: r.top <= 0 && r.bottom >= innerHeight - 1 && r.width > 250,
				Close: !!close && close.getClientRects().length > 0 && close.getAttribute("aria-label") === "Close menu",
				FocusInside: nav.contains(document.activeElement),
				ScrollLock: getComputedStyle(document.documentElement).overflow === "hidden"};
		})()`)
		if d != (drawer{"true", true, true, true, true, true}) {
			t.Fatalf("the open drawer: %+v", d)
		}
		if closeBy == "Escape" {
			tb.axe("the open drawer", "#hb-nav", ".site-header")
		}
		// The page behind does not scroll under a wheel or a swipe.
		before := eval[float64](tb, `window.scrollY`)
		if _, err := chromedp.Call(tb.ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseWheel, X: 370, Y: 400, DeltaX: 1, DeltaY: 600}); err != nil {
			t.Fatal(err)
		}
		tb.do("let the page scroll if it would", evalVoid(`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))`))
		if after := eval[float64](tb, `window.scrollY`); after != before {
			t.Errorf("the page behind the drawer scrolled from %v to %v", before, after)
		}
		// Tab from the last element of the drawer comes back to the first.
		tb.do("focus the last link", evalVoid(`(() => {
			const all = Array.from(document.querySelectorAll("#hb-nav a[href], #hb-nav button")).filter(e => e.getClientRects().length);
			all[all.length - 1].focus();
		})()`))
		tb.press(kb.Tab)
		if !eval[bool](tb, `document.activeElement === document.querySelector("#hb-nav .nav-close")`) {
			t.Errorf("Tab from the drawer's last element went to %s, not to its first, the close button", eval[string](tb, `document.activeElement.outerHTML.slice(0, 80)`))
		}
		tb.press(kb.Tab)
		if !eval[bool](tb, `document.getElementById("hb-nav").contains(document.activeElement)`) {
			t.Error("Tab from the close button left the drawer")
		}
		if closeBy == "Escape" {
			tb.press(kb.Escape)
		} else {
			tb.do("press the close button", chromedp.Click(chromedp.CSS("#hb-nav .nav-close")))
		}
		tb.waitFor("the drawer to close by "+closeBy, `document.getElementById("hb-nav").getClientRects().length === 0`)
		type closed struct {
			Expanded          string
			FocusOnMenu, Lock bool
		}
		c := eval[closed](tb, `({Expanded: document.querySelector(".nav-toggle").getAttribute("aria-expanded"),
			FocusOnMenu: document.activeElement === document.querySelector(".nav-toggle"),
			Lock: getComputedStyle(document.documentElement).overflow === "hidden"})`)
		if c != (closed{"false", true, false}) {
			t.Errorf("after closing by %s: %+v", closeBy, c)
		}
	}
	tb.clean("the drawer")
}

// TestHeaderPhone: on a 390-pixel phone the title is whole, and the
// search is an icon button that opens the full-width search.
func TestHeaderPhone(t *testing.T) {
	tb := newTab(t, viewport(390, 844, true))
	for _, p := range []string{"index.html", tocPage} {
		tb.open(suite.page(p))
		tb.waitFor("the search to be ready", `document.querySelector(".search.search-ready")`)
		type title struct {
			Scroll, Client int
			Text           string
		}
		ti := eval[title](tb, `(e => ({Scroll: e.scrollWidth, Client: e.clientWidth, Text: e.textContent}))(document.querySelector(".site-title"))`)
		if ti.Scroll > ti.Client {
			t.Errorf("%s: the title %q is cut: %d pixels of text in %d", p, ti.Text, ti.Scroll, ti.Client)
		}
		if out := eval[[]string](tb, headerOverflow); len(out) > 0 {
			t.Errorf("%s: the header is too narrow for %q", p, out)
		}
	}
	type search struct {
		Button, Input bool
		Name          string
	}
	s := eval[search](tb, `(() => {
		const b = document.querySelector(".search-open");
		return {Button: !!b && b.getClientRects().length > 0, Name: b ? b.getAttribute("aria-label") : "",
			Input: document.querySelector(".search-input").getClientRects().length > 0};
	})()`)
	if s != (search{Button: true, Input: false, Name: "Search"}) {
		t.Fatalf("on a phone the search should be an icon button named Search: %+v", s)
	}
	tb.do("tap the search icon", chromedp.Click(chromedp.CSS(".search-open")))
	tb.waitFor("the full-width search", `document.querySelector(".search.search-active") && document.activeElement === document.querySelector(".search-input")`)
	if w := eval[float64](tb, `document.querySelector(".search-input").getBoundingClientRect().width`); w < 300 {
		t.Errorf("the search box opened from the icon is %v pixels wide", w)
	}
	rs := tb.search("roadmap")
	if len(rs) == 0 {
		t.Error("no results from the search opened by the icon")
	}
	tb.press(kb.Escape)
	tb.press(kb.Escape)
	tb.waitFor("the search to fold back into its icon, focused", `!document.querySelector(".search.search-active") && document.activeElement === document.querySelector(".search-open")`)
	tb.clean("the phone header")

	nojs := newTab(t, withoutJS, viewport(390, 844, true))
	nojs.open(suite.page("index.html"))
	if !eval[bool](nojs, `(a => !!a && a.getClientRects().length > 0 && a.getAttribute("href") === "siteindex/index.html")(document.querySelector(".search-link"))`) {
		t.Error("without JavaScript the header has no visible link to the site index")
	}
}

// jsonList writes a list of strings as a JavaScript array.
func jsonList(ss []string) string {
	out := "["
	for i, s := range ss {
		if i > 0 {
			out += ","
		}
		out += jsString(s)
	}
	return out + "]"
}

// axe runs axe-core, when it is installed, over the parts of the page
// that sels find, as they are shown, and fails the test for every rule
// broken.
func (tb *tab) axe(where string, sels ...string) {
	tb.t.Helper()
	axe, err := os.ReadFile(filepath.Join(suite.repo, axePath))
	if err != nil {
		tb.t.Logf("%s: axe-core is not installed; not checked", where)
		return
	}
	tb.do("load axe-core", chromedp.Evaluate[chromedp.Void](string(axe)))
	include := "["
	for i, sel := range sels {
		if i > 0 {
			include += ","
		}
		include += "[" + jsString(sel) + "]"
	}
	script := strings.Replace(runAxe, "axe.run(document,", "axe.run({include: "+include+"]},", 1)
	for _, v := range evalAsync[[]violation](tb, script) {
		tb.t.Errorf("%s: %s [%s, %s] %v", where, v.Help, v.ID, v.Impact, v.Nodes)
	}
}
