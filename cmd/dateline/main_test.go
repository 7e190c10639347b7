package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runCLI runs the program in-process and returns its exit code and output.
func runCLI(t *testing.T, home string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	vars := map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, "config"), "XDG_DATA_HOME": filepath.Join(home, "data"),
	}
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	code := run(ctx, e, args)
	return code, out.String(), errb.String()
}

func TestBadConfigExits2WithFileLineField(t *testing.T) {
	home := t.TempDir()
	cfg := filepath.Join(home, "bad.toml")
	if err := os.WriteFile(cfg, []byte("theme = \"dark\"\n\n[[sources]]\nname = \"x\"\nurl = \"ftp://example.org/feed\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, verb := range [][]string{{"--config", cfg}, {"headlines", "--config", cfg}} {
		code, _, stderr := runCLI(t, home, "", verb...)
		if code != 2 {
			t.Fatalf("%v: exit %d, want 2 (%s)", verb, code, stderr)
		}
		if !strings.Contains(stderr, cfg+":5: sources[1].url:") {
			t.Fatalf("%v: stderr %q lacks file:line: field", verb, stderr)
		}
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	home := t.TempDir()
	for _, args := range [][]string{{"nosuchverb"}, {"headlines", "--nosuchflag"}, {"extract"}, {"headlines", "--feed", "javascript:alert(1)"}, {"export", "--format", "pdf", "x"}} {
		if code, _, stderr := runCLI(t, home, "", args...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	for _, args := range [][]string{{"--help"}, {"headlines", "--help"}, {"help", "extract"}, {"version"}} {
		code, out, _ := runCLI(t, home, "", args...)
		if code != 0 || out == "" {
			t.Errorf("%v: exit %d, out %q", args, code, out)
		}
	}
}

func TestHeadlinesJSON(t *testing.T) {
	srv := fixtureServer(t)
	home := t.TempDir()
	code, out, stderr := runCLI(t, home, "", "headlines", "--json", "--feed", srv.URL+"/world/asia_pacific", "--feed", srv.URL+"/rss/world_rss.xml", "--feed", srv.URL+"/nope.xml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "404") {
		t.Errorf("the failing source is not reported: %q", stderr)
	}
	var hs []map[string]string
	if err := json.Unmarshal([]byte(out), &hs); err != nil {
		t.Fatal(err)
	}
	if len(hs) != 12 { // 8 Asia-Pacific items are also in the World feed: merged, not doubled
		t.Fatalf("want 12 merged headlines, got %d", len(hs))
	}
	for _, k := range []string{"id", "title", "link", "source", "author", "published", "summary"} {
		if _, ok := hs[0][k]; !ok {
			t.Errorf("field %q missing", k)
		}
	}
	var seed map[string]string
	for _, h := range hs {
		if strings.HasPrefix(h["title"], "Pressure kept on Seoul") {
			seed = h
		}
	}
	if seed == nil || seed["published"] != "2019-11-19T09:27:00+08:00" || seed["author"] != "Wang Xu" {
		t.Fatalf("seed: %+v", seed)
	}

	code, out, _ = runCLI(t, home, "", "headlines", "--filter", "GSOMIA", "--feed", srv.URL+"/rss/world_rss.xml")
	if code != 0 || strings.Count(strings.TrimSpace(out), "\n") != 0 || !strings.Contains(out, "Pressure kept on Seoul") {
		t.Fatalf("filter: exit %d\n%s", code, out)
	}
}

func TestHeadlinesAllSourcesFail(t *testing.T) {
	srv := fixtureServer(t)
	code, _, stderr := runCLI(t, t.TempDir(), "", "headlines", "--feed", srv.URL+"/bad/empty.xml")
	if code != 1 || !strings.Contains(stderr, "no source could be read") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

func TestConfigInitAndSources(t *testing.T) {
	home := t.TempDir()
	if code, out, _ := runCLI(t, home, "", "config", "init"); code != 0 || !strings.Contains(out, "config.toml") {
		t.Fatalf("init: %d %s", code, out)
	}
	if code, _, stderr := runCLI(t, home, "", "config", "init"); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Fatalf("second init: %d %s", code, stderr)
	}
	if code, _, _ := runCLI(t, home, "", "sources", "add", "https://example.org/rss", "--name", "Example"); code != 0 {
		t.Fatal("add failed")
	}
	_, out, _ := runCLI(t, home, "", "sources", "list")
	if !strings.Contains(out, "Example\thttps://example.org/rss") || !strings.Contains(out, "China Daily") {
		t.Fatalf("list: %s", out)
	}
	_, opml, _ := runCLI(t, home, "", "sources", "export")
	f := filepath.Join(home, "s.opml")
	os.WriteFile(f, []byte(strings.Replace(opml, "https://example.org/rss", "https://example.net/feed", 1)), 0o644)
	if code, out, _ := runCLI(t, home, "", "sources", "import", f); code != 0 || !strings.Contains(out, "imported 1 of 3") {
		t.Fatalf("import: %d %s", code, out)
	}
}
