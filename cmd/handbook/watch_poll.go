package main

import (
	"context"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"time"
)

// The poller, which watches by scanning when the system's watches run
// out, and the debouncer that gathers changes into one rebuild.

// poller finds changes by walking the tree and comparing each file's size,
// modification time and mode with the previous walk. It is for file
// systems without events (network mounts, some containers) and for
// systems out of inotify watches.
type poller struct {
	root string
	last map[string]fileState
}

type fileState struct {
	size  int64
	mtime time.Time
	mode  fs.FileMode
}

func newPoller(root string) *poller {
	p := &poller{root: root}
	p.last = p.scan()
	return p
}

func (p *poller) scan() map[string]fileState {
	out := map[string]fileState{}
	_ = filepath.WalkDir(p.root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, ok := relPath(p.root, name)
		if !ok {
			if d.IsDir() && name != p.root {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			out[rel] = fileState{info.Size(), info.ModTime(), info.Mode()}
		}
		return nil
	})
	return out
}

// changes walks the tree once and returns the paths added, removed or
// changed since the previous walk, sorted.
func (p *poller) changes() []string {
	now := p.scan()
	var out []string
	for rel, st := range now {
		if old, ok := p.last[rel]; !ok || old.size != st.size || !old.mtime.Equal(st.mtime) || old.mode != st.mode {
			out = append(out, rel)
		}
	}
	for rel := range p.last {
		if _, ok := now[rel]; !ok {
			out = append(out, rel)
		}
	}
	p.last = now
	sort.Strings(out)
	return out
}

func (p *poller) run(ctx context.Context, every time.Duration, d *debouncer) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if c := p.changes(); len(c) > 0 {
				d.add(c...)
			}
		}
	}
}

// debouncer turns a stream of changes into builds. A build starts once no
// change has come for quiet, or maxWait after the oldest change not yet
// built. Builds never overlap: the changes that come during one are built
// together, once, after it.
type debouncer struct {
	quiet, maxWait time.Duration
	build          func(changed []string)
	in             chan batch
	stopped        chan struct{}
}

// batch is some changed paths; all means that anything may have changed.
// A batch with done set asks for a build of everything without waiting
// for quiet, and done is closed once that build has finished.
type batch struct {
	paths []string
	all   bool
	done  chan struct{}
}

func newDebouncer(quiet, maxWait time.Duration, build func(changed []string)) *debouncer {
	return &debouncer{quiet: quiet, maxWait: maxWait, build: build, in: make(chan batch), stopped: make(chan struct{})}
}

// add records changed paths. It returns at once, and does nothing once
// run has returned.
func (d *debouncer) add(paths ...string) { d.send(batch{paths: paths}) }

// addAll records that anything may have changed; the next build gets nil.
func (d *debouncer) addAll() { d.send(batch{all: true}) }

// now asks for a build of everything at once, after the one running if
// any, and returns a channel closed when it has finished (or at once if
// run has returned).
func (d *debouncer) now() <-chan struct{} {
	done := make(chan struct{})
	select {
	case d.in <- batch{all: true, done: done}:
	case <-d.stopped:
		close(done)
	}
	return done
}

func (d *debouncer) send(b batch) {
	select {
	case d.in <- b:
	case <-d.stopped:
	}
}

// run gathers changes and starts builds until ctx is done, then waits for
// the build in progress, if any.
func (d *debouncer) run(ctx context.Context) {
	defer close(d.stopped)
	var (
		pending = map[string]bool{}
		all     bool
		oldest  time.Time
		timer   = time.NewTimer(time.Hour)
		due     bool // the wait ended while a build was running
		running bool
		done    = make(chan struct{})
		waiters []chan struct{} // for the next build to finish, from now
	)
	timer.Stop()
	waiting := func() bool { return all || len(pending) > 0 }
	start := func() {
		var changed []string
		if !all {
			changed = slices.Sorted(maps.Keys(pending))
		}
		notify := waiters
		pending, all, due, running, waiters = map[string]bool{}, false, false, true, nil
		go func() {
			d.build(changed)
			for _, w := range notify {
				close(w)
			}
			done <- struct{}{}
		}()
	}
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			if running {
				<-done
			}
			for _, w := range waiters {
				close(w)
			}
			return
		case b := <-d.in:
			if b.done != nil {
				all = true
				waiters = append(waiters, b.done)
				if running {
					due = true
				} else {
					timer.Stop()
					start()
				}
				continue
			}
			if !b.all && len(b.paths) == 0 {
				continue
			}
			now := time.Now()
			if !waiting() {
				oldest = now
			}
			all = all || b.all
			for _, p := range b.paths {
				pending[p] = true
			}
			timer.Reset(max(0, min(d.quiet, oldest.Add(d.maxWait).Sub(now))))
		case <-timer.C:
			switch {
			case !waiting():
			case running:
				due = true
			default:
				start()
			}
		case <-done:
			running = false
			if due && waiting() {
				start()
			}
		}
	}
}
