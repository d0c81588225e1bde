package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Tests wait for conditions, never for fixed times. waitLimit is how long
// they wait before they fail: generous, because the tests run with -race
// on slow, busy machines where a page can take seconds.
const (
	waitLimit = 10 * time.Second
	pollEvery = 25 * time.Millisecond
	tabLimit  = 2 * time.Minute // a whole test, as a last resort
)

// tab is one browser tab of one test, in a browser context of its own, so
// that no storage (such as the dark mode setting) leaks between tests. It
// records every failed request and console error the page meets.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	urls     map[network.RequestID]string // request id → URL, to name failed requests
	problems []string                     // since the last call of clean
	hellos   int                          // "hello" events from the dev server's live-reload stream
}

// tabOption changes a tab before its first page loads.
type tabOption func(ctx context.Context) error

// withoutJS opens the tab with JavaScript turned off, as for a reader who
// has it disabled.
func withoutJS(ctx context.Context) error {
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	return err
}

// viewport returns an option that sizes the page as a screen of width ×
// height CSS pixels; mobile also makes it a phone (touch, mobile viewport).
func viewport(width, height int64, mobile bool) tabOption {
	return func(ctx context.Context) error {
		var opts []chromedp.EmulateViewportOption
		if mobile {
			opts = append(opts, chromedp.EmulateMobile)
		}
		return chromedp.Do(ctx, chromedp.EmulateViewport(width, height, opts...))
	}
}

// newTab opens a tab in the package's browser. It skips or fails the test
// when there is no browser. The tab closes when the test ends.
func newTab(t *testing.T, opts ...tabOption) *tab {
	t.Helper()
	suite.require(t, suite.skip)
	tabCtx, cancelTab := chromedp.NewContext(suite.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancelTab)
	// The first run opens the tab; it gets no timeout, which would close
	// the tab, and the later ones get the test's.
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("cannot open a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tabCtx, tabLimit)
	t.Cleanup(cancel)
	tb := &tab{t: t, ctx: ctx, urls: map[network.RequestID]string{}}
	if err := chromedp.Listen(ctx, tb.record); err != nil {
		t.Fatal(err)
	}
	for _, o := range opts {
		if err := o(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return tb
}

// record notes the events that mean a page did not load cleanly. It runs
// on the browser's reading goroutine, so it only takes notes.
func (tb *tab) record(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		tb.urls[ev.RequestID] = ev.Request.URL
	case *network.EventEventSourceMessageReceived:
		if ev.EventName == "hello" {
			tb.hellos++
		}
	case *network.EventLoadingFailed:
		// A request canceled by a navigation, such as the live-reload
		// stream of a page that reloads, is not a failure.
		if !ev.Canceled {
			tb.problems = append(tb.problems, fmt.Sprintf("request for %s failed: %s", tb.short(tb.urls[ev.RequestID]), ev.ErrorText))
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			tb.problems = append(tb.problems, fmt.Sprintf("%s answered %d %s", tb.short(ev.Response.URL), ev.Response.Status, ev.Response.StatusText))
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				if a.Value != nil {
					args = append(args, string(a.Value))
				} else {
					args = append(args, a.Description)
				}
			}
			tb.problems = append(tb.problems, "console."+string(ev.Type)+": "+strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		if d == nil {
			tb.problems = append(tb.problems, "uncaught exception")
			return
		}
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg = d.Exception.Description
		}
		tb.problems = append(tb.problems, fmt.Sprintf("uncaught exception at %s:%d: %s", tb.short(d.URL), d.LineNumber+1, msg))
	case *log.EventEntryAdded:
		// Failed requests are reported by loadingFailed already.
		if ev.Entry.Level == log.EntryLevelError && ev.Entry.Source != log.EntrySourceNetwork {
			tb.problems = append(tb.problems, fmt.Sprintf("console (%s): %s %s", ev.Entry.Source, ev.Entry.Text, tb.short(ev.Entry.URL)))
		}
	}
}

// short makes the URLs in messages relative to the site.
func (tb *tab) short(u string) string {
	if suite.site != "" {
		u = strings.TrimPrefix(u, "file://"+filepath.ToSlash(suite.site)+"/")
	}
	return u
}

// live waits until the page has heard from the dev server's live-reload
// stream: from then on it sees every rebuild. A page that connects only
// after a rebuild reloads instead, which a test of a change that is
// swapped in without a reload must not meet.
func (tb *tab) live() {
	tb.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		tb.mu.Lock()
		n := tb.hellos
		tb.mu.Unlock()
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("the page did not connect to the live-reload stream within %s", waitLimit)
		}
		time.Sleep(pollEvery)
	}
}

// clean fails the test if the tab met a failed request or a console
// error since the last call; where says on which page.
func (tb *tab) clean(where string) {
	tb.t.Helper()
	tb.mu.Lock()
	problems := tb.problems
	tb.problems = nil
	tb.mu.Unlock()
	for _, p := range problems {
		tb.t.Errorf("%s: %s", where, p)
	}
}

// do runs actions in the tab and fails the test on an error.
func (tb *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// open loads url and waits until it has loaded: its scripts have run and
// its images, stylesheets and scripts have arrived or failed.
func (tb *tab) open(url string) {
	tb.t.Helper()
	tb.do("open "+url, chromedp.Navigate(url))
	tb.waitFor("the page to load", `document.readyState === "complete"`)
}

// eval evaluates a JavaScript expression in the page and decodes its
// value into T.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// evalVoid is an action that runs a script for its effect.
func evalVoid(script string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](script)
}

// evalAsync evaluates an expression whose value is a promise and decodes
// what it resolves to.
func evalAsync[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluating %s: %v", firstLine(expr), err)
	}
	return v
}

// waitFor polls until the JavaScript expression cond is true in the page,
// and fails the test after waitLimit. Errors while it polls, as when the
// page navigates away under it, count as false.
func (tb *tab) waitFor(what, cond string) {
	tb.t.Helper()
	if err := tb.poll(cond, waitLimit); err != nil {
		tb.t.Fatalf("waiting for %s (%s): %v", what, cond, err)
	}
}

// poll is waitFor returning an error.
func (tb *tab) poll(cond string, limit time.Duration) error {
	start := time.Now()
	expr := "!!(" + cond + ")"
	var last error
	for {
		ctx, cancel := context.WithTimeout(tb.ctx, limit)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return nil
		}
		if err != nil {
			last = err
		}
		if time.Since(start) > limit || tb.ctx.Err() != nil {
			if last != nil {
				return fmt.Errorf("not true after %s (last error: %v)", limit, last)
			}
			return fmt.Errorf("not true after %s", limit)
		}
		time.Sleep(pollEvery)
	}
}

// follow clicks the link that sel finds, as a reader would, and waits
// until the page whose path ends in want has loaded. The page it leaves is
// marked first, so that a path both pages end in (index.html) cannot pass
// for the new page while the old one is still showing.
func (tb *tab) follow(sel, want string) {
	tb.t.Helper()
	eval[bool](tb, `window.hbLeaving = true`)
	tb.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
	tb.waitFor("the page "+want+" to load",
		fmt.Sprintf(`!window.hbLeaving && location.pathname.endsWith(%s) && document.readyState === "complete"`, jsString("/"+want)))
}

// press presses and releases one key (a character or a kb constant such
// as kb.ArrowDown) as a keyboard does. chromedp.KeyEvent sends the
// character as an event of its own, which a page cannot cancel in its
// keydown handler, as it can with a real keyboard; here the key-down
// event carries the character, so Chrome types it only when the page lets
// the key through.
func (tb *tab) press(key string) {
	tb.t.Helper()
	r := []rune(key)[0]
	var down, up *input.DispatchKeyEventParams
	text := ""
	for _, ev := range kb.Encode(r) {
		switch ev.Type {
		case kb.KeyDown:
			down = ev
		case kb.KeyUp:
			up = ev
		case kb.KeyChar:
			text = ev.Text
		}
	}
	down.Text, down.UnmodifiedText = text, text
	for _, ev := range []*input.DispatchKeyEventParams{down, up} {
		if _, err := chromedp.Call(tb.ctx, input.DispatchKeyEvent, *ev); err != nil {
			tb.t.Fatalf("press %q: %v", key, err)
		}
	}
}

// screenshot saves what the tab shows now, and the whole page, as PNG
// files in e2e/screenshots.
func (tb *tab) screenshot(name string) {
	tb.t.Helper()
	dir := filepath.Join(suite.repo, "e2e", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	view, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
	full, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
	for file, b := range map[string][]byte{name + ".png": view, name + "-full.png": full} {
		if err := os.WriteFile(filepath.Join(dir, file), b, 0o644); err != nil {
			tb.t.Fatal(err)
		}
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// firstLine shortens a script to its first line, for messages.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
