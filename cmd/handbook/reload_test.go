package main

import (
	"strings"
	"testing"
)

func TestInject(t *testing.T) {
	for _, tc := range []struct{ page, want string }{
		{"<html><body><p>x</p></body></html>", "<html><body><p>x</p>S</body></html>"},
		{"<BODY>a</Body >\n</BODY>\n", "<BODY>a</Body >\nS</BODY>\n"},
		{"<p>no body</p>", "<p>no body</p>S"},
		// Only the last </body> counts: the first is text in a code block.
		{"<body><code>&lt;/body&gt;</body>x</body>", "<body><code>&lt;/body&gt;</body>xS</body>"},
	} {
		if got := string(inject([]byte(tc.page), "S")); got != tc.want {
			t.Errorf("inject(%q) = %q, want %q", tc.page, got, tc.want)
		}
	}
}

func TestWithBase(t *testing.T) {
	got := string(withBase([]byte("<!DOCTYPE html>\n<html>\n<HEAD lang=x>\n<link href=\"a.css\">")))
	want := "<!DOCTYPE html>\n<html>\n<HEAD lang=x><base href=\"/\">\n<link href=\"a.css\">"
	if got != want {
		t.Errorf("withBase = %q, want %q", got, want)
	}
	if got := string(withBase([]byte("<p>no head</p>"))); got != "<p>no head</p>" {
		t.Errorf("withBase without head = %q", got)
	}
}

func TestOverlayEscapes(t *testing.T) {
	got := overlayHTML("T", []string{`a.md:1:2: bad <script>"x"`})
	for _, want := range []string{`role="alert"`, "monospace", "a.md:1:2: bad &lt;script&gt;&#34;x&#34;"} {
		if !strings.Contains(got, want) {
			t.Errorf("overlay lacks %q:\n%s", want, got)
		}
	}
	if overlayHTML("T", nil) != "" {
		t.Errorf("overlay without errors is not empty")
	}
}

func TestHubSendsInOrder(t *testing.T) {
	h := newHub("srv")
	h.publish(eventReload, status{Build: 1}, nil)
	ch, hello, ok := h.subscribe()
	if !ok {
		t.Fatal("subscribe failed")
	}
	if want := "event: hello\ndata: {\"build\":1,\"server\":\"srv\"}\n\n"; string(hello) != want {
		t.Errorf("hello = %q, want %q", hello, want)
	}
	swapped := false
	h.publish(eventFailed, status{Build: 1, Errors: []string{"a.md:1:1: bad"}}, func() { swapped = true })
	if !swapped {
		t.Errorf("swap did not run")
	}
	if want := "event: build-error\ndata: {\"build\":1,\"server\":\"srv\",\"errors\":[\"a.md:1:1: bad\"]}\n\n"; string(<-ch) != want {
		t.Errorf("event differs from %q", want)
	}
	if st := h.current(); len(st.Errors) != 1 || st.Server != "srv" {
		t.Errorf("current = %+v", st)
	}

	// A browser that does not keep up is dropped, and will reconnect.
	for i := 0; i < 20; i++ {
		h.publish(eventReload, status{Build: 2 + i}, nil)
	}
	n := 0
	for range ch {
		n++
	}
	if n == 0 || n > 16 {
		t.Errorf("slow client got %d events before being dropped", n)
	}

	h.close()
	if _, _, ok := h.subscribe(); ok {
		t.Errorf("subscribe after close succeeded")
	}
}

func TestSitePath(t *testing.T) {
	for p, want := range map[string]string{
		"/":                    "index.html",
		"/guide/":              "guide/index.html",
		"/guide/x/index.html":  "guide/x/index.html",
		"/assets/handbook.css": "assets/handbook.css",
		"/guide":               "guide",
	} {
		if got, ok := sitePath(p); !ok || got != want {
			t.Errorf("sitePath(%q) = %q, %v; want %q", p, got, ok, want)
		}
	}
	for _, p := range []string{
		"", "guide", "/..", "/../x", "/a/../b", "/a/./b", "//etc/passwd", "/a//b",
		`/..\x`, `/a\b`, "/a\x00.html", "/.", "/./",
	} {
		if got, ok := sitePath(p); ok {
			t.Errorf("sitePath(%q) = %q, want refusal", p, got)
		}
	}
}

func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"index.html":          "text/html; charset=utf-8",
		"assets/handbook.css": "text/css; charset=utf-8",
		"assets/handbook.js":  "text/javascript; charset=utf-8",
		"assets/favicon.svg":  "image/svg+xml",
		"data.JSON":           "application/json",
		"t.csv":               "text/csv; charset=utf-8",
		"feed.xml":            "application/xml",
		"notes.txt":           "text/plain; charset=utf-8",
		"pic.png":             "image/png",
		"blob.zzunknown":      "application/octet-stream",
	} {
		if got := contentType(name); got != want {
			t.Errorf("contentType(%q) = %q, want %q", name, got, want)
		}
	}
}
