package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rolehandbook/handbook/internal/corpus"
)

// BenchmarkServeEdit10k runs serve -watch on a 10,000-page handbook and
// times a one-page edit from the moment the file is written to the
// moment the server sends the page with the edit: the watcher's wait for
// quiet, the rebuild and the request, as a reader's browser sees it.
func BenchmarkServeEdit10k(b *testing.B) {
	files, err := corpus.Generate("deep", 10000)
	if err != nil {
		b.Fatal(err)
	}
	src := filepath.Join(b.TempDir(), "hb")
	for name, body := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, body, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	var out, errOut syncBuffer
	go run([]string{"serve", "-src", src, "-port", "0", "-watch"}, &out, &errOut)
	var base string
	for deadline := time.Now().Add(5 * time.Minute); base == ""; time.Sleep(50 * time.Millisecond) {
		if m := regexp.MustCompile(`serving \S+ at (http://127\.0\.0\.1:\d+/)`).FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		if time.Now().After(deadline) {
			b.Fatalf("serve did not start:\n%s%s", out.String(), errOut.String())
		}
	}
	const page = "s0/t0/u0/page-1.md"
	orig := string(files[page])
	url := base + "s0/t0/u0/page-1/index.html"
	client := &http.Client{Timeout: 10 * time.Second}
	served := func(marker string) bool {
		resp, err := client.Get(url)
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return strings.Contains(string(body), marker)
	}
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		marker := "Edited-" + strconv.Itoa(i) + "-times"
		start := time.Now()
		if err := os.WriteFile(filepath.Join(src, page), []byte(orig+"\n"+marker+"\n"), 0o644); err != nil {
			b.Fatal(err)
		}
		for !served(marker) {
			if time.Since(start) > time.Minute {
				b.Fatalf("edit %d not served after a minute", i)
			}
			time.Sleep(time.Millisecond)
		}
		total += time.Since(start)
		// The next edit is a separate save, not part of this one's burst.
		time.Sleep(300 * time.Millisecond)
	}
	b.StopTimer()
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/edit")
}
