package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"
)

// Report is what Check found in a handbook.
type Report struct {
	Errors   ErrorList
	Warnings ErrorList
	// External lists every link to another site, sorted by host, URL and
	// position. Check never fetches them.
	External []ExternalLink
	// Pages is how many pages were checked; zero when errors stopped the
	// build before the whole-site checks could run.
	Pages int

	// Review lists every page, data file and dimension with an owner or
	// a review date, sorted by path, judged at Date, the build date.
	Review []ReviewItem
	Date   time.Time
}

// ExternalLink is a link to another site and where it is written. File
// is empty for a link on a generated page whose source was not found;
// Page then names the page.
type ExternalLink struct {
	URL       string
	Host      string // such as "en.wikipedia.org", or "mailto:" for links without a host
	File      string
	Line, Col int
	Page      string // output path of the first page that shows it
}

// Check builds the handbook as Build does, writes nothing, and reports
// every problem the build reports, each an error or a warning as the
// build makes it, together with those that need the whole built site at
// once. A build whose only errors are broken links and missing images
// lays out every page (see Build), so the whole-site checks read it too.
//
//   - broken links and #anchors, links to drafts and missing images, in
//     pages and in data cells: errors, or warnings when handbook.toml sets
//     broken_links = "warning" (missing images only when the tree is not
//     strict);
//   - the same element id twice on one page, such as two headings with the
//     same {#id}: an error, since links reach only the first;
//   - orphans: pages that cannot be reached from the home page by following
//     links in the built site (text, sidebar, listings, breadcrumbs,
//     previous and next). The default theme lists every page in the
//     sidebar, so orphans appear when a theme draws a smaller sidebar;
//     a page that only the sidebar links to is not an orphan;
//   - links without text, links with an empty target, and images without
//     alt text: warnings; an image with no alt attribute at all is an error;
//   - stale comparison data: warnings.
//
// Every problem is placed at the file, line and column where it is
// written. An error that stops the build, such as front matter that does
// not parse, stops the whole-site checks; what the build found before it
// stopped, warnings included, is still reported, from the one build.
// Check returns an error other than an ErrorList only when the build
// cannot run at all, such as for a broken theme.
func Check(cfg Config) (*Report, error) {
	cfg.Content = newNoFollowFS(cfg.Content)
	built := cfg
	// The checks read the pages; the files made from all of them (the
	// search index, the print edition, the site index) are left unmade,
	// which keeps check's memory to the pages'.
	built.Defer = true
	sink := newCheckSink()
	built.Sink = sink
	res, err := Build(built)
	var list ErrorList
	if err != nil && !errors.As(err, &list) {
		return nil, err
	}
	// The build's own problems, as a build reports them.
	rep := &Report{Errors: list, Warnings: res.Warnings}
	if res.Output == nil {
		// An error that stops the build before its pages are laid out
		// stops the whole-site checks too.
		return rep, nil
	}
	var found errs
	var warn errs
	sc := newSiteChecker(cfg.Content, res, sink)
	sc.duplicateIDs(&found)
	sc.orphans(&warn)
	rep.External = sc.bodies(&found, &warn)
	rep.Errors = append(rep.Errors, prefixErrors(found.list, cfg.Name).(ErrorList)...).sorted()
	rep.Warnings = append(rep.Warnings, prefixErrors(warn.list, cfg.Name).(ErrorList)...).sorted()
	for i := range rep.External {
		if f := rep.External[i].File; f != "" && cfg.Name != "" && cfg.Name != "." {
			rep.External[i].File = path.Join(cfg.Name, f)
		}
	}
	rep.Pages = res.Output.Pages
	rep.Review, rep.Date = checkReviews(cfg, res)
	var co errs
	compareCodeOwners(cfg.CodeOwners, rep.Review, cfg.Name, &co)
	rep.Warnings = append(rep.Warnings, co.list...).sorted()
	for i := range rep.Review {
		rep.Review[i].File = prefixErrors(ErrorList{{File: rep.Review[i].File}}, cfg.Name).(ErrorList)[0].File
	}
	return rep, nil
}

// isBrokenLink reports whether a build problem is a link or anchor that
// resolves to nothing: the problems broken_links = "warning" turns into
// warnings. Missing images stay errors: a page with a hole in it is
// worse than a link that leads nowhere.
func isBrokenLink(e Error) bool {
	return e.Kind == KindBrokenLink || e.Kind == KindBrokenAnchor
}

// isMissingImage reports whether a build problem is an image that names
// no file of the handbook.
func isMissingImage(e Error) bool { return e.Kind == KindMissingImage }

// stopping reports whether a build's errors stop it before its pages are
// laid out: any error but a broken link or a missing image.
func (l ErrorList) stopping() bool {
	for _, e := range l {
		if !isBrokenLink(e) && !isMissingImage(e) {
			return true
		}
	}
	return false
}

// applyBrokenLinks moves broken links and anchors from the errors to the
// warnings when the site's broken_links setting asks, and missing images
// too in a tree that is not strict.
func applyBrokenLinks(site SiteConfig, c *errs, t *tree) {
	if site.BrokenLinks != "warning" {
		return
	}
	kept := c.list[:0]
	for _, e := range c.list {
		if isBrokenLink(e) || !site.Strict && isMissingImage(e) {
			t.warnings = append(t.warnings, e)
		} else {
			kept = append(kept, e)
		}
	}
	c.list = kept
}

// siteChecker runs the checks that need every built page.
type siteChecker struct {
	scans *checkSink
	pages []*Page // sorted by URL
	loc   *locator
	data  []string // data files, searched for links shown on generated pages
}

func newSiteChecker(content fs.FS, res *Result, scans *checkSink) *siteChecker {
	sc := &siteChecker{scans: scans, loc: &locator{fsys: content, src: map[string][]byte{}, cursor: map[[2]string]int{}, lines: map[string]*lineIndex{}}}
	sc.pages = append(sc.pages, res.tree.pages...)
	sort.Slice(sc.pages, func(i, j int) bool { return sc.pages[i].URL < sc.pages[j].URL })
	ents, _ := fs.ReadDir(content, dataDir)
	for _, e := range ents {
		if e.Type().IsRegular() {
			file := path.Join(dataDir, e.Name())
			if b, err := fs.ReadFile(content, file); err == nil {
				sc.loc.src[file] = b
				sc.data = append(sc.data, file)
			}
		}
	}
	if b, err := fs.ReadFile(content, configName); err == nil {
		sc.loc.src[configName] = b
		sc.data = append(sc.data, configName)
	}
	return sc
}

// at places a problem found in the built page p: at the source position
// found by find, else at the top of p's file, else in the message.
func at(c *errs, p *Page, line, col int, format string, args ...any) {
	if p.Src == "" {
		c.add("", 0, 0, "generated page %s: %s", p.URL, fmt.Sprintf(format, args...))
		return
	}
	if line == 0 {
		line, col = 1, 1
	}
	c.add(p.Src, line, col, format, args...)
}

// duplicateIDs reports ids given to more than one element of a page.
func (sc *siteChecker) duplicateIDs(c *errs) {
	for _, p := range sc.pages {
		for _, id := range sc.scans.pages[p.URL].dupIDs {
			line, col := sc.idPosition(p, id)
			at(c, p, line, col, "duplicate id %q on this page: links to #%s reach only the first; give each heading its own id", id, id)
		}
	}
}

// idPosition finds where a heading with the given id is written.
func (sc *siteChecker) idPosition(p *Page, id string) (int, int) {
	if p.Src == "" {
		return 0, 0
	}
	// Point at the second {#id}: the first one is fine.
	raw := sc.loc.source(p.Src)
	marker := []byte("{#" + id)
	if i := bytes.Index(raw, marker); i >= 0 {
		if j := bytes.Index(raw[i+1:], marker); j >= 0 {
			i += 1 + j
		}
		return position(raw, i)
	}
	for i, l := range strings.Split(string(raw), "\n") {
		t := strings.TrimLeft(l, " ")
		if strings.HasPrefix(t, "#") && headingID(strings.TrimSpace(strings.TrimLeft(t, "#"))) == id {
			return i + 1, len(l) - len(t) + 1
		}
	}
	// An id written in raw HTML, as <a name="x"> or id="x": the second.
	for _, attr := range []string{`id="` + id + `"`, `name="` + id + `"`} {
		if i := bytes.Index(raw, []byte(attr)); i >= 0 {
			if j := bytes.Index(raw[i+1:], []byte(attr)); j >= 0 {
				return position(raw, i+1+j)
			}
		}
	}
	return 0, 0
}

// orphans reports pages that cannot be reached from the home page.
func (sc *siteChecker) orphans(c *errs) {
	byURL := map[string]int{}
	for i, p := range sc.pages {
		byURL[p.URL] = i
	}
	// page[n] is the page that target number n names, or -1.
	page := make([]int, len(sc.scans.number))
	for target, n := range sc.scans.number {
		page[n] = -1
		if i, ok := byURL[target]; ok {
			page[n] = i
		}
	}
	seen := make([]bool, len(sc.pages))
	start, ok := byURL["index.html"]
	if !ok {
		return
	}
	queue := []int{start}
	seen[start] = true
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, n := range sc.scans.pages[sc.pages[i].URL].targets {
			if j := page[n]; j >= 0 && !seen[j] {
				seen[j] = true
				queue = append(queue, j)
			}
		}
	}
	for i, p := range sc.pages {
		if !seen[i] {
			at(c, p, 1, 1, "orphan page: no page links to it and the sidebar does not list it, so readers cannot reach it from the home page; link to it or delete it")
		}
	}
}

// resolveHref turns a link on the page at from into the output path it
// names, ignoring the fragment and query; ok is false for external and
// empty links.
func resolveHref(from, href string) (string, bool) {
	if href == "" || isExternal(href) || strings.HasPrefix(href, "#") || strings.HasPrefix(href, "/") {
		return "", false
	}
	u, err := url.Parse(href)
	if err != nil || u.Path == "" {
		return "", false
	}
	p := path.Join(path.Dir(from), u.Path)
	if strings.HasSuffix(u.Path, "/") || p == "." {
		p = path.Join(p, "index.html")
	}
	return p, true
}

// bodies checks the links and images in each page's own content, and
// returns the external links, located where they are written.
func (sc *siteChecker) bodies(errors, warnings *errs) []ExternalLink {
	var ext []ExternalLink
	seen := map[ExternalLink]bool{}
	for _, p := range sc.pages {
		s := scanBody(p.body())
		for _, f := range s.findings {
			if p.Src == "" {
				continue // generated pages are the generator's own, tested
			}
			line, col, _ := sc.loc.find(p.Src, f.needle)
			if f.warning {
				at(warnings, p, line, col, "%s", f.msg)
			} else {
				at(errors, p, line, col, "%s", f.msg)
			}
		}
		for _, href := range s.external {
			e := ExternalLink{URL: href, Host: hostOf(href), Page: p.URL}
			e.File, e.Line, e.Col = sc.locateURL(p, href)
			key := e
			key.Page = ""
			if e.File == "" {
				key.Line, key.Col = 0, 0
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			ext = append(ext, e)
		}
	}
	sort.Slice(ext, func(i, j int) bool {
		a, b := ext[i], ext[j]
		if a.Host != b.Host {
			return a.Host < b.Host
		}
		if a.URL != b.URL {
			return a.URL < b.URL
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return ext
}

// locateURL finds where an external link shown on p is written: in p's
// source, else in a data file or the site config.
func (sc *siteChecker) locateURL(p *Page, href string) (string, int, int) {
	needles := []string{href}
	if u, err := url.PathUnescape(href); err == nil && u != href {
		needles = append(needles, u)
	}
	files := sc.data
	if p.Src != "" {
		files = append([]string{p.Src}, sc.data...)
	}
	for _, f := range files {
		for _, n := range needles {
			if line, col, ok := sc.loc.find(f, n); ok {
				return f, line, col
			}
		}
	}
	if p.Src != "" {
		return p.Src, 0, 0
	}
	return "", 0, 0
}

// hostOf returns the host a link points at, or its scheme for links such
// as mailto: that have none.
func hostOf(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return "(invalid URL)"
	}
	if u.Host != "" {
		return strings.ToLower(u.Hostname())
	}
	return strings.ToLower(u.Scheme) + ":"
}
