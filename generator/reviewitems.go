package generator

import (
	"path"
	"sort"
	"strings"
	"time"

	"github.com/rolehandbook/handbook/generator/internal/review"
)

// ReviewItem is a page, data file or dimension with an owner or a review
// date, as check lists it and review.json holds it.
type ReviewItem struct {
	Path      string // the source file, relative to the handbook folder
	Dimension string // the dimension's id, for a dimension of a data file
	Kind      string // "page", "data" or "dimension"
	Title     string
	Owner     string // the owner's name
	CodeOwner string // the owner as CODEOWNERS writes it: @user, @org/team or an email; "" when not known
	Reviewed  time.Time
	Due       time.Time
	Status    ReviewStatus
	URL       string // absolute with base_url, else relative to the site root

	// Where the item's due date is set (its reviewed or review_by key),
	// else its owner, else its file; File is named as errors name files.
	File      string
	Line, Col int

	inherited bool  // its owner is the site's default
	ownerAt   Error // where its own owner is written
}

// items lists every page, data file and dimension with an owner or a
// review date, sorted by path and dimension.
func (rs *reviews) items(t *tree, pb *publisher) []ReviewItem {
	if rs == nil {
		return nil
	}
	item := func(r *reviewOf) ReviewItem {
		it := ReviewItem{
			Owner: r.owner.name, CodeOwner: r.owner.codeOwner, Reviewed: r.reviewed, Due: r.due,
			Status: ReviewStatus(review.StatusOf(r.due, rs.now)), inherited: r.owner.inherited, ownerAt: r.owner.at,
			File: r.dueAt.File, Line: r.dueAt.Line, Col: r.dueAt.Col,
		}
		if it.File == "" && !r.owner.inherited {
			it.File, it.Line, it.Col = r.owner.at.File, r.owner.at.Line, r.owner.at.Col
		}
		return it
	}
	var out []ReviewItem
	for src, r := range rs.pages {
		p := t.bySrc[src]
		if p == nil {
			continue
		}
		it := item(r)
		it.Path, it.Kind, it.Title, it.URL = src, "page", p.Title, pb.siteURL(p.URL)
		if it.File == "" {
			it.File, it.Line, it.Col = src, 1, 1
		}
		out = append(out, it)
	}
	compareURL := ""
	if v := t.virtual["compare"]; v != nil {
		compareURL = v.URL
	}
	for _, f := range rs.files {
		it := item(&f.rev)
		it.Path, it.Kind, it.Title = f.file, "data", path.Base(f.file)
		if compareURL != "" && f.shown {
			it.URL = pb.siteURL(compareURL)
		}
		if f.dim != nil {
			it.Kind, it.Dimension, it.Title = "dimension", f.dim.ID, f.dim.Name
			if compareURL != "" {
				it.URL += "#" + f.dim.ID
			}
		}
		out = append(out, it)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Dimension < out[j].Dimension
	})
	return out
}

// siteURL names a page for readers outside the site: by its absolute URL
// with a base_url, else by its folder's path from the site root.
func (pb *publisher) siteURL(u string) string {
	if abs := pb.absURL(u); abs != "" {
		return abs
	}
	return escapePath(strings.TrimSuffix(u, "index.html"))
}

// checkReviews returns the review items of a built site and the date
// they are judged at.
func checkReviews(cfg Config, res *Result) ([]ReviewItem, time.Time) {
	rs := res.tree.review
	if rs == nil {
		return nil, time.Time{}
	}
	return rs.items(res.tree, newPublisher(cfg, res.Site)), rs.now
}
