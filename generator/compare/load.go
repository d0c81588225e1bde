package compare

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/rolehandbook/handbook/generator/internal/yamlbound"

	"github.com/rolehandbook/handbook/generator/internal/suggest"
)

// Problem is an error or warning in the data, at a position.
type Problem struct {
	Pos     Pos
	Msg     string
	Warning bool
	Kind    string // "stale data" or "symbolic link" for the problems callers treat apart
}

// IsDataFile reports whether a file name is a data file this package reads.
func IsDataFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml", ".toml", ".json":
		return true
	}
	return false
}

// Load reads every data file in dir of fsys, in name order, and validates
// the merged model. It returns nil data when dir has no data files. now
// and staleMonths decide which dated figures are reported as stale.
func Load(fsys fs.FS, dir string, now time.Time, staleMonths int) (*Data, []Problem) {
	return loadEdition(fsys, dir, now, staleMonths, false)
}

// LoadPublic is Load for the public edition: the model it returns holds
// nothing marked internal (edition.go).
func LoadPublic(fsys fs.FS, dir string, now time.Time, staleMonths int) (*Data, []Problem) {
	return loadEdition(fsys, dir, now, staleMonths, true)
}

func loadEdition(fsys fs.FS, dir string, now time.Time, staleMonths int, public bool) (*Data, []Problem) {
	ents, err := fs.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	l := &loader{data: &Data{roles: map[string]*Role{}, sources: map[string]*Source{}, dims: map[string]*Dimension{}, people: map[string]*Person{}}, marked: map[any]bool{}}
	if err != nil {
		l.problem(Pos{File: dir}, "cannot read: %v", err)
		return nil, l.probs
	}
	any := false
	for _, e := range ents {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || !IsDataFile(e.Name()) {
			continue
		}
		if e.Type()&fs.ModeSymlink != 0 {
			// A link may lead outside the handbook; its data is not ours.
			l.warn(Pos{File: path.Join(dir, e.Name())}, "symbolic link not followed")
			l.probs[len(l.probs)-1].Kind = "symbolic link"
			continue
		}
		any = true
		file := path.Join(dir, e.Name())
		src, err := fs.ReadFile(fsys, file)
		if err != nil {
			l.problem(Pos{File: file, Line: 1, Col: 1}, "cannot read: %v", err)
			continue
		}
		l.file(file, src)
	}
	if !any {
		return nil, l.probs
	}
	l.validate(now, staleMonths)
	if public {
		l.dropInternal()
	}
	l.derive()
	sort.SliceStable(l.probs, func(i, j int) bool {
		a, b := l.probs[i].Pos, l.probs[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return l.data, l.probs
}

type loader struct {
	data  *Data
	probs []Problem
	file_ string // the file being decoded

	// marked holds what is marked internal: roles, sources, values and
	// the rest, by pointer; fileInternal says the file being decoded is
	// (edition.go).
	marked       map[any]bool
	fileInternal bool
}

func (l *loader) problem(p Pos, format string, args ...any) {
	l.probs = append(l.probs, Problem{Pos: p, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) warn(p Pos, format string, args ...any) {
	l.probs = append(l.probs, Problem{Pos: p, Msg: fmt.Sprintf(format, args...), Warning: true})
}

func (l *loader) pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: l.file_, Line: 1, Col: 1}
	}
	return Pos{File: l.file_, Line: max(n.Line, 1), Col: max(n.Column, 1)}
}

// file decodes one data file into the model.
func (l *loader) file(name string, src []byte) {
	l.file_ = name
	src = trimBOM(src)
	if len(strings.TrimSpace(string(src))) == 0 {
		l.problem(Pos{File: name, Line: 1, Col: 1}, "empty data file: add roles, dimensions or sources, or delete it")
		return
	}
	var root *yaml.Node
	if strings.EqualFold(path.Ext(name), ".toml") {
		n, p, err := tomlToNode(src)
		if err != nil {
			l.problem(Pos{File: name, Line: p.Line, Col: p.Col}, "invalid TOML: %v", err)
			return
		}
		root = n
	} else {
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil {
			line, col, msg := yamlError(err)
			what := "YAML"
			if strings.EqualFold(path.Ext(name), ".json") {
				what = "JSON"
			}
			l.problem(Pos{File: name, Line: line, Col: col}, "invalid %s: %s", what, msg)
			return
		}
		if len(doc.Content) == 0 {
			l.problem(Pos{File: name, Line: 1, Col: 1}, "empty data file: add roles, dimensions or sources, or delete it")
			return
		}
		if e := yamlbound.Check(&doc); e != nil {
			l.problem(Pos{File: name, Line: e.Line, Col: e.Col}, "%s", e.Msg)
			return
		}
		root = doc.Content[0]
	}
	top := l.mapping(root, "a data file", append([]string{"roles", "dimensions", "sources", "people", "ladders", "zones", "rates", "internal"}, reviewKeys...), nil)
	if top == nil {
		return
	}
	l.fileInternal = false
	f := &File{Path: name, Review: l.review(top), Defines: top["roles"] != nil || top["dimensions"] != nil || top["sources"] != nil || top["ladders"] != nil || top["zones"] != nil || top["rates"] != nil}
	l.fileInternal = l.mark(f, top)
	l.data.Files = append(l.data.Files, f)
	for _, n := range l.seq(top["people"], "people") {
		l.person(n)
	}
	for _, n := range l.seq(top["sources"], "sources") {
		l.source(n)
	}
	for _, n := range l.seq(top["roles"], "roles") {
		l.role(n)
	}
	for _, n := range l.seq(top["dimensions"], "dimensions") {
		l.dimension(n)
	}
	for _, n := range l.seq(top["ladders"], "ladders") {
		l.ladder(n)
	}
	for _, n := range l.seq(top["zones"], "zones") {
		l.zone(n)
	}
	for _, n := range l.seq(top["rates"], "rates") {
		l.rate(n)
	}
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf {
		return b[3:]
	}
	return b
}

func yamlError(err error) (line, col int, msg string) {
	var le *yaml.LoadError
	if errors.As(err, &le) {
		return max(le.Mark.Line, 1), max(le.Mark.Column, 1), le.Message
	}
	var les *yaml.LoadErrors
	if errors.As(err, &les) && len(les.Errors) > 0 {
		e := les.Errors[0]
		return max(e.Mark.Line, 1), max(e.Mark.Column, 1), e.Message
	}
	return 1, 1, strings.TrimPrefix(err.Error(), "yaml: ")
}

// keyed is a decoded mapping: values by key, and the key nodes for positions.
type keyed map[string]*yaml.Node

// mapping checks that n is a mapping with only allowed keys and returns
// its values by key. Missing required keys are reported at the mapping.
func (l *loader) mapping(n *yaml.Node, what string, allowed, required []string) keyed {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		l.problem(l.pos(n), "%s must be a mapping of keys to values", what)
		return nil
	}
	out := keyed{}
	ok := map[string]bool{}
	for _, k := range allowed {
		ok[k] = true
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !ok[k.Value] {
			l.problem(l.pos(k), "unknown key %q in %s%s", k.Value, what, suggest.DidYouMean(k.Value, allowed))
			continue
		}
		if _, dup := out[k.Value]; dup {
			l.problem(l.pos(k), "key %q is set twice in %s", k.Value, what)
			continue
		}
		out[k.Value] = v
	}
	for _, r := range required {
		if _, has := out[r]; !has {
			l.problem(l.pos(n), "%s has no %s: add one", what, r)
		}
	}
	return out
}

func (l *loader) seq(n *yaml.Node, what string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		l.problem(l.pos(n), "%s must be a list", what)
		return nil
	}
	return n.Content
}

// str decodes a non-empty string scalar.
func (l *loader) str(n *yaml.Node, what string) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		l.problem(l.pos(n), "%s must be a string", what)
		return ""
	}
	if strings.TrimSpace(n.Value) == "" {
		l.problem(l.pos(n), "%s is blank", what)
		return ""
	}
	return n.Value
}

func (l *loader) strList(n *yaml.Node, what string) []string {
	var out []string
	if n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return []string{l.str(n, what)} // a single id needs no brackets
	}
	for _, c := range l.seq(n, what) {
		if s := l.str(c, what+" item"); s != "" {
			out = append(out, s)
		}
	}
	return out
}

var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

func (l *loader) id(n *yaml.Node, what string) string {
	s := l.str(n, what+" id")
	if s != "" && !idRE.MatchString(s) {
		l.problem(l.pos(n), "%s id %q must be lowercase letters, digits and hyphens", what, s)
	}
	return s
}

// citations decodes a list of source ids and where each is written;
// validate checks that they exist.
func (l *loader) citations(n *yaml.Node) ([]string, []Pos) {
	ids := l.strList(n, "sources")
	if len(ids) == 0 && n.Kind == yaml.SequenceNode {
		l.problem(l.pos(n), "sources is empty: cite at least one source id")
	}
	var at []Pos
	if n.Kind == yaml.SequenceNode {
		for _, c := range n.Content {
			at = append(at, l.pos(c))
		}
	} else {
		at = append(at, l.pos(n))
	}
	if len(at) != len(ids) {
		at = nil
	}
	return ids, at
}

// boolean decodes true or false.
func (l *loader) boolean(n *yaml.Node, what string) bool {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		switch strings.ToLower(n.Value) {
		case "true":
			return true
		case "false":
			return false
		}
	}
	l.problem(l.pos(n), "%s must be true or false, not %q", what, n.Value)
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parseAsOf reads the date of dated figures: a day, a month or, when the
// source gives no more, a year. A month is read as its first day and a
// year as its first month, so a figure is stale once its earliest
// possible date is more than the budget ago.
func parseAsOf(s string) time.Time {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
