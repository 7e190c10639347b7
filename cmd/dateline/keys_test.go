package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestKeysAndColorsAreCheckedAtStart: a mistake in [keys] or [colors] is
// a config error (exit 2) naming the file, the line and the field, for
// the TUI and every verb alike.
func TestKeysAndColorsAreCheckedAtStart(t *testing.T) {
	home := t.TempDir()
	cfg := filepath.Join(home, "c.toml")
	for _, c := range []struct{ body, want string }{
		{"[keys]\nsaev = \"s\"\n", ":2: keys.saev: unknown action; the actions are up, down"},
		{"[keys]\nsave = \"hyperspace\"\n", `:2: keys.save: "hyperspace" is not a key (unknown key name hyperspace)`},
		{"[keys]\nsave = \"x\"\n\nstar = \"x\"\n", `:4: keys.star: "x" also does save; give one of them another key`},
		{"[keys]\nsave = \"q\"\n", `:2: keys.save: "q" also does quit`},
		{"[colors]\nperson = \"#ff00ff\"\nheadline = \"#ffffff\"\n", ":3: colors.headline: unknown part of the screen; the parts are text, dim"},
	} {
		writeFile(t, cfg, []byte(c.body))
		for _, args := range [][]string{{"--config", cfg}, {"headlines", "--offline", "--config", cfg}} {
			code, _, stderr := runCLI(t, home, "", args...)
			if code != 2 || !strings.Contains(stderr, cfg+c.want) {
				t.Errorf("%q with %v: exit %d, stderr %q; want 2 and %q", c.body, args, code, stderr, c.want)
			}
		}
	}
}

// TestE2EKeysFromTheConfig: keys the config binds do their action and the
// default ones they replace do nothing; the help overlay shows the keys
// in force; a [colors] entry and a named theme start.
func TestE2EKeysFromTheConfig(t *testing.T) {
	needTmux(t)
	srv := fixtureServer(t)
	home := t.TempDir()
	cfg := filepath.Join(home, "c.toml")
	writeFile(t, cfg, []byte("theme = \"solarized\"\n[keys]\nsave = \"ctrl+s\"\nhelp = [\"f1\", \"?\"]\n[colors]\nperson = \"#ff00ff\"\n"))
	tm := startTerm(t, home, append(fixtureArgs(srv, home), "--config", cfg)...)
	openSeed(t, tm)
	tm.keys("s")
	tm.keys("F1")
	help := tm.waitText("ctrl+s")
	if strings.Contains(help, "Saved for offline reading") {
		t.Fatalf("s still saves:\n%s", help)
	}
	if !strings.Contains(help, "f1/?") {
		t.Errorf("the help overlay does not show help's keys in force:\n%s", help)
	}
	// Escape alone, and wait: ESC then ^S sent at once read as alt+ctrl+s.
	tm.keys("Escape")
	tm.waitFor("the help to close", func(s string) bool { return !strings.Contains(s, "f1/?") })
	tm.keys("C-s")
	tm.waitText("Saved for offline reading")
	tm.keys("q")
	if code := tm.exitCode(); code != "0" {
		t.Fatalf("exit code %s", code)
	}
}
