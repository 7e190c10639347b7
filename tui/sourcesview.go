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
	Name, URL string
	Items     int
	Status    string // "ok", "not modified", "error: …", "fetching…", "not fetched"
	Err       bool
	LastFetch time.Time
}

type sourcesView struct {
	scroller
	styles *Styles
	keys   *KeyMap
	now    func() time.Time
	loc    *time.Location
	rows   []sourceRow
}

func (s sourcesView) lines() []string {
	st := s.styles
	w := max(s.width, 1)
	out := []string{st.OverlayTitle.Render(truncate("Sources ("+itoa(len(s.rows))+")", w)), ""}
	var now time.Time
	if s.now != nil {
		now = s.now()
	}
	for i, r := range s.rows {
		if i > 0 {
			out = append(out, "")
		}
		mark := st.Saved.Render("●")
		if r.Err {
			mark = st.RowError.Render("✗")
		}
		count := itoa(r.Items) + " items"
		name := truncate(r.Name, max(w-2-ansi.StringWidth(count)-1, 1))
		gap := max(w-2-ansi.StringWidth(name)-ansi.StringWidth(count), 1)
		out = append(out, mark+" "+st.Title.Render(name)+strings.Repeat(" ", gap)+st.Dim.Render(count))
		out = append(out, "  "+st.LinkURL.Render(truncate(r.URL, w-2)))
		status := st.Dim
		if r.Err {
			status = st.RowError
		}
		line := r.Status
		if !r.LastFetch.IsZero() {
			line += " · fetched " + r.LastFetch.In(s.loc).Format("15:04")
			if age := relAge(now, r.LastFetch); age != "" && age != "now" {
				if strings.ContainsAny(age[len(age)-1:], "mhd") {
					line += " (" + age + " ago)"
				} else {
					line += " (" + age + ")"
				}
			}
		}
		for _, l := range wrapRich(line, nil, max(w-2, 1)) {
			out = append(out, "  "+l.render(status, st))
		}
	}
	if len(s.rows) == 0 {
		out = append(out, st.ListEmpty.Render("No sources configured."))
	}
	out = append(out, "", st.Dim.Render(truncate("esc or S closes · r refreshes", w)))
	return out
}

// Update scrolls the view; esc, S or q close it.
func (s *sourcesView) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if key.Matches(k, s.keys.Sources, s.keys.Clear, s.keys.Quit) {
		return msgCmd(closeOverlayMsg{})
	}
	s.scrollKey(k, s.keys, len(s.lines()))
	return nil
}

// Scroll moves the view by d lines (the mouse wheel).
func (s *sourcesView) Scroll(d int) { s.offset += d; s.clamp(len(s.lines())) }

func (s sourcesView) View() string { return s.window(s.lines()) }

// Size is the box the view wants (content size) for its rows.
func (s sourcesView) Size() (int, int) {
	w := 72
	for _, r := range s.rows {
		w = max(w, ansi.StringWidth(r.URL)+2)
	}
	return w, 3 + 4*len(s.rows) + 2
}
