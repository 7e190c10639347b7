package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/internal/gen"
	"github.com/dateline-news/dateline/query"
)

// The refresh benchmark: 20 feeds of 5,000 items served from loopback,
// fetched through the real Fetcher (its pool, gzip and parse), and stored
// as each source's result arrives, with the real entity extractor: the
// whole of "storing 100,000 new items from 20 sources, parse included" as
// the TUI's refresh does it. It runs only when asked:
//
//	DATELINE_REFRESH_BENCH=1 go test ./store -run 'TestRefreshBench$' -v -count=1 -timeout 30m
//
// Baselines in the same command, on the same served feeds: fetch and
// parse alone (no storing), and fetch, parse and the same items into a
// bare SQLite table (no index, no FTS, no entities). The library is timed
// twice per round, from the start of the refresh: until every item is
// stored and listed (every PutResult returned, and Count and the first
// Page show them), and until every item is searchable (WaitIndexed
// returned). Each phase reports the process's peak RSS (VmHWM, reset
// before it; the served feeds' XML is part of it in every phase).
// While the indexer catches up, an item is marked read and unread every
// 20 ms (DATELINE_REFRESH_PROBE sets another interval), as the TUI does
// when the user opens items, and the next refresh (every source 304) is
// stored: how long such writes wait for the indexer's batches is
// reported too.
//
// DATELINE_REFRESH_WORKLOAD=big_feed (or =generated) runs one workload,
// DATELINE_REFRESH_ROUNDS=N sets the rounds (default 3, median shown).
// DATELINE_REFRESH_SLOTS=N lets N sources at a time be fetched, parsed
// and stored (the TUI's storeSlots is 4; default: all 20 at once), and
// GOMEMLIMIT sets the Go heap's soft limit (the TUI's with a library is
// 80MiB): with both, the refresh runs as the TUI runs it.
func TestRefreshBench(t *testing.T) {
	if os.Getenv("DATELINE_REFRESH_BENCH") == "" {
		t.Skip("set DATELINE_REFRESH_BENCH=1 to run the 20 x 5,000-item refresh benchmark")
	}
	per := 5000
	if v := os.Getenv("DATELINE_STORE_BENCH_PER"); v != "" {
		_, _ = fmt.Sscan(v, &per)
	}
	rounds := 3
	if v := os.Getenv("DATELINE_REFRESH_ROUNDS"); v != "" {
		_, _ = fmt.Sscan(v, &rounds)
	}
	slots := 0
	if v := os.Getenv("DATELINE_REFRESH_SLOTS"); v != "" {
		_, _ = fmt.Sscan(v, &slots)
	}
	probe := 20 * time.Millisecond
	if v := os.Getenv("DATELINE_REFRESH_PROBE"); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			probe = d
		}
	}
	out := func(f string, a ...any) { t.Logf(f, a...) }
	load, _ := os.ReadFile("/proc/loadavg")
	out("machine: 2 CPUs, load average %s at the start; sources at once: %s; GOMEMLIMIT=%q",
		strings.Join(strings.Fields(string(load))[:3], " "), map[bool]string{true: "all", false: fmt.Sprint(slots)}[slots == 0], os.Getenv("GOMEMLIMIT"))

	workloads := []struct {
		name string
		make func() [][]byte
	}{
		{"big_feed.xml x 20 (China Daily-style: title, one-line description, zoneless date)", func() [][]byte { return bigFeedCopies(t, per) }},
		{"generated news x 20 (2-3 sentence summaries, every 10th item a 3-6 paragraph body)", func() [][]byte { return genFeeds(per) }},
	}
	// DATELINE_REFRESH_LIBONLY=1 skips the baselines (to profile the
	// library's refresh alone).
	libOnly := os.Getenv("DATELINE_REFRESH_LIBONLY") != ""
	// The TUI's fetch Cmds run under a context it cancels on quit; a
	// cancellable context costs the database/sql driver a watcher per
	// statement, so the benchmark stores under one too.
	appCtx, cancel := context.WithCancel(context.Background())
	defer cancel()
	entity.Extract("warm the extractor up: Tokyo") // built once per process, as the TUI does in a Cmd before any refresh
	for _, w := range workloads {
		if f := os.Getenv("DATELINE_REFRESH_WORKLOAD"); f != "" && !strings.Contains(w.name, f) {
			continue
		}
		feedBodies := w.make()
		var mb int
		for _, f := range feedBodies {
			mb += len(f)
		}
		srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			var i int
			if _, err := fmt.Sscanf(r.URL.Path, "/s%d.xml", &i); err != nil || i < 0 || i >= len(feedBodies) {
				http.NotFound(rw, r)
				return
			}
			rw.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			_, _ = rw.Write(feedBodies[i])
		}))
		srcs := make([]feeds.Source, len(feedBodies))
		for i := range srcs {
			srcs[i] = feeds.Source{Name: fmt.Sprintf("Feed %d", i+1), URL: fmt.Sprintf("%s/s%d.xml", srv.URL, i)}
		}
		type result struct {
			wall, cpu time.Duration
			peak      float64 // MB
		}
		var parseOnly, bare, lib, libIndexed []result
		var other []time.Duration // CPU of other processes during each library round
		var waits latencies       // of the writes beside the indexer
		var unchanged latencies   // the next refresh (every source 304) beside the indexer
		var added int
		for round := range rounds {
			dir := t.TempDir()
			var w0 time.Time
			var c0 time.Duration
			if !libOnly {
				// 1. fetch and parse only.
				resetPeak()
				w0, c0 = time.Now(), cpuTime()
				n := refresh(t, srv.Client(), srcs, slots, func(feeds.Result) {})
				parseOnly = append(parseOnly, result{time.Since(w0), cpuTime() - c0, hwmMB()})
				if n != len(srcs)*per {
					t.Fatalf("parsed %d items, want %d", n, len(srcs)*per)
				}
				// 2. into a bare table.
				db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "bare.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
				if err != nil {
					t.Fatal(err)
				}
				db.SetMaxOpenConns(1)
				if _, err := db.Exec(`CREATE TABLE t(id TEXT, source TEXT, title TEXT, link TEXT, published INTEGER, summary TEXT, content TEXT)`); err != nil {
					t.Fatal(err)
				}
				resetPeak()
				w0, c0 = time.Now(), cpuTime()
				var mu sync.Mutex
				refresh(t, srv.Client(), srcs, slots, func(r feeds.Result) {
					mu.Lock()
					defer mu.Unlock()
					tx, _ := db.Begin()
					st, _ := tx.Prepare(`INSERT INTO t VALUES(?,?,?,?,?,?,?)`)
					for _, it := range r.Items {
						if _, err := st.Exec(it.ID, r.Source.URL, it.Title, it.Link, it.Published.UnixNano(), it.Summary, it.Content); err != nil {
							t.Error(err)
						}
					}
					st.Close()
					if err := tx.Commit(); err != nil {
						t.Error(err)
					}
				})
				bare = append(bare, result{time.Since(w0), cpuTime() - c0, hwmMB()})
				db.Close()
			}
			// 3. the library, as the app opens it.
			resetPeak()
			s, err := Open(filepath.Join(dir, "library.db"), Options{Entities: entity.Extract, Regions: entity.Regions})
			if err != nil {
				t.Fatal(err)
			}
			var stored atomic.Int64
			w0, c0 = time.Now(), cpuTime()
			m0 := machineCPU()
			refresh(t, srv.Client(), srcs, slots, func(r feeds.Result) {
				n, err := s.PutResult(appCtx, r)
				if err != nil {
					t.Error(err)
				}
				stored.Add(int64(n))
			})
			added = int(stored.Load())
			if added != len(srcs)*per {
				t.Fatalf("round %d: stored %d new items, want %d", round, added, len(srcs)*per)
			}
			newest := checkListed(appCtx, t, s, added)
			lib = append(lib, result{time.Since(w0), cpuTime() - c0, hwmMB()})
			stopProbe := probeWrites(t, s, newest, probe, &waits)
			unchanged = append(unchanged, refreshUnchanged(appCtx, t, s, srcs))
			if err := s.WaitIndexed(appCtx); err != nil {
				t.Fatal(err)
			}
			stopProbe()
			libIndexed = append(libIndexed, result{time.Since(w0), cpuTime() - c0, hwmMB()})
			other = append(other, (machineCPU()-m0)-(cpuTime()-c0))
			// Every item is found by a word: its source's name ("Feed 7").
			if n, err := s.CountMatches(appCtx, query.Parse("feed", nil)); err != nil || n != added {
				t.Fatalf("round %d: %d items found by a word, %v; want %d", round, n, err, added)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}
		srv.Close()
		// The median of each phase's wall and CPU times, and its highest
		// peak.
		med := func(rs []result) result {
			rs = slices.Clone(rs)
			slices.SortFunc(rs, func(a, b result) int { return int(a.wall - b.wall) })
			m := rs[len(rs)/2]
			for _, r := range rs {
				m.peak = max(m.peak, r.peak)
			}
			return m
		}
		rd := func(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
		walls := func(rs []result) (s []string) {
			for _, r := range rs {
				s = append(s, rd(r.wall).String())
			}
			return
		}
		l, li := med(lib), med(libIndexed)
		out("")
		out("%s: %d items, %.1f MB of XML; median of %d rounds", w.name, len(srcs)*per, float64(mb)/(1<<20), rounds)
		out("| refresh of 20 sources, %d new items | wall | CPU | peak RSS |", len(srcs)*per)
		out("|---|---|---|---|")
		ratio := ""
		if !libOnly {
			p, b := med(parseOnly), med(bare)
			out("| baseline: fetch + parse only | %v | %v | %.0f MB |", rd(p.wall), rd(p.cpu), p.peak)
			out("| baseline: fetch + parse + bare SQLite table | %v | %v | %.0f MB |", rd(b.wall), rd(b.cpu), b.peak)
			ratio = fmt.Sprintf("| ratio stored and listed / bare table | %.1fx | %.1fx | |", float64(l.wall)/float64(b.wall), float64(l.cpu)/float64(b.cpu))
		}
		out("| **library: stored and listed** (items, entities, region tags) | %v | %v | %.0f MB |", rd(l.wall), rd(l.cpu), l.peak)
		out("| **library: searchable** (WaitIndexed returned) | %v | %v | %.0f MB |", rd(li.wall), rd(li.cpu), li.peak)
		if ratio != "" {
			out("%s", ratio)
		}
		var others []string
		for _, d := range other {
			others = append(others, rd(d).String())
		}
		out("(all rounds: stored and listed %v, searchable %v; CPU of other processes meanwhile %v)", walls(lib), walls(libIndexed), others)
		out("a write (MarkRead every %v) while the indexer catches up: %d writes, p50 %s ms, p95 %s ms, max %s ms",
			probe, len(waits), ms(waits.pct(0.5)), ms(waits.pct(0.95)), ms(waits.pct(1)))
		out("the next refresh (every source 304, 10 ms apart) while the indexer catches up: %v beyond the gaps", unchanged)
		out("targets: stored and listed < 3 s: %v; searchable < 5 s: %v; peak RSS < 150 MB: %v",
			l.wall < 3*time.Second, li.wall < 5*time.Second, li.peak < 150)
	}
	load, _ = os.ReadFile("/proc/loadavg")
	out("load average at the end: %s", strings.Join(strings.Fields(string(load))[:3], " "))
}

// checkListed checks that the n items just stored are in the headline
// list: counted, and the newest of them on its first page. It returns
// the newest item's id.
func checkListed(ctx context.Context, t *testing.T, s *Store, n int) string {
	t.Helper()
	if c, err := s.Count(ctx); err != nil || c != n {
		t.Fatalf("Count = %d, %v; want %d", c, err, n)
	}
	hs, _, err := s.Page(ctx, query.Query{}, 200, 0)
	if err != nil || len(hs) != min(n, 200) {
		t.Fatalf("first page: %d headlines, %v", len(hs), err)
	}
	return hs[0].ID
}

// refreshUnchanged stores a refresh in which every source answers 304,
// the results arriving 10 ms apart, each stored on its own goroutine, and
// returns how long the stores took beyond those 10 ms gaps.
func refreshUnchanged(ctx context.Context, t *testing.T, s *Store, srcs []feeds.Source) time.Duration {
	w0 := time.Now()
	var wg sync.WaitGroup
	for i, src := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * 10 * time.Millisecond)
			if _, err := s.PutResult(ctx, feeds.Result{Source: src, NotModified: true, Status: 304}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	return time.Since(w0) - time.Duration(len(srcs)-1)*10*time.Millisecond
}

// probeWrites marks item id read and unread every interval, adding how
// long each write took to waits, until stop is called.
func probeWrites(t *testing.T, s *Store, id string, interval time.Duration, waits *latencies) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for read := true; ; read = !read {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			w0 := time.Now()
			if err := s.MarkRead(bg, id, read); err != nil {
				t.Error(err)
				return
			}
			*waits = append(*waits, time.Since(w0))
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

// machineCPU is the CPU time every process on the machine has used
// (/proc/stat, in clock ticks of 10 ms): with cpuTime, how much of it
// went to other processes during a run.
func machineCPU() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	var ticks int64
	for i, v := range f[1:] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		var n int64
		_, _ = fmt.Sscan(v, &n)
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}

// resetPeak frees what the collector can and resets the process's peak
// RSS (VmHWM) to its current RSS, so the next phase's peak is its own.
func resetPeak() {
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// refresh fetches every source concurrently (slots at a time, or all
// when 0) through one Fetcher and stores each result on the goroutine
// that fetched it, as the TUI's fetch Cmds do (the library serialises the
// write transactions itself). It returns the number of items parsed.
func refresh(t *testing.T, client *http.Client, srcs []feeds.Source, slots int, put func(feeds.Result)) int {
	f := feeds.NewFetcher(feeds.Options{Client: client})
	var wg sync.WaitGroup
	var n atomic.Int64
	if slots <= 0 {
		slots = len(srcs)
	}
	slot := make(chan struct{}, slots)
	for _, s := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A slot from the fetch to the end of the store, as the TUI's.
			slot <- struct{}{}
			defer func() { <-slot }()
			r := f.Fetch(context.Background(), s, feeds.Conditional{})
			if r.Err != nil {
				t.Errorf("%s: %v", r.Source.URL, r.Err)
				return
			}
			n.Add(int64(len(r.Items)))
			put(r)
		}()
	}
	wg.Wait()
	return int(n.Load())
}

// bigFeedCopies makes 20 copies of testdata's 5,000-item China Daily-style
// feed, each with its own links and guids (so every item is new).
func bigFeedCopies(t *testing.T, per int) [][]byte {
	raw, err := os.ReadFile("../testdata/chinadaily/bad/big_feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	if per < 5000 { // keep the first per items
		i := 0
		for range per + 1 {
			j := bytes.Index(raw[i:], []byte("<item>"))
			if j < 0 {
				break
			}
			i += j + 1
		}
		raw = append(append([]byte(nil), raw[:i-1]...), "</channel></rss>"...)
	}
	var out [][]byte
	for i := range 20 {
		b := bytes.ReplaceAll(raw, []byte("{{BASE}}"), fmt.Appendf(nil, "http://news%d.example.com", i))
		b = bytes.ReplaceAll(b, []byte(`<guid isPermaLink="false">WS`), fmt.Appendf(nil, `<guid isPermaLink="false">%dWS`, i))
		out = append(out, b)
	}
	return out
}

// genFeeds renders internal/gen's 20 sources as RSS 2.0 documents.
func genFeeds(per int) [][]byte {
	var out [][]byte
	for i := range 20 {
		c := gen.New(gen.Options{Seed: uint64(100 + i), Sources: 1, First: i, PerSource: per, ContentEvery: 10})
		var b bytes.Buffer
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>%s</title><link>%s</link><description>generated</description>
`, html.EscapeString(c.Sources[0].Name), html.EscapeString(c.Sources[0].URL))
		cdata := func(s string) string { return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>" }
		for _, it := range c.Items[0] {
			fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid isPermaLink=\"false\">%s</guid><pubDate>%s</pubDate><dc:creator>%s</dc:creator><description>%s</description>",
				cdata(it.Title), html.EscapeString(it.Link), html.EscapeString(it.GUID), it.Published.Format(time.RFC1123Z), cdata(it.Author), cdata(it.Summary))
			if it.ContentHTML != "" && it.Content != it.Summary {
				fmt.Fprintf(&b, "<content:encoded>%s</content:encoded>", cdata(it.ContentHTML))
			}
			for _, c := range it.Categories {
				fmt.Fprintf(&b, "<category>%s</category>", html.EscapeString(c))
			}
			b.WriteString("</item>\n")
		}
		b.WriteString("</channel></rss>\n")
		out = append(out, b.Bytes())
	}
	return out
}
