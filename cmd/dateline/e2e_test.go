package main

// End-to-end tests: the real binary, in a real terminal (tmux 140x40),
// reading fixtures served on loopback.

import (
	"github.com/dateline-news/dateline/internal/fixtures"

	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-news/dateline/feeds/feedstest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds cmd/dateline once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dateline-e2e-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "dateline")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// fixtureServer serves the China Daily fixtures (internal/fixtures) on
// loopback with {{BASE}} replaced, like ../shared/tools/fixtureserver.
func fixtureServer(t *testing.T) *httptest.Server {
	t.Helper()
	return feedstest.NewServerFS(t, fixtures.FS())
}

// tmuxSocket is a tmux server of this test process's own, so other tmux
// users on the machine (and their kill-server) cannot disturb the tests.
func tmuxSocket() string {
	keeperOnce.Do(func() {
		// A session that outlives the tests' own: when the last session of a
		// tmux server ends the server exits, and a new-session racing with
		// that exit fails with "server exited unexpectedly".
		_ = exec.Command("tmux", "-L", socketName(), "new-session", "-d", "-s", "keeper", "sleep", "3600").Run()
	})
	return socketName()
}

var keeperOnce sync.Once

func socketName() string { return fmt.Sprintf("dateline-test-%d", os.Getpid()) }

// term is a tmux session running the binary.
type term struct {
	t       *testing.T
	name    string
	exitLog string
}

func needTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed; .ci/run installs it")
	}
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
}

// startTerm runs the binary with args in a fresh 140x40 tmux session, with
// HOME and the XDG folders pointing into a temp dir.
func startTerm(t *testing.T, home string, args ...string) *term {
	t.Helper()
	return startTermEnv(t, home, nil, args...)
}

// startTermEnv is startTerm with more environment variables ("K=V").
func startTermEnv(t *testing.T, home string, env []string, args ...string) *term {
	t.Helper()
	bin := binary(t)
	name := fmt.Sprintf("dl-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())
	exitLog := filepath.Join(t.TempDir(), "exit")
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	script := fmt.Sprintf("%s %s; echo $? > %s", bin, strings.Join(quoted, " "), exitLog)
	cmd := exec.Command("tmux", "-L", tmuxSocket(), "new-session", "-d", "-s", name, "-x", "140", "-y", "40",
		"env", "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"), "TERM=xterm-256color", "BROWSER=true", "TZ=UTC")
	cmd.Args = append(append(cmd.Args, env...), "sh", "-c", script)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	tm := &term{t: t, name: name, exitLog: exitLog}
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", tmuxSocket(), "kill-session", "-t", name).Run() })
	return tm
}

func (tm *term) screen() string {
	out, err := exec.Command("tmux", "-L", tmuxSocket(), "capture-pane", "-p", "-t", tm.name).Output()
	if err != nil {
		return ""
	}
	return string(out)
}

// waitFor polls the screen until cond holds, or fails with the screen.
func (tm *term) waitFor(what string, cond func(string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = tm.screen()
		if cond(s) {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	tm.t.Fatalf("timed out waiting for %s; screen:\n%s", what, s)
	return s
}

func (tm *term) waitText(text string) string {
	tm.t.Helper()
	return tm.waitFor(fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

// keys sends tmux key names ("Enter", "Escape", "q") or literal text.
func (tm *term) keys(keys ...string) {
	tm.t.Helper()
	if out, err := exec.Command("tmux", append([]string{"-L", tmuxSocket(), "send-keys", "-t", tm.name}, keys...)...).CombinedOutput(); err != nil {
		tm.t.Fatalf("send-keys: %v %s", err, out)
	}
}

func (tm *term) literal(text string) {
	tm.t.Helper()
	if out, err := exec.Command("tmux", "-L", tmuxSocket(), "send-keys", "-t", tm.name, "-l", text).CombinedOutput(); err != nil {
		tm.t.Fatalf("send-keys: %v %s", err, out)
	}
}

// exitCode waits for the program to end and returns its exit status.
func (tm *term) exitCode() string {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(tm.exitLog); err == nil && len(b) > 0 {
			return strings.TrimSpace(string(b))
		}
		time.Sleep(50 * time.Millisecond)
	}
	tm.t.Fatalf("program did not exit; screen:\n%s", tm.screen())
	return ""
}

// countRows counts list rows that contain s.
func countLines(screen, s string) int {
	n := 0
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, s) {
			n++
		}
	}
	return n
}

// The foundation's end-to-end run: the seed article is listed, opening it
// shows its paragraphs, /GSOMIA leaves it the only row, q exits 0.
func TestE2EListFilterRead(t *testing.T) {
	needTmux(t)
	srv := fixtureServer(t)
	home := t.TempDir()
	tm := startTerm(t, home, "--feed", srv.URL+"/world/asia_pacific", "--feed", srv.URL+"/rss/world_rss.xml",
		"--data-dir", filepath.Join(home, "lib"))
	tm.waitText("Pressure kept on Seoul for intelligence pact")
	tm.waitText("Mekong countries agree") // the list is populated from both sources

	tm.keys("/")
	tm.literal("GSOMIA")
	s := tm.waitFor("the filter to narrow to one row", func(s string) bool {
		return strings.Contains(s, "1 of ") && !strings.Contains(s, "Mekong countries")
	})
	if n := countLines(s, "Pressure kept on Seoul"); n < 1 {
		t.Fatalf("seed article not in the filtered list:\n%s", s)
	}
	for _, other := range []string{"Firefighters in New South Wales", "Bengaluru tests", "Lanterns light up", "Tokyo exhibition"} {
		if strings.Contains(s, other) {
			t.Fatalf("%q still listed after /GSOMIA:\n%s", other, s)
		}
	}
	tm.keys("Enter") // leave the filter input, keeping the filter
	tm.keys("Enter") // open the selected article
	tm.waitText("Tokyo and Washington continued to exert pressure on Seoul")
	tm.waitText("Japanese Defense Minister Taro Kono")

	tm.keys("q")
	if code := tm.exitCode(); code != "0" {
		t.Fatalf("exit code %s", code)
	}
}

// openSeed starts the binary on the fixture server and opens the seed
// article in the reader.
func openSeed(t *testing.T, tm *term) {
	t.Helper()
	tm.waitText("Pressure kept on Seoul for intelligence pact")
	tm.keys("/")
	tm.literal("GSOMIA")
	tm.waitFor("the filter to narrow", filterNarrowedToOne)
	tm.keys("Enter")
	tm.keys("Enter")
	tm.waitText("Tokyo and Washington continued to exert pressure on Seoul")
}

func fixtureArgs(srv *httptest.Server, home string) []string {
	return []string{"--feed", srv.URL + "/world/asia_pacific", "--feed", srv.URL + "/rss/world_rss.xml",
		"--data-dir", filepath.Join(home, "lib")}
}

// Reader mode joins both pages of the seed article: a paragraph that is
// only on page 2 shows in the reader.
func TestE2EReaderShowsSecondPage(t *testing.T) {
	needTmux(t)
	srv := fixtureServer(t)
	home := t.TempDir()
	tm := startTerm(t, home, fixtureArgs(srv, home)...)
	openSeed(t, tm)
	tm.waitText("2 pages")
	tm.keys("G") // to the end of the article
	tm.waitText("a Japanese Foreign Ministry spokesman said the report was incorrect")
	tm.keys("q")
	if code := tm.exitCode(); code != "0" {
		t.Fatalf("exit code %s", code)
	}
}

// The entity panel lists the seed article's people; choosing Taro Kono
// filters the list to the articles that mention him.
func TestE2EEntityPanelFilters(t *testing.T) {
	needTmux(t)
	srv := fixtureServer(t)
	home := t.TempDir()
	tm := startTerm(t, home, fixtureArgs(srv, home)...)
	openSeed(t, tm)
	tm.waitText("2 pages") // reader mode has the whole article
	tm.keys("e")
	names := []string{"Taro Kono", "Mark Esper", "Jeong Kyeong-doo", "Tokyo", "Seoul", "Korean Peninsula", "Association of Southeast Asian Nations", "Kyodo News", "Defense Ministry"}
	// Entities of the full article are extracted in the background; the
	// panel fills in when they arrive.
	tm.waitFor("the entity panel to list the seed article's entities", func(s string) bool {
		for _, name := range names {
			if !strings.Contains(s, name) {
				return false
			}
		}
		return strings.Contains(s, "People")
	})
	// One j at a time, each waiting for the marker to move: on a loaded
	// machine a frame can come later than a next key sent after a fixed
	// pause, and the keys then run past the name.
	for i := 0; i < 60 && !strings.Contains(tm.screen(), "▸ Taro Kono"); i++ {
		before := markedLine(tm.screen())
		tm.keys("j")
		tm.waitFor("the entity panel's marker to move", func(s string) bool { return markedLine(s) != before })
	}
	tm.waitText("▸ Taro Kono")
	tm.keys("Enter")
	s := tm.waitText(`person:"Taro Kono"`)
	if !strings.Contains(s, "Pressure kept on Seoul") {
		t.Fatalf("the seed article is not listed under person:\"Taro Kono\":\n%s", s)
	}
	for _, other := range []string{"Mekong countries", "Bengaluru tests", "Lanterns light up"} {
		if strings.Contains(s, other) {
			t.Errorf("%q listed under person:\"Taro Kono\"", other)
		}
	}
	tm.keys("q")
	if code := tm.exitCode(); code != "0" {
		t.Fatalf("exit code %s", code)
	}
}

// markedLine is the screen's line with the entity panel's marker.
func markedLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "▸") {
			return l
		}
	}
	return ""
}

func TestMain(m *testing.M) {
	code := m.Run()
	_ = exec.Command("tmux", "-L", socketName(), "kill-server").Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// The library end to end: save the seed article while the server is up,
// stop the server, restart offline, find the article by person and read
// both of its pages from the library.
func TestE2ELibraryOffline(t *testing.T) {
	needTmux(t)
	srv := fixtureServer(t)
	home := t.TempDir()
	tm := startTerm(t, home, fixtureArgs(srv, home)...)
	tm.waitText("Pressure kept on Seoul for intelligence pact")
	tm.keys("/")
	tm.literal("GSOMIA")
	tm.waitFor("the filter to narrow", filterNarrowedToOne)
	tm.keys("Enter") // back to the list, filter kept
	tm.keys("s")
	tm.waitText("Saved for offline reading")
	tm.keys("q")
	if code := tm.exitCode(); code != "0" {
		t.Fatalf("first run exit code %s", code)
	}
	srv.Close()

	tm = startTerm(t, home, "--offline", "--data-dir", filepath.Join(home, "lib"))
	tm.waitText("offline")
	tm.keys("/")
	tm.literal(`person:"Taro Kono"`)
	s := tm.waitFor("the person filter", func(s string) bool {
		return strings.Contains(s, "Pressure kept on Seoul") && strings.Contains(s, "1 of ")
	})
	if strings.Contains(s, "Mekong countries") {
		t.Fatalf("person:\"Taro Kono\" lists other articles:\n%s", s)
	}
	// Enter at once, while the last keystrokes' library searches may still
	// be replacing the list: it opens the row on screen all the same.
	tm.keys("Enter")
	tm.keys("Enter")
	tm.waitText("Tokyo and Washington continued to exert pressure on Seoul") // page 1
	tm.waitText("2 pages")
	tm.waitText("01:27 UTC (09:27 CST)") // the date in its zone, named as the feed named it
	tm.keys("G")
	tm.waitText("a Japanese Foreign Ministry spokesman said the report was incorrect") // page 2
	tm.keys("q")
	if code := tm.exitCode(); code != "0" {
		t.Fatalf("offline run exit code %s", code)
	}
}

// filterNarrowedToOne reports whether the screen shows a filter's count
// of one match ("1 of 8"), not the refresh's progress ("1 of 2 sources").
func filterNarrowedToOne(screen string) bool {
	for _, l := range strings.Split(screen, "\n") {
		if i := strings.Index(l, "1 of "); i >= 0 && !strings.HasPrefix(strings.TrimLeft(l[i+5:], "0123456789,"), " source") {
			return true
		}
	}
	return false
}
