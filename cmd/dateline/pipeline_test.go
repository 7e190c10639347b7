package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// save ID --offline saves from what the library holds, and says clearly
// when the article is not there, without touching the network.
func TestSaveOfflineFromTheLibrary(t *testing.T) {
	srv := fixtureServer(t)
	home := t.TempDir()
	lib := filepath.Join(home, "lib")
	feedsArgs := []string{"--feed", srv.URL + "/world/asia_pacific", "--feed", srv.URL + "/rss/world_rss.xml", "--data-dir", lib}
	if code, _, stderr := runCLI(t, home, "", append([]string{"headlines"}, feedsArgs...)...); code != 0 {
		t.Fatalf("headlines: %d %s", code, stderr)
	}
	seed := searchID(t, home, lib, "GSOMIA")
	other := searchID(t, home, lib, "kiwifruit")
	// The seed's article is read (as the TUI's reader does), then the
	// network goes away.
	if code, _, stderr := runCLI(t, home, "", append([]string{"save"}, append(feedsArgs, seed)...)...); code != 0 {
		t.Fatalf("save: %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, home, "", "save", "--data-dir", lib, seed, "--saved-not-a-flag"); code != 2 {
		t.Fatalf("a bad flag: %d %s", code, stderr)
	}
	srv.Close()
	code, out, stderr := runCLI(t, home, "", "save", "--offline", "--data-dir", lib, seed)
	if code != 0 || !strings.Contains(out, "from the library") {
		t.Errorf("save --offline of a stored article: %d %s %s", code, out, stderr)
	}
	code, _, stderr = runCLI(t, home, "", "save", "--offline", "--data-dir", lib, other)
	if code != 1 || !strings.Contains(stderr, "needs the network") {
		t.Errorf("save --offline of an article not stored: %d %s", code, stderr)
	}
}

func searchID(t *testing.T, home, lib, q string) string {
	t.Helper()
	code, out, stderr := runCLI(t, home, "", "search", "--data-dir", lib, q)
	if code != 0 || strings.Count(out, "\n") != 1 {
		t.Fatalf("search %s: %d %s %s", q, code, out, stderr)
	}
	line := strings.TrimSpace(out)
	return idOf(line)
}

// Every verb takes --demo: one temporary library, made by the same
// pipeline, searched, exported and saved from, and removed after.
func TestDemoEveryVerb(t *testing.T) {
	home := t.TempDir()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	code, out, stderr := runCLI(t, home, "", "search", "--demo", "GSOMIA")
	if code != 0 || !strings.Contains(out, "Pressure kept on Seoul for intelligence pact with Japan") {
		t.Fatalf("search --demo GSOMIA: %d %s %s", code, out, stderr)
	}
	// source:world is the World feed only, not the Asia-Pacific section
	// page at /world/asia_pacific.
	code, out, _ = runCLI(t, home, "", "search", "--demo", "--limit", "100", "source:world")
	if code != 0 || strings.Count(out, "\n") != 4 || strings.Contains(out, "Asia-Pacific (sample)") {
		t.Errorf("search --demo source:world:\n%s", out)
	}
	// The seed article's own text (page 2) and its entities are in the
	// sample library: its articles were read.
	code, out, _ = runCLI(t, home, "", "search", "--demo", `person:"Taro Kono"`)
	if code != 0 || !strings.Contains(out, "Pressure kept on Seoul") {
		t.Errorf("search --demo person: %d %s", code, out)
	}
	dir := filepath.Join(home, "export")
	code, out, stderr = runCLI(t, home, "", "export", "--demo", "--format", "md", "--filter", "GSOMIA", dir)
	if code != 0 || !strings.Contains(out, "exported 1 ") {
		t.Fatalf("export --demo: %d %s %s", code, out, stderr)
	}
	md, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	var body string
	for _, f := range md {
		if b, _ := os.ReadFile(f); strings.Contains(string(b), "Jeong Kyeong-doo") {
			body = string(b)
		}
	}
	if body == "" {
		t.Errorf("the export has no seed article text: %v", md)
	}
	id := searchIDDemo(t, home, "GSOMIA")
	if code, out, stderr := runCLI(t, home, "", "save", "--demo", id); code != 0 || !strings.Contains(out, id) {
		t.Errorf("save --demo ID: %d %s %s", code, out, stderr)
	}
	if code, out, stderr := runCLI(t, home, "", "headlines", "--demo", "--offline"); code != 0 || strings.Count(out, "\n") != 12 {
		t.Errorf("headlines --demo --offline: %d %s %s", code, out, stderr)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("sample libraries left behind: %v", left)
	}
	if _, err := os.Stat(filepath.Join(home, "data", "dateline")); !os.IsNotExist(err) {
		t.Errorf("the real library folder was touched: %v", err)
	}
}

func searchIDDemo(t *testing.T, home, q string) string {
	t.Helper()
	code, out, stderr := runCLI(t, home, "", "search", "--demo", q)
	if code != 0 || strings.Count(out, "\n") != 1 {
		t.Fatalf("search --demo %s: %d %s %s", q, code, out, stderr)
	}
	line := strings.TrimSpace(out)
	return idOf(line)
}

// idOf is the [id] of a line of a listing.
func idOf(line string) string {
	i := strings.Index(line, "  [")
	j := strings.Index(line[i+3:], "]")
	return line[i+3 : i+3+j]
}
