package generator

import (
	"bytes"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linker resolves links written in the content to output URLs.
type linker struct {
	t       *tree
	content fs.FS            // to tell a missing file from one left out
	urls    map[string]*Page // every page by output path

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
func (l *linker) byURL(u string) *Page { return l.urls[u] }

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
		if f, ok := l.t.files[full]; ok {
			return &target{file: f.Src}, true
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

// published finds a page by the URL another tool published it at, as
// trees link to them: a pretty URL (guide/x/ for guide/x.md), a .html
// name, a permalink, or any of these under the site's route prefix
// (/docs/guide/x when the site is served from /docs/). A root-relative
// link whose first part names nothing is tried without it.
func (l *linker) published(full string, rooted bool) (*target, bool) {
	try := func(full string) (*target, bool) {
		if tg, ok := l.lookup(strings.TrimSuffix(full, ".html"), false); ok && strings.HasSuffix(full, ".html") {
			return tg, true
		}
		dir := strings.TrimSuffix(strings.TrimSuffix(full, "/index.html"), ".html")
		for _, u := range []string{full, dir + "/index.html", slugDir(dir) + "/index.html"} {
			if dir == "" {
				u = "index.html"
			}
			if p := l.urls[u]; p != nil {
				return &target{page: p}, true
			}
		}
		l.aliasOnce.Do(l.indexAliases)
		if p := l.aliases[dir]; p != nil {
			return &target{page: p}, true
		}
		return nil, false
	}
	if tg, ok := try(full); ok {
		return tg, true
	}
	first, rest, nested := strings.Cut(full, "/")
	if !rooted || !nested || l.t.sections[first] != nil || l.t.bySrc[first+".md"] != nil {
		return nil, false
	}
	if tg, ok := l.lookup(rest, false); ok {
		return tg, true
	}
	return try(rest)
}

// mayBeLeftOut reports whether a path names what the build would leave
// out if it existed, so that only then is the file system asked.
func mayBeLeftOut(p string) bool {
	if path.Ext(p) == "" {
		return true
	}
	for _, part := range strings.Split(p, "/") {
		if ignoredName(part) || part == "node_modules" {
			return true
		}
	}
	return false
}

// indexAliases maps each page's aliases, and the URL its file name gave
// it before a permalink moved it, as paths without slashes at either end
// or a .html or index.html ending, to the page.
func (l *linker) indexAliases() {
	l.aliases = map[string]*Page{}
	for _, src := range sortedPaths(l.t.bySrc) {
		p := l.t.bySrc[src]
		old := p.Meta.Aliases
		if p.fileURL != "" {
			old = append([]string{p.fileURL}, old...)
		}
		for _, a := range old {
			a = strings.Trim(path.Clean("/"+a), "/")
			a = strings.TrimSuffix(strings.TrimSuffix(a, "index.html"), ".html")
			if a = strings.TrimSuffix(a, "/"); a != "" && l.aliases[a] == nil {
				l.aliases[a] = p
			}
		}
	}
}

// maxSuggestLen is the longest link target "did you mean" looks at:
// longer ones are not typos.
const maxSuggestLen = 200

// suggest names the existing page closest to a broken link target. Its
// cost is bounded whatever the number of broken links and the shape of
// the tree: each distinct target is judged once, against the pages and
// folders of its own folder (a typo in the name) and those with its name
// in other folders (a typo in the folder), never against every page.
func (l *linker) suggest(full string) string {
	if len(full) > maxSuggestLen {
		return ""
	}
	if h, ok := l.hints.Load(full); ok {
		return h.(string)
	}
	l.candsOnce.Do(l.indexCandidates)
	dir, base := path.Dir(full), path.Base(full)
	limit := len([]rune(base))/3 + 1
	best, bestD := "", -1
	consider := func(c string, d int) {
		if d <= limit && (bestD < 0 || d < bestD || d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	for _, c := range l.byDir[dir] {
		if cb := path.Base(c); abs(len(cb)-len(base)) <= limit {
			consider(c, levenshtein(base, cb))
		}
	}
	for _, c := range l.byBase[strings.ToLower(strings.TrimSuffix(base, path.Ext(base)))] {
		consider(c, levenshtein(full, c))
	}
	hint := ""
	if best != "" {
		hint = " (did you mean " + strconvQuote(best) + "?)"
	}
	l.hints.Store(full, hint)
	return hint
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// indexCandidates files every page and folder path by its folder and by
// its name without extension, lowercased.
func (l *linker) indexCandidates() {
	l.byDir, l.byBase = map[string][]string{}, map[string][]string{}
	add := func(c string) {
		if len(c) > maxSuggestLen {
			return
		}
		trimmed := strings.TrimSuffix(c, "/")
		l.byDir[path.Dir(trimmed)] = append(l.byDir[path.Dir(trimmed)], c)
		base := strings.ToLower(path.Base(trimmed))
		base = strings.TrimSuffix(base, path.Ext(base))
		l.byBase[base] = append(l.byBase[base], c)
	}
	for src := range l.t.bySrc {
		add(src)
	}
	for dir := range l.t.sections {
		if dir != "" {
			add(dir + "/")
		}
	}
	for _, m := range []map[string][]string{l.byDir, l.byBase} {
		for _, list := range m {
			sort.Strings(list)
		}
	}
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
	return strings.Repeat("../", n)
}

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

// plainDest undoes what other tools write into a link's destination and
// leave for their own templates to fill in, so that the link resolves as
// it did there:
//   - backslash escapes of punctuation, as CommonMark allows (#a\-b);
//   - a site variable in front, as Jekyll's {{ site.baseurl }}/x/, which
//     makes the link root-relative;
//   - a Liquid tag that names a path, as {% link x.md %} or
//     {% page "/x/#a" %}.
func plainDest(dest string) string {
	if strings.Contains(dest, `\`) {
		var b strings.Builder
		for i := 0; i < len(dest); i++ {
			if dest[i] == '\\' && i+1 < len(dest) && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", dest[i+1]) >= 0 {
				i++
			}
			b.WriteByte(dest[i])
		}
		dest = b.String()
	}
	switch {
	case strings.HasPrefix(dest, "{{") && !strings.HasPrefix(dest, "{{<") && !strings.HasPrefix(dest, "{{%"):
		if end := strings.Index(dest, "}}"); end > 0 {
			return "/" + strings.TrimPrefix(dest[end+2:], "/")
		}
	case strings.HasPrefix(dest, "{%") && strings.HasSuffix(dest, "%}"):
		fields := strings.Fields(strings.Trim(dest, "{%-} "))
		if len(fields) >= 2 {
			return strings.Trim(fields[1], `"'`)
		}
	}
	return dest
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

// anchorFix is a link whose fragment names a heading only loosely, in
// another case or by another tool's slug rules, and the id it means.
type anchorFix struct {
	anchorCheck
	id string
}

// looseAnchor returns the id of ids that frag names loosely: GitHub
// matches fragments without regard to case, and Docusaurus, MkDocs and
// Hugo each make ids by slightly different rules, so trees link to
// #Birthday-gift-budget or #dos--donts for the heading our rules make
// birthday-gift-budget or dos-donts. It returns "" when none matches.
func looseAnchor(frag string, ids map[string]bool) string {
	if unescaped, err := url.PathUnescape(frag); err == nil {
		frag = unescaped
	}
	frag = strings.ReplaceAll(frag, `\`, "") // a markdown escape, as in #a\-b
	for _, c := range []string{frag, strings.ToLower(frag), headingID(frag), headingID(strings.ReplaceAll(frag, "-", " ")), collapseHyphens(headingID(frag))} {
		if ids[c] {
			return c
		}
	}
	var folded []string
	bare := skeleton(frag)
	for id := range ids {
		if strings.EqualFold(id, frag) || skeleton(id) == bare {
			folded = append(folded, id)
		}
	}
	if len(folded) == 0 {
		return ""
	}
	sort.Strings(folded)
	return folded[0]
}

// skeleton keeps only the letters and digits of s, lowercased: the part
// of an id every tool's slug rules agree on. Kramdown makes
// other-people-s-money of the heading our rules make other-peoples-money.
func skeleton(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func collapseHyphens(s string) string {
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	return strings.Trim(s, "-")
}

// fixAnchors points each loose link at the id it means, in the page it
// is written in. The link was written before the other page's headings
// were known, so the fix is made in the page's HTML, on the one href the
// link became.
func fixAnchors(t *tree, fixes []anchorFix, cache *Cache) {
	byPage := map[*Page][]anchorFix{}
	for _, f := range fixes {
		if p := t.bySrc[f.file]; p != nil && p.html != nil {
			byPage[p] = append(byPage[p], f)
		}
	}
	for p, list := range byPage {
		html := p.html
		for _, f := range list {
			base, _, _ := strings.Cut(f.out, "#")
			old := []byte(`href="` + string(util.EscapeHTML(util.URLEscape([]byte(f.out), true))) + `"`)
			fixed := []byte(`href="` + string(util.EscapeHTML(util.URLEscape([]byte(base+"#"+f.id), true))) + `"`)
			html = bytes.Replace(html, old, fixed, 1)
		}
		p.html = html
		if cache != nil {
			p.htmlSum = cache.hashBytes(html)
		}
	}
}

// checkAnchors reports links to #fragments that no heading defines, and
// returns those that name one loosely, to be fixed.
func checkAnchors(checks []anchorCheck, c *errs) []anchorFix {
	var fixes []anchorFix
	// Suggestions are worked out once per page and fragment: a page with
	// thousands of broken links to one heading must not take minutes.
	type key struct {
		target   *Page
		fragment string
	}
	hints := map[key]string{}
	for _, a := range checks {
		if anchorFound(a, a.target.ids) {
			continue
		}
		if id := looseAnchor(a.fragment, a.target.ids); id != "" {
			fixes = append(fixes, anchorFix{a, id})
			continue
		}
		hint, ok := hints[key{a.target, a.fragment}]
		if !ok {
			ids := make([]string, 0, len(a.target.ids))
			for id := range a.target.ids {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			hint = didYouMean(a.fragment, ids)
			hints[key{a.target, a.fragment}] = hint
		}
		where := "this page"
		if a.target.Src != a.file {
			where = a.target.Src
			if where == "" {
				where = a.target.URL
			}
		}
		c.addKind(KindBrokenAnchor, a.file, a.line, a.col, "broken anchor %q: %s has no heading with id %q%s", a.dest, where, a.fragment, hint)
	}
	return fixes
}

// KindEmbed is the node kind of a fenced block rendered by an embedder.
var KindEmbed = ast.NewNodeKind("Embed")

// Embed holds the HTML an embedder made from a fenced block.
type Embed struct {
	ast.BaseBlock
	HTML []byte
}

// Kind implements ast.Node.
func (*Embed) Kind() ast.NodeKind { return KindEmbed }

// Dump implements ast.Node.
func (e *Embed) Dump(src []byte, level int) { ast.DumpHelper(e, src, level, nil, nil) }

type embedTransformer struct{}

func (embedTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil || st.embedder == nil {
		return
	}
	src := reader.Source()
	var blocks []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b, ok := n.(*ast.FencedCodeBlock); ok && entering {
			blocks = append(blocks, b)
		}
		return ast.WalkContinue, nil
	})
	for _, b := range blocks {
		if b.Info == nil {
			continue
		}
		lang := string(b.Language(src))
		var body bytes.Buffer
		for i := 0; i < b.Lines().Len(); i++ {
			seg := b.Lines().At(i)
			body.Write(seg.Value(src))
		}
		// The block's body starts on the line after its fence.
		line, _ := position(src, b.Info.Segment.Start)
		line++
		if out, ok := st.embedder.embed(st, lang, body.Bytes(), line); ok {
			b.Parent().ReplaceChild(b.Parent(), b, &Embed{HTML: out})
		}
	}
}

func (r *nodeRenderer) embedded(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.Write(node.(*Embed).HTML)
	}
	return ast.WalkSkipChildren, nil
}

// anchorFound reports whether a link's fragment names one of ids, the
// ids of the page it points at. Footnote ids are made by goldmark.
func anchorFound(a anchorCheck, ids map[string]bool) bool {
	return ids[a.fragment] || a.fragment == "" || strings.HasPrefix(a.fragment, "fn:") || strings.HasPrefix(a.fragment, "fnref:")
}
