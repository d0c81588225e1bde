package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestEscapeSafeText(t *testing.T) {
	for in, want := range map[string]string{
		"":                          "",
		"guide/a.md:3:5: broken":    "guide/a.md:3:5: broken",
		"café/日本語 ü ß ñ.md":         "café/日本語 ü ß ñ.md",
		"emoji 🙂 and \ufffd stay":   "emoji 🙂 and \ufffd stay",
		`C:\path\a.md`:              `C:\path\a.md`,
		"red\x1b[31m.md":            `red\x1b[31m.md`,
		"a\nerror: forged":          `a\nerror: forged`,
		"tab\there\r\n":             `tab\there\r\n`,
		"nul\x00 bel\x07 del\x7f":   `nul\x00 bel\x07 del\x7f`,
		"title\x1b]0;pwned\x07":     `title\x1b]0;pwned\x07`,
		"c1 \u0085 \u009b31m":       `c1 \x85 \x9b31m`,
		"bidi \u202egpj.exe":        `bidi \u202egpj.exe`,
		"\u202a\u202b\u202c\u202d":  `\u202a\u202b\u202c\u202d`,
		"\u2066\u2067\u2068\u2069":  `\u2066\u2067\u2068\u2069`,
		"line\u2028para\u2029":      `line\u2028para\u2029`,
		"not UTF-8 \xff and \x9b2J": `not UTF-8 \xff and \x9b2J`,
		"cut \xe2\x80":              `cut \xe2\x80`,
		"lrm \u200e stays":          "lrm \u200e stays",
	} {
		if got := safeText(in); got != want {
			t.Errorf("safeText(%q) = %q, want %q", in, got, want)
		}
	}
}

// The hostile names: an escape sequence that turns the terminal red and a
// newline that starts a forged line of output, a bidi override that makes
// a name read backwards, and a C1 control sequence introducer.
const (
	evilName   = "ev\x1b[31mil\nerror: forged.md"
	evilShown  = `ev\x1b[31mil\nerror: forged.md`
	evilTarget = "gone\u202egnp.md"
	evilC1     = "x\u009b2J.md"
)

var evilSite = map[string]string{
	"handbook.toml": "",
	"index.md":      "# Home\n\nSee [a](a.md), [b](" + evilTarget + ") and [c](" + evilC1 + ").\n",
	"a.md":          "# A\n",
	evilName:        "# Evil\n\n[y](missing.md)\n",
}

// assertTerminalSafe fails if out holds a control character or if one of
// its lines starts with anything but the given prefixes, as a forged line
// would.
func assertTerminalSafe(t *testing.T, what, out string, prefixes ...string) {
	t.Helper()
	for _, r := range out {
		if r != '\n' && unsafeRune(r) {
			t.Errorf("%s holds the raw control character %U:\n%q", what, r, out)
			break
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		ok := false
		for _, p := range prefixes {
			ok = ok || strings.HasPrefix(line, p)
		}
		if !ok {
			t.Errorf("%s has a line that starts with none of %q: %q", what, prefixes, line)
		}
	}
}

func TestBuildEscapesNames(t *testing.T) {
	dir := t.TempDir()
	src, out := filepath.Join(dir, "hb"), filepath.Join(dir, "public")
	writeFiles(t, src, evilSite)
	code, stdout, stderr := runCLI(t, "build", "-src", src, "-out", out)
	if code != 1 {
		t.Fatalf("exit %d, want 1 for the broken links\n%s", code, stderr)
	}
	assertTerminalSafe(t, "stderr", stderr, filepath.ToSlash(src)+"/", "build failed: ")
	assertTerminalSafe(t, "stdout", stdout, "")
	for _, want := range []string{evilShown + ":3:5: broken link", `gone\u202egnp.md`, `x\x9b2J.md`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	// As warnings, the same problems reach the terminal by another path.
	writeFiles(t, src, map[string]string{"handbook.toml": "title = \"T\"\nbroken_links = \"warning\"\n"})
	code, stdout, stderr = runCLI(t, "build", "-src", src, "-out", out)
	if code != 0 {
		t.Fatalf("exit %d with broken links as warnings\n%s", code, stderr)
	}
	assertTerminalSafe(t, "stderr", stderr, filepath.ToSlash(src)+"/")
	assertTerminalSafe(t, "stdout", stdout, "built ")
	if !strings.Contains(stderr, evilShown+":3:5: warning: broken link") {
		t.Errorf("stderr lacks the escaped name:\n%s", stderr)
	}
}

func TestCheckEscapesNames(t *testing.T) {
	src := filepath.Join(t.TempDir(), "hb")
	files := map[string]string{"handbook.toml": ""}
	for k, v := range evilSite {
		files[k] = v
	}
	files["a.md"] = "# A\n\n[ext](https://example.org/\u202e/x\u009b)\n"
	files[evilName] = "# Evil\n\n[y](missing.md) [](index.md)\n"
	writeFiles(t, src, files)
	code, stdout, stderr := runCLI(t, "check", "-src", src, "-external")
	if code != 1 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	assertTerminalSafe(t, "stdout", stdout, src+"/", "  "+src+"/", "example.org (", "1 external link", "checked ", "")
	if !strings.Contains(stdout, src+"/"+evilShown+":3:5: broken link") || !strings.Contains(stdout, src+"/"+evilShown+":3:17: warning: link has no text") {
		t.Errorf("stdout lacks the escaped name:\n%s", stdout)
	}
}

// TestServeEscapesNames serves a handbook with hostile names: the terminal
// gets them escaped, the browser gets them as text.
func TestServeEscapesNames(t *testing.T) {
	files := map[string]string{"handbook.toml": "", "<img src=x onerror=alert(1)>.md": "# Img\n\n[z](nowhere.md)\n"}
	for k, v := range evilSite {
		files[k] = v
	}
	ts := startServer(t, files)
	ts.rebuild([]string{evilName})
	assertTerminalSafe(t, "the server's stderr", ts.errOut.String(), filepath.ToSlash(ts.src)+"/")
	assertTerminalSafe(t, "the server's stdout", ts.out.String(), "build failed with ", evilShown+" changed: build failed with ")

	resp, body := get(t, ts.url+"/")
	if resp.StatusCode != 500 || !strings.Contains(body, `role="alert"`) {
		t.Fatalf("GET / while broken: %s", resp.Status)
	}
	if strings.Contains(body, "<img src=x") || !strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;.md:3:5: broken link") {
		t.Errorf("the overlay does not escape the name as HTML:\n%s", body)
	}
	// The errors travel as JSON, so a newline in a name cannot end the
	// event early.
	ev := openEvents(t, ts.url)
	st := ev.next(t, eventHello)
	found := false
	for _, e := range st.Errors {
		found = found || strings.Contains(e, "/"+evilName+":3:5: broken link")
	}
	if !found {
		t.Errorf("the event stream lost the name: %q", st.Errors)
	}
}
