package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// statusLine is the bottom line: spinner and progress, a message that
// clears itself, a sticky hint, and flags ("sample edition", "offline").
type statusLine struct {
	st       *Styles
	w        int
	spin     string
	progress string // "2 of 3 sources"
	msg      string
	isErr    bool
	seq      int
	sticky   string
	flags    []string
	hint     string
}

func (s *statusLine) SetSize(w int) { s.w = max(w, 0) }

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
	if s.w <= 0 {
		return ""
	}
	st := s.st
	var left []string
	if s.progress != "" {
		p := s.progress
		if s.spin != "" {
			p = s.spin + " " + p
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
		if ansi.StringWidth(l)+ansi.StringWidth(withHint)+2 <= s.w {
			right = withHint
		}
	}
	if right != "" {
		right += pad
	}
	lw, rw := ansi.StringWidth(l), ansi.StringWidth(right)
	if rw >= s.w {
		return fitLine(right, s.w)
	}
	if lw > s.w-rw-1 {
		l = ansi.Truncate(l, max(s.w-rw-1, 0), "…")
		lw = ansi.StringWidth(l)
	}
	gap := s.w - lw - rw
	if gap < 0 {
		return fitLine(l+right, s.w)
	}
	return l + st.Status.Render(strings.Repeat(" ", gap)) + right
}
