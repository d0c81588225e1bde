// Package themes holds the built-in theme, embedded in the binary so that
// a single handbook executable works anywhere.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed all:default
var files embed.FS

// Default returns the default theme: layouts/ holds html/template files
// and static/ holds files copied to the site as they are. It is the same
// value every time, and never changes, so that a build may know it by it.
func Default() fs.FS { return defaultTheme }

var defaultTheme = func() fs.FS {
	sub, err := fs.Sub(files, "default")
	if err != nil {
		panic(err) // the embedded folder is part of the binary
	}
	return sub
}()
