package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/rolehandbook/handbook/generator"
)

// Editors save in several steps (a temporary file, a rename, a write), and
// a checkout touches many files at once, so changes are gathered until the
// folder has been quiet for a moment: 20 ms, several times the few
// milliseconds an editor's save takes, and little of the 50 ms in which
// an edit is to be served. maxWait bounds the wait so that a stream of
// changes that never stops still builds now and then.
const (
	quietTime    = 20 * time.Millisecond
	maxWait      = time.Second
	fallbackPoll = time.Second

	// A removed root is looked for after rootPollMin, then twice as
	// long each time up to rootPollMax: a checkout puts it back within
	// moments, a folder gone for a while costs one stat a second.
	rootPollMin = 25 * time.Millisecond
	rootPollMax = time.Second
)

// watchConfig says what to watch and how.
type watchConfig struct {
	root    string        // the source folder
	poll    time.Duration // walk the tree this often instead of using fsnotify; 0 uses fsnotify
	quiet   time.Duration // 0 means quietTime
	maxWait time.Duration // 0 means maxWait
	log     io.Writer     // where hints and watch errors go

	// add puts a watch on one folder; nil means fw.Add. Tests use it to
	// stand in for a kernel that has run out of inotify watches.
	add func(fw *fsnotify.Watcher, dir string) error
}

// startWatch watches cfg.root and its folders until ctx is done. After each
// burst of changes it calls rebuild with the changed source paths, relative
// to the root and slash-separated (nil when anything may have changed), and
// never runs two rebuilds at once. The watches are in place when it returns;
// wait blocks until watching has stopped and the last rebuild has finished.
// buildNow rebuilds everything at once, in turn with the watcher's builds,
// and returns when it has finished: a dev server's first build.
func startWatch(ctx context.Context, cfg watchConfig, rebuild func(changed []string)) (wait, buildNow func(), err error) {
	root, err := filepath.Abs(cfg.root)
	if err != nil {
		return nil, nil, err
	}
	if st, err := os.Stat(root); err != nil {
		return nil, nil, err
	} else if !st.IsDir() {
		return nil, nil, fmt.Errorf("%s is not a folder", cfg.root)
	}
	if cfg.quiet == 0 {
		cfg.quiet = quietTime
	}
	if cfg.maxWait == 0 {
		cfg.maxWait = maxWait
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &watcher{root: root, log: cfg.log}
	w.debounce = newDebouncer(cfg.quiet, cfg.maxWait, func(changed []string) {
		rebuild(w.settle(changed))
	})
	var wg sync.WaitGroup
	wg.Go(func() { w.debounce.run(ctx) })
	wait = func() { wg.Wait(); cancel() }
	buildNow = func() { <-w.debounce.now() }

	if cfg.poll > 0 {
		p := newPoller(root)
		wg.Go(func() { p.run(ctx, cfg.poll, w.debounce) })
		return wait, buildNow, nil
	}
	fw, err := w.open(cfg.add)
	if err != nil {
		if !watchLimit(err) {
			cancel()
			wg.Wait()
			return nil, nil, err
		}
		p := w.fallBack(err)
		wg.Go(func() { p.run(ctx, fallbackPoll, w.debounce) })
		return wait, buildNow, nil
	}
	wg.Go(func() {
		defer fw.Close()
		w.loop(ctx, fw.Events, fw.Errors)
	})
	return wait, buildNow, nil
}

// watcher turns fsnotify events into changed source paths.
type watcher struct {
	root     string // absolute
	log      io.Writer
	debounce *debouncer

	mu  sync.Mutex
	fw  *fsnotify.Watcher // nil once fallen back to polling
	add func(dir string) error

	// dirty is set when a folder may have moved or gone, so that the
	// watches are checked against the tree before the next build.
	dirty atomic.Bool
}

// open starts fsnotify and watches every folder of the tree.
func (w *watcher) open(add func(*fsnotify.Watcher, string) error) (*fsnotify.Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if add == nil {
		add = (*fsnotify.Watcher).Add
	}
	w.mu.Lock()
	w.fw = fw
	w.add = func(dir string) error { return add(fw, dir) }
	w.mu.Unlock()
	if _, err := w.addTree(w.root); err != nil {
		fw.Close()
		return nil, err
	}
	return fw, nil
}

// loop handles fsnotify's events until ctx is done. The channels are
// parameters so that tests can feed it errors the kernel rarely produces.
func (w *watcher) loop(ctx context.Context, events <-chan fsnotify.Event, errs <-chan error) {
	// While the root is gone, as during a branch switch, nothing can
	// watch it: the loop looks for it again and again, more rarely as
	// time goes on, until it is back.
	var (
		back      *time.Timer
		backAfter time.Duration
		backC     <-chan time.Time
	)
	defer func() {
		if back != nil {
			back.Stop()
		}
	}()
	checkRoot := func() {
		if backC != nil || w.rootWatched() {
			return
		}
		w.dropWatches()
		backAfter = rootPollMin
		back = time.NewTimer(backAfter)
		backC = back.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-backC:
			ok, err := w.rewatchRoot()
			if watchLimit(err) {
				w.fallBack(err).run(ctx, fallbackPoll, w.debounce)
				return
			}
			if ok {
				back, backC = nil, nil
				continue
			}
			backAfter = min(2*backAfter, rootPollMax)
			back.Reset(backAfter)
		case ev, ok := <-events:
			if !ok {
				return
			}
			if ev.Name == w.root && ev.Op&(fsnotify.Remove|fsnotify.Rename) != 0 {
				checkRoot()
				continue
			}
			if err := w.handle(ev); watchLimit(err) {
				w.fallBack(err).run(ctx, fallbackPoll, w.debounce)
				return
			}
		case err, ok := <-errs:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost, so nothing is known about what
				// changed: watch every folder again and build it all.
				fmt.Fprintf(w.log, "handbook: too many changes at once; rescanning %s\n", safeText(w.root))
				if _, err := w.addTree(w.root); watchLimit(err) {
					w.fallBack(err).run(ctx, fallbackPoll, w.debounce)
					return
				}
				w.dirty.Store(true)
				w.debounce.addAll()
				checkRoot()
				continue
			}
			fmt.Fprintf(w.log, "handbook: watching %s: %s\n", safeText(w.root), safeText(err.Error()))
			checkRoot()
		}
	}
}

// rootWatched reports whether the root is a folder and fsnotify still
// watches it. The kernel drops the watch of a folder that is removed or
// moved, and a folder made again at the same path is a new one.
func (w *watcher) rootWatched() bool {
	w.mu.Lock()
	fw := w.fw
	w.mu.Unlock()
	if fw == nil {
		return true // polling, which finds the root again by itself
	}
	st, err := os.Stat(w.root)
	return err == nil && st.IsDir() && slices.Contains(fw.WatchList(), w.root)
}

// dropWatches removes every watch once the root has gone. Folders moved
// away with the root are still watched where they are now, but fsnotify
// would report their changes under their old paths, as if they were the
// folders made later in the root's place.
func (w *watcher) dropWatches() {
	w.mu.Lock()
	fw := w.fw
	w.mu.Unlock()
	if fw == nil {
		return
	}
	for _, p := range fw.WatchList() {
		_ = fw.Remove(p)
	}
}

// rewatchRoot watches the tree again if the root is back, and then has
// everything rebuilt, since nothing is known about what changed while it
// was gone. It is false while the root is not back and watched.
func (w *watcher) rewatchRoot() (bool, error) {
	if st, err := os.Stat(w.root); err != nil || !st.IsDir() {
		return false, nil
	}
	if _, err := w.addTree(w.root); err != nil {
		return false, err
	}
	if !w.rootWatched() {
		return false, nil
	}
	w.dirty.Store(true)
	w.debounce.addAll()
	return true, nil
}

// handle passes one event on as a changed path. A new folder is watched at
// once, and the files already in it count as changed, since they may have
// been written before its watch was in place.
func (w *watcher) handle(ev fsnotify.Event) error {
	// Chmod stays in: it is how inotify reports touch, and the poller
	// counts a new modification time as a change too.
	rel, ok := relPath(w.root, ev.Name)
	if !ok {
		return nil
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			files, err := w.addTree(ev.Name)
			if len(files) == 0 {
				files = []string{rel}
			}
			w.debounce.add(files...)
			return err
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.dirty.Store(true)
	}
	w.debounce.add(rel)
	return nil
}

// addTree watches dir and every folder below it that the generator does
// not ignore, and returns the files it found. Folders that vanish or
// cannot be read while it walks are skipped; only running out of watches
// is an error.
func (w *watcher) addTree(dir string) ([]string, error) {
	w.mu.Lock()
	add := w.add
	w.mu.Unlock()
	if add == nil {
		return nil, nil
	}
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && d == nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			return nil
		}
		rel, ok := relPath(w.root, p)
		if !ok && p != w.root {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if err := add(p); err != nil {
				if watchLimit(err) {
					return err
				}
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, rel)
		}
		return nil
	})
	return files, err
}

// settle runs just before each build. When folders were moved or removed,
// fsnotify may still hold watches under their old names and miss the new
// ones, so the watches are made to match the tree again; files in folders
// that were not watched are added to changed.
func (w *watcher) settle(changed []string) []string {
	if !w.dirty.Swap(false) {
		return changed
	}
	w.mu.Lock()
	fw := w.fw
	w.mu.Unlock()
	if fw == nil {
		return changed
	}
	watched := map[string]bool{}
	for _, p := range fw.WatchList() {
		if st, err := os.Stat(p); err != nil || !st.IsDir() {
			_ = fw.Remove(p)
			continue
		}
		watched[p] = true
	}
	var found []string
	_ = filepath.WalkDir(w.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if _, ok := relPath(w.root, p); !ok && p != w.root {
			return filepath.SkipDir
		}
		if watched[p] {
			return nil
		}
		files, _ := w.addTree(p)
		found = append(found, files...)
		return filepath.SkipDir
	})
	if changed == nil || len(found) == 0 {
		return changed
	}
	changed = append(changed, found...)
	slices.Sort(changed)
	return slices.Compact(changed)
}

// fallBack stops using fsnotify after err and returns a poller that has
// taken its first look at the tree. Everything is rebuilt once, since
// changes made in between may have been missed.
func (w *watcher) fallBack(err error) *poller {
	w.mu.Lock()
	if w.fw != nil {
		w.fw.Close()
	}
	w.fw, w.add = nil, nil
	w.mu.Unlock()
	fmt.Fprintf(w.log, "handbook: cannot watch %s (%s); polling every %s instead (raise fs.inotify.max_user_watches to watch)\n",
		safeText(w.root), safeText(err.Error()), fallbackPoll)
	p := newPoller(w.root)
	w.debounce.addAll()
	return p
}

// watchLimit reports whether err means the system ran out of watches or
// descriptors, which polling works around.
func watchLimit(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE)
}

// relPath returns name relative to root, slash-separated. It is false for
// the root itself, for paths outside it, and for paths that the generator
// ignores (hidden names and editor leftovers) anywhere along the way.
func relPath(root, name string) (string, bool) {
	rel, err := filepath.Rel(root, name)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	for _, part := range strings.Split(rel, "/") {
		if generator.IgnoredName(part) {
			return "", false
		}
	}
	return rel, true
}
