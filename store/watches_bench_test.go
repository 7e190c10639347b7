package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/internal/gen"
	"github.com/dateline-news/dateline/query"
)

// BenchmarkWatchMatches counts ten watches' new matches after a refresh
// of 1,000 new items into a library of 100,000, before the indexer has
// reached them (the state right after a refresh). In the same command:
// reading the 1,000 new rows alone (the floor: no query compiled, no
// check made), and the ten queries counted through the search index once
// the new items are indexed (what a count of every match costs).
//
//	go test ./store -run '^$' -bench WatchMatches -benchtime 20x -count 5 -benchmem
func BenchmarkWatchMatches(b *testing.B) {
	ctx := context.Background()
	s, _ := openTest(b, Options{Entities: testEntities, Regions: testRegions})
	end := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	c := gen.New(gen.Options{Seed: 1, Sources: 20, PerSource: 5000, End: end})
	for i, src := range c.Sources {
		if _, err := s.PutResult(ctx, feeds.Result{Source: src, Items: c.Items[i], Status: 200}); err != nil {
			b.Fatal(err)
		}
	}
	waitIndexed(b, s)
	// The watches, on names and words the new items have.
	fresh := gen.New(gen.Options{Seed: 2, Sources: 1, First: 20, PerSource: 1000, End: end.Add(24 * time.Hour)})
	ws := []string{
		fresh.People[0], fmt.Sprintf("person:%q", fresh.People[3]), "place:" + c.Places[0], fmt.Sprintf("org:%q", c.Orgs[1]),
		c.Words[5], fmt.Sprintf("%q", c.Words[2]+" "+c.Words[3]), c.Places[2] + " OR " + c.Places[4],
		c.Words[8] + " -" + c.Words[9], "source:" + strings.Fields(fresh.Sources[0].Name)[0] + " " + c.Words[1], "is:unread region:east-asia",
	}
	names := make([]string, len(ws))
	qs := make([]query.Query, len(ws))
	for i, w := range ws {
		names[i], qs[i] = fmt.Sprint("watch ", i), query.Parse(w, nil)
	}
	marks, err := s.WatchMarks(ctx, names)
	if err != nil {
		b.Fatal(err)
	}
	// The refresh: 1,000 new items from a source of their own, newer
	// than the rest, left unindexed.
	release := holdIndexer(s)
	if _, err := s.PutResult(ctx, feeds.Result{Source: fresh.Sources[0], Items: fresh.Items[0], Status: 200}); err != nil {
		b.Fatal(err)
	}
	if n, _ := s.Pending(ctx); n != 1000 {
		b.Fatalf("%d items pending, want the 1,000 new ones", n)
	}
	var counts []int
	b.Run("baseline-read-new-rows", func(b *testing.B) {
		defer reportCPU(b)()
		for range b.N {
			err := s.readTx(ctx, func(tx *sql.Tx) error {
				rows, err := tx.QueryContext(ctx, `SELECT i.rid, `+checkCols+` FROM items i`+checkJoin+` WHERE i.rid > ? ORDER BY i.rid`, marks[0])
				if err != nil {
					return err
				}
				defer rows.Close()
				var d candidate
				var rid, n, src int64
				k := 0
				for rows.Next() {
					if err := rows.Scan(&rid, &n, &d.title, &d.summary, &d.content, &d.atext, &d.names, &src, &d.regns); err != nil {
						return err
					}
					k++
				}
				if k != 1000 {
					return fmt.Errorf("%d new rows", k)
				}
				return rows.Err()
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("new-matches-10-watches", func(b *testing.B) {
		defer reportCPU(b)()
		for range b.N {
			if counts, _, err = s.NewMatches(ctx, qs, marks); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Logf("new matches of the ten watches: %v", counts)
	release()
	waitIndexed(b, s)
	b.Run("baseline-index-count-10", func(b *testing.B) {
		defer reportCPU(b)()
		for range b.N {
			for _, q := range qs {
				if _, err := s.CountMatches(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// reportCPU reports the process's CPU time per op (user and system, from
// getrusage): on a machine shared with other jobs it is the steadier
// number, wall-clock time being whatever the scheduler left.
func reportCPU(b *testing.B) func() {
	c0 := cpuTime()
	return func() { b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op") }
}
