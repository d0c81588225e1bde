// Package e2e tests the handbook as its readers and editors meet it: in a
// real, headless Chromium. The reader tests open our handbook, built by the
// handbook binary, straight from disk (file://); the editor tests run
// `handbook serve -watch` over a copy of it and edit files under it.
//
// The tests need Debian's chromium (apt-get install chromium); the
// accessibility tests also need axe-core (npm ci --ignore-scripts at the
// repository root). Without them the tests skip, except in CI (CI=true),
// where they fail.
//
// Screenshots of the main pages at a desktop and a phone size are written
// to e2e/screenshots/, which is not committed.
package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// suite is what TestMain prepares once for all the tests of the package:
// the one browser, the handbook binary and our handbook built with it.
// It is set before any test runs and only read by the tests.
var suite *testSuite

type testSuite struct {
	// skip says why the browser tests cannot run here; it is empty when
	// they can.
	skip string

	repo    string          // the repository root
	bin     string          // the handbook binary, built from this tree
	site    string          // our handbook (handbook/), built into a folder
	browser context.Context // the browser; every test opens its own tab in it
}

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

// runTests sets the suite up, runs the tests and cleans up after them, so
// that deferred calls run before the process exits.
func runTests(m *testing.M) int {
	repo, err := filepath.Abs("..")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	suite = &testSuite{repo: repo}
	chromium := findChromium()
	if chromium == "" {
		suite.skip = "Chromium is not installed (apt-get install chromium)"
		return m.Run()
	}

	tmp, err := os.MkdirTemp("", "handbook-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	if err := suite.build(tmp); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}

	stop, err := suite.startBrowser(chromium, filepath.Join(tmp, "profile"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer stop()
	return m.Run()
}

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return ""
}

// build compiles the handbook binary from this tree, as an editor would
// run it, and builds our handbook with it for the reader tests.
func (s *testSuite) build(tmp string) error {
	s.bin = filepath.Join(tmp, "handbook")
	cmd := exec.Command("go", "build", "-o", s.bin, "./cmd/handbook")
	cmd.Dir = s.repo
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/handbook: %v\n%s", err, out)
	}
	s.site = filepath.Join(tmp, "site")
	cmd = exec.Command(s.bin, "build", "-src", filepath.Join(s.repo, "handbook"), "-out", s.site)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("handbook build: %v\n%s", err, out)
	}
	return nil
}

// startBrowser starts one headless Chromium for the whole package. The
// flags keep it off the network, which the test machines do not have, and
// make it run in containers (no sandbox, no /dev/shm, no GPU).
func (s *testSuite) startBrowser(path, profile string) (stop func(), err error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1280, 800),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	stop = func() {
		cancelBrowser()
		cancelAlloc()
	}
	// The first run starts the browser and binds it to browser, so it has
	// no timeout of its own; the start is bounded from outside instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(browser) }()
	select {
	case err = <-started:
	case <-time.After(time.Minute):
		err = errors.New("timed out")
	}
	if err != nil {
		stop()
		return nil, fmt.Errorf("cannot start %s: %v", path, err)
	}
	s.browser = browser
	return stop, nil
}

// require skips the test when the browser tests cannot run here, or fails
// it in CI, where every test must run.
func (s *testSuite) require(t *testing.T, missing string) {
	t.Helper()
	if missing == "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; CI runs every browser test", missing)
	}
	t.Skipf("skipping: %s", missing)
}

// page returns the file:// URL of a page of the built handbook, given its
// path relative to the site root, with an optional #fragment.
func (s *testSuite) page(rel string) string {
	name, frag, _ := strings.Cut(rel, "#")
	u := "file://" + filepath.ToSlash(filepath.Join(s.site, filepath.FromSlash(name)))
	if frag != "" {
		u += "#" + frag
	}
	return u
}
