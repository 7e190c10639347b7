package store

import (
	"compress/gzip"
	_ "embed" // the new-library image
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// newLibrary is what the migrations make of an empty file (the schema at
// len(migrations), WAL mode, 16 KiB pages, no rows), gzipped:
// TestNewLibraryImage makes it (-update-newlib) and checks that a library
// made from it has the schema the migrations make. A new library is this
// file written out rather than the schema's statements run: SQLite parses
// every CREATE and then the whole schema again, about 10 ms of CPU, which
// the first run, `dateline headlines` into a new folder and every
// --demo paid before their first headline.
//
//go:embed newlib.db.gz
var newLibrary string

// createFromImage writes a new library at path from newLibrary. It
// returns false, leaving nothing behind, when the image is not of this
// build's schema or cannot be written, or when another process created
// path meanwhile; Open then goes on as without it.
func createFromImage(path string) bool {
	zr, err := gzip.NewReader(strings.NewReader(newLibrary))
	if err != nil {
		return false
	}
	img, err := io.ReadAll(zr)
	if err != nil || len(img) < 100 || binary.BigEndian.Uint32(img[60:64]) != uint32(len(migrations)) ||
		binary.BigEndian.Uint32(img[68:72]) != appID {
		return false
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".dateline-new-*")
	if err != nil {
		return false
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = f.Write(img)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || os.Chmod(tmp, 0o644) != nil {
		return false
	}
	// A link, not a rename: it fails when path exists, so a library
	// another process made in the meantime is never replaced.
	return os.Link(tmp, path) == nil
}
