package tui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
)

// Component tests: each component driven through its own methods and
// messages, on a real library where it reads one.

// genItems stores n items of one source, newest first, the first k of
// them filed under Asia Pacific.
func genItems(t *testing.T, lib *store.Store, n, k int) {
	t.Helper()
	items := make([]feeds.Item, n)
	for i := range items {
		items[i] = feeds.Item{ID: fmt.Sprintf("item-%04d", i), Title: fmt.Sprintf("Story %d about harbours", i),
			Link: fmt.Sprintf("https://wire.example/%d", i), Published: testNow.Add(-time.Duration(i) * time.Minute)}
		if i < k {
			items[i].Section = "Asia Pacific"
		}
	}
	if _, err := lib.PutResult(context.Background(), feeds.Result{Source: feeds.Source{Name: "Wire", URL: "https://wire.example/rss"},
		Items: items, Status: 200}); err != nil {
		t.Fatal(err)
	}
	if err := lib.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func componentLib(t *testing.T) *store.Store {
	t.Helper()
	return openLib(t, filepath.Join(t.TempDir(), "library.db"), store.Options{Now: fixedNow})
}

// The list pages through the library, drops stale pages, and counts the
// view and the filter in SQL.
func TestHeadlineListPagesAndCounts(t *testing.T) {
	lib := componentLib(t)
	genItems(t, lib, 700, 300)
	l := newHeadlineList(context.Background(), lib, newListPane(func() *Styles { s := NewStyles(true); return &s }(), nil, fixedNow))
	l.pane.SetSize(40, 20)
	var page pageMsg
	for _, msg := range runBatch(l.firstPage()) {
		switch msg := msg.(type) {
		case pageMsg:
			page = msg
		case unreadMsg:
			l.OnUnread(msg)
		}
	}
	cmd, ok := l.OnPage(page)
	if !ok || len(l.rows) != firstPageSize || !l.more || l.items != 700 {
		t.Fatalf("first page: ok %v, %d rows, more %v, %d items", ok, len(l.rows), l.more, l.items)
	}
	// The count of the Asia-Pacific view comes from its own Cmd.
	count := cmd().(countMsg)
	if !l.OnCount(count) || l.Total() != 300 {
		t.Errorf("the view counts %d, want 300 (%+v)", l.Total(), count)
	}
	// The view's unread count: exact, from its own Cmd.
	l.Show(false)
	if !strings.Contains(l.pane.header(), "300 · 300 unread") {
		t.Errorf("header %q, want the view's 300 unread", l.pane.header())
	}
	// A stale page (an older request) is dropped.
	if _, ok := l.OnPage(pageMsg{Seq: l.sequence - 1, Reset: true, Items: -1}); ok || len(l.rows) != firstPageSize {
		t.Error("a stale page was applied")
	}
	// Near the end of what is loaded, the next page.
	l.Show(false)
	l.pane.SelectIndex(len(l.pane.rows) - 1)
	next := l.LoadMore()
	if next == nil {
		t.Fatal("no next page near the end")
	}
	if _, ok := l.OnPage(next().(pageMsg)); !ok || len(l.rows) != 300 || l.more {
		t.Errorf("after the next page: %d rows, more %v", len(l.rows), l.more)
	}
	// A filter in another view: "N of M".
	l.view, l.filter = ViewAll, query.Parse("story 12", nil)
	cmd = l.Requery(false)
	for _, msg := range runBatch(cmd) {
		switch msg := msg.(type) {
		case pageMsg:
			if c, _ := l.OnPage(msg); c != nil {
				l.OnCount(c().(countMsg))
			}
		case countMsg:
			l.OnCount(msg)
		}
	}
	// Counts are exact, however many match.
	if got := l.Show(true); got != fmt.Sprintf("%d of %d", l.Total(), 700) || l.Total() != 11 {
		t.Errorf("filter count %q", got)
	}
}

// runBatch runs a Cmd (and the Cmds of a batch) and returns the messages.
func runBatch(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runBatch(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// The loader asks the pipeline once per item, bounds prefetches, drops
// stale results and retries a failure only when asked.
func TestArticleLoaderRequests(t *testing.T) {
	lib := componentLib(t)
	genItems(t, lib, 10, 0)
	fa := &fakeArticles{make: sampleArticle, errs: map[string]error{"https://wire.example/1": errors.New("HTTP 404")}}
	p := ingest.New(ingest.Config{Library: lib, ReadArticle: fa.get, Now: fixedNow})
	a := newArticleLoader(context.Background(), p, fakeEntities, true)
	entries := make([]*entry, 10)
	for i := range entries {
		entries[i] = &entry{item: feeds.Item{ID: fmt.Sprintf("item-%04d", i), Link: fmt.Sprintf("https://wire.example/%d", i),
			SourceURL: "https://wire.example/rss"}, loaded: true}
	}
	first := a.Request(entries[0], requestOpen)
	if first == nil || a.Request(entries[0], requestOpen) != nil || !a.Loading("item-0000") {
		t.Fatal("a second request for an item in flight was made")
	}
	var prefetched int
	for _, e := range entries[1:] {
		if a.Request(e, requestPrefetch) != nil {
			prefetched++
		}
	}
	if prefetched != maxInflight-1 {
		t.Errorf("%d prefetches in flight beside one open, want %d", prefetched, maxInflight-1)
	}
	msg := first().(articleMsg)
	stale := msg
	stale.Tag.Seq--
	if res := a.OnArticle(stale, entries[0]); res.applied {
		t.Error("a stale result was applied")
	}
	if res := a.OnArticle(msg, entries[0]); !res.applied || !res.fetched || !entries[0].hasArticle {
		t.Errorf("the article: %+v, entry has it %v", res, entries[0].hasArticle)
	}
	c := a.Content(entries[0])
	if c.Kind != kindArticle || c.Notice != "Reader mode" {
		t.Errorf("content: %v %q", c.Kind, c.Notice)
	}
	// A failure marks the row and is kept until opened again.
	failed := a.articles["item-0001"]
	res := a.OnArticle(articleMsg{Tag: reqTag{ItemID: "item-0001", Seq: failed.seq}, Err: errors.New("HTTP 404")}, entries[1])
	if !res.applied || entries[1].rowErr != "reader: HTTP 404" || a.Request(entries[1], requestOpen) != nil {
		t.Errorf("failure: %+v %q", res, entries[1].rowErr)
	}
	if !a.Retry("item-0001") || a.Request(entries[1], requestOpen) == nil {
		t.Error("opening again does not retry")
	}
}

// The refresher counts a round's sources, drops events of other rounds,
// and sums the round up.
func TestRefresherRounds(t *testing.T) {
	lib := componentLib(t)
	srcs := []feeds.Source{{Name: "A", URL: "https://a.example/rss"}, {Name: "B", URL: "https://b.example/rss"}}
	fetch := func(_ context.Context, s feeds.Source, _ feeds.Conditional) feeds.Result {
		if s.Name == "B" {
			return feeds.Result{Source: s, Err: &feeds.SourceError{Kind: feeds.KindNetwork, Detail: "connection refused"}}
		}
		return feeds.Result{Source: s, Status: 200, Items: []feeds.Item{{ID: "a1", Title: "One"}, {ID: "a2", Title: "Two"}}}
	}
	p := ingest.New(ingest.Config{Library: lib, Sources: srcs, Fetch: fetch, Now: fixedNow})
	r := newRefresher(context.Background(), p)
	if !r.Busy() || r.Progress() != "0 of 2 sources" {
		t.Fatalf("a refresher that can fetch starts its first round: busy %v, %q", r.Busy(), r.Progress())
	}
	if _, why := r.Start(true); why != "Already refreshing." {
		t.Errorf("a second round while one runs: %q", why)
	}
	msg := r.StartDeferred()().(refreshMsg)
	if _, res, _ := r.OnEvent(refreshMsg{Round: r.round - 1, refreshEvent: msg.refreshEvent}); res != nil {
		t.Error("an event of an old round was taken")
	}
	done := false
	for !done {
		var res *ingest.SourceResult
		var next tea.Cmd
		next, res, done = r.OnEvent(msg)
		if res == nil {
			t.Fatal("an event of the round was dropped")
		}
		if !done {
			msg = next().(refreshMsg)
		}
	}
	text, isErr := r.Summary()
	if !isErr || !strings.Contains(text, "1 of 2 sources failed: B: ") || r.allFailed || r.networkDown {
		t.Errorf("summary %q (error %v), all failed %v", text, isErr, r.allFailed)
	}
	rows := r.Rows(nil)
	if rows[0].Items != 2 || rows[0].Err || !rows[1].Err || !strings.HasPrefix(rows[1].Status, "error: ") {
		t.Errorf("rows %+v", rows)
	}
}

func TestFootnotePrompt(t *testing.T) {
	var f footnotePrompt
	f.Start()
	if _, a := f.Update(keyMsg("1"), 12); a != footnoteTyping {
		t.Fatal("1 of 12 links opens before a second digit")
	}
	if d, a := f.Update(keyMsg("2"), 12); a != footnoteOpen || d != "12" || f.active {
		t.Errorf("12: %q %v", d, a)
	}
	f.Start()
	if d, a := f.Update(keyMsg("3"), 12); a != footnoteOpen || d != "3" {
		t.Errorf("3 of 12 (no link 30): %q %v", d, a)
	}
	f.Start()
	f.Update(keyMsg("1"), 12)
	f.Update(keyMsg("backspace"), 12)
	if f.digits != "" || !strings.Contains(f.Prompt(12), "[_] of 1–12") {
		t.Errorf("backspace: %q %q", f.digits, f.Prompt(12))
	}
	if _, a := f.Update(keyMsg("esc"), 12); a != footnoteCancel || f.active {
		t.Error("esc does not cancel")
	}
}

// The one scroller: keys, clamping and revealing a line.
func TestScroller(t *testing.T) {
	km := DefaultKeyMap()
	s := scroller{}
	s.SetSize(10, 5)
	for _, c := range []struct {
		key  string
		want int
	}{{"down", 1}, {"pgdown", 5}, {"end", 15}, {"down", 15}, {"pgup", 11}, {"home", 0}, {"up", 0}} {
		s.scrollKey(keyMsg(c.key), &km, 20)
		if s.offset != c.want {
			t.Errorf("%s: offset %d, want %d", c.key, s.offset, c.want)
		}
	}
	s.reveal(12, 20)
	if s.offset != 8 {
		t.Errorf("reveal 12: offset %d", s.offset)
	}
	s.reveal(3, 20)
	if s.offset != 3 {
		t.Errorf("reveal 3: offset %d", s.offset)
	}
	if got := strings.Count(s.window(make([]string, 20)), "\n"); got != 4 {
		t.Errorf("a window of 5 lines has %d line breaks", got)
	}
}

// The reader pane keeps its place when the same item's article replaces
// its summary, and starts at the top for another item.
func TestReaderPaneKeepsPlace(t *testing.T) {
	st := NewStyles(true)
	km := DefaultKeyMap()
	r := newReaderPane(&st, &km, testZone)
	r.SetSize(60, 10)
	long := strings.Repeat("A long paragraph of text that wraps. ", 40)
	feed := readerContent{ItemID: "x", Kind: kindFeed, Title: "T", Blocks: []article.Block{{Kind: article.Paragraph, Text: long}}}
	r.SetContent(feed, nil, nil)
	r.Update(keyMsg("pgdown"))
	at := r.lineWindow.offset
	if at == 0 {
		t.Fatal("page down did not scroll")
	}
	art := feed
	art.Kind = kindArticle
	r.SetContent(art, nil, nil)
	if r.lineWindow.offset != at {
		t.Errorf("the article moved the reader from %d to %d", at, r.lineWindow.offset)
	}
	other := feed
	other.ItemID = "y"
	r.SetContent(other, nil, nil)
	if r.lineWindow.offset != 0 {
		t.Error("another item does not start at the top")
	}
}

// Pages are fetched before they are opened only when they are on the
// source's own site and prefetching is on; any link is fetched when the
// user opens it.
func TestPrefetchOnlyTheSourcesOwnSite(t *testing.T) {
	lib := componentLib(t)
	p := ingest.New(ingest.Config{Library: lib, ReadArticle: (&fakeArticles{make: sampleArticle}).get, Now: fixedNow})
	own := &entry{item: feeds.Item{ID: "own", Link: "https://www.chinadaily.com.cn/a/1.html", SourceURL: "https://chinadaily.com.cn/rss"}, loaded: true}
	away := &entry{item: feeds.Item{ID: "away", Link: "http://169.254.169.254/latest/meta-data", SourceURL: "https://chinadaily.com.cn/rss"}, loaded: true}
	on := newArticleLoader(context.Background(), p, nil, true)
	if on.Request(own, requestPrefetch) == nil || on.Request(away, requestPrefetch) != nil || on.Request(away, requestSettle) != nil {
		t.Error("prefetch on: the source's own site ahead, another host only when opened")
	}
	if on.Request(away, requestOpen) == nil {
		t.Error("opening a link on another host does not fetch it")
	}
	off := newArticleLoader(context.Background(), p, nil, false)
	if off.Request(own, requestPrefetch) != nil || off.Request(own, requestSettle) != nil || off.Request(own, requestOpen) == nil {
		t.Error("prefetch off: only opening fetches")
	}
}
