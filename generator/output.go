package generator

import (
	"bytes"
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
	// defer them (Config.Defer); Materialize moves them into Files. The
	// pages of such a build are not in Files either: File makes each
	// whole when it is asked for.
	Deferred map[string]func() []byte

	// kept holds the pages of a deferred build, outside Files, each
	// without its sidebar until asked for.
	kept *keptPages
}

// File returns the bytes of an output path, making a deferred file if
// need be.
func (o *Output) File(p string) ([]byte, bool) {
	if b, ok := o.Files[p]; ok {
		return b, true
	}
	if b, ok := o.kept.file(p); ok {
		return b, true
	}
	if f, ok := o.Deferred[p]; ok {
		return f(), true
	}
	return nil, false
}

// Has reports whether the site has a file at p, without making it.
func (o *Output) Has(p string) bool {
	if _, ok := o.Files[p]; ok {
		return true
	}
	if o.kept != nil {
		if _, ok := o.kept.pages[p]; ok {
			return true
		}
	}
	_, ok := o.Deferred[p]
	return ok
}

// Materialize makes every page and deferred file and adds it to Files.
func (o *Output) Materialize() {
	if o.kept != nil {
		for p := range o.kept.pages {
			o.Files[p], _ = o.kept.file(p)
		}
		o.kept = nil
	}
	for p, f := range o.Deferred {
		o.Files[p] = f()
	}
	o.Deferred = nil
}

// Changed lists the paths of files added, removed or changed since prev,
// deferred files aside, unsorted.
func (o *Output) Changed(prev *Output) []string {
	var out []string
	for p, b := range o.Files {
		if ob, ok := prev.Files[p]; !ok || !bytes.Equal(ob, b) {
			out = append(out, p)
		}
	}
	for p := range prev.Files {
		if _, ok := o.Files[p]; !ok {
			out = append(out, p)
		}
	}
	mine, theirs := o.kept, prev.kept
	if mine == nil {
		mine = &keptPages{}
	}
	if theirs == nil {
		theirs = &keptPages{}
	}
	for p := range mine.pages {
		if !mine.same(theirs, p) {
			out = append(out, p)
		}
	}
	for p := range theirs.pages {
		if _, ok := mine.pages[p]; !ok {
			out = append(out, p)
		}
	}
	return out
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
