package generator

import (
	"testing"
	"testing/fstest"

	"github.com/rolehandbook/handbook/internal/corpus"
)

func corpusFS(n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range corpus.Files(n) {
		fsys[name] = &fstest.MapFile{Data: body}
	}
	return fsys
}

func benchBuild(b *testing.B, n int) {
	fsys := corpusFS(n)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := Build(Config{Content: fsys})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Output.Pages), "pages")
	}
}

// BenchmarkBuild1k and BenchmarkBuild10k build synthetic handbooks in
// memory: every stage but writing files.
func BenchmarkBuild1k(b *testing.B)  { benchBuild(b, 1000) }
func BenchmarkBuild10k(b *testing.B) { benchBuild(b, 10000) }
