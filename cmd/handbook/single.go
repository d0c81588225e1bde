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
	limitMemory(src, false)
	res, err := buildSingle(src, opt)
	if err != nil {
		if res != nil {
			reportWarnings(stderr, res.Warnings)
		}
		reportErrors(stderr, err)
		return 1
	}
	// The edition is written as it is made; a failure leaves the file
	// that was there.
	var size int
	err = writeAtomicWith(file, func(w io.Writer) error {
		c := &countingWriter{w: w}
		err := res.WriteSingleFile(c)
		size = c.n
		return err
	})
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return 1
	}
	reportWarnings(stderr, res.Warnings)
	fmt.Fprintf(stdout, "built %d pages into %s (%s, self-contained, %s edition) in %s\n",
		res.Output.Pages, file, formatBytes(size), editionName(res), time.Since(start).Round(time.Millisecond))
	return 0
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += n
	return n, err
}
