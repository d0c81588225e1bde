package generator

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// sanitizer cleans raw HTML that the handbook does not trust (raw_html
// is not set). It keeps what READMEs and other tools' pages use HTML
// for: tables with merged cells, collapsible <details>, centred logos and
// badges, <picture> for dark mode, named anchors, keyboard keys. It drops
// whatever can run code or change more than the text: scripts, styles,
// frames, objects, forms, event handlers, and URLs other than http,
// https, mailto and relative ones. It is built once per build;
// bluemonday's policies are safe to share between goroutines.
type sanitizer struct {
	block  *bluemonday.Policy // for HTML blocks
	inline *bluemonday.Policy // for a tag within text: phrasing elements only
}

// phrasing are the elements kept within a paragraph's text. A block
// element there, such as a lone <table>, would break the paragraph open.
var phrasing = []string{
	"a", "img", "picture", "source", "span", "br", "sup", "sub", "kbd", "code", "samp", "var",
	"em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "abbr", "q", "cite",
}

func newSanitizer() *sanitizer {
	blocks := []string{
		"p", "div", "hr", "pre", "ul", "ol", "li", "dl", "dt", "dd",
		"h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
		"details", "summary", "figure", "figcaption",
	}
	return &sanitizer{block: newPolicy(append(blocks, phrasing...)), inline: newPolicy(phrasing)}
}

// newPolicy returns the policy that keeps the elements named, with the
// attributes READMEs give them.
func newPolicy(elements []string) *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowElements(elements...)
	p.SkipElementsContent("textarea")
	// Ids are link targets, as headings' are: a link check counts them.
	p.AllowAttrs("id").Matching(htmlID).Globally()
	p.AllowAttrs("title", "lang", "dir").Globally()
	p.AllowAttrs("align").Matching(regexp.MustCompile(`(?i)^(left|right|center|justify|top|middle|bottom)$`)).Globally()
	// An attribute allowed on an element allows the element too: only
	// the policy's own elements get theirs.
	kept := map[string]bool{}
	for _, e := range elements {
		kept[e] = true
	}
	allow := func(attrs []string, re *regexp.Regexp, names ...string) {
		var mine []string
		for _, n := range names {
			if kept[n] {
				mine = append(mine, n)
			}
		}
		if len(mine) == 0 {
			return
		}
		if re != nil {
			p.AllowAttrs(attrs...).Matching(re).OnElements(mine...)
		} else {
			p.AllowAttrs(attrs...).OnElements(mine...)
		}
	}
	allow([]string{"href", "name"}, nil, "a")
	allow([]string{"src", "alt"}, nil, "img")
	allow([]string{"width", "height"}, regexp.MustCompile(`^[0-9]+(\.[0-9]+)?%?$`), "img")
	allow([]string{"srcset"}, safeSrcset, "img", "source")
	allow([]string{"sizes"}, nil, "img", "source")
	allow([]string{"media", "type"}, nil, "source")
	allow([]string{"colspan", "rowspan"}, bluemonday.Integer, "td", "th")
	allow([]string{"scope"}, regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`), "th")
	allow([]string{"start"}, bluemonday.Integer, "ol")
	allow([]string{"open"}, regexp.MustCompile(`^(|open)$`), "details")
	return p
}

var (
	// htmlID is an id a link can name: not empty, no white space.
	htmlID = regexp.MustCompile(`^[^\s]+$`)

	// safeSrcset refuses a srcset with any scheme but http and https. Its
	// URLs were resolved, and those that run code dropped, before the
	// sanitiser sees them; this is the second lock on the door.
	safeSrcset = regexp.MustCompile(`(?i)^(?:[^:]|https?:)*$`)
)

// skipContent names the elements whose content is no text for a reader
// and goes with them: what is inside a <script> is code.
var skipContent = map[string]bool{
	"script": true, "style": true, "iframe": true, "object": true, "noembed": true,
	"noframes": true, "noscript": true, "frame": true, "frameset": true, "title": true, "textarea": true,
}

// sanitizeHTML rewrites the links of raw HTML someone else wrote, cleans
// it with the policy, and puts what is kept in its place. Its problems
// are warnings: the HTML was never the handbook's to check, and a tree
// that built while its HTML was left out must still build now that it is
// kept. A link that leads nowhere is left out, with its text kept.
func (st *pageState) sanitizeHTML(s *sanitizer, src []byte, nodes []ast.Node) {
	st.untrusted = true
	defer func() { st.untrusted = false }()
	// Links to #anchors on this page are checked here, against every id
	// the page will have: its headings' and those of all of its HTML.
	if st.page.ids != nil {
		for _, n := range nodes {
			for id := range collectIDs(s.policy(n).SanitizeBytes(joinSegments(src, htmlSegments(n)))) {
				st.page.ids[id] = true
			}
			for _, name := range anchorNames(joinSegments(src, htmlSegments(n))) {
				st.page.ids[name] = true
			}
		}
	}
	gone := map[ast.Node]bool{}
	// The start tags left out whole, such as an <a> whose only link led
	// nowhere, by name: their end tags, which come as nodes of their own,
	// go too.
	unopened := map[string]int{}
	for _, n := range nodes {
		if gone[n] || n.Parent() == nil {
			continue
		}
		if raw, ok := n.(*ast.RawHTML); ok {
			dropContent(raw, src, gone)
		}
		out, _ := st.rewriteHTML(src, htmlSegments(n))
		clean := s.policy(n).SanitizeBytes(out)
		if name, tt := loneTag(out); name != "" {
			switch {
			case tt == html.StartTagToken && len(bytes.TrimSpace(clean)) == 0:
				unopened[name]++
			case tt == html.EndTagToken && unopened[name] > 0:
				unopened[name]--
				clean = nil
			}
		}
		var repl ast.Node = &ResolvedRawHTML{HTML: clean}
		if _, ok := n.(*ast.HTMLBlock); ok {
			repl = &ResolvedHTML{HTML: clean}
		}
		n.Parent().ReplaceChild(n.Parent(), n, repl)
	}
}

// policy returns the policy for a raw HTML node: a block's, or that of
// a tag within text.
func (s *sanitizer) policy(n ast.Node) *bluemonday.Policy {
	if _, ok := n.(*ast.RawHTML); ok {
		return s.inline
	}
	return s.block
}

// joinSegments returns the text of src that segs hold, joined.
func joinSegments(src []byte, segs []text.Segment) []byte {
	var b []byte
	for _, s := range segs {
		b = append(b, s.Value(src)...)
	}
	return b
}

// anchorNames returns the names of the <a name="…"> anchors in b, which
// become ids.
func anchorNames(b []byte) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			tok := z.Token()
			if name, ok := namedAnchor(tok.Data, tok.Attr); ok {
				out = append(out, name)
			}
		}
	}
}

// dropContent removes what stands between an inline <script> (or another
// element whose content is not text) and its end tag in the same
// paragraph: the sanitiser sees one tag at a time, and the text between
// would otherwise show.
func dropContent(open *ast.RawHTML, src []byte, gone map[ast.Node]bool) {
	name, tt := firstTag(joinSegments(src, htmlSegments(open)))
	if tt != html.StartTagToken || !skipContent[name] {
		return
	}
	var between []ast.Node
	for n := open.NextSibling(); n != nil; n = n.NextSibling() {
		if raw, ok := n.(*ast.RawHTML); ok {
			if end, tt := firstTag(joinSegments(src, htmlSegments(raw))); tt == html.EndTagToken && end == name {
				between = append(between, n)
				parent := open.Parent()
				for _, b := range between {
					gone[b] = true
					parent.RemoveChild(parent, b)
				}
				return
			}
		}
		between = append(between, n)
	}
}

// loneTag returns the name and type of the one tag b holds, or "" when
// it holds anything else as well.
func loneTag(b []byte) (string, html.TokenType) {
	z := html.NewTokenizer(bytes.NewReader(b))
	name, kind := "", html.ErrorToken
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return name, kind
		case html.TextToken:
			if len(bytes.TrimSpace(z.Text())) > 0 {
				return "", html.ErrorToken
			}
		case html.StartTagToken, html.EndTagToken:
			if name != "" {
				return "", html.ErrorToken
			}
			n, _ := z.TagName()
			name, kind = string(n), tt
		default:
			return "", html.ErrorToken
		}
	}
}

// firstTag returns the name and type of the first token of an HTML tag.
func firstTag(b []byte) (string, html.TokenType) {
	z := html.NewTokenizer(bytes.NewReader(b))
	tt := z.Next()
	name, _ := z.TagName()
	return strings.ToLower(string(name)), tt
}

// rewriteURL is rewrite for a URL in raw HTML. In HTML being sanitised, a
// URL that leads nowhere is a warning and is reported as not kept, and a
// link to an #anchor is checked at once: its page's ids are all known.
// Anchors in other pages are not known until every page is read, so
// those in sanitised HTML are not checked.
func (st *pageState) rewriteURL(src, dest []byte, image bool) ([]byte, bool) {
	if !st.untrusted {
		return st.rewrite(src, dest, image), true
	}
	if frag, ok := bytes.CutPrefix(dest, []byte("#")); ok && len(frag) > 0 && st.page.ids != nil {
		a := anchorCheck{fragment: string(frag)}
		if !anchorFound(a, st.page.ids) {
			line, col := st.locate(src, dest)
			st.warnings.addKind(KindSyntax, st.page.Src, line, col, "broken anchor %q: this page has no heading with id %q; the HTML is kept without the link", dest, frag)
			return nil, false
		}
		return dest, true
	}
	errs, checks := len(st.errs.list), len(st.checks)
	out := st.rewrite(src, dest, image)
	st.checks = st.checks[:checks]
	if len(st.errs.list) == errs {
		return out, true
	}
	for _, e := range st.errs.list[errs:] {
		// Not a broken link of the handbook's own, which check would
		// make an error again: a problem in HTML it only keeps.
		e.Msg += "; the HTML is kept without it"
		e.Kind = KindSyntax
		st.warnings.list = append(st.warnings.list, e)
	}
	st.errs.list = st.errs.list[:errs]
	return nil, false
}
