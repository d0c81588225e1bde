package generator

import (
	"fmt"
	"html/template"
	"path"

	"github.com/rolehandbook/handbook/generator/compare"
)

// addJobs adds a job description page per level of a ladder, beneath the
// level's page, and makes its markdown and text for jobFiles. The pages
// stay out of the sidebar and the search, where their level's page
// stands for them; the level's page links to its job description.
func (cmp *comparison) addJobs(sub *Section, lad *compare.Ladder, add func(*Page, string)) {
	d := cmp.data
	r := d.Role(lad.Role)
	if r == nil {
		return
	}
	rolePage := ""
	if r.Page != "" {
		if p := pageBySrc(sub, path.Clean(r.Page)); p != nil {
			rolePage = p.URL
		}
	}
	if cmp.jobs == nil {
		cmp.jobs = map[string][]byte{}
	}
	plain := &markdownText{md: cmp.md}
	for j, lv := range lad.Levels {
		job := d.Job(lad, lv, rolePage)
		p := &Page{Kind: "job", URL: compare.JobURL(r.ID, lv.ID), Section: sub}
		p.Meta.Title = "Job description: " + lv.Title
		p.Meta.Description = fmt.Sprintf("The %s level of the %s ladder as a job description: what it expects and what it pays.", lv.Title, r.Name)
		p.Meta.Weight = 2*len(lad.Levels) + j // after the levels and the steps between them
		p.Meta.Unlisted = true
		p.printAs = compare.LevelURL(r.ID, lv.ID)
		p.gen = func(h *host) []byte { return []byte(d.JobHTML(h, job)) }
		posting := fileHost{url: p.URL, plain: plain}
		p.ld = func(site string) []byte { return d.JobPosting(posting, job, site) }
		sub.Children = append(sub.Children, p)
		add(p, path.Dir(p.URL))

		md, txt := compare.JobMarkdownURL(r.ID, lv.ID), compare.JobTextURL(r.ID, lv.ID)
		cmp.jobs[md] = []byte(d.JobMarkdown(fileHost{url: md, plain: plain}, job))
		cmp.jobs[txt] = []byte(d.JobText(fileHost{url: txt, plain: plain}, job))
	}
}

// jobFiles are the job descriptions as markdown and plain text.
func (cmp *comparison) jobFiles() map[string][]byte { return cmp.jobs }

// jsonLD is the JSON-LD a page puts in its head, or "". encoding/json
// escapes <, > and &, so the JSON cannot end the script element it
// stands in.
func (p *Page) jsonLD(siteTitle string) template.JS {
	if p.ld == nil {
		return ""
	}
	return template.JS(p.ld(siteTitle))
}

// fileHost implements compare.TextHost for a file of the site: links
// relative to it, and markdown from the data as plain text.
type fileHost struct {
	url   string
	plain *markdownText
}

func (f fileHost) URL(rootPath string) string { return relURL(f.url, rootPath) }

func (f fileHost) Plain(text string) string { return f.plain.plain(text) }

// pageBySrc finds the page made from a source file anywhere in the tree
// that holds s.
func pageBySrc(s *Section, src string) *Page {
	for s.Parent != nil {
		s = s.Parent
	}
	var find func(s *Section) *Page
	find = func(s *Section) *Page {
		if s.Index != nil && s.Index.Src == src {
			return s.Index
		}
		for _, c := range s.Children {
			if c.Sub != nil && c.Sub != s {
				if p := find(c.Sub); p != nil {
					return p
				}
			} else if c.Src == src {
				return c
			}
		}
		return nil
	}
	return find(s)
}
