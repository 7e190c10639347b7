package store

import (
	"context"
	"testing"
	"time"

	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/internal/gen"
	"github.com/dateline-news/dateline/query"
)

// BenchmarkListed100k lists what 20 sources of 5,000 items carry (the
// whole library) through Listed, as `dateline headlines` does; the
// baseline in the same command is one query that reads the same rows
// newest first with no list to follow.
//
//	go test ./store -run '^$' -bench Listed100k -benchtime 3x
func BenchmarkListed100k(b *testing.B) {
	s, _ := openTest(b, Options{Entities: testEntities, Regions: testRegions})
	c := gen.New(gen.Options{Seed: 1, Sources: 20, PerSource: 5000, End: time.Now()})
	var urls []string
	for i, src := range c.Sources {
		if _, err := s.PutResult(context.Background(), feeds.Result{Source: src, Items: c.Items[i], Status: 200}); err != nil {
			b.Fatal(err)
		}
		urls = append(urls, src.URL)
	}
	b.Run("baseline-rows", func(b *testing.B) {
		for range b.N {
			tx, err := s.r.Begin()
			if err != nil {
				b.Fatal(err)
			}
			srcs, _ := s.sourceRows(context.Background(), tx)
			rows, err := tx.Query(`SELECT ` + listingCols + ` FROM items i ORDER BY i.n DESC`)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for rows.Next() {
				if _, err := scanListing(rows, srcs); err != nil {
					b.Fatal(err)
				}
				n++
			}
			rows.Close()
			_ = tx.Rollback()
			if n != 100_000 {
				b.Fatal(n)
			}
		}
	})
	b.Run("listed", func(b *testing.B) {
		for range b.N {
			n := 0
			if err := s.Listed(context.Background(), urls, query.Query{}, func(Listing) error { n++; return nil }); err != nil || n != 100_000 {
				b.Fatal(n, err)
			}
		}
	})
}
