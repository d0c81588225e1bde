package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"testing"
)

// TestHandbook builds the real handbook and checks what a reader would
// hit: every link and anchor resolves and no URL is root-absolute.
func TestHandbook(t *testing.T) {
	res, err := Build(Config{Content: os.DirFS("../handbook"), Name: "handbook"})
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	for _, w := range res.Warnings {
		// Our salary figures are from 2021: the stale-data warning is the
		// one warning the handbook is expected to give.
		if !strings.Contains(w.Msg, "review the figures") {
			t.Errorf("warning: %v", w)
		}
	}
	for _, p := range VerifyOutput(res.Output) {
		t.Error(p)
	}
	for _, want := range []string{"index.html", "404.html", "guide/key-differences/index.html", "roles/product-manager/index.html", "sources/index.html", "assets/handbook.css"} {
		if _, ok := res.Output.Files[want]; !ok {
			t.Errorf("missing %s", want)
		}
	}
	home := string(res.Output.Files["index.html"])
	if !strings.Contains(home, `href="guide/key-differences/index.html"`) {
		t.Errorf("home page does not link to the key differences page")
	}
}

// TestDeterministic builds twice and compares every byte.
func TestDeterministic(t *testing.T) {
	a, err := Build(Config{Content: os.DirFS("../handbook")})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(Config{Content: os.DirFS("../handbook")})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Output.Files) != len(b.Output.Files) {
		t.Fatalf("file counts differ: %d and %d", len(a.Output.Files), len(b.Output.Files))
	}
	for p, x := range a.Output.Files {
		if !bytes.Equal(x, b.Output.Files[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// mapSink collects the files a build hands over.
type mapSink struct {
	mu    sync.Mutex
	files map[string][]byte
	fail  string // a path whose write fails
}

func (s *mapSink) WriteFile(p string, b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p == s.fail {
		return errors.New("disk full")
	}
	if _, dup := s.files[p]; dup {
		return fmt.Errorf("%s written twice", p)
	}
	s.files[p] = b
	return nil
}

// TestSinkMatchesOutput streams builds through a sink: the files handed
// over are exactly the files of a build held in memory, each given once.
func TestSinkMatchesOutput(t *testing.T) {
	sites := map[string]fs.FS{"handbook": os.DirFS("../handbook"), "corpus": corpusFS(300)}
	for name, fsys := range sites {
		mem, err := Build(Config{Content: fsys})
		if err != nil {
			t.Fatal(err)
		}
		sink := &mapSink{files: map[string][]byte{}}
		res, err := Build(Config{Content: fsys, Sink: sink})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(res.Output.Files) != 0 || res.Output.Pages != mem.Output.Pages {
			t.Errorf("%s: streamed output holds %d files and %d pages, want 0 and %d", name, len(res.Output.Files), res.Output.Pages, mem.Output.Pages)
		}
		if len(sink.files) != len(mem.Output.Files) {
			t.Errorf("%s: %d files streamed, %d built in memory", name, len(sink.files), len(mem.Output.Files))
		}
		for p, want := range mem.Output.Files {
			if got, ok := sink.files[p]; !ok || !bytes.Equal(got, want) {
				t.Errorf("%s: %s streamed differs from the file built in memory", name, p)
			}
		}
	}
}

// TestSinkErrorStopsBuild: a file that cannot be written fails the build
// with the sink's error.
func TestSinkErrorStopsBuild(t *testing.T) {
	for _, p := range []string{"guide/key-differences/index.html", PrintURL, "assets/handbook.css"} {
		_, err := Build(Config{Content: os.DirFS("../handbook"), Sink: &mapSink{files: map[string][]byte{}, fail: p}})
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("failing %s: err = %v, want the sink's error", p, err)
		}
	}
}
