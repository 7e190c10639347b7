package config

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
)

// Watch is one [[watches]] table: a named saved search that Dateline
// follows (a view in the TUI, new matches counted after each refresh).
type Watch struct {
	Name  string
	Query string
	// Notify sends a desktop notification when a refresh brings new
	// matches (at most one per watch per refresh).
	Notify bool
}

type fileWatch struct {
	Name   string `toml:"name"`
	Query  string `toml:"query"`
	Notify bool   `toml:"notify"`
}

// MaxWatchName is the longest watch name, in characters.
const MaxWatchName = 60

// ErrNoSuchWatch is the error when no watch has that name.
var ErrNoSuchWatch = errors.New("no such watch")

// ErrWatchExists is the error when a watch of that name is there already.
var ErrWatchExists = errors.New("a watch of that name exists")

// CheckWatch says what is wrong with a watch's name or query, or returns
// nil: a name of printable characters (at most MaxWatchName), a query the
// search syntax reads in full.
func CheckWatch(name, q string) (field string, err error) {
	switch n := strings.TrimSpace(name); {
	case n == "":
		return "name", errors.New("missing; every watch needs a name")
	case feeds.Sanitize(name) != name:
		return "name", fmt.Errorf("%q holds a control, bidi or invisible character", feeds.Sanitize(name))
	case len([]rune(name)) > MaxWatchName:
		return "name", fmt.Errorf("longer than %d characters", MaxWatchName)
	}
	parsed := query.Parse(q, nil)
	switch {
	case strings.TrimSpace(q) == "" || parsed.Empty():
		return "query", errors.New("missing; every watch needs a query")
	case feeds.Sanitize(q) != q:
		return "query", errors.New("holds a control, bidi or invisible character")
	case len(parsed.Errors) > 0:
		return "query", errors.New(strings.Join(parsed.Errors, "; "))
	}
	return "", nil
}

// applyWatches checks the [[watches]] tables (a name and a query each,
// no name twice, letter case aside) and keeps them.
func (c *Config) applyWatches(ws []fileWatch, path string, loc locator) error {
	c.Watches = nil
	seen := map[string]int{}
	for i, w := range ws {
		field, err := CheckWatch(w.Name, w.Query)
		if err == nil {
			if j, dup := seen[strings.ToLower(w.Name)]; dup {
				field, err = "name", fmt.Errorf("same name as watches[%d]", j)
			}
		}
		if err != nil {
			return &Error{Path: path, Line: loc.tableKey("watches", i, field), Field: fmt.Sprintf("watches[%d].%s", i+1, field), Msg: err.Error()}
		}
		seen[strings.ToLower(w.Name)] = i + 1
		c.Watches = append(c.Watches, Watch(w))
	}
	return nil
}

// FindWatch is the watch with that name (letter case aside).
func (c Config) FindWatch(name string) (Watch, bool) {
	for _, w := range c.Watches {
		if strings.EqualFold(w.Name, strings.TrimSpace(name)) {
			return w, true
		}
	}
	return Watch{}, false
}

// watchBlock is the text of a [[watches]] table.
func watchBlock(w Watch) string {
	s := fmt.Sprintf("\n[[watches]]\nname = %s\nquery = %s\n", strconv.Quote(w.Name), strconv.Quote(w.Query))
	if w.Notify {
		s += "notify = true\n"
	}
	return s
}

// AddWatch appends a watch to the config file at path (written from the
// defaults first when it does not exist), keeping every line and comment
// already there. A watch of the same name is ErrWatchExists.
func AddWatch(path string, w Watch) error {
	if field, err := CheckWatch(w.Name, w.Query); err != nil {
		return fmt.Errorf("watch %s: %w", field, err)
	}
	cfg, err := loadOrInit(path)
	if err != nil {
		return err
	}
	if old, ok := cfg.FindWatch(w.Name); ok {
		return fmt.Errorf("%s: %w: %q (query %q)", path, ErrWatchExists, old.Name, old.Query)
	}
	old, err := readRegular(path, MaxFileBytes, "config file")
	if err != nil {
		return err
	}
	body := string(old)
	if body != "" && !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	return writeChecked(path, body+watchBlock(w))
}

// RemoveWatch deletes the watch with that name (letter case aside) from
// the config file at path, keeping everything else, and returns it.
func RemoveWatch(path, name string) (Watch, error) {
	cfg, err := Load(path)
	if err != nil {
		return Watch{}, err
	}
	w, ok := cfg.FindWatch(name)
	if !ok {
		return Watch{}, fmt.Errorf("%s: %w %q (dateline watch list shows them)", path, ErrNoSuchWatch, name)
	}
	data, err := readRegular(path, MaxFileBytes, "config file")
	if err != nil {
		return Watch{}, err
	}
	lines := strings.Split(string(data), "\n")
	spans, err := arrayTables(lines, "watches")
	if err != nil {
		return Watch{}, &Error{Path: path, Msg: "cannot edit its watches: " + err.Error(), Err: err}
	}
	for _, t := range spans {
		var fw fileWatch
		if _, err := toml.Decode(t.body, &fw); err != nil {
			return Watch{}, err
		}
		if fw.Name == w.Name {
			start := t.start
			if start > 0 && strings.TrimSpace(lines[start-1]) == "" {
				start-- // the blank line AddWatch put before it
			}
			out := append(append([]string(nil), lines[:start]...), lines[t.end:]...)
			return w, writeChecked(path, strings.Join(out, "\n"))
		}
	}
	return Watch{}, fmt.Errorf("%s: %w %q", path, ErrNoSuchWatch, name)
}

// loadOrInit loads the config at path, writing the default file first
// when there is none.
func loadOrInit(path string) (Config, error) {
	cfg, err := Load(path)
	if err != nil || cfg.Loaded {
		return cfg, err
	}
	if err := Init(path); err != nil && !errors.Is(err, ErrExists) {
		return cfg, err
	}
	return Load(path)
}

// writeChecked replaces the file at path with body once body parses.
func writeChecked(path, body string) error {
	if len(body) > MaxFileBytes {
		return &Error{Path: path, Err: ErrTooLarge, Msg: fmt.Sprintf("the config file would be larger than %d MiB", MaxFileBytes>>20)}
	}
	if _, err := Parse(path, []byte(body)); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(body), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// tableSpan is one [[table]] of a config file's lines: [start, end) and
// the text of its keys.
type tableSpan struct {
	start, end int
	body       string
}

// arrayTables finds the [[name]] tables of a config file's lines. A table
// runs from its header to the next header; blank and comment lines just
// before the next header go with that header.
func arrayTables(lines []string, name string) ([]tableSpan, error) {
	var out []tableSpan
	cur := -1
	closeAt := func(i int) {
		if cur < 0 {
			return
		}
		end := i
		for end > cur+1 && (strings.TrimSpace(lines[end-1]) == "" || strings.HasPrefix(strings.TrimSpace(lines[end-1]), "#")) {
			end--
		}
		out = append(out, tableSpan{start: cur, end: end, body: strings.Join(lines[cur+1:end], "\n")})
		cur = -1
	}
	hdr := "[[" + name + "]]"
	for i, l := range lines {
		s := strings.TrimSpace(l)
		if !strings.HasPrefix(s, "[") {
			continue
		}
		closeAt(i)
		if strings.HasPrefix(strings.ReplaceAll(s, " ", ""), hdr) {
			cur = i
		}
	}
	closeAt(len(lines))
	return out, nil
}
