package config

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/dateline-news/dateline/feeds"
)

// ErrNoSuchSource is the error when no configured source has that URL or
// name.
var ErrNoSuchSource = errors.New("no such source")

// sourceTable is one [[sources]] table of a config file's text: its lines
// [start, end), and what it says.
type sourceTable struct {
	start, end int
	name, url  string
}

// sourceTables finds the [[sources]] tables of a config file's lines
// (see arrayTables).
func sourceTables(lines []string) ([]sourceTable, error) {
	spans, err := arrayTables(lines, "sources")
	if err != nil {
		return nil, err
	}
	out := make([]sourceTable, 0, len(spans))
	for _, sp := range spans {
		var t struct{ Name, URL string }
		if _, err := toml.Decode(sp.body, &t); err != nil {
			return nil, err
		}
		out = append(out, sourceTable{start: sp.start, end: sp.end, name: t.Name, url: t.URL})
	}
	return out, nil
}

// findSource is the table whose URL is ref, else whose name is ref
// (letter case aside).
func findSource(tables []sourceTable, ref string) (sourceTable, bool) {
	for _, t := range tables {
		if t.url == ref {
			return t, true
		}
	}
	for _, t := range tables {
		if strings.EqualFold(strings.TrimSpace(feeds.Sanitize(t.name)), strings.TrimSpace(ref)) {
			return t, true
		}
	}
	return sourceTable{}, false
}

// editSources applies edit to the [[sources]] table named by ref in the
// file at path (created from the defaults first when it does not exist,
// as AddSources does), keeping every other line and comment, and writes
// the file back whole once it still parses. It returns the table edited.
func editSources(path, ref string, edit func(lines []string, t sourceTable) []string) (sourceTable, error) {
	cfg, err := Load(path)
	if err != nil {
		return sourceTable{}, err
	}
	if !cfg.Loaded {
		if err := Init(path); err != nil && !errors.Is(err, ErrExists) {
			return sourceTable{}, err
		}
	}
	data, err := readRegular(path, MaxFileBytes, "config file")
	if err != nil {
		return sourceTable{}, err
	}
	lines := strings.Split(string(data), "\n")
	tables, err := sourceTables(lines)
	if err != nil {
		return sourceTable{}, &Error{Path: path, Msg: "cannot edit its sources: " + err.Error(), Err: err}
	}
	t, ok := findSource(tables, ref)
	if !ok {
		return sourceTable{}, fmt.Errorf("%s: %w %q (give its URL or its name, as `dateline sources list` shows them)", path, ErrNoSuchSource, ref)
	}
	body := strings.Join(edit(lines, t), "\n")
	if _, err := Parse(path, []byte(body)); err != nil {
		return sourceTable{}, err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(body), 0o644); err != nil {
		return sourceTable{}, err
	}
	return t, os.Rename(tmp, path)
}

// RemoveSource deletes the source with that URL or name from the config
// file at path, keeping everything else as it was, and returns it. A
// config left with no source lists none (sources = []) rather than the
// defaults.
func RemoveSource(path, ref string) (Source, error) {
	t, err := editSources(path, ref, func(lines []string, t sourceTable) []string {
		out := append(append([]string(nil), lines[:t.start]...), lines[t.end:]...)
		if tables, _ := sourceTables(out); len(tables) == 0 {
			// No source left: say so, or the defaults would come back. A
			// top-level key goes before the first table.
			at := len(out)
			for i, l := range out {
				if strings.HasPrefix(strings.TrimSpace(l), "[") {
					at = i
					break
				}
			}
			out = append(out[:at], append([]string{"sources = []"}, out[at:]...)...)
		}
		return out
	})
	return Source{Name: t.name, URL: t.url}, err
}

// RenameSource sets the name of the source with that URL or name.
func RenameSource(path, ref, name string) (Source, error) {
	name = feeds.Sanitize(name)
	if name == "" {
		return Source{}, errors.New("a source's name cannot be empty")
	}
	t, err := editSources(path, ref, func(lines []string, t sourceTable) []string {
		out := append([]string(nil), lines...)
		line := "name = " + strconv.Quote(name)
		for i := t.start + 1; i < t.end; i++ {
			if k, _, ok := strings.Cut(strings.TrimSpace(out[i]), "="); ok && strings.TrimSpace(k) == "name" {
				out[i] = line
				return out
			}
		}
		return append(out[:t.start+1], append([]string{line}, out[t.start+1:]...)...)
	})
	return Source{Name: name, URL: t.url}, err
}
