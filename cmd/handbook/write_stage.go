package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// The stage: the folder beside the output that a new site is written
// into, and how a build that ends, fails or is interrupted leaves it.

// startStage makes the folder beside dir that the new site is written
// to, and writes the files held back so far into it. It runs locked.
func (w *siteWriter) startStage() error {
	stage, err := os.MkdirTemp(w.parent, "."+w.base+".new-")
	if err != nil {
		return err
	}
	w.stage = stage
	held := w.pending
	w.pending = nil
	for _, p := range sortedKeys(held) {
		if err := w.writeStagedLocked(p, held[p]); err != nil {
			return err
		}
	}
	return nil
}

func (w *siteWriter) writeStaged(p string, data []byte) error {
	dst, err := w.stagePathSync(p)
	if err != nil {
		return err
	}
	return w.writeFile(dst, data)
}

func (w *siteWriter) writeStagedLocked(p string, data []byte) error {
	dst, err := w.stagePath(p)
	if err != nil {
		return err
	}
	return w.writeFile(dst, data)
}

// writeFile writes a file of the stage.
func (w *siteWriter) writeFile(path string, data []byte) error {
	if err := w.faultAt("write", path); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// faultAt returns the error the test hook makes op on path fail with, if
// any, worded as the system's would be.
func (w *siteWriter) faultAt(op, path string) error {
	if w.fault == nil {
		return nil
	}
	if err := w.fault(op, path); err != nil {
		return &fs.PathError{Op: op, Path: path, Err: err}
	}
	return nil
}

// errInterrupted stops a writer that was interrupted.
var errInterrupted = errors.New("interrupted")

// stagePath returns where p goes in the stage, making its folder once.
// It runs locked.
func (w *siteWriter) stagePath(p string) (string, error) {
	if w.stopped {
		return "", errInterrupted
	}
	dst := filepath.Join(w.stage, filepath.FromSlash(p))
	if d := filepath.Dir(dst); !w.dirs[d] {
		// A folder whose parent this stage made needs one call, not the
		// look at every folder above it that MkdirAll takes.
		var err error
		if up := filepath.Dir(d); up == w.stage || w.dirs[up] {
			err = os.Mkdir(d, 0o755)
			if errors.Is(err, fs.ErrExist) {
				err = nil // made on the way to a deeper folder
			}
		} else {
			err = os.MkdirAll(d, 0o755)
		}
		if err != nil {
			return "", err
		}
		w.dirs[d] = true
	}
	return dst, nil
}

// Interrupt stops the writer from any goroutine, for a build cut short by
// Ctrl-C: nothing more is staged, and what was is removed. A Finish under
// way undoes its work unless it has already put the new site in place;
// Interrupt waits for it, and reports whether it had. The writer is
// unusable afterwards; the process is about to exit.
func (w *siteWriter) Interrupt() (replaced bool) {
	w.mu.Lock()
	w.stopped = true
	w.mu.Unlock()
	w.finishing.Lock()
	defer w.finishing.Unlock()
	defer w.release()
	w.mu.Lock()
	stage := w.stage
	w.mu.Unlock()
	// Once the site is in place, the stage's name may be the site's.
	if stage == "" || w.committed {
		return w.committed
	}
	// A write already under way may still land in the stage: try again
	// until it has.
	for range 50 {
		if os.RemoveAll(stage) == nil {
			if _, err := os.Stat(stage); os.IsNotExist(err) {
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return w.committed
}

// Stopped reports whether the writer was interrupted.
func (w *siteWriter) Stopped() bool {
	return w.isStopped()
}

// Abort drops whatever was staged; the old site stays as it was.
func (w *siteWriter) Abort() {
	w.finishing.Lock()
	defer w.finishing.Unlock()
	defer w.release()
	close(w.jobs)
	w.wg.Wait()
	w.dropStage()
}

func (w *siteWriter) dropStage() {
	if w.stage != "" {
		removeTree(w.stage)
	}
}

// Finish puts the new site in place and returns how many files it wrote
// or removed; zero means dir was left untouched.
func (w *siteWriter) Finish() (int, error) {
	w.finishing.Lock()
	defer w.finishing.Unlock()
	defer w.release()
	close(w.jobs)
	w.wg.Wait()
	w.mu.Lock()
	err := w.err
	if err == nil && w.stopped {
		err = errInterrupted
	}
	w.mu.Unlock()
	if err != nil {
		w.dropStage()
		return 0, err
	}
	var removed []string
	for p := range w.old {
		if !w.paths[p] {
			removed = append(removed, p)
		}
	}
	sort.Strings(removed)
	var n int
	if w.stage == "" {
		n = len(w.pending) + len(removed)
		if n == 0 && w.current && len(w.old) == len(w.paths) {
			return 0, nil
		}
		changes := make([]change, 0, len(w.pending))
		for _, p := range sortedKeys(w.pending) {
			changes = append(changes, change{path: p, data: w.pending[p]})
		}
		err = w.updateInPlace(changes, removed)
	} else {
		defer w.dropStage()
		n = len(w.paths) - len(w.same) + len(removed)
		err = w.swapIn(removed)
	}
	if err != nil {
		return 0, err
	}
	w.committed = true
	return n, nil
}

// Stats sums up the site handed over.
func (w *siteWriter) Stats() siteStats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stats
}
