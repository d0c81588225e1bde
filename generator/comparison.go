package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/yuin/goldmark"
	xhtml "golang.org/x/net/html"

	"github.com/rolehandbook/handbook/generator/compare"
	"github.com/rolehandbook/handbook/generator/internal/typography"
)

// dataDir is the folder of the content that holds comparison data.
const dataDir = "data"

// comparison wires the comparison model into a build: generated pages,
// embeds in markdown, and the exports.
type comparison struct {
	data *compare.Data
	md   goldmark.Markdown
	jobs map[string][]byte // the job descriptions as markdown and text, by path (ladders_jobs.go)

	// rendered holds the HTML of data text that renders the same on every
	// page (no links, no problems), by text: a ladder shows one
	// expectation on its ladder, level, step and job pages.
	rendered *sync.Map

	links *linker // the build's, once its pages are rendered: the picker's scripts resolve links with it (ladders_picker.go)
}

func newComparison(data *compare.Data, md goldmark.Markdown) *comparison {
	return &comparison{data: data, md: md, rendered: &sync.Map{}}
}

// withLinks returns the comparison resolving links with lk, for a tree
// copied from the one it was made for; what it rendered is shared.
func (cmp *comparison) withLinks(lk *linker) *comparison {
	c := *cmp
	c.links = lk
	return &c
}

// loadComparison reads and validates the data, reporting problems as
// errors or warnings.
func loadComparison(t *tree, cfg Config, site SiteConfig, c *errs) *compare.Data {
	now := cfg.Now
	if now.IsZero() {
		now = time.Now()
	}
	type loaded struct {
		data  *compare.Data
		probs []compare.Problem
	}
	// The data is read again only when a data file, the date or the
	// staleness budget changed.
	loadData := compare.Load
	if site.public() {
		loadData = compare.LoadPublic // a cache holds one edition (edition.go)
	}
	load := func() any {
		data, probs := loadData(cfg.Content, dataDir, now, site.StaleMonths)
		return loaded{data, probs}
	}
	var l loaded
	if key := dataKey(t.cache, cfg.Content, now, site.StaleMonths); key != 0 {
		l = t.cache.memo("data", dataDir, key, load).(loaded)
	} else {
		l = load().(loaded)
	}
	data, probs := l.data, l.probs
	for _, p := range probs {
		e := Error{File: p.Pos.File, Line: p.Pos.Line, Col: p.Pos.Col, Msg: p.Msg, Kind: Kind(p.Kind)}
		if p.Warning {
			t.warnings = append(t.warnings, e)
		} else {
			c.list = append(c.list, e)
		}
	}
	if data == nil {
		return nil
	}
	data.SetLanguage(site.Language)
	var srcs []string // page sources, listed only if a suggestion is needed
	for _, r := range data.Roles {
		if r.Page != "" && t.bySrc[path.Clean(r.Page)] == nil {
			if t.internal.has(path.Clean(r.Page)) {
				c.add(r.PagePos.File, r.PagePos.Line, r.PagePos.Col, "role %q names page %q, which is internal: the public edition leaves it out; mark the role internal too, or name a public page", r.ID, r.Page)
				continue
			}
			if srcs == nil {
				for src := range t.bySrc {
					srcs = append(srcs, src)
				}
				sort.Strings(srcs)
			}
			c.add(r.PagePos.File, r.PagePos.Line, r.PagePos.Col, "role %q names page %q, which does not exist%s", r.ID, r.Page, didYouMean(r.Page, srcs))
		}
	}
	return data
}

// addPages puts the compare index, the pair pages, the sources page and
// a profile per role into the tree.
func (cmp *comparison) addPages(t *tree, c *errs) {
	d := cmp.data
	taken := map[string]string{}
	for _, p := range t.bySrc {
		taken[p.URL] = p.Src
	}
	add := func(p *Page, key string) {
		if src, clash := taken[p.URL]; clash {
			c.add(src, 1, 1, "page has the URL %q that the comparison data generates: rename or move it", p.URL)
			return
		}
		taken[p.URL] = "(generated)"
		t.virtual[key] = p
	}

	sec := t.section("compare")
	if sec.Index != nil && sec.Index.Src != "" {
		c.add(sec.Index.Src, 1, 1, "compare/ holds the generated comparison pages: move this page elsewhere")
		return
	}
	isNew := sec.Index == nil
	index := &Page{Kind: "compare", URL: compare.IndexURL, Sub: sec, Section: sec.Parent}
	index.Meta.Title = "Compare roles"
	index.Meta.LinkTitle = "Compare"
	index.Meta.Description = "Every role side by side, dimension by dimension, with sources."
	index.gen = func(h *host) []byte { return []byte(d.IndexHTML(h)) }
	if !isNew {
		replaceChild(sec.Parent, sec.Index, index)
	} else {
		sec.Parent.Children = append(sec.Parent.Children, index)
	}
	sec.Index = index
	add(index, "compare")

	for i, pair := range d.Pairs() {
		a, b := pair[0], pair[1]
		p := &Page{Kind: "pair", URL: compare.PairURL(a, b), Section: sec}
		p.Meta.Title = a.Label() + " vs " + b.Label()
		p.Meta.Description = a.Name + " and " + b.Name + " compared, dimension by dimension."
		p.Meta.Weight = i + 1
		p.gen = func(h *host) []byte { return []byte(d.PairHTML(h, a, b)) }
		if len(d.Roles) == 2 {
			p.printAs = index.URL // the matrix of all roles is this table
		}
		sec.Children = append(sec.Children, p)
		add(p, strings.TrimSuffix(p.URL, "/index.html"))
	}
	sources := &Page{Kind: "sources", URL: compare.SourcesURL, Section: sec}
	sources.Meta.Title = "Data sources"
	sources.Meta.Description = "Where every figure and fact in the comparison comes from."
	sources.Meta.Weight = 1000
	sources.gen = func(h *host) []byte { return []byte(d.SourcesHTML(h)) }
	sec.Children = append(sec.Children, sources)
	add(sources, "compare/sources")

	roles := t.section("roles")
	if roles.Index == nil {
		idx := &Page{Kind: "section", URL: sectionURL(roles, ""), Sub: roles, Section: roles.Parent}
		idx.Meta.Title = "Roles"
		roles.Index = idx
		roles.Parent.Children = append(roles.Parent.Children, idx)
	}
	cmp.addLadders(roles, add)
	for _, r := range d.Roles {
		p := &Page{Kind: "role", URL: compare.ProfileURL(r), Section: roles}
		p.Meta.Title = r.Name + " at a glance"
		p.Meta.LinkTitle = r.Label() + " at a glance"
		p.Meta.Description = r.Summary
		p.Meta.Weight = 900
		pageURL := ""
		if rp := t.bySrc[path.Clean(r.Page)]; r.Page != "" && rp != nil {
			pageURL = rp.URL
		}
		p.gen = func(h *host) []byte { return []byte(d.ProfileHTML(h, r, pageURL)) }
		roles.Children = append(roles.Children, p)
		add(p, "roles/"+r.ID)
		t.roles = append(t.roles, Link{Title: typography.Quotes(r.Name), URL: p.URL, Description: typography.Quotes(r.Summary)})
	}
}

func replaceChild(s *Section, old, new *Page) {
	if s == nil {
		return
	}
	for i, c := range s.Children {
		if c == old {
			s.Children[i] = new
		}
	}
}

// host renders comparison HTML for one page.
type host struct {
	st *pageState
	md goldmark.Markdown
}

// URL implements compare.Host.
func (h *host) URL(rootPath string) string { return relURL(h.st.page.URL, rootPath) }

// Markdown implements compare.Host. Links in data are written relative to
// the content root; their problems are reported in the data file.
func (h *host) Markdown(text string, pos compare.Pos) template.HTML {
	if plain, ok := plainInline(text); ok {
		return template.HTML(plain)
	}
	cmp, _ := h.st.embedder.(*comparison)
	if cmp != nil {
		if out, ok := cmp.rendered.Load(text); ok {
			return out.(template.HTML)
		}
	}
	p := &Page{URL: h.st.page.URL, raw: []byte(text)}
	st := &pageState{page: p, links: h.st.links}
	renderMarkdown(h.md, st)
	for _, e := range st.errs.list {
		if e.Line <= 1 {
			e.Col = pos.Col
		}
		e.File, e.Line = pos.File, pos.Line
		h.st.errs.list = append(h.st.errs.list, e)
	}
	for _, a := range st.checks {
		a.file, a.line, a.col = pos.File, pos.Line, pos.Col
		h.st.checks = append(h.st.checks, a)
	}
	// The host page depends on these links too: the cache must see them.
	h.st.deps = append(h.st.deps, st.deps...)
	out := bytes.TrimSpace(p.html)
	if bytes.HasPrefix(out, []byte("<p>")) && bytes.HasSuffix(out, []byte("</p>")) && bytes.Count(out, []byte("<p>")) == 1 {
		out = out[3 : len(out)-4]
	}
	if cmp != nil && len(st.errs.list) == 0 && len(st.checks) == 0 && len(st.deps) == 0 {
		cmp.rendered.Store(text, template.HTML(out))
	}
	return template.HTML(out)
}

// embed implements embedder for ```compare blocks.
func (cmp *comparison) embed(st *pageState, lang string, body []byte, line int) ([]byte, bool) {
	if compare.IsLadderEmbed(lang, body) {
		return cmp.embedLadder(st, lang, body, line)
	}
	if lang != "compare" {
		return nil, false
	}
	if cmp.data == nil {
		st.errs.add(st.page.Src, line-1, 1, "compare block, but there is no comparison data: add a data file to %s/", dataDir)
		return nil, true
	}
	st.embeds++
	if st.embeds > compare.MaxPageEmbeds {
		if st.embeds == compare.MaxPageEmbeds+1 {
			st.errs.add(st.page.Src, line-1, 1, "more than %d compare blocks on one page: split the page", compare.MaxPageEmbeds)
		}
		return nil, true
	}
	e, probs := cmp.data.ParseEmbed(body, st.page.Src, line, fmt.Sprintf("compare-%d", st.embeds))
	for _, p := range probs {
		st.errs.add(p.Pos.File, p.Pos.Line, p.Pos.Col, "%s", p.Msg)
	}
	if e == nil {
		return nil, true
	}
	// A short block can ask for the whole matrix, so the page, not the
	// block, is what is bounded.
	st.cells += len(e.Table.Roles) * len(e.Table.Dimensions)
	if st.cells > compare.MaxPageCells {
		st.errs.add(st.page.Src, line-1, 1, "the compare blocks of this page show more than %d cells in all: narrow them with roles: and dimensions:, or split the page", compare.MaxPageCells)
		return nil, true
	}
	return []byte(cmp.data.TableHTML(&host{st: st, md: cmp.md}, e.Table)), true
}

// collectIDs returns the element ids in an HTML fragment, for checking
// links to generated pages.
func collectIDs(b []byte) map[string]bool {
	ids := map[string]bool{}
	z := xhtml.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return ids
		}
		if tt == xhtml.StartTagToken || tt == xhtml.SelfClosingTagToken {
			for _, a := range z.Token().Attr {
				if a.Key == "id" {
					ids[a.Val] = true
				}
			}
		}
	}
}

// dataKey hashes the data files and what judging them depends on; zero
// (no caching) when there is no cache or a file cannot be read.
func dataKey(c *Cache, fsys fs.FS, now time.Time, staleMonths int) uint64 {
	if c == nil {
		return 0
	}
	ents, err := fs.ReadDir(fsys, dataDir)
	if err != nil {
		return 0
	}
	parts := []string{now.Format("2006-01-02"), strconv.Itoa(staleMonths)}
	for _, e := range ents {
		if !compare.IsDataFile(e.Name()) {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dataDir, e.Name()))
		if err != nil {
			return 0
		}
		parts = append(parts, e.Name(), string(b))
	}
	return c.hash(parts...)
}

// plainInline returns text as markdown would render it, when it is one
// line of words that no markdown rule, extension or typographic
// replacement changes: letters, digits, spaces and ,.;()?%/ only, no two
// dots in a row, and a letter first. Most data text is such a sentence,
// and goldmark's parse is most of what rendering a ladder costs.
func plainInline(text string) (string, bool) {
	t := strings.TrimSpace(text)
	if t == "" || strings.Contains(t, "..") {
		return "", false
	}
	for i, r := range t {
		switch {
		case unicode.IsLetter(r):
		case i == 0:
			return "", false
		case r == ' ' || unicode.IsDigit(r) || strings.ContainsRune(",.;()?%/", r):
		default:
			return "", false
		}
	}
	for i := 0; i+3 <= len(t); i++ {
		if strings.EqualFold(t[i:i+3], "www") {
			return "", false // linkify
		}
	}
	return t, true
}
