package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// watch add, list, feed, digest and rm on the fixtures' library.
func TestWatchVerbs(t *testing.T) {
	srv := fixtureServer(t)
	home := t.TempDir()
	lib := filepath.Join(home, "lib")
	cfg := filepath.Join(home, "config.toml")
	writeFile(t, cfg, []byte("# mine\ntheme = \"dark\"\n"))
	common := []string{"--data-dir", lib, "--config", cfg}
	if code, out, stderr := runCLI(t, home, "", append([]string{"watch", "add", "GSOMIA", "GSOMIA", "OR", `"intelligence pact"`, "--notify"}, common...)...); code != 0 || !strings.Contains(out, "added the watch GSOMIA") {
		t.Fatalf("watch add: %d %q %s", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, home, "", append([]string{"watch", "add", "gsomia", "x"}, common...)...); code != 2 || !strings.Contains(stderr, "exists") {
		t.Errorf("a second GSOMIA: %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, home, "", append([]string{"watch", "add", "Bad", "after:2019-99-99"}, common...)...); code != 2 || !strings.Contains(stderr, "watch query") {
		t.Errorf("a bad query: %d %s", code, stderr)
	}
	if b, _ := os.ReadFile(cfg); !strings.HasPrefix(string(b), "# mine\n") || !strings.Contains(string(b), "notify = true") {
		t.Errorf("the config after watch add:\n%s", b)
	}
	feedArgs := append([]string{"--feed", srv.URL + "/world/asia_pacific", "--feed", srv.URL + "/rss/world_rss.xml"}, common...)
	// The first refresh the watch sees brings its matches: headlines says
	// so on stderr, as the TUI's status line does.
	if code, _, stderr := runCLI(t, home, "", append([]string{"headlines"}, feedArgs...)...); code != 0 || !strings.Contains(stderr, "dateline: watches: GSOMIA: 1 new\n") {
		t.Fatalf("headlines: %d %s", code, stderr)
	}
	code, out, stderr := runCLI(t, home, "", append([]string{"watch", "list"}, common...)...)
	if code != 0 || out != "GSOMIA\t1 new\tGSOMIA OR \"intelligence pact\"\tnotify\n" {
		t.Errorf("watch list: %d %q %s", code, out, stderr)
	}
	code, out, stderr = runCLI(t, home, "", append([]string{"watch", "feed", "gsomia"}, common...)...)
	if code != 0 {
		t.Fatalf("watch feed: %d %s", code, stderr)
	}
	f, err := gofeed.NewParser().Parse(strings.NewReader(out))
	if err != nil || len(f.Items) == 0 || !strings.HasPrefix(f.Items[0].Title, "Pressure kept on Seoul") {
		t.Fatalf("watch feed: %v\n%s", err, out)
	}
	code, out, stderr = runCLI(t, home, "", append([]string{"watch", "digest", "GSOMIA", "--since", "2019-11-01", "--format", "html"}, common...)...)
	if code != 0 || !strings.Contains(out, "<h1>GSOMIA</h1>") || !strings.Contains(out, "Pressure kept on Seoul") {
		t.Fatalf("watch digest: %d %s\n%s", code, stderr, out)
	}
	code, md, stderr := runCLI(t, home, "", append([]string{"watch", "digest", "GSOMIA", "--since", "2019-11-01"}, common...)...)
	if code != 0 || !strings.HasPrefix(md, "# GSOMIA\n") || !bytes.Contains([]byte(md), []byte("## Matches")) {
		t.Fatalf("watch digest md: %d %s\n%s", code, stderr, md)
	}
	if code, _, stderr := runCLI(t, home, "", append([]string{"watch", "digest", "GSOMIA", "--since", "yesterday"}, common...)...); code != 2 {
		t.Errorf("--since yesterday: %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, home, "", append([]string{"watch", "feed", "Nobody"}, common...)...); code != 2 {
		t.Errorf("an unknown watch: %d %s", code, stderr)
	}
	if code, out, stderr := runCLI(t, home, "", append([]string{"watch", "rm", "GSOMIA"}, common...)...); code != 0 || !strings.Contains(out, "removed") {
		t.Fatalf("watch rm: %d %q %s", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, home, "", append([]string{"watch", "list"}, common...)...); code != 0 || !strings.Contains(stderr, "has no watch") {
		t.Errorf("watch list after rm: %d %s", code, stderr)
	}
	if b, _ := os.ReadFile(cfg); string(b) != "# mine\ntheme = \"dark\"\n" {
		t.Errorf("the config after rm: %q", b)
	}
}
