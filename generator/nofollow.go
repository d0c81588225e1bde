package generator

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

// ErrSymlink is the error of any attempt to read the content through a
// symbolic link. A link may lead anywhere (/proc/self/environ, a home
// folder, another checkout), and a build of someone else's pull request
// must never publish what it points at. It matches fs.ErrNotExist, so
// every reader treats a linked file as absent.
var ErrSymlink error = symlinkError{}

type symlinkError struct{}

func (symlinkError) Error() string        { return "symbolic link not followed" }
func (symlinkError) Is(target error) bool { return target == fs.ErrNotExist }

// noFollowFS refuses every path with a symbolic link in it, in any of its
// parts, and records each link it refused so the build can warn once per
// link. Every read of the content goes through it: pages, data, the
// config and the theme folder alike, so no reader can forget the rule.
//
// A link swapped in between the check and the open is a race it cannot
// close alone; the CLI therefore also hands the generator an os.Root,
// which keeps every open inside the content folder.
type noFollowFS struct {
	fsys fs.FS

	mu      sync.Mutex
	dirs    map[string]bool // folders known to hold no link on their path
	refused map[string]bool
}

func newNoFollowFS(fsys fs.FS) *noFollowFS {
	if n, ok := fsys.(*noFollowFS); ok {
		fsys = n.fsys
	}
	return &noFollowFS{fsys: fsys, dirs: map[string]bool{".": true}, refused: map[string]bool{}}
}

// check returns ErrSymlink, wrapped in a PathError, when name or a folder
// it is in is a symbolic link.
func (n *noFollowFS) check(op, name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return nil
	}
	dir := path.Dir(name)
	n.mu.Lock()
	known := n.dirs[dir]
	n.mu.Unlock()
	if !known {
		if link := n.linkIn(dir); link != "" {
			return n.refuse(op, name, link)
		}
		n.mu.Lock()
		n.dirs[dir] = true
		n.mu.Unlock()
	}
	info, err := fs.Lstat(n.fsys, name)
	if err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return n.refuse(op, name, name)
	}
	return nil
}

// linkIn returns the first part of dir that is a symbolic link, or "".
func (n *noFollowFS) linkIn(dir string) string {
	p := ""
	for _, part := range strings.Split(dir, "/") {
		p = path.Join(p, part)
		n.mu.Lock()
		known := n.dirs[p]
		n.mu.Unlock()
		if known {
			continue
		}
		info, err := fs.Lstat(n.fsys, p)
		if err != nil {
			return "" // absent: the open itself will say so
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return p
		}
	}
	return ""
}

func (n *noFollowFS) refuse(op, name, link string) error {
	n.mu.Lock()
	n.refused[link] = true
	n.mu.Unlock()
	return &fs.PathError{Op: op, Path: name, Err: ErrSymlink}
}

// Open opens name when no part of it is a symbolic link.
func (n *noFollowFS) Open(name string) (fs.File, error) {
	if err := n.check("open", name); err != nil {
		return nil, err
	}
	return n.fsys.Open(name)
}

// ReadFile reads name when no part of it is a symbolic link.
func (n *noFollowFS) ReadFile(name string) ([]byte, error) {
	if err := n.check("read", name); err != nil {
		return nil, err
	}
	return fs.ReadFile(n.fsys, name)
}

// ReadDir lists name when no part of it is a symbolic link. Links among
// its entries are listed as links, so walkers can skip them.
func (n *noFollowFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := n.check("readdir", name); err != nil {
		return nil, err
	}
	return fs.ReadDir(n.fsys, name)
}

// Stat describes name when no part of it is a symbolic link.
func (n *noFollowFS) Stat(name string) (fs.FileInfo, error) {
	if err := n.check("stat", name); err != nil {
		return nil, err
	}
	return fs.Stat(n.fsys, name)
}

// Lstat describes name itself, a link included, when no folder it is in
// is a link.
func (n *noFollowFS) Lstat(name string) (fs.FileInfo, error) {
	if name != "." {
		if link := n.linkIn(path.Dir(name)); link != "" {
			return nil, n.refuse("lstat", name, link)
		}
	}
	return fs.Lstat(n.fsys, name)
}

// ReadLink refuses: nothing in a build needs a link's target.
func (n *noFollowFS) ReadLink(name string) (string, error) {
	return "", n.refuse("readlink", name, name)
}

// noteLink records a link a walker met and skipped, for the same warning.
func (n *noFollowFS) noteLink(name string) {
	n.mu.Lock()
	n.refused[name] = true
	n.mu.Unlock()
}

// warnings returns one warning per link refused, in path order.
func (n *noFollowFS) warnings() ErrorList {
	n.mu.Lock()
	links := make([]string, 0, len(n.refused))
	for l := range n.refused {
		links = append(links, l)
	}
	n.mu.Unlock()
	sort.Strings(links)
	out := make(ErrorList, len(links))
	for i, l := range links {
		out[i] = Error{File: l, Msg: symlinkError{}.Error(), Kind: KindSymlink}
	}
	return out
}

// isSymlinkErr reports whether err is a refusal to follow a link.
func isSymlinkErr(err error) bool {
	var se symlinkError
	return errors.As(err, &se)
}
