package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/rolehandbook/handbook/generator"
)

// manifestName lists the files the generator wrote into the output
// folder, so that a later build deletes those and nothing else.
const manifestName = ".handbook-manifest"

// manifestVersion is the version of the manifest's format, a JSON object
// whose "files" are the site's paths, sorted. Earlier versions wrote one
// path a line, which a name holding a newline could corrupt.
const manifestVersion = 1

// manifestFile is the manifest as it is stored.
type manifestFile struct {
	Version int      `json:"version"`
	Files   []string `json:"files"`
}

// ownPrefix begins the names of the writer's own files and folders in the
// output folder. The site may not use it, so that clearing away what a
// killed build left never takes a file of the site.
const ownPrefix = ".handbook-"

const (
	tmpPrefix   = ownPrefix + "tmp-"   // a new file, until it is renamed into place
	txnPrefix   = ownPrefix + "txn-"   // what an in-place update holds aside until it is done
	probePrefix = ownPrefix + "probe-" // tells whether the output folder can be written
	innerLock   = ownPrefix + "lock"   // the lock, when the folder around the output folder cannot hold it
)

// maxName is the longest name, in bytes, that common file systems hold.
const maxName = 255

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

// checkOutOwned refuses an output folder that already holds files but has
// no manifest, unless force is set: handbook could not tell its files from
// someone else's, so the site would be mixed into files it knows nothing
// of. A missing or empty folder is fine. It changes nothing.
func checkOutOwned(out string, force bool) error {
	dir := resolveLinks(out)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !fi.IsDir():
		return fmt.Errorf("output folder %s is a file, not a folder: choose another -out", out)
	case force:
		return nil
	}
	if _, ok := readManifest(dir); ok {
		return nil
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ownPrefix) {
			continue
		}
		why := "it has no " + manifestName
		if _, err := os.Lstat(filepath.Join(dir, manifestName)); err == nil {
			why = "its " + manifestName + " cannot be read"
		}
		return fmt.Errorf("output folder %s holds files handbook did not write (%s, so handbook cannot tell its files from others): "+
			"empty it, choose another -out, or build with -force to put the site beside them", out, why)
	}
	return nil
}

// writeSite puts o into dir and returns how many files it wrote or
// removed; zero means dir was left untouched.
func writeSite(dir string, o *generator.Output) (int, error) {
	w, err := newSiteWriter(dir, nil)
	if err != nil {
		return 0, err
	}
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
// Apart from clearing away what killed builds left, nothing in the folder
// changes until Finish, and Finish does every step that can fail before
// the one that puts the new site in place, undoing what it did when one
// fails; so a build that fails leaves the old site as it was. A small change to a site this command wrote before is held
// back in memory and then applied file by file, each through a temporary
// file and a rename, so every file is always either its old or its new
// version; rewriting ten thousand unchanged files to change one would make
// watch-and-deploy loops slow. Once the changes outgrow that (and on the
// first build), the new site is written into a folder beside the old one,
// which Finish completes with the unchanged files and swaps in. Either
// way, files the generator did not write are kept.
//
// One writer at a time holds an output folder: a second waits for the
// first. Symbolic links inside the folder are never followed: a link on
// the way to a file of the site is refused, and a link at a file's own
// path is replaced by the file.
type siteWriter struct {
	dir     string
	parent  string          // the folder dir is in, absolute
	base    string          // dir's name in parent
	old     map[string]bool // the manifest of the last build
	current bool            // the manifest is in today's format
	limit   int             // changed files held back before staging
	unlock  func()
	once    sync.Once // unlock runs once

	// fault, when set, is asked before the writer writes a file's bytes
	// (op "write", with the path written) and before it renames the output
	// folder (op "rename", with the folder); an error it returns stands in
	// for the system's. Tests use it to fill the disk or make a folder busy.
	fault func(op, path string) error

	jobs    chan siteFile
	wg      sync.WaitGroup
	folders sync.Map // folder of the site → folderState, once looked at

	// finishing is held while Finish runs, so that Interrupt waits for it.
	finishing sync.Mutex
	committed bool // Finish put the new site in place

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

// newSiteWriter opens dir for a build. It waits until no other build
// writes dir, calling waiting first if it has to, then removes what
// killed builds left behind and reads the manifest.
func newSiteWriter(dir string, waiting func()) (*siteWriter, error) {
	// An output folder that is a symbolic link is written through: the
	// folder it names is the one updated or swapped.
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		if target, err := filepath.EvalSymlinks(dir); err == nil {
			dir = target
		}
	}
	dir = filepath.Clean(dir)
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	w := &siteWriter{
		dir:     dir,
		parent:  filepath.Dir(abs),
		base:    filepath.Base(abs),
		jobs:    make(chan siteFile, writeQueue),
		paths:   map[string]bool{},
		pending: map[string][]byte{},
		dirs:    map[string]bool{},
	}
	if err := os.MkdirAll(w.parent, 0o755); err != nil {
		return nil, err
	}
	if w.unlock, err = w.lock(waiting); err != nil {
		return nil, fmt.Errorf("cannot lock %s against other builds: %w", dir, err)
	}
	w.removeLeftovers()
	w.old, _, w.current = loadManifest(dir)
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
	return w, nil
}

// lock takes the lock that keeps two builds from writing dir at once. The
// lock file lives beside dir, since a large change swaps dir for another
// folder. Where the folder around dir cannot hold it, dir holds it: dir is
// then never swapped, as no stage can be made beside it either.
func (w *siteWriter) lock(waiting func()) (func(), error) {
	unlock, err := lockFile(filepath.Join(w.parent, "."+w.base+".lock"), waiting)
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		if fi, serr := os.Stat(w.dir); serr == nil && fi.IsDir() {
			return lockFile(filepath.Join(w.dir, innerLock), waiting)
		}
	}
	return unlock, err
}

func (w *siteWriter) release() {
	w.once.Do(func() {
		if w.unlock != nil {
			w.unlock()
		}
	})
}

// removeLeftovers removes what killed builds left: stage folders beside
// dir, and the writer's own temporary files and folders at its top. Only
// the holder of the lock calls it, so none of them is in use.
func (w *siteWriter) removeLeftovers() {
	prefix := "." + w.base + ".new-"
	if ents, err := os.ReadDir(w.parent); err == nil {
		for _, e := range ents {
			if rest, ok := strings.CutPrefix(e.Name(), prefix); ok && e.IsDir() && isStageSuffix(rest) {
				removeTree(filepath.Join(w.parent, e.Name()))
			}
		}
	}
	if ents, err := os.ReadDir(w.dir); err == nil {
		for _, e := range ents {
			if n := e.Name(); strings.HasPrefix(n, txnPrefix) || strings.HasPrefix(n, tmpPrefix) || strings.HasPrefix(n, probePrefix) {
				removeTree(filepath.Join(w.dir, n))
			}
		}
	}
}

// isStageSuffix reports whether s ends a stage folder's name as startStage
// and swapFolders make them: os.MkdirTemp's random digits, and ".old" for
// the old site set aside.
func isStageSuffix(s string) bool {
	s = strings.TrimSuffix(s, ".old")
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// removeTree removes a folder the writer is done with. A site whose
// folders were made read-only would otherwise stay behind: its folders
// are made writable first when removing fails.
func removeTree(p string) {
	if os.RemoveAll(p) == nil {
		return
	}
	_ = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(q, 0o700)
		}
		return nil
	})
	_ = os.RemoveAll(p)
}

// WriteFile hands over one file of the new site. It returns the first
// error met so far, which stops the build.
func (w *siteWriter) WriteFile(p string, data []byte) error {
	if err := checkSitePath(p); err != nil {
		return err
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

// checkSitePath refuses a path the writer must not make: one outside the
// folder; one holding a control character, which garbles terminals and
// line-based tools, or that is not UTF-8, which the manifest cannot hold;
// one whose names are too long for file systems; one inside a hidden
// folder, where .git and the like live; and one among the writer's own.
func checkSitePath(p string) error {
	q := strconv.Quote(p)
	for i := 0; i < len(p); i++ {
		if p[i] < 0x20 || p[i] == 0x7f {
			return fmt.Errorf("cannot write %s: the name holds a control character", q)
		}
	}
	if !utf8.ValidString(p) {
		return fmt.Errorf("cannot write %s: the name is not valid UTF-8", q)
	}
	if !fs.ValidPath(p) || p == "." || p == manifestName {
		return fmt.Errorf("cannot write %s: not a path inside the site", q)
	}
	parts := strings.Split(p, "/")
	for i, part := range parts {
		switch {
		case len(part) > maxName:
			return fmt.Errorf("cannot write %s: a name in it is %d bytes long, and file systems hold at most %d", q, len(part), maxName)
		case strings.HasPrefix(part, ownPrefix):
			return fmt.Errorf("cannot write %s: names that begin with %s are handbook's own", q, ownPrefix)
		case i < len(parts)-1 && strings.HasPrefix(part, "."):
			return fmt.Errorf("cannot write %s: %s is a hidden folder, and handbook never writes into one", q, strconv.Quote(strings.Join(parts[:i+1], "/")))
		}
	}
	return nil
}

func (s *siteStats) add(p string, n int) {
	s.files++
	s.bytes += n
	switch {
	case generator.IsSearchIndex(p):
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

func (w *siteWriter) isStopped() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stopped
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
	if err := w.checkFolders(f.path); err != nil {
		return err
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

// checkFolders refuses to write p when a folder on its way is a symbolic
// link, which would take the write outside the output folder, or a file
// someone else put there.
func (w *siteWriter) checkFolders(p string) error {
	switch st, d := w.folderOf(p); st {
	case folderLink:
		return fmt.Errorf("cannot write %s: %s is a symbolic link, and handbook never writes through links inside the output folder; replace it with a folder, or remove it",
			strconv.Quote(p), filepath.Join(w.dir, filepath.FromSlash(d)))
	case folderForeign:
		return fmt.Errorf("cannot write %s: %s is a file handbook did not write, where the site needs a folder; move it",
			strconv.Quote(p), filepath.Join(w.dir, filepath.FromSlash(d)))
	}
	return nil
}

// folderState is what the output folder holds at a folder of the site.
type folderState int

const (
	folderReal    folderState = iota // a folder
	folderMissing                    // nothing, or a file the last build wrote, which goes first
	folderLink                       // a symbolic link
	folderForeign                    // a file someone else put there
)

// folderOf returns the first folder on the way to p that is not a real
// folder inside dir, and what is there instead; folderReal means the
// whole way is made of real folders. Each folder is looked at once.
func (w *siteWriter) folderOf(p string) (folderState, string) {
	for i := 0; ; {
		j := strings.IndexByte(p[i:], '/')
		if j < 0 {
			return folderReal, ""
		}
		d := p[:i+j]
		i += j + 1
		v, ok := w.folders.Load(d)
		if !ok {
			v = w.lookAt(d)
			w.folders.Store(d, v)
		}
		if st := v.(folderState); st != folderReal {
			return st, d
		}
	}
}

func (w *siteWriter) lookAt(d string) folderState {
	fi, err := os.Lstat(filepath.Join(w.dir, filepath.FromSlash(d)))
	switch {
	case err != nil:
		return folderMissing
	case fi.Mode()&fs.ModeSymlink != 0:
		return folderLink
	case fi.IsDir():
		return folderReal
	case w.old[d]:
		return folderMissing
	}
	return folderForeign
}

// sameFile reports whether the file at path is a regular file holding
// exactly data; a symbolic link is never the same, so that it is replaced
// rather than written through. It reads the file a piece at a time, and
// not at all when the size differs, so a large file is never held twice.
func sameFile(path string, data []byte) bool {
	f, err := openNoFollow(path)
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
		if err := os.MkdirAll(d, 0o755); err != nil {
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

// change is a file an in-place update writes: its bytes, or the file in
// the stage that holds them.
type change struct {
	path string
	data []byte
	from string
}

// updateInPlace applies a change to dir file by file, each through a
// temporary file and a rename, so that every file is always either its old
// or its new version. Every step that can fail comes first: the files no
// longer built are moved aside (first, so that a file may become a folder
// of the same name and back), and every new file is written beside its
// place. Only then are the new files renamed into place, the manifest
// last, each old one kept aside until all are in. An error at any step
// puts back everything done before it.
func (w *siteWriter) updateInPlace(changes []change, removed []string) (err error) {
	aside, err := os.MkdirTemp(w.dir, txnPrefix)
	if err != nil {
		return err
	}
	var undo []func()
	defer func() {
		if err != nil {
			for i := len(undo) - 1; i >= 0; i-- {
				undo[i]()
			}
		}
		removeTree(aside)
	}()
	count := 0
	next := func() string {
		count++
		return filepath.Join(aside, strconv.Itoa(count))
	}

	emptied := map[string]bool{}
	for _, p := range removed {
		if st, _ := w.folderOf(p); st == folderLink {
			continue // what lies behind a link is not the site's
		}
		full := filepath.Join(w.dir, filepath.FromSlash(p))
		fi, err := os.Lstat(full)
		if errors.Is(err, fs.ErrNotExist) || err == nil && fi.IsDir() {
			continue // gone already, or someone else's folder now
		}
		if err != nil {
			return err
		}
		to := next()
		if err := os.Rename(full, to); err != nil {
			return err
		}
		undo = append(undo, func() { _ = os.Rename(to, full) })
		for d := filepath.Dir(full); len(d) > len(w.dir) && !emptied[d]; d = filepath.Dir(d) {
			emptied[d] = true
		}
	}
	// Remove the folders that left empty, deepest first, up to the site
	// root; a folder is longer than the folder it is in.
	folders := sortedKeys(emptied)
	sort.SliceStable(folders, func(i, j int) bool { return len(folders[i]) > len(folders[j]) })
	for _, d := range folders {
		fi, err := os.Lstat(d)
		if err != nil || !fi.IsDir() || os.Remove(d) != nil {
			continue
		}
		undo = append(undo, func() { _ = os.Mkdir(d, fi.Mode().Perm()) })
	}

	type ready struct{ tmp, full string }
	var staged []ready
	prepare := func(full string, c change) error {
		made, err := w.mkdirs(filepath.Dir(full))
		for _, d := range made {
			undo = append(undo, func() { _ = os.Remove(d) })
		}
		if err != nil {
			return err
		}
		if fi, err := os.Lstat(full); err == nil && fi.IsDir() {
			return fmt.Errorf("cannot write %s: a folder handbook did not make is in its place; move it", full)
		}
		tmp, err := w.writeTemp(full, c)
		if err != nil {
			return err
		}
		undo = append(undo, func() { _ = os.Remove(tmp) })
		staged = append(staged, ready{tmp, full})
		return nil
	}
	for _, c := range changes {
		if err := prepare(filepath.Join(w.dir, filepath.FromSlash(c.path)), c); err != nil {
			return err
		}
	}
	if err := prepare(filepath.Join(w.dir, manifestName), change{data: w.manifest()}); err != nil {
		return err
	}
	if w.isStopped() {
		return errInterrupted
	}

	for _, r := range staged {
		// Without hard links the old file cannot be kept; a failure later
		// then leaves this one new.
		keep, existed := "", false
		if fi, err := os.Lstat(r.full); err == nil && !fi.IsDir() {
			existed = true
			if k := next(); os.Link(r.full, k) == nil {
				keep = k
			}
		}
		if err := os.Rename(r.tmp, r.full); err != nil {
			return err
		}
		undo = append(undo, func() {
			switch {
			case keep != "":
				_ = os.Rename(keep, r.full)
			case !existed:
				_ = os.Remove(r.full)
			}
		})
	}
	return nil
}

// mkdirs makes the folder d inside dir and the folders missing on the way
// to it, and returns those it made, outermost first.
func (w *siteWriter) mkdirs(d string) ([]string, error) {
	var missing []string
	for q := d; len(q) > len(w.dir); q = filepath.Dir(q) {
		if _, err := os.Lstat(q); err == nil {
			break
		}
		missing = append(missing, q)
	}
	var made []string
	for i := len(missing) - 1; i >= 0; i-- {
		err := os.Mkdir(missing[i], 0o755)
		if err == nil {
			made = append(made, missing[i])
		} else if !errors.Is(err, fs.ErrExist) {
			return made, err
		}
	}
	return made, nil
}

// writeTemp writes c's bytes to a new file beside full, for a rename into
// place, and returns its name.
func (w *siteWriter) writeTemp(full string, c change) (string, error) {
	if err := w.faultAt("write", full); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(filepath.Dir(full), tmpPrefix)
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	if c.from != "" {
		err = copyFrom(f, c.from)
	} else {
		_, err = f.Write(c.data)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

func copyFrom(dst io.Writer, src string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(dst, f)
	return err
}

// manifest is the new manifest: every file of the new site, sorted.
func (w *siteWriter) manifest() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	// Encoding a struct of a string slice cannot fail.
	_ = enc.Encode(manifestFile{Version: manifestVersion, Files: sortedKeys(w.paths)})
	return b.Bytes()
}

// swapIn completes the stage with the unchanged files and what someone
// else put in dir, then swaps the folders. When dir cannot be renamed, as
// when it is a mount point, the changes go in place instead.
func (w *siteWriter) swapIn(removed []string) error {
	sort.Strings(w.same)
	err := forEach(len(w.same), func(i int) error {
		p := w.same[i]
		// A file found unchanged behind a link would be copied out of the
		// folder the link names, and the link then be in the way.
		if err := w.checkFolders(p); err != nil {
			return err
		}
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
	if err := w.carryOver(); err != nil {
		return err
	}
	if err := w.writeFile(filepath.Join(w.stage, manifestName), w.manifest()); err != nil {
		return err
	}
	// The new folder takes the old one's permissions.
	mode := os.FileMode(0o755)
	fi, err := os.Stat(w.dir)
	if err == nil {
		mode = fi.Mode().Perm()
		if err := w.probe(); err != nil {
			return err
		}
	}
	if err := os.Chmod(w.stage, mode); err != nil {
		return err
	}
	if w.isStopped() {
		return errInterrupted
	}
	old, err := w.swapFolders(w.stage, w.dir)
	if errors.Is(err, syscall.EBUSY) || errors.Is(err, syscall.EXDEV) {
		return w.updateFromStage(removed)
	}
	if err != nil {
		return err
	}
	if old != "" && old != w.stage {
		removeTree(old)
	}
	return nil
}

// carryOver links into the stage what someone else put in dir, symbolic
// links as links and empty folders as folders, leaving out the writer's
// own files.
func (w *siteWriter) carryOver() error {
	if err := w.carry(""); err != nil {
		return fmt.Errorf("reading %s: %w", w.dir, err)
	}
	return nil
}

// carry carries over the folder rel of dir.
func (w *siteWriter) carry(rel string) error {
	from := filepath.Join(w.dir, filepath.FromSlash(rel))
	ents, err := os.ReadDir(from)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(ents) == 0 && rel != "" {
		// The writer removes the folders it empties, so an empty folder is
		// someone else's. Where the new site has a file, the file wins.
		dst := filepath.Join(w.stage, filepath.FromSlash(rel))
		fi, err := os.Lstat(from)
		if err != nil || os.MkdirAll(filepath.Dir(dst), 0o755) != nil {
			return nil
		}
		if _, err := os.Lstat(dst); err == nil {
			return nil
		}
		return os.Mkdir(dst, fi.Mode().Perm())
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ownPrefix) {
			continue
		}
		r := path.Join(rel, e.Name())
		if e.IsDir() {
			if err := w.carry(r); err != nil {
				return err
			}
			continue
		}
		if w.old[r] || w.paths[r] {
			continue
		}
		src := filepath.Join(w.dir, filepath.FromSlash(r))
		dst := filepath.Join(w.stage, filepath.FromSlash(r))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("cannot keep %s, which handbook did not write: the new site has a file where its folder is; move it", src)
		}
		if _, err := os.Lstat(dst); err == nil {
			return fmt.Errorf("cannot keep %s, which handbook did not write: the new site needs a folder there; move it", src)
		}
		if e.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(src)
			if err != nil {
				return err
			}
			if err := os.Symlink(target, dst); err != nil {
				return err
			}
			continue
		}
		if err := linkOrCopy(src, dst); err != nil {
			return err
		}
	}
	return nil
}

// probe makes sure dir can be written before it is swapped for the new
// site. Swapping needs only the folder around it to be writable, so it
// would replace a folder made read-only and then fail to remove the old
// site; an in-place update fails on such a folder all the same.
func (w *siteWriter) probe() error {
	err := w.faultAt("write", filepath.Join(w.dir, probePrefix))
	if err == nil {
		var f *os.File
		if f, err = os.CreateTemp(w.dir, probePrefix); err == nil {
			f.Close()
			os.Remove(f.Name())
		}
	}
	if err != nil {
		return fmt.Errorf("output folder %s cannot be written: %w", w.dir, err)
	}
	return nil
}

// updateFromStage applies the staged site to dir in place: the files that
// changed come from the stage.
func (w *siteWriter) updateFromStage(removed []string) error {
	same := make(map[string]bool, len(w.same))
	for _, p := range w.same {
		same[p] = true
	}
	var changes []change
	for _, p := range sortedKeys(w.paths) {
		if !same[p] {
			changes = append(changes, change{path: p, from: filepath.Join(w.stage, filepath.FromSlash(p))})
		}
	}
	return w.updateInPlace(changes, removed)
}

// swapFolders puts the folder next in place of dir and returns where the
// old one went, for removal. Where the system can exchange two names at
// once, a reader (or a crash) sees either the old site or the new one;
// elsewhere dir is renamed aside first, and put back if the second rename
// fails.
func (w *siteWriter) swapFolders(next, dir string) (old string, err error) {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return "", os.Rename(next, dir)
	}
	if err := w.faultAt("rename", dir); err != nil {
		return "", err
	}
	if exchange(next, dir) == nil {
		return next, nil
	}
	trash := next + ".old"
	if err := os.Rename(dir, trash); err != nil {
		return "", err
	}
	if err := os.Rename(next, dir); err != nil {
		_ = os.Rename(trash, dir)
		return "", err
	}
	return trash, nil
}

// linkOrCopy puts the file at src also at dst: by a hard link, or on a
// file system without them, by a copy that keeps its modification time.
func linkOrCopy(src, dst string) error {
	if os.Link(src, dst) == nil {
		return nil
	}
	fi, err := os.Lstat(src)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("cannot copy %s: not a regular file", src)
	}
	b, err := os.ReadFile(src)
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
	f, err := os.CreateTemp(filepath.Dir(path), tmpPrefix)
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

// readManifest returns the files the last build wrote into dir, and
// whether dir has a manifest that could be read.
func readManifest(dir string) (map[string]bool, bool) {
	files, found, _ := loadManifest(dir)
	return files, found
}

// loadManifest reads dir's manifest: the files it lists, whether it could
// be read, and whether it is in today's format. A manifest in the line
// format of earlier versions is read, and rewritten by the next build
// that finishes; one that cannot be read counts as none.
func loadManifest(dir string) (files map[string]bool, found, current bool) {
	files = map[string]bool{}
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return files, false, false
	}
	var names []string
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		var m manifestFile
		if json.Unmarshal(b, &m) != nil || m.Version != manifestVersion {
			return files, false, false
		}
		names, current = m.Files, true
	} else {
		for _, l := range strings.Split(string(b), "\n") {
			names = append(names, strings.TrimSpace(l))
		}
	}
	for _, p := range names {
		// Only paths the writer could have written count: a manifest
		// edited by hand must not make a build delete anything outside the
		// folder, or inside a hidden one.
		if checkSitePath(p) == nil {
			files[p] = true
		}
	}
	return files, true, current
}
