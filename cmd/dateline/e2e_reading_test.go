package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/query"
)

// readerTitle is the first line of the reader pane (the article's
// title), from a screen of the side-by-side layout.
func readerTitle(screen string) string {
	lines := strings.Split(screen, "\n")
	if len(lines) < 2 {
		return ""
	}
	_, right, ok := strings.Cut(lines[1], "││")
	if !ok {
		return ""
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(right), "│"))
}

// TestE2EReadTenItemsInUnderTwentyKeys reads through ten items with the
// keyboard only (a view, next unread, scroll, save, back) and counts the
// key presses: under twenty.
func TestE2EReadTenItemsInUnderTwentyKeys(t *testing.T) {
	needTmux(t)
	srv := fixtureServer(t)
	home := t.TempDir()
	tm := startTerm(t, home, fixtureArgs(srv, home)...)
	tm.waitText("Pressure kept on Seoul for intelligence pact")
	presses := 0
	press := func(k string) {
		t.Helper()
		presses++
		tm.keys(k)
	}
	press("2") // all regions: twelve items
	tm.waitText("All regions · 12")
	seen := map[string]bool{}
	for i := range 10 {
		press("]")
		unread := fmt.Sprintf("All regions · 12 · %d unread", 11-i)
		s := tm.waitFor("the next unread item in the reader", func(s string) bool {
			ti := readerTitle(s)
			return ti != "" && !seen[ti] && strings.Contains(s, unread)
		})
		seen[readerTitle(s)] = true
		switch i {
		case 2:
			press("Space") // scroll the article
		case 4:
			press("s") // save it
			tm.waitText("Saved for offline reading")
		}
	}
	press("h") // back to the list
	tm.waitText("All regions · 12 · 2 unread")
	press("q")
	if code := tm.exitCode(); code != "0" {
		t.Fatalf("exit code %s", code)
	}
	if presses >= 20 {
		t.Errorf("%d key presses to read ten items", presses)
	}
	if len(seen) != 10 {
		t.Errorf("read %d different items: %v", len(seen), seen)
	}
	lib, err := ingest.OpenLibrary(filepath.Join(home, "lib", "library.db"), ingest.LibraryOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	for q, want := range map[string]int{"is:read": 10, "is:saved": 1, "is:unread": 2} {
		if n, err := lib.CountMatches(context.Background(), query.Parse(q, nil)); err != nil || n != want {
			t.Errorf("%s: %d (%v), want %d", q, n, err, want)
		}
	}
	t.Logf("ten items read in %d key presses", presses)
}
