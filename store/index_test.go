package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
)

// ftsCount is the number of rows of the FTS index.
func ftsCount(t testing.TB, s *Store) (items, fts int) {
	t.Helper()
	if err := s.r.QueryRow(`SELECT (SELECT count(*) FROM items), (SELECT count(*) FROM fts)`).Scan(&items, &fts); err != nil {
		t.Fatal(err)
	}
	return items, fts
}

func pendingIs(t testing.TB, s *Store, want int) {
	t.Helper()
	if n, err := s.Pending(bg); err != nil || n != want {
		t.Errorf("Pending = %d, %v; want %d", n, err, want)
	}
}

// An item is listed as soon as its write returns, by every query that
// needs no index (the list, is:, source:, Listed); its words find it
// once the indexer has written its index row.
func TestSearchBeforeIndexing(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0.Add(2 * time.Hour)}))
	release := holdIndexer(s)
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: seedItems(), Status: 200}); err != nil {
		t.Fatal(err)
	}
	pendingIs(t, s, 3)
	first := seedItems()[0].ID
	for q, want := range map[string][]string{
		"":                     {"https://cd.example/a/3.html", first, "https://cd.example/a/2.html"},
		"is:asia-pacific":      {first},
		"is:unread":            {"https://cd.example/a/3.html", first, "https://cd.example/a/2.html"},
		`source:"china daily"`: {"https://cd.example/a/3.html", first, "https://cd.example/a/2.html"},
		"after:2019-11-20":     {"https://cd.example/a/3.html", first, "https://cd.example/a/2.html"},
		"gsomia":               nil,
		`person:"taro kono"`:   nil,
		"region:asia-pacific":  nil,
	} {
		hs, total, err := s.Search(bg, query.Parse(q, time.UTC), 10, 0)
		if err != nil || total != len(want) || !slices.Equal(ids(hs), want) {
			t.Errorf("before indexing, Search(%q) = %v (%d), %v; want %v", q, ids(hs), total, err, want)
		}
		if ph, _, err := s.Page(bg, query.Parse(q, time.UTC), 10, 0); err != nil || !slices.Equal(ids(ph), want) {
			t.Errorf("before indexing, Page(%q) = %v, %v; want %v", q, ids(ph), err, want)
		}
	}
	var listed []string
	if err := s.Listed(bg, []string{cdSource.URL}, query.Parse("is:asia-pacific", nil), func(l Listing) error {
		listed = append(listed, l.ID)
		return nil
	}); err != nil || !slices.Equal(listed, []string{first}) {
		t.Errorf("before indexing, Listed(is:asia-pacific) = %v, %v", listed, err)
	}
	if _, fts := ftsCount(t, s); fts != 0 {
		t.Errorf("%d FTS rows written with the items", fts)
	}

	release()
	waitIndexed(t, s)
	pendingIs(t, s, 0)
	for _, q := range []string{"gsomia", `person:"taro kono"`, "region:asia-pacific", "seoul"} {
		if hs, _, err := s.Search(bg, query.Parse(q, nil), 10, 0); err != nil || !slices.Equal(ids(hs), []string{first}) {
			t.Errorf("after indexing, Search(%q) = %v, %v", q, ids(hs), err)
		}
	}
	checkIntegrity(t, s)
}

// Pending counts the items stored and not indexed; items pruned before
// they were indexed leave no FTS row behind.
func TestPendingCounts(t *testing.T) {
	clk := &fixedClock{t: t0}
	s, _ := openTest(t, testOptions(clk))
	pendingIs(t, s, 0)
	if err := s.WaitIndexed(bg); err != nil {
		t.Errorf("WaitIndexed on an empty library: %v", err)
	}
	release := holdIndexer(s)
	if _, err := s.PutItems(bg, cdSource, batch("p", 0, 30)); err != nil {
		t.Fatal(err)
	}
	pendingIs(t, s, 30)
	// An old batch, fetched long ago (as the library keeps fetch times):
	// pruned before it is indexed.
	clk.t = t0.Add(-400 * 24 * time.Hour)
	old := batch("o", 0, 20)
	for i := range old {
		old[i].Published = clk.t
	}
	if _, err := s.PutItems(bg, cdSource, old); err != nil {
		t.Fatal(err)
	}
	pendingIs(t, s, 50)
	clk.t = t0
	if n, err := s.Prune(bg, t0.Add(-300*24*time.Hour)); err != nil || n != 20 {
		t.Fatalf("Prune: %d, %v", n, err)
	}
	// The pruned items were the newest rids: they count no more.
	pendingIs(t, s, 30)
	ctx, cancel := context.WithTimeout(bg, 50*time.Millisecond)
	if err := s.WaitIndexed(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitIndexed with the indexer held: %v, want the context's deadline", err)
	}
	cancel()
	release()
	waitIndexed(t, s)
	pendingIs(t, s, 0)
	if c, err := s.CountMatches(bg, query.Parse("batchp0x", nil)); err != nil || c != 30 {
		t.Errorf("CountMatches(batchp0x) = %d, %v; want 30", c, err)
	}
	checkIntegrity(t, s)
}

// Updates of items the indexer has not reached yet (a changed item, a
// moved date, an article, a second source's copy, a renamed source) do
// not index them; the indexer then indexes each once, as it is stored.
func TestUpdatesBeforeIndexing(t *testing.T) {
	clk := &fixedClock{t: t0.Add(2 * time.Hour)}
	s, _ := openTest(t, testOptions(clk))
	release := holdIndexer(s)
	items := seedItems()
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: items, Status: 200}); err != nil {
		t.Fatal(err)
	}
	// The first item changes and moves down the list; the second gets an
	// article; the third a second source's copy; the source is renamed.
	items[0].Title = "Japan, ROK keep intelligence pact"
	items[0].Summary = "Mark Esper visited Seoul."
	items[0].Published = t0.Add(-48 * time.Hour)
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: items, Status: 200}); err != nil {
		t.Fatal(err)
	}
	a := &article.Article{URL: items[1].Link, Title: items[1].Title, Pages: 1,
		Blocks: []article.Block{{Kind: article.Paragraph, Text: "Delegates in Paris discussed carbon markets."}}}
	if err := s.PutArticle(bg, items[1].ID, a, nil); err != nil {
		t.Fatal(err)
	}
	copy3 := items[2]
	copy3.Summary = "A longer summary from the desk about the undated report."
	if _, err := s.PutResult(bg, feeds.Result{Source: deskSource, Items: []feeds.Item{copy3}, Status: 200}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutResult(bg, feeds.Result{Source: feeds.Source{Name: "Xinhua Wire", URL: cdSource.URL}, Status: 200}); err != nil {
		t.Fatal(err)
	}
	pendingIs(t, s, 3)
	if _, fts := ftsCount(t, s); fts != 0 {
		t.Errorf("the updates wrote %d FTS rows for items not yet indexed", fts)
	}

	release()
	waitIndexed(t, s)
	for q, want := range map[string]int{"intelligence": 1, "gsomia": 0, `person:"mark esper"`: 1, "person:kono": 0,
		"carbon": 1, "place:paris": 1, "desk": 1, "xinhua": 3, `source:"china daily"`: 0, "before:2019-11-19": 1} {
		if _, total, err := s.Search(bg, query.Parse(q, time.UTC), 10, 0); err != nil || total != want {
			t.Errorf("after indexing, Search(%q) = %d, %v; want %d", q, total, err, want)
		}
	}
	checkIntegrity(t, s)
}

// A panic in the indexer stops it, without taking the process with it:
// Pending and WaitIndexed report it, and the library stores and lists on.
func TestIndexerPanic(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0}))
	s.wmu.Lock()
	s.indexHook = func() bool { panic("indexer bug") }
	s.wmu.Unlock()
	if _, err := s.PutItems(bg, cdSource, seedItems()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(bg, 30*time.Second)
	defer cancel()
	err := s.WaitIndexed(ctx)
	if err == nil || !strings.Contains(err.Error(), "indexer bug") || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitIndexed after a panic in the indexer: %v", err)
	}
	if n, err := s.Pending(bg); n != 3 || err == nil || !strings.Contains(err.Error(), "search index stopped") {
		t.Errorf("Pending after a panic in the indexer: %d, %v", n, err)
	}
	if _, err := s.PutItems(bg, cdSource, batch("after", 0, 5)); err != nil {
		t.Errorf("a write after the indexer stopped: %v", err)
	}
	if n, err := s.Count(bg); err != nil || n != 8 {
		t.Errorf("Count = %d, %v; want 8", n, err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close after the indexer stopped: %v", err)
	}
}

// Close during indexing returns at once: the batch in progress rolls
// back, and the next start indexes what is left.
func TestCloseDuringIndexing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path, testOptions(&fixedClock{t: t0}))
	if err != nil {
		t.Fatal(err)
	}
	n := 20_000
	if raceEnabled {
		n = 3000
		s.wmu.Lock()
		s.batch = 500 // several batches still
		s.wmu.Unlock()
	}
	var items []feeds.Item
	for k := range n / 500 {
		items = append(items, batch("z", k, 500)...)
	}
	if _, err := s.PutItems(bg, cdSource, items); err != nil {
		t.Fatal(err)
	}
	// Close as soon as the indexer has written a batch.
	deadline := time.Now().Add(time.Minute)
	for {
		p, err := s.Pending(bg)
		if err != nil {
			t.Fatal(err)
		}
		if p < n || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	limit := 500 * time.Millisecond
	if raceEnabled {
		limit = 2 * time.Second
	}
	if d := time.Since(start); d > limit {
		t.Errorf("Close during indexing took %v", d)
	}
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	left, err := ro.Pending(bg)
	if err != nil || left == 0 || left >= n {
		t.Errorf("after Close during indexing, %d of %d items pending (%v): want some indexed, some not", left, n, err)
	}
	if err := ro.WaitIndexed(bg); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), fmt.Sprint(left)) {
		t.Errorf("WaitIndexed on a read-only library with pending items: %v", err)
	}
	ro.Close()
	s, err = Open(path, testOptions(&fixedClock{t: t0}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	waitIndexed(t, s)
	if c, err := s.CountMatches(bg, query.Parse("kono", nil)); err != nil || c != n {
		t.Errorf("CountMatches(kono) = %d, %v; want %d", c, err, n)
	}
	checkIntegrity(t, s)
}

// Writes from several goroutines while the indexer works: every item
// stored is indexed once.
func TestWritesWhileIndexing(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0}))
	writers, batches, per := 4, 6, 400
	if raceEnabled {
		batches, per = 3, 150
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers*batches*2)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := feeds.Source{Name: fmt.Sprint("Writer ", w), URL: fmt.Sprintf("https://w%d.example/rss", w)}
			for k := range batches {
				items := batch(fmt.Sprint("w", w, "b"), k, per)
				if _, err := s.PutResult(bg, feeds.Result{Source: src, Items: items, Status: 200}); err != nil {
					errs <- err
				}
				if err := s.MarkRead(bg, items[0].ID, true); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	waitIndexed(t, s)
	want := writers * batches * per
	if c, err := s.CountMatches(bg, query.Parse("kono", nil)); err != nil || c != want {
		t.Errorf("CountMatches(kono) = %d, %v; want %d", c, err, want)
	}
	if c, err := s.CountMatches(bg, query.Parse("source:writer is:read", nil)); err != nil || c != writers*batches {
		t.Errorf("read items: %d, %v; want %d", c, err, writers*batches)
	}
	checkIntegrity(t, s)
}

// An in-memory library indexes as a file does.
func TestOpenMemoryIndexes(t *testing.T) {
	s, err := OpenMemory(testOptions(&fixedClock{t: t0}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.PutItems(bg, cdSource, batch("m", 0, 300)); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, s)
	pendingIs(t, s, 0)
	if c, err := s.CountMatches(bg, query.Parse("batchm0x asean", nil)); err != nil || c != 300 {
		t.Errorf("CountMatches in memory = %d, %v; want 300", c, err)
	}
	checkIntegrity(t, s)
}

// A crash in the middle of indexing (SIGKILL) loses nothing: the items
// are stored, the next start finds them pending and indexes them.
func TestIndexResumesAfterCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a helper process")
	}
	path := filepath.Join(t.TempDir(), "library.db")
	cmd := child(bg, "index-crash", path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The child stores its items, then says "batch" before each of its
	// indexer's batches: kill it during the third.
	sc := bufio.NewScanner(out)
	batches, stored := 0, 0
	for batches < 3 && sc.Scan() {
		switch line := sc.Text(); {
		case line == "batch":
			batches++
		case strings.HasPrefix(line, "stored "):
			_, _ = fmt.Sscan(strings.TrimPrefix(line, "stored "), &stored)
		default:
			t.Fatalf("child: %s", line)
		}
	}
	_ = cmd.Process.Kill() // SIGKILL
	_ = cmd.Wait()
	if batches < 3 || stored == 0 {
		t.Fatalf("the child stored %d items and started %d batches", stored, batches)
	}

	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	left, err := ro.Pending(bg)
	ro.Close()
	if err != nil || left == 0 || left > stored-2*crashBatch {
		t.Fatalf("after the crash, %d of %d items pending (%v): want the two batches committed, the rest pending", left, stored, err)
	}
	s, err := Open(path, Options{Entities: testEntities, Regions: testRegions})
	if err != nil {
		t.Fatalf("after the crash: %v", err)
	}
	defer s.Close()
	waitIndexed(t, s)
	pendingIs(t, s, 0)
	if c, err := s.CountMatches(bg, query.Parse("kono", nil)); err != nil || c != stored {
		t.Errorf("CountMatches(kono) = %d, %v; want %d", c, err, stored)
	}
	if items, fts := ftsCount(t, s); items != stored || fts != stored {
		t.Errorf("%d items and %d FTS rows, want %d of each", items, fts, stored)
	}
	checkIntegrity(t, s)
}

// crashBatch is the indexer's batch in TestIndexResumesAfterCrash.
const crashBatch = 400

// indexCrashChild is the child of TestIndexResumesAfterCrash: it stores
// its items with the indexer held, then lets it index, saying "batch"
// before each batch, until it is killed.
func indexCrashChild(s *Store) {
	holdIndexer(s)
	s.wmu.Lock()
	s.batch = crashBatch
	s.wmu.Unlock()
	var items []feeds.Item
	for k := range 6 * crashBatch / 100 {
		items = append(items, batch("i", k, 100)...)
	}
	if _, err := s.PutItems(bg, feeds.Source{URL: "https://crash.example/rss", Name: "Crash"}, items); err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("stored", len(items))
	s.wmu.Lock()
	s.indexHook = func() bool {
		fmt.Println("batch")
		return true
	}
	s.wmu.Unlock()
	s.ix.wake()
	time.Sleep(time.Hour) // until killed
}

// The indexer builds an item's index row from its names column, as the
// write path and reindexWhere build it from its entities.
func TestIndexRowFromNames(t *testing.T) {
	items := append(seedItems(), batch("n", 0, 20)...)
	for i := range items {
		it := &items[i]
		spans := testEntities(FeedText(it))
		regions := testRegions(spans)
		want := newFTSRow(it.Title, it.Summary, it.Content, spans, "Wire", 7, regions)
		var names string
		if v := namesCol(spans); v != nil {
			names = v.(string)
		}
		p, l, o := splitNames(names)
		if got := newFTSRowOf(it.Title, it.Summary, it.Content, p, l, o, "Wire", 7, regions); got != want {
			t.Errorf("%s: index row from the names column\n got %+v\nwant %+v", it.ID, got, want)
		}
	}
}

// The indexer reads a batch before it takes the write lock; an item of
// the batch changed meanwhile (here by a write from outside this Store,
// as another process's would be) makes it read the batch again in its
// transaction, so the index holds the item as it is stored.
func TestIndexerRereadsAfterAnEdit(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0}))
	release := holdIndexer(s)
	if _, err := s.PutItems(bg, cdSource, seedItems()); err != nil {
		t.Fatal(err)
	}
	edited := false
	s.wmu.Lock()
	s.indexHook = func() bool {
		if !edited {
			edited = true
			if _, err := s.w.Exec(`UPDATE items SET title = 'Ceasefire holds in Sudan' WHERE id = ?;
				UPDATE fts_mark SET edits = edits + 1`, seedItems()[1].ID); err != nil {
				t.Error(err)
			}
		}
		return true
	}
	s.wmu.Unlock()
	s.ix.wake()
	waitIndexed(t, s)
	release()
	if !edited {
		t.Fatal("the indexer wrote no batch")
	}
	for q, want := range map[string]int{"ceasefire": 1, "sudan": 1, "paris": 1, "climate": 0, "gsomia": 1} {
		if _, n, err := s.Search(bg, query.Parse(q, nil), 10, 0); err != nil || n != want {
			t.Errorf("Search(%q) = %d, %v; want %d", q, n, err, want)
		}
	}
	checkIntegrity(t, s)
}
