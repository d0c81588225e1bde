package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// vnuJar is where npm ci --ignore-scripts puts the Nu HTML checker.
var vnuJar = filepath.Join("..", "..", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")

// TestNuHTMLChecker builds our handbook and every test site and runs the
// Nu HTML checker over all of their pages in one go, since it is slow to
// start. Every page must pass with no errors. Without Java or the checker
// the test skips, except in CI, where it fails.
func TestNuHTMLChecker(t *testing.T) {
	java, err := exec.LookPath("java")
	missing := ""
	switch {
	case err != nil:
		missing = "java is not installed (apt-get install default-jre-headless)"
	default:
		if _, err := os.Stat(vnuJar); err != nil {
			missing = "the Nu HTML checker is not installed (run npm ci --ignore-scripts at the repository root)"
		}
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(missing)
		}
		t.Skip(missing)
	}

	out := t.TempDir()
	sites := map[string]string{
		"handbook": filepath.Join("..", "..", "handbook"),
		"review":   filepath.Join("..", "..", "generator", "testdata", "review", "src"), // banners, the changes page
	}
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "generator", "testdata", "sites", "*", "src"))
	for _, d := range dirs {
		sites[filepath.Base(filepath.Dir(d))] = d
	}
	var pages []string
	for name, src := range sites {
		res, err := build(src, buildOptions{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		dir := filepath.Join(out, name)
		if _, err := writeSite(dir, res.Output); err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Output.Paths() {
			if strings.HasSuffix(p, ".html") {
				pages = append(pages, filepath.Join(dir, filepath.FromSlash(p)))
			}
		}
	}
	sort.Strings(pages)
	if len(pages) == 0 {
		t.Fatal("no pages to check")
	}

	args := append([]string{"-jar", vnuJar, "--errors-only", "--format", "json"}, pages...)
	cmd := exec.Command(java, args...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var report struct {
		Messages []struct {
			Type    string `json:"type"`
			URL     string `json:"url"`
			Line    int    `json:"lastLine"`
			Col     int    `json:"firstColumn"`
			Message string `json:"message"`
			Extract string `json:"extract"`
		} `json:"messages"`
	}
	if err := json.Unmarshal([]byte(stderr.String()), &report); err != nil {
		t.Fatalf("the checker did not report in JSON (%v): %v\n%s%s", runErr, err, stdout.String(), stderr.String())
	}
	errorsFound := 0
	for _, m := range report.Messages {
		if m.Type != "error" && m.Type != "non-document-error" {
			continue
		}
		errorsFound++
		file := strings.TrimPrefix(m.URL, "file:")
		if rel, err := filepath.Rel(out, file); err == nil {
			file = rel
		}
		t.Errorf("%s:%d:%d: %s\n\t%s", file, m.Line, m.Col, m.Message, m.Extract)
	}
	if runErr != nil && errorsFound == 0 {
		t.Fatalf("the checker failed: %v\n%s", runErr, stderr.String())
	}
	t.Logf("the Nu HTML checker read %d pages of %d sites", len(pages), len(sites))
}
