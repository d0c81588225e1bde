package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rolehandbook/handbook/generator"
)

// manifestName lists the files the generator wrote into the output
// folder, so that a later build deletes those and nothing else.
const manifestName = ".handbook-manifest"

// checkOutDir refuses output folders that a build would damage.
func checkOutDir(src, out string) error {
	absSrc, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	absSrc, absOut = resolveLinks(absSrc), resolveLinks(absOut)
	switch {
	case absOut == absSrc:
		return fmt.Errorf("output folder %s is the source folder: choose another -out", out)
	case within(absSrc, absOut):
		return fmt.Errorf("output folder %s contains the source folder %s: choose another -out", out, src)
	case within(absOut, absSrc):
		return fmt.Errorf("output folder %s is inside the source folder %s: choose another -out", out, src)
	}
	if _, err := os.Stat(filepath.Join(absOut, ".git")); err == nil {
		return fmt.Errorf("output folder %s is a repository root: choose another -out", out)
	}
	if _, err := os.Stat(filepath.Join(absOut, "go.mod")); err == nil {
		return fmt.Errorf("output folder %s holds a go.mod, so it looks like a project root: choose another -out", out)
	}
	return nil
}

func resolveLinks(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// within reports whether child is inside parent.
func within(child, parent string) bool {
	rel, err := filepath.Rel(parent, child)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// writeSite puts o into dir and returns how many files it wrote or
// removed; zero means dir was left untouched.
func writeSite(dir string, o *generator.Output) (int, error) {
	w := newSiteWriter(dir)
	for _, p := range o.Paths() {
		if err := w.WriteFile(p, o.Files[p]); err != nil {
			w.Abort()
			return 0, err
		}
	}
	return w.Finish()
}

// siteWriter writes a site into a folder as the build makes its files,
// so that the site need not be held in memory. Each file is compared with
// the one already there; unchanged files are not written and keep their
// modification time.
//
// Nothing in the folder changes until Finish, so a build that fails
// leaves the old site as it was. A small change to a site this command
// wrote before is held back in memory and then applied file by file, each
// through a temporary file and a rename, so every file is always either
// its old or its new version; rewriting ten thousand unchanged files to
// change one would make watch-and-deploy loops slow. Once the changes
// outgrow that (and on the first build), the new site is written into a
// folder beside the old one, which Finish completes with the unchanged
// files and swaps in. Either way, files the generator did not write are
// kept.
type siteWriter struct {
	dir   string
	old   map[string]bool // the manifest of the last build
	limit int             // changed files held back before staging

	jobs chan siteFile
	wg   sync.WaitGroup

	mu      sync.Mutex
	err     error
	paths   map[string]bool   // every file of the new site
	same    []string          // files found unchanged
	pending map[string][]byte // changed files held back
	stage   string            // the folder the new site is staged in, once there is one
	dirs    map[string]bool   // folders made in the stage
	stopped bool              // interrupted: nothing more is staged
	stats   siteStats
}

// siteStats sums up what a site holds, for the build summary.
type siteStats struct {
	files, bytes int
	html         int // the pages' HTML, print edition aside
	index        int // the search index
}

type siteFile struct {
	path string
	data []byte
}

// writeQueue bounds the files handed over but not yet compared or written.
const writeQueue = 64

func newSiteWriter(dir string) *siteWriter {
	// An output folder that is a symbolic link is written through: the
	// folder it names is the one updated or swapped.
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		if target, err := filepath.EvalSymlinks(dir); err == nil {
			dir = target
		}
	}
	w := &siteWriter{
		dir:     dir,
		old:     readManifest(dir),
		jobs:    make(chan siteFile, writeQueue),
		paths:   map[string]bool{},
		pending: map[string][]byte{},
		dirs:    map[string]bool{},
	}
	if len(w.old) > 0 {
		w.limit = max(64, len(w.old)/20)
	}
	// File system calls spend their time in the kernel, so a few in flight
	// at once keep both cores busy.
	for range 4 {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for f := range w.jobs {
				if err := w.put(f); err != nil {
					w.fail(err)
				}
			}
		}()
	}
	return w
}

// WriteFile hands over one file of the new site. It returns the first
// error met so far, which stops the build.
func (w *siteWriter) WriteFile(p string, data []byte) error {
	if !fs.ValidPath(p) || p == "." || p == manifestName {
		return fmt.Errorf("cannot write %q: not a path inside the site", p)
	}
	w.mu.Lock()
	err, dup := w.err, w.paths[p]
	w.paths[p] = true
	w.stats.add(p, len(data))
	w.mu.Unlock()
	if err != nil {
		return err
	}
	if dup {
		return fmt.Errorf("%s was made twice", p)
	}
	w.jobs <- siteFile{p, data}
	return nil
}

func (s *siteStats) add(p string, n int) {
	s.files++
	s.bytes += n
	switch {
	case p == generator.SearchIndexURL:
		s.index += n
	case generator.IndexedHTML(p):
		s.html += n
	}
}

func (w *siteWriter) fail(err error) {
	w.mu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
}

// put compares one file with the old site's, then holds it back or
// writes it into the stage.
func (w *siteWriter) put(f siteFile) error {
	if w.old[f.path] || len(w.old) == 0 {
		if sameFile(filepath.Join(w.dir, filepath.FromSlash(f.path)), f.data) {
			w.mu.Lock()
			w.same = append(w.same, f.path)
			w.mu.Unlock()
			return nil
		}
	}
	w.mu.Lock()
	if w.stopped {
		w.mu.Unlock()
		return errInterrupted
	}
	if w.stage == "" && len(w.pending) < w.limit {
		w.pending[f.path] = f.data
		w.mu.Unlock()
		return nil
	}
	if w.stage == "" {
		if err := w.startStage(); err != nil {
			w.mu.Unlock()
			return err
		}
	}
	w.mu.Unlock()
	return w.writeStaged(f.path, f.data)
}

// sameFile reports whether the file at path holds exactly data. It reads
// the file a piece at a time, and not at all when the size differs, so a
// large file is never held twice.
func sameFile(path string, data []byte) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(data)) {
		return false
	}
	buf := make([]byte, max(1, min(len(data), 64<<10)))
	for off := 0; off < len(data); {
		n, err := io.ReadFull(f, buf[:min(len(buf), len(data)-off)])
		if err != nil || !bytes.Equal(buf[:n], data[off:off+n]) {
			return false
		}
		off += n
	}
	// The file must end where data does.
	n, _ := f.Read(buf[:1])
	return n == 0
}

// startStage makes the folder beside dir that the new site is written
// to, and writes the files held back so far into it. It runs locked.
func (w *siteWriter) startStage() error {
	parent := filepath.Dir(filepath.Clean(w.dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(w.dir)+".new-")
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
	return os.WriteFile(dst, data, 0o644)
}

func (w *siteWriter) writeStagedLocked(p string, data []byte) error {
	dst, err := w.stagePath(p)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
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
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", err
		}
		w.dirs[d] = true
	}
	return dst, nil
}

// Interrupt stops the writer from any goroutine, for a build cut short by
// Ctrl-C: nothing more is staged, and what was is removed. The old site
// stays as it was. The writer is unusable afterwards; the process is
// about to exit.
func (w *siteWriter) Interrupt() {
	w.mu.Lock()
	w.stopped = true
	stage := w.stage
	w.mu.Unlock()
	if stage == "" {
		return
	}
	// A write already under way may still land in the stage: try again
	// until it has.
	for range 50 {
		if os.RemoveAll(stage) == nil {
			if _, err := os.Stat(stage); os.IsNotExist(err) {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Stopped reports whether the writer was interrupted.
func (w *siteWriter) Stopped() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stopped
}

// Abort drops whatever was staged; the old site stays as it was.
func (w *siteWriter) Abort() {
	close(w.jobs)
	w.wg.Wait()
	if w.stage != "" {
		os.RemoveAll(w.stage)
	}
}

// Finish puts the new site in place and returns how many files it wrote
// or removed; zero means dir was left untouched.
func (w *siteWriter) Finish() (int, error) {
	close(w.jobs)
	w.wg.Wait()
	if w.stopped && w.err == nil {
		w.err = errInterrupted
	}
	if w.err != nil {
		if w.stage != "" {
			os.RemoveAll(w.stage)
		}
		return 0, w.err
	}
	var removed []string
	for p := range w.old {
		if !w.paths[p] {
			removed = append(removed, p)
		}
	}
	sort.Strings(removed)
	if w.stage == "" {
		n := len(w.pending) + len(removed)
		if n == 0 && len(w.old) == len(w.paths) {
			return 0, nil
		}
		return n, w.updateInPlace(removed)
	}
	defer os.RemoveAll(w.stage)
	n := len(w.paths) - len(w.same) + len(removed)
	return n, w.swapIn()
}

// Stats sums up the site handed over.
func (w *siteWriter) Stats() siteStats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stats
}

// updateInPlace removes the files no longer built, then replaces the
// changed ones one by one; the manifest is written last. Removing first
// lets a file become a folder of the same name, and the other way round.
func (w *siteWriter) updateInPlace(removed []string) error {
	for _, p := range removed {
		full := filepath.Join(w.dir, filepath.FromSlash(p))
		if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		// Remove folders the removal left empty, up to the site root.
		for d := filepath.Dir(full); d != filepath.Clean(w.dir); d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break
			}
		}
	}
	for _, p := range sortedKeys(w.pending) {
		if err := writeAtomic(filepath.Join(w.dir, filepath.FromSlash(p)), w.pending[p]); err != nil {
			return err
		}
	}
	return writeAtomic(filepath.Join(w.dir, manifestName), w.manifest())
}

func (w *siteWriter) manifest() []byte {
	var man bytes.Buffer
	for _, p := range sortedKeys(w.paths) {
		man.WriteString(p)
		man.WriteByte('\n')
	}
	return man.Bytes()
}

// swapIn completes the stage with the unchanged files and what someone
// else put in dir, then swaps the folders.
func (w *siteWriter) swapIn() error {
	sort.Strings(w.same)
	err := forEach(len(w.same), func(i int) error {
		p := w.same[i]
		src := filepath.Join(w.dir, filepath.FromSlash(p))
		dst, err := w.stagePathSync(p)
		if err != nil {
			return err
		}
		return linkOrCopy(src, dst)
	})
	if err != nil {
		return err
	}
	// Carry over what someone else put in the folder.
	err = filepath.WalkDir(w.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(w.dir, p)
		rel = filepath.ToSlash(rel)
		if rel == manifestName || w.old[rel] || w.paths[rel] {
			return nil
		}
		dst := filepath.Join(w.stage, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return linkOrCopy(p, dst)
	})
	if err != nil {
		return fmt.Errorf("reading %s: %w", w.dir, err)
	}
	if err := os.WriteFile(filepath.Join(w.stage, manifestName), w.manifest(), 0o644); err != nil {
		return err
	}
	// The new folder takes the old one's permissions.
	mode := os.FileMode(0o755)
	if fi, err := os.Stat(w.dir); err == nil {
		mode = fi.Mode().Perm()
	}
	if err := os.Chmod(w.stage, mode); err != nil {
		return err
	}
	return swapFolders(w.stage, w.dir)
}

// swapFolders puts the folder next in place of dir, and removes the old
// one. Where the system can exchange two names at once, a reader (or a
// crash) sees either the old site or the new one; elsewhere dir is
// renamed aside first, and put back if the second rename fails.
func swapFolders(next, dir string) error {
	if _, err := os.Stat(dir); err != nil {
		return os.Rename(next, dir)
	}
	if exchange(next, dir) == nil {
		return os.RemoveAll(next) // now the old site
	}
	trash := next + ".old"
	if err := os.Rename(dir, trash); err != nil {
		return err
	}
	if err := os.Rename(next, dir); err != nil {
		_ = os.Rename(trash, dir)
		return err
	}
	return os.RemoveAll(trash)
}

// linkOrCopy puts the file at src also at dst: by a hard link, or on a
// file system without them, by a copy that keeps its modification time.
func linkOrCopy(src, dst string) error {
	if os.Link(src, dst) == nil {
		return nil
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	fi, err := os.Stat(src)
	if err != nil {
		return err
	}
	if err := os.WriteFile(dst, b, fi.Mode().Perm()); err != nil {
		return err
	}
	return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
}

func (w *siteWriter) stagePathSync(p string) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stagePath(p)
}

// writeAtomic writes b to a temporary file beside path and renames it over
// path, so readers see the old file or the new one, never half of one.
func writeAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(b)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp, 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		os.Remove(tmp)
	}
	return werr
}

// forEach runs f(0..n-1) on a few goroutines and returns the first error.
// File system calls spend their time in the kernel, so a few in flight
// at once keep both cores busy.
func forEach(n int, f func(i int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  = make(chan int)
	)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := f(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func readManifest(dir string) map[string]bool {
	out := map[string]bool{}
	f, err := os.Open(filepath.Join(dir, manifestName))
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// Only paths inside the folder count: a manifest edited by hand
		// must not make a build delete anything outside it.
		if l := strings.TrimSpace(sc.Text()); fs.ValidPath(l) && l != "." && l != manifestName {
			out[l] = true
		}
	}
	return out
}
