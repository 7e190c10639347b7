package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// statusLine is the bottom line: spinner and progress, a message that
// clears itself, a sticky hint, and flags ("sample edition", "offline").
type statusLine struct {
	styles   *Styles
	width    int
	spinner  string
	progress string // "2 of 3 sources"
	msg      string
	isErr    bool
	seq      int
	sticky   string
	flags    []string
	hint     string
	saving   int    // saves in flight
	position string // how far through the article (narrow windows)
}

func (s *statusLine) SetSize(w int) { s.width = max(w, 0) }

// Set shows a message and returns its sequence number; the root clears
// it with Clear(seq) when its timer fires, unless a newer one replaced it.
func (s *statusLine) Set(msg string, isErr bool) int {
	s.seq++
	s.msg, s.isErr = oneLine(msg), isErr
	return s.seq
}

func (s *statusLine) Clear(seq int) {
	if seq == s.seq {
		s.msg, s.isErr = "", false
	}
}

func (s statusLine) View() string {
	if s.width <= 0 {
		return ""
	}
	st := s.styles
	var left []string
	if s.progress != "" {
		p := s.progress
		if s.spinner != "" {
			p = s.spinner + " " + p
		}
		left = append(left, st.Spinner.Render(p))
	}
	switch {
	case s.msg != "" && s.isErr:
		left = append(left, st.StatusError.Render(s.msg))
	case s.msg != "":
		left = append(left, st.StatusInfo.Render(s.msg))
	case s.sticky != "":
		left = append(left, st.StatusInfo.Render(s.sticky))
	}
	flags := make([]string, 0, len(s.flags))
	for _, f := range s.flags {
		flags = append(flags, st.StatusFlag.Render(f))
	}
	if s.position != "" {
		flags = append(flags, st.Status.Render(s.position))
	}
	sep := st.Status.Render("  ")
	pad := st.Status.Render(" ")
	l := pad + strings.Join(left, sep)
	// The flags ("sample edition", "offline") always show; the hint goes
	// first when room is short, then the message is cut.
	right := strings.Join(flags, sep)
	if s.hint != "" {
		withHint := right
		if withHint != "" {
			withHint += sep
		}
		withHint += st.Status.Render(s.hint)
		if ansi.StringWidth(l)+ansi.StringWidth(withHint)+2 <= s.width {
			right = withHint
		}
	}
	if right != "" {
		right += pad
	}
	lw, rw := ansi.StringWidth(l), ansi.StringWidth(right)
	if rw >= s.width {
		return fitLine(right, s.width)
	}
	if lw > s.width-rw-1 {
		l = ansi.Truncate(l, max(s.width-rw-1, 0), "…")
		lw = ansi.StringWidth(l)
	}
	gap := s.width - lw - rw
	if gap < 0 {
		return fitLine(l+right, s.width)
	}
	return l + st.Status.Render(strings.Repeat(" ", gap)) + right
}

var spinFrames = [...]string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// flash shows a message that clears itself after statusTTL.
func (m *Model) flash(msg string, isErr bool) tea.Cmd {
	seq := m.status.Set(msg, isErr)
	return m.tick(statusTTL, statusClearMsg{Seq: seq})
}

// updateProgress shows what is running: the refresh, the saves.
func (m *Model) updateProgress() {
	var parts []string
	if p := m.refresh.Progress(); p != "" {
		parts = append(parts, p)
	}
	switch n := m.status.saving; {
	case n == 1:
		parts = append(parts, "saving 1 article")
	case n > 1:
		parts = append(parts, fmt.Sprintf("saving %d articles", n))
	}
	m.status.progress = strings.Join(parts, " · ")
}

// updateFlags shows the session's state: sample edition, offline, a
// library in memory, and the sticky message that explains it.
func (m *Model) updateFlags() {
	m.status.flags = m.status.flags[:0:0]
	if m.deps.Demo {
		m.status.flags = append(m.status.flags, "sample edition")
	}
	if m.pipeline.Offline() || m.refresh.networkDown {
		m.status.flags = append(m.status.flags, "offline")
	}
	if m.library.Memory() {
		m.status.flags = append(m.status.flags, "library in memory")
	}
	switch {
	case m.refresh.allFailed && m.list.items == 0 && !m.deps.Demo:
		m.status.sticky = "No source could be reached. Try dateline --demo for the sample edition."
	case m.deps.LibraryErr != nil:
		m.status.sticky = "Library unavailable: " + oneLine(m.deps.LibraryErr.Error()) + " · this session is kept in memory only"
	case m.writeErr != nil:
		m.status.sticky = "Library: " + oneLine(m.writeErr.Error())
	default:
		m.status.sticky = m.watches.status
	}
	m.updateProgress()
}

// busy: something the user waits for is running (the spinner turns).
func (m *Model) busy() bool {
	return m.refresh.Busy() || m.status.saving > 0 || m.articles.Loading(m.reader.ID())
}

func (m *Model) ensureSpin() tea.Cmd {
	if m.spinning || !m.busy() {
		return nil
	}
	m.spinning = true
	m.spinGen++
	m.setSpinner()
	return m.tick(spinEvery, spinTickMsg{Gen: m.spinGen})
}

func (m *Model) setSpinner() {
	f := spinFrames[m.frame%len(spinFrames)]
	m.status.spinner = f
	m.reader.SetSpinner(f)
}
