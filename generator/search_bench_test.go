//go:build unix

package generator

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process has used, in user and kernel mode.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSearchIndex10k builds the 10,000-page corpus in memory, then
// makes its search index again, and reports the CPU time each takes: the
// index's share of the build (index-cpu-%) must stay within 10%. The
// build's own time includes the index once.
func BenchmarkSearchIndex10k(b *testing.B) {
	fsys := corpusFS(10000)
	var build, index time.Duration
	files := 0
	for b.Loop() {
		bl := &builder{}
		start := cpuTime(b)
		if _, err := bl.build(Config{Content: fsys}); err != nil {
			b.Fatal(err)
		}
		mid := cpuTime(b)
		_, parts := searchFiles(bl.t, bl.cmp.data, &markdownText{md: bl.md}, planSearch(bl.t, bl.cmp.data))
		build, index = build+mid-start, index+cpuTime(b)-mid
		files = len(parts)
	}
	n := float64(b.N)
	b.ReportMetric(build.Seconds()/n, "build-cpu-s")
	b.ReportMetric(index.Seconds()/n, "index-cpu-s")
	b.ReportMetric(100*index.Seconds()/build.Seconds(), "index-cpu-%")
	b.ReportMetric(float64(files), "index-files")
}
