package generator

import (
	"bytes"
	"crypto/sha1"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"time"

	"github.com/rolehandbook/handbook/generator/internal/review"
)

// Output paths of the review files.
const (
	FeedURL   = "changes.xml" // the Atom feed of the "what changed" page
	ReviewURL = "review.json" // every owner and review date, for reminder bots
)

// changesURLs are where the "what changed" page goes: the first that no
// page of the content, file or redirect takes.
var changesURLs = []string{"changes/index.html", "whats-changed/index.html", "handbook-changes/index.html"}

// feedEntries is how many of the newest changes the feed holds; the page
// lists them all.
const feedEntries = 50

// placeChanges decides whether the site has a "what changed" page, and
// where: it has one when a page has a date to list it by, from git or
// from its reviewed key.
func (rs *reviews) placeChanges(t *tree, redirects map[string][]byte, lastMod map[string]time.Time) {
	if rs == nil {
		return
	}
	rs.changes = ""
	dated := rs.data != nil && !rs.data.reviewed.IsZero()
	for src := range t.bySrc {
		if r := rs.pages[src]; !lastMod[src].IsZero() || r != nil && !r.reviewed.IsZero() {
			dated = true
			break
		}
	}
	if !dated {
		return
	}
	for _, u := range changesURLs {
		_, page := t.urlTaken(u)
		_, redirect := redirects[u]
		_, file := t.files[u]
		if !page && !redirect && !file {
			rs.changes = u
			return
		}
	}
}

// urlTaken reports whether a page of the tree has the output path u.
func (t *tree) urlTaken(u string) (*Page, bool) {
	for _, p := range t.allPages() {
		if p.URL == u {
			return p, true
		}
	}
	return nil, false
}

// changesLinks returns the URLs of the "what changed" page and its feed,
// or "" and "" when the site has none.
func (rs *reviews) changesLinks() (page, feed string) {
	if rs == nil || rs.changes == "" {
		return "", ""
	}
	return rs.changes, FeedURL
}

// outputs returns the paths of the files publishReview writes.
func (rs *reviews) outputs() []string {
	var out []string
	if rs == nil {
		return out
	}
	if rs.changes != "" {
		out = append(out, rs.changes, FeedURL)
	}
	if len(rs.pages) > 0 || len(rs.files) > 0 {
		out = append(out, ReviewURL)
	}
	return out
}

// change is one page as the "what changed" page lists it.
type change struct {
	page     *Page
	when     time.Time // the instant of the change, for the feed
	day      time.Time // its day
	reviewed bool      // a review, not a change of the text, is the newest news
	owner    string
}

// changeList lists the pages by their last review or change, newest first:
// each page written in the content, and the comparison for the data.
// A review on the day of the last commit counts as the news of that day.
func (rs *reviews) changeList(t *tree, pb *publisher) []change {
	var out []change
	for _, p := range t.pages {
		if p.Src == "" && p.Kind != "compare" {
			continue
		}
		changed := pb.updated(p)
		var r *reviewOf
		if p.Src != "" {
			r = rs.pages[p.Src]
		} else {
			r = rs.newestDataReview()
		}
		c := change{page: p, when: changed, day: review.Day(changed.UTC())}
		if r != nil {
			c.owner = r.owner.name
			if !r.reviewed.IsZero() && !r.reviewed.Before(c.day) {
				c.reviewed, c.day = true, r.reviewed
				if r.reviewed.After(review.Day(changed.UTC())) {
					c.when = r.reviewed
				}
			}
		}
		if c.when.IsZero() {
			continue
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].when.Equal(out[j].when) {
			return out[i].when.After(out[j].when)
		}
		return out[i].page.URL < out[j].page.URL
	})
	return out
}

// newestDataReview is the data file or dimension reviewed last, for the
// comparison's entry.
func (rs *reviews) newestDataReview() *reviewOf {
	var newest *reviewOf
	for i := range rs.files {
		r := &rs.files[i].rev
		if rs.files[i].shown && (newest == nil || r.reviewed.After(newest.reviewed)) {
			newest = r
		}
	}
	return newest
}

// publishReview writes, through put, the "what changed" page, its feed
// and review.json, each when the site has one.
func publishReview(put func(string, []byte) error, t *tree, site SiteConfig, pb *publisher, lay *layouts, nav *navBuilder) error {
	rs := t.review
	for _, f := range rs.outputs() {
		var b []byte
		switch f {
		case ReviewURL:
			b = ReviewJSON(rs.now, rs.items(t, pb))
		case FeedURL:
			b = feed(rs.changeList(t, pb), site, pb, rs.changes)
		default:
			var buf bytes.Buffer
			if err := lay.render(&buf, "changes", changesView(t, rs.changeList(t, pb), site, nav, rs.changes)); err != nil {
				return fmt.Errorf("theme: %w", err)
			}
			b = buf.Bytes()
		}
		if err := put(f, b); err != nil {
			return err
		}
	}
	return nil
}

// changesView is the view of the "what changed" page at u.
func changesView(t *tree, list []change, site SiteConfig, nav *navBuilder, u string) *View {
	p := &Page{URL: u, Kind: "changes", Title: "What changed"}
	p.Meta.Description = "The pages of " + site.Title + " by their last review or change, newest first."
	v := t.view(p, site)
	v.Nav = nav.forSection(t.root)
	v.NavHTML = nav.htmlFor(t.root, v.Root, p.URL)
	var b strings.Builder
	b.WriteString(`<p>Every page by its last review or change, newest first. Follow the changes in a feed reader with <a href="` + esc(relURL(u, FeedURL)) + `">the Atom feed</a>.</p>` + "\n")
	// On a phone the table scrolls, as a markdown table does.
	b.WriteString(`<div class="table-scroll" role="region" tabindex="0" aria-label="Table: Date, Page, What, Owner">` + "\n")
	b.WriteString(`<table class="changes">` + "\n" + `<thead><tr><th scope="col">Date</th><th scope="col">Page</th><th scope="col">What</th><th scope="col">Owner</th></tr></thead>` + "\n<tbody>\n")
	for _, c := range list {
		what := "Changed"
		if c.reviewed {
			what = "Reviewed"
		}
		fmt.Fprintf(&b, `<tr><td><time datetime="%s">%s</time></td><td><a href="%s">%s</a></td><td>%s</td><td>%s</td></tr>`+"\n",
			c.day.Format(time.DateOnly), c.day.Format("2 January 2006"), esc(relURL(u, c.page.URL)), esc(c.page.Title), what, esc(c.owner))
	}
	b.WriteString("</tbody>\n</table>\n</div>\n")
	v.Page.Content = template.HTML(b.String())
	return v
}

// The Atom feed (RFC 4287), as encoding/xml writes it.
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string      `xml:"title"`
	Links   []atomLink  `xml:"link"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Author  *atomPerson `xml:"author,omitempty"`
	Summary string      `xml:"summary,omitempty"`
}

// feed writes the newest changes as an Atom feed. Its links are absolute
// with a base_url, else relative to the feed, which sits at the root.
// Entry ids are the page's absolute URL, or without a base_url a UUID
// made from the site's title and the page's path, so that a reader sees
// a page reviewed again as the same entry, updated.
func feed(list []change, site SiteConfig, pb *publisher, changesURL string) []byte {
	href := func(u string) string {
		if abs := pb.absURL(u); abs != "" {
			return abs
		}
		return escapePath(u)
	}
	id := func(u string) string {
		if abs := pb.absURL(u); abs != "" {
			return abs
		}
		return nameUUID(site.Title + "\x00" + u)
	}
	f := atomFeed{
		Title:    "What changed: " + site.Title,
		Subtitle: "The pages of " + site.Title + " by their last review or change, newest first.",
		ID:       id(FeedURL),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: href(FeedURL)},
			{Rel: "alternate", Type: "text/html", Href: href(changesURL)},
		},
		Author: atomPerson{Name: site.Title},
	}
	if len(list) > 0 {
		f.Updated = atomTime(list[0].when)
	}
	for _, c := range list[:min(len(list), feedEntries)] {
		e := atomEntry{
			Title:   c.page.Title,
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: href(c.page.URL)}},
			ID:      id(c.page.URL),
			Updated: atomTime(c.when),
		}
		day := c.day.Format("2 January 2006")
		if c.reviewed {
			e.Summary = "Reviewed on " + day
			if c.owner != "" {
				e.Summary += " by " + c.owner
			}
			e.Summary += "."
		} else {
			e.Summary = "Changed on " + day + "."
		}
		if d := c.page.Meta.Description; d != "" {
			e.Summary += " " + d
		}
		if c.owner != "" {
			e.Author = &atomPerson{Name: c.owner}
		}
		f.Entries = append(f.Entries, e)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	_ = enc.Encode(f)
	b.WriteByte('\n')
	return b.Bytes()
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// nameUUID is a version 5 UUID (RFC 9562) of name in the URL namespace:
// the same name gives the same id in every build.
func nameUUID(name string) string {
	ns := []byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.Sum(append(ns, name...))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// reviewFile is review.json: the build date and every item.
type reviewFile struct {
	Version int          `json:"version"`
	Date    string       `json:"date"`
	Items   []reviewJSON `json:"items"`
}

type reviewJSON struct {
	Path      string `json:"path"`
	Dimension string `json:"dimension,omitempty"`
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	Owner     string `json:"owner,omitempty"`
	CodeOwner string `json:"codeowner,omitempty"`
	Reviewed  string `json:"reviewed,omitempty"`
	Due       string `json:"due,omitempty"`
	Status    string `json:"status,omitempty"`
	URL       string `json:"url,omitempty"`
}

// ReviewJSON writes review items as review.json holds them: an object
// with "version": 1, the build date and the items in the order given,
// dates written YYYY-MM-DD.
func ReviewJSON(date time.Time, items []ReviewItem) []byte {
	out := reviewFile{Version: 1, Date: date.Format(time.DateOnly), Items: []reviewJSON{}}
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	for _, it := range items {
		out.Items = append(out.Items, reviewJSON{
			Path: it.Path, Dimension: it.Dimension, Kind: it.Kind, Title: it.Title, Owner: it.Owner, CodeOwner: it.CodeOwner,
			Reviewed: day(it.Reviewed), Due: day(it.Due), Status: string(it.Status), URL: it.URL,
		})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(out)
	return b.Bytes()
}
