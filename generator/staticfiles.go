package generator

import (
	"cmp"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"
)

// staticFiles returns the theme's static files, the code stylesheet and
// the content's own files, by output path; the content's win.
func staticFiles(theme fs.FS, themeKey uint64, t *tree, hl *highlighter) (map[string][]byte, error) {
	var out map[string][]byte
	if c := t.cache; c != nil && c.static != nil && c.staticKey == themeKey {
		out = maps.Clone(c.static)
	} else {
		own, err := themeStatic(theme)
		if err != nil {
			return nil, err
		}
		out = maps.Clone(own)
		if c != nil {
			c.static, c.staticKey = own, themeKey
		}
	}
	out["assets/chroma.css"] = hl.css()
	for src, f := range t.files {
		if f.unread {
			delete(out, src) // read as it is written (writeUnread)
			continue
		}
		out[src] = f.data
	}
	return out, nil
}

// themeStatic reads a theme's static files.
func themeStatic(theme fs.FS) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := fs.WalkDir(theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(theme, p)
		if isSymlinkErr(err) || (err != nil && d.Type()&fs.ModeSymlink != 0) {
			return nil // refused, and warned about, by the content's file system
		}
		if err != nil {
			return err
		}
		out[strings.TrimPrefix(p, "static/")] = b
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	return out, nil
}

// probeUnread opens each static file the scan left unread, for a build
// that stops at errors in its input before it would read them: one that
// cannot be read is reported with the others, as a build that reads every
// file up front reports it, not only once they are fixed.
func (b *builder) probeUnread() {
	fresh := newNoFollowFS(b.cfg.Content)
	for _, f := range b.t.files {
		if !f.unread {
			continue
		}
		file, err := fresh.Open(f.Src)
		if err != nil {
			b.errs.add(f.Src, 1, 1, "cannot read: %v", cleanFSError(err))
			continue
		}
		file.Close()
	}
}

// writeUnread reads the content's static files that the scan left unread
// and hands each to the Sink, a few at a time, so that no more of them
// are held than the Sink has in hand.
func (b *builder) writeUnread() error {
	var unread []string
	for out, f := range b.t.files {
		if f.unread {
			unread = append(unread, out)
		}
	}
	slices.Sort(unread)
	// The scan found no link on the way to these files, but a folder may
	// have been swapped for one since, while the pages were rendered:
	// every folder is looked at again, as the file is read.
	fresh := newNoFollowFS(b.cfg.Content)
	problems := make([]*Error, len(unread))
	var mu sync.Mutex
	var failed error // the Sink's, which stops the writing
	eachWorker(len(unread), 4, func(_, i int) {
		mu.Lock()
		stop := failed != nil
		mu.Unlock()
		if stop {
			return
		}
		f := b.t.files[unread[i]]
		data, err := fs.ReadFile(fresh, f.Src)
		if err != nil {
			problems[i] = &Error{File: f.Src, Line: 1, Col: 1, Msg: fmt.Sprintf("cannot read: %v", cleanFSError(err))}
			return
		}
		if err := b.put(unread[i], data); err != nil {
			mu.Lock()
			failed = cmp.Or(failed, err)
			mu.Unlock()
		}
	})
	if failed != nil {
		return failed
	}
	var list ErrorList
	for _, e := range problems {
		if e != nil {
			list = append(list, *e)
		}
	}
	if len(list) > 0 {
		return list
	}
	return nil
}
