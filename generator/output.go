package generator

import (
	"sort"
)

// Output is a built site: output paths mapped to file contents. Writing it
// to disk, or serving it from memory, is the caller's single step. A build
// given a Sink hands its files over as it makes them instead, and its
// Output holds only the page count.
type Output struct {
	Files map[string][]byte
	Pages int // how many HTML pages the site has

	// Deferred holds files made on first use when the build was asked to
	// defer them (Config.Defer); Materialize moves them into Files.
	Deferred map[string]func() []byte
}

// File returns the bytes of an output path, making a deferred file if
// need be.
func (o *Output) File(p string) ([]byte, bool) {
	if b, ok := o.Files[p]; ok {
		return b, true
	}
	if f, ok := o.Deferred[p]; ok {
		return f(), true
	}
	return nil, false
}

// Materialize makes every deferred file and adds it to Files.
func (o *Output) Materialize() {
	for p, f := range o.Deferred {
		o.Files[p] = f()
	}
	o.Deferred = nil
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

// A Sink receives the files of a build as they are made, so that a build
// need not hold the whole site in memory. WriteFile is called once per
// path, from several goroutines at once; data is not modified afterwards.
// An error stops the build, which then returns it.
type Sink interface {
	WriteFile(path string, data []byte) error
}
