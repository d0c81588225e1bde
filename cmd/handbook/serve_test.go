package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
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
	ts.server = newServer(src, buildOptions{}, ts.out, ts.errOut)
	ts.rebuild(nil)
	hs := httptest.NewUnstartedServer(nil)
	hs.Config.Handler = newHostPolicy(hs.Listener.Addr(), nil).guard(ts.server)
	hs.Start()
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
	res, err := build(ts.src, buildOptions{})
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
	if !strings.Contains("\n"+ts.errOut.String(), "\n"+wantErr) {
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

// TestFailedRebuildsKeepWarningsQuiet: a warning printed by the first
// build is not printed again by each rebuild that fails while the
// author fixes something else.
func TestFailedRebuildsKeepWarningsQuiet(t *testing.T) {
	files := map[string]string{
		"handbook.toml": "broken_links = \"warning\"\n",
		"index.md":      "# Home\n\nSee [gone](gone.md).\n",
		"guide/a.md":    "# A\n\nText.\n",
	}
	ts := startServer(t, files)
	for i := range 2 {
		writeFiles(t, ts.src, map[string]string{"guide/a.md": fmt.Sprintf("---\nweight: high%d\n---\n# A\n", i)})
		ts.rebuild([]string{"guide/a.md"})
	}
	if n := strings.Count(ts.errOut.String(), `broken link "gone.md"`); n != 1 {
		t.Errorf("the warning was printed %d times, want once:\n%s", n, ts.errOut.String())
	}
	if n := strings.Count(ts.out.String(), "build failed"); n != 2 {
		t.Errorf("%d failed builds reported, want 2:\n%s", n, ts.out.String())
	}
}

func TestFirstBuildFails(t *testing.T) {
	ts := startServer(t, map[string]string{"handbook.toml": "", "index.md": "See [x](missing.md).\n"})
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
	keepMemoryLimit(t)
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

// rawRequest sends req, a whole request head, as it is and reads the
// response head and, unless it is an event stream, the body.
func rawRequest(t *testing.T, addr, req string) (*http.Response, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, wait)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(wait))
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%q: %v", req, err)
	}
	// An event stream never ends: closing its body would read it until
	// the deadline, so only the connection is closed.
	if resp.Header.Get("Content-Type") == "text/event-stream" {
		return resp, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestServeRefusesForeignHosts sends what a page on another site can make
// a browser send once its name points at 127.0.0.1 (DNS rebinding), and
// what other clients might, to the pages, the event stream and the
// reload script alike.
func TestServeRefusesForeignHosts(t *testing.T) {
	ts := startServer(t, testSite)
	addr := strings.TrimPrefix(ts.url, "http://")
	_, port, _ := net.SplitHostPort(addr)
	other := "1"
	if port == other {
		other = "2"
	}
	type head struct{ target, hosts, proto string }
	h := func(host string) head { return head{hosts: "Host: " + host + "\r\n"} }
	refused := map[string]head{
		"another name":               h("evil.example"),
		"another name, right port":   h("evil.example:" + port),
		"loopback, another port":     h("127.0.0.1:" + other),
		"localhost, another port":    h("localhost:" + other),
		"localhost as a prefix":      h("localhost.evil.example"),
		"localhost prefix with port": h("localhost.evil.example:" + port),
		"loopback as a prefix":       h("127.0.0.1.evil.example:" + port),
		"upper-case prefix":          h("LOCALHOST.EVIL.EXAMPLE"),
		"short loopback form":        h("127.1:" + port),
		"empty port":                 h("localhost:"),
		"empty Host":                 h(""),
		"no Host in HTTP/1.0":        {proto: "HTTP/1.0"},
		"two Host headers":           {hosts: "Host: localhost\r\nHost: evil.example\r\n"},
		"IPv6 loopback, other port":  h("[::1]:" + other),
		"IPv6 without brackets":      h("::1"),
		"another IPv6 address":       h("[::2]:" + port),
		"IPv6 with a zone":           h("[::1%25lo]:" + port),
		"absolute URI, another host": {target: "http://evil.example%s", hosts: "Host: localhost\r\n"},
		"absolute URI, another port": {target: "http://127.0.0.1:" + other + "%s", hosts: "Host: 127.0.0.1:" + port + "\r\n"},
	}
	allowed := map[string]head{
		"the address listened on": h(addr),
		"localhost with the port": h("localhost:" + port),
		"localhost":               h("localhost"),
		"upper-case localhost":    h("LOCALHOST:" + port),
		"mixed-case localhost":    h("LocalHost"),
		"loopback":                h("127.0.0.1"),
		"IPv6 loopback":           h("[::1]"),
		"IPv6 loopback with port": h("[::1]:" + port),
		"IPv6 loopback, longhand": h("[0:0:0:0:0:0:0:1]:" + port),
		// The host of an absolute URI is the one that counts (RFC 9112,
		// 3.2.2); browsers send it only to proxies.
		"absolute URI, our host": {target: "http://localhost:" + port + "%s", hosts: "Host: evil.example\r\n"},
	}
	send := func(hd head, path string) (*http.Response, string) {
		target := path
		if hd.target != "" {
			target = fmt.Sprintf(hd.target, path)
		}
		proto := cmp.Or(hd.proto, "HTTP/1.1")
		return rawRequest(t, addr, "GET "+target+" "+proto+"\r\n"+hd.hosts+"Connection: close\r\n\r\n")
	}
	for _, path := range []string{"/", "/guide/a/", eventsPath, scriptPath, "/files/notes.txt", "/nope"} {
		for name, hd := range refused {
			resp, body := send(hd, path)
			if resp.StatusCode != http.StatusForbidden && !(name == "two Host headers" && resp.StatusCode == http.StatusBadRequest) {
				t.Errorf("%s, GET %s: %s, want 403", name, path, resp.Status)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("%s, GET %s: Content-Type %q, want text/plain", name, path, ct)
			}
			for _, leak := range []string{"<h1", "Text of page A", "notes", "EventSource", "data-build", "Page not found"} {
				if strings.Contains(body, leak) {
					t.Errorf("%s, GET %s: the refusal holds %q:\n%s", name, path, leak, body)
				}
			}
		}
		for name, hd := range allowed {
			resp, _ := send(hd, path)
			want := http.StatusOK
			if path == "/nope" {
				want = http.StatusNotFound
			}
			if resp.StatusCode != want {
				t.Errorf("%s, GET %s: %s, want %d", name, path, resp.Status, want)
			}
		}
	}
	resp, body := send(h("evil.example"), "/")
	if !strings.Contains(body, `"evil.example"`) || !strings.Contains(body, "-allow-host") {
		t.Errorf("the refusal does not say what to do: %s %q", resp.Status, body)
	}
}

func TestHostPolicy(t *testing.T) {
	loop := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1313}
	lan := &net.TCPAddr{IP: net.IPv4(192, 168, 1, 5), Port: 1313}
	all4 := &net.TCPAddr{IP: net.IPv4zero, Port: 1313}
	all6 := &net.TCPAddr{IP: net.IPv6unspecified, Port: 1313}
	extra := []string{"Dev.Example.org", "tunnel.example:8443", "10.0.0.7", "[fd00::7]"}
	for _, tc := range []struct {
		addr  net.Addr
		extra []string
		host  string
		want  bool
	}{
		{loop, nil, "127.0.0.1:1313", true},
		{loop, nil, "localhost:1313", true},
		{loop, nil, "localhost:01313", true},
		{loop, nil, "192.168.1.5:1313", false},
		{loop, nil, "dev.example.org:1313", false},
		{lan, nil, "192.168.1.5:1313", true},
		{lan, nil, "192.168.1.5:1314", false},
		{lan, nil, "192.168.1.6:1313", false},
		{lan, nil, "localhost:1313", true},
		{loop, extra, "dev.example.org", true},
		{loop, extra, "DEV.EXAMPLE.ORG:1313", true},
		{loop, extra, "dev.example.org:80", false},
		{loop, extra, "sub.dev.example.org", false},
		{loop, extra, "tunnel.example:8443", true},
		{loop, extra, "tunnel.example:1313", false},
		{loop, extra, "tunnel.example", false},
		{loop, extra, "10.0.0.7:1313", true},
		{loop, extra, "[fd00::7]:1313", true},
		{loop, extra, "[fd00:0::7]", true},
		// Listening on every address, any IP address reaches the server
		// and none can be rebound; names still need -allow-host.
		{all4, nil, "192.168.1.5:1313", true},
		{all4, nil, "[fe80::1]:1313", true},
		{all4, nil, "192.168.1.5:1314", false},
		{all4, nil, "myhost.lan:1313", false},
		{all6, nil, "10.1.2.3:1313", true},
		{all6, nil, "evil.example:1313", false},
		{all6, []string{"myhost.lan"}, "myhost.lan:1313", true},
	} {
		if got := newHostPolicy(tc.addr, tc.extra).allows(tc.host); got != tc.want {
			t.Errorf("listening on %s with %q: allows(%q) = %v, want %v", tc.addr, tc.extra, tc.host, got, tc.want)
		}
	}
}

// TestServeAllowHostFlag runs the command with -allow-host given both
// ways and checks that the names are answered and others still are not.
func TestServeAllowHostFlag(t *testing.T) {
	src := filepath.Join(t.TempDir(), "hb")
	writeFiles(t, src, map[string]string{"index.md": "# Home\n"})
	for _, bad := range []string{"http://dev.example", "dev.example/x", "::1", "dev..example", "a b", "dev.example:99999"} {
		if code, _, stderr := runCLI(t, "serve", "-src", src, "-allow-host", bad); code != 2 || !strings.Contains(stderr, "-allow-host") {
			t.Errorf("-allow-host %q: exit %d, %q", bad, code, stderr)
		}
	}
	if code, out, _ := runCLI(t, "serve", "-h"); code != 0 || !strings.Contains(out, "-allow-host") || !strings.Contains(out, "DNS rebinding") {
		t.Errorf("serve -h does not explain -allow-host: %q", out)
	}

	var out, errOut syncBuffer
	done := make(chan int, 1)
	keepMemoryLimit(t)
	go func() {
		done <- run([]string{"serve", "-src", src, "-port", "0", "-allow-host", "one.example, Two.Example", "-allow-host", "three.example:8443"}, &out, &errOut)
	}()
	m := waitFor(t, &out, `serving \S+ at http://(127\.0\.0\.1:(\d+))/ `)
	addr, port := m[1], m[2]
	for host, want := range map[string]int{
		"one.example":              200,
		"two.example:" + port:      200,
		"three.example:8443":       200,
		"three.example:" + port:    403,
		"four.example:" + port:     403,
		"one.example.evil:" + port: 403,
		addr:                       200,
	} {
		resp, _ := rawRequest(t, addr, "GET / HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n")
		if resp.StatusCode != want {
			t.Errorf("Host %s: %s, want %d", host, resp.Status, want)
		}
	}
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
}

// TestServeReadsNothingFromDisk: requests are answered from the build in
// memory alone, so a link or file put in the source folder later is not
// served, and the site stays up with the folder gone.
func TestServeReadsNothingFromDisk(t *testing.T) {
	ts := startServer(t, testSite)
	secret := filepath.Join(filepath.Dir(ts.src), "secret.txt")
	writeFiles(t, filepath.Dir(ts.src), map[string]string{"secret.txt": "TOP-SECRET\n"})
	writeFiles(t, ts.src, map[string]string{"files/late.txt": "LATE\n"})
	mustDo(t,
		os.Symlink(secret, filepath.Join(ts.src, "files", "link.txt")),
		os.Symlink(filepath.Dir(ts.src), filepath.Join(ts.src, "up")),
		os.Symlink(secret, filepath.Join(ts.src, "files", "notes2.txt")))
	for _, p := range []string{"/files/link.txt", "/up/secret.txt", "/files/notes2.txt", "/files/late.txt"} {
		resp, body := get(t, ts.url+p)
		if resp.StatusCode != 404 || strings.Contains(body, "TOP-SECRET") || strings.Contains(body, "LATE") {
			t.Errorf("GET %s: %s, want 404 from the built site alone", p, resp.Status)
		}
	}
	mustDo(t, os.RemoveAll(ts.src))
	for p, want := range map[string]string{"/guide/a/": "Text of page A.", "/files/notes.txt": "notes"} {
		if resp, body := get(t, ts.url+p); resp.StatusCode != 200 || !strings.Contains(body, want) {
			t.Errorf("GET %s with the source folder gone: %s", p, resp.Status)
		}
	}
}

// TestRelaxMemoryLimit: once a dev server has built, its memory limit
// leaves room above the live heap, so that edits do not run the collector
// over and over; it never lowers a limit.
func TestRelaxMemoryLimit(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT is set, and wins")
	}
	old := debug.SetMemoryLimit(1 << 20)
	defer debug.SetMemoryLimit(old)
	keep := make([]byte, 64<<20) // a live heap of at least 64 MiB
	runtime.GC()
	relaxMemoryLimit()
	if got := debug.SetMemoryLimit(-1); got < 96<<20+64<<20 {
		t.Errorf("limit %d MiB over a live heap of at least 64 MiB, want at least 160", got>>20)
	}
	runtime.KeepAlive(keep)
	debug.SetMemoryLimit(math.MaxInt64)
	relaxMemoryLimit()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("no limit became %d MiB", got>>20)
	}
}
