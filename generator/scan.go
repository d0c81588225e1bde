package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/rolehandbook/handbook/generator/compare"
)

// sourceFile is one file of the content as read: a page's front matter
// and body, or a static file's bytes, with the problems found reading it.
type sourceFile struct {
	path    string
	isPage  bool
	meta    FrontMatter
	raw     []byte // page body with front matter blanked
	sum     uint64 // hash of raw, set by the cache
	dropped bool   // raw was let go once its markdown was cached (dropSources)
	data    []byte // static file contents
	unread  bool   // a static file left for the build to read as it writes it
	errs    []Error
	warning *Error
}

// mdFile is a page source that takes part in the build.
type mdFile struct {
	src     string
	meta    FrontMatter
	raw     []byte
	dropped bool // raw is to be read again if the page must be rendered
}

// scanner decides which files of the content tree belong to the site.
type scanner struct {
	fsys fs.FS
	skip map[string]bool // top-level names that are not content

	// lazy leaves static files unread: a one-shot build to a Sink reads
	// each as it writes it, so that the images of a handbook are never
	// all held at once.
	lazy bool
}

func newScanner(fsys fs.FS, cfg SiteConfig) *scanner {
	skip := map[string]bool{dataDir: true, configName: true}
	if cfg.ThemeDir != "" {
		skip[path.Clean(cfg.ThemeDir)] = true
	}
	return &scanner{fsys: fsys, skip: skip}
}

// skipped reports whether a path, or a folder it is in, is left out.
// The data folder holds the data files, which are not content, but a
// page or an image in it is, as in a guide named Data.
func (s *scanner) skipped(p string) bool {
	top, rest, nested := strings.Cut(p, "/")
	if s.skip[top] && (top != dataDir || nested && !strings.Contains(rest, "/") && compare.IsDataFile(rest)) {
		return true
	}
	parts := strings.Split(p, "/")
	for i, part := range parts {
		if part == "node_modules" || ignoredName(part) && !assetFolder(parts[i:]) {
			return true
		}
	}
	return false
}

// publishedPath is where a content file is published: where it is,
// but for the files of a hidden asset folder, at any depth, which are
// published without the dot (gitbook/assets/x.png, docs/gitbook/assets/
// x.png), since hosts and the writer keep hidden folders out.
func publishedPath(src string) string {
	if !strings.HasPrefix(src, ".") && !strings.Contains(src, "/.") {
		return src
	}
	parts := strings.Split(src, "/")
	for i, part := range parts {
		if strings.HasPrefix(part, ".") && assetFolder(parts[i:]) {
			parts[i] = part[1:]
		}
	}
	return strings.Join(parts, "/")
}

// assetFolder reports whether a path that starts with a hidden folder is
// in one that other tools keep images and attachments in: GitBook's
// .gitbook/assets and the .attachments of Azure DevOps wikis. Their
// files are the pages' images; other hidden files stay out.
func assetFolder(parts []string) bool {
	switch {
	case parts[0] == ".attachments":
		return len(parts) == 1 || !isMarkdown(parts[len(parts)-1])
	case parts[0] == ".gitbook":
		return len(parts) == 1 || parts[1] == "assets" && !isMarkdown(parts[len(parts)-1])
	}
	return false
}

// walk reads every file under root ("." for all) into files.
func (s *scanner) walk(root string, files map[string]*sourceFile, c *errs) {
	var toRead []string
	err := fs.WalkDir(s.fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == root {
				return nil
			}
			c.add(p, 0, 0, "cannot read: %v", cleanFSError(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == "." {
			return nil
		}
		if s.skipped(p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			files[p] = &sourceFile{path: p, warning: &Error{File: p, Msg: "symbolic link not followed", Kind: KindSymlink}}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		toRead = append(toRead, p)
		return nil
	})
	if err != nil {
		c.add("", 0, 0, "cannot read content: %v", err)
	}
	// Files are read and their front matter parsed in parallel.
	read := make([]*sourceFile, len(toRead))
	parallel(len(toRead), func(i int) { read[i] = s.read(toRead[i]) })
	for i, p := range toRead {
		if read[i] != nil {
			files[p] = read[i]
		}
	}
}

// read reads one file. Extensionless files are notes, not site files.
func (s *scanner) read(p string) *sourceFile {
	name := path.Base(p)
	if !isMarkdown(name) && path.Ext(name) == "" {
		return nil
	}
	f := &sourceFile{path: p, isPage: isMarkdown(name)}
	if s.lazy && !f.isPage && !isNavFile(p) {
		f.unread = true
		return f
	}
	var c errs
	src, err := fs.ReadFile(s.fsys, p)
	if err != nil {
		c.add(p, 1, 1, "cannot read: %v", cleanFSError(err))
		f.errs = c.list
		return f
	}
	if !f.isPage {
		f.data = src
		return f
	}
	src, ok := normalize(p, src, &c)
	if ok {
		f.meta, f.raw = parseFrontMatter(p, src, false, &c)
	}
	f.errs = c.list
	return f
}

// readSource reads a page's source again, as the scan read it, for a
// build that must render a page whose source a dev server let go
// (dropSources). A file changed since without a change reported is read
// as it is now; the change, once reported, goes through as any other.
func readSource(fsys fs.FS, file string, c *errs) []byte {
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		c.add(file, 1, 1, "cannot read: %v", cleanFSError(err))
		return nil
	}
	src, ok := normalize(file, src, c)
	if !ok {
		return nil
	}
	_, raw := parseFrontMatter(file, src, false, c)
	return raw
}

// update re-reads only the changed paths: each one is dropped with
// everything under it, then read again if it still exists.
func (s *scanner) update(files map[string]*sourceFile, changed []string, c *errs) {
	for _, p := range changed {
		p = path.Clean(strings.TrimPrefix(p, "/"))
		if p == "." {
			continue
		}
		for q := range files {
			if q == p || strings.HasPrefix(q, p+"/") {
				delete(files, q)
			}
		}
		if s.skipped(p) {
			continue
		}
		info, err := fs.Stat(s.fsys, p)
		if err != nil {
			continue // deleted, or renamed away
		}
		if info.IsDir() {
			s.walk(p, files, c)
			continue
		}
		if lst, ok := s.fsys.(interface {
			Lstat(string) (fs.FileInfo, error)
		}); ok {
			if li, err := lst.Lstat(p); err == nil && li.Mode()&fs.ModeSymlink != 0 {
				files[p] = &sourceFile{path: p, warning: &Error{File: p, Msg: "symbolic link not followed", Kind: KindSymlink}}
				continue
			}
		}
		if !info.Mode().IsRegular() {
			continue
		}
		if f := s.read(p); f != nil {
			files[p] = f
		}
	}
}

// sortedPaths returns the keys of a map of files, in order.
func sortedPaths[V any](files map[string]V) []string {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

// sources turns the scanned files into what load needs, in path order.
func sources(files map[string]*sourceFile, paths []string, site SiteConfig, drafts bool, t *tree, c *errs) []mdFile {
	mds := make([]mdFile, 0, len(paths))
	foreign := foreignKeys{}
	if t.public {
		t.internal = internalPaths(files, paths)
	}
	for _, p := range paths {
		f := files[p]
		c.list = append(c.list, f.errs...)
		if f.isPage {
			foreign.check(p, f.meta.unknown, site.Strict, c, &t.warnings)
		}
		switch {
		case t.internal.has(p):
			// left out of the public edition (edition.go)
		case f.warning != nil:
			t.warnings = append(t.warnings, *f.warning)
		case isNavFile(p) && len(f.errs) == 0:
			t.navFiles[p] = f.data
			if f.isPage {
				t.navFiles[p] = f.raw
			}
		case !f.isPage:
			out := publishedPath(p)
			if other, ok := t.files[out]; ok {
				// A hidden asset folder beside one of the same name
				// without the dot: one file would silently replace the
				// other.
				c.add(p, 1, 1, "is published at %s, as %s is: rename or move one of them", out, other.Src)
				continue
			}
			t.files[out] = staticFile{Src: p, data: f.data, unread: f.unread}
		case len(f.errs) > 0 && f.raw == nil:
			// unreadable or not UTF-8: already reported
		case f.meta.Draft && !drafts:
			t.drafts[p] = true
		default:
			mds = append(mds, mdFile{p, f.meta, f.raw, f.dropped})
		}
	}
	t.warnings = append(t.warnings, foreign.warnings()...)
	return mds
}

// foreignKeys gathers the front matter keys of other tools in a tree
// that is not strict, so that each is reported once, not once a file.
type foreignKeys map[string]*foreignKey

type foreignKey struct {
	first string // the file it is first seen in, in path order
	at    keyAt
	files int
}

// check reports a page's unknown keys: errors in a strict handbook,
// warnings with a suggestion for likely typos of our keys otherwise, and
// the rest gathered by key.
func (fk foreignKeys) check(file string, keys []keyAt, strict bool, c *errs, warnings *ErrorList) {
	for _, k := range keys {
		if strict {
			c.addKind(KindUnknownKey, file, k.line, k.col, "unknown front matter key %q%s", k.key, didYouMean(k.key, frontMatterKeys))
			continue
		}
		if typo := keyTypo(k.key); typo != "" {
			*warnings = append(*warnings, Error{File: file, Line: k.line, Col: k.col, Kind: KindUnknownKey,
				Msg: fmt.Sprintf("unknown front matter key %q (did you mean %q?)", k.key, typo)})
			continue
		}
		if e := fk[k.key]; e != nil {
			e.files++
		} else {
			fk[k.key] = &foreignKey{first: file, at: k, files: 1}
		}
	}
}

func (fk foreignKeys) warnings() ErrorList {
	var out ErrorList
	for _, key := range sortedPaths(fk) {
		e := fk[key]
		msg := fmt.Sprintf("front matter key %q is not one of handbook's: kept for layouts as .Page.Params", key)
		if e.files > 1 {
			msg += fmt.Sprintf(" (in %d files; the first is here)", e.files)
		}
		out = append(out, Error{File: e.first, Line: e.at.line, Col: e.at.col, Msg: msg, Kind: KindUnknownKey})
	}
	return out
}

// keyTypo returns the key of ours that key is one slip away from, or "".
// Another tool's keys are often ours with an s (images, image), so a
// plural is not a slip; short keys are too alike to judge.
func keyTypo(key string) string {
	if len(key) < 4 {
		return ""
	}
	for _, k := range frontMatterKeys {
		if strings.EqualFold(k, key) {
			return k
		}
		if k == key+"s" || key == k+"s" {
			continue
		}
		if levenshtein(strings.ToLower(key), strings.ToLower(k)) == 1 {
			return k
		}
	}
	return ""
}
