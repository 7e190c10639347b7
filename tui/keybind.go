package tui

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
)

// keyAction is an action the [keys] table of the config can rebind: its
// name there and the binding it sets.
type keyAction struct {
	name    string
	binding func(*KeyMap) *key.Binding
}

// keyActions are the rebindable actions, in the help overlay's order.
var keyActions = []keyAction{
	{"up", func(k *KeyMap) *key.Binding { return &k.Up }},
	{"down", func(k *KeyMap) *key.Binding { return &k.Down }},
	{"top", func(k *KeyMap) *key.Binding { return &k.Top }},
	{"bottom", func(k *KeyMap) *key.Binding { return &k.Bottom }},
	{"open", func(k *KeyMap) *key.Binding { return &k.Open }},
	{"next_unread", func(k *KeyMap) *key.Binding { return &k.NextUnread }},
	{"prev_unread", func(k *KeyMap) *key.Binding { return &k.PrevUnread }},
	{"back", func(k *KeyMap) *key.Binding { return &k.Back }},
	{"focus", func(k *KeyMap) *key.Binding { return &k.Focus }},
	{"page_down", func(k *KeyMap) *key.Binding { return &k.PageDown }},
	{"page_up", func(k *KeyMap) *key.Binding { return &k.PageUp }},
	{"narrower", func(k *KeyMap) *key.Binding { return &k.Narrower }},
	{"wider", func(k *KeyMap) *key.Binding { return &k.Wider }},
	{"filter", func(k *KeyMap) *key.Binding { return &k.Filter }},
	{"clear", func(k *KeyMap) *key.Binding { return &k.Clear }},
	{"next_view", func(k *KeyMap) *key.Binding { return &k.View }},
	{"view_asia_pacific", func(k *KeyMap) *key.Binding { return &k.ViewKeys[0] }},
	{"view_all", func(k *KeyMap) *key.Binding { return &k.ViewKeys[1] }},
	{"view_saved", func(k *KeyMap) *key.Binding { return &k.ViewKeys[2] }},
	{"view_starred", func(k *KeyMap) *key.Binding { return &k.ViewKeys[3] }},
	{"entities", func(k *KeyMap) *key.Binding { return &k.Entities }},
	{"next_mention", func(k *KeyMap) *key.Binding { return &k.NextMention }},
	{"prev_mention", func(k *KeyMap) *key.Binding { return &k.PrevMention }},
	{"footnote", func(k *KeyMap) *key.Binding { return &k.Footnote }},
	{"open_link", func(k *KeyMap) *key.Binding { return &k.OpenLink }},
	{"copy_link", func(k *KeyMap) *key.Binding { return &k.CopyLink }},
	{"refresh", func(k *KeyMap) *key.Binding { return &k.Refresh }},
	{"save", func(k *KeyMap) *key.Binding { return &k.Save }},
	{"star", func(k *KeyMap) *key.Binding { return &k.Star }},
	{"toggle_read", func(k *KeyMap) *key.Binding { return &k.ToggleRead }},
	{"mark_all_read", func(k *KeyMap) *key.Binding { return &k.MarkAllRead }},
	{"undo", func(k *KeyMap) *key.Binding { return &k.Undo }},
	{"watch", func(k *KeyMap) *key.Binding { return &k.Watch }},
	{"sources", func(k *KeyMap) *key.Binding { return &k.Sources }},
	{"help", func(k *KeyMap) *key.Binding { return &k.Help }},
	{"quit", func(k *KeyMap) *key.Binding { return &k.Quit }},
	{"force_quit", func(k *KeyMap) *key.Binding { return &k.ForceQuit }},
}

// KeyActions are the action names the [keys] table of the config takes.
func KeyActions() []string {
	out := make([]string, len(keyActions))
	for i, a := range keyActions {
		out[i] = a.name
	}
	return out
}

// Bind gives action the keys (none: the action is off), replacing its
// defaults; the help overlay then shows them. An unknown action or a
// key Bubble Tea never reports is an error that says what is allowed.
func (km *KeyMap) Bind(action string, keys []string) error {
	i := slices.IndexFunc(keyActions, func(a keyAction) bool { return a.name == action })
	if i < 0 {
		return fmt.Errorf("unknown action; the actions are %s", strings.Join(KeyActions(), ", "))
	}
	norm := make([]string, 0, len(keys))
	for _, k := range keys {
		n, err := normalKey(k)
		if err != nil {
			return err
		}
		if !slices.Contains(norm, n) {
			norm = append(norm, n)
		}
	}
	b := keyActions[i].binding(km)
	desc := b.Help().Desc
	if len(norm) == 0 {
		*b = key.NewBinding(key.WithDisabled(), key.WithHelp("", desc))
		return nil
	}
	helpKey := keyHelp(norm)
	if action == "footnote" {
		helpKey += " N"
	}
	*b = key.NewBinding(key.WithKeys(norm...), key.WithHelp(helpKey, desc))
	return nil
}

// Clash finds two actions that share a key: the first such key, and the
// names of the two actions. ok is false when every key does one thing.
func (km *KeyMap) Clash() (k, first, second string, ok bool) {
	owner := map[string]string{}
	for _, a := range keyActions {
		b := a.binding(km)
		if !b.Enabled() {
			continue
		}
		for _, key := range b.Keys() {
			if o, seen := owner[key]; seen {
				return key, o, a.name, true
			}
			owner[key] = a.name
		}
	}
	return "", "", "", false
}

// keyNames are the named keys, as Bubble Tea writes them.
var keyNames = map[string]bool{
	"enter": true, "tab": true, "backspace": true, "esc": true, "space": true, "up": true, "down": true,
	"left": true, "right": true, "begin": true, "find": true, "insert": true, "delete": true, "select": true,
	"pgup": true, "pgdown": true, "home": true, "end": true,
}

// keyAliases are other spellings people write.
var keyAliases = map[string]string{
	"escape": "esc", "return": "enter", "del": "delete", "ins": "insert", "pageup": "pgup", "pagedown": "pgdown",
	"page_up": "pgup", "page_down": "pgdown", "spacebar": "space", " ": "space",
}

var modOrder = []string{"ctrl", "alt", "shift", "meta", "hyper", "super"}

// normalKey writes a key the way Bubble Tea reports it, so key.Matches
// finds it: modifiers lower case and in Bubble Tea's order, "shift+a" as
// "A" (a shifted letter arrives as its text).
func normalKey(raw string) (string, error) {
	bad := func(why string) error {
		return fmt.Errorf("%q is not a key (%s); write a character such as \"s\" or \"G\", a name such as \"enter\", \"pgdown\" or \"f5\", with modifiers such as \"ctrl+s\"", raw, why)
	}
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", bad("empty")
	}
	if s == "+" {
		return s, nil
	}
	var parts []string
	base := s
	switch {
	case strings.HasSuffix(s, "++"): // "ctrl++"
		base, parts = "+", strings.Split(strings.TrimSuffix(s, "++"), "+")
	case strings.HasSuffix(s, "+"):
		return "", bad("no key after the modifiers")
	case strings.Contains(s, "+"):
		i := strings.LastIndexByte(s, '+')
		base, parts = s[i+1:], strings.Split(s[:i], "+")
	}
	mods := map[string]bool{}
	for _, m := range parts {
		m = strings.ToLower(m)
		if m == "control" {
			m = "ctrl"
		}
		if !slices.Contains(modOrder, m) {
			return "", bad("unknown modifier " + m)
		}
		mods[m] = true
	}
	if a, ok := keyAliases[strings.ToLower(base)]; ok {
		base = a
	}
	switch {
	case utf8.RuneCountInString(base) == 1:
		r, _ := utf8.DecodeRuneInString(base)
		if !unicode.IsPrint(r) {
			return "", bad("not a printable character")
		}
		if mods["shift"] && len(mods) == 1 && unicode.IsLetter(r) {
			return string(unicode.ToUpper(r)), nil
		}
		if len(mods) > 0 && unicode.IsUpper(r) {
			// ctrl+S arrives as ctrl+shift+s.
			mods["shift"], base = true, string(unicode.ToLower(r))
		}
	case keyNames[strings.ToLower(base)]:
		base = strings.ToLower(base)
	case isFunctionKey(strings.ToLower(base)):
		base = strings.ToLower(base)
	default:
		return "", bad("unknown key name " + base)
	}
	var b strings.Builder
	for _, m := range modOrder {
		if mods[m] {
			b.WriteString(m + "+")
		}
	}
	b.WriteString(base)
	return b.String(), nil
}

func isFunctionKey(s string) bool {
	var n int
	if _, err := fmt.Sscanf(s, "f%d", &n); err != nil || fmt.Sprintf("f%d", n) != s {
		return false
	}
	return n >= 1 && n <= 63
}

// keyHelp writes keys for the help overlay: arrows as arrows.
func keyHelp(keys []string) string {
	arrows := map[string]string{"up": "↑", "down": "↓", "left": "←", "right": "→"}
	out := make([]string, len(keys))
	for i, k := range keys {
		if a, ok := arrows[k]; ok {
			k = a
		}
		out[i] = k
	}
	return strings.Join(out, "/")
}
