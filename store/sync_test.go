package store

import (
	"testing"
	"time"

	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
)

// syncedLibrary is a library following a server, holding items a, b, c
// from its feed 1 (entries 1, 2, 3), all unread and unstarred.
func syncedLibrary(t *testing.T, clk *fixedClock) *Store {
	t.Helper()
	s, _ := openTest(t, testOptions(clk))
	if err := s.FollowServer(bg, "miniflux https://rss.example.org me"); err != nil {
		t.Fatal(err)
	}
	src := feeds.Source{Name: "Feed", URL: "https://example.org/feed"}
	var items []feeds.Item
	for _, id := range []string{"a", "b", "c"} {
		items = append(items, feeds.Item{ID: id, Title: "Story " + id, Link: "https://example.org/" + id})
	}
	if n, err := s.PutSynced(bg, src, items, clk.t); err != nil || n != 3 {
		t.Fatalf("PutSynced: %d %v", n, err)
	}
	var es []SyncedEntry
	for i, id := range []string{"a", "b", "c"} {
		es = append(es, SyncedEntry{Entry: string(rune('1' + i)), Feed: "1", Item: id, Changed: clk.t})
	}
	if _, err := s.ApplySynced(bg, es, clk.t.Unix()); err != nil {
		t.Fatal(err)
	}
	return s
}

// The conflict rule: for each of read state and star, the later change
// wins, the server's or the one queued here.
func TestSyncConflictLaterChangeWins(t *testing.T) {
	t0 := time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)
	clk := &fixedClock{t: t0}
	s := syncedLibrary(t, clk)

	// Here: a read at t0+1m, b starred at t0+1m, c read at t0+3m.
	clk.t = t0.Add(time.Minute)
	if err := s.MarkRead(bg, "a", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(bg, "b", true); err != nil {
		t.Fatal(err)
	}
	clk.t = t0.Add(3 * time.Minute)
	if err := s.MarkRead(bg, "c", true); err != nil {
		t.Fatal(err)
	}
	q, err := s.SyncQueue(bg)
	if err != nil || len(q) != 3 || q[0].Item != "a" || q[0].Op != "read" || len(q[0].Entries) != 1 || q[0].Entries[0] != "1" {
		t.Fatalf("queue: %+v %v", q, err)
	}

	// The server, at t0+2m: a starred (a's entry changed after the read
	// here: the server's unread wins), b read (b's entry changed after
	// the star here: the server's "not starred" wins), c starred (before
	// the read here: that read wins and stays queued).
	t2 := t0.Add(2 * time.Minute)
	res, err := s.ApplySynced(bg, []SyncedEntry{
		{Entry: "1", Feed: "1", Item: "a", Read: false, Starred: true, Changed: t2},
		{Entry: "2", Feed: "1", Item: "b", Read: true, Starred: false, Changed: t2},
		{Entry: "3", Feed: "1", Item: "c", Read: false, Starred: true, Changed: t2},
	}, t2.Unix())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]State{"a": {Starred: true}, "b": {Read: true}, "c": {Read: true, Starred: true}}
	for id, w := range want {
		_, st, err := s.Item(bg, id)
		if err != nil || st.Read != w.Read || st.Starred != w.Starred {
			t.Errorf("%s: read %v starred %v, want %v %v (%v)", id, st.Read, st.Starred, w.Read, w.Starred, err)
		}
	}
	if res.Kept != 1 || res.Changed != 5 {
		t.Errorf("applied: %+v, want 1 kept, 5 changed", res)
	}
	q, _ = s.SyncQueue(bg)
	if len(q) != 1 || q[0].Item != "c" || q[0].Op != "read" {
		t.Errorf("queue after the sync: %+v, want c's read only", q)
	}
	// Applying the server's state queues nothing.
	if err := s.SyncSent(bg, q[0].Seq); err != nil {
		t.Fatal(err)
	}
	if q, _ := s.SyncQueue(bg); len(q) != 0 {
		t.Errorf("queue after SyncSent: %+v", q)
	}
	sv, err := s.SyncServer(bg)
	if err != nil || sv.Cursor != t2.Unix() {
		t.Errorf("cursor: %+v %v", sv, err)
	}
}

// Every way of changing state queues it for the server (U marks a
// list read, z undoes it), and only for items the server knows.
func TestSyncQueueEveryWriter(t *testing.T) {
	clk := &fixedClock{t: time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)}
	s := syncedLibrary(t, clk)
	if _, err := s.PutResult(bg, feeds.Result{Source: feeds.Source{Name: "Local", URL: "https://local.example/feed"},
		Items: []feeds.Item{{ID: "local", Title: "Local story", Link: "https://local.example/1"}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkAllRead(bg, []string{"a", "local"}); err != nil {
		t.Fatal(err)
	}
	m, err := s.MarkReadMatching(bg, query.Parse("", time.UTC))
	if err != nil || m.Count() != 2 {
		t.Fatalf("MarkReadMatching: %d %v", m.Count(), err)
	}
	if n, err := s.Undo(bg, m); err != nil || n != 2 {
		t.Fatalf("Undo: %d %v", n, err)
	}
	if err := s.SetSaved(bg, "a", true); err != nil {
		t.Fatal(err)
	}
	q, err := s.SyncQueue(bg)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, op := range q {
		got = append(got, op.Item+" "+op.Op)
	}
	// In order: MarkAllRead's, then MarkReadMatching's (b and c, in the
	// library's order), then Undo's; "local" and the save queue nothing.
	if len(got) != 5 || got[0] != "a read" || !sameSet(got[1:3], []string{"b read", "c read"}) || !sameSet(got[3:], []string{"b unread", "c unread"}) {
		t.Fatalf("queue: %v", got)
	}
	// Following another server forgets this one's queue and entries.
	if err := s.FollowServer(bg, "greader https://other.example me"); err != nil {
		t.Fatal(err)
	}
	if q, _ := s.SyncQueue(bg); len(q) != 0 {
		t.Errorf("queue after following another server: %d", len(q))
	}
	if es, _ := s.SyncEntryIDs(bg); len(es) != 0 {
		t.Errorf("entries after following another server: %d", len(es))
	}
}

// An item the server sees for the first time keeps being read or starred
// here, and tells the server.
func TestSyncFirstLinkKeepsLocalState(t *testing.T) {
	clk := &fixedClock{t: time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)}
	s, _ := openTest(t, testOptions(clk))
	src := feeds.Source{Name: "Feed", URL: "https://example.org/feed"}
	if _, err := s.PutResult(bg, feeds.Result{Source: src, Items: []feeds.Item{{ID: "x", Title: "Read before sync", Link: "https://example.org/x"}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkRead(bg, "x", true); err != nil {
		t.Fatal(err)
	}
	if err := s.FollowServer(bg, "miniflux https://rss.example.org me"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplySynced(bg, []SyncedEntry{{Entry: "9", Feed: "1", Item: "x", Changed: clk.t.Add(time.Hour)}}, 0); err != nil {
		t.Fatal(err)
	}
	if _, st, _ := s.Item(bg, "x"); !st.Read {
		t.Errorf("read before the first sync, unread after it")
	}
	if q, _ := s.SyncQueue(bg); len(q) != 1 || q[0].Op != "read" || len(q[0].Entries) != 1 {
		t.Errorf("queue: %+v, want the read for the server", q)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
