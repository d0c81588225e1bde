package main

import (
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rolehandbook/handbook/generator"
)

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "Build the handbook into a static site.", stdout, stderr)
	src := fs.String("src", "handbook", "the handbook `folder` to build")
	out := fs.String("out", "public", "the `folder` to write the site to")
	drafts := fs.Bool("drafts", false, "include pages marked draft")
	timings := fs.Bool("timings", false, "print how long each step of the build took")
	single := fs.String("single", "", "write the whole handbook into this one self-contained HTML `file` instead of -out")
	if ok, code := parseFlags(fs, args, stdout); !ok {
		return code
	}
	if *single != "" {
		return runSingle(*src, *single, *drafts, stdout, stderr)
	}
	start := time.Now()
	limitMemory(*src)
	if err := checkOutDir(*src, *out); err != nil {
		fmt.Fprintf(stderr, "handbook build: %v\n", err)
		return 1
	}
	// The site goes to disk as it is made, so a build holds a working set
	// rather than the whole site; the old site stays until the end.
	w := newSiteWriter(*out)
	// Ctrl-C while the site is made removes what was staged beside the
	// output folder, which stays as it was. Putting the site in place is
	// left to finish: on Linux it is one atomic exchange.
	var once sync.Once
	interrupted := func() {
		once.Do(func() {
			w.Interrupt()
			fmt.Fprintln(stderr, "handbook build: interrupted; the output folder was left as it was")
		})
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		if _, ok := <-sigs; ok {
			interrupted()
			os.Exit(130)
		}
	}()
	res, err := buildTo(*src, *drafts, w)
	signal.Stop(sigs)
	close(sigs)
	if err != nil && w.Stopped() {
		interrupted() // the build stopped at the writer before the handler exited
		return 130
	}
	if err != nil {
		w.Abort()
		reportErrors(stderr, err)
		return 1
	}
	writeStart := time.Now()
	written, err := w.Finish()
	if err != nil {
		fmt.Fprintf(stderr, "handbook build: %v\n", err)
		return 1
	}
	if *timings {
		for _, t := range res.Timings {
			fmt.Fprintf(stdout, "%-10s %s\n", t.Step, t.Duration.Round(time.Millisecond))
		}
		fmt.Fprintf(stdout, "%-10s %s\n", "write", time.Since(writeStart).Round(time.Millisecond))
	}
	reportWarnings(stderr, res.Warnings)
	change := fmt.Sprintf("%d written", written)
	if written == 0 {
		change = "no change"
	}
	st := w.Stats()
	fmt.Fprintf(stdout, "built %d pages, %d files (%s, %s; search index %s, %d%% of the HTML) into %s in %s\n",
		res.Output.Pages, st.files, formatBytes(st.bytes), change,
		formatBytes(st.index), st.index*100/max(st.html, 1), *out, time.Since(start).Round(time.Millisecond))
	return 0
}

// limitMemory gives the garbage collector a soft memory limit for a
// one-shot build: rather than let the heap grow to twice what is live, it
// collects more often as the heap nears the limit. A build's working set
// is about four times its markdown (the pages' bodies, the search index,
// the print edition), so the limit is five times that, and at least
// 224 MiB; a site that outgrows it costs more collections, not failure.
// At 10,000 pages this keeps the peak near 250 MB, and the build faster
// than a lower GC target would (BENCHMARKS.md). GOMEMLIMIT, if set, wins.
func limitMemory(src string) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	var md int64
	_ = filepath.WalkDir(src, func(p string, d iofs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case d.IsDir() && p != src && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules"):
			return filepath.SkipDir
		case !d.IsDir() && strings.HasSuffix(strings.ToLower(d.Name()), ".md"):
			if info, err := d.Info(); err == nil {
				md += info.Size()
			}
		}
		return nil
	})
	debug.SetMemoryLimit(max(224<<20, 5*md))
}

// build runs the generator over a folder on disk, into memory.
func build(src string, drafts bool) (*generator.Result, error) {
	return buildWith(src, drafts, nil, nil, nil)
}

// buildTo builds a folder on disk, handing each file to sink as it is
// made.
func buildTo(src string, drafts bool, sink generator.Sink) (*generator.Result, error) {
	return buildWith(src, drafts, nil, nil, sink)
}

// buildCached builds with a cache that carries work over from the last
// build, given the source paths changed since (nil when unknown).
func buildCached(src string, drafts bool, cache *generator.Cache, changed []string) (*generator.Result, error) {
	return buildWith(src, drafts, cache, changed, nil)
}

func buildWith(src string, drafts bool, cache *generator.Cache, changed []string, sink generator.Sink) (*generator.Result, error) {
	st, err := os.Stat(src)
	if err != nil {
		return nil, fmt.Errorf("cannot read source folder: %w (use -src to name the handbook folder)", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder (use -src to name the handbook folder)", src)
	}
	lastMod, repoPath := gitDates(src)
	return generator.Build(generator.Config{
		Content:  os.DirFS(src),
		Name:     filepath.ToSlash(filepath.Clean(src)),
		Drafts:   drafts,
		LastMod:  lastMod,
		RepoPath: repoPath,
		Cache:    cache,
		Changed:  changed,
		Defer:    cache != nil, // the dev server makes site-wide files on first request
		Sink:     sink,
	})
}

func reportErrors(w io.Writer, err error) {
	color := colors(w)
	var list generator.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintf(w, "%s %s\n", paint(color, "31;1", "error:"), e.Error())
		}
		n := len(list)
		plural := "s"
		if n == 1 {
			plural = ""
		}
		fmt.Fprintf(w, "build failed: %d error%s; nothing was written\n", n, plural)
		return
	}
	fmt.Fprintf(w, "%s %v\n", paint(color, "31;1", "error:"), err)
}

func reportWarnings(w io.Writer, list generator.ErrorList) {
	color := colors(w)
	for _, e := range list {
		fmt.Fprintf(w, "%s %s\n", paint(color, "33;1", "warning:"), e.Error())
	}
}

func formatBytes(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
