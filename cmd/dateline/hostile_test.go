package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// evilName is a source name holding terminal escapes: OSC 52 (writes the
// clipboard), a clear screen, a carriage return that overwrites the line,
// a bidi override and a zero-width space.
const evilName = "Evil\x1b]52;c;ZXZpbA==\x07 \x1b[2JNews\r\u202eswen\u200b"

// noControls fails when out holds an escape, a control character other
// than newline and tab, or a bidi or zero-width character.
func noControls(t *testing.T, what, out string) {
	t.Helper()
	for i, r := range out {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			t.Errorf("%s: control %U at %d: %q", what, r, i, out)
			return
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200b:
			t.Errorf("%s: invisible %U at %d: %q", what, r, i, out)
			return
		}
	}
}

// Names from the config, the library and error text reach the terminal
// only through the sanitiser: sources list, headlines (fetched, and
// answered 304 so the names come from the library), search plain and
// --json, and the per-source error lines on stderr.
func TestNoEscapeReachesTheTerminalFromTheCLI(t *testing.T) {
	srv := fixtureServer(t)
	home := t.TempDir()
	cfg := filepath.Join(home, "config.toml")
	toml := "keep_days = 0\n\n[[sources]]\nname = \"" + strings.NewReplacer("\x1b", `\u001b`, "\x07", `\u0007`, "\r", `\r`).Replace(evilName) +
		"\"\nurl = \"" + srv.URL + "/rss/world_rss.xml\"\n\n[[sources]]\nname = \"Broken \\u001b[31mred\"\nurl = \"" + srv.URL + "/nope.xml\"\n"
	if err := os.WriteFile(cfg, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	lib := filepath.Join(home, "lib")
	for _, args := range [][]string{
		{"sources", "list", "--config", cfg},
		{"headlines", "--config", cfg, "--data-dir", lib},
		{"headlines", "--config", cfg, "--data-dir", lib}, // 304: names from the library
		{"headlines", "--json", "--config", cfg, "--data-dir", lib},
		{"search", "--config", cfg, "--data-dir", lib, "GSOMIA"},
		{"search", "--json", "--config", cfg, "--data-dir", lib, "GSOMIA"},
	} {
		code, out, stderr := runCLI(t, home, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		noControls(t, strings.Join(args[:2], " ")+" stdout", out)
		noControls(t, strings.Join(args[:2], " ")+" stderr", stderr)
		if args[0] != "sources" && !strings.Contains(out+stderr, "Evil") {
			t.Errorf("%v: the source's name is gone altogether:\n%s%s", args, out, stderr)
		}
	}
	// An OPML whose outline name holds a CR (XML cannot hold an escape:
	// the reader refuses one with a clear error) and a bidi override.
	opml := filepath.Join(home, "feeds.opml")
	writeFile(t, opml, []byte(`<?xml version="1.0"?><opml version="2.0"><body>`+
		"<outline text=\"Wire&#13;gone\u202e\" xmlUrl=\"https://wire.example/rss\"/></body></opml>"))
	code, out, stderr := runCLI(t, home, "", "sources", "import", "--config", cfg, opml)
	if code != 0 {
		t.Fatalf("import: %d %s %s", code, out, stderr)
	}
	noControls(t, "import", out+stderr)
	code, out, _ = runCLI(t, home, "", "sources", "list", "--config", cfg)
	if code != 0 || !strings.Contains(out, "Wire") {
		t.Fatalf("list after import: %d %s", code, out)
	}
	noControls(t, "list after import", out)
}

// keep_days past any date (the duration overflowed and pruned every
// unsaved item at start-up) is a config error now; nothing is pruned.
func TestHugeKeepDaysPrunesNothing(t *testing.T) {
	srv := fixtureServer(t)
	home := t.TempDir()
	lib := filepath.Join(home, "lib")
	feedArgs := []string{"--feed", srv.URL + "/rss/world_rss.xml", "--data-dir", lib}
	if code, out, stderr := runCLI(t, home, "", append([]string{"headlines"}, feedArgs...)...); code != 0 || strings.Count(out, "\n") != 12 {
		t.Fatalf("headlines: %d %s %s", code, out, stderr)
	}
	cfg := filepath.Join(home, "huge.toml")
	writeFile(t, cfg, []byte("keep_days = 9223372036854775807\n"))
	code, _, stderr := runCLI(t, home, "", append([]string{"headlines", "--config", cfg}, feedArgs...)...)
	if code != 2 || !strings.Contains(stderr, "keep_days") {
		t.Errorf("huge keep_days: exit %d: %s", code, stderr)
	}
	code, out, _ := runCLI(t, home, "", append([]string{"headlines", "--offline"}, feedArgs...)...)
	if code != 0 || strings.Count(out, "\n") != 12 {
		t.Errorf("after the refused config the library lists %d items", strings.Count(out, "\n"))
	}
}
