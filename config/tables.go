package config

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// applyTables reads [keys] and [colors]. Their names are the TUI's to
// check; here each value is checked for its shape.
func (c *Config) applyTables(f *file, path string, loc locator) error {
	c.Keys = nil
	for action, v := range f.Keys {
		line := loc.section("keys", action)
		keys, err := keyList(v)
		if err != nil {
			return &Error{Path: path, Line: line, Field: "keys." + action, Msg: err.Error()}
		}
		c.Keys = append(c.Keys, KeyBinding{Action: action, Keys: keys, Line: line})
	}
	sort.Slice(c.Keys, func(i, j int) bool { return c.Keys[i].Line < c.Keys[j].Line })
	c.Colors = nil
	for name, v := range f.Colors {
		line := loc.section("colors", name)
		s, ok := v.(string)
		if !ok || !colorRe.MatchString(s) {
			return &Error{Path: path, Line: line, Field: "colors." + name,
				Msg: fmt.Sprintf("%v is not a colour: write \"#rrggbb\", \"#rgb\" or an ANSI number \"0\" to \"255\"", v)}
		}
		c.Colors = append(c.Colors, ColorSetting{Name: name, Value: s, Line: line})
	}
	sort.Slice(c.Colors, func(i, j int) bool { return c.Colors[i].Line < c.Colors[j].Line })
	return nil
}

var colorRe = regexp.MustCompile(`^(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}|[0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$`)

// keyList reads a [keys] value: one key ("s") or a list (["s", "ctrl+s"]).
func keyList(v any) ([]string, error) {
	const want = `want a key such as "s" or "ctrl+s", or a list of keys`
	switch v := v.(type) {
	case string:
		if strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("an empty key; %s ([] turns the action off)", want)
		}
		return []string{v}, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, k := range v {
			s, ok := k.(string)
			if !ok || strings.TrimSpace(s) == "" {
				return nil, fmt.Errorf("%v in the list: %s", k, want)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%v: %s", v, want)
}

// section finds key inside the [table] section; 0 when it is not there
// (an inline table, say).
func (l locator) section(table, key string) int {
	hdr := "[" + table + "]"
	for i, s := range l.lines {
		if strings.ReplaceAll(strings.TrimSpace(s), " ", "") != hdr {
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
