package main

import (
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rolehandbook/handbook/generator"
)

// runBuild is the build command: it builds the handbook into the output
// folder, or with -single into one HTML file.
func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "Build the handbook into a static site.", stdout, stderr)
	src := fs.String("src", "handbook", "the handbook `folder` to build")
	out := fs.String("out", "public", "the `folder` to write the site to")
	var opt buildOptions
	fs.BoolVar(&opt.drafts, "drafts", false, "include pages marked draft")
	editionFlagVar(fs, &opt.edition)
	timings := fs.Bool("timings", false, "print how long each step of the build took")
	single := fs.String("single", "", "write the whole handbook into this one self-contained HTML `file` instead of -out")
	force := fs.Bool("force", false, "build into an -out folder that holds files handbook did not write and has no .handbook-manifest; those files are kept")
	if ok, code := parseFlags(fs, args, stdout); !ok {
		return code
	}
	if *single != "" {
		return runSingle(*src, *single, opt, stdout, stderr)
	}
	start := time.Now()
	w := openOutput(*src, *out, *force, stderr)
	if w == nil {
		return 1
	}
	interrupted, stop := onInterrupt(w, stderr)
	defer stop()
	res, err := buildTo(*src, opt, w)
	if err != nil && w.Stopped() {
		interrupted() // the build stopped at the writer before the handler exited
		return 130
	}
	if err != nil {
		w.Abort()
		if res != nil {
			reportWarnings(stderr, res.Warnings)
		}
		reportErrors(stderr, err)
		return 1
	}
	writeStart := time.Now()
	written, err := w.Finish()
	if err != nil && w.Stopped() {
		interrupted()
		return 130
	}
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %v; the output folder was left as it was\n", err)
		return 1
	}
	if *timings {
		printTimings(stdout, res.Timings, writeStart)
	}
	reportWarnings(stderr, res.Warnings)
	printBuilt(stdout, res, w.Stats(), written, *out, start)
	return 0
}

// openOutput checks -src and -out and returns the writer of the site
// into out, or nil once it has said why it cannot build there.
func openOutput(src, out string, force bool, stderr io.Writer) *siteWriter {
	// Before anything is written beside -out, such as its lock file.
	if err := checkSrc(src); err != nil {
		fmt.Fprintf(stderr, "handbook: %s\n", safeText(err.Error()))
		return nil
	}
	limitMemory(src, true)
	if err := checkOutDir(src, out); err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return nil
	}
	if err := checkOutOwned(out, force); err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return nil
	}
	// The site goes to disk as it is made, so a build holds a working set
	// rather than the whole site; the old site stays until the end.
	w, err := newSiteWriter(out, func() {
		fmt.Fprintf(stderr, "handbook: waiting for another build into %s to finish\n", out)
	})
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %v\n", err)
		return nil
	}
	return w
}

// onInterrupt handles Ctrl-C and SIGTERM for a build into w: while the
// site is made, or while it is put in place, they remove what was staged
// beside the output folder and undo what was done in it, unless the new
// site is already in place (on Linux that is one atomic exchange). It
// returns that undoing, which says once what it did, for a build that
// found itself stopped, and a function that stops the handling.
func onInterrupt(w *siteWriter, stderr io.Writer) (interrupted, stop func()) {
	var once sync.Once
	interrupted = func() {
		once.Do(func() {
			if w.Interrupt() {
				fmt.Fprintln(stderr, "handbook: interrupted after the new site was in place")
			} else {
				fmt.Fprintln(stderr, "handbook: interrupted; the output folder was left as it was")
			}
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
	return interrupted, func() {
		signal.Stop(sigs)
		close(sigs)
	}
}

// printTimings prints how long each step of the build took, and the
// writing of the site since writeStart.
func printTimings(stdout io.Writer, steps []generator.Timing, writeStart time.Time) {
	for _, t := range steps {
		fmt.Fprintf(stdout, "%-10s %s\n", t.Step, t.Duration.Round(time.Millisecond))
	}
	fmt.Fprintf(stdout, "%-10s %s\n", "write", time.Since(writeStart).Round(time.Millisecond))
}

// printBuilt prints the line that sums up a build into out that began at
// start: its pages and files, what changed, and the size of the search
// index.
func printBuilt(stdout io.Writer, res *generator.Result, st siteStats, written int, out string, start time.Time) {
	change := fmt.Sprintf("%d written", written)
	if written == 0 {
		change = "no change"
	}
	fmt.Fprintf(stdout, "built %d pages, %d files (%s, %s; search index %s, %d%% of the HTML) of the %s edition into %s in %s\n",
		res.Output.Pages, st.files, formatBytes(st.bytes), change,
		formatBytes(st.index), st.index*100/max(st.html, 1), editionName(res), out, time.Since(start).Round(time.Millisecond))
}

// limitMemory gives the garbage collector a soft memory limit: rather
// than let the heap grow to twice what is live, it collects more often as
// the heap nears the limit. A build's working set is about four times its
// markdown (the pages' bodies, the search index, the print edition, and
// for check and a dev server the site they keep), so every command takes
// a limit of five times that: a limit nearer the live heap costs more
// collection than it saves (BENCHMARKS.md). The limit is at least
// 224 MiB; a site that outgrows it costs more collections, not failure.
// Other files (data, images, the theme) add their size once, as a build
// holds each at most once. A build to disk and check (lazy) read the
// content's images and attachments only as they write them, four at a
// time, so of those only the four largest count; more wait in the
// writer's queue when the disk is slower than the reads, which the soft
// limit meets with more collection, not failure. At 10,000 pages this
// keeps a build's peak near 250 MB for short pages and under 400 MB for
// 70 MB of markdown, and the build faster than a lower GC target would.
// GOMEMLIMIT, if set, wins.
func limitMemory(src string, lazy bool) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(memoryLimit(src, lazy))
}

// memoryLimit is the limit limitMemory sets.
func memoryLimit(src string, lazy bool) int64 {
	if real, err := filepath.EvalSymlinks(src); err == nil {
		src = real
	}
	var md, other int64
	var largest [4]int64 // of the files a lazy build reads as it writes them
	_ = filepath.WalkDir(src, func(p string, d iofs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case d.IsDir() && p != src && (strings.HasPrefix(d.Name(), ".") && !publishedHidden(d.Name()) || d.Name() == "node_modules"):
			return filepath.SkipDir
		case d.Type().IsRegular():
			info, err := d.Info()
			if err != nil {
				return nil
			}
			switch size := info.Size(); {
			case strings.HasSuffix(strings.ToLower(d.Name()), ".md"):
				md += size
			case lazy && !heldWhole(src, p):
				if i := slices.Index(largest[:], slices.Min(largest[:])); size > largest[i] {
					largest[i] = size
				}
			default:
				other += size // data, images and theme files are held once
			}
		}
		return nil
	})
	for _, size := range largest {
		other += size
	}
	return max(224<<20, 5*md+other)
}

// publishedHidden reports whether a hidden folder is one whose files a
// build publishes: GitBook's and Azure DevOps wikis' images.
func publishedHidden(name string) bool {
	return name == ".gitbook" || name == ".attachments"
}

// heldWhole reports whether a build reads a file other than a page up
// front and keeps it, even when it reads static files late: the
// comparison data, the theme folder (by its usual name) and the files at
// the top, such as the config.
func heldWhole(src, p string) bool {
	rel, err := filepath.Rel(src, p)
	if err != nil {
		return true
	}
	top, _, nested := strings.Cut(filepath.ToSlash(rel), "/")
	return !nested || top == "data" || top == "theme"
}

// relaxMemoryLimit raises the limit limitMemory set to 96 MiB above the
// live heap, once a dev server's first build has succeeded, when it was
// lower: a limit near the live heap would have the collector run through
// every edit, and one far above it lets edits grow the heap for nothing
// (BENCHMARKS.md). A later build that goes the whole way is bounded by it.
func relaxMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC() // the live heap as the build left it, not as the last collection found it
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	live := int64(sample[0].Value.Uint64())
	debug.SetMemoryLimit(max(debug.SetMemoryLimit(-1), live+96<<20))
}

// build runs the generator over a folder on disk, into memory.
func build(src string, opt buildOptions) (*generator.Result, error) {
	return buildWith(src, opt, nil, nil, nil)
}

// buildSingle builds for the single-file edition alone, which keeps no
// page once it is laid out.
func buildSingle(src string, opt buildOptions) (*generator.Result, error) {
	opt.single = true
	return buildWith(src, opt, nil, nil, nil)
}

// buildTo builds a folder on disk, handing each file to sink as it is
// made.
func buildTo(src string, opt buildOptions, sink generator.Sink) (*generator.Result, error) {
	return buildWith(src, opt, nil, nil, sink)
}

// buildCached builds with a cache that carries work over from the last
// build, given the source paths changed since (nil when unknown).
func buildCached(src string, opt buildOptions, cache *generator.Cache, changed []string) (*generator.Result, error) {
	return buildWith(src, opt, cache, changed, nil)
}

func buildWith(src string, opt buildOptions, cache *generator.Cache, changed []string, sink generator.Sink) (*generator.Result, error) {
	if err := checkSrc(src); err != nil {
		return nil, err
	}
	content, err := contentFS(src)
	if err != nil {
		return nil, err
	}
	now, err := buildDate()
	if err != nil {
		return nil, err
	}
	lastMod, repoPath := gitDates(src)
	return generator.Build(generator.Config{
		Now:        now,
		Content:    content,
		Name:       filepath.ToSlash(filepath.Clean(src)),
		Drafts:     opt.drafts,
		Edition:    opt.edition,
		LastMod:    lastMod,
		RepoPath:   repoPath,
		Cache:      cache,
		Changed:    changed,
		Defer:      cache != nil, // the dev server makes site-wide files on first request
		Sink:       sink,
		SingleFile: opt.single,
		Static:     hugoStatic(src),
	})
}

// hugoStatic returns the static/ folder beside a Hugo site's content/
// folder, whose files the site publishes at its root and its pages link
// to, or nil when src is not such a folder.
func hugoStatic(src string) iofs.FS {
	abs, err := filepath.Abs(src)
	if err != nil || filepath.Base(abs) != "content" {
		return nil
	}
	dir := filepath.Join(filepath.Dir(abs), "static")
	if st, err := os.Lstat(dir); err != nil || !st.IsDir() {
		return nil
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil
	}
	return root.FS()
}

// checkSrc explains a -src that names no folder, which every command
// reports alike.
func checkSrc(src string) error {
	st, err := os.Stat(src)
	switch {
	case errors.Is(err, iofs.ErrNotExist):
		return fmt.Errorf("the source folder %s does not exist (use -src to name the handbook folder, or handbook init to make one)", src)
	case err != nil:
		return fmt.Errorf("cannot read the source folder %s: %s (use -src to name the handbook folder)", src, cleanPathError(err))
	case !st.IsDir():
		return fmt.Errorf("the source folder %s is a file, not a folder (use -src to name the handbook folder)", src)
	}
	return nil
}

// cleanPathError is an error without the operation and path that an
// os error repeats, for messages that name the path themselves.
func cleanPathError(err error) error {
	var pe *iofs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// contentFS opens the source folder as an os.Root, so that no read of
// the build, whatever a link swapped in mid-build points at, leaves the
// folder. The generator itself refuses every symbolic link.
func contentFS(src string) (iofs.FS, error) {
	root, err := os.OpenRoot(src)
	if err != nil {
		return nil, fmt.Errorf("cannot read the source folder %s: %s (use -src to name the handbook folder)", src, cleanPathError(err))
	}
	return root.FS(), nil
}

// reportErrors prints why a build failed: each problem in the input as
// path:line:col: message, as check prints them, and anything else as
// handbook: message.
func reportErrors(w io.Writer, err error) {
	if n := printFailure(w, err); n > 0 {
		plural := "s"
		if n == 1 {
			plural = ""
		}
		fmt.Fprintf(w, "build failed: %d error%s; nothing was written\n", n, plural)
	}
}

// printFailure prints the problems of a failed build and returns how
// many problems in the input it printed.
func printFailure(w io.Writer, err error) int {
	var list generator.ErrorList
	if errors.As(err, &list) {
		printProblems(w, list, nil)
		return len(list)
	}
	fmt.Fprintf(w, "handbook: %s\n", safeText(err.Error()))
	return 0
}

// maxListed is how many warnings a build lists one by one; past it, a
// tree written for another tool would bury the summary line under
// thousands, so they are counted by kind instead, and check lists them.
const maxListed = 20

func reportWarnings(w io.Writer, list generator.ErrorList) {
	if len(list) <= maxListed {
		printProblems(w, nil, list)
		return
	}
	fmt.Fprintf(w, "handbook: %s %d problems the source already has; handbook check lists each at file:line:col\n",
		paint(colors(w), "33;1", "warning:"), len(list))
	byKind, byFile := map[string]int{}, map[string]int{}
	for _, e := range list {
		kind := string(e.Kind)
		if kind == "" {
			kind = "other"
		}
		byKind[kind]++
		byFile[e.File]++
	}
	for _, k := range byCount(byKind) {
		fmt.Fprintf(w, "  %6d %s\n", byKind[k], k)
	}
	worst := byCount(byFile)
	if len(worst) > 3 {
		worst = worst[:3]
	}
	parts := make([]string, len(worst))
	for i, f := range worst {
		parts[i] = fmt.Sprintf("%s (%d)", safeText(f), byFile[f])
	}
	fmt.Fprintf(w, "  most in %s\n", strings.Join(parts, ", "))
}

// byCount returns the keys of counts, highest count first, then by name.
func byCount(counts map[string]int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
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
