// Package corpus generates synthetic handbooks for benchmarks: sections
// three deep, front matter, headings, lists, GFM tables, fenced code in
// three languages, relative links between siblings, and comparison embeds.
package corpus

import (
	"fmt"
	"strings"
)

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
