package tui

import (
	"context"
	"github.com/dateline-news/dateline/internal/cputime"
	"path/filepath"
	"sort"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/internal/gen"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
)

// benchLibrary builds a library of n generated items (20 sources, a year
// of news, every tenth item with a feed body) with the real entity
// extractor and region tags, in a temp dir.
func benchLibrary(b *testing.B, n int) *store.Store {
	b.Helper()
	path := filepath.Join(b.TempDir(), "library.db")
	st, err := store.Open(path, store.Options{Entities: entity.Extract, Regions: entity.Regions})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	const sources = 20
	c := gen.New(gen.Options{Seed: 1, Sources: sources, PerSource: n / sources, ContentEvery: 10,
		End: time.Now().Add(-time.Hour)})
	t0 := time.Now()
	for i, src := range c.Sources {
		if _, err := st.PutItems(context.Background(), src, c.Items[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("stored %d items in %v", n, time.Since(t0).Round(time.Millisecond))
	return st
}

// startup is what a user waits for: New, the library Cmd that Init
// returns (the first page, and the item count), and the first frame.
func startup(b *testing.B, st *store.Store, view ListView) *Model {
	d := testDeps{Library: st, Theme: "dark", Entities: entity.Extract, Regions: entity.Regions}
	m := New(d.build(b))
	m.tick = func(time.Duration, tea.Msg) tea.Cmd { return nil } // no timers in a benchmark
	next, _ := m.Update(tea.WindowSizeMsg{Width: 140, Height: 40})
	m = next.(*Model)
	if view != ViewAsiaPacific {
		m.list.view = view
		m.list.request = m.list.viewQuery(true)
	}
	msg := libPageOf(b, m.Init())
	next, _ = m.Update(msg)
	m = next.(*Model)
	_ = m.View()
	return m
}

// BenchmarkStartup100k measures start-up on a library of 100,000 items:
// New, Init's library Cmd and the first frame, in the default
// (Asia-Pacific) view and in all regions, and with the library file
// opened first; beside it, as the baseline, the library's own first-page
// Search, which is the floor. Then the count that follows the paint, and
// one filter keystroke (Update, the search Cmd, its result, the frame)
// with its p95, beside the library's Search for the same text.
//
//	go test ./tui -run '^$' -bench Startup100k -benchtime 20x
func BenchmarkStartup100k(b *testing.B) {
	st := benchLibrary(b, 100_000)
	ctx := context.Background()

	b.Run("baseline-search", func(b *testing.B) {
		cpu := cputime.Start()
		for i := 0; i < b.N; i++ {
			hs, _, err := st.Search(ctx, query.Query{}, firstPageSize, 0)
			if err != nil || len(hs) != firstPageSize {
				b.Fatal(len(hs), err)
			}
		}
		cpu.Report(b)
	})
	for _, v := range []ListView{ViewAll, ViewAsiaPacific} {
		b.Run("startup-"+map[ListView]string{ViewAll: "all", ViewAsiaPacific: "asia-pacific"}[v], func(b *testing.B) {
			b.ReportAllocs()
			cpu := cputime.Start()
			var m *Model
			for i := 0; i < b.N; i++ {
				m = startup(b, st, v)
			}
			cpu.Report(b)
			if len(m.list.rows) < 20 {
				b.Fatalf("%d rows painted", len(m.list.rows))
			}
		})
	}
	// From nothing to the first frame as the binary does it: open the
	// library file, then New, Init's library Cmd and the first View.
	b.Run("open+startup-asia-pacific", func(b *testing.B) {
		cpu := cputime.Start()
		for i := 0; i < b.N; i++ {
			lib, err := store.Open(st.Path(), store.Options{Entities: entity.Extract, Regions: entity.Regions})
			if err != nil {
				b.Fatal(err)
			}
			m := startup(b, lib, ViewAsiaPacific)
			b.StopTimer()
			if len(m.list.rows) < 20 {
				b.Fatalf("%d rows", len(m.list.rows))
			}
			lib.Close()
			b.StartTimer()
		}
		cpu.Report(b)
	})

	// The count of the default view that follows the first paint (in the
	// background): the Asia-Pacific rows among the newest items.
	b.Run("count-asia-pacific", func(b *testing.B) {
		cpu := cputime.Start()
		for i := 0; i < b.N; i++ {
			n, err := countView(ctx, st, query.Query{}, ViewAsiaPacific)
			if err != nil || n == 0 {
				b.Fatal(n, err)
			}
		}
		cpu.Report(b)
	})

	words := []string{"s", "se", "seo", "seou", "seoul", "seoul p", "seoul po", "seoul por", "seoul port"}
	p95 := func(b *testing.B, lat []time.Duration) {
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	}
	// The baseline of a keystroke: the library's Search for the text.
	b.Run("keystroke-baseline-search", func(b *testing.B) {
		var lat []time.Duration
		cpu := cputime.Start()
		for i := 0; i < b.N; i++ {
			t0 := time.Now()
			if _, _, err := st.Search(ctx, query.Parse(words[i%len(words)], nil), firstPageSize, 0); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
		}
		cpu.Report(b)
		p95(b, lat)
	})

	// The count a keystroke starts beside its page ("N of M" in the
	// status line fills in when it lands): its own Cmd, run after the
	// page's in the same goroutine pool.
	for _, v := range []ListView{ViewAll, ViewAsiaPacific} {
		b.Run("keystroke-count-"+map[ListView]string{ViewAll: "all", ViewAsiaPacific: "asia-pacific"}[v], func(b *testing.B) {
			var lat []time.Duration
			cpu := cputime.Start()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				if _, err := countView(ctx, st, query.Parse(words[i%len(words)], nil), v); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			cpu.Report(b)
			p95(b, lat)
		})
	}

	// One keystroke of the filter: the key's Update, the search Cmd it
	// returns, the result's Update and the frame.
	for _, v := range []ListView{ViewAll, ViewAsiaPacific} {
		b.Run("keystroke-"+map[ListView]string{ViewAll: "all", ViewAsiaPacific: "asia-pacific"}[v], func(b *testing.B) {
			m := startup(b, st, v)
			next, _ := m.Update(keyMsg("/"))
			m = next.(*Model)
			var lat []time.Duration
			cpu := cputime.Start()
			for i := 0; i < b.N; i++ {
				// Type the next letter, or start over.
				w := words[i%len(words)]
				t0 := time.Now()
				m.filter.SetValue(w)
				_ = m.applyFilter() // the Cmds it returns are run below
				// The page Cmd the keystroke started (the counts run in
				// the background and fill in "N of M" later).
				msg := pageCmd(m.list.reqCtx, m.library, m.list.sequence, m.list.request, 0, firstPageSize, true, false)()
				next, _ := m.Update(msg)
				m = next.(*Model)
				_ = m.View()
				lat = append(lat, time.Since(t0))
			}
			cpu.Report(b)
			p95(b, lat)
		})
	}
}

// countView counts a view's rows matching q as the TUI does (countCmd).
func countView(ctx context.Context, st *store.Store, q query.Query, v ListView) (int, error) {
	l := headlineList{view: v, filter: q}
	msg := countCmd(ctx, st, 0, "", l.viewQuery(true))().(countMsg)
	return msg.Count, msg.Err
}

// libPageOf runs the Cmds of a batch and returns the library page one of
// them reads.
func libPageOf(b *testing.B, cmd tea.Cmd) pageMsg {
	b.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case pageMsg:
			return msg
		}
	}
	b.Fatal("no Cmd read the library page")
	return pageMsg{}
}
