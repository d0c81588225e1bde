package generator

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestQuadraticMarkdownRefused feeds the inputs whose parse time grows
// with the square of their size, at the sizes that ran past two minutes,
// and expects a prompt error at the right place instead.
func TestQuadraticMarkdownRefused(t *testing.T) {
	var notes strings.Builder
	for i := 0; i < 50_000; i++ {
		fmt.Fprintf(&notes, "x[^%d]\n\n", i)
	}
	for i := 0; i < 50_000; i++ {
		fmt.Fprintf(&notes, "[^%d]: note\n\n", i)
	}
	cases := []struct {
		name, body, want string
	}{
		{"emphasis", strings.Repeat("*a_", 100_000) + "\n", "index.md:3:1: this paragraph holds more than 20000 *, _ or [ characters"},
		{"nested list", strings.Repeat("- ", 100_000) + "a\n", "index.md:3:201: more than 100 lists or quotes open on one line"},
		{"nested quote", strings.Repeat("> ", 100_000) + "a\n", "index.md:3:201: more than 100 lists or quotes open on one line"},
		{"footnotes", notes.String(), "index.md:120003:1: more than 10000 footnotes on one page"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Build(Config{Content: mapFS(map[string]string{"index.md": "# Home\n\n" + c.body})})
			var list ErrorList
			if !errors.As(err, &list) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n%.300v\nwant %q", err, c.want)
			}
		})
	}
}

// TestBoundsLeaveRealPagesAlone checks that code blocks, which may hold
// any number of markers, and ordinary deep-ish nesting pass.
func TestBoundsLeaveRealPagesAlone(t *testing.T) {
	code := "```python\n" + strings.Repeat("snake_case_name = other_name * 2  # [x]\n", 600) + "```\n"
	nested := strings.Repeat("- ", 20) + "twenty deep\n"
	res := mustBuild(t, map[string]string{"index.md": "# Home\n\n" + code + "\n" + nested})
	if !strings.Contains(string(res.Output.Files["index.html"]), "twenty deep") {
		t.Error("the page lost its text")
	}
}

// TestAmplificationRefused checks the small inputs that expanded into
// gigabytes: YAML aliases in a data file and in front matter, and a
// compare block naming one role 200,000 times or asking for the whole
// matrix many times over.
func TestAmplificationRefused(t *testing.T) {
	laughs := "x: &a0 [v]\n"
	for i := 1; i <= 8; i++ {
		laughs += fmt.Sprintf("a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
	}
	data := "roles:\n  - id: a\n    name: Alpha\n  - id: b\n    name: Beta\n" +
		"sources:\n  - id: s\n    title: S\n    publisher: P\n    url: https://example.org/\n" +
		"dimensions:\n  - id: focus\n    name: Focus\n    group: Work\n    kind: text\n    sources: [s]\n    values:\n      a: x\n      b: y\n"
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"data aliases", map[string]string{"index.md": "# Home\n", "data/c.yaml": "roles: []\nextra:\n" + indent(laughs)},
			"data/c.yaml:10:"},
		{"front matter aliases", map[string]string{"index.md": "---\n" + laughs + "---\n# Home\n"},
			"index.md:9:"},
		{"repeated role", map[string]string{"data/c.yaml": data,
			"index.md": "# Home\n\n```compare\nroles: [" + strings.TrimSuffix(strings.Repeat("a, ", 200_000), ", ") + "]\n```\n"},
			`index.md:4:`},
		{"whole matrix many times", map[string]string{"data/c.yaml": data,
			"index.md": "# Home\n\n" + strings.Repeat("```compare\n```\n\n", 1001)},
			"index.md:3003:1: more than 1000 compare blocks on one page"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Build(Config{Content: mapFS(c.files)})
			var list ErrorList
			if !errors.As(err, &list) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error:\n%.500v\nwant %q", err, c.want)
			}
			if len(list) > 25 {
				t.Errorf("%d problems reported; one input mistake should give a few lines", len(list))
			}
		})
	}
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n  ") + "\n"
}

// TestLongSlugRefused checks that a slug too long for a file name is an
// error at its page, not a bare error from the file system at write time.
func TestLongSlugRefused(t *testing.T) {
	_, err := Build(Config{Content: mapFS(map[string]string{
		"index.md": "# Home\n",
		"a.md":     "---\nslug: " + strings.Repeat("x", 300) + "\n---\n# A\n",
	})})
	if err == nil || !strings.Contains(err.Error(), "a.md:1:1: the page's URL has a part of 300 bytes") {
		t.Errorf("error: %v", err)
	}
}
