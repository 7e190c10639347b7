package tui

import (
	"os"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

func TestNormalKey(t *testing.T) {
	for raw, want := range map[string]string{
		"s": "s", "G": "G", "shift+g": "G", "Shift+G": "G", "ctrl+s": "ctrl+s", "Ctrl+S": "ctrl+shift+s",
		"alt+ctrl+x": "ctrl+alt+x", "control+a": "ctrl+a", "escape": "esc", "Enter": "enter", "PgDown": "pgdown",
		"page_down": "pgdown", "F5": "f5", "ctrl+f12": "ctrl+f12", "+": "+", "ctrl++": "ctrl++", "é": "é",
		" space ": "space", "*": "*",
	} {
		got, err := normalKey(raw)
		if err != nil || got != want {
			t.Errorf("normalKey(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
	for _, raw := range []string{"", "hyperspace", "f0", "f99", "ctl+s", "\x1b", "ctrl+\t"} {
		if got, err := normalKey(raw); err == nil {
			t.Errorf("normalKey(%q) = %q, want an error", raw, got)
		}
	}
}

// The keys a user binds are matched as Bubble Tea reports them.
func TestBoundKeysMatchWhatBubbleTeaSends(t *testing.T) {
	km := DefaultKeyMap()
	for action, keys := range map[string][]string{"save": {"ctrl+s"}, "star": {"shift+x"}, "help": {"F1"}, "quit": {"ctrl+alt+q"}} {
		if err := km.Bind(action, keys); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		msg  tea.KeyPressMsg
		want key.Binding
	}{
		{tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}, km.Save},
		{tea.KeyPressMsg{Code: 'x', Text: "X", Mod: tea.ModShift}, km.Star},
		{tea.KeyPressMsg{Code: tea.KeyF1}, km.Help},
		{tea.KeyPressMsg{Code: 'q', Mod: tea.ModCtrl | tea.ModAlt}, km.Quit},
	} {
		if !key.Matches(c.msg, c.want) {
			t.Errorf("%s does not match %v", c.msg, c.want.Keys())
		}
	}
	if key.Matches(tea.KeyPressMsg{Code: 's', Text: "s"}, km.Save) {
		t.Error("the default key still saves")
	}
}

func TestDefaultKeysDoOneThingEach(t *testing.T) {
	km := DefaultKeyMap()
	if k, a, b, ok := km.Clash(); ok {
		t.Errorf("%q is both %s and %s", k, a, b)
	}
	// every action of the help overlay is rebindable
	seen := map[*key.Binding]bool{}
	for _, a := range keyActions {
		seen[a.binding(&km)] = true
	}
	for _, col := range km.FullHelp() {
		for _, b := range col {
			found := false
			for p := range seen {
				if p.Help() == b.Help() {
					found = true
				}
			}
			if !found {
				t.Errorf("%q (%s) has no [keys] action", b.Help().Key, b.Help().Desc)
			}
		}
	}
}

func TestBindErrorsAndOff(t *testing.T) {
	km := DefaultKeyMap()
	if err := km.Bind("saev", []string{"s"}); err == nil || !strings.Contains(err.Error(), "unknown action") {
		t.Errorf("unknown action: %v", err)
	}
	if err := km.Bind("star", []string{"s"}); err != nil {
		t.Fatal(err)
	}
	if k, a, b, ok := km.Clash(); !ok || k != "s" || a != "star" && b != "star" {
		t.Errorf("clash = %q %s %s %v", k, a, b, ok)
	}
	if err := km.Bind("save", nil); err != nil {
		t.Fatal(err)
	}
	if _, _, _, ok := km.Clash(); ok {
		t.Error("an action turned off still clashes")
	}
	if key.Matches(tea.KeyPressMsg{Code: 's', Text: "s"}, km.Save) || km.Save.Help().Desc != "save" {
		t.Errorf("save turned off: %v %q", km.Save.Keys(), km.Save.Help().Desc)
	}
}

func TestThemesAndColors(t *testing.T) {
	def := Theme{Name: "auto"}.Styles(true)
	custom := Theme{Name: "auto", Colors: map[string]string{"person": "#ff00aa", "match": "3"}}.Styles(true)
	if got := custom.Person.GetForeground(); got != lipgloss.Color("#ff00aa") {
		t.Errorf("person colour %v", got)
	}
	if got := custom.Match.GetBackground(); got != lipgloss.Color("3") {
		t.Errorf("match colour %v", got)
	}
	if custom.Place.GetForeground() != def.Place.GetForeground() {
		t.Error("a colour the config did not set changed")
	}
	for _, name := range []string{"solarized", "high-contrast"} {
		for _, dark := range []bool{true, false} {
			s := Theme{Name: name}.Styles(dark)
			if s.Person.GetForeground() == def.Person.GetForeground() || s.Body.GetForeground() == nil {
				t.Errorf("%s (dark %v) is the default palette", name, dark)
			}
		}
	}
	for _, n := range ColorNames {
		if err := CheckColor(n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	if err := CheckColor("headline"); err == nil {
		t.Error("an unknown part of the screen is accepted")
	}
	// NO_COLOR wins over a theme and [colors].
	st, _ := styleFor(Deps{NoColor: true, Theme: "solarized", Colors: map[string]string{"person": "#ff00aa"}})
	if !st.NoColor || st.Person.GetForeground() != (lipgloss.NoColor{}) {
		t.Errorf("NO_COLOR lost to the theme: %v", st.Person.GetForeground())
	}
}

// The README lists every [keys] action.
func TestReadmeListsEveryKeyAction(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range KeyActions() {
		if !strings.Contains(string(readme), "`"+a+"`") {
			t.Errorf("README.md does not list the action %s", a)
		}
	}
	for _, n := range ColorNames {
		if !strings.Contains(string(readme), "`"+n+"`") {
			t.Errorf("README.md does not list the colour %s", n)
		}
	}
}
