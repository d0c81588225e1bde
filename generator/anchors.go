package generator

import (
	"bytes"
	"net/url"
	"sort"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/util"
)

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
		if p := t.bySrc[f.file]; p != nil && (p.html != nil || p.packed != nil) {
			byPage[p] = append(byPage[p], f)
		}
	}
	for p, list := range byPage {
		packed := p.packed != nil
		html := p.body()
		for _, f := range list {
			base, _, _ := strings.Cut(f.out, "#")
			old := []byte(`href="` + string(util.EscapeHTML(util.URLEscape([]byte(f.out), true))) + `"`)
			fixed := []byte(`href="` + string(util.EscapeHTML(util.URLEscape([]byte(base+"#"+f.id), true))) + `"`)
			html = bytes.Replace(html, old, fixed, 1)
		}
		p.html, p.packed = html, nil
		if packed {
			p.packBody()
		}
		if cache != nil {
			p.hashHTML(cache)
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

// anchorFound reports whether a link's fragment names one of ids, the
// ids of the page it points at. Footnote ids are made by goldmark.
func anchorFound(a anchorCheck, ids map[string]bool) bool {
	return ids[a.fragment] || a.fragment == "" || strings.HasPrefix(a.fragment, "fn:") || strings.HasPrefix(a.fragment, "fnref:")
}
