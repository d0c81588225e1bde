package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

// An update of the output folder in place, file by file, each file
// always either its old or its new version.

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
	u := &inPlaceUpdate{w: w, aside: aside}
	defer func() {
		if err != nil {
			u.undoAll()
		}
		removeTree(aside)
	}()

	if err := u.moveAside(removed); err != nil {
		return err
	}
	for _, c := range changes {
		if err := u.stage(filepath.Join(w.dir, filepath.FromSlash(c.path)), c); err != nil {
			return err
		}
	}
	if err := u.stage(filepath.Join(w.dir, manifestName), change{data: w.manifest()}); err != nil {
		return err
	}
	if w.isStopped() {
		return errInterrupted
	}
	return u.renameIntoPlace()
}

// inPlaceUpdate is one in-place update under way: the folder it holds
// old files aside in, the new files written beside their places, and
// how to undo each step it has taken.
type inPlaceUpdate struct {
	w      *siteWriter
	aside  string
	count  int
	undo   []func()
	staged []stagedFile
}

// stagedFile is a new file written beside its place, for a rename into it.
type stagedFile struct{ tmp, full string }

// next returns a new name in the aside folder.
func (u *inPlaceUpdate) next() string {
	u.count++
	return filepath.Join(u.aside, strconv.Itoa(u.count))
}

// undoAll puts back everything the update has done, last step first.
func (u *inPlaceUpdate) undoAll() {
	for i := len(u.undo) - 1; i >= 0; i-- {
		u.undo[i]()
	}
}

// moveAside moves the files no longer built into the aside folder, then
// removes the folders that left empty.
func (u *inPlaceUpdate) moveAside(removed []string) error {
	emptied := map[string]bool{}
	for _, p := range removed {
		if st, _ := u.w.folderOf(p); st == folderLink {
			continue // what lies behind a link is not the site's
		}
		full := filepath.Join(u.w.dir, filepath.FromSlash(p))
		fi, err := os.Lstat(full)
		if errors.Is(err, fs.ErrNotExist) || err == nil && fi.IsDir() {
			continue // gone already, or someone else's folder now
		}
		if err != nil {
			return err
		}
		to := u.next()
		if err := os.Rename(full, to); err != nil {
			return err
		}
		u.undo = append(u.undo, func() { _ = os.Rename(to, full) })
		for d := filepath.Dir(full); len(d) > len(u.w.dir) && !emptied[d]; d = filepath.Dir(d) {
			emptied[d] = true
		}
	}
	u.removeEmpty(emptied)
	return nil
}

// removeEmpty removes those of the folders that are empty, deepest first,
// up to the site root; a folder is longer than the folder it is in.
func (u *inPlaceUpdate) removeEmpty(folders map[string]bool) {
	deepest := sortedKeys(folders)
	sort.SliceStable(deepest, func(i, j int) bool { return len(deepest[i]) > len(deepest[j]) })
	for _, d := range deepest {
		fi, err := os.Lstat(d)
		if err != nil || !fi.IsDir() || os.Remove(d) != nil {
			continue
		}
		u.undo = append(u.undo, func() { _ = os.Mkdir(d, fi.Mode().Perm()) })
	}
}

// stage writes c beside full, its place, making the folders on the way.
func (u *inPlaceUpdate) stage(full string, c change) error {
	made, err := u.w.mkdirs(filepath.Dir(full))
	for _, d := range made {
		u.undo = append(u.undo, func() { _ = os.Remove(d) })
	}
	if err != nil {
		return err
	}
	if fi, err := os.Lstat(full); err == nil && fi.IsDir() {
		return fmt.Errorf("cannot write %s: a folder handbook did not make is in its place; move it", full)
	}
	tmp, err := u.w.writeTemp(full, c)
	if err != nil {
		return err
	}
	u.undo = append(u.undo, func() { _ = os.Remove(tmp) })
	u.staged = append(u.staged, stagedFile{tmp, full})
	return nil
}

// renameIntoPlace renames each staged file into its place, in the order
// staged, keeping a hard link to the old file aside to put it back.
func (u *inPlaceUpdate) renameIntoPlace() error {
	for _, r := range u.staged {
		// Without hard links the old file cannot be kept; a failure later
		// then leaves this one new.
		keep, existed := "", false
		if fi, err := os.Lstat(r.full); err == nil && !fi.IsDir() {
			existed = true
			if k := u.next(); os.Link(r.full, k) == nil {
				keep = k
			}
		}
		if err := os.Rename(r.tmp, r.full); err != nil {
			return err
		}
		u.undo = append(u.undo, func() {
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
