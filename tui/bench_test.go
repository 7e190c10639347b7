package tui

import (
	"context"
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
// the 5,000 items of bad/big_feed.xml:
//
//   - naive: the baseline, lower-casing each item's text on every
//     keystroke and matching the words (what a simple filter does);
//   - match: query.Parse plus Match over the per-item docs built once;
//   - keystroke: the whole Update for one key press in the filter bar
//     (re-filter, list rows, reader re-render), through the real model.
func BenchmarkFilter5000(b *testing.B) {
	items := bigFeed(b)
	const typed = "seoul port"

	b.Run("naive", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU()
		defer cpu.report(b)
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

	b.Run("match", func(b *testing.B) {
		docs := make([]query.Doc, len(items))
		for j := range items {
			docs[j] = newDoc(&items[j], "")
		}
		b.ReportAllocs()
		b.ResetTimer()
		cpu := startCPU()
		defer cpu.report(b)
		for i := 0; i < b.N; i++ {
			q := query.Parse(typed, nil)
			n := 0
			for j := range docs {
				if q.Match(&docs[j]) {
					n++
				}
			}
			if n == 0 {
				b.Fatal("no match")
			}
		}
	})

	for _, withView := range []bool{false, true} {
		name := "keystroke"
		if withView {
			name = "keystroke+view"
		}
		b.Run(name, func(b *testing.B) { benchKeystroke(b, items, typed, withView) })
	}
}

// benchKeystroke times one key press in the filter bar through Update
// (and, with view, the frame drawn after it).
func benchKeystroke(b *testing.B, items []feeds.Item, typed string, view bool) {
	{
		d := Deps{
			Sources: []feeds.Source{{Name: "China Daily · World", URL: "http://127.0.0.1:8080/rss/big.xml"}},
			Fetch: func(context.Context, feeds.Source, feeds.Conditional) feeds.Result {
				return feeds.Result{Items: append([]feeds.Item(nil), items...)}
			},
			Theme: "dark",
		}
		h := newHarness(b, d, 140, 40)
		h.key("v") // all regions
		if len(h.m.list.rows) != 5000 {
			b.Fatalf("%d rows", len(h.m.list.rows))
		}
		h.key("/")
		h.typeText(typed[:len(typed)-1])
		add, del := keyMsg(typed[len(typed)-1:]), keyMsg("backspace")
		b.ReportAllocs()
		b.ResetTimer()
		cpu := startCPU()
		for i := 0; i < b.N; i++ {
			// Alternate typing the last letter and deleting it: each op
			// is one keystroke that changes the filter.
			k := add
			if i%2 == 1 {
				k = del
			}
			next, _ := h.m.Update(k)
			h.m = next.(Model)
			if view {
				_ = h.m.View()
			}
		}
		b.StopTimer()
		cpu.report(b)
		if len(h.m.list.rows) == 0 || len(h.m.list.rows) == 5000 {
			b.Fatalf("the filter did not narrow: %d rows", len(h.m.list.rows))
		}
	}
}

// BenchmarkView5000 measures drawing one frame (140x40, both panes) with
// 5,000 items listed.
func BenchmarkView5000(b *testing.B) {
	items := bigFeed(b)
	d := Deps{
		Sources: []feeds.Source{{Name: "China Daily · World", URL: "http://127.0.0.1:8080/rss/big.xml"}},
		Fetch: func(context.Context, feeds.Source, feeds.Conditional) feeds.Result {
			return feeds.Result{Items: append([]feeds.Item(nil), items...)}
		},
		Theme: "dark",
	}
	h := newHarness(b, d, 140, 40)
	h.key("v")
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU()
	for i := 0; i < b.N; i++ {
		_ = h.m.View()
	}
	cpu.report(b)
}
