package store

import (
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/dateline-news/dateline/store/internal/sqliteraw"
)

// A raw connection's transaction reads a row as database/sql's does:
// sql.ErrNoRows when there is none, the first when there are more.
func TestRawTxQueryRow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "raw.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT); INSERT INTO t(v) VALUES('a'), ('b')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	c, err := sqliteraw.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tx := rawTx{c}
	var v string
	if err := tx.queryRow(bg, `SELECT v FROM t WHERE k = 99`, nil, &v); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("no row: %v, want sql.ErrNoRows", err)
	}
	if err := tx.queryRow(bg, `SELECT v FROM t ORDER BY k`, nil, &v); err != nil || v != "a" {
		t.Errorf("first row: %q, %v", v, err)
	}
	if id, err := tx.insert(bg, `INSERT INTO t(v) VALUES(?)`, "c"); err != nil || id != 3 {
		t.Errorf("insert: id %d, %v; want 3", id, err)
	}
}
