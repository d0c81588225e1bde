package generator

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"time"

	"github.com/rolehandbook/handbook/generator/internal/typography"
)

// View is what a layout receives. URLs in it are relative to the site
// root; layouts put {{.Root}} in front, so the output works from disk and
// under any sub-path.
type View struct {
	Site     SiteView
	Page     PageView
	Root     string        // relative path from this page to the site root, "" or "../.."
	Nav      []NavItem     // the sidebar as data, for themes that draw their own
	NavHTML  template.HTML // the sidebar's list items, drawn once per section
	Crumbs   []Link
	Prev     *Link
	Next     *Link
	Children []Link // for section pages: what the section holds

	// Roles lists the comparison data's roles, each linked to its
	// profile, on the home page only; nil elsewhere and without data.
	Roles []Link
	Extra any // kind-specific data from later stages
}

// SiteView describes the site as a whole.
type SiteView struct {
	Title       string
	Description string
	Language    string
	BaseURL     string
	Repository  string

	// Changes is the URL of the "what changed" page and Feed that of its
	// Atom feed; both are "" when no page has a date to list it by.
	Changes string
	Feed    string
}

// PageView describes the page being rendered.
type PageView struct {
	Title       string
	Description string
	Kind        string
	URL         string
	Src         string
	Content     template.HTML
	TOC         []TOCEntry
	LastMod     time.Time // when the page last changed; zero when unknown
	Canonical   string    // its absolute URL; "" without a base_url
	EditURL     string    // where to edit its source; "" without a repository
	Mermaid     bool      // the page has diagrams, so the layout loads mermaid

	// JSONLD is structured data for the head, such as a job
	// description's JobPosting; "" for most pages.
	JSONLD template.JS

	// Review is who keeps the page true and when it was last checked;
	// nil when its front matter, and the site's defaults, say nothing.
	Review *PageReview

	// Params holds the front matter keys of other tools, as written,
	// such as .Page.Params.questions in a tree made for another
	// generator.
	Params map[string]any
}

// Link is a titled URL relative to the site root.
type Link struct {
	Title       string
	URL         string
	Description string

	// Pages counts the pages of a section, its own index and those of
	// its subsections included; it is set on the home page's Children,
	// for an overview, and is 0 elsewhere.
	Pages int
}

// NavItem is one entry of the sidebar.
type NavItem struct {
	Title   string
	URL     string
	Section bool
	// Open marks the sections on the way to the current page, which the
	// sidebar shows open; the others start closed.
	Open bool
	// Children are the pages of a section the sidebar lists: always those
	// of open sections, and those of others within the sidebar's budget.
	Children []NavItem
}

// overlay is a file system whose upper layer shadows the lower one.
type overlay struct {
	upper, lower fs.FS
}

func (o overlay) Open(name string) (fs.File, error) {
	if o.upper != nil {
		if f, err := o.upper.Open(name); err == nil {
			return f, nil
		}
	}
	return o.lower.Open(name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	var firstErr error
	for _, layer := range []fs.FS{o.lower, o.upper} {
		if layer == nil {
			continue
		}
		ents, err := fs.ReadDir(layer, name)
		if err != nil {
			firstErr = err
			continue
		}
		for _, e := range ents {
			seen[e.Name()] = e
		}
	}
	if len(seen) == 0 && firstErr != nil {
		return nil, firstErr
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// layouts holds one parsed template set per page kind.
type layouts struct {
	byKind map[string]*template.Template
	// navData is whether a layout reads the sidebar as data (.Nav), not
	// only as its HTML (.NavHTML): then a page's sidebar cannot be
	// swapped in its cached bytes.
	navData bool
}

// navDataRE finds the field Nav, not NavHTML, in a template's text.
var navDataRE = regexp.MustCompile(`\.Nav\b`)

// funcs are the functions layouts may call besides the built-in ones.
var funcs = template.FuncMap{
	"rel": relURL, // rel FROM TO: the URL of TO relative to the page at FROM
}

// parseLayouts parses the base layout and partials once, then each kind's
// layout into its own clone.
func parseLayouts(theme fs.FS, kinds []string) (*layouts, error) {
	base := template.New("base.html").Funcs(funcs).Option("missingkey=error")
	if _, err := base.ParseFS(theme, "layouts/base.html"); err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	if partials, _ := fs.Glob(theme, "layouts/partials/*.html"); len(partials) > 0 {
		if _, err := base.ParseFS(theme, partials...); err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
	}
	l := &layouts{byKind: map[string]*template.Template{}}
	for _, k := range kinds {
		name := "layouts/" + k + ".html"
		if _, err := fs.Stat(theme, name); errors.Is(err, fs.ErrNotExist) {
			name = "layouts/page.html"
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(theme, name); err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		l.byKind[k] = t
		for _, tt := range t.Templates() {
			if tt.Tree != nil && tt.Tree.Root != nil && navDataRE.MatchString(tt.Tree.Root.String()) {
				l.navData = true
			}
		}
	}
	return l, nil
}

func (l *layouts) render(buf *bytes.Buffer, kind string, v *View) error {
	t, ok := l.byKind[kind]
	if !ok {
		t = l.byKind["page"]
	}
	return t.ExecuteTemplate(buf, "base.html", v)
}

// crumbs returns the breadcrumbs of a page: its section's, worked out
// once per section by prepareCrumbs.
func crumbs(p *Page) []Link {
	if p.Section == nil {
		return nil
	}
	if p.Section.crumbs != nil {
		return p.Section.crumbs
	}
	return crumbsOf(p.Section)
}

// prepareCrumbs works out every section's breadcrumbs before pages are
// rendered in parallel.
func (t *tree) prepareCrumbs() {
	for _, s := range t.sections {
		s.crumbs = crumbsOf(s)
	}
}

// crumbsOf lists the index pages from the root down to s.
func crumbsOf(s *Section) []Link {
	var out []Link
	for ; s != nil; s = s.Parent {
		out = append(out, Link{Title: s.Index.NavTitle(), URL: s.Index.URL})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func link(p *Page) *Link {
	if p == nil {
		return nil
	}
	l := linkOf(p)
	return &l
}

func linkOf(p *Page) Link {
	return Link{Title: p.NavTitle(), URL: p.URL, Description: typography.Quotes(p.Meta.Description)}
}

// childLinks lists what a section holds, for its index page. With count,
// each subsection's link says how many pages it holds.
func childLinks(s *Section, count bool) []Link {
	out := make([]Link, 0, len(s.Children))
	for _, c := range s.Children {
		l := linkOf(c)
		if count && c.Sub != nil {
			l.Pages = pagesIn(c.Sub)
		}
		out = append(out, l)
	}
	return out
}

// pagesIn counts the pages listed in a section and its subsections,
// its index included.
func pagesIn(s *Section) int {
	n := 0
	for _, c := range s.Children {
		if c.hiddenFromNav() {
			continue
		}
		n++
		if c.Sub != nil && c.Sub != s {
			n += pagesIn(c.Sub) - 1
		}
	}
	return n + 1
}

// pageDir is the folder of a page's URL, for resolving relative output paths.
func pageDir(u string) string {
	d := path.Dir(u)
	if d == "." {
		return ""
	}
	return d
}
