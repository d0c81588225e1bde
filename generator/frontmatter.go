package generator

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v4"

	"github.com/rolehandbook/handbook/generator/internal/yamlbound"
)

// FrontMatter is the metadata at the top of a page.
type FrontMatter struct {
	Title       string   `yaml:"title" toml:"title"`
	Description string   `yaml:"description" toml:"description"`
	Weight      int      `yaml:"weight" toml:"weight"`
	Draft       bool     `yaml:"draft" toml:"draft"`
	Slug        string   `yaml:"slug" toml:"slug"`
	LinkTitle   string   `yaml:"linkTitle" toml:"linkTitle"`
	Aliases     []string `yaml:"aliases" toml:"aliases"`
	Internal    bool     `yaml:"internal" toml:"internal"` // left out of the public edition (edition.go)

	// Keys other generators use that are accepted and ignored, so that an
	// existing Hugo or Jekyll tree builds unchanged.
	Tags       []string `yaml:"tags" toml:"tags"`
	Categories []string `yaml:"categories" toml:"categories"`
	Layout     string   `yaml:"layout" toml:"layout"`
	Date       any      `yaml:"date" toml:"date"`
	Lastmod    any      `yaml:"lastmod" toml:"lastmod"`
	Author     any      `yaml:"author" toml:"author"`
	Permalink  string   `yaml:"permalink" toml:"permalink"`
	Toc        any      `yaml:"toc" toml:"toc"`

	// Jekyll and just-the-docs keys: nav_order orders like weight and
	// redirect_from makes redirects like aliases; the rest are accepted.
	NavOrder     int      `yaml:"nav_order" toml:"nav_order"`
	RedirectFrom []string `yaml:"redirect_from" toml:"redirect_from"`
	Parent       any      `yaml:"parent" toml:"parent"`
	GrandParent  any      `yaml:"grand_parent" toml:"grand_parent"`
	HasChildren  any      `yaml:"has_children" toml:"has_children"`
	NavExclude   any      `yaml:"nav_exclude" toml:"nav_exclude"`
	Summary      any      `yaml:"summary" toml:"summary"`
	Keywords     any      `yaml:"keywords" toml:"keywords"`
	Image        any      `yaml:"image" toml:"image"`
	Type         any      `yaml:"type" toml:"type"`
	Menu         any      `yaml:"menu" toml:"menu"`

	// Keys of Docusaurus, GitBook, MkDocs and Hugo that mean what one of
	// ours means: sidebar_position orders, sidebar_label is the short
	// title, url is the permalink, unlisted keeps a built page out of
	// the sidebar and search. last_reviewed_at and last_reviewed are
	// reviewed under other names.
	SidebarPosition *float64 `yaml:"sidebar_position" toml:"sidebar_position"`
	SidebarLabel    string   `yaml:"sidebar_label" toml:"sidebar_label"`
	URL             string   `yaml:"url" toml:"url"`
	Unlisted        bool     `yaml:"unlisted" toml:"unlisted"`
	LastReviewedAt  any      `yaml:"last_reviewed_at" toml:"last_reviewed_at"`
	LastReviewed    any      `yaml:"last_reviewed" toml:"last_reviewed"`

	// Who keeps the page true and when it was last checked (review.go).
	// They are any, so that TOML's own dates decode and a value of the
	// wrong kind in another tool's tree is a warning, not a failed build;
	// review.go reads them, as written, from reviewAt.
	Owner       any `yaml:"owner" toml:"owner"`
	Reviewed    any `yaml:"reviewed" toml:"reviewed"`
	ReviewEvery any `yaml:"review_every" toml:"review_every"`
	ReviewBy    any `yaml:"review_by" toml:"review_by"`

	// Params holds every other key, as written, for layouts to read as
	// .Page.Params. Only a tree that is not strict may have them.
	Params map[string]any `yaml:"-" toml:"-"`

	unknown  []keyAt     // the keys in Params, where they are written
	reviewAt []reviewKey // the review keys, as written and where
}

// keyAt is a front matter key and where it is written.
type keyAt struct {
	key       string
	line, col int
}

var frontMatterKeys = []string{
	"title", "description", "weight", "draft", "slug", "linkTitle", "aliases", "internal",
	"tags", "categories", "layout", "date", "lastmod", "author", "permalink", "toc",
	"nav_order", "redirect_from", "parent", "grand_parent", "has_children", "nav_exclude",
	"summary", "keywords", "image", "type", "menu",
	"sidebar_position", "sidebar_label", "url", "unlisted", "last_reviewed_at", "last_reviewed",
	"owner", "reviewed", "review_every", "review_by",
}

// splitFrontMatter finds front matter fenced by --- (YAML) or +++ (TOML) at
// the very start of src. It returns the front matter text, the line on
// which it starts, and the body with the front matter blanked to empty
// lines, so that line numbers in the body stay those of the file.
func splitFrontMatter(src []byte) (fm []byte, format string, body []byte, ok bool, closed bool) {
	var fence string
	switch {
	case bytes.HasPrefix(src, []byte("---\n")) || bytes.Equal(src, []byte("---")):
		fence, format = "---", "yaml"
	case bytes.HasPrefix(src, []byte("+++\n")) || bytes.Equal(src, []byte("+++")):
		fence, format = "+++", "toml"
	default:
		return nil, "", src, false, false
	}
	rest := src[len(fence):]
	if len(rest) > 0 {
		rest = rest[1:]
	}
	start := len(src) - len(rest)
	off := start
	for off <= len(src) {
		end := bytes.IndexByte(src[off:], '\n')
		var line []byte
		if end < 0 {
			line = src[off:]
		} else {
			line = src[off : off+end]
		}
		if string(bytes.TrimRight(line, " \t")) == fence || (format == "yaml" && string(bytes.TrimRight(line, " \t")) == "...") {
			fm = src[start:off]
			lineEnd := len(src)
			if end >= 0 {
				lineEnd = off + end
			}
			body = make([]byte, len(src))
			copy(body, src)
			for i := 0; i < lineEnd; i++ {
				if body[i] != '\n' {
					body[i] = ' '
				}
			}
			return fm, format, body, true, true
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	return nil, format, src, true, false
}

// parseFrontMatter decodes front matter strictly. Positions in errors are
// relative to the file: the front matter text starts on line 2.
func parseFrontMatter(file string, src []byte, drafts bool, c *errs) (FrontMatter, []byte) {
	var meta FrontMatter
	fm, format, body, ok, closed := splitFrontMatter(src)
	if !ok {
		return meta, body
	}
	if !closed {
		fence := "---"
		if format == "toml" {
			fence = "+++"
		}
		c.add(file, 1, 1, "front matter is not closed: add a line with %s after it", fence)
		return meta, blankAll(src)
	}
	switch format {
	case "yaml":
		decodeYAMLFrontMatter(file, fm, &meta, c)
	case "toml":
		decodeTOMLFrontMatter(file, fm, &meta, c)
	}
	if meta.Weight == 0 {
		meta.Weight = meta.NavOrder
	}
	if meta.Weight == 0 && meta.SidebarPosition != nil {
		meta.Weight = positionWeight(*meta.SidebarPosition)
	}
	if meta.LinkTitle == "" {
		meta.LinkTitle = meta.SidebarLabel
	}
	if meta.Permalink == "" {
		meta.Permalink = meta.URL
	}
	meta.Aliases = append(meta.Aliases, meta.RedirectFrom...)
	return meta, body
}

func blankAll(src []byte) []byte {
	out := make([]byte, len(src))
	for i, b := range src {
		if b == '\n' {
			out[i] = '\n'
		} else {
			out[i] = ' '
		}
	}
	return out
}

// positionWeight turns a Docusaurus sidebar_position, which may be a
// fraction and may be 0, into a weight: 0 means "unweighted" to us.
func positionWeight(pos float64) int {
	w := int(math.Round(pos * 100))
	if w <= 0 {
		w-- // 0 is first in Docusaurus, and unweighted here
	}
	return w
}

func decodeYAMLFrontMatter(file string, fm []byte, meta *FrontMatter, c *errs) {
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		line, col, msg := yamlErrorPos(err)
		c.add(file, line+1, col, "invalid YAML front matter: %s", msg)
		return
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return // empty front matter
	}
	if e := yamlbound.Check(&doc); e != nil {
		c.add(file, e.Line+1, e.Col, "%s", e.Msg)
		return
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return
	}
	if root.Kind != yaml.MappingNode {
		c.add(file, root.Line+1, root.Column, "front matter must be a mapping of keys to values")
		return
	}
	known := map[string]bool{}
	for _, k := range frontMatterKeys {
		known[k] = true
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if !known[k.Value] {
			var val any
			_ = v.Decode(&val)
			if meta.Params == nil {
				meta.Params = map[string]any{}
			}
			meta.Params[k.Value] = val
			meta.unknown = append(meta.unknown, keyAt{k.Value, k.Line + 1, k.Column})
			continue
		}
		one := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, v}}
		if err := one.Decode(meta); err != nil {
			c.add(file, v.Line+1, v.Column, "%s: %s", k.Value, yamlTypeMessage(v, k.Value))
		} else if isReviewKey(k.Value) {
			meta.reviewAt = append(meta.reviewAt, yamlReviewKey(k, v))
		}
	}
}

// yamlTypeMessage explains a value of the wrong type in words a writer can act on.
func yamlTypeMessage(v *yaml.Node, key string) string {
	want := map[string]string{
		"title": "a string", "description": "a string", "slug": "a string", "linkTitle": "a string",
		"layout": "a string", "permalink": "a string",
		"weight": "an integer such as 10", "draft": "true or false", "internal": "true or false",
		"aliases": "a list of paths", "tags": "a list of strings", "categories": "a list of strings",
	}[key]
	if want == "" {
		want = "another type"
	}
	got := v.Value
	if v.Kind != yaml.ScalarNode {
		got = map[yaml.Kind]string{yaml.MappingNode: "a mapping", yaml.SequenceNode: "a list"}[v.Kind]
	} else {
		got = fmt.Sprintf("%q", got)
	}
	return fmt.Sprintf("got %s, want %s", got, want)
}

// yamlErrorPos extracts a position from a YAML parse error.
func yamlErrorPos(err error) (line, col int, msg string) {
	var le *yaml.LoadError
	if errors.As(err, &le) {
		line, col = le.Mark.Line, le.Mark.Column
		if line == 0 {
			line = 1
		}
		if col == 0 {
			col = 1
		}
		return line, col, le.Message
	}
	return 1, 1, strings.TrimPrefix(err.Error(), "yaml: ")
}

func decodeTOMLFrontMatter(file string, fm []byte, meta *FrontMatter, c *errs) {
	dec := toml.NewDecoder(bytes.NewReader(fm)).DisallowUnknownFields()
	err := dec.Decode(meta)
	if err == nil {
		meta.reviewAt = tomlReviewKeys(fm, meta)
		return
	}
	var sm *toml.StrictMissingError
	if errors.As(err, &sm) {
		meta.reviewAt = tomlReviewKeys(fm, meta)
		var all map[string]any
		_ = toml.Unmarshal(fm, &all)
		for _, e := range sm.Errors {
			row, col := e.Position()
			key := strings.Join(e.Key(), ".")
			if meta.Params == nil {
				meta.Params = map[string]any{}
			}
			meta.Params[key] = all[e.Key()[0]]
			meta.unknown = append(meta.unknown, keyAt{key, row + 1, col})
		}
		return
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		c.add(file, row+1, col, "invalid TOML front matter: %s", strings.TrimPrefix(de.Error(), "toml: "))
		return
	}
	// Type errors carry no position; point at the key's line instead.
	line, col := 1, 1
	msg := strings.TrimPrefix(err.Error(), "toml: ")
	for i, l := range strings.Split(string(fm), "\n") {
		t := strings.TrimSpace(l)
		for _, k := range frontMatterKeys {
			if strings.HasPrefix(t, k) && strings.Contains(msg, "."+strings.ToUpper(k[:1])+k[1:]) {
				line, col = i+1, strings.Index(l, k)+1
			}
		}
	}
	c.add(file, line+1, col, "invalid TOML front matter: %s", msg)
}
