package generator

import (
	"encoding/json"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Trees made for other tools declare their own order, and the build
// follows it:
//
//   - GitBook and mdBook: SUMMARY.md at the root lists the pages in
//     order, nested, with the title each shows in the sidebar;
//   - MkDocs: the nav of mkdocs.yml at the root does the same;
//   - Docusaurus: _category_.json (or .yml) in a folder gives the
//     section's label and position, and sidebar_position orders pages.
//
// These files are read, not published. A page a declared order lists
// comes before the pages it leaves out, which keep their own order.

// addStatic adds the files of a static folder that the content does not
// have itself. Links find them as they find the content's files.
func (t *tree) addStatic(static fs.FS, c *errs) {
	nf := newNoFollowFS(static)
	_ = fs.WalkDir(nf, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case p != "." && ignoredName(d.Name()):
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case !d.Type().IsRegular():
			return nil
		}
		if _, own := t.files[p]; own {
			return nil
		}
		b, err := fs.ReadFile(nf, p)
		if err != nil {
			c.add("static/"+p, 0, 0, "cannot read: %v", cleanFSError(err))
			return nil
		}
		t.files[p] = staticFile{Src: p, data: b}
		return nil
	})
	for _, l := range nf.warnings() {
		l.File = "static/" + l.File
		t.warnings = append(t.warnings, l)
	}
}

// isNavFile reports whether a source path is one of those files.
func isNavFile(p string) bool {
	switch path.Base(p) {
	case "_category_.json", "_category_.yml", "_category_.yaml":
		return true
	}
	return p == "SUMMARY.md" || p == "mkdocs.yml" || p == "mkdocs.yaml"
}

// navEntry is one page of a declared order: its source path and the
// title the order gives it, if any.
type navEntry struct {
	src, label string
}

// declaredOrder ranks and labels the pages that the tree's own order
// files list.
func (t *tree) declaredOrder() {
	var entries []navEntry
	if b, ok := t.navFiles["SUMMARY.md"]; ok {
		entries = summaryEntries(b)
	}
	for _, name := range []string{"mkdocs.yml", "mkdocs.yaml"} {
		if b, ok := t.navFiles[name]; ok && entries == nil {
			entries = mkdocsEntries(b)
		}
	}
	rank := 0
	for _, e := range entries {
		p := t.pageAt(e.src)
		if p == nil || p.navRank != 0 {
			continue
		}
		rank++
		p.navRank = rank
		p.navLabel = e.label
	}
	for _, src := range sortedPaths(t.navFiles) {
		dir, base := path.Split(src)
		if !strings.HasPrefix(base, "_category_.") {
			continue
		}
		s := t.sections[strings.TrimSuffix(dir, "/")]
		if s == nil || s.Index == nil {
			continue
		}
		var cat struct {
			Label    string   `json:"label" yaml:"label"`
			Position *float64 `json:"position" yaml:"position"`
		}
		var err error
		if strings.HasSuffix(base, ".json") {
			err = json.Unmarshal(t.navFiles[src], &cat)
		} else {
			err = yaml.Unmarshal(t.navFiles[src], &cat)
		}
		if err != nil {
			t.warnings = append(t.warnings, Error{File: src, Line: 1, Col: 1, Msg: "cannot read this category file, so the folder keeps its own title and order: " + err.Error()})
			continue
		}
		if s.Index.navLabel == "" {
			s.Index.navLabel = cat.Label
		}
		if cat.Position != nil {
			s.Index.navWeight = positionWeight(*cat.Position)
		}
	}
}

// pageAt finds the page a declared order names by its source path: a
// page, or a folder whose index it is.
func (t *tree) pageAt(src string) *Page {
	src = strings.TrimPrefix(path.Clean("/"+src), "/")
	if p := t.bySrc[src]; p != nil {
		return p
	}
	if s := t.sections[strings.TrimSuffix(src, "/")]; s != nil {
		return s.Index
	}
	return nil
}

// summaryLink is one list item of a SUMMARY.md: [title](path).
var summaryLink = regexp.MustCompile(`^\s*(?:[-*+]|\d+\.)\s+\[([^\]]*)\]\(<?([^)>\s#]+)`)

// summaryEntries reads the pages of a GitBook or mdBook SUMMARY.md in
// order.
func summaryEntries(src []byte) []navEntry {
	var out []navEntry
	for _, line := range strings.Split(string(src), "\n") {
		if m := summaryLink.FindStringSubmatch(line); m != nil && !isExternal(m[2]) {
			out = append(out, navEntry{src: unescapePath(m[2]), label: strings.TrimSpace(m[1])})
		}
	}
	return out
}

// mkdocsEntries reads the pages of the nav of an mkdocs.yml in order.
// An entry is a path, a "Title: path" pair or a "Title: [entries]"
// group; paths are relative to docs_dir.
func mkdocsEntries(src []byte) []navEntry {
	var cfg struct {
		DocsDir string `yaml:"docs_dir"`
		Nav     []any  `yaml:"nav"`
	}
	// mkdocs.yml may use tags such as !!python/name that this decoder
	// does not know; the nav is what matters, and it has none.
	_ = yaml.Unmarshal(src, &cfg)
	prefix := strings.Trim(cfg.DocsDir, "/")
	if prefix == "docs" || prefix == "." {
		prefix = "" // the content folder is docs_dir itself
	}
	var out []navEntry
	var walk func(items []any)
	walk = func(items []any) {
		for _, it := range items {
			switch v := it.(type) {
			case string:
				out = append(out, navEntry{src: path.Join(prefix, v)})
			case map[string]any:
				for title, val := range v { // one key per entry
					switch val := val.(type) {
					case string:
						if !isExternal(val) {
							out = append(out, navEntry{src: path.Join(prefix, val), label: title})
						}
					case []any:
						walk(val)
					}
				}
			}
		}
	}
	walk(cfg.Nav)
	return out
}

func unescapePath(p string) string {
	return strings.ReplaceAll(p, "%20", " ")
}
