// Package config reads Dateline's TOML configuration: the sources to
// fetch, the refresh interval, the request timeout, the theme and how long
// unsaved articles are kept.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/dateline-news/dateline/feeds"
)

// Source is one configured news source.
type Source struct {
	Name string
	URL  string
	// Untitled: the config gives the source no name. Name is then the
	// URL's (feeds.URLName) until the feed's own title names it.
	Untitled bool
}

// Config is the effective configuration.
type Config struct {
	// Path is the file read, or the path that would be read when the file
	// does not exist (Loaded is false then).
	Path            string
	Loaded          bool
	Sources         []Source
	RefreshInterval time.Duration // 0 = never
	RequestTimeout  time.Duration
	Theme           string // one of Themes
	KeepDays        int    // unsaved items older than this are pruned; 0 = never
	// Prefetch says whether reader-mode pages of the links on a source's
	// own site are fetched ahead, while the list shows (default true).
	Prefetch bool
	// AllowPrivateAddresses lets Dateline connect to loopback and private
	// addresses for any link, for people who read an intranet feed
	// (feeds.Options.AllowPrivate). Default false.
	AllowPrivateAddresses bool
	// Keys are the [keys] table: key bindings that replace an action's
	// default keys, in file order. The TUI knows the actions and checks
	// them (tui.KeyMap.Bind); Line is for its errors.
	Keys []KeyBinding
	// Colors are the [colors] table: colours that replace a theme's, in
	// file order, checked by the TUI (tui.CheckColor).
	Colors []ColorSetting
	// Watches are the [[watches]] tables, in file order.
	Watches []Watch
	// Images is how the reader shows an article's pictures: one of
	// ImageModes ("auto" asks the terminal; "off" keeps the text line).
	Images string
	// Sync is the [sync] table: the feed server the library syncs with;
	// nil when there is none.
	Sync *Sync
}

// KeyBinding is one line of [keys]: an action and the keys that do it.
// An empty list turns the action off.
type KeyBinding struct {
	Action string
	Keys   []string
	Line   int
}

// ColorSetting is one line of [colors]: a part of the screen and its
// colour ("#rrggbb", "#rgb" or an ANSI colour number 0-255).
type ColorSetting struct {
	Name, Value string
	Line        int
}

// Themes are the values theme accepts: auto (the default palette, dark
// or light as the terminal's background is), dark, light, and two more
// palettes that also follow the background.
var Themes = []string{"auto", "dark", "light", "solarized", "high-contrast"}

// ImageModes are the values images accepts: auto (the terminal's answer
// to a query decides), a protocol forced (kitty, iterm2, sixel), or off.
var ImageModes = []string{"auto", "kitty", "iterm2", "sixel", "off"}

// Defaults.
const (
	DefaultRefresh  = 30 * time.Minute
	DefaultTimeout  = 20 * time.Second
	DefaultTheme    = "auto"
	DefaultKeepDays = 60
	DefaultImages   = "auto"
)

// The ranges a setting must lie in. A value outside is an error naming
// the setting, never clamped in silence: keep_days = 9223372036854775807
// once overflowed the prune cut-off into the future and pruned every
// unsaved article, and refresh_interval = "1ns" fetched every source
// dozens of times a second.
const (
	// MaxKeepDays is a hundred years: more than anyone keeps news, and
	// far from where a cut-off time could overflow.
	MaxKeepDays = 36500
	MinTimeout  = time.Second
	MaxTimeout  = 10 * time.Minute
	// MinRefresh and MaxRefresh bound refresh_interval when it is not
	// "0" (never).
	MinRefresh = time.Minute
	MaxRefresh = 7 * 24 * time.Hour
)

// PruneBefore returns the cut-off for pruning unsaved articles at now:
// items older than it may go. ok is false when nothing is to be pruned
// (keep_days = 0). A KeepDays above MaxKeepDays (a Config built by hand,
// not by Parse) counts as MaxKeepDays, so the cut-off is always a
// century or less before now and never after it.
func (c Config) PruneBefore(now time.Time) (cutoff time.Time, ok bool) {
	if c.KeepDays <= 0 {
		return time.Time{}, false
	}
	days := min(c.KeepDays, MaxKeepDays)
	return now.AddDate(0, 0, -days), true
}

// DefaultSources are used when the config names none.
func DefaultSources() []Source {
	return []Source{
		{Name: "China Daily · Asia-Pacific", URL: "https://www.chinadaily.com.cn/world/asia_pacific"},
		{Name: "China Daily · World", URL: "https://www.chinadaily.com.cn/rss/world_rss.xml"},
	}
}

// Default returns the configuration used when there is no file.
func Default() Config {
	return Config{
		Sources:         DefaultSources(),
		RefreshInterval: DefaultRefresh,
		RequestTimeout:  DefaultTimeout,
		Theme:           DefaultTheme,
		KeepDays:        DefaultKeepDays,
		Prefetch:        true,
		Images:          DefaultImages,
	}
}

// Env is the part of the environment the config path depends on; inject it
// in tests.
type Env struct {
	XDGConfigHome string
	Home          string
}

// EnvFromOS reads Env from the process environment.
func EnvFromOS() Env {
	home, _ := os.UserHomeDir()
	return Env{XDGConfigHome: os.Getenv("XDG_CONFIG_HOME"), Home: home}
}

// DefaultPath is $XDG_CONFIG_HOME/dateline/config.toml, or
// ~/.config/dateline/config.toml.
func DefaultPath(env Env) string {
	base := env.XDGConfigHome
	if base == "" || !filepath.IsAbs(base) {
		base = filepath.Join(env.Home, ".config")
	}
	return filepath.Join(base, "dateline", "config.toml")
}

// Error is a configuration error with its place in the file.
type Error struct {
	Path  string
	Line  int    // 0 when unknown
	Field string // e.g. "sources[2].url"
	Msg   string
	Err   error // the cause, when there is one (ErrTooLarge, ErrNotRegular, …)
}

func (e *Error) Unwrap() error { return e.Err }

// Error is sanitised (see feeds.Sanitize): a key or value quoted from
// the file may hold any character.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return feeds.Sanitize(b.String())
}

var typeErrRe = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

type fileSource struct {
	Name string `toml:"name"`
	URL  string `toml:"url"`
}

type file struct {
	Sources         []fileSource   `toml:"sources"`
	Watches         []fileWatch    `toml:"watches"`
	RefreshInterval *string        `toml:"refresh_interval"`
	RequestTimeout  *string        `toml:"request_timeout"`
	Theme           *string        `toml:"theme"`
	KeepDays        *int           `toml:"keep_days"`
	Prefetch        *bool          `toml:"prefetch"`
	AllowPrivate    *bool          `toml:"allow_private_addresses"`
	Keys            map[string]any `toml:"keys"`
	Colors          map[string]any `toml:"colors"`
	Images          *string        `toml:"images"`
	Sync            *fileSync      `toml:"sync"`
}

// Load reads the file at path. A missing file gives the defaults; any
// other problem is an *Error naming the file, line and field. Only a
// regular file of at most MaxFileBytes is read: a directory, a FIFO or a
// device such as /dev/zero is refused at once, without blocking.
func Load(path string) (Config, error) {
	cfg := Default()
	cfg.Path = path
	data, err := readRegular(path, MaxFileBytes, "config file")
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			// The path is said once, by Error.
			err = pe.Err
		}
		return cfg, &Error{Path: path, Msg: err.Error(), Err: err}
	}
	cfg, err = Parse(path, data)
	cfg.Loaded = err == nil
	return cfg, err
}

// Parse reads configuration text; path is only used in errors.
func Parse(path string, data []byte) (Config, error) {
	cfg := Default()
	cfg.Path = path
	var f file
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&f)
	if err != nil {
		return cfg, decodeError(path, err)
	}
	loc := locator{lines: strings.Split(string(data), "\n")}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0].String()
		return cfg, &Error{Path: path, Line: loc.key(und[0]), Field: k, Msg: "unknown setting"}
	}
	if err := cfg.applyDurations(&f, path, loc); err != nil {
		return cfg, err
	}
	if err := cfg.applySettings(&f, path, loc); err != nil {
		return cfg, err
	}
	if err := cfg.applyTables(&f, path, loc); err != nil {
		return cfg, err
	}
	if err := cfg.applyWatches(f.Watches, path, loc); err != nil {
		return cfg, err
	}
	if err := cfg.applySync(f.Sync, path, loc); err != nil {
		return cfg, err
	}
	if md.IsDefined("sources") {
		if err := cfg.applySources(f.Sources, path, loc); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// decodeError turns the TOML decoder's error into an *Error with the line
// and key it names.
func decodeError(path string, err error) error {
	var pe toml.ParseError
	var ppe *toml.ParseError
	if errors.As(err, &ppe) && ppe != nil {
		pe = *ppe
	}
	if pe.Message != "" || errors.As(err, &pe) {
		msg := pe.Message
		if msg == "" {
			msg = err.Error()
		}
		return &Error{Path: path, Line: pe.Position.Line, Field: pe.LastKey, Msg: msg}
	}
	// Type mismatches come as plain errors: "toml: line 1 (last key "k"): msg".
	if m := typeErrRe.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{Path: path, Line: line, Field: m[2], Msg: m[3]}
	}
	return &Error{Path: path, Msg: err.Error()}
}

// applyDurations checks and sets refresh_interval and request_timeout.
func (c *Config) applyDurations(f *file, path string, loc locator) error {
	if f.RefreshInterval != nil {
		d, err := parseDuration(*f.RefreshInterval)
		if err == nil && d != 0 {
			err = checkRange(*f.RefreshInterval, d, MinRefresh, MaxRefresh)
		}
		if err != nil {
			return &Error{Path: path, Line: loc.top("refresh_interval"), Field: "refresh_interval", Msg: err.Error()}
		}
		c.RefreshInterval = d
	}
	if f.RequestTimeout != nil {
		d, err := parseDuration(*f.RequestTimeout)
		if err == nil && d <= 0 {
			err = fmt.Errorf("must be more than 0 (at least %s)", MinTimeout)
		}
		if err == nil {
			err = checkRange(*f.RequestTimeout, d, MinTimeout, MaxTimeout)
		}
		if err != nil {
			return &Error{Path: path, Line: loc.top("request_timeout"), Field: "request_timeout", Msg: err.Error()}
		}
		c.RequestTimeout = d
	}
	return nil
}

// applySettings checks and sets the other top-level settings.
func (c *Config) applySettings(f *file, path string, loc locator) error {
	if f.Theme != nil {
		if !slices.Contains(Themes, *f.Theme) {
			return &Error{Path: path, Line: loc.top("theme"), Field: "theme",
				Msg: fmt.Sprintf("%q is not one of %s", *f.Theme, strings.Join(Themes, ", "))}
		}
		c.Theme = *f.Theme
	}
	if f.KeepDays != nil {
		if k := *f.KeepDays; k < 0 || k > MaxKeepDays {
			msg := fmt.Sprintf("%d is out of range: must be 0 (keep forever) to %d days", k, MaxKeepDays)
			return &Error{Path: path, Line: loc.top("keep_days"), Field: "keep_days", Msg: msg}
		}
		c.KeepDays = *f.KeepDays
	}
	if f.Images != nil {
		if !slices.Contains(ImageModes, *f.Images) {
			return &Error{Path: path, Line: loc.top("images"), Field: "images",
				Msg: fmt.Sprintf("%q is not one of %s", *f.Images, strings.Join(ImageModes, ", "))}
		}
		c.Images = *f.Images
	}
	if f.Prefetch != nil {
		c.Prefetch = *f.Prefetch
	}
	if f.AllowPrivate != nil {
		c.AllowPrivateAddresses = *f.AllowPrivate
	}
	return nil
}

// applySources checks the [[sources]] tables (a valid URL each, none
// twice) and makes them the source list.
func (c *Config) applySources(srcs []fileSource, path string, loc locator) error {
	c.Sources = nil
	seen := map[string]int{}
	for i, s := range srcs {
		// The line is found only for an error: finding it scans the
		// file, and doing so for each of 10,000 sources took seconds.
		fail := func(msg string) error {
			return &Error{Path: path, Line: loc.tableKey("sources", i, "url"), Field: fmt.Sprintf("sources[%d].url", i+1), Msg: msg}
		}
		if err := CheckURL(s.URL); err != nil {
			return fail(err.Error())
		}
		if j, dup := seen[s.URL]; dup {
			return fail(fmt.Sprintf("same URL as sources[%d]", j))
		}
		seen[s.URL] = i + 1
		c.Sources = append(c.Sources, Source{Name: sourceName(s.Name, s.URL), URL: s.URL, Untitled: feeds.Sanitize(s.Name) == ""})
	}
	return nil
}

// sourceName is a source's name as the program shows it: sanitised (no
// escape sequence, control, bidi or invisible character can reach a
// terminal from the config or an OPML file), or the URL's host when that
// leaves nothing.
func sourceName(name, rawURL string) string {
	if n := feeds.Sanitize(name); n != "" {
		return n
	}
	return feeds.URLName(rawURL)
}

// CheckURL accepts absolute http and https URLs with a host, made of
// printable characters only.
func CheckURL(raw string) error {
	if strings.TrimSpace(raw) == "" {
		return errors.New("missing; every source needs a url")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("not a URL: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%q: only http and https URLs are allowed", raw)
	}
	if u.Host == "" {
		return fmt.Errorf("%q has no host", raw)
	}
	if feeds.Sanitize(raw) != raw {
		return fmt.Errorf("%q holds a space or a control, bidi or invisible character", raw)
	}
	return nil
}

// checkRange says why d, written raw in the file, is outside lo..hi, or
// returns nil.
func checkRange(raw string, d, lo, hi time.Duration) error {
	switch {
	case d < lo:
		return fmt.Errorf("%q is too short: must be at least %s", raw, shortDuration(lo))
	case d > hi:
		return fmt.Errorf("%q is too long: must be at most %s", raw, shortDuration(hi))
	}
	return nil
}

// shortDuration writes a range limit the way the file spells it: "1m",
// "10m", "168h (7 days)", not "1m0s".
func shortDuration(d time.Duration) string {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dh (%d days)", d/time.Hour, d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

func parseDuration(s string) (time.Duration, error) {
	if s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as \"30m\" or \"20s\"", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return d, nil
}

// locator finds the line of a key in the TOML text, for error messages.
// TOML decoding loses positions of valid keys, so this scans the text.
type locator struct{ lines []string }

func (l locator) keyLine(from, to int, key string) int {
	for i := from; i < to && i < len(l.lines); i++ {
		t := strings.TrimSpace(l.lines[i])
		if k, _, ok := strings.Cut(t, "="); ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return i + 1
		}
	}
	return 0
}

// top finds a top-level key (before the first table header).
func (l locator) top(key string) int {
	end := len(l.lines)
	for i, s := range l.lines {
		if strings.HasPrefix(strings.TrimSpace(s), "[") {
			end = i
			break
		}
	}
	return l.keyLine(0, end, key)
}

// tableKey finds key inside the n-th (0-based) [[table]]; it falls back to
// the table header line.
func (l locator) tableKey(table string, n int, key string) int {
	hdr := "[[" + table + "]]"
	count := -1
	for i, s := range l.lines {
		if strings.ReplaceAll(strings.TrimSpace(s), " ", "") != hdr {
			continue
		}
		count++
		if count != n {
			continue
		}
		end := len(l.lines)
		for j := i + 1; j < len(l.lines); j++ {
			if strings.HasPrefix(strings.TrimSpace(l.lines[j]), "[") {
				end = j
				break
			}
		}
		if line := l.keyLine(i+1, end, key); line > 0 {
			return line
		}
		return i + 1
	}
	return 0
}

func (l locator) key(k toml.Key) int {
	if len(k) == 1 {
		return l.top(k[0])
	}
	last := k[len(k)-1]
	for i, s := range l.lines {
		t := strings.TrimSpace(s)
		if kk, _, ok := strings.Cut(t, "="); ok && strings.TrimSpace(kk) == last {
			return i + 1
		}
	}
	return 0
}
