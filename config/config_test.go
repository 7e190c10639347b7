package config

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMissingFileGivesDefaults(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nope.toml")
	cfg, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Loaded || cfg.Path != p {
		t.Fatalf("Loaded=%v Path=%q", cfg.Loaded, cfg.Path)
	}
	if len(cfg.Sources) != 2 || cfg.RefreshInterval != 30*time.Minute || cfg.RequestTimeout != 20*time.Second || cfg.Theme != "auto" || cfg.KeepDays != 60 ||
		!cfg.Prefetch || cfg.AllowPrivateAddresses {
		t.Fatalf("defaults: %+v", cfg)
	}
}

func TestDefaultFileParsesToDefaults(t *testing.T) {
	cfg, err := Parse("x.toml", []byte(DefaultFile()))
	if err != nil {
		t.Fatal(err)
	}
	d := Default()
	d.Path = "x.toml"
	if cfg.RefreshInterval != d.RefreshInterval || cfg.RequestTimeout != d.RequestTimeout ||
		cfg.Theme != d.Theme || cfg.KeepDays != d.KeepDays || len(cfg.Sources) != len(d.Sources) ||
		cfg.Prefetch != d.Prefetch || cfg.AllowPrivateAddresses != d.AllowPrivateAddresses {
		t.Fatalf("got %+v want %+v", cfg, d)
	}
	for i := range d.Sources {
		if cfg.Sources[i] != d.Sources[i] {
			t.Errorf("source %d: %+v != %+v", i, cfg.Sources[i], d.Sources[i])
		}
	}
}

func TestParseSettings(t *testing.T) {
	src := `refresh_interval = "0"
request_timeout = "5s"
theme = "light"
keep_days = 0
prefetch = false
allow_private_addresses = true

[[sources]]
name = "Yonhap"
url = "https://en.yna.co.kr/RSS/news.xml"

[[sources]]
url = "https://example.org/feed.json"
`
	cfg, err := Parse("c.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RefreshInterval != 0 || cfg.RequestTimeout != 5*time.Second || cfg.Theme != "light" || cfg.KeepDays != 0 ||
		cfg.Prefetch || !cfg.AllowPrivateAddresses {
		t.Fatalf("%+v", cfg)
	}
	// A source the config names no name is named by its URL (host and
	// path: two sources on one host never share a name) until its feed's
	// title names it.
	want := []Source{{Name: "Yonhap", URL: "https://en.yna.co.kr/RSS/news.xml"},
		{Name: "example.org/feed.json", URL: "https://example.org/feed.json", Untitled: true}}
	if len(cfg.Sources) != 2 || cfg.Sources[0] != want[0] || cfg.Sources[1] != want[1] {
		t.Fatalf("sources %+v", cfg.Sources)
	}
}

func TestEmptySourcesListMeansNone(t *testing.T) {
	cfg, err := Parse("c.toml", []byte("sources = []\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Sources) != 0 {
		t.Fatalf("want no sources, got %v", cfg.Sources)
	}
}

func TestErrorsNameFileLineAndField(t *testing.T) {
	cases := []struct {
		name, src      string
		line           int
		field, msgPart string
	}{
		{"syntax", "theme = \"dark\"\nrefresh_interval = 30m\n", 2, "", ""},
		{"bad duration", "# c\nrefresh_interval = \"soon\"\n", 2, "refresh_interval", "not a duration"},
		{"wrong type", "keep_days = \"many\"\n", 1, "keep_days", ""},
		{"bad theme", "\n\ntheme = \"purple\"\n", 3, "theme", "is not one of auto, dark, light"},
		{"bad images", "# pictures\n\nimages = \"ascii-art\"\n", 3, "images", "is not one of auto, kitty, iterm2, sixel, off"},
		{"images not a string", "images = true\n", 1, "images", ""},
		{"negative keep", "keep_days = -1\n", 1, "keep_days", "0"},
		{"zero timeout", "request_timeout = \"0s\"\n", 1, "request_timeout", "more than 0"},
		{"keep_days overflow", "\n\nkeep_days = 9223372036854775807\n", 3, "keep_days", "0 (keep forever) to 36500 days"},
		{"keep_days just over", "keep_days = 36501\n", 1, "keep_days", "out of range"},
		{"timeout too short", "request_timeout = \"1ns\"\n", 1, "request_timeout", "at least 1s"},
		{"timeout too long", "request_timeout = \"11m\"\n", 1, "request_timeout", "at most 10m"},
		{"timeout huge", "request_timeout = \"2562047h\"\n", 1, "request_timeout", "at most 10m"},
		{"refresh storm", "# x\nrefresh_interval = \"1ns\"\n", 2, "refresh_interval", "at least 1m"},
		{"refresh 59s", "refresh_interval = \"59s\"\n", 1, "refresh_interval", "at least 1m"},
		{"refresh too long", "refresh_interval = \"169h\"\n", 1, "refresh_interval", "at most 168h (7 days)"},
		{"duration overflow", "refresh_interval = \"9999999999999h\"\n", 1, "refresh_interval", "not a duration"},
		{"unknown key", "colour = \"red\"\n", 1, "colour", "unknown setting"},
		{"prefetch not a bool", "prefetch = \"no\"\n", 1, "prefetch", ""},
		{"source no url", "[[sources]]\nname = \"a\"\nurl = \"https://a.example/\"\n\n[[sources]]\nname = \"b\"\n", 5, "sources[2].url", "missing"},
		{"source bad scheme", "[[sources]]\nname = \"a\"\nurl = \"ftp://a.example/x\"\n", 3, "sources[1].url", "only http and https"},
		{"source dup", "[[sources]]\nurl = \"https://a.example/\"\n[[sources]]\nurl = \"https://a.example/\"\n", 4, "sources[2].url", "same URL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("/etc/dl.toml", []byte(c.src))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("want *Error, got %v", err)
			}
			if ce.Path != "/etc/dl.toml" || ce.Line != c.line {
				t.Errorf("path/line = %s:%d, want line %d (%v)", ce.Path, ce.Line, c.line, err)
			}
			if c.field != "" && ce.Field != c.field {
				t.Errorf("field = %q, want %q", ce.Field, c.field)
			}
			if !strings.Contains(err.Error(), c.msgPart) || !strings.HasPrefix(err.Error(), "/etc/dl.toml:") {
				t.Errorf("message %q", err.Error())
			}
		})
	}
}

func TestInitNeverOverwrites(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sub", "config.toml")
	if err := Init(p); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Init(p); !errors.Is(err, ErrExists) {
		t.Fatalf("second init: %v", err)
	}
	b, _ := os.ReadFile(p)
	if string(b) != "# mine\n" {
		t.Fatal("file was overwritten")
	}
}

func TestAddSourcesKeepsComments(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	orig := "# my precious comment\ntheme = \"dark\" # inline too\n\n[[sources]]\nname = \"A\"\nurl = \"https://a.example/feed\"\n"
	if err := os.WriteFile(p, []byte(orig), 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := AddSources(p, []Source{{Name: "A again", URL: "https://a.example/feed"}, {Name: "B", URL: "https://b.example/rss"}})
	if err != nil || n != 1 {
		t.Fatalf("n=%d err=%v", n, err)
	}
	b, _ := os.ReadFile(p)
	if !strings.HasPrefix(string(b), orig) {
		t.Fatalf("original text changed:\n%s", b)
	}
	cfg, err := Load(p)
	if err != nil || len(cfg.Sources) != 2 || cfg.Sources[1].Name != "B" || cfg.Theme != "dark" {
		t.Fatalf("%+v %v", cfg, err)
	}
	if _, err := AddSources(p, []Source{{Name: "bad", URL: "javascript:alert(1)"}}); err == nil {
		t.Fatal("bad URL accepted")
	}
}

func TestAddSourcesCreatesFileWithDefaults(t *testing.T) {
	p := filepath.Join(t.TempDir(), "d", "config.toml")
	n, err := AddSources(p, []Source{{Name: "B", URL: "https://b.example/rss"}})
	if err != nil || n != 1 {
		t.Fatal(n, err)
	}
	cfg, _ := Load(p)
	if len(cfg.Sources) != 3 {
		t.Fatalf("want the 2 defaults plus B, got %v", cfg.Sources)
	}
}

func TestOPMLRoundTrip(t *testing.T) {
	in := `<?xml version="1.0"?><opml version="1.0"><head><title>x</title></head><body>
<outline text="News"><outline text="Yonhap" xmlUrl="https://en.yna.co.kr/RSS/news.xml"/>
<outline title="NHK" text="nhk" type="rss" xmlUrl="https://www3.nhk.or.jp/rss/news/cat0.xml"/></outline>
<outline text="no feed" htmlUrl="https://x.example/"/></body></opml>`
	srcs, err := ReadOPML(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 || srcs[0].Name != "Yonhap" || srcs[1].Name != "NHK" {
		t.Fatalf("%+v", srcs)
	}
	var buf bytes.Buffer
	if err := WriteOPML(&buf, srcs); err != nil {
		t.Fatal(err)
	}
	back, err := ReadOPML(&buf)
	if err != nil || len(back) != 2 || back[1] != srcs[1] {
		t.Fatalf("%+v %v", back, err)
	}
	if _, err := ReadOPML(strings.NewReader("<html></html>")); err == nil {
		t.Fatal("want error for non-OPML")
	}
}

func TestDefaultPath(t *testing.T) {
	if got := DefaultPath(Env{XDGConfigHome: "/x", Home: "/h"}); got != "/x/dateline/config.toml" {
		t.Fatal(got)
	}
	if got := DefaultPath(Env{Home: "/h"}); got != "/h/.config/dateline/config.toml" {
		t.Fatal(got)
	}
}

// The limits themselves are valid: each end of each range parses.
func TestRangeLimitsAccepted(t *testing.T) {
	src := "refresh_interval = \"1m\"\nrequest_timeout = \"1s\"\nkeep_days = 36500\n"
	cfg, err := Parse("c.toml", []byte(src))
	if err != nil || cfg.RefreshInterval != time.Minute || cfg.RequestTimeout != time.Second || cfg.KeepDays != MaxKeepDays {
		t.Fatalf("%+v %v", cfg, err)
	}
	src = "refresh_interval = \"168h\"\nrequest_timeout = \"10m\"\n"
	cfg, err = Parse("c.toml", []byte(src))
	if err != nil || cfg.RefreshInterval != MaxRefresh || cfg.RequestTimeout != MaxTimeout {
		t.Fatalf("%+v %v", cfg, err)
	}
}

// The prune cut-off is never after now, for the largest valid keep_days
// and for any KeepDays a hand-built Config may hold; keep_days = 0 prunes
// nothing.
func TestPruneBeforeNeverAfterNow(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, k := range []int{1, 60, MaxKeepDays, MaxKeepDays + 1, 1 << 40, math.MaxInt} {
		cut, ok := Config{KeepDays: k}.PruneBefore(now)
		if !ok || !cut.Before(now) {
			t.Errorf("keep_days %d: cut-off %v (ok %v) is not before %v", k, cut, ok, now)
		}
		if oldest := now.AddDate(0, 0, -MaxKeepDays); cut.Before(oldest) {
			t.Errorf("keep_days %d: cut-off %v is older than the largest valid value gives", k, cut)
		}
	}
	if cut, _ := (Config{KeepDays: 60}).PruneBefore(now); !cut.Equal(now.AddDate(0, 0, -60)) {
		t.Errorf("60 days: %v", cut)
	}
	// Parse refuses the value that once overflowed, so it never reaches here.
	if _, err := Parse("c.toml", []byte("keep_days = 9223372036854775807\n")); err == nil {
		t.Error("keep_days = MaxInt64 accepted")
	}
	if _, ok := (Config{}).PruneBefore(now); ok {
		t.Error("keep_days 0 prunes")
	}
	if _, ok := (Config{KeepDays: -5}).PruneBefore(now); ok {
		t.Error("negative keep_days prunes")
	}
}

func TestKeysAndColorsTables(t *testing.T) {
	src := "theme = \"solarized\"\n\n[keys]\nsave = \"ctrl+s\"\nquit = [\"q\", \"Q\"]\nfilter = []\n\n[colors]\nperson = \"#ff00aa\"\nplace = \"2\"\norg = \"#abc\"\n"
	cfg, err := Parse("c.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Theme != "solarized" {
		t.Errorf("theme %q", cfg.Theme)
	}
	want := []KeyBinding{{"save", []string{"ctrl+s"}, 4}, {"quit", []string{"q", "Q"}, 5}, {"filter", []string{}, 6}}
	if fmt.Sprint(cfg.Keys) != fmt.Sprint(want) {
		t.Errorf("keys %v, want %v", cfg.Keys, want)
	}
	wantC := []ColorSetting{{"person", "#ff00aa", 9}, {"place", "2", 10}, {"org", "#abc", 11}}
	if fmt.Sprint(cfg.Colors) != fmt.Sprint(wantC) {
		t.Errorf("colors %v, want %v", cfg.Colors, wantC)
	}
	for _, c := range []struct {
		src, field, msg string
		line            int
	}{
		{"[keys]\nsave = 3\n", "keys.save", "want a key", 2},
		{"[keys]\nsave = \"\"\n", "keys.save", "an empty key", 2},
		{"[keys]\n\nsave = [\"s\", 1]\n", "keys.save", "in the list", 3},
		{"[colors]\nperson = \"red\"\n", "colors.person", "is not a colour", 2},
		{"[colors]\nperson = \"256\"\n", "colors.person", "is not a colour", 2},
		{"[colors]\nperson = \"#12345\"\n", "colors.person", "is not a colour", 2},
		{"theme = \"neon\"\n", "theme", "not one of auto, dark, light, solarized, high-contrast", 1},
	} {
		_, err := Parse("c.toml", []byte(c.src))
		var ce *Error
		if !errors.As(err, &ce) || ce.Field != c.field || ce.Line != c.line || !strings.Contains(ce.Msg, c.msg) {
			t.Errorf("%q: %v, want %s at line %d: %s", c.src, err, c.field, c.line, c.msg)
		}
	}
}

func TestImagesSetting(t *testing.T) {
	if d := Default().Images; d != "auto" {
		t.Errorf("default images %q, want auto", d)
	}
	for _, v := range ImageModes {
		cfg, err := Parse("c.toml", []byte("images = \""+v+"\"\n"))
		if err != nil || cfg.Images != v {
			t.Errorf("images = %q: %q %v", v, cfg.Images, err)
		}
	}
	// The commented default file sets it to the default.
	cfg, err := Parse("c.toml", []byte(DefaultFile()))
	if err != nil || cfg.Images != "auto" {
		t.Errorf("default file: images %q %v", cfg.Images, err)
	}
}
