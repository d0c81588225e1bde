package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
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
	fresh   bool            // dir did not exist: no file or folder to compare with
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
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		// Under the lock, no other build can make it meanwhile.
		w.fresh = true
	}
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
	if !w.fresh && (w.old[f.path] || len(w.old) == 0) {
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
	if w.fresh {
		return folderMissing
	}
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
