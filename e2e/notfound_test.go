package e2e

import (
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// pagesHost serves a built site as GitHub Pages and Netlify do: a file
// that exists, or else 404.html with status 404, whatever the depth.
func pagesHost(t *testing.T, dir string) string {
	t.Helper()
	files := http.FileServer(http.Dir(dir))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+r.URL.Path)))
		if st, err := os.Stat(p); err == nil && (!st.IsDir() || fileExists(filepath.Join(p, "index.html"))) {
			files.ServeHTTP(w, r)
			return
		}
		b, err := os.ReadFile(filepath.Join(dir, "404.html"))
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write(b)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// TestNotFoundAtDepth loads the 404 page a host serves for a missing
// address three folders down: it is styled, and every link on it leads
// to a page of the site.
func TestNotFoundAtDepth(t *testing.T) {
	suite.require(t, suite.skip)
	base := pagesHost(t, suite.site)
	tb := newTab(t)
	for _, missing := range []string{"/guide/no/such/page/", "/no-such-page", "/roles/pm/ladder/l9/"} {
		tb.open(base + missing)
		tb.waitFor("the stylesheet", `getComputedStyle(document.querySelector(".site-header")).position === "sticky"`)
		if h1 := eval[string](tb, `document.querySelector("h1").textContent`); h1 != "Page not found" {
			t.Errorf("%s: h1 %q", missing, h1)
		}
		links := eval[[]string](tb, `[...document.querySelectorAll("a[href]")].map(a => a.href).filter(h => h.startsWith(location.origin))`)
		if len(links) < 10 {
			t.Fatalf("%s: only %d links on the 404 page", missing, len(links))
		}
		for _, l := range links {
			l, _, _ = strings.Cut(l, "#")
			resp, err := http.Get(l)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("%s: the link %s leads to %d", missing, strings.TrimPrefix(l, base), resp.StatusCode)
			}
		}
	}
}
