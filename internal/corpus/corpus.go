// Package corpus generates synthetic handbooks for benchmarks, in
// several shapes (Shapes): sections three deep, front matter, headings,
// lists, GFM tables, fenced code, relative links between siblings, and
// comparison embeds.
package corpus

import (
	"fmt"
	"hash/fnv"
	"strings"
)

// Shapes are the corpus shapes Generate knows:
//
//   - deep: 10 × 10 × k leaf sections of about ten short pages each, the
//     first benchmark's corpus;
//   - real: sections of 10 to 30 pages, three deep, as real handbooks
//     have, pages of about 7 KB with lists, tables and code on most;
//   - wide: the real shape, but with one section of 2,000 pages;
//   - long: pages of about 50 KB, each with a dozen code blocks.
var Shapes = []string{"deep", "real", "wide", "long"}

// Generate returns a handbook of about n pages of a shape as path →
// content. The same shape and n always give the same files.
func Generate(shape string, n int) (map[string][]byte, error) {
	switch shape {
	case "deep":
		return Files(n), nil
	case "real":
		return realShape(n, 0, 1), nil
	case "wide":
		return realShape(n, min(2000, n), 1), nil
	case "long":
		return realShape(n, 0, 8), nil
	}
	return nil, fmt.Errorf("unknown corpus shape %q: use one of %s", shape, strings.Join(Shapes, ", "))
}

// Files returns a handbook of about n pages as path → content. The same n
// always gives the same files.
func Files(n int) map[string][]byte {
	files := map[string][]byte{}
	files["handbook.toml"] = []byte("title = \"Synthetic handbook\"\n")
	files["_index.md"] = []byte("---\ntitle: Synthetic handbook\n---\n\nA generated handbook for benchmarks.\n")
	files["data/compare.yaml"] = []byte(data)
	// Sections three deep (10 × 10 × k leaves) with about ten pages each.
	var leaves []string
	want := max(1, n/10)
	for c := 0; len(leaves) < want; c++ {
		for a := 0; a < 10 && len(leaves) < want; a++ {
			for b := 0; b < 10 && len(leaves) < want; b++ {
				leaves = append(leaves, fmt.Sprintf("s%d/t%d/u%d", a, b, c))
			}
		}
	}
	perLeaf := max(1, n/len(leaves))
	for _, leaf := range leaves {
		for i := 0; i < perLeaf; i++ {
			next := (i + 1) % perLeaf
			files[fmt.Sprintf("%s/page-%d.md", leaf, i)] = []byte(page(leaf, i, next))
		}
	}
	return files
}

func page(leaf string, i, next int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Page %d in %s\ndescription: A synthetic page.\nweight: %d\n---\n\n", i, leaf, i+1)
	fmt.Fprintf(&b, "Intro paragraph for page %d with **bold**, _emphasis_ and `code`. See [the next page](page-%d.md#details).\n\n", i, next)
	for s := 0; s < 3; s++ {
		fmt.Fprintf(&b, "## Section %d\n\n", s)
		b.WriteString(strings.Repeat("Product managers and technical product managers share a lot of work, and this sentence pads the page to a realistic size. ", 4))
		b.WriteString("\n\n- first item\n- second item with a [link](https://example.com)\n  - nested item\n- third item\n\n")
	}
	b.WriteString("## Details\n\n| Role | Focus | Team |\n|------|-------|------|\n| PM | Why | Business |\n| TPM | How | Engineering |\n\n")
	switch i % 3 {
	case 0:
		b.WriteString("```go\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello\")\n}\n```\n\n")
	case 1:
		b.WriteString("```python\ndef main():\n    print(\"hello\")\n\nif __name__ == \"__main__\":\n    main()\n```\n\n")
	case 2:
		b.WriteString("```yaml\nroles:\n  - id: pm\n    name: Product Manager\n```\n\n")
	}
	if i%10 == 0 {
		b.WriteString("```compare\nroles: [pm, tpm]\ndimensions: [focus]\n```\n\n")
	}
	b.WriteString("### Summary\n\nA closing paragraph.\n")
	return b.String()
}

const data = `roles:
  - {id: pm, name: Product Manager, short: PM}
  - {id: tpm, name: Technical Product Manager, short: TPM}
sources:
  - {id: s, title: Source, publisher: Example, year: 2025}
dimensions:
  - id: focus
    name: Focus
    group: Focus
    kind: text
    sources: [s]
    values: {pm: Why, tpm: How}
  - id: salary
    name: Salary
    group: Pay
    kind: number
    unit: USD
    currency: USD
    period: year
    as_of: 2025-01
    sources: [s]
    values: {pm: 96522, tpm: 100074}
`

// realShape writes n pages in sections of 10 to 30 pages, three levels
// deep; the first wide pages go into one section of their own. Each page
// has about 7 KB of text times scale, with lists, tables and code.
func realShape(n, wide, scale int) map[string][]byte {
	files := map[string][]byte{}
	files["handbook.toml"] = []byte("title = \"Synthetic handbook\"\n")
	files["_index.md"] = []byte("---\ntitle: Synthetic handbook\n---\n\nA generated handbook for benchmarks.\n")
	files["data/compare.yaml"] = []byte(data)
	section := func(dir string, count int) {
		files[dir+"/_index.md"] = []byte(fmt.Sprintf("---\ntitle: Section %s\ndescription: Pages about %s.\n---\n\nAn overview of %s.\n", dir, dir, dir))
		for i := 0; i < count; i++ {
			files[fmt.Sprintf("%s/page-%d.md", dir, i)] = []byte(realPage(dir, i, (i+1)%count, scale))
		}
	}
	if wide > 0 {
		section("wide", wide)
		n -= wide
	}
	// Top sections of about 400 pages, each with middle sections of
	// about 80, each with leaves of 10 to 30.
	for a, left := 0, n; left > 0; a++ {
		for b := 0; b < 5 && left > 0; b++ {
			for c := 0; c < 4 && left > 0; c++ {
				count := min(left, 10+int(hash(fmt.Sprint(a, b, c))%21))
				section(fmt.Sprintf("area-%d/topic-%d/part-%d", a, b, c), count)
				left -= count
			}
		}
	}
	return files
}

func hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

var languages = []string{"go", "python", "yaml", "bash", "json", "sql", "javascript"}

// codeBlocks holds a block per language; {n} is replaced by a number
// that differs from block to block, so that no two pages share a block,
// as in a real handbook, and a build that keeps blocks by their content
// gains nothing it would not gain there.
var codeBlocks = map[string]string{
	"go":         "package main\n\nimport \"fmt\"\n\n// main prints a greeting.\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println(\"hello {n}\", i)\n\t}\n}\n",
	"python":     "def plan(items):\n    \"\"\"Order the roadmap.\"\"\"\n    return sorted(items, key=lambda x: x[\"value\"], reverse=True)\n\nprint(plan([{\"value\": 3}, {\"value\": {n}}]))\n",
	"yaml":       "roles:\n  - id: pm\n    name: Product Manager\n  - id: tpm-{n}\n    name: Technical Product Manager\n",
	"bash":       "#!/usr/bin/env bash\nset -euo pipefail\nfor f in *.md; do\n  echo \"checking $f ({n})\"\ndone\n",
	"json":       "{\n  \"role\": \"pm\",\n  \"levels\": [1, 2, {n}],\n  \"remote\": true\n}\n",
	"sql":        "SELECT role, count(*) AS people\nFROM staff\nWHERE team = 'platform-{n}'\nGROUP BY role\nORDER BY people DESC;\n",
	"javascript": "export function score(answers) {\n  return answers.reduce((sum, a) => sum + a.points, {n});\n}\n",
}

func realPage(dir string, i, next, scale int) string {
	h := hash(fmt.Sprint(dir, i))
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Page %d of %s\ndescription: A synthetic page about topic %d.\nweight: %d\n---\n\n", i, dir, i, i+1)
	fmt.Fprintf(&b, "Intro for page %d with **bold**, _emphasis_ and `inline code`. See [the next page](page-%d.md#details) and [the section](_index.md).\n\n", i, next)
	sections := 4 * scale
	for s := 0; s < sections; s++ {
		fmt.Fprintf(&b, "## Part %d\n\n", s)
		for p := 0; p < 2; p++ {
			b.WriteString(strings.Repeat("Product managers and technical product managers share a lot of work; this sentence stands for the prose of a real page. ", 6))
			b.WriteString("\n\n")
		}
		if (h>>uint(s%16))&3 != 0 {
			b.WriteString("- a first point\n- a second point with a [link](https://example.com)\n  - a nested point\n  - another nested point\n- a third point\n\n1. step one\n2. step two\n3. step three\n\n")
		}
		if s%2 == 0 {
			b.WriteString("| Role | Focus | Team | Decides |\n|------|-------|------|---------|\n| PM | Why | Business | Scope |\n| TPM | How | Engineering | Approach |\n| EM | Who | People | Staffing |\n\n")
		}
		if scale > 1 || s%2 == 1 {
			lang := languages[(int(h)+s)%len(languages)]
			code := strings.ReplaceAll(codeBlocks[lang], "{n}", fmt.Sprint(int(h%100000)*64+s))
			fmt.Fprintf(&b, "```%s\n%s```\n\n", lang, code)
		}
	}
	if i%10 == 0 {
		b.WriteString("```compare\nroles: [pm, tpm]\ndimensions: [focus]\n```\n\n")
	}
	b.WriteString("## Details\n\nA closing paragraph with a footnote.[^1]\n\n[^1]: The footnote.\n")
	return b.String()
}
