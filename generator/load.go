package generator

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/rolehandbook/handbook/generator/internal/typography"
)

// Section is a folder of the content tree. Every section has an index
// page: its _index.md, index.md or README.md, or a generated listing.
type Section struct {
	Dir      string // source folder, "" for the root
	Parent   *Section
	Index    *Page
	Children []*Page // pages and the index pages of subsections, in nav order
	Depth    int
	crumbs   []Link // the breadcrumbs of its pages, once titles are known
}

// Page is one HTML page of the site.
type Page struct {
	Src     string // source path in the content FS; "" for generated pages
	URL     string // output path, such as "guide/x/index.html"
	fileURL string // the URL its file name gives, when a permalink moved it
	Kind    string // home, section, page, or a kind added by a later stage
	Meta    FrontMatter
	Title   string
	Section *Section // the section the page is listed in; nil for the home page
	Sub     *Section // the section this page is the index of, if any

	raw []byte // source with front matter blanked
	// reread is set when a dev server let raw go once the page's
	// markdown was cached: a build that must render it again reads the
	// file again (readSource).
	reread bool
	gen    func(*host) []byte // makes the body of a generated page

	// printAs is the URL of the page that stands for this one in the
	// print and single-file editions, which leave it out: a job
	// description prints as its level, the level picker as its section.
	// "" for pages that are printed.
	printAs string
	html    []byte // rendered body
	packed  []byte // html, packed in a one-shot build once the page's markdown is rendered (packBody); html is then nil
	// htmlSum is a hash of html and TOC, for the render cache; 0 without
	// one.
	htmlSum uint64
	mermaid bool // whether html has a diagram, known when htmlSum is set
	TOC     []TOCEntry
	ids     map[string]bool
	h1      string // text of a leading H1 lifted out of the body
	// ld makes the JSON-LD a generated page puts in its head, given the
	// site's title; nil for pages without.
	ld func(siteTitle string) []byte

	Prev, Next *Page

	// The order and the sidebar title a tree's own order file gives the
	// page (navimport.go): a rank from 1, a weight, a label.
	navRank   int
	navWeight int
	navLabel  string

	n int // where the page is in its tree's allPages, for copyTree
}

// NavTitle is the short title used in the sidebar and breadcrumbs.
func (p *Page) NavTitle() string {
	switch {
	case p.Meta.LinkTitle != "":
		return typography.Quotes(p.Meta.LinkTitle)
	case p.navLabel != "":
		return typography.Quotes(p.navLabel)
	}
	return p.Title
}

// generated reports whether the page is made from data rather than
// written: a comparison, a role profile, a ladder page, or the listing
// of a section that no file made and that holds only such pages.
func (p *Page) generated() bool {
	if p.gen != nil {
		return true
	}
	if p.Src != "" || p.Sub == nil || len(p.Sub.Children) == 0 {
		return false
	}
	for _, c := range p.Sub.Children {
		if !c.generated() {
			return false
		}
	}
	return true
}

// hiddenFromNav reports whether a page is built but kept out of the
// sidebar: Docusaurus' unlisted and just-the-docs' nav_exclude.
func (p *Page) hiddenFromNav() bool {
	return p.Meta.Unlisted || p.Meta.NavExclude == true
}

// staticFile is a non-markdown file copied from the content tree.
type staticFile struct {
	Src    string
	data   []byte
	unread bool // data is read from the content as the file is written
}

// tree is the loaded content: sections, pages and static files.
type tree struct {
	root     *Section
	pages    []*Page // every page, in nav order once ordered
	bySrc    map[string]*Page
	sections map[string]*Section
	files    map[string]staticFile // by source path, which is also the output path
	drafts   map[string]bool       // source paths of drafts left out
	public   bool                  // the public edition, which leaves out what is internal
	internal leftOut               // what it leaves out (edition.go)
	navFiles map[string][]byte     // the tree's own order files, by path (navimport.go)
	virtual  map[string]*Page      // generated pages by the path links use, such as "compare/pm-vs-tpm"
	warnings ErrorList
	cache    *Cache  // the build's cache, or nil; per-page work of later stages is kept in it
	all      []*Page // allPages, once computed

	review *reviews // owners and review dates (review.go)
	roles  []Link   // the comparison's roles, linked to their profiles, for the home page

	// edit is held by a text edit, which changes the edited pages of a
	// dev server's kept build in place, and read-held to make a deferred
	// file from them; nil for other builds. A reshape changes a copy.
	edit *sync.RWMutex
}

var indexNames = []string{"_index.md", "index.md", "README.md"}

// published returns the paths that are part of the site: all but the
// files handbook.toml excludes and a README.md at the root beside an
// _index.md or index.md. The home page is then written for readers, and
// the README, which GitHub shows on the folder, for the handbook's
// authors.
func published(files map[string]*sourceFile, paths []string, cfg SiteConfig) []string {
	page := func(p string) bool { f := files[p]; return f != nil && f.isPage && f.warning == nil }
	notes := page("README.md") && (page("_index.md") || page("index.md"))
	if !notes && len(cfg.Exclude) == 0 {
		return paths
	}
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		if !(notes && p == "README.md") && !cfg.excludes(p) {
			out = append(out, p)
		}
	}
	return out
}

// ignoredName reports whether a file is an editor, VCS or OS artifact that
// must never become part of the site.
func ignoredName(name string) bool {
	switch {
	case strings.HasPrefix(name, "."),
		strings.HasPrefix(name, "#"),
		strings.HasSuffix(name, "~"),
		name == "4913",
		name == "Thumbs.db",
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swo"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".bck"), strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".bak"),
		strings.Contains(name, "___jb_tmp___"), strings.Contains(name, "___jb_old___"):
		return true
	}
	return false
}

// IgnoredName reports whether the watcher may ignore changes to a file.
func IgnoredName(name string) bool { return ignoredName(name) }

func isMarkdown(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".md" || ext == ".markdown" || ext == ".mdx"
}

// load walks the content FS and reads every page and file.
func load(files map[string]*sourceFile, paths []string, cfg SiteConfig, drafts bool, c *errs) *tree {
	t := newTree(len(files), cfg)
	mds := sources(files, published(files, paths, cfg), cfg, drafts, t, c)

	// Sections exist for every folder that holds a page, and their parents.
	for _, m := range mds {
		t.section(path.Dir(m.src))
	}
	urls := t.placePages(mds, t.indexSources(mds), c)
	t.addListings(cfg.Title)
	t.linkChildren()
	for out, f := range t.files {
		if _, clash := urls[out]; clash {
			c.add(f.Src, 0, 0, "file has the same path as a generated page: rename it")
		}
	}
	return t
}

// newTree returns a tree with only its root section, sized for a
// content tree of n files.
func newTree(n int, cfg SiteConfig) *tree {
	t := &tree{
		bySrc:    make(map[string]*Page, n),
		sections: map[string]*Section{},
		files:    map[string]staticFile{},
		drafts:   map[string]bool{},
		public:   cfg.public(),
		navFiles: map[string][]byte{},
		virtual:  map[string]*Page{},
	}
	t.root = &Section{}
	t.sections[""] = t.root
	return t
}

// indexSources returns the sources that are the index of a section: the
// first of its index names that the folder holds or, for a folder x/
// without one, an x.md beside it.
func (t *tree) indexSources(mds []mdFile) map[string]bool {
	mdSet := make(map[string]bool, len(mds))
	for _, m := range mds {
		mdSet[m.src] = true
	}
	isIndex := map[string]bool{}
	for dir := range t.sections {
		for _, n := range indexNames {
			if p := path.Join(dir, n); mdSet[p] {
				isIndex[p] = true
				break
			}
		}
	}
	for _, m := range mds {
		dir := strings.TrimSuffix(m.src, path.Ext(m.src))
		if _, ok := t.sections[dir]; ok && !hasIndex(isIndex, dir) && !isIndex[m.src] {
			isIndex[m.src] = true
		}
	}
	return isIndex
}

// placePages makes a page of each source, as the index of its section or
// as a page listed in its folder's, and gives it its URL. A page whose
// URL is too long or already taken is reported and left out. It returns
// the source of each page by URL.
func (t *tree) placePages(mds []mdFile, isIndex map[string]bool, c *errs) map[string]string {
	urls := make(map[string]string, len(mds))
	for _, m := range mds {
		p := &Page{Src: m.src, Meta: m.meta, raw: m.raw, reread: m.dropped, Kind: "page"}
		// A second candidate for a section's index is kept as an ordinary page.
		if !isIndex[m.src] || !t.placeIndex(p) {
			t.placePage(p)
		}
		if u := permalinkURL(p.Meta.Permalink); u != "" && u != p.URL {
			p.fileURL, p.URL = p.URL, u
		}
		if seg := longSegment(p.URL); seg != "" {
			c.add(m.src, 1, 1, "the page's URL has a part of %d bytes, more than the %d a file name may have: shorten the slug or the file name (%.40s…)", len(seg), maxSegment, seg)
			continue
		}
		if other, dup := urls[p.URL]; dup {
			c.add(m.src, 1, 1, "page has the same URL %q as %s: rename one of them or set a slug", p.URL, other)
			continue
		}
		urls[p.URL] = m.src
		t.bySrc[m.src] = p
	}
	return urls
}

// placeIndex makes p the index page of the section its source stands
// for, and reports whether it did: not when that section has one already.
func (t *tree) placeIndex(p *Page) bool {
	dir := path.Dir(p.Src)
	if !isIndexName(path.Base(p.Src)) {
		dir = strings.TrimSuffix(p.Src, path.Ext(p.Src))
	}
	s := t.section(dir)
	if s.Index != nil {
		return false
	}
	s.Index = p
	p.Sub = s
	p.Section = s.Parent
	p.Kind = "section"
	if s == t.root {
		p.Kind = "home"
	}
	p.URL = sectionURL(s, p.Meta.Slug)
	return true
}

// placePage puts p in the section of its folder, with the URL its file
// name or slug gives.
func (t *tree) placePage(p *Page) {
	p.Section = t.section(path.Dir(p.Src))
	p.URL = pageURL(p.Src, p.Meta.Slug)
	if _, clash := t.sections[strings.TrimSuffix(p.Src, path.Ext(p.Src))]; clash {
		// x.md beside x/ that has its own index: keep both.
		p.URL = strings.TrimSuffix(p.URL, "/index.html") + ".html"
	}
}

// addListings gives each section without an index a generated listing
// page, titled after its folder or, at the root, after the site.
func (t *tree) addListings(siteTitle string) {
	for _, s := range t.sectionsSorted() {
		if s.Index == nil {
			p := &Page{Sub: s, Section: s.Parent, Kind: "section", URL: sectionURL(s, "")}
			if s == t.root {
				p.Kind = "home"
			}
			p.Meta.Title = humanize(path.Base(s.Dir))
			if s.Dir == "" {
				p.Meta.Title = siteTitle
			}
			s.Index = p
		}
	}
}

// linkChildren lists each page in its section, and the index page of
// each section in its parent.
func (t *tree) linkChildren() {
	for _, p := range t.bySrc {
		if p.Sub == nil {
			p.Section.Children = append(p.Section.Children, p)
		}
	}
	for _, s := range t.sections {
		if s.Parent != nil {
			s.Parent.Children = append(s.Parent.Children, s.Index)
		}
	}
}

func hasIndex(isIndex map[string]bool, dir string) bool {
	for _, n := range indexNames {
		if isIndex[path.Join(dir, n)] {
			return true
		}
	}
	return false
}

func isIndexName(n string) bool {
	for _, x := range indexNames {
		if n == x {
			return true
		}
	}
	return false
}

// section returns the section for dir, creating it and its parents.
func (t *tree) section(dir string) *Section {
	if dir == "." {
		dir = ""
	}
	if s, ok := t.sections[dir]; ok {
		return s
	}
	parentDir := path.Dir(dir)
	parent := t.section(parentDir)
	s := &Section{Dir: dir, Parent: parent, Depth: parent.Depth + 1}
	t.sections[dir] = s
	return s
}

func (t *tree) sectionsSorted() []*Section {
	out := make([]*Section, 0, len(t.sections))
	for _, s := range t.sections {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Dir < out[j].Dir })
	return out
}

// normalize checks that src is UTF-8 and removes a BOM and CR line endings.
func normalize(file string, src []byte, c *errs) ([]byte, bool) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, n := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		line, col := position(src, off)
		c.add(file, line, col, "invalid UTF-8 (byte 0x%02x): save the file as UTF-8", src[off])
		return nil, false
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src, true
}

func cleanFSError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// humanize turns a file name into a title: "key-differences" → "Key differences".
func humanize(name string) string {
	name = strings.TrimSuffix(name, path.Ext(name))
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	name = strings.TrimSpace(name)
	if name == "" {
		return "Untitled"
	}
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:]
}
