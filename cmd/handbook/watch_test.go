package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fsnotify/fsnotify"
)

// recorder collects the rebuilds a watcher asks for.
type recorder struct {
	ch chan []string
}

func newRecorder() *recorder { return &recorder{ch: make(chan []string, 1000)} }

func (r *recorder) rebuild(changed []string) { r.ch <- changed }

// next waits for the next rebuild and returns its changed paths.
func (r *recorder) next(t *testing.T) []string {
	t.Helper()
	select {
	case c := <-r.ch:
		return c
	case <-time.After(wait):
		t.Fatalf("no rebuild after %s", wait)
	}
	return nil
}

// none checks that no rebuild comes for a while. The while is long
// compared with the quiet time, so a late extra rebuild would show.
func (r *recorder) none(t *testing.T) {
	t.Helper()
	select {
	case c := <-r.ch:
		t.Errorf("unexpected rebuild of %q", c)
	case <-time.After(time.Second):
	}
}

// watchQuiet is the quiet time of the watcher tests: long enough that a
// slow machine does not split one save into two builds.
const watchQuiet = 200 * time.Millisecond

func startTestWatch(t *testing.T, cfg watchConfig, rebuild func([]string)) *syncBuffer {
	t.Helper()
	log := &syncBuffer{}
	cfg.log = log
	if cfg.quiet == 0 {
		cfg.quiet = watchQuiet
	}
	ctx, cancel := context.WithCancel(context.Background())
	waitWatch, _, err := startWatch(ctx, cfg, rebuild)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); waitWatch() })
	return log
}

func mustDo(t *testing.T, errs ...error) {
	t.Helper()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestWatchAtomicSaves(t *testing.T) {
	for name, save := range map[string]func(dir string) []error{
		"temp file renamed over": func(dir string) []error {
			return []error{
				os.WriteFile(filepath.Join(dir, "a.md.tmp"), []byte("# A2\n"), 0o644),
				os.Rename(filepath.Join(dir, "a.md.tmp"), filepath.Join(dir, "a.md")),
			}
		},
		"vim": func(dir string) []error {
			p := func(n string) string { return filepath.Join(dir, n) }
			return []error{
				os.WriteFile(p(".a.md.swp"), []byte("swap"), 0o644),
				os.WriteFile(p("4913"), nil, 0o644),
				os.Remove(p("4913")),
				os.Rename(p("a.md"), p("a.md~")),
				os.WriteFile(p("a.md"), []byte("# A2\n"), 0o644),
				os.Remove(p("a.md~")),
				os.Remove(p(".a.md.swp")),
			}
		},
		"jetbrains": func(dir string) []error {
			p := func(n string) string { return filepath.Join(dir, n) }
			return []error{
				os.WriteFile(p("a.md___jb_tmp___"), []byte("# A2\n"), 0o644),
				os.Rename(p("a.md"), p("a.md___jb_old___")),
				os.Rename(p("a.md___jb_tmp___"), p("a.md")),
				os.Remove(p("a.md___jb_old___")),
			}
		},
		"backup files": func(dir string) []error {
			p := func(n string) string { return filepath.Join(dir, n) }
			return []error{
				os.WriteFile(p("a.md.bck"), []byte("# A\n"), 0o644),
				os.WriteFile(p("#a.md#"), []byte("# A2\n"), 0o644),
				os.WriteFile(p("a.md"), []byte("# A2\n"), 0o644),
				os.Remove(p("#a.md#")),
				os.Remove(p("a.md.bck")),
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"a.md": "# A\n"})
			rec := newRecorder()
			startTestWatch(t, watchConfig{root: dir}, rec.rebuild)
			mustDo(t, save(dir)...)
			if got := rec.next(t); !reflect.DeepEqual(got, []string{"a.md"}) {
				t.Errorf("rebuild of %q, want [a.md]", got)
			}
			rec.none(t)
		})
	}
}

// TestWatchTempFileNotBuilt saves through a temporary file whose name the
// generator would copy into the site, and checks that it never is.
func TestWatchTempFileNotBuilt(t *testing.T) {
	ts := startServer(t, testSite)
	rec := newRecorder()
	startTestWatch(t, watchConfig{root: ts.src}, func(changed []string) {
		ts.rebuild(changed)
		rec.rebuild(changed)
	})
	tmp := filepath.Join(ts.src, "guide", "a.md483921")
	mustDo(t,
		os.WriteFile(tmp, []byte("# A\n\nSaved.\n"), 0o644),
		os.Rename(tmp, filepath.Join(ts.src, "guide", "a.md")))
	if got := rec.next(t); !slices.Contains(got, "guide/a.md") {
		t.Errorf("rebuild of %q lacks guide/a.md", got)
	}
	rec.none(t)
	site := ts.site.Load()
	if site.out.Has("guide/a.md483921") {
		t.Errorf("the temporary file is in the site")
	}
	if page, _ := site.out.File("guide/a/index.html"); !bytes.Contains(page, []byte("Saved.")) {
		t.Errorf("the saved page is not in the site")
	}
}

func TestWatchNewFolder(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.md": "# Home\n"})
	rec := newRecorder()
	startTestWatch(t, watchConfig{root: dir}, rec.rebuild)

	// The file is written before the watcher can have added the folder:
	// it is found when the folder is.
	mustDo(t, os.MkdirAll(filepath.Join(dir, "new", "deeper"), 0o755))
	mustDo(t, os.WriteFile(filepath.Join(dir, "new", "deeper", "b.md"), []byte("# B\n"), 0o644))
	if got := rec.next(t); !slices.Contains(got, "new/deeper/b.md") {
		t.Errorf("rebuild of %q lacks new/deeper/b.md", got)
	}
	mustDo(t, os.WriteFile(filepath.Join(dir, "new", "deeper", "c.md"), []byte("# C\n"), 0o644))
	if got := rec.next(t); !reflect.DeepEqual(got, []string{"new/deeper/c.md"}) {
		t.Errorf("rebuild of %q, want [new/deeper/c.md]", got)
	}
}

func TestWatchDeleteAndRename(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.md": "# Home\n", "guide/a.md": "# A\n", "guide/b.md": "# B\n"})
	rec := newRecorder()
	startTestWatch(t, watchConfig{root: dir}, rec.rebuild)
	p := func(n string) string { return filepath.Join(dir, filepath.FromSlash(n)) }

	mustDo(t, os.Remove(p("guide/a.md")))
	if got := rec.next(t); !reflect.DeepEqual(got, []string{"guide/a.md"}) {
		t.Errorf("delete: rebuild of %q", got)
	}
	mustDo(t, os.Rename(p("guide/b.md"), p("guide/c.md")))
	if got := rec.next(t); !reflect.DeepEqual(got, []string{"guide/b.md", "guide/c.md"}) {
		t.Errorf("rename: rebuild of %q", got)
	}

	// A renamed folder is watched under its new name.
	mustDo(t, os.Rename(p("guide"), p("manual")))
	if got := rec.next(t); !slices.Contains(got, "manual/c.md") {
		t.Errorf("folder rename: rebuild of %q lacks manual/c.md", got)
	}
	mustDo(t, os.WriteFile(p("manual/d.md"), []byte("# D\n"), 0o644))
	if got := rec.next(t); !reflect.DeepEqual(got, []string{"manual/d.md"}) {
		t.Errorf("write in renamed folder: rebuild of %q", got)
	}
}

func TestWatchBurst(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.md": "# Home\n"})
	mustDo(t, os.Mkdir(filepath.Join(dir, "many"), 0o755))
	rec := newRecorder()
	startTestWatch(t, watchConfig{root: dir}, rec.rebuild)
	const n = 200
	for i := range n {
		mustDo(t, os.WriteFile(filepath.Join(dir, "many", fmt.Sprintf("p%03d.md", i)), []byte("# P\n"), 0o644))
	}
	seen := map[string]bool{}
	builds := 0
	for len(seen) < n {
		for _, p := range rec.next(t) {
			seen[p] = true
		}
		builds++
	}
	rec.none(t)
	if builds > 2 {
		t.Errorf("%d files written at once took %d rebuilds", n, builds)
	}

	// Touching them all, as a checkout or a script might, rebuilds once
	// more.
	later := time.Now().Add(time.Minute)
	for i := range n {
		mustDo(t, os.Chtimes(filepath.Join(dir, "many", fmt.Sprintf("p%03d.md", i)), later, later))
	}
	clear(seen)
	for builds = 0; len(seen) < n; builds++ {
		for _, p := range rec.next(t) {
			seen[p] = true
		}
	}
	rec.none(t)
	if builds > 2 {
		t.Errorf("%d files touched at once took %d rebuilds", n, builds)
	}
}

func TestWatchIgnores(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.md": "# Home\n"})
	rec := newRecorder()
	startTestWatch(t, watchConfig{root: dir}, rec.rebuild)
	writeFiles(t, dir, map[string]string{
		".hidden.md": "x", "index.md~": "x", "4913": "", ".index.md.swp": "x",
		".git/HEAD": "x", "x___jb_tmp___": "x", "Thumbs.db": "x",
	})
	rec.none(t)
	writeFiles(t, dir, map[string]string{".git/objects/x": "x", "real.md": "# Real\n"})
	if got := rec.next(t); !reflect.DeepEqual(got, []string{"real.md"}) {
		t.Errorf("rebuild of %q, want [real.md]", got)
	}
}

// TestWatchOverflow feeds the loop the error fsnotify reports when the
// kernel dropped events: every folder is watched again and all is rebuilt.
func TestWatchOverflow(t *testing.T) {
	dir := t.TempDir()
	rec := newRecorder()
	log := &syncBuffer{}
	w := &watcher{root: dir, log: log}
	w.debounce = newDebouncer(watchQuiet, time.Second, func(c []string) { rec.rebuild(w.settle(c)) })
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { w.debounce.run(ctx) })
	defer func() { cancel(); wg.Wait() }()
	fw, err := w.open(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer fw.Close()

	// Nothing reads fw.Events, so this folder is only found by a rescan.
	mustDo(t, os.Mkdir(filepath.Join(dir, "later"), 0o755))
	errs := make(chan error, 1)
	errs <- fsnotify.ErrEventOverflow
	wg.Go(func() { w.loop(ctx, nil, errs) })
	if got := rec.next(t); got != nil {
		t.Errorf("rebuild after overflow of %q, want nil (everything)", got)
	}
	if !slices.Contains(fw.WatchList(), filepath.Join(dir, "later")) {
		t.Errorf("the rescan did not watch the new folder: %q", fw.WatchList())
	}
	if !strings.Contains(log.String(), "rescanning") {
		t.Errorf("log: %q", log.String())
	}
}

func TestWatchFallsBackToPolling(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.md": "# Home\n"})
	rec := newRecorder()
	limit := func(*fsnotify.Watcher, string) error { return fmt.Errorf("add: %w", syscall.ENOSPC) }
	log := startTestWatch(t, watchConfig{root: dir, add: limit}, rec.rebuild)
	if !strings.Contains(log.String(), "fs.inotify.max_user_watches") {
		t.Errorf("no hint about the inotify limit: %q", log.String())
	}
	// Changes made while switching could have been missed.
	if got := rec.next(t); got != nil {
		t.Errorf("first rebuild of %q, want nil (everything)", got)
	}
	writeFiles(t, dir, map[string]string{"guide/a.md": "# A\n"})
	if got := rec.next(t); !reflect.DeepEqual(got, []string{"guide/a.md"}) {
		t.Errorf("rebuild of %q, want [guide/a.md]", got)
	}
}

func TestWatchPoll(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.md": "# Home\n", "a.md": "# A\n"})
	rec := newRecorder()
	startTestWatch(t, watchConfig{root: dir, poll: 50 * time.Millisecond}, rec.rebuild)
	writeFiles(t, dir, map[string]string{"index.md": "# Home page\n", "new/b.md": "# B\n", ".hidden": "x"})
	mustDo(t, os.Remove(filepath.Join(dir, "a.md")))
	got := map[string]bool{}
	for len(got) < 3 {
		for _, p := range rec.next(t) {
			got[p] = true
		}
	}
	if want := map[string]bool{"index.md": true, "new/b.md": true, "a.md": true}; !reflect.DeepEqual(got, want) {
		t.Errorf("polling saw %v, want %v", got, want)
	}
}

func TestPollerChanges(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.md": "# A\n", "b.md": "# B\n", "c.md": "# C\n", "d.md": "# D\n"})
	p := newPoller(dir)
	if got := p.changes(); got != nil {
		t.Errorf("changes with nothing changed: %q", got)
	}
	path := func(n string) string { return filepath.Join(dir, n) }
	old := time.Now().Add(-time.Hour)
	mustDo(t,
		os.WriteFile(path("a.md"), []byte("# A, longer\n"), 0o644),
		os.Chtimes(path("b.md"), old, old),
		os.Chmod(path("c.md"), 0o600),
		os.Remove(path("d.md")),
		os.WriteFile(path("e.md"), []byte("# E\n"), 0o644),
		os.WriteFile(path("e.md~"), []byte("# E\n"), 0o644),
	)
	if got, want := p.changes(), []string{"a.md", "b.md", "c.md", "d.md", "e.md"}; !reflect.DeepEqual(got, want) {
		t.Errorf("changes = %q, want %q", got, want)
	}
	if got := p.changes(); got != nil {
		t.Errorf("changes reported twice: %q", got)
	}
}

func TestRelPath(t *testing.T) {
	root := filepath.FromSlash("/src/hb")
	for name, want := range map[string]string{
		"/src/hb/a.md":             "a.md",
		"/src/hb/guide/x y.md":     "guide/x y.md",
		"/src/hb/data/roles.yaml":  "data/roles.yaml",
		"/src/hb":                  "",
		"/src/other/a.md":          "",
		"/src/hb/.git/HEAD":        "",
		"/src/hb/guide/a.md~":      "",
		"/src/hb/4913":             "",
		"/src/hb/.a.md.swp":        "",
		"/src/hb/a.md___jb_tmp___": "",
		"/src/hb/a.md.bck":         "",
	} {
		got, ok := relPath(root, filepath.FromSlash(name))
		if got != want || ok != (want != "") {
			t.Errorf("relPath(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

// The debouncer tests run in a bubble with a fake clock, so that they can
// say exactly when builds happen without being at the mercy of the machine.

type buildLog struct {
	mu     sync.Mutex
	builds [][]string
}

func (b *buildLog) add(c []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.builds = append(b.builds, c)
}

func (b *buildLog) get() [][]string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.builds)
}

func runDebouncer(t *testing.T, quiet, maxWait time.Duration, build func([]string)) (*debouncer, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	d := newDebouncer(quiet, maxWait, build)
	done := make(chan struct{})
	go func() { d.run(ctx); close(done) }()
	return d, func() { cancel(); <-done }
}

func TestDebounceWaitsForQuiet(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var log buildLog
		d, stop := runDebouncer(t, 100*time.Millisecond, time.Second, log.add)
		defer stop()
		d.add("b.md")
		time.Sleep(60 * time.Millisecond)
		d.add("a.md", "b.md")
		time.Sleep(95 * time.Millisecond)
		synctest.Wait()
		if got := log.get(); len(got) != 0 {
			t.Fatalf("built %q before the quiet time", got)
		}
		time.Sleep(10 * time.Millisecond)
		synctest.Wait()
		if got, want := log.get(), [][]string{{"a.md", "b.md"}}; !reflect.DeepEqual(got, want) {
			t.Fatalf("builds = %q, want %q", got, want)
		}
		time.Sleep(time.Minute)
		if got := log.get(); len(got) != 1 {
			t.Errorf("builds = %q, want one", got)
		}
	})
}

func TestDebounceMaxWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var log buildLog
		d, stop := runDebouncer(t, 100*time.Millisecond, time.Second, log.add)
		defer stop()
		// A change every 50ms never leaves 100ms of quiet.
		for i := range 60 {
			d.add(fmt.Sprintf("p%02d.md", i))
			time.Sleep(50 * time.Millisecond)
		}
		synctest.Wait()
		if n := len(log.get()); n < 2 || n > 3 {
			t.Errorf("%d builds during 3s of changes, want one about every second", n)
		}
		time.Sleep(time.Second)
		seen := map[string]bool{}
		for _, b := range log.get() {
			for _, p := range b {
				seen[p] = true
			}
		}
		if len(seen) != 60 {
			t.Errorf("%d of 60 changes were built", len(seen))
		}
	})
}

// slowBuild is a build that takes 500ms and logs its changes, keeping in
// most the most builds that ran at once.
func slowBuild(log *buildLog, most *atomic.Int32) func([]string) {
	var running atomic.Int32
	return func(c []string) {
		n := running.Add(1)
		most.Store(max(most.Load(), n))
		time.Sleep(500 * time.Millisecond)
		log.add(c)
		running.Add(-1)
	}
}

// TestDebounceNow: a build asked for now starts without waiting for
// quiet, takes the changes pending, waits for a build that is running,
// and returns once its own build has finished.
func TestDebounceNow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var log buildLog
		var most atomic.Int32
		d, stop := runDebouncer(t, 100*time.Millisecond, time.Second, slowBuild(&log, &most))
		defer stop()
		start := time.Now()
		<-d.now()
		if took := time.Since(start); took != 500*time.Millisecond {
			t.Errorf("a build asked for now returned after %s, want the build's 500ms", took)
		}
		d.add("a.md")
		time.Sleep(150 * time.Millisecond) // the build of a.md is running
		d.add("b.md")
		<-d.now()
		if got, want := log.get(), [][]string{nil, {"a.md"}, nil}; !reflect.DeepEqual(got, want) {
			t.Errorf("builds = %q, want %q", got, want)
		}
		if most.Load() != 1 {
			t.Errorf("%d builds ran at once", most.Load())
		}
		time.Sleep(5 * time.Second)
		if n := len(log.get()); n != 3 {
			t.Errorf("%d builds, want 3: b.md was built by the one asked for now", n)
		}
	})
}

func TestDebounceSerialises(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var log buildLog
		var most atomic.Int32
		d, stop := runDebouncer(t, 100*time.Millisecond, time.Second, slowBuild(&log, &most))
		defer stop()
		d.add("a.md")
		time.Sleep(150 * time.Millisecond) // the first build is running
		d.add("b.md")
		time.Sleep(150 * time.Millisecond)
		d.add("c.md")
		d.addAll()
		d.add("d.md")
		time.Sleep(5 * time.Second)
		synctest.Wait()
		// The changes made during the first build are built once, after it.
		if got, want := log.get(), [][]string{{"a.md"}, nil}; !reflect.DeepEqual(got, want) {
			t.Errorf("builds = %q, want %q", got, want)
		}
		if most.Load() != 1 {
			t.Errorf("%d builds ran at once", most.Load())
		}
		d.add("e.md")
		time.Sleep(time.Second)
		if got := log.get(); len(got) != 3 || !reflect.DeepEqual(got[2], []string{"e.md"}) {
			t.Errorf("builds = %q, want a third of [e.md]", got)
		}
	})
}

func TestDebounceStopWaitsForBuild(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		finished := false
		d, stop := runDebouncer(t, 100*time.Millisecond, time.Second, func([]string) {
			time.Sleep(time.Second)
			finished = true
		})
		d.add("a.md")
		time.Sleep(200 * time.Millisecond)
		stop()
		if !finished {
			t.Errorf("run returned while a build was running")
		}
		d.add("b.md") // must not block once run has returned
	})
}

// TestWatchRootRemovedAndRestored takes the source folder away while it
// is watched, as a branch switch does, and puts it back: the watcher must
// find it again, rebuild everything from the new content, and go on
// seeing changes in it.
func TestWatchRootRemovedAndRestored(t *testing.T) {
	for name, takeAway := range map[string]func(root string) error{
		"removed":     os.RemoveAll,
		"moved aside": func(root string) error { return os.Rename(root, root+".old") },
	} {
		t.Run(name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "hb")
			writeFiles(t, root, map[string]string{"index.md": "# Home\n", "guide/a.md": "# A\n"})
			type build struct {
				changed []string
				index   string // index.md as the build read it
			}
			builds := make(chan build, 100)
			startTestWatch(t, watchConfig{root: root}, func(changed []string) {
				b, _ := os.ReadFile(filepath.Join(root, "index.md"))
				builds <- build{changed, string(b)}
			})
			// next waits for a build that read want and rebuilt file,
			// skipping others, such as those of the folder going away;
			// file "" stands for everything.
			next := func(want, file string) {
				t.Helper()
				deadline := time.After(wait)
				var seen []build
				for {
					select {
					case b := <-builds:
						if b.index == want && (file == "" && b.changed == nil || file != "" && slices.Contains(b.changed, file)) {
							return
						}
						seen = append(seen, b)
					case <-deadline:
						t.Fatalf("no build of %q read index.md = %q within %s; builds: %+v", file, want, wait, seen)
					}
				}
			}

			mustDo(t, takeAway(root))
			// Let the watcher see that the folder is gone before it is
			// back, as it would during a checkout of a large tree.
			time.Sleep(watchQuiet)
			writeFiles(t, root, map[string]string{"index.md": "# Back\n", "guide/a.md": "# A\n"})
			next("# Back\n", "")
			writeFiles(t, root, map[string]string{"index.md": "# Edited\n"})
			next("# Edited\n", "index.md")
			writeFiles(t, root, map[string]string{"guide/b.md": "# B\n"})
			next("# Edited\n", "guide/b.md")
			if name == "moved aside" {
				// The old folder's watches are gone: its changes are not
				// taken for changes of the new one.
				writeFiles(t, root+".old", map[string]string{"guide/a.md": "# Old\n", "index.md": "# Old\n"})
				select {
				case b := <-builds:
					t.Errorf("a change in the folder moved aside rebuilt %q", b.changed)
				case <-time.After(time.Second):
				}
			}
		})
	}
}
