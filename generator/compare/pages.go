package compare

import (
	"fmt"
	"strings"

	"github.com/rolehandbook/handbook/generator/internal/typography"
)

// IndexHTML is the body of the compare page: the full matrix with row
// anchors and the differences switch, then links to every pair and profile.
func (d *Data) IndexHTML(h Host) string {
	var b strings.Builder
	names := make([]string, len(d.Roles))
	for i, r := range d.Roles {
		names[i] = r.Name
	}
	fmt.Fprintf(&b, "<p>Every dimension in the handbook's data, for %s. Each cell cites its source; the numbers in brackets link to the <a href=\"%s\">list of sources</a>. The data is also available as <a href=\"%s\">JSON</a> and <a href=\"%s\">CSV</a>.</p>\n",
		esc(joinAnd(names)), esc(h.URL(SourcesURL)), esc(h.URL(JSONURL)), esc(h.URL(CSVURL)))
	b.WriteString(d.TableHTML(h, Table{ID: "matrix", Caption: "All roles compared", Roles: d.Roles, Dimensions: d.Dimensions, RowAnchors: true, DiffToggle: true}))
	if pairs := d.Pairs(); len(pairs) > 0 {
		b.WriteString(`<h2 id="pairs">Side by side</h2><ul>`)
		for _, p := range pairs {
			fmt.Fprintf(&b, `<li><a href="%s">%s vs %s</a></li>`, esc(h.URL(PairURL(p[0], p[1]))), esc(p[0].Name), esc(p[1].Name))
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString(`<h2 id="profiles">Role profiles</h2><ul>`)
	for _, r := range d.Roles {
		fmt.Fprintf(&b, `<li><a href="%s">%s</a>`, esc(h.URL(ProfileURL(r))), esc(r.Name))
		if r.Summary != "" {
			b.WriteString(": " + esc(r.Summary))
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ul>\n")
	return b.String()
}

// PairHTML is the body of a page comparing two roles.
func (d *Data) PairHTML(h Host, a, c *Role) string {
	var b strings.Builder
	b.WriteString(`<div class="pair-intro">`)
	for _, r := range []*Role{a, c} {
		fmt.Fprintf(&b, `<section class="pair-role"><h2 id="role-%s">%s</h2>`, esc(r.ID), esc(r.Name))
		if r.Summary != "" {
			fmt.Fprintf(&b, `<p>%s</p>`, esc(r.Summary))
		}
		fmt.Fprintf(&b, `<p><a href="%s">Profile of the %s</a></p></section>`, esc(h.URL(ProfileURL(r))), esc(r.Label()))
	}
	b.WriteString("</div>\n")
	b.WriteString(d.TableHTML(h, Table{ID: "pair", Caption: a.Name + " vs " + c.Name, Roles: []*Role{a, c}, Dimensions: d.Dimensions, DiffToggle: true}))
	return b.String()
}

// ProfileHTML is the body of a role's profile: every dimension for it.
func (d *Data) ProfileHTML(h Host, r *Role, pageURL string) string {
	var b strings.Builder
	if r.Summary != "" {
		fmt.Fprintf(&b, "<p class=\"lead\">%s</p>\n", esc(typography.Quotes(r.Summary)))
	}
	if pageURL != "" {
		fmt.Fprintf(&b, "<p>Read the full description: <a href=\"%s\">%s</a>.</p>\n", esc(h.URL(pageURL)), esc(r.Name))
	}
	if d.Ladder(r.ID) != nil {
		fmt.Fprintf(&b, "<p>Levels and what each expects: <a href=\"%s\">the %s career ladder</a>.</p>\n", esc(h.URL(LadderURL(r.ID))), esc(r.Label()))
	}
	for _, g := range groupsOf(d.Dimensions) {
		fmt.Fprintf(&b, `<h2 id="%s">%s</h2><dl class="profile">`, esc(groupID(g.name)), esc(g.name))
		for _, dim := range g.dims {
			fmt.Fprintf(&b, `<dt><a href="%s#%s">%s</a></dt><dd>%s</dd>`,
				esc(h.URL(IndexURL)), esc(dim.ID), esc(dim.Name), d.Cell(h, dim, dim.Values[r.ID]))
		}
		b.WriteString("</dl>\n")
		for _, dim := range g.dims {
			if dim.Kind == Number || dim.Kind == Range {
				b.WriteString(d.ChartHTML("profile-"+dim.ID, dim, d.Roles))
			}
		}
	}
	var others []string
	for _, p := range d.Pairs() {
		if p[0] == r || p[1] == r {
			other := p[0]
			if other == r {
				other = p[1]
			}
			others = append(others, fmt.Sprintf(`<li><a href="%s">%s vs %s</a></li>`, esc(h.URL(PairURL(p[0], p[1]))), esc(r.Label()), esc(other.Label())))
		}
	}
	if len(others) > 0 {
		b.WriteString(`<h2 id="compare-with">Compare with</h2><ul>` + strings.Join(others, "") + "</ul>\n")
	}
	return b.String()
}

// SourcesHTML lists every source with its number, as citations show it.
func (d *Data) SourcesHTML(h Host) string {
	var b strings.Builder
	b.WriteString("<p>The sources behind the comparison data. The numbers match the citations in every table.</p>\n<ol class=\"sources\">")
	for _, s := range d.Sources {
		fmt.Fprintf(&b, `<li id="%s">`, esc(SourceAnchor(s.ID)))
		if s.URL != "" {
			fmt.Fprintf(&b, `<a href="%s">%s</a>`, esc(s.URL), esc(s.Title))
		} else {
			fmt.Fprintf(&b, `<cite>%s</cite>`, esc(s.Title))
		}
		var by []string
		if s.Author != "" {
			by = append(by, s.Author)
		}
		if s.Publisher != "" {
			by = append(by, s.Publisher)
		}
		if s.Year != 0 {
			by = append(by, fmt.Sprint(s.Year))
		} else {
			by = append(by, "n.d.")
		}
		b.WriteString(". " + esc(strings.Join(by, ", ")) + ".")
		var used []string
		for _, dim := range d.Dimensions {
			if dim.cites(s.ID) {
				used = append(used, fmt.Sprintf(`<a href="%s#%s">%s</a>`, esc(h.URL(IndexURL)), esc(dim.ID), esc(dim.Name)))
			}
		}
		if len(used) > 0 {
			b.WriteString(` <span class="used-for">Cited for: ` + strings.Join(used, ", ") + `.</span>`)
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ol>\n")
	return b.String()
}

func (dim *Dimension) cites(id string) bool {
	for _, s := range dim.Sources {
		if s == id {
			return true
		}
	}
	for _, v := range dim.Values {
		for _, s := range v.Sources {
			if s == id {
				return true
			}
		}
	}
	return false
}

func groupID(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-':
			b.WriteByte('-')
		}
	}
	return "group-" + b.String()
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
