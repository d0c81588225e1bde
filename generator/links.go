package generator

import (
	"bytes"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// linker resolves links written in the content to output URLs.
type linker struct {
	t       *tree
	content fs.FS          // to tell a missing file from one left out
	at      map[string]int // every page by output path: its place in t's allPages, the same in a copy of t

	// What "did you mean" compares a broken link with, made on first
	// need, and what it said for each target, since trees repeat their
	// broken links.
	aliasOnce sync.Once
	aliases   map[string]*Page // pages by the old URLs they redirect from

	candsOnce sync.Once
	byDir     map[string][]string // page and folder paths by their folder
	byBase    map[string][]string // and by their name without extension
	hints     sync.Map            // target → suggestion
}

// byURL returns the page at an output path, or nil.
func (l *linker) byURL(u string) *Page {
	if i, ok := l.at[u]; ok {
		return l.t.all[i]
	}
	return nil
}

// on returns a linker like l for t, a copy of l's tree (copyTree): the
// pages by URL are shared, the rest is made again on first need.
func (l *linker) on(t *tree) *linker {
	return &linker{t: t, content: l.content, at: l.at}
}

// anchorCheck is a link to a #fragment, checked once every page is parsed.
type anchorCheck struct {
	file      string
	line, col int
	target    *Page
	fragment  string
	dest      string
	out       string // the link as written into the page, for fixAnchors
}

// target is what a link resolves to: a page or a copied file.
type target struct {
	page *Page
	file string // output path of a static file
}

func (t target) url() string {
	if t.page != nil {
		return t.page.URL
	}
	return t.file
}

// isExternal reports whether dest has a scheme or is protocol-relative.
func isExternal(dest string) bool {
	if strings.HasPrefix(dest, "//") {
		return true
	}
	for i, r := range dest {
		switch {
		case r == ':':
			return i > 0
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return false
}

// dangerousURL reports whether a link would run code or smuggle content.
func dangerousURL(dest string) bool {
	switch schemeOf(dest) {
	case "javascript", "vbscript", "data":
		return true
	case "file": // a file on the reader's own disk; browsers refuse it from the web
		return true
	}
	return false
}

// resolve finds what dest, written in page from, points at. It returns
// the rewritten destination, or a message saying why it is broken.
func (l *linker) resolve(from *Page, dest string) (newDest string, tgt *target, frag string, problem string) {
	raw := dest
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		raw, frag = raw[:i], raw[i+1:]
	}
	if i := strings.IndexByte(raw, '?'); i >= 0 {
		raw = raw[:i]
	}
	p, err := url.PathUnescape(raw)
	if err != nil {
		return dest, nil, "", "link is not a valid URL path"
	}
	if p == "" {
		return dest, &target{page: from}, frag, ""
	}
	dir := path.Dir(from.Src)
	if from.Src == "" {
		dir = "."
	}
	var full string
	if strings.HasPrefix(p, "/") {
		full = path.Clean(strings.TrimPrefix(p, "/"))
	} else {
		full = path.Join(dir, p)
	}
	if full == ".." || strings.HasPrefix(full, "../") {
		return dest, nil, "", "link leaves the content folder"
	}
	if full == "." {
		full = ""
	}
	tg, ok := l.lookup(full, strings.HasSuffix(p, "/"))
	if !ok {
		tg, ok = l.published(full, strings.HasPrefix(p, "/"))
	}
	if !ok && !strings.HasPrefix(p, "/") && from.URL != "" {
		// Written for the published site, where a page's folder is its
		// pretty URL: from tools/slack/, getting-started/ is
		// tools/slack/getting-started/.
		if rel := path.Join(path.Dir(from.URL), p); rel != ".." && !strings.HasPrefix(rel, "../") {
			tg, ok = l.published(rel, false)
		}
	}
	if !ok {
		if why := l.t.internalLinkProblem(full); why != "" {
			return dest, nil, "", why
		}
		if l.t.drafts[full] || l.t.drafts[full+".md"] {
			return dest, nil, "", "link to a draft page, which is not built: remove the link or build with -drafts"
		}
		if l.content != nil && full != "" && mayBeLeftOut(full) {
			if _, err := fs.Stat(l.content, full); err == nil {
				return dest, nil, "", strconvQuote(full) + " exists but is left out of the site: hidden files and folders, editor leftovers, files without an extension and node_modules are not published"
			}
		}
		return dest, nil, "", "no page or file at " + strconvQuote(full) + l.suggest(full)
	}
	// GitHub shows a folder's README under #readme; that is the page itself.
	if tg.page != nil && frag == "readme" && (tg.page.Sub != nil || strings.EqualFold(path.Base(tg.page.Src), "README.md")) {
		frag = ""
	}
	out := relURL(from.URL, tg.url())
	if frag != "" {
		out += "#" + frag
	}
	return out, tg, frag, ""
}

func strconvQuote(s string) string { return `"` + s + `"` }

// lookup finds a page or file by its source path.
func (l *linker) lookup(full string, wantDir bool) (*target, bool) {
	if !wantDir {
		if p, ok := l.t.bySrc[full]; ok {
			if p.Sub != nil {
				return &target{page: p.Sub.Index}, true
			}
			return &target{page: p}, true
		}
		if _, ok := l.t.files[publishedPath(full)]; ok {
			return &target{file: publishedPath(full)}, true
		}
		for _, ext := range []string{".md", ".markdown"} {
			// As on GitHub, "x" names the folder x/ when there is one, not x.md.
			if p, ok := l.t.bySrc[full+ext]; ok && !strings.HasSuffix(full, "/") && l.t.sections[full] == nil {
				return &target{page: p}, true
			}
		}
	}
	if s, ok := l.t.sections[full]; ok {
		return &target{page: s.Index}, true
	}
	if p, ok := l.t.virtual[strings.TrimSuffix(strings.TrimSuffix(full, "/index.html"), "/")]; ok {
		return &target{page: p}, true
	}
	return nil, false
}

// relURL returns the URL of to relative to the page at from. Both are
// output paths; the result never starts with "/", so it works from disk
// and under any sub-path.
func relURL(from, to string) string {
	fromDir := path.Dir(from)
	if fromDir == "." {
		fromDir = ""
	}
	var fromParts []string
	if fromDir != "" {
		fromParts = strings.Split(fromDir, "/")
	}
	toParts := strings.Split(to, "/")
	i := 0
	for i < len(fromParts) && i < len(toParts)-1 && fromParts[i] == toParts[i] {
		i++
	}
	var b strings.Builder
	for range fromParts[i:] {
		b.WriteString("../")
	}
	for j, part := range toParts[i:] {
		if j > 0 {
			b.WriteByte('/')
		} else if b.Len() == 0 && strings.Contains(part, ":") {
			b.WriteString("./") // "a:b.png" alone would read as a URL with the scheme "a"
		}
		b.WriteString(url.PathEscape(part))
	}
	return b.String()
}

// rootPrefix returns the relative path from a page to the site root.
func rootPrefix(u string) string {
	n := strings.Count(u, "/")
	if 3*n <= len(ups) {
		return ups[:3*n] // no allocation at the depths pages have
	}
	return strings.Repeat("../", n)
}

const ups = "../../../../../../../../../../../../../../../../"

// linkTransformer rewrites links and images to the pages and files they
// name, and records broken ones with their position.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil || st.links == nil {
		return
	}
	src := reader.Source()
	var unsafe []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Link:
			if dangerousURL(string(v.Destination)) {
				unsafe = append(unsafe, v)
				break
			}
			v.Destination = st.rewrite(src, v.Destination, false)
		case *ast.Image:
			if dangerousURL(string(v.Destination)) {
				unsafe = append(unsafe, v)
				break
			}
			v.Destination = st.rewrite(src, v.Destination, true)
		case *ast.AutoLink:
			if dangerousURL(string(v.URL(src))) {
				unsafe = append(unsafe, v)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unsafe {
		unwrapUnsafe(n, src)
	}
}

// rewrite resolves one destination, recording errors at its position.
func (st *pageState) rewrite(src, destB []byte, image bool) []byte {
	dest := string(destB)
	line, col := st.locate(src, destB)
	if plain := plainDest(dest); plain != dest {
		dest, destB = plain, []byte(plain)
	}
	if dangerousURL(dest) {
		return nil
	}
	if dest == "" && image {
		// An empty destination cannot be searched for: find the "](" that
		// ends the image's text, and report the "![" that starts it.
		if j := bytes.Index(src[st.cursor:], []byte("](")); j >= 0 {
			end := st.cursor + j
			if k := bytes.LastIndex(src[:end], []byte("![")); k >= 0 {
				line, col = st.lines.position(src, k)
			}
			st.cursor = end + 2
		}
		st.errs.addKind(KindMissingImage, st.page.Src, line, col, "missing image: ![...]() names no file; write its path between the parentheses")
		return destB
	}
	if dest == "" || isExternal(dest) {
		return destB
	}
	if strings.HasPrefix(dest, "#") {
		st.checks = append(st.checks, anchorCheck{st.page.Src, line, col, st.page, dest[1:], dest, dest})
		return destB
	}
	out, tg, frag, problem := st.links.resolve(st.page, dest)
	st.deps = append(st.deps, linkDep{dest: dest, out: out, problem: problem})
	if problem != "" {
		kind := KindBrokenLink
		if image {
			kind = KindMissingImage
		}
		st.errs.addKind(kind, st.page.Src, line, col, "%s %q: %s", kind, dest, problem)
		return destB
	}
	if frag != "" && tg.page != nil {
		st.checks = append(st.checks, anchorCheck{st.page.Src, line, col, tg.page, frag, dest, out})
	}
	return []byte(out)
}

// locate finds where dest is written, searching forward from the previous
// link, so that errors can name the line and column.
func (st *pageState) locate(src, dest []byte) (int, int) {
	if len(dest) == 0 {
		line, col := st.lines.position(src, st.cursor)
		return line, col
	}
	i := bytes.Index(src[st.cursor:], dest)
	if i >= 0 {
		i += st.cursor
		st.cursor = i + len(dest)
	} else if i = bytes.Index(src, dest); i < 0 {
		i = st.cursor
	}
	return st.lines.position(src, i)
}
