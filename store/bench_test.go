package store

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/internal/gen"
	"github.com/dateline-news/dateline/query"
)

// The 100,000-item library benchmark. It is a test so that it can print
// a table of percentiles; it runs only when asked:
//
//	DATELINE_STORE_BENCH=1 go test ./store -run TestLibraryBench -v -count=1 -timeout 30m
//
// DATELINE_STORE_BENCH_PER sets the items per source (default 5000, with
// 20 sources). Baselines run in the same command: storing the same items
// into a bare SQLite table (no index, no FTS), and filtering 100,000 items
// in memory with query.Match (what a reader without a library does).

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru) // RUSAGE_SELF cannot fail
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rssMB is the process's resident set size.
func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.Atoi(f[1])
	return float64(pages*os.Getpagesize()) / (1 << 20)
}

type latencies []time.Duration

func (l latencies) pct(p float64) time.Duration {
	s := slices.Clone(l)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/1e6) }

// typed returns the queries a user produces typing s one key at a time.
func typed(s string) []string {
	var out []string
	for i := 1; i <= len(s); i++ {
		if s[i-1] == ' ' {
			continue
		}
		out = append(out, s[:i])
	}
	return out
}

func TestLibraryBench(t *testing.T) {
	if os.Getenv("DATELINE_STORE_BENCH") == "" {
		t.Skip("set DATELINE_STORE_BENCH=1 to run the 100,000-item library benchmark")
	}
	per := 5000
	if v := os.Getenv("DATELINE_STORE_BENCH_PER"); v != "" {
		per, _ = strconv.Atoi(v)
	}
	var report strings.Builder
	out := func(format string, args ...any) {
		fmt.Fprintf(&report, format+"\n", args...)
		t.Logf(format, args...)
	}
	defer func() {
		if p := os.Getenv("DATELINE_STORE_BENCH_OUT"); p != "" {
			if err := os.WriteFile(p, []byte(report.String()), 0o644); err != nil {
				t.Error(err)
			}
		}
	}()
	load := func() string {
		b, _ := os.ReadFile("/proc/loadavg")
		return strings.Join(strings.Fields(string(b))[:3], " ")
	}
	out("machine: %d CPUs, load average %s at the start", numCPU(), load())
	// The corpus is made one source at a time, outside the timings, as
	// feeds arrive one at a time: a process storing them does not hold
	// 100,000 parsed items at once.
	source := func(i int) *gen.Corpus {
		return gen.New(gen.Options{Seed: uint64(100 + i), Sources: 1, First: i, PerSource: per, ContentEvery: 10})
	}
	nItems := 20 * per
	out("corpus: %d items from 20 sources, every 10th with a feed body (generated source by source, not timed)", nItems)
	dir := t.TempDir()
	if d := os.Getenv("DATELINE_STORE_BENCH_DIR"); d != "" {
		dir = d // keep the library for inspection
		os.Remove(filepath.Join(dir, "library.db"))
		os.Remove(filepath.Join(dir, "bare.db"))
	}

	// Baseline: the same rows into one bare table, one transaction per
	// source: what SQLite itself costs.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "bare.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE t(id TEXT, source TEXT, title TEXT, link TEXT, published INTEGER, summary TEXT, content TEXT)`); err != nil {
		t.Fatal(err)
	}
	var bare, bareCPU time.Duration
	for i := range 20 {
		c := source(i)
		start, c0 := time.Now(), cpuTime()
		tx, _ := db.Begin()
		st, _ := tx.Prepare(`INSERT INTO t VALUES(?,?,?,?,?,?,?)`)
		for _, it := range c.Items[0] {
			if _, err := st.Exec(it.ID, it.SourceURL, it.Title, it.Link, it.Published.UnixNano(), it.Summary, it.Content); err != nil {
				t.Fatal(err)
			}
		}
		st.Close()
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		bare += time.Since(start)
		bareCPU += cpuTime() - c0
	}
	db.Close()

	// The library.
	path := filepath.Join(dir, "library.db")
	s, err := Open(path, Options{Entities: testEntities, Regions: testRegions})
	if err != nil {
		t.Fatal(err)
	}
	var store, storeCPU time.Duration
	var docs []query.Doc // for the in-memory baseline
	var c *gen.Corpus
	var sources []feeds.Source
	var firsts50 [][]feeds.Item
	fetched := time.Now()
	for i := range 20 {
		c = source(i)
		sources = append(sources, c.Sources[0])
		firsts50 = append(firsts50, c.Items[0][:min(50, per)])
		start, c0 := time.Now(), cpuTime()
		if _, err := s.PutResult(bg, feeds.Result{Source: c.Sources[0], Items: c.Items[0], Status: 200, FetchedAt: fetched}); err != nil {
			t.Fatal(err)
		}
		store += time.Since(start)
		storeCPU += cpuTime() - c0
		for _, it := range c.Items[0] {
			d := query.NewDoc(it.SourceName, it.Title, it.Summary, it.Content)
			d.Published = it.Published
			docs = append(docs, d)
		}
	}
	// The indexer works beside the stores (and in the gaps between them,
	// while the next source is generated, untimed): what is left of the
	// index after the last store is timed apart.
	w0, c0 := time.Now(), cpuTime()
	if err := s.WaitIndexed(bg); err != nil {
		t.Fatal(err)
	}
	rest, restCPU := time.Since(w0), cpuTime()-c0
	out("")
	out("| store %d new items (20 PutResult calls) | wall | CPU |", nItems)
	out("|---|---|---|")
	out("| baseline: bare SQLite table, no index, no FTS | %v | %v |", bare.Round(time.Millisecond), bareCPU.Round(time.Millisecond))
	out("| library: items, entities (stored and listed; the indexer beside it) | %v | %v |", store.Round(time.Millisecond), storeCPU.Round(time.Millisecond))
	out("| library: then the rest of the index, until WaitIndexed returns | %v | %v |", rest.Round(time.Millisecond), restCPU.Round(time.Millisecond))
	out("| ratio library / baseline | %.1fx | %.1fx |", float64(store)/float64(bare), float64(storeCPU)/float64(bareCPU))
	if peak, err := memChild(t, per); err == nil {
		out("")
		out("%s", peak)
	} else {
		out("memory child: %v", err)
	}

	start := time.Now()
	for i, src := range sources {
		if _, err := s.PutResult(bg, feeds.Result{Source: src, Items: firsts50[i], Status: 200}); err != nil {
			t.Fatal(err)
		}
	}
	out("refresh of the 20 sources bringing nothing new (50 items each): %v", time.Since(start).Round(time.Microsecond))
	if err := s.WaitIndexed(bg); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err == nil {
		out("library file: %.0f MB", float64(fi.Size())/(1<<20))
	}
	s.Close()

	// Start-up: open the library and read the first page.
	var opens, firsts latencies
	for range 10 {
		t0 := time.Now()
		s, err = Open(path, Options{Entities: testEntities, Regions: testRegions})
		if err != nil {
			t.Fatal(err)
		}
		t1 := time.Now()
		if hs, _, err := s.Search(bg, query.Query{}, 200, 0); err != nil || len(hs) != 200 {
			t.Fatalf("first page: %d %v", len(hs), err)
		}
		opens = append(opens, t1.Sub(t0))
		firsts = append(firsts, time.Since(t1))
		s.Close()
	}
	s, err = Open(path, Options{Entities: testEntities, Regions: testRegions})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var pages latencies
	for range 50 {
		t0 := time.Now()
		if _, _, err := s.Search(bg, query.Query{}, 200, 0); err != nil {
			t.Fatal(err)
		}
		pages = append(pages, time.Since(t0))
	}
	out("")
	out("| start-up | p50 ms | p95 ms |")
	out("|---|---|---|")
	out("| Open (library of %d items) | %s | %s |", nItems, ms(opens.pct(0.5)), ms(opens.pct(0.95)))
	out("| first page of 200 headlines, newest first, just opened | %s | %s |", ms(firsts.pct(0.5)), ms(firsts.pct(0.95)))
	out("| first page of 200 headlines, warm | %s | %s |", ms(pages.pct(0.5)), ms(pages.pct(0.95)))

	// Keystroke queries: each typed one key at a time.
	person := c.People[3]
	for _, p := range c.People {
		if strings.Count(p, " ") == 1 && len(p) > 10 {
			person = p
			break
		}
	}
	groups := []struct {
		name string
		qs   []string
	}{
		{"single word, typed", typed("government")},
		{"rare word, typed", typed(c.Words[len(c.Words)-40])},
		{"two words, typed", typed("china talks")},
		{"phrase, typed", typed(`"south korea"`)},
		{"person, typed", typed(`person:"` + person + `"`)},
		{"place, typed", typed(`place:tokyo`)},
		{"source, typed", typed("source:xinhua")},
		{"word in a source", []string{"source:xinhua trade", "source:kyodo minister"}},
		{"is:unread, with a word", []string{"is:unread", "is:unread china", "is:unread g", "is:unread gov"}},
		{"exclusion", []string{"-china", "talks -china", "-sport"}},
		{"region", []string{"region:asia-pacific", "region:europe"}},
	}
	// Alternatives: typed one key at a time, and with other filters; they
	// have their own table (the groups above are the ones before OR).
	orGroups := []struct {
		name string
		qs   []string
	}{
		{"OR, typed (`s` … `seoul OR tokyo`)", typed("seoul OR tokyo")},
		{"group, typed (`(` … `(china OR japan) talks`)", typed("(china OR japan) talks")},
		{"negated group (`-(china OR japan)`, `talks -(china OR japan)`)", []string{"-(china OR japan)", "talks -(china OR japan)"}},
		{"OR across fields (`source:xinhua OR government`, `is:unread (trade OR tariff)`, `person:… OR place:tokyo`)",
			[]string{"source:xinhua OR government", "is:unread (trade OR tariff)", `person:"` + person + `" OR place:tokyo`}},
	}
	// Baseline: the same queries over the same items in memory (docs).
	out("")
	out("| filter at %d items (each query typed key by key, each key run 5 times) | queries | p50 ms | p95 ms | max ms | in-memory query.Match p50 ms (baseline) | ratio p50 |", nItems)
	out("|---|---|---|---|---|---|---|")
	var all, allBase latencies
	for _, g := range groups {
		var ls, base latencies
		for _, qs := range g.qs {
			q := query.Parse(qs, nil)
			var qls latencies
			var cpu time.Duration
			for range 5 {
				t0, c0 := time.Now(), cpuTime()
				if _, _, err := s.Search(bg, q, 200, 0); err != nil {
					t.Fatalf("Search(%q): %v", qs, err)
				}
				qls = append(qls, time.Since(t0))
				cpu += cpuTime() - c0
			}
			ls = append(ls, qls...)
			if os.Getenv("DATELINE_STORE_BENCH_EACH") != "" {
				t.Logf("%-40q p50 %s max %s cpu/run %s", qs, ms(qls.pct(0.5)), ms(qls.pct(1)), ms(cpu/5))
			}
			t0 := time.Now()
			k := 0
			for i := range docs {
				if q.Match(&docs[i]) {
					// A list of 200 is all a screen needs, but the
					// in-memory filter must see every item to count.
					k++
				}
			}
			_ = k
			base = append(base, time.Since(t0))
		}
		all = append(all, ls...)
		allBase = append(allBase, base...)
		out("| %s | %d | %s | %s | %s | %s | %.2f |", g.name, len(g.qs), ms(ls.pct(0.5)), ms(ls.pct(0.95)), ms(ls.pct(1)),
			ms(base.pct(0.5)), float64(ls.pct(0.5))/float64(base.pct(0.5)))
	}
	out("| **all keystroke queries** | %d | **%s** | **%s** | %s | %s | %.2f |", len(all)/5, ms(all.pct(0.5)), ms(all.pct(0.95)),
		ms(all.pct(1)), ms(allBase.pct(0.5)), float64(all.pct(0.5))/float64(allBase.pct(0.5)))
	benchOr(t, s, docs, out, orGroups)
	var rel latencies
	for _, qs := range []string{"sort:relevance china", "sort:relevance government talks", "sort:relevance " + c.Words[len(c.Words)-40]} {
		for range 5 {
			t0 := time.Now()
			if _, _, err := s.Search(bg, query.Parse(qs, nil), 200, 0); err != nil {
				t.Fatal(err)
			}
			rel = append(rel, time.Since(t0))
		}
	}
	out("")
	out("sort:relevance (bm25 over the newest %d matches): p50 %s ms, p95 %s ms", RelevanceWindow, ms(rel.pct(0.5)), ms(rel.pct(0.95)))
	t0 := time.Now()
	n, err := s.CountMatches(bg, query.Parse("china", nil))
	if err != nil {
		t.Fatal(err)
	}
	out("CountMatches(china) = %d in %s ms (exact count, for the CLI)", n, ms(time.Since(t0)))
	out("load average at the end: %s", load())
}

// benchOr times queries with alternatives as TestLibraryBench times the
// others: Search for a page of 200 and the count, each run 5 times, with
// query.Match over the same items as the baseline.
func benchOr(t *testing.T, s *Store, docs []query.Doc, out func(string, ...any), groups []struct {
	name string
	qs   []string
}) {
	out("")
	out("| alternatives at %d items (page of 200 + count, each run 5 times) | queries | p50 ms | p95 ms | max ms | in-memory query.Match p50 ms (baseline) | ratio p50 |", len(docs))
	out("|---|---|---|---|---|---|---|")
	var all latencies
	for _, g := range groups {
		var ls, base latencies
		for _, qs := range g.qs {
			q := query.Parse(qs, nil)
			var qls latencies
			for range 5 {
				t0 := time.Now()
				if _, _, err := s.Search(bg, q, 200, 0); err != nil {
					t.Fatalf("Search(%q): %v", qs, err)
				}
				qls = append(qls, time.Since(t0))
			}
			ls = append(ls, qls...)
			if os.Getenv("DATELINE_STORE_BENCH_EACH") != "" {
				t.Logf("%-40q p50 %s max %s", qs, ms(qls.pct(0.5)), ms(qls.pct(1)))
			}
			t0 := time.Now()
			for i := range docs {
				q.Match(&docs[i])
			}
			base = append(base, time.Since(t0))
		}
		all = append(all, ls...)
		out("| %s | %d | %s | %s | %s | %s | %.2f |", g.name, len(g.qs), ms(ls.pct(0.5)), ms(ls.pct(0.95)), ms(ls.pct(1)),
			ms(base.pct(0.5)), float64(ls.pct(0.5))/float64(base.pct(0.5)))
	}
	out("| **all queries with alternatives** | %d | **%s** | **%s** | %s | | |", len(all)/5, ms(all.pct(0.5)), ms(all.pct(0.95)), ms(all.pct(1)))
	for _, qs := range []string{"seoul OR tokyo", "(china OR japan) talks", "source:xinhua OR government"} {
		t0 := time.Now()
		n, err := s.CountMatches(bg, query.Parse(qs, nil))
		if err != nil {
			t.Fatal(err)
		}
		out("CountMatches(%s) = %d in %s ms", qs, n, ms(time.Since(t0)))
	}
}

// memChild stores the corpus in a child process (this test binary again)
// that holds only one source's items at a time, and reports its memory.
func memChild(t *testing.T, per int) (string, error) {
	path := filepath.Join(t.TempDir(), "library.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestLibraryBenchMemChild$")
	cmd.Env = append(os.Environ(), "DATELINE_STORE_BENCH_MEM="+path, fmt.Sprintf("DATELINE_STORE_BENCH_PER=%d", per))
	b, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%v: %s", err, b)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return line, nil
}

// TestLibraryBenchMemChild is memChild's child.
func TestLibraryBenchMemChild(t *testing.T) {
	path := os.Getenv("DATELINE_STORE_BENCH_MEM")
	if path == "" {
		t.Skip("run by TestLibraryBench")
	}
	per, _ := strconv.Atoi(os.Getenv("DATELINE_STORE_BENCH_PER"))
	s, err := Open(path, Options{Entities: testEntities, Regions: testRegions})
	if err != nil {
		t.Fatal(err)
	}
	before := rssMB()
	for i := range 20 {
		c := gen.New(gen.Options{Seed: uint64(100 + i), Sources: 1, First: i, PerSource: per, ContentEvery: 10})
		if _, err := s.PutResult(bg, feeds.Result{Source: c.Sources[0], Items: c.Items[0], Status: 200}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.WaitIndexed(bg); err != nil {
		t.Fatal(err)
	}
	s.Close()
	fmt.Printf("peak RSS of a process storing the %d items source by source (one source's parsed items in memory at a time): %.0f MB (VmHWM; %.0f MB after Open)\n",
		20*per, hwmMB(), before)
}

// hwmMB is the process's peak resident set size.
func hwmMB() float64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			kb, _ := strconv.Atoi(strings.Fields(l)[1])
			return float64(kb) / 1024
		}
	}
	return 0
}

func numCPU() int {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "processor") {
			n++
		}
	}
	return n
}

// BenchmarkPutResult stores batches of 5,000 new items into a growing
// library (entities from the test extractor).
func BenchmarkPutResult(b *testing.B) {
	c := gen.New(gen.Options{Seed: 2, Sources: 1, PerSource: 5000 * max(1, min(b.N, 8))})
	s, _ := openTest(b, testOptions(&fixedClock{t: time.Now()}))
	b.ResetTimer()
	for i := range b.N {
		items := c.Items[0]
		lo := (i % 8) * 5000
		batch := items[lo:min(lo+5000, len(items))]
		if i >= 8 {
			// Past the corpus: new ids for the same texts.
			batch = slices.Clone(batch)
			for j := range batch {
				batch[j].ID = fmt.Sprintf("%s#%d", batch[j].ID, i)
			}
		}
		if _, err := s.PutResult(bg, feeds.Result{Source: c.Sources[0], Items: batch, Status: 200}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*5000), "µs/item")
}

// BenchmarkSearch runs typical keystroke queries on a library of 20,000
// generated items (the 100,000-item numbers come from TestLibraryBench).
func BenchmarkSearch(b *testing.B) {
	s, _ := openTest(b, Options{Entities: testEntities, Regions: testRegions})
	for i := range 4 {
		c := gen.New(gen.Options{Seed: uint64(100 + i), Sources: 1, First: i, PerSource: 5000, ContentEvery: 10})
		if _, err := s.PutResult(bg, feeds.Result{Source: c.Sources[0], Items: c.Items[0], Status: 200}); err != nil {
			b.Fatal(err)
		}
	}
	for _, qs := range []string{"", "g", "gov", "government", "china talks", `"south korea"`, "person:kono", "is:unread",
		"source:kyodo", "-china", "sort:relevance china",
		// Alternatives: one FTS5 query; a union of the branches' keys.
		"seoul OR tokyo", "(china OR japan) talks", "source:xinhua OR government", "sort:relevance (china OR japan)"} {
		q := query.Parse(qs, nil)
		b.Run(strings.ReplaceAll(qs, " ", "_"), func(b *testing.B) {
			for range b.N {
				if _, _, err := s.Search(bg, q, 200, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
