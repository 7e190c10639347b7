package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
)

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data/x")
	if p, err := DefaultPath(); err != nil || p != "/data/x/dateline/library.db" {
		t.Errorf("DefaultPath = %q, %v", p, err)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/u")
	if p, err := DefaultPath(); err != nil || p != "/home/u/.local/share/dateline/library.db" {
		t.Errorf("DefaultPath without XDG_DATA_HOME = %q, %v", p, err)
	}
	t.Setenv("XDG_DATA_HOME", "relative/dir") // ignored, as the spec says
	if p, _ := DefaultPath(); p != "/home/u/.local/share/dateline/library.db" {
		t.Errorf("DefaultPath with a relative XDG_DATA_HOME = %q", p)
	}
}

func TestOpenCreatesDirectoryAndPragmas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "library.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var mode string
	var fk, sync, timeout, v, app int
	if err := s.w.QueryRow(`SELECT (SELECT journal_mode FROM pragma_journal_mode), (SELECT foreign_keys FROM pragma_foreign_keys),
		(SELECT synchronous FROM pragma_synchronous), (SELECT timeout FROM pragma_busy_timeout),
		(SELECT user_version FROM pragma_user_version), (SELECT application_id FROM pragma_application_id)`).
		Scan(&mode, &fk, &sync, &timeout, &v, &app); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" || fk != 1 || sync != 1 || timeout != 5000 || v != len(migrations) || app != appID {
		t.Errorf("journal_mode %s, foreign_keys %d, synchronous %d, busy_timeout %d, user_version %d, application_id %x",
			mode, fk, sync, timeout, v, app)
	}
	// The raw write connection (bulk writes) has the writer's settings.
	var rmode string
	var rsync, rtimeout, rck int64
	if err := (rawTx{rawOf(s)}).queryRow(bg, `SELECT (SELECT journal_mode FROM pragma_journal_mode), (SELECT foreign_keys FROM pragma_foreign_keys),
		(SELECT synchronous FROM pragma_synchronous), (SELECT timeout FROM pragma_busy_timeout)`, nil,
		&rmode, &fk, &rsync, &rtimeout); err != nil {
		t.Fatal(err)
	}
	if err := (rawTx{rawOf(s)}).queryRow(bg, `PRAGMA wal_autocheckpoint`, nil, &rck); err != nil {
		t.Fatal(err)
	}
	if rmode != "wal" || fk != 1 || rsync != 1 || rtimeout != 5000 || rck != 0 {
		t.Errorf("raw connection: journal_mode %s, foreign_keys %d, synchronous %d, busy_timeout %d, wal_autocheckpoint %d",
			rmode, fk, rsync, rtimeout, rck)
	}
	var rfk, ps int
	if err := s.r.QueryRow(`PRAGMA foreign_keys`).Scan(&rfk); err != nil || rfk != 1 {
		t.Errorf("reader foreign_keys %d, %v", rfk, err)
	}
	if err := s.r.QueryRow(`PRAGMA page_size`).Scan(&ps); err != nil || ps != 16384 {
		t.Errorf("page_size %d, %v", ps, err)
	}
}

// fileState is a file's bytes and its -wal and -shm siblings' existence.
func fileState(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, werr := os.Stat(path + "-wal")
	return fmt.Sprintf("%x wal:%v", b, werr == nil)
}

func assertNamed(t *testing.T, err error, path string, sentinel error) {
	t.Helper()
	if err == nil {
		t.Fatalf("Open(%s) succeeded", path)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("error %q does not wrap %v", err, sentinel)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name %s", err, path)
	}
}

func TestOpenNewerLibrary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutItems(bg, feeds.Source{URL: "https://x.example/rss"}, []feeds.Item{{ID: "1", Title: "kept"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before := fileState(t, path)
	for _, ro := range []bool{false, true} {
		_, err = Open(path, Options{ReadOnly: ro})
		assertNamed(t, err, path, ErrNewer)
		if !strings.Contains(err.Error(), "99") {
			t.Errorf("error %q does not say the version", err)
		}
		if after := fileState(t, path); after != before {
			t.Errorf("the newer library was modified (read-only %v): %s", ro, diffState(before, after))
		}
	}
}

func TestOpenCorruptFile(t *testing.T) {
	dir := t.TempDir()
	garbage := bytes.Repeat([]byte("not a library \x00\xff"), 700)
	// A valid header over garbage pages: SQLite itself finds it corrupt.
	fake := append([]byte("SQLite format 3\x00"), garbage...)
	for name, content := range map[string][]byte{"garbage.db": garbage, "header.db": fake} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		before := fileState(t, path)
		_, err := Open(path, Options{})
		assertNamed(t, err, path, ErrCorrupt)
		if after := fileState(t, path); after != before {
			t.Errorf("%s was modified", name)
		}
	}
}

func TestOpenForeignDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE notes(x); INSERT INTO notes VALUES(1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := fileState(t, path)
	_, err = Open(path, Options{})
	assertNamed(t, err, path, ErrCorrupt)
	if !strings.Contains(err.Error(), "another program") {
		t.Errorf("error %q", err)
	}
	if fileState(t, path) != before {
		t.Error("another program's database was modified")
	}
}

func TestOpenEmptyFileAndDirectory(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("an empty file is an empty library: %v", err)
	}
	s.Close()
	if _, err := Open(dir, Options{}); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("opening a directory: %v", err)
	}
	if _, err := Open(filepath.Join(dir, "missing.db"), Options{ReadOnly: true}); !errors.Is(err, ErrNotFound) {
		t.Errorf("read-only open of a missing library: %v", err)
	}
}

// readOnlyDir makes dir unwritable, even for root (with chattr +i), or
// skips the test.
func readOnlyDir(t *testing.T, dir string) {
	t.Helper()
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
	if probeDir(dir) == nil {
		// root ignores permissions: make the directory immutable.
		if out, err := exec.Command("chattr", "+i", dir).CombinedOutput(); err != nil {
			t.Skipf("cannot make a read-only directory as root (chattr: %v %s)", err, out)
		}
		t.Cleanup(func() { _ = exec.Command("chattr", "-i", dir).Run() })
		if probeDir(dir) == nil {
			t.Skip("cannot make a read-only directory")
		}
	}
}

func TestReadOnlyDirectory(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "lib")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "library.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutItems(bg, feeds.Source{URL: "https://x.example/rss", Name: "X"},
		[]feeds.Item{{ID: "1", Title: "Readable offline"}}); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, s)
	s.Close()
	readOnlyDir(t, dir)

	_, err = Open(path, Options{})
	assertNamed(t, err, path, ErrReadOnly)
	_, err = Open(filepath.Join(dir, "new.db"), Options{})
	assertNamed(t, err, filepath.Join(dir, "new.db"), ErrReadOnly)

	// Read-only mode still reads and searches it.
	s, err = Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open in a read-only directory: %v", err)
	}
	defer s.Close()
	hs, total, err := s.Search(bg, query.Parse("readable", nil), 10, 0)
	if err != nil || total != 1 || len(hs) != 1 {
		t.Errorf("search in a read-only library: %v %d %v", hs, total, err)
	}
	if err := s.MarkRead(bg, "1", true); !errors.Is(err, ErrReadOnly) {
		t.Errorf("write to a read-only library: %v", err)
	}
}

func TestDiskFull(t *testing.T) {
	clk := &fixedClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	s, path := openTest(t, testOptions(clk))
	src := feeds.Source{URL: "https://x.example/rss", Name: "X"}
	if _, err := s.PutItems(bg, src, []feeds.Item{{ID: "first", Title: "Before the disk filled"}}); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, s)
	// SQLite reports a database that reached max_page_count exactly as a
	// full disk (SQLITE_FULL).
	var pages int
	if err := s.w.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+2)); err != nil {
		t.Fatal(err)
	}
	if _, err := rawOf(s).Exec(bg, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+2)); err != nil {
		t.Fatal(err)
	}
	var big []feeds.Item
	for i := range 400 {
		big = append(big, feeds.Item{ID: fmt.Sprint("big", i), Title: fmt.Sprint("Headline number ", i),
			Summary: strings.Repeat(fmt.Sprintf("word%d ", i), 200)})
	}
	_, err := s.PutItems(bg, src, big)
	assertNamed(t, err, path, ErrDiskFull)
	if n, _ := s.Count(bg); n != 1 {
		t.Errorf("after a failed write the library has %d items, want 1", n)
	}
	if hs, _, err := s.Search(bg, query.Parse("disk", nil), 10, 0); err != nil || len(hs) != 1 {
		t.Errorf("search after a failed write: %v %v", hs, err)
	}
	if _, err := s.w.Exec(`PRAGMA max_page_count = 1073741823`); err != nil {
		t.Fatal(err)
	}
	if _, err := rawOf(s).Exec(bg, `PRAGMA max_page_count = 1073741823`); err != nil {
		t.Fatal(err)
	}
	if n, err := s.PutItems(bg, src, big); err != nil || n != 400 {
		t.Errorf("write once space is back: %d, %v", n, err)
	}
	checkIntegrity(t, s)
}

// checkIntegrity runs SQLite's and FTS5's integrity checks, once the
// indexer is idle: every item then has its one FTS row.
func checkIntegrity(t testing.TB, s *Store) {
	t.Helper()
	if s.ix != nil {
		waitIndexed(t, s)
	}
	sqliteIntegrity(t, s)
	if s.w != nil {
		if _, err := s.w.Exec(`INSERT INTO fts(fts, rank) VALUES('integrity-check', 0)`); err != nil {
			t.Errorf("fts integrity-check: %v", err)
		}
	}
	var items, fts int
	if err := s.r.QueryRow(`SELECT (SELECT count(*) FROM items), (SELECT count(*) FROM fts)`).Scan(&items, &fts); err != nil {
		t.Fatal(err)
	}
	if items != fts {
		t.Errorf("%d items but %d FTS rows", items, fts)
	}
}

// sqliteIntegrity runs SQLite's integrity check alone, for a library
// whose index cannot catch up (its disk is full).
func sqliteIntegrity(t testing.TB, s *Store) {
	t.Helper()
	// On a connection of its own: a pooled reader's FTS5 table may hold
	// the index structure it last read, and PRAGMA integrity_check checks
	// that one, not the file's, when another process wrote in between
	// (TestTwoProcesses saw "corruption" that a new connection never saw).
	dsn := "file:" + s.path + "?mode=ro"
	if s.memory {
		dsn = s.dsn("")
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Errorf("integrity_check: %q %v", res, err)
	}
}

func TestMigrationsFromEveryVersion(t *testing.T) {
	for v := 0; v <= len(migrations); v++ {
		t.Run(fmt.Sprint("v", v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "library.db")
			// Build a library as version v left it.
			s := &Store{path: path, o: Options{BusyTimeout: time.Second}}
			if err := s.openWriter(); err != nil {
				t.Fatal(err)
			}
			if err := s.migrateTo(bg, migrations[:v]); err != nil {
				t.Fatal(err)
			}
			// Its data: seed_v1.sql, then what each later version adds.
			for k := 1; k <= v; k++ {
				seed := filepath.Join("testdata", fmt.Sprintf("seed_v%d.sql", k))
				b, err := os.ReadFile(seed)
				if err != nil {
					t.Fatalf("every schema version needs a seed in %s: %v", seed, err)
				}
				if _, err := s.w.Exec(string(b)); err != nil {
					t.Fatalf("%s: %v", seed, err)
				}
			}
			s.w.Close()

			s2, err := Open(path, Options{})
			if err != nil {
				t.Fatalf("opening a version %d library: %v", v, err)
			}
			defer s2.Close()
			// A version 5 library holds an item stored but not indexed
			// (seed_v5.sql): the indexer indexes it at the start.
			waitIndexed(t, s2)
			var got int
			if err := s2.w.QueryRow(`PRAGMA user_version`).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != len(migrations) {
				t.Errorf("version %d after opening, want %d", got, len(migrations))
			}
			if v > 0 {
				// The seed's item and article survive and are searchable.
				it, st, err := s2.Item(bg, "seed-1")
				if err != nil || it.Title != "Seed headline about GSOMIA" || !st.Saved || !st.HasArticle {
					t.Errorf("seed item: %+v %+v %v", it, st, err)
				}
				for _, q := range []string{"gsomia", "gsom", `person:"taro kono"`, "region:asia-pacific", "source:seed", "is:saved"} {
					if hs, _, err := s2.Search(bg, query.Parse(q, nil), 10, 0); err != nil || len(hs) != 1 {
						t.Errorf("Search(%q) in a migrated library: %v %v", q, ids(hs), err)
					}
				}
				if a, spans, err := s2.Article(bg, "seed-1"); err != nil || len(a.Blocks) != 2 || len(spans[0]) != 1 {
					t.Errorf("seed article: %+v %v %v", a, spans, err)
				}
				// Its date reads back in its zone: named from v2 on, the
				// bare offset before.
				if it, _, err := s2.Item(bg, "seed-1"); err == nil {
					name, off := it.Published.Zone()
					want := map[bool]string{true: "CST", false: ""}[v >= 2]
					if name != want || off != 8*3600 {
						t.Errorf("seed item's zone: %q %d, want %q +0800", name, off, want)
					}
				}
				// The Chinese item (seed_v2.sql) is found by a word inside
				// a run of characters: version 3 indexed it again.
				if v >= 2 {
					for _, q := range []string{"北京", "会议", "经合组织", "北京 贸易", `"举行亚太"`, "代表"} {
						if hs, _, err := s2.Search(bg, query.Parse(q, nil), 10, 0); err != nil || len(hs) != 1 || hs[0].ID != "cjk-1" {
							t.Errorf("Search(%q) in a migrated library: %v %v", q, ids(hs), err)
						}
					}
					if hs, _, err := s2.Search(bg, query.Parse("上海", nil), 10, 0); err != nil || len(hs) != 0 {
						t.Errorf("Search(上海): %v %v", ids(hs), err)
					}
				}
				// The Asia-Pacific view: the migration to v4 put the seed's
				// East Asia item in it and left the untagged Chinese one out.
				wantAP := []string{"seed-1"}
				if v >= 4 {
					wantAP = []string{"ap-4", "seed-1"}
				}
				if v >= 5 {
					for _, q := range []string{"ferry", "dockers walk", `place:"hamburg"`, "place:brem", "region:europe", "hamburg -paris", "source:中文 strike"} {
						if hs, _, err := s2.Search(bg, query.Parse(q, nil), 10, 0); err != nil || !slices.Equal(ids(hs), []string{"idx-5"}) {
							t.Errorf("Search(%q) for the item version 5 stored unindexed: %v %v", q, ids(hs), err)
						}
					}
				}
				if hs, _, err := s2.Search(bg, query.Parse("is:asia-pacific", nil), 10, 0); err != nil || !slices.Equal(ids(hs), wantAP) {
					t.Errorf("is:asia-pacific in a migrated library: %v %v, want %v", ids(hs), err, wantAP)
				}
				// The watch's mark (seed_v7.sql) survives; before v7 the
				// watch is new to the library and starts at the newest item.
				var top int64
				if err := s2.r.QueryRow(`SELECT max(rid) FROM items`).Scan(&top); err != nil {
					t.Fatal(err)
				}
				if marks, err := s2.WatchMarks(bg, []string{"GSOMIA"}); err != nil || v >= 7 && marks[0] != 1 || v < 7 && marks[0] != top {
					t.Errorf("the seed watch's mark: %v %v", marks, err)
				}
				// The photo a version 8 library kept survives; an older
				// library has none, and reads as not found.
				img, err := s2.Image(bg, "seed-1", "https://seed.example/img/1.png")
				if v >= 8 && (err != nil || img.ContentType != "image/png" || len(img.Data) != 71) {
					t.Errorf("seed photo: %+v %v", img, err)
				}
				if v < 8 && !errors.Is(err, ErrNotFound) {
					t.Errorf("seed photo in a version %d library: %v, want not found", v, err)
				}
				// A library from before v2 has no lists: a 304 cannot be
				// listed from it (the caller fetches again).
				list, ok, err := s2.LastList(bg, "https://seed.example/rss")
				if err != nil || ok != (v >= 2) || ok && (len(list) != 1 || list[0].ID != "seed-1") {
					t.Errorf("LastList of the seed source: %d items, ok %v, %v", len(list), ok, err)
				}
				// The sync queue (seed_v9.sql): the star queued for the
				// server's entry 42 survives, and a library from before
				// it follows no server and queues nothing.
				q, err := s2.SyncQueue(bg)
				wantQ := v >= 9
				if err != nil || (len(q) == 1) != wantQ || wantQ && (q[0].Op != "star" || !slices.Equal(q[0].Entries, []string{"42"})) {
					t.Errorf("the sync queue: %+v %v", q, err)
				}
			}
			checkIntegrity(t, s2)
		})
	}
}

func TestMigrationRunner(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A failing migration leaves the library at its version, unchanged.
	bad := append(append([]migration(nil), migrations...),
		migration{"adds a column", execSQL(`ALTER TABLE items ADD COLUMN extra TEXT`)},
		migration{"fails", execSQL(`THIS IS NOT SQL`)})
	if err := s.migrateTo(bg, bad); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("version %d", len(migrations)+2)) {
		t.Fatalf("failing migration: %v", err)
	}
	var v, cols int
	if err := s.w.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if err := s.w.QueryRow(`SELECT count(*) FROM pragma_table_info('items') WHERE name = 'extra'`).Scan(&cols); err != nil {
		t.Fatal(err)
	}
	if v != len(migrations) || cols != 0 {
		t.Errorf("after a failed migration: version %d, extra column %d", v, cols)
	}
	// A good one applies in order; then this build refuses the file.
	if err := s.migrateTo(bg, bad[:len(migrations)+1]); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(path, Options{})
	assertNamed(t, err, path, ErrNewer)
}

// child runs a helper process: the test binary re-executed with
// DATELINE_STORE_CHILD set.
func child(ctx context.Context, role, path string, extra ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestStoreChild$", "-test.v=false")
	cmd.Env = append(os.Environ(), "DATELINE_STORE_CHILD="+role, "DATELINE_STORE_PATH="+path)
	cmd.Env = append(cmd.Env, extra...)
	return cmd
}

// TestStoreChild is the helper process; it does nothing in a normal run.
func TestStoreChild(t *testing.T) {
	role := os.Getenv("DATELINE_STORE_CHILD")
	if role == "" {
		t.Skip("helper process for the crash and two-process tests")
	}
	path := os.Getenv("DATELINE_STORE_PATH")
	s, err := Open(path, Options{Entities: testEntities, Regions: testRegions})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	switch role {
	case "crash":
		// Write batches until killed, saying which committed.
		for k := 0; ; k++ {
			if _, err := s.PutItems(bg, feeds.Source{URL: "https://crash.example/rss", Name: "Crash"}, batch("c", k, 300)); err != nil {
				fmt.Println("error:", err)
				os.Exit(3)
			}
			fmt.Printf("committed %d\n", k)
		}
	case "writer":
		// Write a fixed number of batches next to another process.
		for k := range twoProcBatches {
			if _, err := s.PutItems(bg, feeds.Source{URL: "https://child.example/rss", Name: "Child"}, batch("w", k, 100)); err != nil {
				fmt.Println("error:", err)
				os.Exit(3)
			}
			if err := s.MarkRead(bg, fmt.Sprintf("w-%d-0", k), true); err != nil {
				fmt.Println("error:", err)
				os.Exit(3)
			}
		}
		fmt.Println("done")
	case "index-crash":
		indexCrashChild(s)
	case "hold":
		// Hold the write lock until stdin closes.
		err := s.writeTx(bg, func(tx *sql.Tx) error {
			if _, err := tx.Exec(`UPDATE sources SET name = name`); err != nil {
				return err
			}
			fmt.Println("locked")
			b := make([]byte, 1)
			_, _ = os.Stdin.Read(b)
			return nil
		})
		fmt.Println("released", err)
	}
	s.Close()
	os.Exit(0)
}

// batch is n items whose titles name their batch, for counting.
func batch(prefix string, k, n int) []feeds.Item {
	items := make([]feeds.Item, n)
	for i := range items {
		items[i] = feeds.Item{
			ID: fmt.Sprintf("%s-%d-%d", prefix, k, i),
			// "Batchc1x", not "Batchc1": a search is a prefix search, and
			// "batchc1" would also count batch 10's items.
			Title:     fmt.Sprintf("Batch%s%dx item %d: Taro Kono meets ASEAN ministers in Bangkok", prefix, k, i),
			Summary:   "Japan and South Korea agreed on Friday to extend the GSOMIA intelligence pact, officials in Tokyo said.",
			Published: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(k*n+i) * time.Minute),
		}
	}
	return items
}

func TestCrashMidWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts helper processes")
	}
	path := filepath.Join(t.TempDir(), "library.db")
	rounds := 3
	if raceEnabled {
		rounds = 2
	}
	for round := range rounds {
		cmd := child(context.Background(), "crash", path)
		var out bytes.Buffer
		pr, pw, _ := os.Pipe()
		cmd.Stdout = pw
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		pw.Close()
		// Let it commit a few batches, then kill it at a moment that
		// varies by round (most of its time is inside a transaction).
		lines := make(chan string, 100)
		go func() {
			buf := make([]byte, 4096)
			for {
				n, err := pr.Read(buf)
				out.Write(buf[:n])
				for strings.Contains(out.String(), "\n") {
					line, rest, _ := strings.Cut(out.String(), "\n")
					lines <- line
					out.Reset()
					out.WriteString(rest)
				}
				if err != nil {
					close(lines)
					return
				}
			}
		}()
		committed := -1
		want := 2 + round
		for line := range lines {
			if !strings.HasPrefix(line, "committed ") {
				t.Fatalf("child: %s", line)
			}
			_, _ = fmt.Sscan(strings.TrimPrefix(line, "committed "), &committed)
			if committed == want {
				time.Sleep(time.Duration(round*37+11) * time.Millisecond)
				_ = cmd.Process.Kill() // SIGKILL
			}
		}
		_ = cmd.Wait()
		if committed < want {
			t.Fatalf("child committed only %d batches", committed)
		}

		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("after the crash: %v", err)
		}
		checkIntegrity(t, s) // (after WaitIndexed: the child's indexer may not have caught up)
		n, _ := s.Count(bg)
		// Every batch the child reported is there; at most one more (it
		// committed but was killed before it could say so); none partly.
		total := 0
		for k := 0; ; k++ {
			c, err := s.CountMatches(bg, query.Parse(fmt.Sprintf("batchc%dx", k), nil))
			if err != nil {
				t.Fatal(err)
			}
			if c == 0 {
				break
			}
			if c != 300 {
				t.Errorf("batch %d has %d items: a transaction was torn", k, c)
			}
			total += c
		}
		if n != total || n < (committed+1)*300 || n > (committed+2)*300 {
			t.Errorf("round %d: %d items (%d in batches), child reported %d committed batches", round, n, total, committed+1)
		}
		s.Close()
	}
}

func TestTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts helper processes")
	}
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path, Options{Entities: testEntities, Regions: testRegions})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cmd := child(context.Background(), "writer", path)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Write and search here while the child writes there.
	for k := range twoProcBatches {
		if _, err := s.PutItems(bg, feeds.Source{URL: "https://parent.example/rss", Name: "Parent"}, batch("p", k, 100)); err != nil {
			t.Fatalf("parent write %d: %v", k, err)
		}
		if _, _, err := s.Search(bg, query.Parse("kono", nil), 50, 0); err != nil {
			t.Fatalf("parent search: %v", err)
		}
	}
	if err := cmd.Wait(); err != nil || !strings.Contains(out.String(), "done") {
		t.Fatalf("child: %v %s", err, out.String())
	}
	if n, _ := s.Count(bg); n != 2*100*twoProcBatches {
		t.Errorf("%d items, want %d from each process", n, 100*twoProcBatches)
	}
	for _, q := range []string{"source:child", "source:parent", "source:child is:read"} {
		c, err := s.CountMatches(bg, query.Parse(q, nil))
		want := map[string]int{"source:child": 100 * twoProcBatches, "source:parent": 100 * twoProcBatches,
			"source:child is:read": twoProcBatches}[q]
		if err != nil || c != want {
			t.Errorf("%s: %d, %v; want %d", q, c, err, want)
		}
	}
	checkIntegrity(t, s)
}

func TestBusyLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("starts helper processes")
	}
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path, Options{BusyTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.PutItems(bg, feeds.Source{URL: "https://x.example/rss"}, batch("b", 0, 3)); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, s)
	cmd := child(context.Background(), "hold", path)
	stdin, _ := cmd.StdinPipe()
	pr, pw, _ := os.Pipe()
	cmd.Stdout = pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	buf := make([]byte, 64)
	n, _ := pr.Read(buf)
	if !strings.Contains(string(buf[:n]), "locked") {
		t.Fatalf("child: %q", buf[:n])
	}
	// Reading works while the other process writes.
	if hs, _, err := s.Search(bg, query.Parse("kono", nil), 10, 0); err != nil || len(hs) != 3 {
		t.Errorf("search while another process writes: %v %v", len(hs), err)
	}
	// Opening works too (the library is up to date: no lock needed).
	s2, err := Open(path, Options{BusyTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Errorf("open while another process writes: %v", err)
	} else {
		s2.Close()
	}
	start := time.Now()
	err = s.MarkRead(bg, "b-0-0", true)
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "library is busy") || !strings.Contains(err.Error(), path) {
		t.Errorf("write while another process holds the lock: %v", err)
	}
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("gave up after %v, before the busy timeout", d)
	}
	stdin.Close()
	_ = cmd.Wait()
	if err := s.MarkRead(bg, "b-0-0", true); err != nil {
		t.Errorf("write after the other process let go: %v", err)
	}
}

func diffState(a, b string) string {
	if len(a) != len(b) {
		return fmt.Sprintf("length %d -> %d, %s -> %s", len(a), len(b), a[len(a)-12:], b[len(b)-12:])
	}
	for i := range a {
		if a[i] != b[i] {
			return fmt.Sprintf("first difference at hex offset %d", i)
		}
	}
	return ""
}
