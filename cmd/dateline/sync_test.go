package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	miniflux "miniflux.app/v2/client"

	"github.com/dateline-news/dateline/internal/minifluxtest"
)

// runCLIEnv is runCLI with more environment variables.
func runCLIEnv(t *testing.T, home string, more map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	vars := map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, "config"), "XDG_DATA_HOME": filepath.Join(home, "data"),
	}
	for k, v := range more {
		vars[k] = v
	}
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	code := run(ctx, e, args)
	return code, out.String(), errb.String()
}

// A [sync] table that is wrong is a config error: exit 2, file and line.
func TestSyncConfigErrors(t *testing.T) {
	home := t.TempDir()
	for _, c := range []struct{ body, want string }{
		{"[sync]\nkind = \"miniflux\"\nurl = \"https://rss.example.org\"\ntoken = \"abc\"\n", ":4: sync.token: a secret is never written in the config"},
		{"[sync]\nkind = \"newsblur\"\nurl = \"https://rss.example.org\"\ntoken_env = \"T\"\n", `:2: sync.kind: "newsblur" is not one of miniflux, greader`},
		{"[sync]\nkind = \"miniflux\"\nurl = \"ftp://rss.example.org\"\ntoken_env = \"T\"\n", ":3: sync.url:"},
		{"[sync]\nkind = \"miniflux\"\nurl = \"https://rss.example.org\"\n", ":2: sync.kind: no secret"},
		{"[sync]\nkind = \"miniflux\"\nurl = \"https://rss.example.org\"\npassword_env = \"P\"\n", ":1: sync.username: missing"},
		{"[sync]\nkind = \"miniflux\"\nurl = \"https://rss.example.org\"\ntoken_env = \"T\"\ntoken_command = \"pass x\"\n", ":2: sync.kind: more than one secret"},
	} {
		cfg := filepath.Join(home, "c.toml")
		writeFile(t, cfg, []byte(c.body))
		code, _, stderr := runCLI(t, home, "", "sync", "--config", cfg)
		if code != 2 || !strings.Contains(stderr, cfg+c.want) {
			t.Errorf("%q: exit %d, %q; want 2 and %q", c.body, code, stderr, c.want)
		}
	}
	code, out, _ := runCLI(t, home, "", "sync", "--help")
	if code != 0 || !strings.Contains(out, "Usage: dateline sync") || !strings.Contains(out, "[sync]") {
		t.Errorf("sync --help: %d\n%s", code, out)
	}
	code, _, stderr := runCLI(t, home, "", "sync")
	if code != 2 || !strings.Contains(stderr, "no sync server: add a [sync] table") {
		t.Errorf("sync without [sync]: %d %q", code, stderr)
	}
	// A secret command that fails: exit 1, its output (which could hold
	// the secret) not shown, the way out said.
	cfg := filepath.Join(home, "locked.toml")
	writeFile(t, cfg, []byte("[sync]\nkind = \"miniflux\"\nurl = \"http://127.0.0.1:9\"\ntoken_command = \"echo hunter2 >&2; exit 1\"\n"))
	code, _, stderr = runCLI(t, home, "", "sync", "--config", cfg)
	if code != 1 || !strings.Contains(stderr, "the sync secret could not be read: the command failed") ||
		!strings.Contains(stderr, "--offline reads the library") || strings.Contains(stderr, "hunter2") {
		t.Errorf("sync with a failing secret command: %d %q", code, stderr)
	}
}

// The verbs against a real Miniflux: sources add subscribes on the
// server, sync brings its entries, mark queues a state that the next
// sync sends, and OPML import sends its list.
func TestSyncVerbsWithMiniflux(t *testing.T) {
	srv := minifluxtest.Start(t)
	feeds := fixtureServer(t)
	home := t.TempDir()
	cfg := filepath.Join(home, "config.toml")
	writeFile(t, cfg, []byte("[sync]\nkind = \"miniflux\"\nurl = \""+srv.URL+"\"\ntoken_env = \"DATELINE_TEST_TOKEN\"\n"))
	vars := map[string]string{"DATELINE_TEST_TOKEN": srv.APIKey}
	cli := func(args ...string) (int, string, string) {
		return runCLIEnv(t, home, vars, append(args, "--config", cfg)...)
	}
	code, out, stderr := cli("sources", "add", feeds.URL+"/rss/world_rss.xml")
	if code != 0 || !strings.Contains(out, "subscribed to") {
		t.Fatalf("sources add: %d %q %q", code, out, stderr)
	}
	fs, err := srv.Client().Feeds()
	if err != nil || len(fs) != 1 || fs[0].FeedURL != feeds.URL+"/rss/world_rss.xml" {
		t.Fatalf("the server's feeds: %+v %v", fs, err)
	}
	total, err := srv.Client().FeedEntries(fs[0].ID, &miniflux.Filter{Limit: 1})
	if err != nil || total.Total == 0 {
		t.Fatalf("the server's entries: %v", err)
	}
	code, out, stderr = cli("sync")
	if code != 0 || !strings.Contains(out, "1 subscriptions") || !strings.Contains(out, "entries pulled") {
		t.Fatalf("sync: %d %q %q", code, out, stderr)
	}
	code, out, _ = cli("sources", "list")
	if code != 0 || !strings.HasSuffix(strings.TrimSpace(out), "\t"+feeds.URL+"/rss/world_rss.xml") {
		t.Errorf("sources list with [sync]: %d %q", code, out)
	}
	if code, _, stderr := cli("sources", "remove", feeds.URL+"/rss/world_rss.xml"); code != 1 || !strings.Contains(stderr, "the server's subscriptions") {
		t.Errorf("sources remove with [sync]: %d %q", code, stderr)
	}
	code, out, _ = cli("headlines", "--offline")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != total.Total {
		t.Fatalf("headlines after the sync: %d lines, want %d (%d)", len(lines), total.Total, code)
	}
	id := idOf(lines[0])
	code, out, stderr = cli("mark", "read", id)
	if code != 0 || !strings.Contains(out, "marked 1 read; the next sync sends it to the server") {
		t.Fatalf("mark: %d %q %q", code, out, stderr)
	}
	code, out, _ = cli("mark", "unstar", "no-such-item")
	if code != 1 {
		t.Errorf("mark of an unknown item: %d %q", code, out)
	}
	code, out, stderr = cli("sync")
	if code != 0 || !strings.Contains(out, "1 states pushed") {
		t.Fatalf("sync after mark: %d %q %q", code, out, stderr)
	}
	read, err := srv.Client().Entries(&miniflux.Filter{Status: "read"})
	if err != nil || read.Total != 1 {
		t.Errorf("read on the server: %v %v", read, err)
	}
	// OPML import sends the list to the server.
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Other</title><link>https://example.org/</link>` +
			`<item><title>One</title><link>https://example.org/1</link></item></channel></rss>`))
	}))
	defer other.Close()
	opml := filepath.Join(home, "feeds.opml")
	writeFile(t, opml, []byte(`<?xml version="1.0"?><opml version="2.0"><body>
<outline text="Other" xmlUrl="`+other.URL+`/feed.xml"/></body></opml>`))
	code, out, stderr = cli("sources", "import", opml)
	if code != 0 || !strings.Contains(out, "subscribed to 1 of 1 feeds") {
		t.Errorf("sources import: %d %q %q", code, out, stderr)
	}
	// The secret is nowhere in the library file.
	b, err := os.ReadFile(filepath.Join(home, "data", "dateline", "library.db"))
	if err != nil || bytes.Contains(b, []byte(srv.APIKey)) {
		t.Errorf("the library holds the token (or cannot be read: %v)", err)
	}
}

// In the TUI with [sync] set, start-up and r sync with the server: the
// list fills from it and the status line says what the sync did.
func TestE2ESyncInTUI(t *testing.T) {
	needTmux(t)
	srv := minifluxtest.Start(t)
	feeds := fixtureServer(t)
	home := t.TempDir()
	cfg := filepath.Join(home, "config.toml")
	writeFile(t, cfg, []byte("[sync]\nkind = \"miniflux\"\nurl = \""+srv.URL+"\"\ntoken_env = \"DATELINE_TEST_TOKEN\"\n"))
	id, err := srv.Client().CreateFeed(&miniflux.FeedCreationRequest{FeedURL: feeds.URL + "/rss/world_rss.xml", CategoryID: 1})
	if err != nil {
		t.Fatal(err)
	}
	tm := startTermEnv(t, home, []string{"DATELINE_TEST_TOKEN=" + srv.APIKey}, "--config", cfg)
	tm.waitText("Synced ·")
	tm.waitText("Pressure kept on Seoul for intelligence pact")

	// Read on the server (its web UI, another reader): r brings it.
	es, err := srv.Client().FeedEntries(id, &miniflux.Filter{Limit: 1})
	if err != nil || len(es.Entries) != 1 {
		t.Fatalf("the server's entries: %v", err)
	}
	time.Sleep(1100 * time.Millisecond) // a later second than the first sync's cursor
	if err := srv.Client().UpdateEntries([]int64{es.Entries[0].ID}, "read"); err != nil {
		t.Fatal(err)
	}
	tm.keys("r")
	tm.waitText("1 changed on the server")
	tm.keys("q")
	if code := tm.exitCode(); code != "0" {
		t.Errorf("exit %s", code)
	}
}
