package generator

import (
	"path"
	"sort"
	"strings"
)

// maxSuggestLen is the longest link target "did you mean" looks at:
// longer ones are not typos.
const maxSuggestLen = 200

// suggest names the existing page closest to a broken link target. Its
// cost is bounded whatever the number of broken links and the shape of
// the tree: each distinct target is judged once, against the pages and
// folders of its own folder (a typo in the name) and those with its name
// in other folders (a typo in the folder), never against every page.
func (l *linker) suggest(full string) string {
	if len(full) > maxSuggestLen {
		return ""
	}
	if h, ok := l.hints.Load(full); ok {
		return h.(string)
	}
	l.candsOnce.Do(l.indexCandidates)
	dir, base := path.Dir(full), path.Base(full)
	limit := len([]rune(base))/3 + 1
	best, bestD := "", -1
	consider := func(c string, d int) {
		if d <= limit && (bestD < 0 || d < bestD || d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	for _, c := range l.byDir[dir] {
		if cb := path.Base(c); abs(len(cb)-len(base)) <= limit {
			consider(c, levenshtein(base, cb))
		}
	}
	for _, c := range l.byBase[strings.ToLower(strings.TrimSuffix(base, path.Ext(base)))] {
		consider(c, levenshtein(full, c))
	}
	hint := ""
	if best != "" {
		hint = " (did you mean " + strconvQuote(best) + "?)"
	}
	l.hints.Store(full, hint)
	return hint
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// indexCandidates files every page and folder path by its folder and by
// its name without extension, lowercased.
func (l *linker) indexCandidates() {
	l.byDir, l.byBase = map[string][]string{}, map[string][]string{}
	add := func(c string) {
		if len(c) > maxSuggestLen {
			return
		}
		trimmed := strings.TrimSuffix(c, "/")
		l.byDir[path.Dir(trimmed)] = append(l.byDir[path.Dir(trimmed)], c)
		base := strings.ToLower(path.Base(trimmed))
		base = strings.TrimSuffix(base, path.Ext(base))
		l.byBase[base] = append(l.byBase[base], c)
	}
	for src := range l.t.bySrc {
		add(src)
	}
	for dir := range l.t.sections {
		if dir != "" {
			add(dir + "/")
		}
	}
	for _, m := range []map[string][]string{l.byDir, l.byBase} {
		for _, list := range m {
			sort.Strings(list)
		}
	}
}
