package generator

import (
	"bytes"
	"io/fs"
	"strings"
	"sync"

	"golang.org/x/net/html"
)

// htmlScan is what Check needs from one built page.
type htmlScan struct {
	dupIDs []string // ids given to more than one element, in page order
	links  []string // the href of every <a>
}

// checkSink takes a checked build's files as they are made and keeps of
// each page only what the checks read: its repeated ids and the pages it
// links to, numbered, so that check holds no page's bytes and the sidebar
// that every page repeats costs a few bytes a link.
type checkSink struct {
	mu     sync.Mutex
	pages  map[string]pageScan // by output path
	number map[string]int32    // output path → its number in targets
}

// pageScan is a built page as the checks see it.
type pageScan struct {
	dupIDs  []string
	targets []int32 // the pages it links to, by number, each once
}

func newCheckSink() *checkSink {
	return &checkSink{pages: map[string]pageScan{}, number: map[string]int32{}}
}

// WriteFile scans an HTML file; other files are not checked here.
func (s *checkSink) WriteFile(p string, data []byte) error {
	if !strings.HasSuffix(p, ".html") {
		return nil
	}
	scan := scanHTML(data)
	seen := map[string]bool{}
	var paths []string
	for _, href := range scan.links {
		if target, ok := resolveHref(p, href); ok && !seen[target] {
			seen[target] = true
			paths = append(paths, target)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := pageScan{dupIDs: scan.dupIDs, targets: make([]int32, len(paths))}
	for i, t := range paths {
		n, ok := s.number[t]
		if !ok {
			n = int32(len(s.number))
			s.number[t] = n
		}
		ps.targets[i] = n
	}
	s.pages[p] = ps
	return nil
}

// scanHTML reads a built page's ids and links.
func scanHTML(b []byte) htmlScan {
	var s htmlScan
	count := map[string]int{}
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return s
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			switch {
			case string(k) == "id":
				id := string(v)
				count[id]++
				if count[id] == 2 {
					s.dupIDs = append(s.dupIDs, id)
				}
			case string(k) == "href" && string(name) == "a":
				s.links = append(s.links, string(v))
			}
		}
	}
}

// finding is a problem in a page's content, with the text to search its
// source for to place it.
type finding struct {
	needle  string
	msg     string
	warning bool
}

// bodyScan is what Check found in a page's own content.
type bodyScan struct {
	findings []finding
	external []string
}

// scanBody checks the links and images of a page's rendered content and
// collects its external links.
func scanBody(b []byte) bodyScan {
	var s bodyScan
	z := html.NewTokenizer(bytes.NewReader(b))
	inLink, linkText := false, false
	linkHref := ""
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return s
		case html.TextToken:
			if inLink && len(bytes.TrimSpace(z.Text())) > 0 {
				linkText = true
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "a" && inLink {
				inLink = false
				if !linkText && linkHref != "" {
					s.findings = append(s.findings, finding{needle: "[](", warning: true,
						msg: "link has no text: readers and screen readers see nothing to click; write what it leads to between the brackets"})
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			attrs := map[string]string{}
			for _, a := range tok.Attr {
				attrs[a.Key] = a.Val
			}
			switch tok.Data {
			case "a":
				href, ok := attrs["href"]
				if !ok {
					continue // an anchor target, not a link
				}
				inLink, linkHref = true, href
				linkText = attrs["aria-label"] != ""
				if href == "" {
					s.findings = append(s.findings, finding{needle: "]()", warning: true,
						msg: "link has an empty target, so it leads back to this page: write where it should go between the parentheses, or remove the link"})
				} else if isExternal(href) {
					s.external = append(s.external, href)
				}
			case "img":
				src := attrs["src"]
				if isExternal(src) {
					s.external = append(s.external, src)
				}
				alt, ok := attrs["alt"]
				switch {
				case !ok:
					s.findings = append(s.findings, finding{needle: "<img",
						msg: "image " + strconvQuote(src) + " has no alt attribute: add alt=\"what it shows\""})
				case strings.TrimSpace(alt) == "":
					s.findings = append(s.findings, finding{needle: "![](", warning: true,
						msg: "image " + strconvQuote(src) + " has no alt text: describe what it shows between the brackets of ![...](...) for readers who cannot see it"})
				case inLink:
					linkText = true
				}
			}
		}
	}
}

// locator finds where a piece of text is written in the sources, so that
// problems found in the built HTML can name a line and column. Each
// search starts after the previous find of the same text in the same
// file, so that a repeated link is placed where each copy is written.
type locator struct {
	fsys   fs.FS
	src    map[string][]byte // the data files and the site config, as read
	page   string            // the page whose source was read last
	raw    []byte            // its source, as the build read it
	cursor map[[2]string]int
	lines  map[string]*lineIndex
}

// source returns a file's bytes: a data file's as read, a page's as the
// build read it, front matter blanked. A page's is read again from the
// content, which keeps check's memory to the pages' bodies; the checks go
// through the pages one at a time, so only the last one's is kept.
func (l *locator) source(file string) []byte {
	if b, ok := l.src[file]; ok {
		return b
	}
	if file != l.page {
		delete(l.lines, l.page)
		var c errs // a file gone since the build is placed at its top
		l.page, l.raw = file, readSource(l.fsys, file, &c)
	}
	return l.raw
}

// find returns the position of needle in file.
func (l *locator) find(file, needle string) (line, col int, ok bool) {
	src := l.source(file)
	if len(src) == 0 || needle == "" {
		return 0, 0, false
	}
	k := [2]string{file, needle}
	from := l.cursor[k]
	i := bytes.Index(src[from:], []byte(needle))
	if i >= 0 {
		i += from
	} else if i = bytes.Index(src, []byte(needle)); i < 0 {
		return 0, 0, false
	}
	l.cursor[k] = i + len(needle)
	x := l.lines[file]
	if x == nil {
		x = &lineIndex{}
		l.lines[file] = x
	}
	line, col = x.position(src, i)
	return line, col, true
}
