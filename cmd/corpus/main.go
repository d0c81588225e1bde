// Command corpus writes a synthetic handbook for benchmarks:
//
//	go run ./cmd/corpus -pages 10000 -shape real -out /tmp/corpus-10k
//
// Shapes: deep (the default), real, wide and long; see internal/corpus.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rolehandbook/handbook/internal/corpus"
)

func main() {
	pages := flag.Int("pages", 1000, "about how many pages to write")
	shape := flag.String("shape", "deep", "the corpus `shape`: "+strings.Join(corpus.Shapes, ", "))
	out := flag.String("out", "", "the `folder` to write into; it must not exist")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "corpus: -out is required")
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintf(os.Stderr, "corpus: %s exists; remove it first\n", *out)
		os.Exit(1)
	}
	files, err := corpus.Generate(*shape, *pages)
	if err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(2)
	}
	for name, body := range files {
		p := filepath.Join(*out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "corpus:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(p, body, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "corpus:", err)
			os.Exit(1)
		}
	}
}
