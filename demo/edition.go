package demo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// folderPrefix names the sample edition's library folders in the temp
// directory.
const folderPrefix = "dateline-sample-"

// lockName is the file in a folder that its run holds locked while it
// lives: the lock ends with the process, however it ends.
const lockName = "in-use.lock"

// unlockedAge is how old a folder without a lock file (from a build
// before the lock) must be before a new run removes it.
const unlockedAge = time.Hour

// Edition is a running sample edition: its loopback server and its own
// library folder, never the user's library. Close stops the server and
// removes the folder; a folder left by a run that was killed is removed
// by the next run that opens an edition.
type Edition struct {
	*Server
	// Dir is the edition's library folder.
	Dir  string
	lock *os.File
}

// Open starts the sample edition with a new library folder in tempDir
// (os.TempDir() when ""), after removing the folders of runs that ended
// without cleaning up.
func Open(tempDir string) (*Edition, error) {
	if tempDir == "" {
		tempDir = os.TempDir()
	}
	CleanStale(tempDir)
	dir, err := os.MkdirTemp(tempDir, folderPrefix)
	if err != nil {
		return nil, fmt.Errorf("sample edition folder: %w", err)
	}
	lock, err := lockFolder(dir)
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("sample edition folder: %w", err)
	}
	srv, err := Start()
	if err != nil {
		_ = lock.Close()
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("starting the sample edition: %w", err)
	}
	return &Edition{Server: srv, Dir: dir, lock: lock}, nil
}

// Close stops the server and removes the library folder.
func (e *Edition) Close() error {
	err := e.Server.Close()
	_ = e.lock.Close()
	if rerr := os.RemoveAll(e.Dir); rerr != nil && err == nil {
		err = rerr
	}
	return err
}

// CleanStale removes the sample edition folders in tempDir whose run has
// ended: their lock is free. It returns how many it removed; a folder it
// cannot judge is left alone.
func CleanStale(tempDir string) int {
	entries, err := os.ReadDir(tempDir)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), folderPrefix) {
			continue
		}
		dir := filepath.Join(tempDir, e.Name())
		if stale(dir) && os.RemoveAll(dir) == nil {
			n++
		}
	}
	return n
}

// stale reports whether no run holds the folder.
func stale(dir string) bool {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		fi, serr := os.Stat(dir)
		return serr == nil && time.Since(fi.ModTime()) > unlockedAge
	}
	if err != nil || !canLock {
		return false
	}
	defer f.Close()
	free, err := tryLock(f)
	return err == nil && free
}

// lockFolder creates the folder's lock file and holds it.
func lockFolder(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if !canLock {
		return f, nil
	}
	if ok, err := tryLock(f); err != nil || !ok {
		f.Close()
		if err == nil {
			err = errors.New("locked by another process")
		}
		return nil, err
	}
	return f, nil
}
