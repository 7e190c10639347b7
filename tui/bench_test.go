package tui

import (
	"context"
	"github.com/dateline-news/dateline/internal/cputime"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/feeds/feedstest"
	"github.com/dateline-news/dateline/query"
)

// bigFeed parses the 5,000-item fixture feed with the real parser.
func bigFeed(b *testing.B) []feeds.Item {
	b.Helper()
	path := filepath.Join(fixtureRoot, "bad", "big_feed.xml")
	body, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("big feed fixture absent (%v): skipping", err)
	}
	body = feedstest.Substitute(body, "http://127.0.0.1:8080")
	src := feeds.Source{Name: "China Daily · World", URL: "http://127.0.0.1:8080/rss/big.xml"}
	items, err := feeds.ParseFeed(body, "application/rss+xml", src.URL, src, testNow)
	if err != nil {
		b.Fatal(err)
	}
	if len(items) != 5000 {
		b.Fatalf("parsed %d items, want 5000", len(items))
	}
	return items
}

// BenchmarkFilter5000 measures one keystroke of the keyword filter over
// the 5,000 items of bad/big_feed.xml in the library:
//
//   - naive: the baseline, lower-casing each item's text on every
//     keystroke and matching the words (what a simple filter does);
//   - search: the library's Search for the text (the floor);
//   - keystroke: the whole keystroke through the real model: Update, the
//     search Cmd it starts, its result's Update (and, with view, the
//     frame).
func BenchmarkFilter5000(b *testing.B) {
	items := bigFeed(b)
	const typed = "seoul port"

	b.Run("naive", func(b *testing.B) {
		b.ReportAllocs()
		cpu := cputime.Start()
		defer cpu.Report(b)
		for i := 0; i < b.N; i++ {
			words := strings.Fields(strings.ToLower(typed))
			n := 0
			for j := range items {
				it := &items[j]
				text := strings.ToLower(it.Title + "\n" + it.Summary + "\n" + it.Content + "\n" + it.SourceName)
				ok := true
				for _, w := range words {
					if !strings.Contains(text, w) {
						ok = false
						break
					}
				}
				if ok {
					n++
				}
			}
			if n == 0 {
				b.Fatal("no match")
			}
		}
	})

	h := bigHarness(b, items)
	b.Run("search", func(b *testing.B) {
		b.ReportAllocs()
		cpu := cputime.Start()
		defer cpu.Report(b)
		for i := 0; i < b.N; i++ {
			hs, _, err := h.m.library.Search(context.Background(), query.Parse(typed, nil), firstPageSize, 0)
			if err != nil || len(hs) == 0 {
				b.Fatal(len(hs), err)
			}
		}
	})
	for _, withView := range []bool{false, true} {
		name := "keystroke"
		if withView {
			name = "keystroke+view"
		}
		b.Run(name, func(b *testing.B) { benchKeystroke(b, h, typed, withView) })
	}
}

// bigHarness is the TUI on a library holding the 5,000 items, in all
// regions.
func bigHarness(b *testing.B, items []feeds.Item) *harness {
	b.Helper()
	d := testDeps{
		Sources: []feeds.Source{{Name: "China Daily · World", URL: "http://127.0.0.1:8080/rss/big.xml"}},
		Fetch: func(context.Context, feeds.Source, feeds.Conditional) feeds.Result {
			return feeds.Result{Items: append([]feeds.Item(nil), items...)}
		},
		Theme: "dark",
	}
	h := newHarness(b, d, 140, 40)
	h.key("v") // all regions
	if err := h.m.library.WaitIndexed(context.Background()); err != nil {
		b.Fatal(err)
	}
	if h.m.list.items != 5000 {
		b.Fatalf("%d items in the library", h.m.list.items)
	}
	return h
}

// benchKeystroke times one key press in the filter bar: Update, the
// search it starts and its result (and, with view, the frame drawn
// after it).
func benchKeystroke(b *testing.B, h *harness, typed string, view bool) {
	h.key("esc", "/")
	h.typeText(typed[:len(typed)-1])
	add, del := keyMsg(typed[len(typed)-1:]), keyMsg("backspace")
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Start()
	for i := 0; i < b.N; i++ {
		// Alternate typing the last letter and deleting it: each op is
		// one keystroke that changes the filter.
		k := add
		if i%2 == 1 {
			k = del
		}
		h.send(k)
		if view {
			_ = h.m.View()
		}
	}
	b.StopTimer()
	cpu.Report(b)
	if len(h.m.list.pane.rows) == 0 || h.m.list.total == 5000 {
		b.Fatalf("the filter did not narrow: %d rows of %d", len(h.m.list.pane.rows), h.m.list.total)
	}
	h.key("esc")
}

// BenchmarkView5000 measures drawing one frame (140x40, both panes) with
// 5,000 items in the list.
func BenchmarkView5000(b *testing.B) {
	h := bigHarness(b, bigFeed(b))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Start()
	for i := 0; i < b.N; i++ {
		_ = h.m.View()
	}
	cpu.Report(b)
}
