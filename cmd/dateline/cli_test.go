package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// VERB --help prints its usage once, flags written --flag; help VERB
// prints the same; --version works.
func TestHelpAndVersion(t *testing.T) {
	home := t.TempDir()
	code, out, _ := runCLI(t, home, "", "headlines", "--help")
	if code != 0 || strings.Count(out, "Usage: dateline headlines") != 1 || !strings.Contains(out, "  --filter QUERY") ||
		strings.Contains(out, " -filter") {
		t.Errorf("headlines --help (%d):\n%s", code, out)
	}
	_, help, _ := runCLI(t, home, "", "help", "headlines")
	if help != out {
		t.Errorf("help headlines differs from headlines --help:\n%s", help)
	}
	if code, out, _ := runCLI(t, home, "", "--version"); code != 0 || !strings.HasPrefix(out, "dateline ") {
		t.Errorf("--version: %d %q", code, out)
	}
}

// A plain listing shows each item's date in its zone, its id and its
// link; JSON leaves &, < and > as they are; search states its limit and
// --all lifts it.
func TestListingsShowIDsLinksAndLimits(t *testing.T) {
	srv := fixtureServer(t)
	home := t.TempDir()
	lib := filepath.Join(home, "lib")
	feeds := []string{"--feed", srv.URL + "/world/asia_pacific", "--feed", srv.URL + "/rss/world_rss.xml", "--data-dir", lib}
	code, out, stderr := runCLI(t, home, "", append([]string{"headlines"}, feeds...)...)
	if code != 0 {
		t.Fatalf("headlines: %s", stderr)
	}
	var seed string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.Contains(l, "Pressure kept on Seoul") {
			seed = l
		}
	}
	if !strings.HasPrefix(seed, "2019-11-19 09:27 CST  Pressure kept on Seoul") || !strings.Contains(seed, "  ["+idOf(seed)+"]  "+srv.URL+"/a/") {
		t.Errorf("the seed's line: %q", seed)
	}
	code, out, _ = runCLI(t, home, "", append([]string{"headlines", "--json"}, feeds...)...)
	var rows []map[string]string
	if err := json.Unmarshal([]byte(out), &rows); err != nil || code != 0 {
		t.Fatalf("json: %v", err)
	}
	if strings.Contains(out, `\u0026`) || strings.Contains(out, `\u003c`) {
		t.Errorf("JSON escapes & or <:\n%s", out[:min(400, len(out))])
	}
	code, out, stderr = runCLI(t, home, "", "search", "--data-dir", lib, "--limit", "3", "is:unread")
	if code != 0 || strings.Count(out, "\n") != 3 || !strings.Contains(stderr, "3 of 12 matches (--limit 3; --all for every one)") {
		t.Errorf("search --limit 3: %d %q %q", code, out, stderr)
	}
	code, out, stderr = runCLI(t, home, "", "search", "--data-dir", lib, "--all", "is:unread")
	if code != 0 || strings.Count(out, "\n") != 12 || !strings.Contains(stderr, "12 of 12 matches") {
		t.Errorf("search --all: %d %q %q", code, out, stderr)
	}
}

// A --config that names no file is an error, not the defaults; sources
// remove and rename edit the file; a config with no source says so.
func TestConfigPathAndSourceEdits(t *testing.T) {
	home := t.TempDir()
	missing := filepath.Join(home, "typo.toml")
	if code, _, stderr := runCLI(t, home, "", "headlines", "--config", missing); code != 2 || !strings.Contains(stderr, "no such config file") {
		t.Errorf("a missing --config: %d %s", code, stderr)
	}
	cfg := filepath.Join(home, "config.toml")
	if code, out, stderr := runCLI(t, home, "", "config", "init", "--config", cfg); code != 0 {
		t.Fatalf("config init: %s %s", out, stderr)
	}
	code, out, _ := runCLI(t, home, "", "sources", "rename", "--config", cfg, "China Daily · World", "CD World")
	if code != 0 || !strings.Contains(out, "renamed https://www.chinadaily.com.cn/rss/world_rss.xml to CD World") {
		t.Errorf("rename: %d %s", code, out)
	}
	code, out, _ = runCLI(t, home, "", "sources", "remove", "--config", cfg, "https://www.chinadaily.com.cn/world/asia_pacific")
	if code != 0 || !strings.HasPrefix(out, "removed China Daily · Asia-Pacific") {
		t.Errorf("remove: %d %s", code, out)
	}
	_, out, _ = runCLI(t, home, "", "sources", "list", "--config", cfg)
	if out != "CD World\thttps://www.chinadaily.com.cn/rss/world_rss.xml\n" {
		t.Errorf("list after the edits: %q", out)
	}
	runCLI(t, home, "", "sources", "remove", "--config", cfg, "CD World")
	code, out, stderr := runCLI(t, home, "", "headlines", "--config", cfg, "--data-dir", filepath.Join(home, "lib"))
	if code != 0 || out != "" || !strings.Contains(stderr, "nothing to read") {
		t.Errorf("no sources: %d %q %q", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, home, "", "sources", "remove", "--config", cfg, "nobody"); code != 1 || !strings.Contains(stderr, "no such source") {
		t.Errorf("remove an unknown source: %d %s", code, stderr)
	}
}
