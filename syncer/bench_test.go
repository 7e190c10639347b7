package syncer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	miniflux "miniflux.app/v2/client"

	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/internal/minifluxtest"
	"github.com/dateline-news/dateline/syncer"
)

// TestSyncBench measures, against one real Miniflux holding 5,000
// entries, Dateline's first sync into an empty library and an
// incremental sync of 50 changes, each beside its floor: the bare API
// client paging through the same entries the same way (order by id, 500
// a page; changed_after for the increment). It is a measurement, not a
// check: it runs only with DATELINE_SYNC_BENCH=1 (BENCHMARKS.md).
func TestSyncBench(t *testing.T) {
	if os.Getenv("DATELINE_SYNC_BENCH") == "" {
		t.Skip("a measurement: DATELINE_SYNC_BENCH=1 runs it")
	}
	const feedsN, perFeed, rounds = 10, 500, 3
	srv := minifluxtest.Start(t)
	fs := newFeedServer(t)
	c := srv.Client()
	start := time.Now()
	for i := range feedsN {
		id, err := c.CreateFeed(&miniflux.FeedCreationRequest{FeedURL: fs.add("/f"+strconv.Itoa(i), perFeed), CategoryID: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.WaitEntries(bg, id, perFeed); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("Miniflux polled %d entries in %s", feedsN*perFeed, time.Since(start).Round(time.Millisecond))

	var floorFirst, firstListed, firstSearchable, floorInc, inc []time.Duration
	for round := range rounds {
		// The floor: the bare client pages through every entry.
		t0 := time.Now()
		n := pageAll(t, c, 0)
		floorFirst = append(floorFirst, time.Since(t0))
		if n != feedsN*perFeed {
			t.Fatalf("the floor paged %d entries", n)
		}
		// Dateline's first sync into an empty library file.
		dir := t.TempDir()
		lib, err := ingest.OpenLibrary(filepath.Join(dir, "library.db"), ingest.LibraryOptions{Entities: entity.Extract, Regions: entity.Regions})
		if err != nil {
			t.Fatal(err)
		}
		remote, err := syncer.New(bg, remoteConfig(srv, syncer.KindMiniflux))
		if err != nil {
			t.Fatal(err)
		}
		p := ingest.New(ingest.Config{Library: lib, Remote: remote, Entities: entity.Extract})
		t0 = time.Now()
		res, err := p.Sync(bg)
		if err != nil || res.Added != feedsN*perFeed {
			t.Fatalf("first sync: %+v %v", res, err)
		}
		firstListed = append(firstListed, time.Since(t0))
		if err := lib.WaitIndexed(bg); err != nil {
			t.Fatal(err)
		}
		firstSearchable = append(firstSearchable, time.Since(t0))

		// 50 changes on the server (read, then star), a second later than
		// the last sync's cursor.
		time.Sleep(1100 * time.Millisecond)
		ids := changeSome(t, c, round)
		since := time.Now().Add(-2 * time.Second).Unix()
		t0 = time.Now()
		if got := pageAll(t, c, since); got < len(ids) {
			t.Fatalf("the floor's increment: %d entries", got)
		}
		floorInc = append(floorInc, time.Since(t0))
		t0 = time.Now()
		res, err = p.Sync(bg)
		if err != nil || res.Changed < len(ids) {
			t.Fatalf("incremental sync: %+v %v", res, err)
		}
		inc = append(inc, time.Since(t0))
		lib.Close()
	}
	med := func(ds []time.Duration) time.Duration { s := slices.Clone(ds); slices.Sort(s); return s[len(s)/2] }
	ratio := func(a, b time.Duration) string { return fmt.Sprintf("%.1f×", float64(a)/float64(b)) }
	t.Logf("first sync of %d entries (median of %d): floor %s · Dateline listed %s (%s) · searchable %s (%s)",
		feedsN*perFeed, rounds, med(floorFirst), med(firstListed), ratio(med(firstListed), med(floorFirst)),
		med(firstSearchable), ratio(med(firstSearchable), med(floorFirst)))
	t.Logf("incremental sync of 50 changes: floor %s · Dateline %s (%s)", med(floorInc), med(inc), ratio(med(inc), med(floorInc)))
	t.Logf("all rounds: floor %v · listed %v · searchable %v · inc floor %v · inc %v", floorFirst, firstListed, firstSearchable, floorInc, inc)
}

// pageAll pages through the entries changed after since (0: every one)
// as Dateline does, and returns how many there were.
func pageAll(t *testing.T, c *miniflux.Client, since int64) int {
	t.Helper()
	var after int64
	n := 0
	for {
		rs, err := c.Entries(&miniflux.Filter{Order: "id", Direction: "asc", Limit: 500, AfterEntryID: after, ChangedAfter: since})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range rs.Entries {
			after = max(after, e.ID)
		}
		n += len(rs.Entries)
		if len(rs.Entries) < 500 {
			return n
		}
	}
}

// changeSome changes 50 entries on the server: 25 read, 25 starred (a
// different 50 each round).
func changeSome(t *testing.T, c *miniflux.Client, round int) []int64 {
	t.Helper()
	rs, err := c.Entries(&miniflux.Filter{Order: "id", Direction: "asc", Limit: 50, Offset: 50 * round})
	if err != nil || len(rs.Entries) != 50 {
		t.Fatalf("entries to change: %v", err)
	}
	var ids []int64
	for _, e := range rs.Entries {
		ids = append(ids, e.ID)
	}
	if err := c.UpdateEntries(ids[:25], "read"); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateEntriesStarred(ids[25:], true); err != nil {
		t.Fatal(err)
	}
	return ids
}
