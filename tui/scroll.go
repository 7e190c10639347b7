package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// scroller is the scrolling every pane shares: a window of h lines (or
// rows) over n of them, starting at off. The list, the reader and the
// overlays all scroll through it.
type scroller struct {
	width, height int
	offset        int
}

// SetSize sets the window's size in cells (h lines).
func (s *scroller) SetSize(w, h int) { s.width, s.height = max(w, 0), max(h, 0) }

// clamp keeps the window inside n lines.
func (s *scroller) clamp(n int) {
	s.offset = min(s.offset, max(n-s.height, 0))
	s.offset = max(s.offset, 0)
}

// reveal scrolls the least that shows line i of n.
func (s *scroller) reveal(i, n int) {
	if i < s.offset {
		s.offset = i
	}
	if i >= s.offset+s.height {
		s.offset = i - s.height + 1
	}
	s.clamp(n)
}

// page is how far a page key scrolls.
func (s *scroller) page() int { return max(s.height-1, 1) }

// scrollKey scrolls n lines for the movement keys (up, down, page up and
// down, top, bottom) and reports whether k was one.
func (s *scroller) scrollKey(k tea.KeyPressMsg, km *KeyMap, n int) bool {
	switch {
	case key.Matches(k, km.Up):
		s.offset--
	case key.Matches(k, km.Down):
		s.offset++
	case key.Matches(k, km.PageDown):
		s.offset += s.page()
	case key.Matches(k, km.PageUp):
		s.offset -= s.page()
	case key.Matches(k, km.Top):
		s.offset = 0
	case key.Matches(k, km.Bottom):
		s.offset = n
	default:
		return false
	}
	s.clamp(n)
	return true
}

// window returns the lines the window shows of ls, fitted to w x h.
func (s *scroller) window(ls []string) string {
	s.clamp(len(ls))
	return fitLines(ls[s.offset:], s.width, s.height)
}
