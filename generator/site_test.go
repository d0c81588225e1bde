package generator

import (
	"bytes"
	"os"
	"strings"
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
