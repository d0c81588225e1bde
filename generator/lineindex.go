package generator

import (
	"sort"
	"unicode/utf8"
)

// lineIndex places byte offsets of one source at a line and column. It
// finds the line by binary search, where position counts the lines from
// the start every time: a page with a hundred thousand links must not
// scan its source a hundred thousand times. The zero value is ready; the
// index is built on first use.
type lineIndex struct {
	starts []int // offset of each line's first byte
}

// position returns the 1-based line and column (in runes) of off in src.
func (x *lineIndex) position(src []byte, off int) (line, col int) {
	if x.starts == nil {
		x.starts = append(make([]int, 0, 64), 0)
		for i, b := range src {
			if b == '\n' {
				x.starts = append(x.starts, i+1)
			}
		}
	}
	off = max(0, min(off, len(src)))
	line = sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off })
	return line, utf8.RuneCount(src[x.starts[line-1]:off]) + 1
}
