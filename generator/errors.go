package generator

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rolehandbook/handbook/generator/internal/suggest"
)

// Error is one problem in the input, located at a file, line and column.
// Line and Col are 1-based; zero means unknown.
type Error struct {
	File string
	Line int
	Col  int
	Msg  string
	Kind Kind

	once string // when set, a build reports only the first problem with this key
}

// Kind says what sort of problem an Error is, so that callers can sort,
// count and relax problems without reading their messages.
type Kind string

// The kinds of problem that callers treat apart. Every other problem has
// the empty kind.
const (
	KindBrokenLink   Kind = "broken link"
	KindBrokenAnchor Kind = "broken anchor"
	KindMissingImage Kind = "missing image"
	KindUnknownKey   Kind = "unknown front matter key"
	KindSymlink      Kind = "symbolic link"
	KindStaleData    Kind = "stale data"
	KindCodeBlock    Kind = "code block"
	KindSyntax       Kind = "foreign syntax"
	KindReview       Kind = "review"     // an owner or review date that cannot be read
	KindCodeOwners   Kind = "codeowners" // an owner that CODEOWNERS disagrees with
)

func (e Error) Error() string {
	switch {
	case e.File == "":
		return e.Msg
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// ErrorList is every problem found in one build, sorted by position.
type ErrorList []Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// sorted returns the list ordered by file, line and column, without
// repeats, and with only the first of the problems that share a once key.
func (l ErrorList) sorted() ErrorList {
	out := append(ErrorList(nil), l...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
	dedup := out[:0]
	seen := map[string]bool{}
	for i, e := range out {
		if i > 0 && e == out[i-1] || e.once != "" && seen[e.once] {
			continue
		}
		if e.once != "" {
			seen[e.once] = true
		}
		dedup = append(dedup, e)
	}
	return dedup
}

// errs collects errors; the zero value is ready to use.
type errs struct {
	list ErrorList
}

func (c *errs) add(file string, line, col int, format string, args ...any) {
	c.list = append(c.list, Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// addKind adds a problem of a kind callers treat apart.
func (c *errs) addKind(kind Kind, file string, line, col int, format string, args ...any) {
	c.list = append(c.list, Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Kind: kind})
}

func (c *errs) err() error {
	if len(c.list) == 0 {
		return nil
	}
	return c.list.sorted()
}

// didYouMean formats a suggestion as a message suffix.
func didYouMean(s string, candidates []string) string {
	return suggest.DidYouMean(s, candidates)
}

// Suggest returns the candidate that s is most likely a typo of, or ""
// when none is close enough. It is the judgement behind every "did you
// mean" of the build, for the CLI's own suggestions to match them.
func Suggest(s string, candidates []string) string { return suggest.Closest(s, candidates) }

func levenshtein(a, b string) int { return suggest.Distance(a, b) }

// position converts a byte offset in src to a 1-based line and column,
// counting columns in runes.
func position(src []byte, off int) (line, col int) {
	if off > len(src) {
		off = len(src)
	}
	line = 1
	start := 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, len([]rune(string(src[start:off]))) + 1
}
