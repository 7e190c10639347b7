// Package store is Dateline's offline library: every headline, saved
// article and entity kept in one SQLite file (modernc.org/sqlite, pure Go)
// with an FTS5 index, searchable with the query syntax in milliseconds.
//
// # Files and durability
//
// The library is one file (DefaultPath: $XDG_DATA_HOME/dateline/library.db)
// in WAL mode with synchronous=NORMAL. In WAL mode every commit is appended
// to the -wal file and a crash of the process (SIGKILL, panic, power cut)
// can never corrupt the database: at worst the last transactions before a
// power cut roll back, because NORMAL skips the fsync on each commit and
// syncs only at checkpoints. An application crash loses nothing that was
// committed (the WAL is in the OS page cache). That trade is the one the
// SQLite documentation recommends for WAL; FULL would fsync on each of the
// thousands of refresh commits a day for no benefit to a news cache.
//
// The store never deletes or recreates a library it cannot read: a file
// from a newer Dateline, a corrupt file or a file that is not a library
// gives an error naming it, and the file is left as it was.
//
// # Concurrency
//
// A Store is safe for concurrent use. Its writes are serialised in Go
// (one write lock) and inside SQLite, on a few write connections (the
// writer, the bulk writes' and the indexer's, see package sqliteraw), and
// it keeps a small pool of reader connections, so searches never wait
// for a refresh being stored.
// Two processes may use one library at once: WAL lets readers run beside
// the writer, and a writer waits up to BusyTimeout for another process's
// write to finish, then fails with ErrBusy. Entity extraction for a write
// runs on another goroutine, a chunk ahead of the inserts, and the WAL is
// copied back into the file by a checkpointer goroutine on its own
// connection, so the write lock is held for SQLite's work only.
//
// # Indexing
//
// A write commits its items with everything the headline list shows
// (entities, region tags, the Asia-Pacific flag), so they are listed as
// soon as it returns. Their full-text index rows follow: an indexer
// goroutine per writable Store writes them in short transactions of its
// own, from a watermark kept in the library (so a crash resumes it at the
// next start), and lets every write of the caller's go first. Until then
// words do not find those items; Pending counts them and WaitIndexed
// waits for them (see index.go).
//
// # Search
//
// Search translates a query.Query into one FTS5 query plus SQL
// conditions. The FTS rowid is each item's sort key (publication time),
// so FTS5 returns matches newest first and stops at the page. A word being
// typed is a prefix: Search expands it through a vocabulary table to an
// OR of whole terms, which FTS5 answers lazily; a prefix of too many terms
// ("c", "st"), and exclusions without words to start from, are checked by
// Search itself on the newest candidates. Counts stop at CountLimit. The
// text is tokenized once, in Go (text.go), for the index, the vocabulary,
// the queries and those checks alike.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/store/internal/sqliteraw"
)

// Options configure a Store. The zero value is usable: real time, no
// entity extraction, no region tags, read-write.
type Options struct {
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Entities extracts the entities of a text. It is called for the title
	// and summary of every new item, and for each block of an article that
	// is stored without spans. Nil stores no entities.
	Entities func(text string) []entity.Span
	// Regions maps an item's entities to its region tags ("East Asia",
	// "Southeast Asia", ...). Nil stores no region tags.
	Regions func(spans []entity.Span) []string
	// ReadOnly opens the library without writing to it (no migration, no
	// writes; every write method fails with ErrReadOnly).
	ReadOnly bool
	// BusyTimeout is how long a write waits for another process holding
	// the library's write lock before failing with ErrBusy (default 5 s).
	BusyTimeout time.Duration
	// noImage makes a new library by running the migrations rather than
	// from newLibrary (TestNewLibraryImage compares the two).
	noImage bool
	// SourceRank gives a source's place in the user's list of sources
	// (by URL; false for a source not in it). An article two sources
	// carry belongs to the one that comes first, as feeds.Merge lists it,
	// whichever fetch stored it first. Nil: it stays the first storer's.
	SourceRank func(url string) (int, bool)
}

// Store is an open library.
type Store struct {
	path string
	// memory: an in-memory library (OpenMemory); path is then the name
	// of its memdb database.
	memory bool
	o      Options
	w      *sql.DB // the one writer connection; nil when read-only
	r      *sql.DB // readers
	// wmu serialises this process's write transactions.
	wmu   sync.Mutex
	known knownTerms
	ckpt  *checkpointer   // nil when read-only
	raw   *sqliteraw.Conn // bulk writes (see package sqliteraw); nil when read-only
	// rawLazy: raw opens on the first bulk write (rawConn), so a session
	// that only reads never pays for it.
	rawLazy bool
	ix      *indexer // the background indexer (index.go); nil when read-only
	// writers counts this process's writes waiting for or holding wmu
	// (see foreground).
	writers atomic.Int32
	// indexHook, when set (by tests, under wmu), runs before each
	// indexer batch, under wmu; false skips the batch (the indexer then
	// waits to be woken).
	indexHook func() bool
	// closeOnce makes Close idempotent; closeErr is the first Close's
	// result, returned by every later call.
	closeOnce sync.Once
	closeErr  error
	// budget and countLimit are scanBudget and CountLimit (tests lower
	// them to reach the FTS fallback and the count cap with a small
	// library); batch is indexBatch (tests lower it, under wmu, to index
	// in several batches quickly).
	budget, countLimit, batch int
}

// Errors callers can test with errors.Is.
var (
	// ErrNotFound: no such item or article.
	ErrNotFound = errors.New("not found")
	// ErrBusy: another process holds the library's write lock for longer
	// than the busy timeout.
	ErrBusy = errors.New("library is busy (another Dateline process is writing to it)")
	// ErrReadOnly: a write to a library opened read-only, or a file or
	// directory that cannot be written.
	ErrReadOnly = errors.New("library is read-only")
	// ErrNewer: the library was written by a newer Dateline.
	ErrNewer = errors.New("library was written by a newer version of Dateline")
	// ErrCorrupt: the file is not a readable Dateline library.
	ErrCorrupt = errors.New("library file is corrupt or not a Dateline library")
	// ErrDiskFull: the disk (or the file system quota) is full.
	ErrDiskFull = errors.New("disk full")
	// ErrQuery: a search that cannot be run.
	ErrQuery = errors.New("bad query")
)

// appID marks the file as a Dateline library (PRAGMA application_id, "DtLn").
const appID = 0x44744c6e

// DefaultPath is $XDG_DATA_HOME/dateline/library.db, with XDG_DATA_HOME
// defaulting to ~/.local/share.
func DefaultPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" || !filepath.IsAbs(dir) { // the spec says relative values are ignored
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("library: cannot find the home directory: %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "dateline", "library.db"), nil
}

// Open opens the library at path, creating it (and its directory) when it
// does not exist, and brings its schema up to date. Errors name the file.
func Open(path string, o Options) (*Store, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &Error{Path: path, Err: err}
	}
	path = abs
	s := &Store{path: path, o: o, budget: scanBudget, countLimit: CountLimit, batch: indexBatch}

	fi, statErr := os.Stat(path)
	exists := statErr == nil
	switch {
	case exists && fi.IsDir():
		return nil, s.errf("is a directory, not a library file")
	case !exists && !errors.Is(statErr, os.ErrNotExist):
		return nil, s.fail(statErr)
	case !exists && o.ReadOnly:
		return nil, s.errf("%w", ErrNotFound)
	}
	if exists && !o.ReadOnly {
		// SQLite needs to create the -wal and -shm files beside the
		// library; say plainly when it cannot.
		if err := probeDir(filepath.Dir(path)); err != nil {
			return nil, s.errf("%w: cannot write in %s (%v); choose a writable --data-dir, or open the library read-only",
				ErrReadOnly, filepath.Dir(path), err)
		}
	}
	if exists {
		// Look before touching: read the header with a read-only
		// connection so that a newer, foreign or corrupt file is reported
		// without a single byte (or -wal file) being written.
		if err := s.inspect(fi); err != nil {
			return nil, err
		}
	} else {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, s.fail(err)
		}
		if err := probeDir(filepath.Dir(path)); err != nil {
			return nil, s.errf("%w: cannot create a library in %s (%v); choose a writable --data-dir",
				ErrReadOnly, filepath.Dir(path), err)
		}
		// The schema ready-made; when that cannot be (or another process
		// made the file meanwhile), the migrations below do it.
		if !o.noImage {
			createFromImage(path)
		}
	}

	if o.ReadOnly {
		if err := s.openReaders(true); err != nil {
			return nil, err
		}
		v, err := s.version(context.Background(), s.r)
		if err == nil && v != len(migrations) {
			err = s.errf("schema version %d needs an upgrade to %d; open it once without read-only mode", v, len(migrations))
		}
		if err != nil {
			s.r.Close()
			return nil, s.wrap(err)
		}
		return s, nil
	}
	return s.openReadWrite()
}

// OpenMemory opens a new, empty library held in memory, through the same
// code as Open: the same schema, writes and searches. The TUI uses it
// when the library file cannot be opened (a read-only folder, a full
// disk, another process holding it), so a session works as usual and the
// file it refused is never touched. Nothing of it outlives Close.
//
// It differs from a file in one way: SQLite's in-memory databases have
// no write-ahead log, so a search waits for a write in progress (at most
// BusyTimeout) instead of running beside it.
func OpenMemory(o Options) (*Store, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	o.ReadOnly = false
	// A random name: two libraries of one process never share a database.
	name := "/dateline-memory-" + rand.Text()
	s := &Store{path: name, memory: true, o: o, budget: scanBudget, countLimit: CountLimit, batch: indexBatch}
	return s.openReadWrite()
}

// ReadOnly reports whether the library was opened read-only.
func (s *Store) ReadOnly() bool { return s.o.ReadOnly }

// Memory reports whether the library is held in memory (OpenMemory).
func (s *Store) Memory() bool { return s.memory }

// openReadWrite opens the writer, brings the schema up to date, and opens
// the readers, the checkpointer and the bulk-write connection.
func (s *Store) openReadWrite() (*Store, error) {
	if err := s.openWriter(); err != nil {
		return nil, err
	}
	if err := s.migrate(context.Background()); err != nil {
		s.w.Close()
		return nil, err
	}
	if err := s.openReaders(false); err != nil {
		s.w.Close()
		return nil, err
	}
	if !s.memory { // an in-memory library has no log to checkpoint
		ck, err := sql.Open("sqlite", s.dsn("rw", "cache_size(-2000)"))
		if err != nil {
			s.w.Close()
			s.r.Close()
			return nil, s.fail(err)
		}
		s.ckpt = startCheckpointer(ck)
		s.rawLazy = true
	}
	// Last: the indexer uses the checkpointer, and starts at once on
	// what an earlier run left.
	if err := s.startIndexer(); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// Path is the library file.
func (s *Store) Path() string { return s.path }

// Close closes the library. The last connection to close checkpoints the
// WAL into the main file. Calling Close again does nothing and returns the
// first call's result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

func (s *Store) close() error {
	var err error
	// The indexer first, without waiting for the write lock: its batch
	// in progress is cancelled and rolls back (the next start indexes
	// those items again), so Close does not wait for it.
	if s.ix != nil {
		err = s.ix.stop()
	}
	// A write may still be running on another goroutine (the TUI quitting
	// during a refresh; contexts are checked between statements): wait
	// for it, so that neither its connection nor the checkpointer it
	// wakes is closed under it. Writes after this fail cleanly.
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.ckpt != nil {
		s.ckpt.stop()
	}
	if s.r != nil {
		if e := s.r.Close(); e != nil && err == nil {
			err = e
		}
	}
	s.rawLazy = false
	if s.raw != nil {
		if e := s.raw.Close(); e != nil && err == nil {
			err = e
		}
		s.raw = nil
	}
	if s.w != nil {
		if e := s.w.Close(); e != nil && err == nil {
			err = e
		}
	}
	return s.wrap(err)
}

func (s *Store) dsn(mode string, pragmas ...string) string {
	q := url.Values{}
	if mode != "" {
		q.Set("mode", mode)
	}
	ps := append([]string{
		fmt.Sprintf("busy_timeout(%d)", s.o.BusyTimeout.Milliseconds()),
		"foreign_keys(1)",
	}, pragmas...)
	q["_pragma"] = ps
	if s.memory {
		// SQLite's memdb VFS: one database shared by every connection of
		// this process that names it, freed when the last one closes.
		q.Del("mode")
		q.Set("vfs", "memdb")
	}
	u := url.URL{Scheme: "file", OmitHost: true, Path: s.path, RawQuery: q.Encode()}
	return u.String()
}

// inspect reads the header of an existing file, without SQLite, so that
// a newer, foreign or corrupt file is reported without a byte of it, or a
// -wal or -shm file beside it, being written.
func (s *Store) inspect(fi os.FileInfo) error {
	if fi.Size() == 0 {
		return nil // an empty file is an empty database: nothing to lose
	}
	f, err := os.Open(s.path)
	if err != nil {
		return s.errf("cannot read the file (%w); it was left untouched", err)
	}
	hdr := make([]byte, 100)
	_, err = io.ReadFull(f, hdr)
	f.Close()
	if err != nil || string(hdr[:16]) != "SQLite format 3\x00" {
		return s.errf("%w (not an SQLite database); it was left untouched, move it aside to start a new library", ErrCorrupt)
	}
	be := binary.BigEndian
	pageSize := int(be.Uint16(hdr[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 || hdr[21] != 64 || hdr[22] != 32 || hdr[23] != 32 {
		return s.errf("%w (its SQLite header is damaged); it was left untouched, move it aside to start a new library", ErrCorrupt)
	}
	schema, ver, app := be.Uint32(hdr[40:44]), be.Uint32(hdr[60:64]), be.Uint32(hdr[68:72])
	switch {
	case app != appID && (app != 0 || schema != 0):
		// (A new library not yet checkpointed has neither: migrate checks
		// again through SQLite.)
		return s.errf("%w (it is an SQLite database of another program); it was left untouched", ErrCorrupt)
	case ver > uint32(len(migrations)):
		return s.errf("%w (schema version %d, this build knows up to %d); it was left untouched, upgrade Dateline to open it",
			ErrNewer, ver, len(migrations))
	}
	return nil
}

// writerPragmas are the settings of both write connections.
var writerPragmas = []string{"synchronous(NORMAL)", "temp_store(MEMORY)",
	"cache_size(-8000)", "wal_autocheckpoint(0)", "journal_size_limit(33554432)"}

func (s *Store) openWriter() error {
	// page_size applies to a new file only (it must precede the first
	// table): 16 KiB pages mean a quarter of the write calls per commit.
	//
	// wal_autocheckpoint(0): the writer does not copy the WAL back into
	// the file after its commits; a checkpointer on its own connection
	// does, beside the writer rather than in its way.
	// journal_size_limit: after a large refresh the WAL file is cut back
	// to 32 MB once it has been copied into the library.
	db, err := sql.Open("sqlite", s.dsn("rwc", append([]string{"page_size(16384)"}, writerPragmas...)...)+"&_txlock=immediate")
	if err != nil {
		return s.fail(err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	// journal_mode=WAL is persistent in the file; set it here, after the
	// read-only inspection, so a refused file is never converted.
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode=WAL`).Scan(&mode); err != nil {
		db.Close()
		return s.wrap(err)
	}
	if !strings.EqualFold(mode, "wal") && !(s.memory && strings.EqualFold(mode, "memory")) {
		db.Close()
		return s.errf("cannot switch to WAL mode (got %q)", mode)
	}
	s.w = db
	return nil
}

func (s *Store) openReaders(readOnly bool) error {
	mode := ""
	if readOnly {
		mode = "ro"
	}
	open := func(dsn string) (*sql.DB, error) {
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, err
		}
		n := min(max(runtime.GOMAXPROCS(0), 2), 4)
		db.SetMaxOpenConns(n)
		db.SetMaxIdleConns(n)
		db.SetConnMaxIdleTime(0)
		db.SetConnMaxLifetime(0)
		return db, db.Ping()
	}
	db, err := open(s.dsn(mode, "query_only(1)", "temp_store(MEMORY)", "cache_size(-8000)"))
	if err != nil && readOnly && code(err) == sqlite3.SQLITE_CANTOPEN {
		if db != nil {
			db.Close()
		}
		// A read-only directory and no -shm file: WAL needs one, unless
		// the file is opened as immutable (valid when no -wal file holds
		// uncheckpointed commits, which a clean close guarantees).
		if _, serr := os.Stat(s.path + "-wal"); errors.Is(serr, os.ErrNotExist) {
			db, err = open(s.dsn("ro", "query_only(1)", "temp_store(MEMORY)") + "&immutable=1")
		}
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		return s.wrap(err)
	}
	s.r = db
	return nil
}

// rawConn is the bulk-write connection, opened on the first call; nil
// when there is none (read-only, in memory, closed, or it failed to
// open: bulk writes then go through database/sql's writer, slower). The
// caller holds wmu.
func (s *Store) rawConn() *sqliteraw.Conn {
	if s.rawLazy {
		s.rawLazy = false
		if raw, err := sqliteraw.Open(s.path, sqliteraw.Pragmas(append([]string{
			fmt.Sprintf("busy_timeout(%d)", s.o.BusyTimeout.Milliseconds()), "foreign_keys(1)"}, writerPragmas...))); err == nil {
			s.raw = raw
		}
	}
	return s.raw
}

// probeDir checks that files can be created in dir.
func probeDir(dir string) error {
	f, err := os.CreateTemp(dir, ".dateline-probe-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// code returns the primary SQLite result code of err, or 0.
func code(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code() & 0xff
	}
	var r *sqliteraw.Error
	if errors.As(err, &r) {
		return r.Code & 0xff
	}
	return 0
}

// Error is an error about the library file. Its message names the file.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return "library " + e.Path + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

func (s *Store) errf(format string, args ...any) error {
	return &Error{Path: s.path, Err: fmt.Errorf(format, args...)}
}

// wrap turns an SQLite error into one that names the file and says what
// to do, wrapping the matching sentinel.
func (s *Store) wrap(err error) error {
	if err == nil {
		return nil
	}
	var le *Error
	if errors.As(err, &le) {
		return err
	}
	var sentinel error
	var what string
	switch code(err) {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		sentinel = ErrBusy
	case sqlite3.SQLITE_FULL:
		sentinel, what = ErrDiskFull, "the disk is full; nothing was lost, free some space and retry"
	case sqlite3.SQLITE_READONLY:
		sentinel, what = ErrReadOnly, "the file or its directory cannot be written (check permissions, or use --data-dir)"
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		sentinel, what = ErrCorrupt, "it was left untouched; move it aside to start a new library"
	case sqlite3.SQLITE_CANTOPEN:
		return s.errf("cannot open the file (check that its directory exists and is writable, or use --data-dir): %w", err)
	case sqlite3.SQLITE_IOERR:
		// A full disk met on some paths (a checkpoint growing the file, a
		// temporary file) comes back as SQLITE_IOERR_WRITE, "disk I/O
		// error (4874)"; the free space tells the two apart.
		if s.spaceLow() {
			sentinel, what = ErrDiskFull, "the disk is full; nothing was lost, free some space and retry"
			break
		}
		return s.errf("input/output error: %w", err)
	case sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		sentinel = ErrReadOnly
	}
	if sentinel == nil {
		if errors.Is(err, ErrNotFound) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrQuery) {
			return err
		}
		return s.errf("%w", err)
	}
	if what != "" {
		return s.errf("%w: %s (%v)", sentinel, what, err)
	}
	return s.errf("%w (%v)", sentinel, err)
}

// fail wraps an operating-system error about the library path.
func (s *Store) fail(err error) error {
	switch {
	case errors.Is(err, os.ErrPermission), errors.Is(err, syscall.EROFS):
		return s.errf("%w: %v (choose a writable --data-dir)", ErrReadOnly, err)
	case errors.Is(err, syscall.ENOSPC):
		return s.errf("%w: %v", ErrDiskFull, err)
	}
	return s.errf("%w", err)
}

// checkpointer copies the WAL back into the library file after commits,
// on its own connection and goroutine, so a large refresh is not slowed
// by it. A passive checkpoint never blocks readers or the writer.
type checkpointer struct {
	db   *sql.DB
	kc   chan struct{}
	done chan struct{}
}

func startCheckpointer(db *sql.DB) *checkpointer {
	db.SetMaxOpenConns(1)
	c := &checkpointer{db: db, kc: make(chan struct{}, 1), done: make(chan struct{})}
	go c.run()
	return c
}

func (c *checkpointer) run() {
	defer close(c.done)
	for range c.kc {
		// Errors are not fatal here: the next checkpoint, or the last
		// connection's close, copies what this one could not.
		_, _ = c.db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
	}
}

// kick asks for a checkpoint; kicks while one runs coalesce.
func (c *checkpointer) kick() {
	if c == nil {
		return
	}
	select {
	case c.kc <- struct{}{}:
	default:
	}
}

func (c *checkpointer) stop() {
	close(c.kc)
	<-c.done
	c.db.Close()
}

// spaceLow reports whether the filesystem holding the library has less
// than 1 MiB left for this user.
func (s *Store) spaceLow() bool {
	if s.memory || s.path == "" {
		return false
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(s.path), &st); err != nil {
		return false
	}
	return uint64(st.Bavail)*uint64(st.Bsize) < 1<<20
}
