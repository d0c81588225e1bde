package generator

import (
	"encoding/json"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
	"time"
)

// jobSite is a handbook with one ladder whose internal parts all say
// "secret": a source, a competency, an expectation and a band's zone and
// figures. Nothing public does.
var jobSite = map[string]string{
	"handbook.toml":            "title = \"Acme & Co <Handbook>\"\n",
	"index.md":                 "# Home\n\nSee [the PM ladder](roles/pm/ladder/).\n",
	"roles/product-manager.md": "# Product Manager\n\nThe role.\n",
	"data/roles.yaml": `sources:
  - {id: survey, title: Pay survey, publisher: Org}
  - {id: vault, title: Secret source, publisher: Org, internal: true}
roles:
  - {id: pm, name: Product Manager, short: PM, summary: Answers for the product's direction., page: roles/product-manager.md}
ladders:
  - role: pm
    levels:
      - {id: l1, title: Associate Product Manager, order: 1, grade: L1, summary: Learns the product., scope: A feature.}
      - {id: l2, title: Senior Product Manager, order: 2, grade: L2, summary: Sets direction., scope: Several teams.}
    competencies:
      - id: discovery
        name: Discovery
        area: Craft
        expectations:
          l1: Finds problems.
          l2: {text: Secret expectation, internal: true}
      - id: plans
        name: Secret competency
        area: Craft
        internal: true
        expectations: {l1: Secret plans, l2: Secret plans at scale}
      - id: delivery
        name: Delivery
        area: Delivery
        expectations:
          l1: Ships a feature.
          l2: {text: Ships across teams., sources: [survey]}
    bands:
      - {level: l1, zone: us, min: 70000, max: 90000, currency: USD, as_of: 2026-03, source: vault}
      - {level: l2, zone: us, min: 110000, max: 140000, currency: USD, period: year, as_of: 2026-04, example: true}
      - {level: l2, zone: secret-zone, min: 777001, max: 777002, currency: USD, as_of: 2026-04, example: true, internal: true}
`,
}

var jobNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func buildJobs(t *testing.T, e Edition) map[string][]byte {
	t.Helper()
	res, err := Build(Config{Content: mapFS(jobSite), Name: "hb", Edition: e, Now: jobNow})
	if err != nil {
		t.Fatalf("%s edition: %v", e, err)
	}
	return res.Output.Files
}

// jobPaths are the paths of a level's job description.
func jobPaths(level string) []string {
	dir := "roles/pm/ladder/" + level + "/"
	return []string{dir + "job/index.html", dir + "job.md", dir + "job.txt"}
}

func TestJobDescriptionPages(t *testing.T) {
	files := buildJobs(t, EditionInternal)
	for _, p := range jobPaths("l2") {
		if _, ok := files[p]; !ok {
			t.Fatalf("no %s", p)
		}
	}
	level := string(files["roles/pm/ladder/l2/index.html"])
	if !strings.Contains(level, `<a href="job/index.html">This level as a job description</a>`) {
		t.Errorf("the level's page does not link its job description")
	}
	page := string(files["roles/pm/ladder/l2/job/index.html"])
	for _, want := range []string{
		"<h1>Job description: Senior Product Manager</h1>",
		`<a href="../../../../product-manager/index.html">Product Manager</a>`,
		`Download as <a href="../job.md">markdown</a> / <a href="../job.txt">text</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the job page has no %s", want)
		}
	}
	if strings.Contains(page, `<li><a href="../../../../../roles/pm/ladder/l2/job/index.html"`) {
		t.Errorf("the sidebar lists the job page")
	}

	p := postingIn(t, page)
	if p.Type != "JobPosting" || p.Context != "https://schema.org" || p.Title != "Senior Product Manager" || p.EmploymentType != "FULL_TIME" {
		t.Errorf("posting: %+v", p)
	}
	if p.Org.Type != "Organization" || p.Org.Name != "Acme & Co <Handbook>" {
		t.Errorf("hiring organization: %+v, want the site's title", p.Org)
	}
	if s := p.BaseSalary; s == nil || s.Type != "MonetaryAmount" || s.Currency != "USD" || s.Value.Type != "QuantitativeValue" ||
		s.Value.MinValue != 777001 || s.Value.MaxValue != 777002 || s.Value.UnitText != "YEAR" || p.DatePosted != "2026-04" {
		t.Errorf("pay: %+v, want the first zone's band", s)
	}
	if !strings.Contains(p.Description, "$110,000–$140,000 per year, as of 2026-04 (example)") || !strings.Contains(p.Description, "<strong>Delivery:</strong> Ships across teams.") {
		t.Errorf("the description does not list the other band and the expectations:\n%s", p.Description)
	}

	// Every link of the markdown leads to a file of the site.
	md := string(files["roles/pm/ladder/l2/job.md"])
	links := regexp.MustCompile(`\]\(([^)]+)\)`).FindAllStringSubmatch(md, -1)
	if len(links) != 3 {
		t.Errorf("the markdown has %d links, want the role's page, the level and the ladder:\n%s", len(links), md)
	}
	for _, m := range links {
		target := path.Join("roles/pm/ladder/l2", strings.SplitN(m[1], "#", 2)[0])
		if _, ok := files[target]; !ok {
			t.Errorf("the markdown links %s, which leads to no file (%s)", m[1], target)
		}
	}
	if !strings.Contains(md, "- **Role:** [Product Manager](../../../product-manager/index.html)") {
		t.Errorf("the markdown does not link the role's page:\n%s", md)
	}
	if txt := string(files["roles/pm/ladder/l2/job.txt"]); !strings.HasPrefix(txt, "Senior Product Manager\n======================\n") {
		t.Errorf("text:\n%s", txt)
	}

	rep, err := Check(Config{Content: mapFS(jobSite), Name: "hb", Now: jobNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) > 0 {
		t.Errorf("check: %v", rep.Errors)
	}
	for _, w := range rep.Warnings {
		if isBrokenLink(w) || strings.Contains(w.Msg, "orphan") {
			t.Errorf("check: %v", w)
		}
	}
}

func TestJobDescriptionPublicEdition(t *testing.T) {
	internal := buildJobs(t, EditionInternal)
	var all string
	for _, p := range append(jobPaths("l1"), jobPaths("l2")...) {
		all += string(internal[p])
	}
	for _, want := range []string{"Secret source", "Secret competency", "Secret expectation", "secret-zone", "$777,001"} {
		if !strings.Contains(all, want) {
			t.Errorf("the internal edition's job descriptions show no %q", want)
		}
	}

	public := buildJobs(t, EditionPublic)
	for _, p := range append(jobPaths("l1"), jobPaths("l2")...) {
		b, ok := public[p]
		if !ok {
			t.Errorf("the public edition has no %s", p)
		}
		if s := strings.ToLower(string(b)); strings.Contains(s, "secret") || strings.Contains(s, "777") {
			t.Errorf("the public edition's %s shows something internal:\n%s", p, b)
		}
	}
	p := postingIn(t, string(public["roles/pm/ladder/l2/job/index.html"]))
	if s := p.BaseSalary; s == nil || s.Value.MinValue != 110000 || s.Value.MaxValue != 140000 {
		t.Errorf("public pay: %+v, want the public band", s)
	}
	// The band whose source is internal keeps its figures, citing nothing.
	if md := string(public["roles/pm/ladder/l1/job.md"]); !strings.Contains(md, "- **us:** $70,000–$90,000 per year, as of 2026-03\n") {
		t.Errorf("public l1 markdown:\n%s", md)
	}
}

// TestHandbookJobPosting reads the JSON-LD of one of the handbook's own
// job descriptions.
func TestHandbookJobPosting(t *testing.T) {
	res, err := Build(Config{Content: os.DirFS("../handbook"), Name: "handbook", Edition: EditionPublic})
	if err != nil {
		t.Fatal(err)
	}
	page, ok := res.Output.Files["roles/tpm/ladder/senior/job/index.html"]
	if !ok {
		t.Fatal("the handbook has no job description for a senior TPM")
	}
	p := postingIn(t, string(page))
	if p.Title == "" || p.Description == "" || p.Org.Name == "" || p.BaseSalary == nil || p.BaseSalary.Value.MinValue <= 0 || p.DatePosted == "" {
		t.Errorf("posting: %+v", p)
	}
}

type jobPosting struct {
	Context        string `json:"@context"`
	Type           string `json:"@type"`
	Title          string `json:"title"`
	Description    string `json:"description"`
	DatePosted     string `json:"datePosted"`
	EmploymentType string `json:"employmentType"`
	Org            struct {
		Type string `json:"@type"`
		Name string `json:"name"`
	} `json:"hiringOrganization"`
	BaseSalary *struct {
		Type     string `json:"@type"`
		Currency string `json:"currency"`
		Value    struct {
			Type     string  `json:"@type"`
			MinValue float64 `json:"minValue"`
			MaxValue float64 `json:"maxValue"`
			UnitText string  `json:"unitText"`
		} `json:"value"`
	} `json:"baseSalary"`
}

// postingIn decodes the JSON-LD of a built page's head, as a search
// engine reads it.
func postingIn(t *testing.T, page string) jobPosting {
	t.Helper()
	const open = `<script type="application/ld+json">`
	head, _, _ := strings.Cut(page, "</head>")
	i := strings.Index(head, open)
	if i < 0 {
		t.Fatalf("the page's head has no JSON-LD:\n%s", head)
	}
	body, _, ok := strings.Cut(head[i+len(open):], "</script>")
	if !ok {
		t.Fatalf("the JSON-LD script is not closed:\n%s", head)
	}
	var p jobPosting
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("the JSON-LD is not JSON: %v\n%s", err, body)
	}
	return p
}
