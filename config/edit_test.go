package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRemoveAndRenameSourcesKeepTheRest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	text := `# my settings
theme = "dark"

# the wire
[[sources]]
name = "Wire"
url = "https://wire.example/rss"

# a blog I like
[[sources]]
url = "https://blog.example/feed.xml"

[[sources]]
name = "Kyodo"
url = "https://english.kyodonews.net/rss/news.xml"
`
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := RemoveSource(path, "https://blog.example/feed.xml")
	if err != nil || got.URL != "https://blog.example/feed.xml" {
		t.Fatalf("remove by URL: %+v %v", got, err)
	}
	if _, err := RenameSource(path, "wire", "The Wire"); err != nil {
		t.Fatalf("rename by name: %v", err)
	}
	if _, err := RemoveSource(path, "nobody"); !errors.Is(err, ErrNoSuchSource) {
		t.Errorf("an unknown source: %v", err)
	}
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Sources) != 2 || cfg.Sources[0].Name != "The Wire" || cfg.Sources[1].Name != "Kyodo" || cfg.Theme != "dark" {
		t.Errorf("after the edits: %+v", cfg.Sources)
	}
	b, _ := os.ReadFile(path)
	for _, keep := range []string{"# my settings", "# the wire", `name = "Kyodo"`} {
		if !strings.Contains(string(b), keep) {
			t.Errorf("lost %q:\n%s", keep, b)
		}
	}
	// The last two go: the file then says it has none, not the defaults.
	for _, ref := range []string{"The Wire", "https://english.kyodonews.net/rss/news.xml"} {
		if _, err := RemoveSource(path, ref); err != nil {
			t.Fatal(err)
		}
	}
	if cfg, err := Load(path); err != nil || len(cfg.Sources) != 0 {
		t.Errorf("with every source removed: %+v %v", cfg.Sources, err)
	}
}
