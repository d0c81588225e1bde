package main

import (
	"fmt"
	"io"
	"path/filepath"
	"time"
)

// runSingle builds the handbook into one self-contained HTML file instead
// of a folder: for mailing or archiving, it needs nothing beside it.
func runSingle(src, file string, opt buildOptions, stdout, stderr io.Writer) int {
	start := time.Now()
	if filepath.Ext(file) != ".html" && filepath.Ext(file) != ".htm" {
		fmt.Fprintf(stderr, "handbook: -single %s: the file name must end in .html\n", file)
		return 2
	}
	absSrc, err := filepath.Abs(src)
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return 1
	}
	absFile, err := filepath.Abs(file)
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return 1
	}
	if dir, s := resolveLinks(filepath.Dir(absFile)), resolveLinks(absSrc); dir == s || within(dir, s) {
		// The next build would copy it into the site as one of its files.
		fmt.Fprintf(stderr, "handbook: -single %s is inside the source folder %s: choose a file elsewhere\n", file, src)
		return 1
	}
	res, err := build(src, opt)
	if err != nil {
		if res != nil {
			reportWarnings(stderr, res.Warnings)
		}
		reportErrors(stderr, err)
		return 1
	}
	b, err := res.SingleFile()
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return 1
	}
	if err := writeAtomic(file, b); err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return 1
	}
	reportWarnings(stderr, res.Warnings)
	fmt.Fprintf(stdout, "built %d pages into %s (%s, self-contained, %s edition) in %s\n",
		res.Output.Pages, file, formatBytes(len(b)), editionName(res), time.Since(start).Round(time.Millisecond))
	return 0
}
