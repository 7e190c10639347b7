package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// The background indexer. A write commits its items with everything the
// headline list shows (entities, region tags, the Asia-Pacific flag) but
// without their FTS rows and vocabulary terms; the indexer, one goroutine
// per writable Store, writes those afterwards, for the items above the
// watermark (fts_mark, schema v5), in batches, each in a short write
// transaction of its own that also advances the watermark. The watermark
// lives in the library, so a crash loses nothing: the next start resumes
// from it. Items above it are listed at once and found by every query
// without words; Pending counts them.

// indexBatch is how many items one indexer transaction indexes. It holds
// the write lock for that long, so a write of the TUI's (marking an item
// read) waits at most one batch; BENCHMARKS.md has the measurement
// behind the size.
const indexBatch = 2000

// indexBusy is the busy timeout of the indexer's connection: when another
// process holds the library's write lock, the indexer gives up quickly
// and tries again later rather than holding this process's writes (and
// Close) behind it for BusyTimeout.
const indexBusy = 200 * time.Millisecond

// indexer is the state of a Store's indexing goroutine.
type indexer struct {
	// Its own write connection (see indexBusy): raw (see rawConn) for a
	// file, database/sql's for an in-memory library or when that fails.
	raw    *rawConn
	db     *sql.DB
	kick   chan struct{}
	ctx    context.Context // cancelled by Close
	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	err     error         // the last batch's error; nil after a good one
	stopped error         // a panic, which stopped it for good
	changed chan struct{} // closed and replaced after every batch
}

// startIndexer opens the indexer's connection and starts it; it first
// indexes whatever an earlier run left (a crash, a quit mid-refresh).
func (s *Store) startIndexer() error {
	// (The last busy_timeout wins over the one dsn puts first.)
	pragmas := append(append([]string{"foreign_keys(1)"}, writerPragmas...), fmt.Sprintf("busy_timeout(%d)", indexBusy.Milliseconds()))
	ix := &indexer{kick: make(chan struct{}, 1), done: make(chan struct{}), changed: make(chan struct{})}
	if !s.memory {
		if raw, err := openRaw(s.path, rawPragmas(pragmas)); err == nil {
			ix.raw = raw
		}
	}
	if ix.raw == nil {
		db, err := sql.Open("sqlite", s.dsn("rw", pragmas...)+"&_txlock=immediate")
		if err != nil {
			return s.fail(err)
		}
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
		ix.db = db
	}
	ix.ctx, ix.cancel = context.WithCancel(context.Background())
	ix.kick <- struct{}{}
	s.ix = ix
	go s.runIndexer(ix)
	return nil
}

// wake asks the indexer to look for items to index; wakes while it
// works coalesce. It does nothing for a read-only store.
func (ix *indexer) wake() {
	if ix == nil {
		return
	}
	select {
	case ix.kick <- struct{}{}:
	default:
	}
}

// stop stops the indexer: a batch in progress is cancelled and rolls
// back (the next start indexes it again).
func (ix *indexer) stop() error {
	ix.cancel()
	<-ix.done
	if ix.raw != nil {
		return ix.raw.close()
	}
	return ix.db.Close()
}

// report records the outcome of a batch and wakes WaitIndexed.
func (ix *indexer) report(err, stopped error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.err = err
	if stopped != nil {
		ix.stopped = stopped
	}
	close(ix.changed)
	ix.changed = make(chan struct{})
}

// state returns a channel closed at the indexer's next report, and its
// error: what stopped it, else the last batch's.
func (ix *indexer) state() (<-chan struct{}, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.stopped != nil {
		return ix.changed, ix.stopped
	}
	return ix.changed, ix.err
}

// foreground counts a caller's write from before it waits for s.wmu
// until it ends: the indexer starts no batch while one waits, and the
// last one to end wakes it (to index what they stored).
func (s *Store) foreground() (end func()) {
	s.writers.Add(1)
	return func() {
		if s.writers.Add(-1) == 0 {
			s.ix.wake()
		}
	}
}

func (s *Store) runIndexer(ix *indexer) {
	defer close(ix.done)
	defer func() {
		// A bug must not take the process down, nor pass unnoticed:
		// Pending and WaitIndexed report it. The batch rolled back and
		// released the write lock on its way out.
		if r := recover(); r != nil {
			ix.report(nil, fmt.Errorf("the search index stopped (items stored from now on are listed but not searchable until the library is opened again): panic: %v", r))
		}
	}()
	var retry <-chan time.Time
	var wait time.Duration
	for {
		select {
		case <-ix.ctx.Done():
			return
		case <-ix.kick:
		case <-retry:
		}
		err := s.indexPending(ix)
		if ix.ctx.Err() != nil {
			return // Close: an unfinished batch rolled back
		}
		retry = nil
		if err == nil {
			wait = 0
			continue
		}
		// The library is busy (another process), full, or failing: try
		// again later, less often the longer it lasts (the next write
		// wakes the indexer sooner).
		wait = min(max(2*wait, 100*time.Millisecond), 5*time.Second)
		retry = time.After(wait)
		ix.report(err, nil)
	}
}

// indexPending indexes batches until no item is pending, or a caller's
// write waits for the lock (its end wakes the indexer again).
func (s *Store) indexPending(ix *indexer) error {
	if n, err := s.pending(ix.ctx); err != nil || n == 0 {
		return err
	}
	for s.writers.Load() == 0 {
		more, err := s.indexBatch(ix)
		if err != nil {
			return err
		}
		ix.report(nil, nil)
		if !more {
			return nil
		}
	}
	return nil
}

// indexBatch indexes up to s.batch pending items in one transaction, and
// reports whether it was a full batch (more may be pending).
func (s *Store) indexBatch(ix *indexer) (more bool, err error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.indexHook != nil && !s.indexHook() {
		return false, nil // held by a test
	}
	index := func(tx wtx) error {
		n, err := s.indexRows(ix.ctx, tx, s.batch)
		more = n == s.batch
		return err
	}
	if ix.raw != nil {
		err = s.rawTx(ix.ctx, ix.raw, index)
	} else {
		err = s.sqlTx(ix.ctx, ix.db, func(tx *sql.Tx) error { return index(newSQLTx(tx)) })
	}
	return more, err
}

// pendingRows reads what the index rows of the pending items are made
// of, in rid order: as reindexWhere reads it, but with the entity names
// from the names columns (the canonical names the spans give) rather
// than from the spans' JSON.
const pendingRows = `SELECT i.rid, i.n, i.source, s.name, i.title, i.summary, coalesce(i.content, i.summary), i.regions,
	CASE WHEN a.n IS NULL THEN i.names ELSE a.names END, a.text
	FROM items i JOIN sources s ON s.id = i.source LEFT JOIN articles a ON a.n = i.n
	WHERE i.rid > ? ORDER BY i.rid LIMIT ?`

// pendingRow is what pendingRows reads of an item.
type pendingRow struct {
	n, src                                 int64
	srcName, title, summary, body, regions string
	names                                  string
}

// indexRows writes the FTS rows and vocabulary terms of up to limit items
// above the watermark, and moves the watermark past them.
func (s *Store) indexRows(ctx context.Context, tx wtx, limit int) (int, error) {
	var mark int64
	if err := tx.queryRow(ctx, `SELECT rid FROM fts_mark`, nil, &mark); err != nil {
		return 0, err
	}
	var rows []pendingRow
	err := tx.query(ctx, pendingRows, []any{mark, limit}, func(scan func(...any) error) error {
		var r pendingRow
		var content string
		var names, atext sql.NullString
		if err := scan(&mark, &r.n, &r.src, &r.srcName, &r.title, &r.summary, &content, &r.regions, &names, &atext); err != nil {
			return err
		}
		if content != r.summary {
			r.body = content
		}
		if atext.Valid {
			r.body = atext.String
		}
		r.names = names.String
		rows = append(rows, r)
		return nil
	})
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	// FTS5 keeps its pending terms in memory only while rowids ascend (a
	// smaller one flushes them): insert in key order.
	slices.SortFunc(rows, func(a, b pendingRow) int { return cmp.Compare(a.n, b.n) })
	voc := newVocab(&s.known)
	b := s.buildFTS(rows, voc)
	defer close(b.stop)
	for c := range b.ready {
		for i := c.lo; i < c.hi; i++ {
			if _, err := tx.exec(ctx, insertFTS, b.fts[i].args(rows[i].n)...); err != nil {
				return 0, err
			}
		}
	}
	if b.crash != nil {
		panic(b.crash) // on this goroutine, where the indexer recovers it
	}
	if err := s.addTerms(ctx, tx, voc.take()); err != nil {
		return 0, err
	}
	_, err = tx.exec(ctx, `UPDATE fts_mark SET rid = ?`, mark)
	return len(rows), err
}

// ftsBuild is the index rows of a batch, made on another goroutine a
// chunk ahead of the inserts (normalising the text is about a third of
// the indexer's work).
type ftsBuild struct {
	fts   []ftsRow
	ready chan struct{ lo, hi int } // chunks of fts that are done; closed at the end
	stop  chan struct{}             // closed by the caller: abandon the work
	crash any                       // a panic of the builder, read once ready is closed
}

// buildFTS starts making the index rows of rows, and their vocabulary.
func (s *Store) buildFTS(rows []pendingRow, voc *vocab) *ftsBuild {
	const chunk = 256
	b := &ftsBuild{fts: make([]ftsRow, len(rows)), ready: make(chan struct{ lo, hi int }, 1), stop: make(chan struct{})}
	go func() {
		defer close(b.ready)
		defer func() { b.crash = recover() }()
		named := map[int64]bool{} // sources whose name is in voc
		for lo := 0; lo < len(rows); lo += chunk {
			hi := min(lo+chunk, len(rows))
			for i := lo; i < hi; i++ {
				r := &rows[i]
				p, l, o := splitNames(r.names)
				b.fts[i] = newFTSRowOf(r.title, r.summary, r.body, p, l, o, r.srcName, r.src, splitList(r.regions))
				voc.addRow(&b.fts[i])
				if !named[r.src] {
					named[r.src] = true
					voc.addText("", r.srcName)
				}
			}
			select {
			case b.ready <- struct{ lo, hi int }{lo, hi}:
			case <-b.stop:
				return
			}
		}
	}()
	return b
}

// splitNames splits a names column (namesColOf) into its persons, places
// and organisations.
func splitNames(s string) (person, place, org []string) {
	if s == "" {
		return nil, nil, nil
	}
	parts := strings.SplitN(s, "\x1e", 3)
	for len(parts) < 3 {
		parts = append(parts, "")
	}
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, "\x1f")
	}
	return split(parts[0]), split(parts[1]), split(parts[2])
}

// pending counts the items above the watermark: the distance from it to
// the highest rid, two lookups however many are pending (nextRID hands
// out consecutive rids, so that is their number, but for items pruned
// before they were indexed, until the indexer passes their rids).
func (s *Store) pending(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT max(0, coalesce((SELECT max(rid) FROM items), 0) - (SELECT rid FROM fts_mark))`).Scan(&n); err != nil {
		return 0, s.wrap(err)
	}
	return n, nil
}

// Pending is how many stored items are not searchable by their words
// yet: the indexer writes their index rows after the write that stored
// them (in batches; 100,000 new items take a few seconds). They are
// listed at once, and match every query without words, entity or region
// fields (the empty query, source:, is:, after:/before:). Reading it
// costs two primary-key lookups: the items' rids are consecutive, and
// Pending is how far the highest is above the indexer's watermark (so
// items pruned before they were indexed count until the indexer passes
// them, a batch later).
//
// When the indexer has failed, the count comes with its error: the last
// batch's (the library is busy or the disk full; it tries again), or
// what stopped it for the rest of the session (a panic, recovered).
func (s *Store) Pending(ctx context.Context) (int, error) {
	n, err := s.pending(ctx)
	if err != nil {
		return 0, err
	}
	if s.ix != nil && n > 0 {
		if _, e := s.ix.state(); e != nil {
			return n, e
		}
	}
	return n, nil
}

// WaitIndexed returns when every item stored so far is searchable
// (Pending is 0), or when ctx ends. It returns the indexer's error when
// indexing failed, except while the library is busy (it tries again).
// A library opened read-only cannot index: WaitIndexed returns at once,
// nil when nothing is pending and an error wrapping ErrReadOnly otherwise.
// Tests and tools that search right after a write call it first.
func (s *Store) WaitIndexed(ctx context.Context) error {
	for {
		var ixErr error
		var changed <-chan struct{}
		if s.ix != nil {
			changed, ixErr = s.ix.state()
			s.ix.wake() // another process may have stored items
		}
		n, err := s.pending(ctx)
		switch {
		case err != nil:
			return err
		case n == 0:
			return nil
		case s.ix == nil:
			return s.errf("%w: %d items are not searchable yet, and a library opened read-only cannot index them", ErrReadOnly, n)
		case ixErr != nil && !errors.Is(ixErr, ErrBusy):
			return ixErr
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		case <-time.After(50 * time.Millisecond): // another process's indexer
		}
	}
}
