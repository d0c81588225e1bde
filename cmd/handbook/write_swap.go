package main

import (
	"bufio"
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
	"strings"
	"sync"
	"syscall"
)

// The manifest, and the update that builds the new site beside the old
// one and swaps the folders, with the helpers both updates share.

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
	return writeAtomicWith(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// writeAtomicWith is writeAtomic for a file written through a buffer as
// it is made, by write.
func writeAtomicWith(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), tmpPrefix)
	if err != nil {
		return err
	}
	tmp := f.Name()
	bw := bufio.NewWriterSize(f, 1<<16)
	werr := write(bw)
	if werr == nil {
		werr = bw.Flush()
	}
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
