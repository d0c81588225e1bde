package generator

import (
	"bytes"
	"net/url"
	"path"
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// VerifyOutput checks a built site the way a reader's browser would see
// it: every internal href and src resolves to a file in the output, every
// #fragment names an element id, and no URL is root-absolute (which would
// break the site under a sub-path or over file://). It returns one message
// per problem, sorted.
func VerifyOutput(o *Output) []string {
	ids := map[string]map[string]bool{}
	type ref struct{ page, attr, val string }
	var refs []ref
	for p, b := range o.Files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		pageIDs := map[string]bool{}
		ids[p] = pageIDs
		z := html.NewTokenizer(bytes.NewReader(b))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			for _, a := range tok.Attr {
				switch a.Key {
				case "id":
					pageIDs[a.Val] = true
				case "href", "src":
					if tok.Data == "a" || tok.Data == "link" || tok.Data == "script" || tok.Data == "img" || tok.Data == "source" {
						refs = append(refs, ref{p, a.Key, a.Val})
					}
				}
			}
		}
	}
	var problems []string
	for _, r := range refs {
		v := r.val
		if v == "" {
			problems = append(problems, r.page+": empty "+r.attr)
			continue
		}
		if isExternal(v) {
			continue
		}
		if strings.HasPrefix(v, "/") {
			problems = append(problems, r.page+": root-absolute URL "+v)
			continue
		}
		u, err := url.Parse(v)
		if err != nil {
			problems = append(problems, r.page+": bad URL "+v)
			continue
		}
		target := r.page
		if u.Path != "" {
			target = path.Join(path.Dir(r.page), u.Path)
			if strings.HasSuffix(u.Path, "/") {
				problems = append(problems, r.page+": link to a folder without index.html: "+v)
				continue
			}
		}
		if _, ok := o.Files[target]; !ok {
			problems = append(problems, r.page+": broken "+r.attr+" "+v)
			continue
		}
		if u.Fragment != "" && strings.HasSuffix(target, ".html") && !ids[target][u.Fragment] {
			problems = append(problems, r.page+": broken anchor "+v)
		}
	}
	sort.Strings(problems)
	return problems
}
