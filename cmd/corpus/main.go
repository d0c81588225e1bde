// Command corpus writes a synthetic handbook for benchmarks:
//
//	go run ./cmd/corpus -pages 10000 -out /tmp/corpus-10k
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rolehandbook/handbook/internal/corpus"
)

func main() {
	pages := flag.Int("pages", 1000, "about how many pages to write")
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
	for name, body := range corpus.Files(*pages) {
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
