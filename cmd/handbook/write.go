package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

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
	return err == nil && rel != "." && !strings.HasPrefix(rel, "..")
}

// writeSite puts o into dir. The new site is written beside dir and then
// swapped in, so a failed or interrupted write leaves the old site whole.
// Files whose bytes did not change keep their old copy (and mtime); files
// the generator did not write are carried over. It returns how many files
// were written or changed; zero means dir was left untouched.
func writeSite(dir string, o *generator.Output) (int, error) {
	old := readManifest(dir)
	changed := 0
	for _, p := range o.Paths() {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil || !bytes.Equal(b, o.Files[p]) {
			changed++
		}
	}
	removed := 0
	for p := range old {
		if _, ok := o.Files[p]; !ok {
			removed++
		}
	}
	if changed == 0 && removed == 0 && len(old) == len(o.Files) {
		return 0, nil
	}

	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return 0, err
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(stage)
	for _, p := range o.Paths() {
		dst := filepath.Join(stage, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return 0, err
		}
		prev := filepath.Join(dir, filepath.FromSlash(p))
		if b, err := os.ReadFile(prev); err == nil && bytes.Equal(b, o.Files[p]) && os.Link(prev, dst) == nil {
			continue
		}
		if err := os.WriteFile(dst, o.Files[p], 0o644); err != nil {
			return 0, err
		}
	}
	// Carry over what someone else put in the folder.
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == manifestName || old[rel] {
			return nil
		}
		if _, ours := o.Files[rel]; ours {
			return nil
		}
		dst := filepath.Join(stage, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.Link(p, dst)
	})
	if err != nil {
		return 0, fmt.Errorf("reading %s: %w", dir, err)
	}
	var man bytes.Buffer
	for _, p := range o.Paths() {
		man.WriteString(p)
		man.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(stage, manifestName), man.Bytes(), 0o644); err != nil {
		return 0, err
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		return 0, err
	}
	trash := stage + ".old"
	hadOld := false
	if _, err := os.Stat(dir); err == nil {
		if err := os.Rename(dir, trash); err != nil {
			return 0, err
		}
		hadOld = true
	}
	if err := os.Rename(stage, dir); err != nil {
		if hadOld {
			_ = os.Rename(trash, dir)
		}
		return 0, err
	}
	if hadOld {
		_ = os.RemoveAll(trash)
	}
	return changed + removed, nil
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
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.Contains(l, "..") {
			out[l] = true
		}
	}
	return out
}
