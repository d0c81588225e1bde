package compare

import (
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// plainHost renders text cells as escaped text and URLs as they are.
type plainHost struct{}

func (plainHost) Markdown(text string, pos Pos) template.HTML {
	return template.HTML(template.HTMLEscapeString(text))
}

func (plainHost) URL(rootPath string) string { return rootPath }

// FuzzLoad decodes and validates a fuzzed data file of each format. Its
// seeds in testdata/fuzz/FuzzLoad include the handbook's own data; a
// crasher the fuzzer finds is saved there and runs as a regression test.
// Every problem names a position in the file, and data that loads
// without errors renders and exports without panicking.
func FuzzLoad(f *testing.F) {
	f.Fuzz(func(t *testing.T, ext string, src []byte) {
		switch ext {
		case ".yaml", ".yml", ".toml", ".json":
		default:
			return
		}
		file := "data/x" + ext
		data, probs := Load(fstest.MapFS{file: {Data: src}}, "data", now, 36)
		failed := false
		for _, p := range probs {
			if p.Pos.File != file || p.Pos.Line < 1 || p.Pos.Col < 1 {
				t.Errorf("problem without a position: %+v", p)
			}
			if p.Msg == "" || !utf8.ValidString(p.Msg) {
				t.Errorf("problem without a readable message: %+v", p)
			}
			failed = failed || !p.Warning
		}
		if data == nil || failed {
			return
		}
		_ = data.JSON()
		_ = data.CSV()
		h := plainHost{}
		table := data.TableHTML(h, Table{ID: "t", Caption: "All", Roles: data.Roles, Dimensions: data.Dimensions, RowAnchors: true, DiffToggle: true})
		pages := []string{table, data.IndexHTML(h), data.SourcesHTML(h)}
		for _, pair := range data.Pairs() {
			pages = append(pages, data.PairHTML(h, pair[0], pair[1]))
		}
		for _, r := range data.Roles {
			pages = append(pages, data.ProfileHTML(h, r, ""))
		}
		for _, p := range pages {
			if strings.Contains(strings.ToLower(p), "<script") {
				t.Errorf("data reached the page as a script:\n%s", p)
			}
		}
	})
}
