package main

import (
	"os"
	"sort"
	"strings"
	"testing"
)

// TestHelpMatchesReadme keeps "handbook help" and the README's command
// list naming the same commands.
func TestHelpMatchesReadme(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, cli, ok := strings.Cut(string(b), "\n## CLI\n")
	if !ok {
		t.Fatal(`README has no "## CLI" section`)
	}
	_, block, _ := strings.Cut(cli, "```\n")
	block, _, _ = strings.Cut(block, "```")
	var readme []string
	for _, line := range strings.Split(block, "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "handbook" {
			readme = append(readme, f[1])
		}
	}

	_, cmds, _ := strings.Cut(usage, "Commands:\n")
	cmds, _, _ = strings.Cut(cmds, "\nRun ")
	var help []string
	for _, line := range strings.Split(cmds, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			help = append(help, f[0])
		}
	}
	sort.Strings(readme)
	sort.Strings(help)
	if strings.Join(readme, " ") != strings.Join(help, " ") {
		t.Errorf("README lists the commands %v, handbook help lists %v", readme, help)
	}
	for _, cmd := range help {
		if cmd == "help" || cmd == "version" {
			continue
		}
		if code := run([]string{cmd, "-h"}, &strings.Builder{}, &strings.Builder{}); code != 0 {
			t.Errorf("handbook %s -h: exit %d", cmd, code)
		}
	}
}
