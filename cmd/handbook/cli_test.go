package main

import (
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestCLISuggestsCommand(t *testing.T) {
	for typo, want := range map[string]string{"biuld": "build", "serv": "serve", "chek": "check", "inti": "init", "verison": "version"} {
		code, stdout, stderr := runCLI(t, typo)
		wantErr := `handbook: unknown command "` + typo + `" (did you mean "` + want + `"?)` + "\nRun \"handbook help\" for the commands.\n"
		if code != 2 || stdout != "" || stderr != wantErr {
			t.Errorf("handbook %s: exit %d, stderr %q; want 2 and %q", typo, code, stderr, wantErr)
		}
	}
	if _, _, stderr := runCLI(t, "publish"); strings.Contains(stderr, "did you mean") {
		t.Errorf("a word like no command gets a suggestion: %q", stderr)
	}
	if code, _, stderr := runCLI(t, "-src", "x", "build"); code != 2 || !strings.Contains(stderr, "flags go after it") {
		t.Errorf("a flag before the command: exit %d, %q", code, stderr)
	}
}

func TestCLISuggestsFlag(t *testing.T) {
	for _, c := range []struct{ args, want string }{
		{"build -scr hb", "handbook: build has no flag -scr (did you mean -src?)\nRun \"handbook help build\" for its flags.\n"},
		{"check -stirct", "handbook: check has no flag -stirct (did you mean -strict?)\nRun \"handbook help check\" for its flags.\n"},
		{"serve -wacth", "handbook: serve has no flag -wacth (did you mean -watch?)\nRun \"handbook help serve\" for its flags.\n"},
		{"build -nothing-like-it", "handbook: build has no flag -nothing-like-it\nRun \"handbook help build\" for its flags.\n"},
		{"build -src", "handbook: flag needs an argument: -src\nRun \"handbook help build\" for its flags.\n"},
		{"init -force", "handbook: init has no flag -force\nRun \"handbook help init\" for its flags.\n"},
	} {
		code, stdout, stderr := runCLI(t, strings.Fields(c.args)...)
		if code != 2 || stdout != "" || stderr != c.want {
			t.Errorf("handbook %s: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
}

func TestHelpCommand(t *testing.T) {
	for _, cmd := range commandNames() {
		code, help, stderr := runCLI(t, "help", cmd)
		if code != 0 || stderr != "" || !strings.HasPrefix(help, "Usage: handbook "+cmd) && cmd != "help" {
			t.Errorf("handbook help %s: exit %d, stdout %q, stderr %q", cmd, code, help, stderr)
		}
		if _, flags, _ := runCLI(t, cmd, "-h"); cmd != "help" && flags != help {
			t.Errorf("handbook help %s differs from handbook %s -h:\n%s\n---\n%s", cmd, cmd, help, flags)
		}
	}
	if code, out, _ := runCLI(t, "help", "help"); code != 0 || out != usage {
		t.Errorf("handbook help help: exit %d, %q", code, out)
	}
	if code, out, _ := runCLI(t, "-h"); code != 0 || out != usage {
		t.Errorf("handbook -h: exit %d, %q", code, out)
	}

	code, stdout, stderr := runCLI(t, "help", "biuld")
	if want := "handbook: unknown help topic \"biuld\" (did you mean \"build\"?)\nRun \"handbook help\" for the commands.\n"; code != 2 || stdout != "" || stderr != want {
		t.Errorf("handbook help biuld: exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
	if code, _, stderr := runCLI(t, "help", "nosuch"); code != 2 || !strings.HasPrefix(stderr, `handbook: unknown help topic "nosuch"`+"\n") {
		t.Errorf("handbook help nosuch: exit %d, %q", code, stderr)
	}
	if code, _, _ := runCLI(t, "help", "build", "serve"); code != 2 {
		t.Errorf("handbook help build serve: exit %d, want 2", code)
	}
}

// TestCLIErrorFormat: every command reports a problem in the input as
// path:line:col: message, and anything else as handbook: message, in the
// same words.
func TestCLIErrorFormat(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nonexist")
	writeFiles(t, dir, map[string]string{"file.md": "# Not a folder\n"})
	file := filepath.Join(dir, "file.md")
	for src, want := range map[string]string{
		missing: "handbook: the source folder " + missing + " does not exist (use -src to name the handbook folder, or handbook init to make one)\n",
		file:    "handbook: the source folder " + file + " is a file, not a folder (use -src to name the handbook folder)\n",
	} {
		for _, args := range [][]string{
			{"build", "-src", src, "-out", filepath.Join(dir, "out")},
			{"build", "-src", src, "-single", filepath.Join(dir, "one.html")},
			{"check", "-src", src},
			{"serve", "-src", src, "-port", "0"},
		} {
			if code, _, stderr := runCLI(t, args...); code != 1 || stderr != want {
				t.Errorf("handbook %s: exit %d, stderr %q; want 1 and %q", strings.Join(args, " "), code, stderr, want)
			}
		}
	}
	writeFiles(t, dir, map[string]string{"full/x": ""})
	if code, _, stderr := runCLI(t, "init", filepath.Join(dir, "full")); code != 1 || !strings.HasPrefix(stderr, "handbook: "+filepath.Join(dir, "full")+" is not empty") {
		t.Errorf("init into a full folder: exit %d, %q", code, stderr)
	}

	src := filepath.Join(dir, "hb")
	writeFiles(t, src, map[string]string{"handbook.toml": "", "index.md": "# Home\n\n[gone](gone.md)\n"})
	problem := filepath.ToSlash(src) + `/index.md:3:8: broken link "gone.md": no page or file at "gone.md"`
	code, _, built := runCLI(t, "build", "-src", src, "-out", filepath.Join(dir, "out"))
	if want := problem + "\nbuild failed: 1 error; nothing was written\n"; code != 1 || built != want {
		t.Errorf("build: exit %d, stderr %q; want 1 and %q", code, built, want)
	}
	if code, checked, _ := runCLI(t, "check", "-src", src); code != 1 || !strings.HasPrefix(checked, problem+"\n") {
		t.Errorf("check: exit %d, stdout %q; want it to start with %q", code, checked, problem)
	}

	// As a warning, the same problem is written alike by both, too.
	writeFiles(t, src, map[string]string{"handbook.toml": "broken_links = \"warning\"\n"})
	warning := filepath.ToSlash(src) + `/index.md:3:8: warning: broken link "gone.md"`
	if code, _, built := runCLI(t, "build", "-src", src, "-out", filepath.Join(dir, "out")); code != 0 || !strings.HasPrefix(built, warning) {
		t.Errorf("build: exit %d, stderr %q; want it to start with %q", code, built, warning)
	}
	if code, checked, _ := runCLI(t, "check", "-src", src); code != 0 || !strings.HasPrefix(checked, warning) {
		t.Errorf("check: exit %d, stdout %q; want it to start with %q", code, checked, warning)
	}
}

// TestCLISrcHint: a folder given where a command takes -src gets a hint.
func TestCLISrcHint(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"hb/index.md": "# Home\n", "my hb/index.md": "# Home\n"})
	hb, spaced := filepath.Join(dir, "hb"), filepath.Join(dir, "my hb")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"build", hb}, `handbook: unexpected argument "` + hb + `" (did you mean -src ` + hb + "?)\n"},
		{[]string{"check", hb, "-strict"}, `handbook: unexpected argument "` + hb + `" (did you mean -src ` + hb + "?)\n"},
		{[]string{"serve", "-watch", spaced}, `handbook: unexpected argument "` + spaced + `" (did you mean -src '` + spaced + "'?)\n"},
		{[]string{"build", filepath.Join(dir, "nothing")}, `handbook: unexpected argument "` + filepath.Join(dir, "nothing") + "\"\n"},
		{[]string{"version", hb}, `handbook: unexpected argument "` + hb + "\"\n"},
	} {
		if code, _, stderr := runCLI(t, c.args...); code != 2 || stderr != c.want {
			t.Errorf("handbook %s: exit %d, stderr %q; want 2 and %q", strings.Join(c.args, " "), code, stderr, c.want)
		}
	}
}

func TestVersionFromBuildInfo(t *testing.T) {
	vcs := func(rev, time, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: time}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "be0fa1d0123456789abcdef0123456789abcdef0"
	for _, c := range []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "devel"},
		{"go run", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
		{"go install @v1.2.0", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0"},
		{"go install @commit", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260102030405-be0fa1d01234"}}, "v0.0.0-20260102030405-be0fa1d01234"},
		{"go build in a clone", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260102030405-be0fa1d01234"}, Settings: vcs(rev, "2026-01-02T03:04:05Z", "false")},
			"devel be0fa1d01234 2026-01-02T03:04:05Z"},
		{"with changes", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260102030405-be0fa1d01234+dirty"}, Settings: vcs(rev, "2026-01-02T03:04:05Z", "true")},
			"devel be0fa1d01234 2026-01-02T03:04:05Z modified"},
		{"older Go", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "2026-01-02T03:04:05Z", "false")},
			"devel be0fa1d01234 2026-01-02T03:04:05Z"},
		{"a tagged commit", &debug.BuildInfo{Main: debug.Module{Version: "v1.3.0"}, Settings: vcs(rev, "2026-01-02T03:04:05Z", "false")}, "v1.3.0"},
		{"a tagged commit, changed", &debug.BuildInfo{Main: debug.Module{Version: "v1.3.0+dirty"}, Settings: vcs(rev, "2026-01-02T03:04:05Z", "true")},
			"devel be0fa1d01234 2026-01-02T03:04:05Z modified"},
	} {
		if got := version(c.info); got != c.want {
			t.Errorf("%s: version = %q, want %q", c.name, got, c.want)
		}
	}
	if code, out, _ := runCLI(t, "version"); code != 0 || !strings.HasPrefix(out, "handbook ") {
		t.Errorf("handbook version: exit %d, %q", code, out)
	}
}
