package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
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

// firstScreen returns the README's text above its first section, and the
// sh blocks in it.
func firstScreen(t *testing.T) (text string, blocks []string) {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text, _, _ = strings.Cut(string(b), "\n## ")
	for rest := text; ; {
		_, after, ok := strings.Cut(rest, "```sh\n")
		if !ok {
			return text, blocks
		}
		block, after, _ := strings.Cut(after, "```\n")
		blocks = append(blocks, block)
		rest = after
	}
}

// commands lists the commands of an sh block, without their comments.
func commands(block string) []string {
	var out []string
	for _, line := range strings.Split(block, "\n") {
		line, _, _ = strings.Cut(line, "#")
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// TestReadmeFirstScreenLists checks what the README's first screen says
// against what it describes: the packages are the ones make test checks
// and CI installs, the commands are make build and make test, and the Go
// version is go.mod's.
func TestReadmeFirstScreenLists(t *testing.T) {
	text, blocks := firstScreen(t)
	if len(blocks) != 2 {
		t.Fatalf("the first screen has %d sh blocks, want the packages and the commands", len(blocks))
	}
	apt := commands(blocks[0])
	want, err := exec.Command("bash", "../../.ci/deps", "-list").Output()
	if err != nil {
		t.Fatal(err)
	}
	if line := "sudo apt-get install " + strings.TrimSpace(string(want)); len(apt) != 1 || apt[0] != line {
		t.Errorf("the README installs %q; .ci/deps lists %q", apt, line)
	}
	if got := commands(blocks[1]); strings.Join(got, "; ") != "make build; make test" {
		t.Errorf("the first screen's commands are %q, want make build and make test", got)
	}
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if goLine == nil || !strings.Contains(text, "Go "+string(goLine[1])+" or newer") {
		t.Errorf("the first screen does not say Go %s, go.mod's version", goLine[1])
	}
}

// TestReadmeDepsNamesPackages runs the check make test starts with on a
// machine that has none of the tools: it names the package of each.
func TestReadmeDepsNamesPackages(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	cmd := exec.Command(bash, "../../.ci/deps")
	cmd.Env = []string{"PATH=" + t.TempDir()}
	out, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Fatalf("exit %d (%v), want 1:\n%s", code, err, out)
	}
	for _, want := range []string{
		"make test needs packages this machine lacks:",
		"  gcc: go test -race needs cgo",
		"  default-jre-headless: runs the Nu HTML checker",
		"sudo apt-get install make gcc ",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestReadmeFirstScreenInClone runs the README's commands in a clone, as
// a newcomer would: make build must build the site and say where it is,
// make test must start with the check of its packages, and make bin must
// build a binary that knows its commit. Changes not yet committed are
// copied into the clone, so that it is the repository as it will be
// committed; once they are, the clone is exactly a fresh one.
func TestReadmeFirstScreenInClone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the handbook from a clone")
	}
	for _, tool := range []string{"git", "make", "bash"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (bash .ci/deps says which package)", tool)
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Skip("not a git checkout")
	}
	clone := filepath.Join(t.TempDir(), "clone")
	git := func(dir string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		// Reading the checkout must not write its index, which other
		// git commands may be using.
		cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %s: %v", strings.Join(args, " "), err)
		}
		return string(out)
	}
	git(root, "clone", "--quiet", root, clone)
	changed := strings.Split(git(root, "diff", "HEAD", "--name-only", "--no-renames", "-z"), "\x00")
	changed = append(changed, strings.Split(git(root, "ls-files", "--others", "--exclude-standard", "-z"), "\x00")...)
	overlaid := 0
	for _, p := range changed {
		if p == "" {
			continue
		}
		overlaid++
		dst := filepath.Join(clone, filepath.FromSlash(p))
		info, err := os.Stat(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			os.Remove(dst)
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dst, info.Mode().Perm()); err != nil { // .ci/deps is executable
			t.Fatal(err)
		}
	}

	runMake := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("make", args...)
		cmd.Dir = clone
		// A fresh machine sets no GOFLAGS, so this one's (-buildvcs=false,
		// say) must not change what the commands make. -trimpath makes the
		// compiled packages independent of the clone's folder, so that the
		// next run reuses them from the build cache.
		// Run as a newcomer would, not as a sub-make of make test, which
		// would print the folders it enters and leaves.
		var env []string
		for _, kv := range os.Environ() {
			if k, _, _ := strings.Cut(kv, "="); k != "MAKEFLAGS" && k != "MAKELEVEL" && k != "MFLAGS" && k != "MAKEOVERRIDES" {
				env = append(env, kv)
			}
		}
		cmd.Env = append(env, "GOFLAGS=-trimpath")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("make %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
		}
		return string(out)
	}

	_, blocks := firstScreen(t)
	for _, c := range commands(blocks[1]) {
		target, ok := strings.CutPrefix(c, "make ")
		if !ok {
			t.Fatalf("the first screen runs %q, which is not a make target", c)
		}
		switch target {
		case "build":
			out := runMake("build")
			lines := strings.Split(strings.TrimSpace(out), "\n")
			index := filepath.Join(clone, "public", "index.html")
			if last := lines[len(lines)-1]; last != "open file://"+filepath.ToSlash(index) {
				t.Errorf("make build ends with %q, want the file:// address of %s", last, index)
			}
			if _, err := os.Stat(index); err != nil {
				t.Errorf("make build made no public/index.html: %v", err)
			}
		case "test":
			// Running make test here would run this test again, so only its
			// recipe and its first step are checked.
			plan := strings.Split(strings.TrimSpace(runMake("-n", "test")), "\n")
			if plan[0] != "bash .ci/deps" || !slices.ContainsFunc(plan, func(l string) bool { return strings.Contains(l, "go test -race") }) {
				t.Errorf("make test does not check its packages first, then test with -race:\n%s", strings.Join(plan, "\n"))
			}
			deps := exec.Command("bash", ".ci/deps")
			deps.Dir = clone
			if out, err := deps.CombinedOutput(); err != nil {
				if os.Getenv("CI") == "true" {
					t.Errorf("bash .ci/deps: %v\n%s", err, out)
				} else {
					t.Logf("make test would stop at its first step on this machine:\n%s", out)
				}
			}
		default:
			t.Errorf("the first screen runs make %s, which this test does not know", target)
		}
	}

	runMake("bin")
	out, err := exec.Command(filepath.Join(clone, "bin", "handbook"), "version").Output()
	if err != nil {
		t.Fatalf("bin/handbook version: %v", err)
	}
	head := strings.TrimSpace(git(clone, "rev-parse", "HEAD"))
	want := "handbook devel " + head[:12] + " "
	if !strings.HasPrefix(string(out), want) || strings.HasSuffix(strings.TrimSpace(string(out)), " modified") != (overlaid > 0) {
		t.Errorf("bin/handbook version = %q, want %q…, modified only when %d changes were copied in", out, want, overlaid)
	}
}
