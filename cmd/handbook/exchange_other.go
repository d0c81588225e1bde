//go:build !linux

package main

import "errors"

// exchange is not available here: swapFolders renames in two steps.
func exchange(a, b string) error {
	return errors.New("exchanging names is not supported on this system")
}
