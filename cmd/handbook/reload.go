package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The dev server keeps its own URLs under one prefix that a handbook is
// unlikely to use.
const (
	eventsPath = "/__handbook/events"
	scriptPath = "/__handbook/reload.js"
	overlayID  = "__handbook-overlay"
)

// The events sent to browsers. A build error is not called "error"
// because EventSource fires "error" itself when the connection drops.
const (
	eventHello  = "hello"       // on connect: the current build and errors
	eventReload = "reload"      // a new build is in: reload the page
	eventCSS    = "css"         // a new build changed stylesheets only
	eventFailed = "build-error" // the build failed; the old site is still served
)

// status is what a browser needs to know about the latest build.
type status struct {
	Build  int      `json:"build"`  // number of the site served; 0 before the first good build
	Server string   `json:"server"` // changes when the server restarts
	Errors []string `json:"errors,omitempty"`
}

// hub holds the build status and the browsers listening for changes.
type hub struct {
	mu      sync.Mutex
	state   status
	clients map[chan []byte]bool
	closed  bool
}

func newHub(server string) *hub {
	return &hub{state: status{Server: server}, clients: map[chan []byte]bool{}}
}

// current returns the latest status.
func (h *hub) current() status {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.state
}

// publish runs swap, records st and sends it to every browser as event,
// all under one lock. A browser that connects meanwhile therefore sees
// either the old site and status followed by the event, or the new ones.
func (h *hub) publish(event string, st status, swap func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if swap != nil {
		swap()
	}
	st.Server = h.state.Server
	h.state = st
	msg := frame(event, st)
	for ch := range h.clients {
		select {
		case ch <- msg:
		default:
			// A browser this far behind reconnects and is told the
			// current state then.
			close(ch)
			delete(h.clients, ch)
		}
	}
}

// subscribe registers a browser and returns its hello message. It is
// false once the hub is closed.
func (h *hub) subscribe() (chan []byte, []byte, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, nil, false
	}
	ch := make(chan []byte, 16)
	h.clients[ch] = true
	return ch, frame(eventHello, h.state), true
}

func (h *hub) unsubscribe(ch chan []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[ch] {
		delete(h.clients, ch)
		close(ch)
	}
}

// close ends every event stream, so that http.Server.Shutdown does not
// wait for them, and refuses new ones.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.clients {
		close(ch)
		delete(h.clients, ch)
	}
}

// frame encodes one Server-Sent Event.
func frame(event string, st status) []byte {
	data, _ := json.Marshal(st)
	return fmt.Appendf(nil, "event: %s\ndata: %s\n\n", event, data)
}

// serveEvents streams build events to one browser as Server-Sent Events.
func (h *hub) serveEvents(w http.ResponseWriter, r *http.Request) {
	ch, hello, ok := h.subscribe()
	if !ok {
		http.Error(w, "the server is shutting down", http.StatusServiceUnavailable)
		return
	}
	defer h.unsubscribe(ch)
	w.Header().Set("Content-Type", "text/event-stream")
	rc := http.NewResponseController(w)
	// retry makes EventSource come back quickly after a restart.
	if _, err := fmt.Fprintf(w, "retry: 1000\n\n%s", hello); err != nil {
		return
	}
	if rc.Flush() != nil {
		return
	}
	// Comments keep proxies from closing an idle stream and let a write
	// fail once the browser has gone.
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		var msg []byte
		select {
		case <-r.Context().Done():
			return
		case <-ping.C:
			msg = []byte(": ping\n\n")
		case m, ok := <-ch:
			if !ok {
				return
			}
			msg = m
		}
		if _, err := w.Write(msg); err != nil || rc.Flush() != nil {
			return
		}
	}
}

// The overlay is styled inline so that it looks the same over any theme.
const (
	overlayStyle = "position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:2147483647;" +
		"max-height:50vh;overflow:auto;margin:0;padding:.75rem 1rem;box-sizing:border-box;" +
		"background:#2b1114;color:#ffe7e7;border:2px solid #e5484d;border-radius:6px;" +
		"box-shadow:0 6px 24px rgba(0,0,0,.35);font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
		"white-space:pre-wrap;text-align:left"
	overlayListStyle = "margin:.5rem 0 0;padding:0;list-style:none"
	overlayTitle     = "Build failed; this page is the last good build."
)

// overlayHTML renders the error overlay, or nothing when errs is empty.
// The client script draws the same box for errors that come later.
func overlayHTML(title string, errs []string) string {
	if len(errs) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<div id="%s" role="alert" style="%s"><strong>%s</strong><ul style="%s">`,
		overlayID, overlayStyle, html.EscapeString(title), overlayListStyle)
	for _, e := range errs {
		b.WriteString("<li>" + html.EscapeString(e) + "</li>")
	}
	b.WriteString("</ul></div>")
	return b.String()
}

// snippet is what a served page gets before </body>: the overlay when the
// build is failing, and the client script, which knows which build the
// page came from.
func snippet(st status, title string) string {
	return overlayHTML(title, st.Errors) +
		`<script src="` + scriptPath + `" data-build="` + strconv.Itoa(st.Build) +
		`" data-server="` + html.EscapeString(st.Server) + `"></script>`
}

// inject puts s just before the page's last </body>, or at its end.
func inject(page []byte, s string) []byte {
	i := lastIndexFold(page, "</body>")
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(s))
	out = append(out, page[:i]...)
	out = append(out, s...)
	return append(out, page[i:]...)
}

// withBase makes the relative URLs of the 404 page work at any depth: it
// is served for /a/b/missing as well as for /missing.
func withBase(page []byte) []byte {
	i := indexFold(page, "<head")
	if i < 0 {
		return page
	}
	end := bytes.IndexByte(page[i:], '>')
	if end < 0 {
		return page
	}
	end += i + 1
	out := make([]byte, 0, len(page)+20)
	out = append(out, page[:end]...)
	out = append(out, `<base href="/">`...)
	return append(out, page[end:]...)
}

func indexFold(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if bytes.EqualFold(b[i:i+len(s)], []byte(s)) {
			return i
		}
	}
	return -1
}

func lastIndexFold(b []byte, s string) int {
	for i := len(b) - len(s); i >= 0; i-- {
		if bytes.EqualFold(b[i:i+len(s)], []byte(s)) {
			return i
		}
	}
	return -1
}

// errorPage is served for every page while no build has succeeded yet.
func errorPage(st status) []byte {
	return []byte(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed · handbook serve</title>
</head>
<body style="font-family:system-ui,sans-serif;margin:2rem;max-width:40rem">
<h1>The handbook did not build</h1>
<p>Fix the errors below and save: this page reloads by itself once the build succeeds.</p>
` + snippet(st, "Build failed; nothing to show yet.") + `
</body>
</html>
`)
}

// reloadScript runs in every served page. It listens for build events,
// reloads the page (keeping its scroll position), swaps stylesheets in
// place when only they changed, and shows build errors over the page.
var reloadScript = []byte(strings.NewReplacer(
	"OVERLAY_ID", jsString(overlayID),
	"OVERLAY_STYLE", jsString(overlayStyle),
	"OVERLAY_LIST_STYLE", jsString(overlayListStyle),
	"OVERLAY_TITLE", jsString(overlayTitle),
	"EVENTS_PATH", jsString(eventsPath),
).Replace(`(function () {
  "use strict";
  var me = document.currentScript;
  var build = me ? me.getAttribute("data-build") : "";
  var server = me ? me.getAttribute("data-server") : "";
  var scrollKey = "handbook-scroll:" + location.pathname;

  function restoreScroll() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(scrollKey);
      sessionStorage.removeItem(scrollKey);
    } catch (e) {}
    if (!saved) return;
    var pos = JSON.parse(saved);
    var go = function () { window.scrollTo(pos.x, pos.y); };
    go();
    // Images can still change the height of the page after this runs.
    window.addEventListener("load", go, { once: true });
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    } catch (e) {}
    location.reload();
  }

  function showErrors(list) {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
    if (!list || !list.length) return;
    var box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    box.setAttribute("style", OVERLAY_STYLE);
    var title = document.createElement("strong");
    title.textContent = OVERLAY_TITLE;
    box.appendChild(title);
    var ul = document.createElement("ul");
    ul.setAttribute("style", OVERLAY_LIST_STYLE);
    list.forEach(function (msg) {
      var li = document.createElement("li");
      li.textContent = msg;
      ul.appendChild(li);
    });
    box.appendChild(ul);
    document.body.appendChild(box);
  }

  // A new query string makes the browser fetch the stylesheet again
  // without reloading the page.
  function swapStyles(n) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("v", n);
      links[i].href = url.href;
    }
  }

  var es = null;

  function connect() {
    if (es || document.hidden) return;
    es = new EventSource(EVENTS_PATH);
    es.addEventListener("hello", function (e) {
      var s = JSON.parse(e.data);
      // Another build number, or another server after a restart, means
      // this page is out of date.
      if (s.server !== server || String(s.build) !== build) {
        disconnect();
        reload();
        return;
      }
      showErrors(s.errors);
    });
    es.addEventListener("reload", function () {
      disconnect();
      reload();
    });
    es.addEventListener("css", function (e) {
      var s = JSON.parse(e.data);
      build = String(s.build);
      swapStyles(s.build);
      showErrors(null);
    });
    es.addEventListener("build-error", function (e) {
      showErrors(JSON.parse(e.data).errors);
    });
    es.onerror = function () {
      // EventSource retries by itself unless the server answered with
      // an error, as it does while shutting down; then start afresh.
      if (es && es.readyState === EventSource.CLOSED) {
        es = null;
        setTimeout(connect, 1000);
      }
    };
  }

  function disconnect() {
    if (es) es.close();
    es = null;
  }

  // Browsers open about six connections to one host, and each stream
  // holds one: hidden tabs let go of theirs so that they cannot stall
  // page loads. A tab shown again learns the current build from hello.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect();
    else connect();
  });

  restoreScroll();
  connect();
})();
`))

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
