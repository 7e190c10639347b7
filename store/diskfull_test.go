package store

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
)

// TestDiskFullOnARealFilesystem fills a real, tiny filesystem (a 2 MiB
// tmpfs, mounted in a mount namespace of the test's own) and checks that
// the write that ran out of space says "disk full", names the file,
// loses nothing already stored, and that reading still works. SQLite
// reports ENOSPC on a write as SQLITE_IOERR_WRITE ("disk I/O error
// (4874)"), not SQLITE_FULL, so this is the case users actually meet.
func TestDiskFullOnARealFilesystem(t *testing.T) {
	dir := os.Getenv("DATELINE_TINY_FS")
	if dir == "" {
		spawnOnTinyFS(t, "TestDiskFullOnARealFilesystem")
		return
	}
	clk := &fixedClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	path := filepath.Join(dir, "library.db")
	s, err := Open(path, testOptions(clk))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.spaceLow() {
		t.Error("spaceLow is true on an empty 2 MiB filesystem")
	}
	src := feeds.Source{URL: "https://x.example/rss", Name: "X"}
	if _, err := s.PutItems(bg, src, []feeds.Item{{ID: "first", Title: "Before the disk filled"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndexed(bg); err != nil {
		t.Fatal(err)
	}
	// First another program takes the last byte, so the next write
	// fails wherever it lands (the WAL, the database file at a
	// checkpoint, a temporary file); then space comes back.
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	for {
		if _, err := filler.Write(buf); err != nil {
			break
		}
	}
	filler.Close()
	// an I/O error on a filesystem this full is reported as a full disk
	if !s.spaceLow() {
		t.Error("spaceLow is false on a full filesystem")
	}
	for _, write := range []struct {
		name string
		do   func() error
	}{
		{"checkpoint", func() error { _, err := s.w.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); return s.wrap(err) }},
		{"put", func() error {
			// until the space SQLite already holds runs out too
			for i := range 200 {
				it := feeds.Item{ID: fmt.Sprint("late", i), Title: "After", Summary: strings.Repeat(fmt.Sprint("late words ", i), 500)}
				if _, err := s.PutItems(bg, src, []feeds.Item{it}); err != nil {
					return err
				}
			}
			t.Error("200 writes on a full disk all succeeded")
			return nil
		}},
		{"mark read", func() error { return s.MarkRead(bg, "first", true) }},
	} {
		err := write.do()
		t.Logf("%s on a full disk: %v", write.name, err)
		if err != nil && (!errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "disk full")) {
			t.Errorf("%s on a full disk says %q, want \"disk full\"", write.name, err)
		}
	}
	if hs, _, err := s.Search(bg, query.Parse("filled", nil), 10, 0); err != nil || len(hs) != 1 {
		t.Errorf("reading on a full disk: %v %v", hs, err)
	}
	os.Remove(filepath.Join(dir, "filler"))
	if _, err := s.PutItems(bg, src, []feeds.Item{{ID: "later", Title: "Space is back"}}); err != nil {
		t.Errorf("a write once space is back: %v", err)
	}
	// the index catches up once there is room
	checkIntegrity(t, s)
	// Then the library itself fills the disk.
	var failed error
	for round := 0; round < 100 && failed == nil; round++ {
		var batch []feeds.Item
		for i := range 50 {
			batch = append(batch, feeds.Item{ID: fmt.Sprint("r", round, "-", i), Title: fmt.Sprint("Headline ", round, " ", i),
				Summary: strings.Repeat(fmt.Sprintf("w%dx%d ", round, i), 300)})
		}
		_, failed = s.PutItems(bg, src, batch)
	}
	if failed == nil {
		t.Fatal("a 2 MiB filesystem never filled")
	}
	t.Logf("the write that filled the disk: %v", failed)
	if !errors.Is(failed, ErrDiskFull) || !strings.Contains(failed.Error(), "disk full") || !strings.Contains(failed.Error(), path) {
		t.Errorf("the write that filled the disk says %q, want \"disk full\" and the file", failed)
	}
	if strings.Contains(failed.Error(), "4874") && !strings.Contains(failed.Error(), "disk full") {
		t.Errorf("a bare SQLite code: %v", failed)
	}
	if hs, _, err := s.Search(bg, query.Parse("filled", nil), 10, 0); err != nil || len(hs) != 1 {
		t.Errorf("reading after the disk filled: %v %v", hs, err)
	}
	// the index cannot catch up on a disk the library filled; the file is sound
	sqliteIntegrity(t, s)
}

// spawnOnTinyFS runs the named test again in a child process, in a user
// and mount namespace of its own with a 2 MiB tmpfs at DATELINE_TINY_FS.
// It skips, saying why, where namespaces are not allowed.
func spawnOnTinyFS(t *testing.T, name string) {
	t.Helper()
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("unshare(1) is not installed; the real full-disk test needs it")
	}
	if err := exec.Command(unshare, "-rm", "true").Run(); err != nil {
		t.Skipf("this machine does not allow a user and mount namespace (%v); the real full-disk test needs one", err)
	}
	dir := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	script := `mount -t tmpfs -o size=2m tmpfs "$DATELINE_TINY_FS" && exec "$0" -test.run '^` + name + `$' -test.v`
	cmd := exec.Command(unshare, "-rm", "sh", "-c", script, self)
	cmd.Env = append(os.Environ(), "DATELINE_TINY_FS="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+name) {
		t.Fatalf("on a 2 MiB filesystem: %v\n%s", err, out)
	}
	if testing.Verbose() {
		t.Logf("%s", out)
	}
}
