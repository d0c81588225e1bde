package main

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/rolehandbook/handbook/generator"
	"github.com/rolehandbook/handbook/internal/corpus"
)

func builtCorpus(b *testing.B, n int) *generator.Output {
	fsys := fstest.MapFS{}
	for name, body := range corpus.Files(n) {
		fsys[name] = &fstest.MapFile{Data: body}
	}
	res, err := generator.Build(generator.Config{Content: fsys})
	if err != nil {
		b.Fatal(err)
	}
	return res.Output
}

// BenchmarkWriteFresh1k writes a 1,000-page site into a new folder: the
// write stage of a first build.
func BenchmarkWriteFresh1k(b *testing.B) {
	out := builtCorpus(b, 1000)
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		target := filepath.Join(dir, "public", string(rune('a'+i%26)), filepath.Base(dir)+itoa(i))
		if _, err := writeSite(target, out); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.RemoveAll(target)
		b.StartTimer()
	}
}

// BenchmarkWriteUnchanged1k rewrites a 1,000-page site over itself: the
// no-change rebuild, which must write nothing.
func BenchmarkWriteUnchanged1k(b *testing.B) {
	out := builtCorpus(b, 1000)
	target := filepath.Join(b.TempDir(), "public")
	if _, err := writeSite(target, out); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		n, err := writeSite(target, out)
		if err != nil || n != 0 {
			b.Fatalf("wrote %d files (%v), want none", n, err)
		}
	}
}

func itoa(i int) string {
	return string(rune('0'+i/100%10)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
}
