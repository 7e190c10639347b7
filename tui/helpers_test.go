package tui

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/feeds/feedstest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixtureRoot is the China Daily fixture tree kept in the repository.
const fixtureRoot = "../testdata/chinadaily"

var (
	beijing = time.FixedZone("CST", 8*3600)
	// The reader's zone in every test.
	testZone = time.FixedZone("CET", 3600)
	// The clock in every test: the morning after the newest fixture item.
	testNow = time.Date(2019, 11, 23, 9, 0, 0, 0, beijing)
)

func fixedNow() time.Time { return testNow }

// golden compares got with testdata/<name>.golden; -update rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n%s", name, lineDiff(string(want), got))
	}
}

func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "line %d:\n- %q\n+ %q\n", i+1, w, g)
		}
	}
	return b.String()
}

// scheduled is what a timer Cmd returns under test: the harness keeps it
// instead of sleeping, and a test fires it when it wants.
type scheduled struct {
	d   time.Duration
	msg tea.Msg
}

// harness drives a Model through its real Update and View.
type harness struct {
	t      *testing.T
	m      Model
	timers []scheduled
	quit   bool
	w, h   int
}

func newHarness(t *testing.T, d Deps, w, h int) *harness {
	t.Helper()
	if d.Now == nil {
		d.Now = fixedNow
	}
	if d.Location == nil {
		d.Location = testZone
	}
	m := New(d)
	m.tick = func(d time.Duration, msg tea.Msg) tea.Cmd {
		return func() tea.Msg { return scheduled{d, msg} }
	}
	hs := &harness{t: t, m: m, w: w, h: h}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.m.Init())
	return hs
}

// send feeds one message to Update and runs what it returns.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	next, cmd := h.m.Update(msg)
	h.m = next.(Model)
	h.run(cmd)
}

// run executes a Cmd and feeds its messages back, breadth first,
// unpacking batches. Timer Cmds are collected, not waited for.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(20 * time.Second):
			h.t.Fatal("a Cmd did not return within 20s")
		}
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case scheduled:
			h.timers = append(h.timers, msg)
		case tea.QuitMsg:
			h.quit = true
		default:
			next, cmd := h.m.Update(msg)
			h.m = next.(Model)
			queue = append(queue, cmd)
		}
	}
}

// fire delivers the pending timers whose message matches, in order.
func (h *harness) fire(match func(tea.Msg) bool) int {
	h.t.Helper()
	var keep, due []scheduled
	for _, s := range h.timers {
		if match(s.msg) {
			due = append(due, s)
		} else {
			keep = append(keep, s)
		}
	}
	h.timers = keep
	for _, s := range due {
		h.send(s.msg)
	}
	return len(due)
}

func isSettle(m tea.Msg) bool      { _, ok := m.(settleMsg); return ok }
func isStatusClear(m tea.Msg) bool { _, ok := m.(statusClearMsg); return ok }

// keyMsg builds the KeyPressMsg a terminal sends for a key name.
func keyMsg(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func (h *harness) key(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		if r == ' ' {
			h.send(keyMsg("space"))
			continue
		}
		h.send(keyMsg(string(r)))
	}
}

// screen is the view without styles.
func (h *harness) screen() string { return ansi.Strip(h.m.View().Content) }

// rowTitles lists the titles of the visible rows, in order.
func (h *harness) rowTitles() []string {
	var out []string
	for _, e := range h.m.list.rows {
		out = append(out, e.item.Title)
	}
	return out
}

// checkFrame asserts that the frame is exactly w x h cells.
func checkFrame(t *testing.T, v string, w, h int) {
	t.Helper()
	if w <= 0 || h <= 0 {
		if v != "" {
			t.Fatalf("%dx%d: want an empty frame, got %q", w, h, v)
		}
		return
	}
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Fatalf("%dx%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw != w {
			t.Fatalf("%dx%d: line %d is %d cells: %q", w, h, i, lw, ansi.Strip(l))
		}
	}
}

// fixtureSources serves the China Daily fixtures on loopback and returns
// the two default sources pointed at it, with a real fetcher.
func fixtureDeps(t *testing.T) (Deps, *httptest.Server) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(fixtureRoot, "rss", "world_rss.xml")); err != nil {
		t.Fatalf("fixtures missing: %v", err)
	}
	srv := feedstest.NewServer(t, fixtureRoot)
	f := feeds.NewFetcher(feeds.Options{Client: srv.Client(), Now: fixedNow, Timeout: 10 * time.Second})
	return Deps{
		Sources: []feeds.Source{
			{Name: "China Daily · Asia-Pacific", URL: srv.URL + "/world/asia_pacific"},
			{Name: "China Daily · World", URL: srv.URL + "/rss/world_rss.xml"},
		},
		Fetch:    f.Fetch,
		Entities: entity.Extract,
		Now:      fixedNow,
		Location: testZone,
		Theme:    "dark",
	}, srv
}

var _ = context.Background
