package compare

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/rolehandbook/handbook/generator/internal/review"
	"github.com/rolehandbook/handbook/generator/internal/suggest"
)

// Person is someone who can own a page or a part of the data, listed in
// the people list of a data file; pages and data name them by id.
type Person struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	GitHub string `json:"github,omitempty"` // a user, or an org/team, without the @
	Pos    Pos    `json:"-"`
}

// Review is who keeps a part of the data true and when it was last
// checked: the owner, reviewed, review_every and review_by keys of a data
// file or a dimension, each with where it is written. A key not written
// is zero.
type Review struct {
	Owner       string
	OwnerPos    Pos
	Reviewed    time.Time
	ReviewedPos Pos
	Every       review.Every
	EveryPos    Pos
	By          time.Time
	ByPos       Pos
}

// IsZero reports whether none of the keys is written.
func (r Review) IsZero() bool {
	return r.Owner == "" && r.Reviewed.IsZero() && r.Every.IsZero() && r.By.IsZero()
}

// File is one data file as read, with its own review keys.
type File struct {
	Path    string
	Review  Review
	Defines bool // it defines roles, dimensions or sources, which the comparison pages show
}

// reviewKeys are the keys a data file and a dimension may carry to say
// who owns them and when they were last reviewed.
var reviewKeys = []string{"owner", "reviewed", "review_every", "review_by"}

// githubRE is a GitHub user, or an org/team, with or without the @.
var githubRE = regexp.MustCompile(`^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]+)?$`)

// Person returns the person with id, or nil.
func (d *Data) Person(id string) *Person { return d.people[id] }

// Comparison returns d when it compares anything, or nil when its files
// hold only people and review keys, which make no comparison pages.
func (d *Data) Comparison() *Data {
	if d == nil || len(d.Roles)+len(d.Dimensions)+len(d.Sources) == 0 {
		return nil
	}
	return d
}

// review decodes the review keys of a mapping.
func (l *loader) review(m keyed) Review {
	var r Review
	if v := m["owner"]; v != nil {
		r.Owner, r.OwnerPos = strings.TrimSpace(l.str(v, "owner")), l.pos(v)
	}
	if v := m["reviewed"]; v != nil {
		r.Reviewed, r.ReviewedPos = l.date(v, "reviewed"), l.pos(v)
	}
	if v := m["review_by"]; v != nil {
		r.By, r.ByPos = l.date(v, "review_by"), l.pos(v)
	}
	if v := m["review_every"]; v != nil {
		r.EveryPos = l.pos(v)
		if s := l.str(v, "review_every"); s != "" {
			e, err := review.ParseEvery(s)
			if err != nil {
				l.problem(l.pos(v), "review_every: %v: %s", err, review.EveryHint)
			}
			r.Every = e
		}
	}
	if m["review_every"] != nil && m["review_by"] != nil {
		l.problem(l.pos(m["review_by"]), "review_by and review_every are both set: keep one (review_by is a date, review_every an interval after reviewed)")
	}
	return r
}

// date decodes a date written YYYY-MM-DD.
func (l *loader) date(n *yaml.Node, what string) time.Time {
	s := l.str(n, what)
	if s == "" {
		return time.Time{}
	}
	t, ok := review.ParseDate(s)
	if !ok {
		l.problem(l.pos(n), "%s: %q is not a date: %s", what, s, review.DateHint)
	}
	return t
}

// person decodes one entry of a people list.
func (l *loader) person(n *yaml.Node) {
	m := l.mapping(n, "a person", []string{"id", "name", "github", "internal"}, []string{"id", "name"})
	if m == nil {
		return
	}
	p := &Person{Pos: l.pos(n)}
	l.mark(p, m)
	p.ID = l.id(m["id"], "person")
	p.Name = l.str(m["name"], "name")
	if v := m["github"]; v != nil {
		p.GitHub = l.str(v, "github")
		if p.GitHub != "" && !githubRE.MatchString(p.GitHub) {
			l.problem(l.pos(v), "github must be a GitHub user such as @octocat, or a team such as @org/team, not %q", p.GitHub)
		}
		p.GitHub = strings.TrimPrefix(p.GitHub, "@")
	}
	if p.ID == "" {
		return
	}
	if prev, dup := l.data.people[p.ID]; dup {
		l.problem(l.pos(m["id"]), "duplicate person id %q: already defined at %s", p.ID, prev.Pos)
		return
	}
	l.data.people[p.ID] = p
	l.data.People = append(l.data.People, p)
}

// PersonIDs returns the ids of the people list, for suggestions.
func (d *Data) PersonIDs() []string {
	ids := make([]string, 0, len(d.People))
	for _, p := range d.People {
		ids = append(ids, p.ID)
	}
	return ids
}

// PersonByGitHub returns the person with a GitHub handle, written with or
// without the @, or nil. Handles are compared without regard to case, as
// GitHub does.
func (d *Data) PersonByGitHub(handle string) *Person {
	handle = strings.TrimPrefix(handle, "@")
	for _, p := range d.People {
		if p.GitHub != "" && strings.EqualFold(p.GitHub, handle) {
			return p
		}
	}
	return nil
}

// IsGitHubHandle reports whether s is a GitHub user, or an org/team,
// written with or without the @.
func IsGitHubHandle(s string) bool { return githubRE.MatchString(s) }

// LooksLikeID reports whether an owner is written as an id would be:
// lowercase letters, digits and hyphens. Such an owner must name someone
// in the people list; a name such as "Design team" is taken as written.
func LooksLikeID(s string) bool { return idRE.MatchString(s) }

// UnknownPerson returns the message for an owner that looks like an id
// and names nobody in the people list.
func (d *Data) UnknownPerson(id string) string {
	if d.IsInternal("person", id) {
		return fmt.Sprintf("owner %q is internal, and the public edition leaves them out: name a public owner here, or mark what they own internal too", id)
	}
	where := ""
	if len(d.People) > 0 {
		where = " of " + d.People[0].Pos.File
	}
	return fmt.Sprintf("owner %q is not in the people list%s%s: write a person's id, or a name with a capital or a space, such as \"Design team\"", id, where, suggest.DidYouMean(id, d.PersonIDs()))
}
