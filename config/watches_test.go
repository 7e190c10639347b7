package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWatchesParse(t *testing.T) {
	cfg, err := Parse("c.toml", []byte(`theme = "dark"

[[watches]]
name = "GSOMIA"
query = 'GSOMIA OR "intelligence pact"'
notify = true

[[watches]]
name = "Kono"
query = 'person:"Taro Kono"'
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Watch{{Name: "GSOMIA", Query: `GSOMIA OR "intelligence pact"`, Notify: true}, {Name: "Kono", Query: `person:"Taro Kono"`}}
	if len(cfg.Watches) != len(want) || cfg.Watches[0] != want[0] || cfg.Watches[1] != want[1] {
		t.Errorf("watches %+v, want %+v", cfg.Watches, want)
	}
	if w, ok := cfg.FindWatch("gsomia"); !ok || w.Name != "GSOMIA" {
		t.Errorf("FindWatch(gsomia) = %+v %v", w, ok)
	}
}

// A bad watch is an error naming the file, the line and the field.
func TestWatchErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"[[watches]]\nname = \"A\"\n", "c.toml:1: watches[1].query: missing"},
		{"[[watches]]\nquery = \"x\"\n", "c.toml:1: watches[1].name: missing"},
		{"[[watches]]\nname = \"A\"\nquery = \"after:2019-13-45\"\n", "c.toml:3: watches[1].query:"},
		{"[[watches]]\nname = \"A\"\nquery = \"x\"\n\n[[watches]]\nname = \"a\"\nquery = \"y\"\n", "c.toml:6: watches[2].name: same name as watches[1]"},
		{"[[watches]]\nname = \"A\"\nquery = \"x\"\nnotify = \"yes\"\n", "c.toml:4"},
		{"[[watches]]\nname = \"A\"\nquery = \"x\"\ncolour = 1\n", "c.toml:4: watches.colour: unknown setting"},
	} {
		_, err := Parse("c.toml", []byte(tc.text))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q…", tc.text, err, tc.want)
		}
	}
}

// watch add and rm keep the rest of the file, comments included.
func TestAddAndRemoveWatchKeepTheRest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	text := "# my settings\ntheme = \"dark\"\n\n# the wire\n[[sources]]\nname = \"Wire\"\nurl = \"https://wire.example/rss\"\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := AddWatch(path, Watch{Name: "GSOMIA", Query: `GSOMIA OR "intelligence pact"`, Notify: true}); err != nil {
		t.Fatal(err)
	}
	if err := AddWatch(path, Watch{Name: "Kono", Query: `person:"Taro Kono"`}); err != nil {
		t.Fatal(err)
	}
	if err := AddWatch(path, Watch{Name: "gsomia", Query: "x"}); !errors.Is(err, ErrWatchExists) {
		t.Errorf("a second GSOMIA: %v", err)
	}
	if err := AddWatch(path, Watch{Name: "Bad", Query: "(((\x1b[2J"}); err == nil {
		t.Error("a query with an escape sequence was added")
	}
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Watches) != 2 || cfg.Watches[0].Query != `GSOMIA OR "intelligence pact"` || !cfg.Watches[0].Notify || len(cfg.Sources) != 1 {
		t.Fatalf("after adding: %+v", cfg)
	}
	if w, err := RemoveWatch(path, "gsomia"); err != nil || w.Name != "GSOMIA" {
		t.Fatalf("remove: %+v %v", w, err)
	}
	if _, err := RemoveWatch(path, "nobody"); !errors.Is(err, ErrNoSuchWatch) {
		t.Errorf("an unknown watch: %v", err)
	}
	cfg, err = Load(path)
	if err != nil || len(cfg.Watches) != 1 || cfg.Watches[0].Name != "Kono" {
		t.Fatalf("after removing: %+v %v", cfg.Watches, err)
	}
	b, _ := os.ReadFile(path)
	for _, keep := range []string{"# my settings", "# the wire", `name = "Wire"`, `name = "Kono"`} {
		if !strings.Contains(string(b), keep) {
			t.Errorf("lost %q:\n%s", keep, b)
		}
	}
	// A config that does not exist yet is written from the defaults.
	fresh := filepath.Join(t.TempDir(), "new", "config.toml")
	if err := AddWatch(fresh, Watch{Name: "Typhoons", Query: "typhoon"}); err != nil {
		t.Fatal(err)
	}
	if cfg, err := Load(fresh); err != nil || len(cfg.Watches) != 1 || len(cfg.Sources) != len(DefaultSources()) {
		t.Errorf("a fresh config: %+v %v", cfg, err)
	}
}
