package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// sourceRow is what the sources view shows of one source.
type sourceRow struct {
	Name, URL     string
	Items, Unread int
	Status        string // "ok", "not modified", "error: …", "fetching…", "not fetched"
	Err           bool
	LastFetch     time.Time // the last try
	NextTry       time.Time // a source that failed is tried again then (zero: at the next refresh)
}

// sourcesView lists the sources with their unread and item counts and
// what they last answered; enter lists a source's items.
type sourcesView struct {
	scroller
	styles   *Styles
	keys     *KeyMap
	now      func() time.Time
	loc      *time.Location
	rows     []sourceRow
	selected int
}

// chooseSourceMsg lists one source's items.
type chooseSourceMsg struct{ Name, URL string }

func (s sourcesView) lines() ([]string, int) {
	st := s.styles
	w := max(s.width, 1)
	out := []string{st.OverlayTitle.Render(truncate("Sources ("+itoa(len(s.rows))+")", w)), ""}
	selLine := 0
	for i, r := range s.rows {
		if i > 0 {
			out = append(out, "")
		}
		if i == s.selected {
			selLine = len(out)
		}
		out = append(out, s.head(r, i == s.selected, w))
		out = append(out, "  "+st.LinkURL.Render(truncate(r.URL, w-2)))
		status := st.Dim
		if r.Err {
			status = st.RowError
		}
		for _, l := range wrapRich(s.statusLine(r), nil, max(w-2, 1)) {
			out = append(out, "  "+l.render(status, st))
		}
	}
	if len(s.rows) == 0 {
		out = append(out, st.ListEmpty.Render("No sources configured."))
	}
	out = append(out, "", st.Dim.Render(truncate("enter lists a source · r refreshes · esc or S closes", w)))
	return out, selLine
}

// head is a source's first line: its mark and name, its counts.
func (s sourcesView) head(r sourceRow, selected bool, w int) string {
	st := s.styles
	mark := st.Saved.Render("●")
	if r.Err {
		mark = st.RowError.Render("✗")
	}
	count := itoa(r.Unread) + " unread · " + itoa(r.Items) + " items"
	name := truncate(r.Name, max(w-2-ansi.StringWidth(count)-1, 1))
	gap := max(w-2-ansi.StringWidth(name)-ansi.StringWidth(count), 1)
	if selected {
		return st.OverlaySelected.Render(fitLine("▸ "+name+strings.Repeat(" ", gap)+count, w))
	}
	return mark + " " + st.Title.Render(name) + strings.Repeat(" ", gap) + st.Dim.Render(count)
}

// statusLine says what the source last answered and when: a failure
// shows its error, when it was tried and when it will be tried again.
func (s sourcesView) statusLine(r sourceRow) string {
	var now time.Time
	if s.now != nil {
		now = s.now()
	}
	line := r.Status
	if r.LastFetch.IsZero() {
		return line
	}
	when := r.LastFetch.In(s.loc).Format("15:04")
	if age := relAge(now, r.LastFetch); age != "" && age != "now" {
		when += " (" + age + ago(age) + ")"
	}
	if r.Err {
		line += " · tried " + when
		if !r.NextTry.IsZero() && r.NextTry.After(now) {
			line += " · next try " + r.NextTry.In(s.loc).Format("15:04")
		}
		return line
	}
	return line + " · fetched " + when
}

// ago is " ago" after an age in minutes, hours or days ("5m ago"), none
// after a date.
func ago(age string) string {
	if strings.ContainsAny(age[len(age)-1:], "mhd") {
		return " ago"
	}
	return ""
}

// Update scrolls the view; esc, S or q close it.
func (s *sourcesView) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, s.keys.Sources, s.keys.Clear, s.keys.Quit):
		return msgCmd(closeOverlayMsg{})
	case key.Matches(k, s.keys.Open):
		if s.selected < len(s.rows) {
			r := s.rows[s.selected]
			return msgCmd(chooseSourceMsg{Name: r.Name, URL: r.URL})
		}
	case key.Matches(k, s.keys.Down):
		s.selected = min(s.selected+1, max(len(s.rows)-1, 0))
	case key.Matches(k, s.keys.Up):
		s.selected = max(s.selected-1, 0)
	default:
		ls, _ := s.lines()
		s.scrollKey(k, s.keys, len(ls))
		return nil
	}
	ls, sel := s.lines()
	s.reveal(max(sel-1, 0), len(ls))
	s.reveal(min(sel+3, len(ls)-1), len(ls)) // the source's three lines
	return nil
}

// Scroll moves the view by d lines (the mouse wheel).
func (s *sourcesView) Scroll(d int) {
	ls, _ := s.lines()
	s.offset += d
	s.clamp(len(ls))
}

func (s sourcesView) View() string {
	ls, _ := s.lines()
	return s.window(ls)
}

// Size is the box the view wants (content size) for its rows.
func (s sourcesView) Size() (int, int) {
	w := 72
	for _, r := range s.rows {
		w = max(w, ansi.StringWidth(r.URL)+2)
	}
	return w, 3 + 4*len(s.rows) + 2
}
