package article

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkExtract times decode + parse + extract on the pages in
// testdata (the four generic news pages and a China Daily page), each
// against a parse-only baseline run in the same command.
//
//	go test ./article -run '^$' -bench Extract -benchmem
func BenchmarkExtract(b *testing.B) {
	type page struct {
		name, url string
		body      []byte
	}
	var pages []page
	for _, c := range loadCorpusCases(b) {
		pages = append(pages, page{"generic-" + c.ID, c.URL, c.body})
	}
	base := "http://127.0.0.1:8080"
	cd, err := os.ReadFile(filepath.Join(cdDir, "a/201911/19/WS5dd344f2a310cf3e355784fb.html"))
	if err != nil {
		b.Fatal(err)
	}
	pages = append(pages, page{"chinadaily-seed", base + "/a/201911/19/WS5dd344f2a310cf3e355784fb.html",
		bytes.ReplaceAll(cd, []byte("{{BASE}}"), []byte(base))})
	// parse is the baseline: decoding and html.Parse alone, which every
	// extractor pays; extract is the whole Extract call.
	for _, p := range pages {
		b.Run(p.name+"/parse", func(b *testing.B) {
			b.SetBytes(int64(len(p.body)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := ParseDocument(context.Background(), p.body, ""); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(p.name+"/extract", func(b *testing.B) {
			b.SetBytes(int64(len(p.body)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := Extract(context.Background(), p.body, p.url); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
