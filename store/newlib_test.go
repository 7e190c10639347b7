package store

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateNewLib = flag.Bool("update-newlib", false, "rewrite newlib.db.gz from the migrations")

// schemaOf describes a library file: its schema and the settings a new
// library has.
func schemaOf(t *testing.T, path string) string {
	t.Helper()
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var b strings.Builder
	rows, err := s.r.Query(`SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var typ, name, tbl, sql string
		if err := rows.Scan(&typ, &name, &tbl, &sql); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s %s %s\n", typ, name, tbl, sql)
	}
	for _, p := range []string{"user_version", "application_id", "page_size", "journal_mode", "auto_vacuum", "encoding"} {
		var v string
		if err := s.r.QueryRow(`PRAGMA ` + p).Scan(&v); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s = %s\n", p, v)
	}
	for _, q := range []string{`SELECT count(*) FROM items`, `SELECT count(*) FROM sources`, `SELECT rid || ' ' || edits FROM fts_mark`} {
		var v string
		if err := s.r.QueryRow(q).Scan(&v); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s: %s\n", q, v)
	}
	return b.String()
}

// A library made from the embedded image is the library the migrations
// make: the same schema, settings and (empty) contents. Run with
// -update-newlib after adding a migration.
func TestNewLibraryImage(t *testing.T) {
	dir := t.TempDir()
	migrated := filepath.Join(dir, "migrated.db")
	s, err := Open(migrated, Options{noImage: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if *updateNewLib {
		img, err := os.ReadFile(migrated)
		if err != nil {
			t.Fatal(err)
		}
		var z bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		if _, err := zw.Write(img); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("newlib.db.gz", z.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Skip("newlib.db.gz rewritten: run the test again")
	}
	fromImage := filepath.Join(dir, "image.db")
	if !createFromImage(fromImage) {
		t.Fatal("the image is not of this schema (len(migrations) or the application id): go test ./store -run TestNewLibraryImage -update-newlib")
	}
	if createFromImage(fromImage) {
		t.Error("the image replaced a library that exists")
	}
	// Opened read-write once, as Open does with a new one.
	s, err = Open(fromImage, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	want, got := schemaOf(t, migrated), schemaOf(t, fromImage)
	if got != want {
		t.Errorf("a library from the image differs from a migrated one (go test ./store -run TestNewLibraryImage -update-newlib):\n%s", lineDiffs(want, got))
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".dateline-new-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func lineDiffs(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			fmt.Fprintf(&b, "- %s\n+ %s\n", a, c)
		}
	}
	return b.String()
}
