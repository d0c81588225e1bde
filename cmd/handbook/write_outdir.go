package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The checks on an output folder before anything is written to it.

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
