package generator

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Edition says which readers a build is for. The internal edition, the
// default, holds everything; the public edition leaves out every page,
// passage and item of data marked internal. They are left out as the
// content is read, before anything is rendered, so that no output (pages,
// sidebar, search index, print and single-file editions, exports, sitemap,
// review files) can show them:
//
//   - a page whose front matter says internal: true is not part of the
//     site, and a section whose index page (_index.md, index.md or
//     README.md) says so takes every file in its folder with it; the home
//     page's index leaves out only itself;
//   - a passage of a page between :::internal and a line of ::: is cut
//     from the page's source, so its headings, links and footnotes go too;
//     the internal edition shows it in a callout labelled Internal;
//   - data marked internal: true is left out when it is loaded (see
//     package compare).
//
// A public page that links to an internal page is a broken link in the
// public edition.
type Edition string

// The editions a build can make.
const (
	EditionInternal Edition = "internal"
	EditionPublic   Edition = "public"
)

var editionNames = []string{string(EditionInternal), string(EditionPublic)}

// ParseEdition reads an edition's name; "" is the internal edition.
func ParseEdition(s string) (Edition, error) {
	switch Edition(s) {
	case "", EditionInternal:
		return EditionInternal, nil
	case EditionPublic:
		return EditionPublic, nil
	}
	return "", fmt.Errorf("unknown edition %q: use internal or public%s", s, didYouMean(s, editionNames))
}

// public reports whether the site config is that of the public edition.
func (cfg SiteConfig) public() bool { return Edition(cfg.Edition) == EditionPublic }

// withEdition settles which edition a build makes: the one the build is
// asked for, else handbook.toml's, else the internal edition.
func withEdition(site SiteConfig, asked Edition) SiteConfig {
	switch {
	case asked != "":
		site.Edition = string(asked)
	case site.Edition == "":
		site.Edition = string(EditionInternal)
	}
	return site
}

// checkEdition reports an edition in handbook.toml that is not one.
func checkEdition(cfg SiteConfig, src []byte, c *errs) {
	if _, err := ParseEdition(cfg.Edition); err != nil {
		c.add(configName, lineOf(src, "edition"), 1, "edition: %v", err)
	}
}

// forEdition empties the cache when its last build was of another
// edition, so that no page, memo or kept build of one edition is ever
// reused in the other.
func (c *Cache) forEdition(e Edition) {
	if c == nil || c.edition == e {
		return
	}
	fresh := NewCache()
	c.seed, c.md, c.out, c.memos = fresh.seed, fresh.md, fresh.out, fresh.memos
	c.files, c.sorted, c.site, c.kept = nil, nil, SiteConfig{}, nil
	c.shape, c.sameShape = 0, false
	c.navMemo = nil // hashed with the old seed
	c.edition = e
}

// leftOut is what the public edition leaves out of the content: pages
// marked internal, and the folders of index pages marked internal with
// every file in them.
type leftOut struct {
	paths map[string]bool // source paths
	dirs  map[string]bool // folders
}

// internalPaths finds what the public edition leaves out of the scanned
// files.
func internalPaths(files map[string]*sourceFile, paths []string) leftOut {
	out := leftOut{paths: map[string]bool{}, dirs: map[string]bool{}}
	marked := func(p string) bool {
		f := files[p]
		return f != nil && f.isPage && f.meta.Internal
	}
	for _, p := range paths {
		if dir := path.Dir(p); dir != "." && marked(p) && sectionIndex(files, dir) == p {
			out.dirs[dir] = true
		}
	}
	for _, p := range paths {
		if marked(p) || inDirs(p, out.dirs) {
			out.paths[p] = true
		}
	}
	return out
}

// has reports whether the public edition leaves out the file at p.
func (lo leftOut) has(p string) bool { return lo.paths[p] }

// sectionIndex returns the page that is the index of a folder: the first
// of its _index.md, index.md and README.md, or "".
func sectionIndex(files map[string]*sourceFile, dir string) string {
	for _, n := range indexNames {
		if f := files[path.Join(dir, n)]; f != nil && f.isPage {
			return path.Join(dir, n)
		}
	}
	return ""
}

// inDirs reports whether p is one of dirs or in one of them.
func inDirs(p string, dirs map[string]bool) bool {
	for q := p; q != "." && q != "/"; q = path.Dir(q) {
		if dirs[q] {
			return true
		}
	}
	return false
}

// internalLinkProblem says why a link to full is broken when the public
// edition left out what it names, or returns "".
func (t *tree) internalLinkProblem(full string) string {
	full = strings.TrimSuffix(full, "/")
	if t.internal.paths[full] && !isMarkdown(full) {
		return "links to a file of an internal section; the public edition leaves it out: remove the link or mark this page internal"
	}
	hit := t.internal.paths[full] || inDirs(full, t.internal.dirs)
	for _, ext := range []string{".md", ".markdown", ".mdx"} {
		hit = hit || t.internal.paths[full+ext]
	}
	if !hit {
		return ""
	}
	return "links to an internal page; the public edition leaves it out: remove the link or mark this page internal"
}

// internalPassages is the goldmark extension that reads internal
// passages:
//
//	:::internal
//	Text for the people the handbook is for, not for the public.
//	:::
//
// The opening line holds nothing after internal. The passage closes, as
// a Docusaurus admonition does, at a line of as many colons or more, and
// may hold any markdown, other callouts included. It renders as a callout
// labelled Internal. The public edition never renders one: renderMarkdown
// blanks its lines before the page is parsed (dropInternalPassages), and
// the public edition's parser removes any it still meets, as in markdown
// made plain for the search index, before any other step sees the page.
type internalPassages struct {
	public bool
}

// Extend implements goldmark.Extender.
func (e internalPassages) Extend(m goldmark.Markdown) {
	// Before the admonitions, whose fence it shares.
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(internalParser{}, 89)))
	if e.public {
		// Before the headings are collected, and every step after.
		m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(internalRemover{}, 10)))
	}
}

// internalClass is the callout class of an internal passage.
const internalClass = "internal"

// passageSpan is where an internal passage is written in a page's source.
type passageSpan struct {
	start, end int // from its first line to the end of its last
	extra      int // offset of text written after :::internal, or -1
}

// passagesKey holds, for the page being parsed, the span of each internal
// passage by its node; probeKey marks the parse that looks for them.
var passagesKey, probeKey = parser.NewContextKey(), parser.NewContextKey()

func passages(pc parser.Context) map[ast.Node]*passageSpan {
	if m, ok := pc.Get(passagesKey).(map[ast.Node]*passageSpan); ok {
		return m
	}
	m := map[ast.Node]*passageSpan{}
	pc.Set(passagesKey, m)
	return m
}

// internalParser reads :::internal … :::. The passage is an admonition of
// the internal class, so that the fences of callouts nested in it, and of
// those it is nested in, close what they should.
type internalParser struct{}

func (internalParser) Trigger() []byte { return []byte{':'} }

func (internalParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	i := colonRun(line, pos)
	const word = "internal"
	if i-pos < 3 || len(line) < i+len(word) || !bytes.EqualFold(line[i:i+len(word)], []byte(word)) {
		return nil, parser.NoChildren
	}
	// Whatever follows, the line opens a passage: a slip such as
	// ":::internal-notes" is reported rather than shown as text.
	rest := line[i+len(word):]
	a := &Admonition{Class: internalClass, Title: "Internal", fence: i - pos}
	span := &passageSpan{start: lineStart(seg) + pos, end: seg.Stop, extra: -1}
	if trimmed := bytes.TrimLeft(rest, " \t\r\n"); len(trimmed) > 0 {
		span.extra = lineStart(seg) + len(line) - len(trimmed)
	}
	if st := stateOf(pc); st != nil && span.extra >= 0 && pc.Get(probeKey) == nil {
		st.passageTitle(reader.Source(), span.extra)
	}
	passages(pc)[a] = span
	reader.AdvanceToEOL()
	return a, parser.HasChildren
}

func (internalParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	_, seg := reader.PeekLine()
	state := docusaurusParser{}.Continue(node, reader, pc)
	if span := passages(pc)[node]; span != nil && seg.Stop > span.end {
		span.end = seg.Stop
	}
	return state
}

func (internalParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (internalParser) CanInterruptParagraph() bool                                { return true }
func (internalParser) CanAcceptIndentedLine() bool                                { return false }

// passageTitle reports text after :::internal, which would otherwise
// replace the Internal label or be lost.
func (st *pageState) passageTitle(src []byte, off int) {
	line, col := position(src, off)
	st.errs.add(st.page.Src, line, col, "an internal passage takes nothing after :::internal: put its title on the next line, as a heading or in bold")
}

// internalRemover takes internal passages out of a page of the public
// edition, with the footnotes defined in them.
type internalRemover struct{}

func (internalRemover) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	spans := passages(pc)
	if len(spans) == 0 || pc.Get(probeKey) != nil {
		return
	}
	var cut []ast.Node
	var notes []*extast.Footnote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *Admonition:
			if spans[v] != nil {
				cut = append(cut, v)
			}
		case *extast.Footnote:
			notes = append(notes, v)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range cut {
		if n.Parent() == nil {
			continue // inside a passage removed already
		}
		// The page's list of footnotes is made where its first one is
		// defined, and holds the others too: it stays.
		_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if l, ok := c.(*extast.FootnoteList); ok && entering {
				l.Parent().RemoveChild(l.Parent(), l)
				doc.AppendChild(doc, l)
				return ast.WalkStop, nil
			}
			return ast.WalkContinue, nil
		})
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, fn := range notes {
		if at := blockStart(fn); at >= 0 && fn.Parent() != nil && inSpans(at, spans) {
			fn.Parent().RemoveChild(fn.Parent(), fn)
		}
	}
}

// blockStart is where the first line of a block's text is in the
// source, or -1.
func blockStart(n ast.Node) int {
	at := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			at = c.Lines().At(0).Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return at
}

func inSpans(off int, spans map[ast.Node]*passageSpan) bool {
	for _, s := range spans {
		if off >= s.start && off < s.end {
			return true
		}
	}
	return false
}

// dropInternalPassages returns a page's source for the public edition:
// with the lines of its internal passages blanked, so that the page
// renders as if they were never written, line numbers kept. The passages
// are found by parsing the page with the build's own parser, on a copy of
// its state, so that they are exactly those the internal edition shows.
func dropInternalPassages(md goldmark.Markdown, st *pageState, src []byte) []byte {
	if st.links == nil || !st.links.t.public || !mayHoldPassage(src) {
		return src
	}
	probe := &pageState{page: &Page{Src: st.page.Src, URL: st.page.URL, Meta: st.page.Meta}, links: st.links}
	pc := parser.NewContext()
	pc.Set(pageKey, probe)
	pc.Set(probeKey, true)
	md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	spans := passages(pc)
	if len(spans) == 0 {
		return src
	}
	out := bytes.Clone(src)
	for _, s := range spans {
		if s.extra >= 0 {
			st.passageTitle(src, s.extra)
		}
		for i := s.start; i < s.end && i < len(out); i++ {
			if out[i] != '\n' {
				out[i] = ' '
			}
		}
	}
	return out
}

// mayHoldPassage reports whether src has a line that could open an
// internal passage, so that other pages are parsed once.
func mayHoldPassage(src []byte) bool {
	return bytes.Contains(src, []byte(":::")) && bytes.Contains(bytes.ToLower(src), []byte(":::internal"))
}
