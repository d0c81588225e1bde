package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

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

// writeSite puts o into dir and returns how many files it wrote or
// removed; zero means dir was left untouched.
//
// A large change (and the first build) is written to a folder beside dir
// and swapped in, so an interrupted write leaves the old site whole. A
// small change to a site this command wrote before replaces just those
// files, each through a temporary file and a rename, so every file is
// always either its old or its new version; rewriting ten thousand
// unchanged files to change one would make watch-and-deploy loops slow.
// Either way, files the generator did not write are kept, and unchanged
// files keep their modification time.
func writeSite(dir string, o *generator.Output) (int, error) {
	old := readManifest(dir)
	paths := o.Paths()
	same := make([]bool, len(paths))
	forEach(len(paths), func(i int) error {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(paths[i])))
		same[i] = err == nil && bytes.Equal(b, o.Files[paths[i]])
		return nil
	})
	var changed, removed []string
	for i, p := range paths {
		if !same[i] {
			changed = append(changed, p)
		}
	}
	for p := range old {
		if _, ok := o.Files[p]; !ok {
			removed = append(removed, p)
		}
	}
	sort.Strings(removed)
	if len(changed) == 0 && len(removed) == 0 && len(old) == len(o.Files) {
		return 0, nil
	}
	n := len(changed) + len(removed)
	if len(old) > 0 && n <= max(64, len(paths)/20) {
		return n, updateInPlace(dir, o, changed, removed)
	}
	return n, swapIn(dir, o, old, same)
}

// updateInPlace replaces the changed files one by one and removes the
// ones no longer built; the manifest is written last.
func updateInPlace(dir string, o *generator.Output, changed, removed []string) error {
	for _, p := range changed {
		if err := writeAtomic(filepath.Join(dir, filepath.FromSlash(p)), o.Files[p]); err != nil {
			return err
		}
	}
	for _, p := range removed {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		// Remove folders the removal left empty, up to the site root.
		for d := filepath.Dir(full); d != filepath.Clean(dir); d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break
			}
		}
	}
	return writeAtomic(filepath.Join(dir, manifestName), manifest(o))
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

func manifest(o *generator.Output) []byte {
	var man bytes.Buffer
	for _, p := range o.Paths() {
		man.WriteString(p)
		man.WriteByte('\n')
	}
	return man.Bytes()
}

// swapIn writes the whole site beside dir, then swaps the folders.
func swapIn(dir string, o *generator.Output, old map[string]bool, same []bool) error {
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	paths := o.Paths()
	// Create the folders first, once each, then write files in parallel.
	dirs := map[string]bool{}
	for _, p := range paths {
		dirs[filepath.Dir(filepath.Join(stage, filepath.FromSlash(p)))] = true
	}
	for _, d := range sortedKeys(dirs) {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	err = forEach(len(paths), func(i int) error {
		p := paths[i]
		dst := filepath.Join(stage, filepath.FromSlash(p))
		if same[i] && os.Link(filepath.Join(dir, filepath.FromSlash(p)), dst) == nil {
			return nil
		}
		return os.WriteFile(dst, o.Files[p], 0o644)
	})
	if err != nil {
		return err
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
		return fmt.Errorf("reading %s: %w", dir, err)
	}
	if err := os.WriteFile(filepath.Join(stage, manifestName), manifest(o), 0o644); err != nil {
		return err
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		return err
	}
	trash := stage + ".old"
	hadOld := false
	if _, err := os.Stat(dir); err == nil {
		if err := os.Rename(dir, trash); err != nil {
			return err
		}
		hadOld = true
	}
	if err := os.Rename(stage, dir); err != nil {
		if hadOld {
			_ = os.Rename(trash, dir)
		}
		return err
	}
	if hadOld {
		_ = os.RemoveAll(trash)
	}
	return nil
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

func sortedKeys(m map[string]bool) []string {
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
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.Contains(l, "..") {
			out[l] = true
		}
	}
	return out
}
