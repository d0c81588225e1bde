package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// gitDates returns when each file under src was last committed, keyed by
// its slash-separated path relative to src, and src's path inside its
// repository ("." at the root). It runs git once for the whole folder, not
// once per page. Outside a git checkout, or without git, it returns
// nothing: the dates are an extra, not a reason to fail a build. The
// dates are commit dates, not file times, so two builds of the same
// commit are the same.
func gitDates(src string) (map[string]time.Time, string) {
	cmd := exec.Command("git", "-c", "core.quotePath=false", "log",
		"--format=%x00%cI", "--name-only", "--no-renames", "--relative", "--", ".")
	cmd.Dir = src
	out, err := cmd.Output()
	if err != nil {
		return nil, ""
	}
	dates := parseGitLog(out)
	if len(dates) == 0 {
		return nil, ""
	}
	return dates, repoPath(src)
}

// parseGitLog reads `git log --format=%x00%cI --name-only` output: each
// commit is a NUL, its ISO date, a blank line and the files it changed.
// A file keeps its newest date.
func parseGitLog(out []byte) map[string]time.Time {
	dates := map[string]time.Time{}
	for _, commit := range bytes.Split(out, []byte{0}) {
		lines := strings.Split(string(commit), "\n")
		when, err := time.Parse(time.RFC3339, strings.TrimSpace(lines[0]))
		if err != nil {
			continue
		}
		for _, f := range lines[1:] {
			if f == "" {
				continue
			}
			if old, ok := dates[f]; !ok || when.After(old) {
				dates[f] = when
			}
		}
	}
	return dates
}

// repoPath returns dir's path relative to the repository that holds it,
// found by its .git entry, or "" when there is none.
func repoPath(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	abs = resolveLinks(abs)
	for d := abs; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			rel, err := filepath.Rel(d, abs)
			if err != nil {
				return ""
			}
			return filepath.ToSlash(rel)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}
