package entity

import (
	"github.com/dateline-news/dateline/internal/cputime"
	"os"
	"strings"
	"testing"
)

// benchText is the seed article and the hand-written news sample, repeated
// to about 100 KB so that per-call overhead does not dominate.
func benchText(tb testing.TB) string {
	var b strings.Builder
	for _, f := range []string{"testdata/seed.txt", "testdata/news.txt"} {
		s, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		b.Write(s)
		b.WriteString("\n\n")
	}
	one := b.String()
	return strings.Repeat(one, 100000/len(one)+1)
}

// BenchmarkExtract measures Extract on news text; MB/s is text throughput
// on one goroutine. cpu-ns/op is the process's CPU time per op, steadier
// than ns/op on a shared machine.
func BenchmarkExtract(b *testing.B) {
	text := benchText(b)
	x := Default()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	cpu := cputime.Start()
	for i := 0; i < b.N; i++ {
		x.Extract(text)
	}
	cpu.Report(b)
}

// BenchmarkExtractArticle: one article-sized text (about 3 KB) per call.
func BenchmarkExtractArticle(b *testing.B) {
	s, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(s)
	x := Default()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	cpu := cputime.Start()
	for i := 0; i < b.N; i++ {
		x.Extract(text)
	}
	cpu.Report(b)
}

func BenchmarkNewExtractor(b *testing.B) {
	for i := 0; i < b.N; i++ {
		NewExtractor()
	}
}
