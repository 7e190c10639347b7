//go:build unix

package config

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO with no writer is refused at once: Load never waits for one.
func TestLoadRefusesFIFOWithoutBlocking(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip("no mkfifo:", err)
	}
	err := loadWithin(t, p, 5*time.Second)
	if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "named pipe") {
		t.Fatalf("got %v", err)
	}
	done := make(chan error, 1)
	go func() { _, err := ReadOPMLFile(p); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) {
			t.Fatalf("OPML: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ReadOPMLFile blocked on a FIFO")
	}
}
