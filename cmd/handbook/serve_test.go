package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// wait is how long tests wait for anything asynchronous. It is generous
// because the tests run with -race on slow, busy machines.
const wait = 10 * time.Second

var testSite = map[string]string{
	"index.md":        "# Home\n\nRead [the guide](guide/index.md).\n",
	"guide/index.md":  "# Guide\n\nStart with [A](a.md).\n",
	"guide/a.md":      "# A\n\nText of page A.\n",
	"handbook.toml":   "# SOURCE-ONLY\ntitle = \"Test\"\n",
	"files/data.json": `{"a": 1}`,
	"files/t.csv":     "a,b\n1,2\n",
	"files/feed.xml":  "<feed/>\n",
	"files/notes.txt": "notes\n",
	"files/pic.svg":   `<svg xmlns="http://www.w3.org/2000/svg"/>`,
	"files/x.js":      "var x = 1;\n",
	"files/s.css":     "p { color: red }\n",
	"files/img.png":   "\x89PNG\r\n\x1a\n",
}

// syncBuffer is a bytes.Buffer that the server and a test can share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor waits until re matches the buffer and returns the submatches.
func waitFor(t *testing.T, b *syncBuffer, re string) []string {
	t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if m := rx.FindStringSubmatch(b.String()); m != nil {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no match for %q in:\n%s", re, b.String())
	return nil
}

type testServer struct {
	*server
	src         string
	url         string
	out, errOut *syncBuffer
}

// startServer builds files into a server and serves it over HTTP.
func startServer(t *testing.T, files map[string]string) *testServer {
	t.Helper()
	src := filepath.Join(t.TempDir(), "hb")
	writeFiles(t, src, files)
	ts := &testServer{src: src, out: &syncBuffer{}, errOut: &syncBuffer{}}
	ts.server = newServer(src, false, ts.out, ts.errOut)
	ts.rebuild(nil)
	hs := httptest.NewServer(ts.server)
	t.Cleanup(hs.Close)
	// Open event streams end first, or hs.Close would wait for them.
	t.Cleanup(ts.hub.close)
	ts.url = hs.URL
	return ts
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

type sseEvent struct {
	name string
	st   status
}

// events is an open event stream.
type events chan sseEvent

func openEvents(t *testing.T, base string) events {
	t.Helper()
	resp, err := http.Get(base + eventsPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("events: %s, %s", resp.Status, ct)
	}
	ch := make(events, 100)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "" && ev.name != "":
				ch <- ev
				ev = sseEvent{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev.st); err != nil {
					panic(err)
				}
			}
		}
	}()
	return ch
}

// next returns the next event, which must be called name.
func (e events) next(t *testing.T, name string) status {
	t.Helper()
	select {
	case ev, ok := <-e:
		if !ok {
			t.Fatalf("event stream ended while waiting for %q", name)
		}
		if ev.name != name {
			t.Fatalf("got event %q %+v, want %q", ev.name, ev.st, name)
		}
		return ev.st
	case <-time.After(wait):
		t.Fatalf("no %q event after %s", name, wait)
	}
	return status{}
}

func TestServeMatchesBuild(t *testing.T) {
	ts := startServer(t, testSite)
	res, err := build(ts.src, false)
	if err != nil {
		t.Fatal(err)
	}
	snip := snippet(ts.hub.current(), overlayTitle)
	for p, built := range res.Output.Files {
		if bytes.Contains(built, []byte("/__handbook/")) {
			t.Errorf("the build output %s holds the reload script", p)
		}
		want := built
		if isHTML(p) {
			want = inject(built, snip)
		}
		resp, body := get(t, ts.url+"/"+p)
		if resp.StatusCode != 200 || body != string(want) {
			t.Errorf("GET /%s: %s, body differs from the build (len %d, want %d)", p, resp.Status, len(body), len(want))
		}
		if isHTML(p) && !strings.Contains(body, `<script src="/__handbook/reload.js" data-build="1"`) {
			t.Errorf("GET /%s: no reload script", p)
		}
	}
}

func TestServeHeaders(t *testing.T) {
	ts := startServer(t, testSite)
	for p, want := range map[string]string{
		"/":                     "text/html; charset=utf-8",
		"/guide/a/index.html":   "text/html; charset=utf-8",
		"/assets/handbook.css":  "text/css; charset=utf-8",
		"/assets/handbook.js":   "text/javascript; charset=utf-8",
		"/assets/favicon.svg":   "image/svg+xml",
		"/files/data.json":      "application/json",
		"/files/t.csv":          "text/csv; charset=utf-8",
		"/files/feed.xml":       "application/xml",
		"/files/notes.txt":      "text/plain; charset=utf-8",
		"/files/img.png":        "image/png",
		"/__handbook/reload.js": "text/javascript; charset=utf-8",
		"/missing":              "text/html; charset=utf-8",
	} {
		resp, _ := get(t, ts.url+p)
		if got := resp.Header.Get("Content-Type"); got != want {
			t.Errorf("GET %s: Content-Type %q, want %q", p, got, want)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: headers %v", p, resp.Header)
		}
	}
}

func TestServeFoldersAndNotFound(t *testing.T) {
	ts := startServer(t, testSite)
	for p, want := range map[string]string{"/": "<h1", "/guide/": "Start with"} {
		resp, body := get(t, ts.url+p)
		if resp.StatusCode != 200 || !strings.Contains(body, want) {
			t.Errorf("GET %s: %s, body lacks %q", p, resp.Status, want)
		}
	}

	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(ts.url + "/guide?x=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/guide/?x=1" {
		t.Errorf("GET /guide: %s to %q, want a redirect to /guide/?x=1", resp.Status, resp.Header.Get("Location"))
	}

	// A folder without an index is not listed, and missing pages get the
	// site's 404 page, which works at any depth.
	for _, p := range []string{"/files/", "/assets/", "/nope", "/guide/deep/missing/"} {
		resp, body := get(t, ts.url+p)
		if resp.StatusCode != 404 || !strings.Contains(body, "Page not found") {
			t.Errorf("GET %s: %s, want the 404 page", p, resp.Status)
		}
		if strings.Contains(body, "handbook.css\n") || strings.Contains(body, "data.json") {
			t.Errorf("GET %s lists a folder", p)
		}
		if !strings.Contains(body, `<base href="/">`) || !strings.Contains(body, scriptPath) {
			t.Errorf("GET %s: 404 page lacks the base URL or the script", p)
		}
	}
}

// rawGet sends target as it is, without the client cleaning it.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, wait)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(wait))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", target)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeRefusesTraversal(t *testing.T) {
	ts := startServer(t, testSite)
	writeFiles(t, filepath.Dir(ts.src), map[string]string{"secret.txt": "TOP-SECRET\n"})
	addr := strings.TrimPrefix(ts.url, "http://")
	for _, target := range []string{
		"/../secret.txt",
		"/../../../../../../etc/passwd",
		"/guide/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/%2e%2e/%2e%2e/etc/passwd",
		"/..%2fsecret.txt",
		"/%2e%2e%2fsecret.txt",
		"/guide/..%2f..%2fsecret.txt",
		"/..%5csecret.txt",
		`/..\secret.txt`,
		`/guide\..\..\secret.txt`,
		"/secret.txt%00.html",
		"/guide%00/index.html",
		"//etc/passwd",
		"/./../secret.txt",
		"/.%2e/secret.txt",
		"/handbook.toml",
		"/guide/a.md",
		"/secret.txt",
	} {
		code, body := rawGet(t, addr, target)
		if code != 404 {
			t.Errorf("GET %s: status %d, want 404", target, code)
		}
		for _, leak := range []string{"TOP-SECRET", "SOURCE-ONLY", "root:", "Text of page A"} {
			if strings.Contains(body, leak) {
				t.Errorf("GET %s leaks %q", target, leak)
			}
		}
	}
	if code, _ := rawGet(t, addr, "/files/notes.txt"); code != 200 {
		t.Errorf("a plain file is refused too: %d", code)
	}
}

func TestLiveReload(t *testing.T) {
	ts := startServer(t, testSite)
	ev := openEvents(t, ts.url)
	if st := ev.next(t, eventHello); st.Build != 1 || st.Server == "" || len(st.Errors) != 0 {
		t.Fatalf("hello = %+v", st)
	}

	writeFiles(t, ts.src, map[string]string{"guide/a.md": "# A\n\nNew text.\n"})
	ts.rebuild([]string{"guide/a.md"})
	if st := ev.next(t, eventReload); st.Build != 2 {
		t.Errorf("reload = %+v, want build 2", st)
	}
	// The event comes after the swap: the page already has the change.
	if _, body := get(t, ts.url+"/guide/a/"); !strings.Contains(body, "New text.") || !strings.Contains(body, `data-build="2"`) {
		t.Errorf("page after reload event is not the new build")
	}
	if !strings.Contains(ts.out.String(), "guide/a.md changed: rebuilt 3 pages in ") {
		t.Errorf("terminal:\n%s", ts.out.String())
	}

	// A build that changes only stylesheets swaps them in place.
	writeFiles(t, ts.src, map[string]string{"files/s.css": "p { color: blue }\n"})
	ts.rebuild([]string{"files/s.css"})
	if st := ev.next(t, eventCSS); st.Build != 3 {
		t.Errorf("css = %+v, want build 3", st)
	}

	// A rebuild with the same output tells nobody.
	ts.rebuild([]string{"guide/a.md", "index.md"})
	if !strings.Contains(ts.out.String(), "2 files changed: no change to the site") {
		t.Errorf("terminal:\n%s", ts.out.String())
	}
	select {
	case e := <-ev:
		t.Errorf("unexpected event %+v", e)
	default:
	}
}

func TestBuildErrorOverlay(t *testing.T) {
	ts := startServer(t, testSite)
	ev := openEvents(t, ts.url)
	ev.next(t, eventHello)

	writeFiles(t, ts.src, map[string]string{"guide/a.md": "---\nweight: high\n---\n# A broken\n"})
	ts.rebuild([]string{"guide/a.md"})
	st := ev.next(t, eventFailed)
	wantErr := filepath.ToSlash(ts.src) + "/guide/a.md:2:9: weight"
	if st.Build != 1 || len(st.Errors) != 1 || !strings.HasPrefix(st.Errors[0], wantErr) {
		t.Fatalf("build-error = %+v, want %q", st, wantErr)
	}
	if !strings.Contains(ts.errOut.String(), "error: "+wantErr) {
		t.Errorf("terminal lacks the error:\n%s", ts.errOut.String())
	}
	if !strings.Contains(ts.out.String(), "guide/a.md changed: build failed with 1 error in ") {
		t.Errorf("terminal:\n%s", ts.out.String())
	}

	// The last good site is still served, with the errors over it.
	resp, body := get(t, ts.url+"/guide/a/")
	if resp.StatusCode != 200 || !strings.Contains(body, "Text of page A.") {
		t.Errorf("the last good page is not served: %s", resp.Status)
	}
	if !strings.Contains(body, `role="alert"`) || !strings.Contains(body, wantErr) {
		t.Errorf("served page lacks the error overlay")
	}
	// A browser connecting now learns about the errors too.
	late := openEvents(t, ts.url)
	if st := late.next(t, eventHello); len(st.Errors) != 1 {
		t.Errorf("hello while failing = %+v", st)
	}

	writeFiles(t, ts.src, map[string]string{"guide/a.md": "# A\n\nFixed.\n"})
	ts.rebuild([]string{"guide/a.md"})
	if st := ev.next(t, eventReload); st.Build != 2 || len(st.Errors) != 0 {
		t.Errorf("reload after fix = %+v", st)
	}
	if _, body := get(t, ts.url+"/guide/a/"); strings.Contains(body, `role="alert"`) || !strings.Contains(body, "Fixed.") {
		t.Errorf("page after the fix still shows errors or old text")
	}
}

func TestFirstBuildFails(t *testing.T) {
	ts := startServer(t, map[string]string{"index.md": "See [x](missing.md).\n"})
	resp, body := get(t, ts.url+"/")
	if resp.StatusCode != 500 || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, "/hb/index.md:1:") {
		t.Fatalf("GET / while broken: %s\n%s", resp.Status, body)
	}
	if !strings.Contains(body, `data-build="0"`) {
		t.Errorf("error page does not load the reload script")
	}
	ev := openEvents(t, ts.url)
	if st := ev.next(t, eventHello); st.Build != 0 || len(st.Errors) != 1 {
		t.Errorf("hello = %+v", st)
	}

	writeFiles(t, ts.src, map[string]string{"index.md": "# Home\n"})
	ts.rebuild([]string{"index.md"})
	if st := ev.next(t, eventReload); st.Build != 1 {
		t.Errorf("reload = %+v, want build 1", st)
	}
	if resp, body := get(t, ts.url+"/"); resp.StatusCode != 200 || strings.Contains(body, `role="alert"`) {
		t.Errorf("GET / after the fix: %s", resp.Status)
	}
}

// TestServeCommand runs the whole command: it watches the folder, serves,
// rebuilds on an edit and stops cleanly on Ctrl-C with an open stream.
func TestServeCommand(t *testing.T) {
	src := filepath.Join(t.TempDir(), "hb")
	writeFiles(t, src, testSite)
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() { done <- run([]string{"serve", "-src", src, "-port", "0", "-watch"}, &out, &errOut) }()
	m := waitFor(t, &out, `built 3 pages in \S+\nserving \S+ at (http://127\.0\.0\.1:(\d+)/) `)
	if m[2] == "0" {
		t.Fatalf("printed port 0, not the real one")
	}
	base := strings.TrimSuffix(m[1], "/")
	if resp, body := get(t, base+"/guide/"); resp.StatusCode != 200 || !strings.Contains(body, scriptPath) {
		t.Fatalf("GET /guide/: %s", resp.Status)
	}
	ev := openEvents(t, base)
	ev.next(t, eventHello)

	writeFiles(t, src, map[string]string{"guide/a.md": "# A\n\nEdited.\n"})
	if st := ev.next(t, eventReload); st.Build != 2 {
		t.Errorf("reload = %+v", st)
	}
	waitFor(t, &out, `guide/a\.md changed: rebuilt 3 pages in \d+ms\n`)

	// The signal reaches the handler that serve installed before it
	// printed its address.
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code %d after Ctrl-C\n%s", code, errOut.String())
		}
	case <-time.After(wait):
		t.Fatal("serve did not stop after Ctrl-C")
	}
	select {
	case _, ok := <-ev:
		if ok {
			t.Errorf("event stream still open after shutdown")
		}
	case <-time.After(wait):
		t.Errorf("event stream still open after shutdown")
	}
	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second); err == nil {
		t.Errorf("still listening after shutdown")
	}
}

func TestServeFlags(t *testing.T) {
	src := filepath.Join(t.TempDir(), "hb")
	writeFiles(t, src, map[string]string{"index.md": "# Home\n"})
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	code, _, stderr := runCLI(t, "serve", "-src", src, "--port", port)
	if code != 1 || !strings.Contains(stderr, "already in use") || !strings.Contains(stderr, "-port") {
		t.Errorf("busy port: exit %d, %q", code, stderr)
	}
	for _, args := range [][]string{{"-port", "70000"}, {"-port", "-1"}, {"-poll", "-1s"}, {"-watch=maybe"}, {"extra"}} {
		if code, _, _ := runCLI(t, append([]string{"serve", "-src", src}, args...)...); code != 2 {
			t.Errorf("serve %v: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr := runCLI(t, "serve", "-src", filepath.Join(src, "nope")); code != 1 || !strings.Contains(stderr, "-src") {
		t.Errorf("missing -src: exit %d, %q", code, stderr)
	}
	if code, out, _ := runCLI(t, "serve", "-h"); code != 0 || !strings.Contains(out, "-poll") {
		t.Errorf("serve -h: %d %q", code, out)
	}
}
