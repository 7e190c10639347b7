package sqliteraw

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // database/sql's driver, to create the test database
	sqlite3 "modernc.org/sqlite/lib"
)

var bg = context.Background()

// code is the primary result code of an *Error, or 0.
func code(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Code & 0xff
	}
	return 0
}

// queryRow scans the one row of q into dest.
func queryRow(c *Conn, q string, dest ...any) error {
	return c.Query(bg, q, nil, func(scan func(...any) error) error { return scan(dest...) })
}

func openTest(t *testing.T) *Conn {
	t.Helper()
	path := filepath.Join(t.TempDir(), "raw.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE t(k INTEGER PRIMARY KEY, v ANY, w TEXT UNIQUE)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	c, err := Open(path, Pragmas([]string{"busy_timeout(100)", "foreign_keys(1)"}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Error(err)
		}
	})
	return c
}

// Every kind of value the write path binds comes back as it went in:
// text with NUL bytes and CJK, empty text (not NULL), text larger than
// the bind buffer, blobs, a nil blob (NULL), nil, ints and bools.
func TestRawConnValues(t *testing.T) {
	c := openTest(t)
	big := strings.Repeat("東京 Tokyo ", 100_000) // 1.3 MB: the buffer grows
	vals := []any{"a\x00b 東京", "", big, []byte{0, 1, 2}, []byte(nil), nil, int64(-1 << 62), 42, true, false}
	for i, v := range vals {
		if _, err := c.Exec(bg, `INSERT INTO t(k, v) VALUES(?, ?)`, i, v); err != nil {
			t.Fatalf("insert %d (%T): %v", i, v, err)
		}
	}
	want := []struct{ typ, val string }{
		{"text", "a\x00b 東京"}, {"text", ""}, {"text", big}, {"blob", "\x00\x01\x02"}, {"null", ""}, {"null", ""},
		{"integer", "-4611686018427387904"}, {"integer", "42"}, {"integer", "1"}, {"integer", "0"},
	}
	n := 0
	err := c.Query(bg, `SELECT k, typeof(v), CAST(v AS TEXT), v FROM t ORDER BY k`, nil, func(scan func(...any) error) error {
		var k int
		var typ string
		var val sql.NullString
		var raw sql.NullString
		if err := scan(&k, &typ, &val, &raw); err != nil {
			return err
		}
		if typ != want[k].typ || val.String != want[k].val || val.Valid != (typ != "null") {
			t.Errorf("row %d: %s %q (valid %v), want %s %q", k, typ, val.String, val.Valid, want[k].typ, want[k].val)
		}
		n++
		return nil
	})
	if err != nil || n != len(vals) {
		t.Fatalf("read back %d rows: %v", n, err)
	}
	// A NULL read into a plain string is an error, not a silent "".
	var s string
	if err := queryRow(c, `SELECT v FROM t WHERE k = 4`, &s); err == nil {
		t.Error("NULL scanned into a string without an error")
	}
	if _, err := c.Exec(bg, `INSERT INTO t(v) VALUES('last')`); err != nil || c.LastInsertID() != int64(len(vals)) {
		t.Errorf("insert id %d, %v; want %d", c.LastInsertID(), err, len(vals))
	}
	if k, err := c.Exec(bg, `UPDATE t SET v = 0 WHERE k < 3`); err != nil || k != 3 {
		t.Errorf("update changed %d rows, %v; want 3", k, err)
	}
}

// Errors carry SQLite's code and message, leave the cached statement
// usable, and a cancelled context stops a statement before it runs.
func TestRawConnErrors(t *testing.T) {
	c := openTest(t)
	if _, err := c.Exec(bg, `INSERT INTO nowhere VALUES(1)`); err == nil || !strings.Contains(err.Error(), "no such table") || code(err) != sqlite3.SQLITE_ERROR {
		t.Errorf("missing table: %v (code %d)", err, code(err))
	}
	ins := `INSERT INTO t(w) VALUES(?)`
	if _, err := c.Exec(bg, ins, "x"); err != nil {
		t.Fatal(err)
	}
	_, err := c.Exec(bg, ins, "x")
	if code(err) != sqlite3.SQLITE_CONSTRAINT || !strings.Contains(err.Error(), "UNIQUE") {
		t.Errorf("duplicate: %v (code %d)", err, code(err))
	}
	if _, err := c.Exec(bg, ins, "y"); err != nil {
		t.Errorf("the statement after a failed run: %v", err)
	}
	if _, err := c.Exec(bg, ins, "a", "b"); err == nil {
		t.Error("two values for one parameter: no error")
	}
	if _, err := c.Exec(bg, ins, struct{}{}); err == nil {
		t.Error("a struct value: no error")
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if _, err := c.Exec(ctx, ins, "z"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	var n int
	if err := queryRow(c, `SELECT count(*) FROM t WHERE w IS NOT NULL`, &n); err != nil || n != 2 {
		t.Errorf("%d rows with w, %v; want 2 (x, y)", n, err)
	}
}
