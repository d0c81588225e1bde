package generator

import (
	"strings"
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
	steps := map[string]float64{}
	runs := 0
	for b.Loop() {
		res, err := Build(Config{Content: fsys})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Output.Pages), "pages")
		runs++
		for _, t := range res.Timings {
			steps[t.Step] += float64(t.Duration.Microseconds()) / 1000
		}
	}
	// Each stage's share, as Build timed it: load, markdown, templates
	// (render) and the rest.
	for step, ms := range steps {
		b.ReportMetric(ms/float64(runs), step+"-ms")
	}
}

// BenchmarkBuild1k and BenchmarkBuild10k build synthetic handbooks in
// memory: every stage but writing files.
func BenchmarkBuild1k(b *testing.B)  { benchBuild(b, 1000) }
func BenchmarkBuild10k(b *testing.B) { benchBuild(b, 10000) }

func benchEdit(b *testing.B, n int) { benchChange(b, n, editText) }

// benchChange times a one-page change rebuilt with a cache: an edit of
// its text (editText) or of its title (editReshape), which its
// neighbours and the sidebars of its section show, or, with editNone,
// of its weight, which moves it to the end of its section and back.
func benchChange(b *testing.B, n int, kind editKind) {
	fsys := corpusFS(n)
	cache := NewCache()
	if _, err := Build(Config{Content: fsys, Cache: cache}); err != nil {
		b.Fatal(err)
	}
	page := "s0/t0/u0/page-1.md"
	orig := string(fsys[page].Data)
	i := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		i++
		body := orig + "\nEdited " + itoa(i) + " times.\n"
		switch {
		case kind == editReshape:
			body = strings.Replace(orig, "title: ", "title: Retitled "+itoa(i)+" ", 1)
		case kind == editNone && i%2 == 1:
			body = strings.Replace(orig, "weight: ", "weight: 9999", 1)
		case kind == editNone:
			body = orig
		}
		fsys[page] = &fstest.MapFile{Data: []byte(body)}
		if _, err := Build(Config{Content: fsys, Cache: cache, Changed: []string{page}, Defer: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEdit1k and BenchmarkEdit10k time a one-page edit rebuilt with
// a cache, as the dev server does: the watch-mode latency target.
func BenchmarkEdit1k(b *testing.B)  { benchEdit(b, 1000) }
func BenchmarkEdit10k(b *testing.B) { benchEdit(b, 10000) }

// BenchmarkRetitle10k changes one page's title: the whole way through the
// cache, as any change to front matter, files or data does.
func BenchmarkRetitle10k(b *testing.B) { benchChange(b, 10000, editReshape) }

// BenchmarkReweight10k moves one page within its section: every page of
// it has new neighbours, and its sidebar a new order.
func BenchmarkReweight10k(b *testing.B) { benchChange(b, 10000, editNone) }

// brokenFS is corpusFS(n) as a tree written for another tool, with no
// handbook.toml, and, when broken, five broken links on every page: two
// to missing pages, one to a missing anchor, one to a missing image and
// one near-miss that "did you mean" has to judge.
func brokenFS(n int, broken bool) fstest.MapFS {
	fsys := corpusFS(n)
	delete(fsys, "handbook.toml")
	if !broken {
		return fsys
	}
	for p, f := range fsys {
		if strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			extra := "\n[gone](missing-" + itoa(len(p)) + ".md) [gone too](../nowhere/x.md) [anchor](#no-such-heading) " +
				"![pic](img/missing.png) [typo](page-0.mdx)\n"
			fsys[p] = &fstest.MapFile{Data: append(append([]byte(nil), f.Data...), extra...)}
		}
	}
	return fsys
}

func benchBroken(b *testing.B, broken bool) {
	fsys := brokenFS(benchBrokenN, broken)
	b.ReportAllocs()
	for b.Loop() {
		res, err := Build(Config{Content: fsys})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(res.Warnings)), "warnings")
	}
}

// BenchmarkBrokenLinks5k and BenchmarkCleanLinks5k build the same
// 5,000-page tree with and without five broken links a page: the first
// must take less than twice the second.
func BenchmarkBrokenLinks5k(b *testing.B) { benchBroken(b, true) }
func BenchmarkCleanLinks5k(b *testing.B)  { benchBroken(b, false) }

const benchBrokenN = 5000

// benchShape builds n pages of a corpus shape (internal/corpus) in memory.
func benchShape(b *testing.B, shape string, n int) {
	files, err := corpus.Generate(shape, n)
	if err != nil {
		b.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: body}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(Config{Content: fsys}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkShapes builds 1,000 pages of each corpus shape in memory:
// sections of 10–30 pages ("real"), one section of 2,000 ("wide", here
// 1,000) and long pages with many code blocks ("long").
func BenchmarkShapes(b *testing.B) {
	for _, shape := range corpus.Shapes {
		b.Run(shape, func(b *testing.B) { benchShape(b, shape, 1000) })
	}
}
