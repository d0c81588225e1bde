package generator

import (
	"sort"
)

// Output is a built site: output paths mapped to file contents. Writing it
// to disk, or serving it from memory, is the caller's single step.
type Output struct {
	Files map[string][]byte
	Pages int // how many HTML pages the site has
}

// Paths returns every output path, sorted.
func (o *Output) Paths() []string {
	out := make([]string, 0, len(o.Files))
	for p := range o.Files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Size returns the total size of the output in bytes.
func (o *Output) Size() int {
	n := 0
	for _, b := range o.Files {
		n += len(b)
	}
	return n
}
