// Package sqliteraw is a write connection to an SQLite database driven
// through SQLite's own C API (modernc.org/sqlite/lib, the pure-Go
// translation modernc.org/sqlite's database/sql driver is built on, with
// modernc.org/libc's memory) rather than through database/sql.
//
// # What it buys
//
// The library's bulk writes run statements of some thirty values by the
// hundred thousand: a refresh's item rows, and the indexer's FTS rows.
// Through database/sql each value is converted, copied into C memory and
// freed again, and each statement passes through two layers of locking
// and bookkeeping (and, under a cancellable context, starts a watcher
// goroutine). Here the values of one statement are copied into one
// reusable buffer and bound in place, and statements are prepared once
// per connection.
//
// Measured both ways in one session, interleaved, with the background
// indexer (BENCHMARKS.md, "Library at 100,000 items", 7 Dec 2026): a
// refresh of 20 sources bringing 100,000 new big_feed items used 4.6-5.1
// s of CPU until every item was stored and listed and 7.9-8.7 s until
// every item was searchable with these connections, against 6.3-6.7 s
// and 10.7-11.4 s with database/sql's (wall 3.0-5.5 s and 5.6-9.0 s
// against 4.4-6.2 s and 8.1-9.7 s on a shared machine): without them the
// library misses its 3-second target for listing new items.
//
// # When it can go
//
// When database/sql (or modernc.org/sqlite's driver) binds a statement's
// values without a C allocation each and without a goroutine per
// statement under a cancellable context, or when the library's targets
// hold without it: run the refresh benchmark both ways (the store
// package uses database/sql's connections when Open fails, so making it
// fail is enough) and delete the package, with the store's rawTx and
// its Open calls, if the difference is within the noise.
//
// # Safety
//
// Everything SQLite is handed a pointer to lives in the translated C
// library's own heap (libc.Xmalloc), never in Go memory, which Go's
// collector may move or free and the race detector's pointer checks
// reject. A Conn is used by one goroutine at a time (the store's write
// lock serialises its write connections; the indexer's read connection
// has one reader). It does not watch contexts while a statement runs:
// Exec and Query check theirs before each statement, and the library's
// statements on it are short.
package sqliteraw

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"
)

// Conn is a connection opened with Open.
type Conn struct {
	tls   *libc.TLS
	db    uintptr
	cell  uintptr // C memory: the out-parameter of open and prepare
	arena uintptr // C memory: the bound text of the running statement
	size  int     // of arena
	stmts map[string]uintptr
	spans []textSpan
}

type textSpan struct{ off, n int }

// Error is an error SQLite returned: its (extended) result code and its
// message, as modernc.org/sqlite's driver reports them.
type Error struct {
	Code int
	Msg  string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s (%d)", e.Msg, e.Code)
}

// Open opens the database at path read-write (it must exist) and runs
// pragmas ("busy_timeout = 5000", see Pragmas) on it.
func Open(path string, pragmas []string) (*Conn, error) {
	c := &Conn{tls: libc.NewTLS(), stmts: map[string]uintptr{}}
	c.cell = libc.Xmalloc(c.tls, 8)
	name, err := libc.CString(path)
	if c.cell == 0 || err != nil || !c.growArena(4096) {
		if name != 0 {
			libc.Xfree(c.tls, name)
		}
		c.Close()
		return nil, errors.New("out of memory")
	}
	c.setCell(0)
	rc := sqlite3.Xsqlite3_open_v2(c.tls, name, c.cell, sqlite3.SQLITE_OPEN_READWRITE|sqlite3.SQLITE_OPEN_NOMUTEX, 0)
	libc.Xfree(c.tls, name)
	c.db = c.getCell()
	if rc != sqlite3.SQLITE_OK {
		err := c.err(rc)
		c.Close()
		return nil, err
	}
	sqlite3.Xsqlite3_extended_result_codes(c.tls, c.db, 1)
	for _, p := range pragmas {
		if _, err := c.Exec(context.Background(), "PRAGMA "+p); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

// getCell and setCell read and write the out-parameter cell.
func (c *Conn) getCell() uintptr {
	b := libc.GoBytes(c.cell, 8)
	if ptrSize == 4 {
		return uintptr(binary.NativeEndian.Uint32(b))
	}
	return uintptr(binary.NativeEndian.Uint64(b))
}

func (c *Conn) setCell(v uintptr) {
	b := libc.GoBytes(c.cell, 8)
	if ptrSize == 4 {
		binary.NativeEndian.PutUint32(b, uint32(v))
		return
	}
	binary.NativeEndian.PutUint64(b, uint64(v))
}

const ptrSize = unsafe.Sizeof(uintptr(0))

// Close finalizes the statements and closes the connection.
func (c *Conn) Close() error {
	if c == nil || c.tls == nil {
		return nil
	}
	for _, st := range c.stmts {
		sqlite3.Xsqlite3_finalize(c.tls, st)
	}
	c.stmts = nil
	var err error
	if c.db != 0 {
		if rc := sqlite3.Xsqlite3_close_v2(c.tls, c.db); rc != sqlite3.SQLITE_OK {
			err = c.err(rc)
		}
		c.db = 0
	}
	for _, p := range []uintptr{c.cell, c.arena} {
		if p != 0 {
			libc.Xfree(c.tls, p)
		}
	}
	c.cell, c.arena, c.size = 0, 0, 0
	c.tls.Close()
	c.tls = nil
	return err
}

func (c *Conn) err(rc int32) error {
	msg := "out of memory"
	if c.db != 0 {
		msg = libc.GoString(sqlite3.Xsqlite3_errmsg(c.tls, c.db))
	}
	return &Error{Code: int(rc), Msg: msg}
}

// growArena makes the bound-text buffer at least n bytes (and never
// empty: an empty text is bound to its first byte, as a NULL pointer
// would bind NULL). It reports false when out of memory.
func (c *Conn) growArena(n int) bool {
	if n <= c.size && c.size > 0 {
		return true
	}
	size := max(n, 2*c.size, 4096)
	p := libc.Xmalloc(c.tls, types.Size_t(size))
	if p == 0 {
		return false
	}
	if c.arena != 0 {
		libc.Xfree(c.tls, c.arena)
	}
	c.arena, c.size = p, size
	return true
}

// stmt returns the prepared statement for q, preparing it once.
func (c *Conn) stmt(q string) (uintptr, error) {
	if st, ok := c.stmts[q]; ok {
		return st, nil
	}
	z, err := libc.CString(q)
	if err != nil {
		return 0, err
	}
	defer libc.Xfree(c.tls, z)
	c.setCell(0)
	if rc := sqlite3.Xsqlite3_prepare_v3(c.tls, c.db, z, -1, sqlite3.SQLITE_PREPARE_PERSISTENT, c.cell, 0); rc != sqlite3.SQLITE_OK {
		return 0, c.err(rc)
	}
	st := c.getCell()
	if st == 0 {
		return 0, errors.New("empty statement: " + q)
	}
	c.stmts[q] = st
	return st, nil
}

// bind binds args (int64, int, bool, string, []byte or nil) to st's
// parameters, copying text and blobs into the arena first.
func (c *Conn) bind(st uintptr, args []any) error {
	if n := int(sqlite3.Xsqlite3_bind_parameter_count(c.tls, st)); n != len(args) {
		return fmt.Errorf("statement takes %d values, got %d", n, len(args))
	}
	size := 0
	for _, a := range args {
		switch v := a.(type) {
		case string:
			size += len(v)
		case []byte:
			size += len(v)
		}
	}
	if !c.growArena(size) {
		return &Error{Code: sqlite3.SQLITE_NOMEM, Msg: "out of memory"}
	}
	buf := libc.GoBytes(c.arena, c.size)
	c.spans = c.spans[:0]
	off := 0
	for _, a := range args {
		var n int
		switch v := a.(type) {
		case string:
			n = copy(buf[off:], v)
		case []byte:
			n = copy(buf[off:], v)
		}
		c.spans = append(c.spans, textSpan{off, n})
		off += n
	}
	base := c.arena
	for i, a := range args {
		k := int32(i + 1)
		var rc int32
		switch v := a.(type) {
		case nil:
			rc = sqlite3.Xsqlite3_bind_null(c.tls, st, k)
		case int64:
			rc = sqlite3.Xsqlite3_bind_int64(c.tls, st, k, v)
		case int:
			rc = sqlite3.Xsqlite3_bind_int64(c.tls, st, k, int64(v))
		case bool:
			var b int64
			if v {
				b = 1
			}
			rc = sqlite3.Xsqlite3_bind_int64(c.tls, st, k, b)
		case string:
			sp := c.spans[i]
			rc = sqlite3.Xsqlite3_bind_text(c.tls, st, k, base+uintptr(sp.off), int32(sp.n), sqlite3.SQLITE_STATIC)
		case []byte:
			if v == nil {
				rc = sqlite3.Xsqlite3_bind_null(c.tls, st, k)
				break
			}
			sp := c.spans[i]
			rc = sqlite3.Xsqlite3_bind_blob(c.tls, st, k, base+uintptr(sp.off), int32(sp.n), sqlite3.SQLITE_STATIC)
		default:
			return fmt.Errorf("cannot bind a %T", a)
		}
		if rc != sqlite3.SQLITE_OK {
			return c.err(rc)
		}
	}
	return nil
}

// done resets st and unbinds its parameters (they point into the arena,
// which the next statement reuses).
func (c *Conn) done(st uintptr) {
	sqlite3.Xsqlite3_reset(c.tls, st)
	sqlite3.Xsqlite3_clear_bindings(c.tls, st)
}

// Exec runs q with args (int64, int, bool, string, []byte or nil) and
// returns the number of rows it changed.
func (c *Conn) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	st, err := c.stmt(q)
	if err != nil {
		return 0, err
	}
	defer c.done(st)
	if err := c.bind(st, args); err != nil {
		return 0, err
	}
	for {
		switch rc := sqlite3.Xsqlite3_step(c.tls, st); rc {
		case sqlite3.SQLITE_ROW:
			continue
		case sqlite3.SQLITE_DONE:
			return sqlite3.Xsqlite3_changes64(c.tls, c.db), nil
		default:
			sqlite3.Xsqlite3_reset(c.tls, st) // sets the connection's message for rc
			return 0, c.err(rc)
		}
	}
}

// LastInsertID is the rowid of the last row inserted.
func (c *Conn) LastInsertID() int64 { return sqlite3.Xsqlite3_last_insert_rowid(c.tls, c.db) }

// Query runs q and calls each for every row; scan reads the row's
// columns into *int64, *int, *bool, *string, *sql.NullString or
// *sql.NullInt64.
func (c *Conn) Query(ctx context.Context, q string, args []any, each func(scan func(dest ...any) error) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	st, err := c.stmt(q)
	if err != nil {
		return err
	}
	defer c.done(st)
	if err := c.bind(st, args); err != nil {
		return err
	}
	scan := func(dest ...any) error { return c.scan(st, dest) }
	for {
		switch rc := sqlite3.Xsqlite3_step(c.tls, st); rc {
		case sqlite3.SQLITE_ROW:
			if err := each(scan); err != nil {
				return err
			}
		case sqlite3.SQLITE_DONE:
			return nil
		default:
			sqlite3.Xsqlite3_reset(c.tls, st)
			return c.err(rc)
		}
	}
}

func (c *Conn) scan(st uintptr, dest []any) error {
	if n := int(sqlite3.Xsqlite3_column_count(c.tls, st)); n != len(dest) {
		return fmt.Errorf("row has %d columns, scanning %d", n, len(dest))
	}
	for i, d := range dest {
		k := int32(i)
		null := sqlite3.Xsqlite3_column_type(c.tls, st, k) == sqlite3.SQLITE_NULL
		switch d := d.(type) {
		case *int64:
			*d = sqlite3.Xsqlite3_column_int64(c.tls, st, k)
		case *int:
			*d = int(sqlite3.Xsqlite3_column_int64(c.tls, st, k))
		case *bool:
			*d = sqlite3.Xsqlite3_column_int64(c.tls, st, k) != 0
		case *string:
			*d = c.text(st, k)
		case *sql.NullString:
			*d = sql.NullString{String: c.text(st, k), Valid: !null}
		case *sql.NullInt64:
			*d = sql.NullInt64{Int64: sqlite3.Xsqlite3_column_int64(c.tls, st, k), Valid: !null}
		default:
			return fmt.Errorf("cannot scan into a %T", d)
		}
		if null {
			switch d.(type) {
			case *int64, *int, *bool, *string:
				return fmt.Errorf("column %d is NULL", i)
			}
		}
	}
	return nil
}

func (c *Conn) text(st uintptr, k int32) string {
	p := sqlite3.Xsqlite3_column_text(c.tls, st, k)
	n := sqlite3.Xsqlite3_column_bytes(c.tls, st, k)
	if p == 0 || n == 0 {
		return ""
	}
	return string(libc.GoBytes(p, int(n)))
}

// Pragmas turns database/sql DSN settings ("busy_timeout(5000)") into
// PRAGMA statements ("busy_timeout = 5000").
func Pragmas(ps []string) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		name, val, ok := strings.Cut(strings.TrimSuffix(p, ")"), "(")
		if !ok {
			out = append(out, p)
			continue
		}
		out = append(out, name+" = "+val)
	}
	return out
}
