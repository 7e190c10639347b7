package demo

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A live run's folder is kept; a dead run's folder goes at the next
// start; Close removes the run's own.
func TestEditionFolders(t *testing.T) {
	tmp := t.TempDir()
	a, err := Open(tmp)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(a.Dir); err != nil {
		t.Fatalf("the first run's folder was removed by the second: %v", err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(b.Dir); !os.IsNotExist(err) {
		t.Errorf("Close left %s", b.Dir)
	}
	// A folder whose lock nobody holds (its run was killed) and one from
	// a build before the lock, an hour old, are removed; a new unlocked
	// one is left (a run may be creating it).
	dead := filepath.Join(tmp, folderPrefix+"dead")
	mustMkdir(t, dead)
	if err := os.WriteFile(filepath.Join(dead, lockName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(tmp, folderPrefix+"old")
	mustMkdir(t, old)
	if err := os.Chtimes(old, time.Now().Add(-2*time.Hour), time.Now().Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	young := filepath.Join(tmp, folderPrefix+"young")
	mustMkdir(t, young)
	if n := CleanStale(tmp); n != 2 {
		t.Errorf("CleanStale removed %d folders, want 2", n)
	}
	for dir, want := range map[string]bool{dead: false, old: false, young: true, a.Dir: true} {
		if _, err := os.Stat(dir); (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", filepath.Base(dir), err == nil, want)
		}
	}
	a.Close()
}

// A run killed with SIGKILL cannot clean up: its folder goes at the next
// start, because its lock ended with it.
func TestEditionFolderOfAKilledRun(t *testing.T) {
	if os.Getenv("DATELINE_DEMO_CHILD") != "" {
		e, err := Open(os.Getenv("DATELINE_DEMO_CHILD"))
		if err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString(e.Dir + "\n")
		select {} // until killed
	}
	tmp := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestEditionFolderOfAKilledRun$")
	cmd.Env = append(os.Environ(), "DATELINE_DEMO_CHILD="+tmp)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	dir := strings.TrimSpace(line)
	if n := CleanStale(tmp); n != 0 {
		t.Fatalf("removed the folder of a live run")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	// Killed, the run ends with an *exec.ExitError; anything else is a
	// failure to wait for it.
	var exitErr *exec.ExitError
	if err := cmd.Wait(); !errors.As(err, &exitErr) {
		t.Fatalf("waiting for the killed run: %v", err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the killed run's folder is already gone: %v", err)
	}
	e, err := Open(tmp)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the next start left the killed run's folder %s", dir)
	}
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
}
