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

	"github.com/dateline-news/dateline/store/internal/sqliteraw"
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
	// Its own write connection (see indexBusy): raw (see package
	// sqliteraw) for a file, database/sql's for an in-memory library or
	// when that fails.
	raw *sqliteraw.Conn
	db  *sql.DB
	// rd reads the batches ahead (see readAhead), when raw is there too;
	// without it they are read through the store's readers.
	rd     *sqliteraw.Conn
	kick   chan struct{}
	ctx    context.Context // cancelled by Close
	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	err     error         // the last batch's error; nil after a good one
	stopped error         // a panic, which stopped it for good
	changed chan struct{} // closed and replaced after every batch
}

// startIndexer starts the indexer; it first indexes whatever an earlier
// run left (a crash, a quit mid-refresh). Its connections are opened by
// its goroutine when there is something to index (openConns): a library
// with nothing pending opens none, so opening the library does not wait
// for them and an idle session does not hold their caches.
func (s *Store) startIndexer() error {
	ix := &indexer{kick: make(chan struct{}, 1), done: make(chan struct{}), changed: make(chan struct{})}
	ix.ctx, ix.cancel = context.WithCancel(context.Background())
	ix.kick <- struct{}{}
	s.ix = ix
	go s.runIndexer(ix)
	return nil
}

// openConns opens the indexer's connections, once; only its goroutine
// calls it, and stop closes them after that goroutine has ended.
func (s *Store) openConns(ix *indexer) error {
	if ix.raw != nil || ix.db != nil {
		return nil
	}
	// (The last busy_timeout wins over the one dsn puts first.)
	pragmas := append(append([]string{"foreign_keys(1)"}, writerPragmas...), fmt.Sprintf("busy_timeout(%d)", indexBusy.Milliseconds()))
	if !s.memory {
		if raw, err := sqliteraw.Open(s.path, sqliteraw.Pragmas(pragmas)); err == nil {
			ix.raw = raw
			// A small cache: it reads the rows the stores just wrote,
			// which the OS holds in the WAL's pages.
			ix.rd, _ = sqliteraw.Open(s.path, []string{"query_only = 1", "cache_size = -2000", "temp_store = MEMORY"})
			return nil
		}
	}
	db, err := sql.Open("sqlite", s.dsn("rw", pragmas...)+"&_txlock=immediate")
	if err != nil {
		return s.fail(err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	ix.db = db
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
	ix.rd.Close() // (a nil Conn closes too)
	switch {
	case ix.raw != nil:
		return ix.raw.Close()
	case ix.db != nil:
		return ix.db.Close()
	}
	return nil
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

// indexPending indexes the pending items in batches until none is left.
// A goroutine reads and builds the batches ahead (readAhead), outside
// the write lock, so the writes of the caller's that the indexer lets
// pass (it starts no batch while one waits) do not stop that work, and
// a batch holds the lock only for SQLite's own part of it (writeBatch).
func (s *Store) indexPending(ix *indexer) error {
	if n, err := s.pending(ix.ctx); err != nil || n == 0 {
		return err
	}
	if err := s.openConns(ix); err != nil {
		return err
	}
	s.wmu.Lock()
	limit := s.batch
	s.wmu.Unlock()
	ctx, cancel := context.WithCancel(ix.ctx)
	batches := make(chan *ftsBatch, indexAhead-1) // and one being sent
	go s.readAhead(ctx, limit, batches)
	defer func() {
		cancel()
		for range batches { // until readAhead returns
		}
	}()
	for b := range batches {
		if b.crash != nil {
			panic(b.crash) // on this goroutine, where the indexer recovers it
		}
		if b.err != nil {
			return b.err
		}
		for s.writers.Load() > 0 {
			select {
			case <-ix.kick: // the last of them ended
			case <-ix.ctx.Done():
				return ix.ctx.Err()
			}
		}
		again, err := s.writeBatch(ix, b, limit)
		if errors.Is(err, errHeld) {
			return nil // until the test releases it
		}
		if err != nil {
			return err
		}
		ix.report(nil, nil)
		if again {
			ix.wake() // from what the library holds now
			return nil
		}
	}
	// Items stored while this ran (the wake of their write may have been
	// taken above) are indexed next.
	if n, err := s.pending(ix.ctx); err == nil && n > 0 {
		ix.wake()
	}
	return nil
}

// indexAhead is how many batches the indexer reads ahead of the one it
// writes (with the one being read, it holds indexAhead+1 batches at most;
// a batch of 2,000 items of a news feed is 1-5 MB).
const indexAhead = 3

// ftsBatch is a batch of pending items with their index rows, as read
// (in one read transaction) before the write transaction that adds them.
type ftsBatch struct {
	from, edits int64 // fts_mark as the batch assumes it: valid while it is so
	top         int64 // its highest rid: the mark once it is written
	rows        []pendingRow
	fts         []ftsRow
	voc         *vocab
	full        bool  // as many items as asked for: more may follow
	err         error // instead of the rest
	crash       any   // a panic while it was made
}

// readAhead reads the pending items batch after batch, each from the
// previous one's top (assuming it will be written as read), into out,
// and closes out when none is left or ctx ends.
func (s *Store) readAhead(ctx context.Context, limit int, out chan<- *ftsBatch) {
	defer close(out)
	from := int64(-1) // the library's mark
	for {
		b := s.readBatch(ctx, from, limit)
		if b.err == nil && b.crash == nil && len(b.rows) == 0 {
			return
		}
		select {
		case out <- b:
		case <-ctx.Done():
			return
		}
		if !b.full || b.err != nil || b.crash != nil {
			return
		}
		from = b.top
	}
}

// readBatch reads and builds the batch of up to limit pending items after
// rid from (-1: after the library's mark) in a read transaction.
func (s *Store) readBatch(ctx context.Context, from int64, limit int) (b *ftsBatch) {
	b = &ftsBatch{voc: newVocab(&s.known)}
	defer func() { b.crash = recover() }()
	read := func(tx wtx) error {
		if err := tx.queryRow(ctx, `SELECT rid, edits FROM fts_mark`, nil, &b.top, &b.edits); err != nil {
			return err
		}
		if from >= 0 {
			b.top = from
		}
		b.from = b.top
		var err error
		b.rows, b.top, err = readPending(ctx, tx, b.from, limit)
		return err
	}
	if c := s.ix.rd; c != nil {
		// Through database/sql, reading the rows costs half as much CPU
		// again (0.13 s rather than 0.09 s per 20,000 test items).
		if _, b.err = c.Exec(ctx, `BEGIN`); b.err == nil {
			b.err = read(rawTx{c})
			_, _ = c.Exec(context.Background(), `ROLLBACK`)
		}
	} else {
		b.err = s.readTx(ctx, func(tx *sql.Tx) error { return read(newSQLTx(tx)) })
	}
	if b.err != nil {
		b.err = s.wrap(b.err)
		return b
	}
	b.full = len(b.rows) == limit
	b.fts = buildFTS(b.rows, b.voc)
	return b
}

// writeBatch writes b in a write transaction, if the library is as b
// was read: its mark where b starts, and no item changed or deleted above
// it since (fts_mark.edits). Otherwise it indexes a batch read in the
// transaction, and asks for the batches to be read again.
func (s *Store) writeBatch(ix *indexer, b *ftsBatch, limit int) (again bool, err error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.indexHook != nil && !s.indexHook() {
		return false, errHeld
	}
	write := func(tx wtx) error {
		var mark, edits int64
		if err := tx.queryRow(ix.ctx, `SELECT rid, edits FROM fts_mark`, nil, &mark, &edits); err != nil {
			return err
		}
		if mark != b.from || edits != b.edits {
			again = true
			rows, top, err := readPending(ix.ctx, tx, mark, limit)
			if err != nil || len(rows) == 0 {
				return err
			}
			b = &ftsBatch{rows: rows, top: top, voc: newVocab(&s.known)}
			b.fts = buildFTS(rows, b.voc)
		}
		return s.insertFTS(ix.ctx, tx, b)
	}
	if ix.raw != nil {
		err = s.rawTx(ix.ctx, ix.raw, write)
	} else {
		err = s.sqlTx(ix.ctx, ix.db, func(tx *sql.Tx) error { return write(newSQLTx(tx)) })
	}
	return again, err
}

// errHeld: a test holds the indexer (see Store.indexHook).
var errHeld = errors.New("indexer held")

// insertFTS writes the index rows and the new terms of b, and moves the
// mark to its top.
func (s *Store) insertFTS(ctx context.Context, tx wtx, b *ftsBatch) error {
	for i := range b.rows {
		if _, err := tx.exec(ctx, insertFTS, b.fts[i].args(b.rows[i].n)...); err != nil {
			return err
		}
	}
	if err := s.addTerms(ctx, tx, b.voc.take()); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `UPDATE fts_mark SET rid = ?`, b.top)
	return err
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

// readPending reads up to limit items above rid from, sorted by key
// (FTS5 keeps its pending terms in memory only while rowids ascend: a
// smaller one flushes them), and the highest rid among them.
func readPending(ctx context.Context, q wtx, from int64, limit int) (rows []pendingRow, top int64, err error) {
	top = from
	err = q.query(ctx, pendingRows, []any{from, limit}, func(scan func(...any) error) error {
		var r pendingRow
		var content string
		var names, atext sql.NullString
		if err := scan(&top, &r.n, &r.src, &r.srcName, &r.title, &r.summary, &content, &r.regions, &names, &atext); err != nil {
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
	slices.SortFunc(rows, func(a, b pendingRow) int { return cmp.Compare(a.n, b.n) })
	return rows, top, err
}

// buildFTS makes the index rows of rows, and adds their terms to voc.
func buildFTS(rows []pendingRow, voc *vocab) []ftsRow {
	fts := make([]ftsRow, len(rows))
	named := map[int64]bool{} // sources whose name is in voc
	for i := range rows {
		r := &rows[i]
		p, l, o := splitNames(r.names)
		fts[i] = newFTSRowOf(r.title, r.summary, r.body, p, l, o, r.srcName, r.src, splitList(r.regions))
		voc.addRow(&fts[i])
		if !named[r.src] {
			named[r.src] = true
			voc.addText("", r.srcName)
		}
	}
	return fts
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
	// An error from before this call (a full disk since freed) gets one
	// more try: the wake below starts it.
	retried := false
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
		case ixErr != nil && !errors.Is(ixErr, ErrBusy) && retried:
			return ixErr
		case ixErr != nil && !errors.Is(ixErr, ErrBusy):
			retried = true
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		case <-time.After(50 * time.Millisecond): // another process's indexer
		}
	}
}
