package compare

import (
	"encoding/json"
	"html/template"
	"strings"
	"testing"
	"unicode/utf8"
)

const jobData = `roles:
  - id: pm
    name: Product Manager
    short: PM
    summary: Answers for the product's direction and success, with most of its attention on customers, the market and strategy.
sources:
  - {id: guide, title: Salary guide, publisher: Example}
ladders:
  - role: pm
    tracks:
      - {id: ic, name: Individual contributor, kind: ic}
    levels:
      - {id: mid, title: Product Manager, order: 1, grade: L2, track: ic, summary: Owns an area., scope: One team.}
      - {id: senior, title: Senior Product Manager, order: 2, grade: L3, track: ic, summary: "Sets *direction*, not tasks.", scope: Several teams.}
    competencies:
      - id: strategy
        name: Strategy
        area: Product
        expectations:
          mid: Orders the roadmap.
          senior: {text: Writes the *strategy* for a larger area and tests it against the market and against what can be built., sources: [guide]}
      - id: delivery
        name: Delivery
        area: Delivery
        expectations:
          mid: Ships releases.
          senior: same
      - id: mentoring
        name: Mentoring
        area: Delivery
        expectations:
          mid: n/a
          senior: n/a
    bands:
      - {level: senior, zone: us, min: 110000, max: 145000, currency: USD, period: year, as_of: 2026-06, source: guide}
      - {level: senior, zone: uk, min: 80000, max: 100000, currency: GBP, period: year, as_of: 2026-05, example: true}
`

// jobHost writes links as site paths and reads markdown emphasis as
// plain text.
type jobHost struct{}

func (jobHost) URL(rootPath string) string { return rootPath }
func (jobHost) Plain(md string) string     { return strings.ReplaceAll(md, "*", "") }
func (jobHost) Markdown(text string, pos Pos) template.HTML {
	return template.HTML(template.HTMLEscapeString(text))
}

func loadJob(t *testing.T, level string) (*Data, *Job) {
	t.Helper()
	d, probs := load(t, map[string]string{"ladders.yaml": jobData})
	if len(probs) > 0 {
		t.Fatalf("problems:\n%s", messages(probs))
	}
	lad := d.Ladder("pm")
	return d, d.Job(lad, lad.Level(level), "")
}

func TestJobMarkdown(t *testing.T) {
	d, j := loadJob(t, "senior")
	want := `# Senior Product Manager

- **Role:** [Product Manager](roles/pm/index.html)
- **Grade:** L3
- **Track:** Individual contributor

Answers for the product's direction and success, with most of its attention on customers, the market and strategy.

## About the level

Sets \*direction\*, not tasks.

**Scope:** Several teams.

## What we expect

### Product

- **Strategy:** Writes the *strategy* for a larger area and tests it against the market and against what can be built.

### Delivery

- **Delivery:** Ships releases.

## Pay

- **uk:** £80,000–£100,000 per year, as of 2026-05 (example)
- **us:** $110,000–$145,000 per year, as of 2026-06 (source: Salary guide)

## About this description

Drawn from the [Senior Product Manager](roles/pm/ladder/senior/index.html) level of the [Product Manager career ladder](roles/pm/ladder/index.html).
`
	if got := d.JobMarkdown(jobHost{}, j); got != want {
		t.Errorf("markdown:\n%s\nwant:\n%s", got, want)
	}
}

func TestJobText(t *testing.T) {
	d, j := loadJob(t, "senior")
	want := `Senior Product Manager
======================

- Role: Product Manager (roles/pm/index.html)
- Grade: L3
- Track: Individual contributor

Answers for the product's direction and success, with most of its
attention on customers, the market and strategy.

About the level
---------------

Sets *direction*, not tasks.

Scope: Several teams.

What we expect
--------------

Product

- Strategy: Writes the strategy for a larger area and tests it against
  the market and against what can be built.

Delivery

- Delivery: Ships releases.

Pay
---

- uk: £80,000–£100,000 per year, as of 2026-05 (example)
- us: $110,000–$145,000 per year, as of 2026-06 (source: Salary guide)

About this description
----------------------

Drawn from the Senior Product Manager
(roles/pm/ladder/senior/index.html) level of the Product Manager career
ladder (roles/pm/ladder/index.html).
`
	got := d.JobText(jobHost{}, j)
	if got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
	for i, line := range strings.Split(got, "\n") {
		if n := utf8.RuneCountInString(line); n > TextWidth && strings.Contains(line, " ") {
			t.Errorf("line %d is %d columns wide: %q", i+1, n, line)
		}
	}
}

func TestJobHTML(t *testing.T) {
	d, j := loadJob(t, "senior")
	got := d.JobHTML(jobHost{}, j)
	for _, want := range []string{
		`<dl class="job-facts"><dt>Role</dt><dd><a href="roles/pm/index.html">Product Manager</a></dd><dt>Grade</dt><dd>L3</dd><dt>Track</dt><dd>Individual contributor</dd></dl>`,
		`<p>Sets *direction*, not tasks.</p>`,
		`<dt><a href="roles/pm/ladder/index.html#senior-delivery">Delivery</a></dt><dd>Ships releases.</dd>`,
		`<dt>uk</dt><dd>£80,000–£100,000 per year, as of 2026-05` + ExampleMark + `</dd>`,
		`<a href="roles/pm/ladder/senior/job.md">markdown</a> / <a href="roles/pm/ladder/senior/job.txt">text</a>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the page has no %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Mentoring") {
		t.Errorf("the page lists a competency the level is not yet expected to show:\n%s", got)
	}
}

func TestJobPosting(t *testing.T) {
	d, j := loadJob(t, "senior")
	raw := d.JobPosting(jobHost{}, j, "Acme & Co")
	if strings.ContainsAny(string(raw), "<>") {
		t.Errorf("the posting's HTML is not escaped for a script element:\n%s", raw)
	}
	// The first band by zone is the posting's pay; the description lists
	// both, and links nothing.
	want := `{
  "@context": "https://schema.org",
  "@type": "JobPosting",
  "baseSalary": {
    "@type": "MonetaryAmount",
    "currency": "GBP",
    "value": {
      "@type": "QuantitativeValue",
      "maxValue": 100000,
      "minValue": 80000,
      "unitText": "YEAR"
    }
  },
  "datePosted": "2026-05",
  "description": "<ul><li><strong>Role:</strong> Product Manager</li><li><strong>Grade:</strong> L3</li><li><strong>Track:</strong> Individual contributor</li></ul><p>Answers for the product&#39;s direction and success, with most of its attention on customers, the market and strategy.</p><h2>About the level</h2><p>Sets *direction*, not tasks.</p><p><strong>Scope:</strong> Several teams.</p><h2>What we expect</h2><h3>Product</h3><ul><li><strong>Strategy:</strong> Writes the strategy for a larger area and tests it against the market and against what can be built.</li></ul><h3>Delivery</h3><ul><li><strong>Delivery:</strong> Ships releases.</li></ul><h2>Pay</h2><ul><li><strong>uk:</strong> £80,000–£100,000 per year, as of 2026-05 (example)</li><li><strong>us:</strong> $110,000–$145,000 per year, as of 2026-06 (source: Salary guide)</li></ul>",
  "employmentType": "FULL_TIME",
  "hiringOrganization": {
    "@type": "Organization",
    "name": "Acme & Co"
  },
  "title": "Senior Product Manager"
}
`
	if got := readable(t, raw); got != want {
		t.Errorf("posting:\n%s\nwant:\n%s", got, want)
	}

	// A level without a band has no pay and no date.
	mid := d.Job(j.Ladder, j.Ladder.Level("mid"), "")
	raw = d.JobPosting(jobHost{}, mid, "Acme")
	if strings.Contains(string(raw), "baseSalary") || strings.Contains(string(raw), "datePosted") {
		t.Errorf("a level without a band: %s", raw)
	}
}

// readable decodes JSON and writes it again indented, keys sorted and
// HTML unescaped, as a reader would compare it.
func readable(t *testing.T, raw []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%v:\n%s", err, raw)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
