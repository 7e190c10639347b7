package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readerScreen opens the seed article with images = mode in the config
// and returns the screen once reader mode has the whole article.
func readerScreen(t *testing.T, mode string) string {
	t.Helper()
	srv := fixtureServer(t)
	home := t.TempDir()
	cfg := filepath.Join(home, "config", "dateline", "config.toml")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte("images = \""+mode+"\"\nrefresh_interval = \"0\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tm := startTerm(t, home, fixtureArgs(srv, home)...)
	tm.waitText("Mekong countries agree") // the list is populated
	tm.keys("/")
	tm.literal("GSOMIA")
	tm.waitFor("the filter to narrow to one row", func(s string) bool {
		return strings.Contains(s, "1 of ") && !strings.Contains(s, "Mekong countries")
	})
	tm.keys("Enter", "Enter")
	tm.waitText("Tokyo and Washington continued to exert pressure on Seoul")
	tm.waitText("2 pages")
	// The status line's flash ("Refreshed…", "Reading…") ends in a few
	// seconds; the reader's lines are what is compared.
	s := tm.waitText("[image: ")
	tm.keys("q")
	if code := tm.exitCode(); code != "0" {
		t.Fatalf("images = %q: exit code %s", mode, code)
	}
	return s
}

// readerLines are the screen's lines from the reader pane (right of the
// list's border), without the bottom status line.
func readerLines(screen string) []string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	var out []string
	for _, l := range lines[:max(len(lines)-1, 0)] {
		r := []rune(l)
		for i := len(r) - 1; i >= 0; i-- {
			if r[i] == '│' && i > 0 && r[i-1] == '│' { // the border between the panes
				out = append(out, string(r[i:]))
				break
			}
		}
	}
	return out
}

// In tmux (no kitty passthrough, no sixel) the reader shows the text
// line for a picture whether images are off or detected ("auto"): the
// terminal's answers to the query leave nothing on the screen, and the
// reader's text is the same line for line.
func TestE2EPicturesOffAndUndetectedKeepTheTextView(t *testing.T) {
	needTmux(t)
	off := readerScreen(t, "off")
	auto := readerScreen(t, "auto")
	if !strings.Contains(off, "[image: Photo/IC]") {
		t.Fatalf("images = off: no text line for the photo:\n%s", off)
	}
	ro, ra := readerLines(off), readerLines(auto)
	t.Logf("%d reader lines compared", len(ro))
	if len(ro) < 20 || strings.Join(ro, "\n") != strings.Join(ra, "\n") {
		t.Errorf("the reader differs between images = off and auto in tmux:\n--- off\n%s\n--- auto\n%s", off, auto)
	}
	for _, junk := range []string{"62;", "\x1b", "_G", ";OK"} {
		if strings.Contains(auto, junk) {
			t.Errorf("a terminal answer %q reached the screen:\n%s", junk, auto)
		}
	}
}
