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
	var right []string
	for _, f := range s.flags {
		right = append(right, st.StatusFlag.Render(f))
	}
	if s.hint != "" {
		right = append(right, st.Status.Render(s.hint))
	}
	sep := st.Status.Render("  ")
	l := st.Status.Render(" ") + strings.Join(left, sep)
	r := strings.Join(right, sep) + st.Status.Render(" ")
	lw, rw := ansi.StringWidth(l), ansi.StringWidth(r)
	// The flags matter more than the hint; the message more than both.
	for lw+rw+1 > s.w && len(right) > 0 {
		right = right[:len(right)-1]
		r = strings.Join(right, sep) + st.Status.Render(" ")
		if len(right) == 0 {
			r = ""
		}
		rw = ansi.StringWidth(r)
	}
	if lw > s.w-rw {
		l = ansi.Truncate(l, max(s.w-rw-1, 0), "…")
		lw = ansi.StringWidth(l)
	}
	gap := s.w - lw - rw
	if gap < 0 {
		return fitLine(l+r, s.w)
	}
	return l + st.Status.Render(strings.Repeat(" ", gap)) + r
}
