package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"path"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/rolehandbook/handbook/generator"
)

const serveSummary = `Serve the handbook from memory with live reload. Pages reload in the
browser after each rebuild; with -watch, a rebuild follows every change
to the source folder.`

// runServe is the serve command: it checks the flags, binds the port and
// serves until Ctrl-C.
func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", serveSummary, stdout, stderr)
	src := fs.String("src", "handbook", "the handbook `folder` to serve")
	port := fs.Int("port", 1313, "the `port` to listen on; 0 picks a free one")
	addr := fs.String("addr", "127.0.0.1", "the `host` to listen on; 0.0.0.0 makes the site reachable from other machines")
	watch := fs.Bool("watch", false, "rebuild when a file in the source folder changes")
	poll := fs.Duration("poll", 0, "look for changes by walking the source folder every `interval` (such as 1s) instead of using file system events; implies -watch")
	var opt buildOptions
	fs.BoolVar(&opt.drafts, "drafts", false, "include pages marked draft")
	editionFlagVar(fs, &opt.edition)
	var hosts hostList
	fs.Var(&hosts, "allow-host", "also answer requests addressed to this `host`, a name or IP address (with :port, only on that port); "+
		"repeat the flag or separate hosts with commas. Otherwise only localhost, 127.0.0.1, [::1] and -addr are answered "+
		"(any IP address with -addr 0.0.0.0), so that no web page can read the site through DNS rebinding")
	if ok, code := parseFlags(fs, args, stdout); !ok {
		return code
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "handbook: -port %d is not a port number (0 to 65535)\n", *port)
		return 2
	}
	if *poll < 0 {
		fmt.Fprintf(stderr, "handbook: -poll %s is negative\n", *poll)
		return 2
	}
	if err := checkSrc(*src); err != nil {
		fmt.Fprintf(stderr, "handbook: %s\n", safeText(err.Error()))
		return 1
	}
	ln, err := listen(*addr, *port)
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %s\n", safeText(err.Error()))
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first Ctrl-C, a second one ends the process at once.
	context.AfterFunc(ctx, stop)
	// A name given to -addr is how the user means to reach the site.
	if _, err := netip.ParseAddr(*addr); err != nil && validHostName(*addr) {
		hosts = append(hosts, *addr)
	}
	return serve(ctx, ln, serveOptions{
		src: *src, build: opt, watch: *watch || *poll > 0, poll: *poll, allowHosts: hosts,
	}, stdout, stderr)
}

// listen binds host:port, explaining a busy port.
func listen(host string, port int) (net.Listener, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("port %d on %s is already in use: choose another with -port, or -port 0 for a free one", port, host)
	}
	return ln, err
}

// serveOptions are the settings of one serve run.
type serveOptions struct {
	src   string
	build buildOptions
	watch bool
	poll  time.Duration // 0 uses file system events

	allowHosts []string // Host names answered besides the defaults, as -allow-host takes them
}

// serve builds the site, serves it on ln until ctx is done and then shuts
// down gracefully. It returns the exit code.
func serve(ctx context.Context, ln net.Listener, opt serveOptions, stdout, stderr io.Writer) int {
	limitMemory(opt.src, false)
	s := newServer(opt.src, opt.build, stdout, stderr)
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	waitWatch := func() {}
	if opt.watch {
		// Watch before the first build, so that no edit made during it
		// is missed. Every build, the first included, is the watcher's,
		// which runs one at a time.
		wait, buildNow, err := startWatch(watchCtx, watchConfig{root: opt.src, poll: opt.poll, log: stderr}, s.rebuild)
		if err != nil {
			fmt.Fprintf(stderr, "handbook: cannot watch %s: %s\n", safeText(opt.src), safeText(err.Error()))
			ln.Close()
			return 1
		}
		waitWatch = wait
		buildNow()
	} else {
		s.rebuild(nil)
	}

	srv := &http.Server{Handler: newHostPolicy(ln.Addr(), opt.allowHosts).guard(s), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	// Only a space follows the URL, so that terminals that make URLs
	// clickable find where it ends.
	watching := ""
	if opt.watch {
		watching = "rebuilding on change; "
	}
	fmt.Fprintf(stdout, "serving %s at %s (%s%sCtrl-C to stop)\n", safeText(opt.src), siteURL(ln.Addr()), s.editionNote(), watching)

	code := 0
	select {
	case <-ctx.Done():
	case err := <-errc:
		fmt.Fprintf(stderr, "handbook: %s\n", safeText(err.Error()))
		code = 1
	}
	stopWatch()
	waitWatch()
	s.hub.close()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		srv.Close()
	}
	fmt.Fprintln(stdout, "stopped")
	return code
}

// siteURL is the address to open in a browser.
func siteURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String() + "/"
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(tcp.Port)) + "/"
}

// builtSite is one good build, served as it is.
type builtSite struct {
	out   *generator.Output // its files, some made on first request, such as print.html
	pages int
	build int // counts good builds that changed the output, from 1
}

// server serves the latest good build from memory and tells browsers
// when it changes.
type server struct {
	src            string
	opt            buildOptions
	stdout, stderr io.Writer

	site atomic.Pointer[builtSite] // nil until a build succeeds
	hub  *hub

	// What rebuild carries from build to build. Builds run one at a
	// time, the watcher's way (startWatch), so only rebuild touches them.
	attempts int              // builds so far
	warned   string           // the warnings printed last
	cache    *generator.Cache // work carried from build to build

	relaxed bool // the memory limit was raised after the first good build

	edition atomic.Value // string: the edition of the last good build
}

// editionNote names the edition served, once a build has succeeded.
func (s *server) editionNote() string {
	e, _ := s.edition.Load().(string)
	if e == "" {
		return ""
	}
	return e + " edition; "
}

func newServer(src string, opt buildOptions, stdout, stderr io.Writer) *server {
	// A new id on every start tells open pages that the server restarted.
	return &server{src: src, opt: opt, stdout: stdout, stderr: stderr, hub: newHub(rand.Text()[:10]), cache: generator.NewCache()}
}

// rebuild builds the site after the source files in changed (relative to
// the source folder, slash-separated) changed; nil means anything may have
// changed. It is the one place where the server builds: the cache and the
// list let the generator redo only what the change affects. Its caller
// runs one at a time. A good build
// is swapped in before browsers are told; a failed one leaves the last
// good site served.
func (s *server) rebuild(changed []string) {
	start := time.Now()
	res, err := buildCached(s.src, s.opt, s.cache, changed)
	took := time.Since(start).Round(time.Millisecond)
	what := describeChange(changed, s.attempts > 0)
	s.attempts++
	old := s.site.Load()
	current := 0
	if old != nil {
		current = old.build
	}

	if err != nil {
		if res != nil {
			s.noteWarnings(res.Warnings)
		}
		lines := errorLines(err)
		printFailure(s.stderr, err)
		serving := "nothing to serve yet"
		if old != nil {
			serving = fmt.Sprintf("still serving build %d", old.build)
		}
		fmt.Fprintf(s.stdout, "%sbuild failed with %s in %s; %s\n", what, plural(len(lines), "error"), took, serving)
		s.hub.publish(eventFailed, status{Build: current, Errors: lines}, nil)
		return
	}

	s.noteWarnings(res.Warnings)
	s.edition.Store(editionName(res))
	if !s.relaxed {
		relaxMemoryLimit()
		s.relaxed = true
	}
	out := res.Output
	diff := changedOutputs(old, out)
	if old != nil && len(diff) == 0 {
		fmt.Fprintf(s.stdout, "%sno change to the site (%s, %s)\n", what, plural(out.Pages, "page"), took)
		if len(s.hub.current().Errors) > 0 {
			// The errors are gone; the pages showing them must reload.
			s.hub.publish(eventReload, status{Build: current}, nil)
		}
		return
	}
	next := &builtSite{out: out, pages: out.Pages, build: current + 1}
	event, note := eventReload, ""
	if old != nil && onlyCSS(diff) {
		event, note = eventCSS, " (stylesheets only)"
	}
	s.hub.publish(event, status{Build: next.build}, func() { s.site.Store(next) })
	verb := "built"
	if what != "" {
		verb = "rebuilt"
	}
	fmt.Fprintf(s.stdout, "%s%s %s in %s%s\n", what, verb, plural(out.Pages, "page"), took, note)
}

// noteWarnings prints a build's warnings when they are not the ones
// printed last, so that a rebuild, failed or not, does not print the
// same ones again.
func (s *server) noteWarnings(w generator.ErrorList) {
	if text := w.Error(); text != s.warned {
		reportWarnings(s.stderr, w)
		s.warned = text
	}
}

// describeChange starts the terminal line of a rebuild; the first build
// has nothing to describe.
func describeChange(changed []string, rebuild bool) string {
	switch {
	case !rebuild:
		return ""
	case changed == nil:
		return "files changed: "
	case len(changed) == 1:
		return safeText(changed[0]) + " changed: "
	}
	return fmt.Sprintf("%d files changed: ", len(changed))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// errorLines gives one path:line:col: message line per problem.
func errorLines(err error) []string {
	var list generator.ErrorList
	if errors.As(err, &list) {
		lines := make([]string, len(list))
		for i, e := range list {
			lines[i] = e.Error()
		}
		return lines
	}
	return []string{err.Error()}
}

// changedOutputs lists the output paths added, removed or changed since
// old; it is nil when there is no old site.
func changedOutputs(old *builtSite, out *generator.Output) []string {
	if old == nil {
		return nil
	}
	return out.Changed(old.out)
}

func onlyCSS(paths []string) bool {
	for _, p := range paths {
		if strings.ToLower(path.Ext(p)) != ".css" {
			return false
		}
	}
	return len(paths) > 0
}

// ServeHTTP serves the current site. It only ever looks paths up in the
// in-memory site, so nothing else on disk can be reached; paths that are
// not clean are refused all the same.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	switch r.URL.Path {
	case eventsPath:
		s.hub.serveEvents(w, r)
		return
	case scriptPath:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeContent(w, r, "reload.js", time.Time{}, bytes.NewReader(reloadScript))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	st := s.hub.current()
	site := s.site.Load()
	if site == nil {
		s.send(w, r, http.StatusInternalServerError, "error.html", errorPage(st))
		return
	}
	if key, ok := sitePath(r.URL.Path); ok {
		if b, found := site.out.File(key); found {
			s.send(w, r, http.StatusOK, key, s.decorate(key, b, st))
			return
		}
		// A folder asked for without its slash: redirect, or the page's
		// relative links would resolve one level too high.
		if site.out.Has(key+"/index.html") && !strings.HasSuffix(r.URL.Path, "/") {
			target := "/" + key + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
	}
	page, ok := site.out.File("404.html")
	if !ok {
		page = []byte("<!DOCTYPE html><title>Not found</title><h1>Page not found</h1>\n")
	}
	s.send(w, r, http.StatusNotFound, "404.html", s.decorate("404.html", withBase(page), st))
}

// decorate adds the overlay and the client script to HTML pages. Other
// files are served exactly as built.
func (s *server) decorate(name string, b []byte, st status) []byte {
	if !isHTML(name) {
		return b
	}
	return inject(b, snippet(st, overlayTitle))
}

// send writes one response with the type that name's extension calls for.
func (s *server) send(w http.ResponseWriter, r *http.Request, code int, name string, body []byte) {
	w.Header().Set("Content-Type", contentType(name))
	if code == http.StatusOK {
		// ServeContent answers HEAD and range requests, which media
		// players make.
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// sitePath maps a request path to an output path. It is false for any
// path that is not plainly inside the site: empty, "." or ".." segments
// (also when percent-encoded, which r.URL.Path has already decoded),
// backslashes and NUL bytes. A path ending in a slash means the folder's
// index.html; folders are never listed.
func sitePath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	rel := p[1:]
	if rel == "" {
		return "index.html", true
	}
	dir := strings.HasSuffix(rel, "/")
	for _, seg := range strings.Split(strings.TrimSuffix(rel, "/"), "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", false
		}
	}
	if dir {
		rel += "index.html"
	}
	return rel, true
}

// contentTypes fixes the types that matter most, so that they do not
// depend on the machine's mime.types.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".htm":  "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".svg":  "image/svg+xml",
	".json": "application/json",
	".csv":  "text/csv; charset=utf-8",
	".xml":  "application/xml",
	".txt":  "text/plain; charset=utf-8",
	".md":   "text/markdown; charset=utf-8",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

func isHTML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".html" || ext == ".htm"
}
