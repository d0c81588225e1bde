package compare

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// A job description is a level of a ladder written as a job posting: the
// level's title, the role's name and summary, the level's summary and
// scope, every competency's effective expectation by area, and the
// level's pay bands. It is made once, as a list of blocks, and written
// four ways: as the HTML of its page, as markdown, as plain text, and as
// the description of the JSON-LD JobPosting in the page's head.

// JobURL is the page of a level's job description, beneath the level's.
func JobURL(role, level string) string {
	return "roles/" + role + "/ladder/" + level + "/job/index.html"
}

// JobMarkdownURL is a level's job description as markdown.
func JobMarkdownURL(role, level string) string {
	return "roles/" + role + "/ladder/" + level + "/job.md"
}

// JobTextURL is a level's job description as plain text.
func JobTextURL(role, level string) string {
	return "roles/" + role + "/ladder/" + level + "/job.txt"
}

// TextWidth is the column the plain text is wrapped at.
const TextWidth = 72

// TextHost is what the markdown and plain-text renderings need from the
// site.
type TextHost interface {
	// URL returns the path of a site file, given from the site root,
	// relative to the file being written.
	URL(rootPath string) string
	// Plain renders a markdown text value as plain text.
	Plain(markdown string) string
}

// Job is the job description of one level.
type Job struct {
	Role   *Role
	Ladder *Ladder
	Level  *Level
	blocks []jobBlock
}

// jobBlock is a heading, a paragraph or a labelled list.
type jobBlock struct {
	depth int    // a heading of this depth when above 0
	id    string // the heading's id on the page
	head  string
	para  []span
	items []jobItem
	class string // the paragraph's or list's class on the page
	page  bool   // shown on the page only, not in the files
	links bool   // only links: left out of the JobPosting's description
}

type jobItem struct {
	label, body []span
}

// span is a run of inline content.
type span struct {
	text    string
	strong  bool
	md      bool // text is markdown, written at pos
	pos     Pos
	url     string // a link to this path from the site root, with frag
	frag    string
	cite    []string
	named   bool // the cited sources are named in the files too
	example bool // the handbook's own example, not a sourced fact
}

// Job builds the job description of a level. rolePage is the role's own
// page, from the site root; "" links the role's profile instead.
func (d *Data) Job(lad *Ladder, lv *Level, rolePage string) *Job {
	r := d.Role(lad.Role)
	if r == nil {
		r = &Role{ID: lad.Role, Name: lad.Role}
	}
	if rolePage == "" {
		rolePage = ProfileURL(r)
	}
	j := &Job{Role: r, Ladder: lad, Level: lv}
	j.blocks = append(j.blocks, j.factsBlock(rolePage))
	if r.Summary != "" {
		j.blocks = append(j.blocks, jobBlock{para: []span{{text: r.Summary}}, class: "lead"})
	}
	j.blocks = append(j.blocks, j.levelBlocks()...)
	j.blocks = append(j.blocks, j.expectBlocks()...)
	j.blocks = append(j.blocks, d.payBlocks(j)...)
	j.blocks = append(j.blocks, j.aboutBlocks()...)
	return j
}

// factsBlock is the list the job description opens with: the role,
// linked to rolePage, and the level's grade and track.
func (j *Job) factsBlock(rolePage string) jobBlock {
	lv := j.Level
	facts := []jobItem{{label: []span{{text: "Role"}}, body: []span{{text: j.Role.Name, url: rolePage}}}}
	if lv.Grade != "" {
		facts = append(facts, jobItem{label: []span{{text: "Grade"}}, body: []span{{text: lv.Grade}}})
	}
	for _, t := range j.Ladder.Tracks {
		if t.ID == lv.Track {
			facts = append(facts, jobItem{label: []span{{text: "Track"}}, body: []span{{text: t.Name}}})
		}
	}
	return jobBlock{items: facts, class: "job-facts"}
}

// levelBlocks is the part about the level: its summary and scope, or
// nothing when it has neither.
func (j *Job) levelBlocks() []jobBlock {
	lv := j.Level
	if lv.Summary == "" && lv.Scope == "" {
		return nil
	}
	blocks := []jobBlock{{depth: 2, id: "about", head: "About the level"}}
	if lv.Summary != "" {
		blocks = append(blocks, jobBlock{para: []span{{text: lv.Summary}}})
	}
	if lv.Scope != "" {
		blocks = append(blocks, jobBlock{para: []span{{text: "Scope:", strong: true}, {text: " " + lv.Scope}}})
	}
	return blocks
}

// expectBlocks is what the level asks of each competency, area by area,
// or nothing when it asks none.
func (j *Job) expectBlocks() []jobBlock {
	lad, lv := j.Ladder, j.Level
	var areas []jobBlock
	for _, area := range lad.Areas() {
		var items []jobItem
		for _, c := range lad.Competencies {
			if c.Area != area {
				continue
			}
			e, _ := lad.Effective(c, lv.ID)
			if e == nil || e.NA || strings.TrimSpace(e.Text) == "" {
				continue // not asked of this level
			}
			items = append(items, jobItem{
				label: []span{{text: c.Name, url: LadderURL(lad.Role), frag: Anchor(lv.ID, c.ID)}},
				body:  []span{{text: e.Text, md: true, pos: e.Pos}, {cite: e.Sources}},
			})
		}
		if len(items) > 0 {
			areas = append(areas, jobBlock{depth: 3, head: area}, jobBlock{items: items, class: "level-expect"})
		}
	}
	if len(areas) == 0 {
		return nil
	}
	return append([]jobBlock{{depth: 2, id: "expectations", head: "What we expect"}}, areas...)
}

// payBlocks is the level's pay band in each zone, with its source, or
// nothing when the level has no bands.
func (d *Data) payBlocks(j *Job) []jobBlock {
	bands := j.Ladder.BandsFor(j.Level.ID)
	if len(bands) == 0 {
		return nil
	}
	var items []jobItem
	for _, b := range bands {
		body := []span{{text: b.Display() + ", as of " + b.AsOf}}
		switch {
		case b.Example:
			body = append(body, span{example: true})
		case b.Source != "":
			body = append(body, span{cite: []string{b.Source}, named: true})
		}
		items = append(items, jobItem{label: []span{{text: d.ZoneName(b.Zone)}}, body: body})
	}
	return []jobBlock{{depth: 2, id: "pay", head: "Pay"}, {items: items, class: "job-pay"}}
}

// aboutBlocks is the part about the description itself: the level and
// ladder it is drawn from and, on the page only, its downloads.
func (j *Job) aboutBlocks() []jobBlock {
	lad, lv := j.Ladder, j.Level
	return []jobBlock{
		{depth: 2, id: "more", head: "About this description", links: true},
		{links: true, para: []span{
			{text: "Drawn from the "}, {text: lv.Title, url: LevelURL(lad.Role, lv.ID)},
			{text: " level of the "}, {text: j.Role.Name + " career ladder", url: LadderURL(lad.Role)}, {text: "."},
		}},
		{page: true, links: true, class: "job-downloads", para: []span{
			{text: "Download as "}, {text: "markdown", url: JobMarkdownURL(lad.Role, lv.ID)},
			{text: " / "}, {text: "text", url: JobTextURL(lad.Role, lv.ID)},
		}},
	}
}

// Title is the job's title: the level's.
func (j *Job) Title() string { return j.Level.Title }

// JobHTML is the body of a job description's page; its layout writes
// the title.
func (d *Data) JobHTML(h Host, j *Job) string {
	var b strings.Builder
	for _, bl := range j.blocks {
		switch {
		case bl.depth > 0:
			id := ""
			if bl.id != "" {
				id = fmt.Sprintf(` id="%s"`, esc(bl.id))
			}
			fmt.Fprintf(&b, "<h%d%s>%s</h%d>\n", bl.depth, id, esc(bl.head), bl.depth)
		case bl.items != nil:
			fmt.Fprintf(&b, `<dl class="%s">`, esc(bl.class))
			for _, it := range bl.items {
				fmt.Fprintf(&b, "<dt>%s</dt><dd>%s</dd>", d.spansHTML(h, it.label), d.spansHTML(h, it.body))
			}
			b.WriteString("</dl>\n")
		default:
			if bl.class != "" {
				fmt.Fprintf(&b, `<p class="%s">`, esc(bl.class))
			} else {
				b.WriteString("<p>")
			}
			b.WriteString(d.spansHTML(h, bl.para) + "</p>\n")
		}
	}
	return b.String()
}

func (d *Data) spansHTML(h Host, spans []span) string {
	var b strings.Builder
	for _, s := range spans {
		switch {
		case s.example:
			b.WriteString(ExampleMark)
		case s.cite != nil:
			b.WriteString(d.cite(h, s.cite))
		case s.md:
			b.WriteString(string(h.Markdown(s.text, s.pos)))
		case s.url != "":
			u := h.URL(s.url)
			if s.frag != "" {
				u += "#" + s.frag
			}
			fmt.Fprintf(&b, `<a href="%s">%s</a>`, esc(u), esc(s.text))
		case s.strong:
			b.WriteString("<strong>" + esc(s.text) + "</strong>")
		default:
			b.WriteString(esc(s.text))
		}
	}
	return b.String()
}

// format is one of the forms the files are written in.
type format int

const (
	markdown format = iota
	plainText
	postingHTML // the JobPosting's description: HTML without links
)

// JobMarkdown is a job description as markdown. Markdown from the data
// is written as it is.
func (d *Data) JobMarkdown(h TextHost, j *Job) string {
	var b strings.Builder
	b.WriteString("# " + mdEscape(j.Title()) + "\n")
	for _, bl := range j.blocks {
		if bl.page {
			continue
		}
		b.WriteString("\n")
		switch {
		case bl.depth > 0:
			b.WriteString(strings.Repeat("#", bl.depth) + " " + mdEscape(bl.head) + "\n")
		case bl.items != nil:
			for _, it := range bl.items {
				line := "- **" + d.spansText(h, it.label, markdown, false) + ":** " + d.spansText(h, it.body, markdown, true)
				b.WriteString(strings.ReplaceAll(line, "\n", "\n  ") + "\n")
			}
		default:
			b.WriteString(d.spansText(h, bl.para, markdown, true) + "\n")
		}
	}
	return b.String()
}

// JobText is a job description as plain text, wrapped at TextWidth, with
// links written after their text in parentheses.
func (d *Data) JobText(h TextHost, j *Job) string {
	var b strings.Builder
	title := j.Title()
	b.WriteString(title + "\n" + strings.Repeat("=", utf8.RuneCountInString(title)) + "\n")
	for _, bl := range j.blocks {
		if bl.page {
			continue
		}
		b.WriteString("\n")
		switch {
		case bl.depth == 2:
			b.WriteString(bl.head + "\n" + strings.Repeat("-", utf8.RuneCountInString(bl.head)) + "\n")
		case bl.depth > 0:
			b.WriteString(bl.head + "\n")
		case bl.items != nil:
			for _, it := range bl.items {
				line := d.spansText(h, it.label, plainText, false) + ": " + d.spansText(h, it.body, plainText, true)
				b.WriteString(wrap(line, "- ", "  "))
			}
		default:
			b.WriteString(wrap(d.spansText(h, bl.para, plainText, true), "", ""))
		}
	}
	return b.String()
}

// spansText writes inline content as markdown, plain text or the
// posting's HTML. Links are written only when links is set, and never in
// the posting, whose reader is not on this site.
func (d *Data) spansText(h TextHost, spans []span, f format, links bool) string {
	var b strings.Builder
	for _, s := range spans {
		switch {
		case s.example:
			b.WriteString(" (example)")
		case s.cite != nil:
			if !s.named {
				continue
			}
			var titles []string
			for _, id := range s.cite {
				if src := d.sources[id]; src != nil {
					titles = append(titles, src.Title)
				}
			}
			if len(titles) > 0 {
				b.WriteString(" (source: " + d.escText(strings.Join(titles, "; "), f) + ")")
			}
		case s.md && f == markdown:
			b.WriteString(strings.TrimSpace(s.text))
		case s.md:
			b.WriteString(d.escText(h.Plain(s.text), f))
		case s.url != "" && links && f != postingHTML:
			u := h.URL(s.url)
			if s.frag != "" {
				u += "#" + s.frag
			}
			if f == markdown {
				b.WriteString("[" + mdEscape(s.text) + "](" + u + ")")
			} else {
				b.WriteString(s.text + " (" + u + ")")
			}
		case s.strong && f == markdown:
			b.WriteString("**" + mdEscape(s.text) + "**")
		case s.strong && f == postingHTML:
			b.WriteString("<strong>" + esc(s.text) + "</strong>")
		default:
			b.WriteString(d.escText(s.text, f))
		}
	}
	return b.String()
}

func (d *Data) escText(s string, f format) string {
	switch f {
	case markdown:
		return mdEscape(s)
	case postingHTML:
		return esc(s)
	}
	return s
}

// mdEscape keeps plain text from reading as markdown.
func mdEscape(s string) string {
	return mdEscaper.Replace(s)
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`)

// wrap breaks text into lines of at most TextWidth columns, the first
// starting with first and the others with rest. A word longer than a
// line has one to itself.
func wrap(text, first, rest string) string {
	var b strings.Builder
	line, n := first, utf8.RuneCountInString(first)
	empty := true
	for _, w := range strings.Fields(text) {
		wn := utf8.RuneCountInString(w)
		if !empty && n+1+wn > TextWidth {
			b.WriteString(line + "\n")
			line, n, empty = rest, utf8.RuneCountInString(rest), true
		}
		if !empty {
			line += " "
			n++
		}
		line += w
		n += wn
		empty = false
	}
	b.WriteString(line + "\n")
	return b.String()
}

// JobPosting is a job description as schema.org JSON-LD, for a search
// engine: title, description, the date of its pay figures, the hiring
// organization (the site, by its title) and the first of the level's pay
// bands, whose others the description lists. Its HTML is escaped as
// encoding/json escapes it, so it can stand inside a script element.
func (d *Data) JobPosting(h TextHost, j *Job, org string) []byte {
	p := jobPosting{
		Context:        "https://schema.org",
		Type:           "JobPosting",
		Title:          j.Title(),
		Description:    d.postingDescription(h, j),
		EmploymentType: "FULL_TIME",
	}
	if org != "" {
		p.Org = &ldOrg{Type: "Organization", Name: org}
	}
	if bands := j.Ladder.BandsFor(j.Level.ID); len(bands) > 0 {
		b := bands[0]
		p.DatePosted = b.AsOf
		p.BaseSalary = &ldSalary{Type: "MonetaryAmount", Currency: b.Currency, Value: ldValue{
			Type: "QuantitativeValue", Min: b.Min, Max: b.Max, Unit: strings.ToUpper(b.Period),
		}}
	}
	out, err := json.Marshal(p)
	if err != nil {
		panic(err) // strings and finite numbers always marshal
	}
	return out
}

// postingDescription is the description as HTML without links: it is
// read away from the site.
func (d *Data) postingDescription(h TextHost, j *Job) string {
	var b strings.Builder
	for _, bl := range j.blocks {
		if bl.links {
			continue
		}
		switch {
		case bl.depth > 0:
			fmt.Fprintf(&b, "<h%d>%s</h%d>", bl.depth, esc(bl.head), bl.depth)
		case bl.items != nil:
			b.WriteString("<ul>")
			for _, it := range bl.items {
				fmt.Fprintf(&b, "<li><strong>%s:</strong> %s</li>", d.spansText(h, it.label, postingHTML, false), d.spansText(h, it.body, postingHTML, false))
			}
			b.WriteString("</ul>")
		default:
			b.WriteString("<p>" + d.spansText(h, bl.para, postingHTML, false) + "</p>")
		}
	}
	return b.String()
}

type jobPosting struct {
	Context        string    `json:"@context"`
	Type           string    `json:"@type"`
	Title          string    `json:"title"`
	Description    string    `json:"description"`
	DatePosted     string    `json:"datePosted,omitempty"`
	EmploymentType string    `json:"employmentType"`
	Org            *ldOrg    `json:"hiringOrganization,omitempty"`
	BaseSalary     *ldSalary `json:"baseSalary,omitempty"`
}

type ldOrg struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type ldSalary struct {
	Type     string  `json:"@type"`
	Currency string  `json:"currency"`
	Value    ldValue `json:"value"`
}

type ldValue struct {
	Type string  `json:"@type"`
	Min  float64 `json:"minValue"`
	Max  float64 `json:"maxValue"`
	Unit string  `json:"unitText,omitempty"`
}
