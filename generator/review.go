package generator

import (
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v4"

	"github.com/rolehandbook/handbook/generator/compare"
	"github.com/rolehandbook/handbook/generator/internal/review"
)

// ReviewStatus says where a review stands at the build date.
type ReviewStatus string

// The states of a review. A page without a due date has none ("").
const (
	ReviewOK      ReviewStatus = ReviewStatus(review.OK)      // due more than 30 days after the build date
	ReviewDueSoon ReviewStatus = ReviewStatus(review.DueSoon) // due on the build date or within 30 days
	ReviewOverdue ReviewStatus = ReviewStatus(review.Overdue) // due before the build date
)

// PageReview is what a layout sees of who keeps a page true and when it
// was last checked. Dates are days at midnight UTC; a zero one is not
// known. Pages made from the comparison data show the review of the data.
type PageReview struct {
	Owner    string       // the owner's name, or "" for none
	Reviewed time.Time    // when the page was last reviewed
	Due      time.Time    // when it is next due for review
	Status   ReviewStatus // judged at the build date; "" without a due date
}

// ownerRef is an owner as written and as resolved.
type ownerRef struct {
	text      string // as written
	name      string // the person's name, or text
	codeOwner string // @user, @org/team or an email; "" when not known
	at        Error  // where it is written, for problems
	inherited bool   // the site's default
}

// reviewOf is what one page, data file or dimension says of its review,
// with the site's defaults filled in.
type reviewOf struct {
	owner    ownerRef
	reviewed time.Time
	every    review.Every
	by       time.Time
	due      time.Time
	dueAt    Error // where reviewed or review_by is written
}

func (r *reviewOf) empty() bool {
	return r.owner.text == "" && r.reviewed.IsZero() && r.due.IsZero()
}

// reviews is what a build knows of owners and review dates, judged at
// the build date.
type reviews struct {
	now   time.Time // the build date, as a day
	site  reviewOf  // the defaults of handbook.toml
	pages map[string]*reviewOf
	files []dataReview // each data file, then its dimensions, in file order
	data  *reviewOf    // what pages made from the data show

	changes string // the URL of the "what changed" page, or "" when no page has a date
}

// dataReview is the review of a data file or of a dimension in one.
type dataReview struct {
	file  string
	dim   *compare.Dimension // nil for the file itself
	rev   reviewOf
	shown bool // the comparison pages show what it defines
}

// reviewKey is a review key of a page's front matter: its value as text,
// and where the value is written.
type reviewKey struct {
	key, val  string
	line, col int
	scalar    bool // a single value, not a list or a mapping
}

func isReviewKey(k string) bool {
	switch k {
	case "owner", "reviewed", "last_reviewed", "last_reviewed_at", "review_every", "review_by":
		return true
	}
	return false
}

func yamlReviewKey(k, v *yaml.Node) reviewKey {
	rk := reviewKey{key: k.Value, line: v.Line + 1, col: v.Column, scalar: v.Kind == yaml.ScalarNode}
	if rk.scalar && v.Tag != "!!null" {
		rk.val = v.Value
	}
	return rk
}

// tomlReviewKeys finds the review keys of TOML front matter. TOML's own
// dates decode as values of their own, whose text is the date.
func tomlReviewKeys(fm []byte, meta *FrontMatter) []reviewKey {
	vals := map[string]any{
		"owner": meta.Owner, "reviewed": meta.Reviewed, "last_reviewed": meta.LastReviewed,
		"last_reviewed_at": meta.LastReviewedAt, "review_every": meta.ReviewEvery, "review_by": meta.ReviewBy,
	}
	var out []reviewKey
	for i, l := range strings.Split(string(fm), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "[") {
			break // the keys of a table are not the page's, and top-level keys come first
		}
		k, rest, ok := strings.Cut(l, "=")
		key := strings.Trim(strings.TrimSpace(k), `"'`)
		v := vals[key]
		if !ok || !isReviewKey(key) || v == nil {
			continue
		}
		delete(vals, key)
		col := len(k) + 2 + len(rest) - len(strings.TrimLeft(rest, " \t"))
		rk := reviewKey{key: key, line: i + 2, col: col, scalar: true}
		switch v := v.(type) {
		case string:
			rk.val = v
		case time.Time:
			rk.val = v.Format(time.RFC3339)
		case toml.LocalDate, toml.LocalDateTime, toml.LocalTime, int64, float64, bool:
			rk.val = fmt.Sprint(v)
		default:
			rk.scalar = false
		}
		out = append(out, rk)
	}
	return out
}

// loadReviews reads the owners and review dates of every page, data file
// and dimension, with the defaults of handbook.toml, and checks them. In
// a strict handbook a problem is an error; in a tree made for another
// tool, whose review keys are someone else's, a warning.
func loadReviews(t *tree, data *compare.Data, cfg Config, site SiteConfig, c *errs) *reviews {
	rs := &reviews{now: review.Day(cfg.Now), pages: map[string]*reviewOf{}}
	if cfg.Now.IsZero() {
		rs.now = review.Day(time.Now())
	}
	report := func(e Error) {
		e.Kind = KindReview
		if site.Strict {
			c.list = append(c.list, e)
		} else {
			t.warnings = append(t.warnings, e)
		}
	}
	people := data
	if people == nil {
		people = &compare.Data{}
	}
	rs.siteDefaults(cfg.Content, site, people, c)
	for src, p := range t.bySrc {
		r := rs.page(src, p.Meta.reviewAt, people, report)
		if !r.empty() {
			rs.pages[src] = r
		}
	}
	if data != nil {
		rs.dataFiles(data, c)
	}
	return rs
}

// siteDefaults reads owner and review_every from handbook.toml.
func (rs *reviews) siteDefaults(fsys fs.FS, site SiteConfig, people *compare.Data, c *errs) {
	if site.Owner == "" && site.ReviewEvery == "" {
		return
	}
	src, _ := fs.ReadFile(fsys, configName)
	if site.Owner != "" {
		at := Error{File: configName, Line: lineOf(src, "owner"), Col: 1}
		rs.site.owner = resolveOwner(site.Owner, at, people, func(e Error) { c.list = append(c.list, e) })
		rs.site.owner.inherited = true
	}
	if site.ReviewEvery != "" {
		e, err := review.ParseEvery(site.ReviewEvery)
		if err != nil {
			c.add(configName, lineOf(src, "review_every"), 1, "review_every: %v: %s", err, review.EveryHint)
		}
		rs.site.every = e
	}
}

// page reads the review keys of one page's front matter.
func (rs *reviews) page(src string, keys []reviewKey, people *compare.Data, report func(Error)) *reviewOf {
	r := &reviewOf{}
	var reviewedFrom string
	var every, by *reviewKey
	for i := range keys {
		k := &keys[i]
		at := Error{File: src, Line: k.line, Col: k.col}
		problem := func(format string, args ...any) {
			e := at
			e.Msg = fmt.Sprintf(format, args...)
			report(e)
		}
		if !k.scalar {
			what := map[string]string{"owner": "one name or person's id", "review_every": `an interval such as "6 months"`}[k.key]
			if what == "" {
				what = "a date written YYYY-MM-DD"
			}
			problem("%s must be %s, not a list or a mapping", k.key, what)
			continue
		}
		switch k.key {
		case "owner":
			if text := strings.TrimSpace(k.val); text != "" {
				r.owner = resolveOwner(text, at, people, report)
			} else {
				problem("owner is blank: write a name, or a person's id from the people list")
			}
		case "reviewed", "last_reviewed", "last_reviewed_at":
			d, ok := review.ParseDate(k.val)
			if !ok {
				problem("%s: %q is not a date: %s", k.key, k.val, review.DateHint)
				continue
			}
			// reviewed wins over the names other tools give it.
			if reviewedFrom == "" || k.key == "reviewed" || reviewedFrom == "last_reviewed_at" && k.key == "last_reviewed" {
				r.reviewed, reviewedFrom, r.dueAt = d, k.key, at
			}
			// A day ahead is a writer east of the build's clock, not a slip.
			if d.After(rs.now.AddDate(0, 0, 1)) {
				problem("%s %s is after the build date %s: write the day the page was last reviewed", k.key, d.Format(time.DateOnly), rs.now.Format(time.DateOnly))
			}
		case "review_every":
			e, err := review.ParseEvery(k.val)
			if err != nil {
				problem("review_every: %v: %s", err, review.EveryHint)
				continue
			}
			r.every, every = e, k
		case "review_by":
			d, ok := review.ParseDate(k.val)
			if !ok {
				problem("review_by: %q is not a date: %s", k.val, review.DateHint)
				continue
			}
			r.by, by = d, k
		}
	}
	if every != nil && by != nil {
		report(Error{File: src, Line: by.line, Col: by.col, Msg: "review_by and review_every are both set: keep one (review_by is a date, review_every an interval after reviewed)"})
	}
	if by != nil {
		r.dueAt = Error{File: src, Line: by.line, Col: by.col}
	}
	rs.finish(r, nil)
	return r
}

// finish fills in what a review does not say itself, from parent (a data
// file's, for its dimensions) and then from the site, and works out when
// it is due.
func (rs *reviews) finish(r *reviewOf, parent *reviewOf) {
	for _, from := range []*reviewOf{parent, &rs.site} {
		if from == nil {
			continue
		}
		if r.owner.text == "" {
			r.owner = from.owner
		}
		if r.reviewed.IsZero() && from == parent {
			r.reviewed = from.reviewed
			if r.dueAt.File == "" {
				r.dueAt = from.dueAt
			}
		}
		if r.every.IsZero() && r.by.IsZero() {
			r.every = from.every
			if from == parent {
				r.by = from.by
			}
		}
	}
	r.due = review.Due(r.reviewed, r.every, r.by)
}

// resolveOwner looks an owner up in the people list. When there is a
// list, an owner written like an id must name someone in it; any other
// owner is a name, taken as written. @handle finds the person with that
// GitHub handle, if any.
func resolveOwner(text string, at Error, people *compare.Data, report func(Error)) ownerRef {
	o := ownerRef{text: text, name: text, at: at}
	switch {
	case people.Person(text) != nil:
		p := people.Person(text)
		o.name = p.Name
		if p.GitHub != "" {
			o.codeOwner = "@" + p.GitHub
		}
	case compare.IsGitHubHandle(text) && strings.HasPrefix(text, "@"):
		o.codeOwner = text
		if p := people.PersonByGitHub(text); p != nil {
			o.name = p.Name
		}
	case isEmail(text):
		o.codeOwner = text
	case people.IsInternal("person", text) || len(people.People) > 0 && compare.LooksLikeID(text):
		e := at
		e.Msg = people.UnknownPerson(text)
		report(e)
	}
	return o
}

func isEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(s, " \t<>")
}

// dataFiles reads the reviews of the data files and their dimensions.
// Their keys were decoded with the data, which reported bad dates.
func (rs *reviews) dataFiles(data *compare.Data, c *errs) {
	report := func(e Error) { c.list = append(c.list, e) }
	of := func(cr compare.Review, file string) reviewOf {
		r := reviewOf{reviewed: cr.Reviewed, every: cr.Every, by: cr.By}
		if cr.Owner != "" {
			r.owner = resolveOwner(cr.Owner, posError(cr.OwnerPos), data, report)
		}
		switch {
		case !cr.By.IsZero():
			r.dueAt = posError(cr.ByPos)
		case !cr.Reviewed.IsZero():
			r.dueAt = posError(cr.ReviewedPos)
		default:
			r.dueAt = Error{File: file, Line: 1, Col: 1}
		}
		return r
	}
	for _, f := range data.Files {
		fr := of(f.Review, f.Path)
		rs.finish(&fr, nil)
		if !fr.empty() {
			rs.files = append(rs.files, dataReview{file: f.Path, rev: fr, shown: f.Defines})
		}
		for _, d := range data.Dimensions {
			if d.File != f.Path || d.Review.IsZero() {
				continue
			}
			dr := of(d.Review, f.Path)
			if d.Review.Reviewed.IsZero() && d.Review.By.IsZero() {
				dr.dueAt = posError(d.Pos)
			}
			rs.finish(&dr, &fr)
			rs.files = append(rs.files, dataReview{file: f.Path, dim: d, rev: dr, shown: true})
		}
	}
	// Pages made from the data show the review of the file or dimension
	// due first: the part of the comparison most likely out of date.
	for i := range rs.files {
		r := &rs.files[i].rev
		if rs.files[i].shown && (rs.data == nil || earlier(r.due, rs.data.due)) {
			rs.data = r
		}
	}
}

// earlier reports whether due date a comes before b, a date before none.
func earlier(a, b time.Time) bool {
	return !a.IsZero() && (b.IsZero() || a.Before(b))
}

func posError(p compare.Pos) Error { return Error{File: p.File, Line: p.Line, Col: p.Col} }

// view returns what a layout shows of a page's review, or nil.
func (rs *reviews) view(p *Page) *PageReview {
	if rs == nil {
		return nil
	}
	var r *reviewOf
	switch {
	case p.Src != "":
		r = rs.pages[p.Src]
	case isDataPage(p):
		r = rs.data
	}
	if r == nil || r.empty() {
		return nil
	}
	return &PageReview{Owner: r.owner.name, Reviewed: r.reviewed, Due: r.due, Status: ReviewStatus(review.StatusOf(r.due, rs.now))}
}

// isDataPage reports whether a page is made from the comparison data.
func isDataPage(p *Page) bool {
	switch p.Kind {
	case "compare", "pair", "role", "sources":
		return p.Src == ""
	}
	return false
}
