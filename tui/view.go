package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// layout sizes every child from the window size. Wide windows show both
// panes with borders; narrow ones show the focused pane alone, without
// borders. Nothing here assumes a minimum size.
func (m *Model) layout() {
	W, H := m.w, m.h
	statusH := min(1, H)
	filterH := 0
	if m.filter.Active() && H >= 3 {
		filterH = 1
	}
	m.bodyH = max(H-statusH-filterH, 0)
	m.wide = W >= wideMin && m.bodyH >= 6
	if m.wide {
		m.listW = max(W*40/100, 30)
		m.list.SetSize(m.listW-2, m.bodyH-2)
		m.reader.SetSize(W-m.listW-2, m.bodyH-2)
	} else {
		m.listW = W
		m.list.SetSize(W, m.bodyH)
		m.reader.SetSize(W, m.bodyH)
	}
	m.setFocus(m.focus)
	m.filter.SetSize(W)
	m.status.SetSize(W)
	iw, ih := m.overlayInner()
	m.help.SetSize(iw, ih)
	m.sources.SetSize(iw, ih)
	m.ents.SetSize(iw, ih)
}

// boxLines draws a border of style st around content, which must be
// exactly (w-2) x (h-2) cells, and returns the h lines. The glyphs are
// styled once per call, not once per line, and nothing is re-measured.
func boxLines(content string, w, h int, st lipgloss.Style) []string {
	b := st.GetBorderStyle()
	fg := lipgloss.NewStyle().Foreground(st.GetBorderTopForeground())
	iw := max(w-2, 0)
	out := make([]string, 0, h)
	out = append(out, fg.Render(b.TopLeft+strings.Repeat(b.Top, iw)+b.TopRight))
	l, r := fg.Render(b.Left), fg.Render(b.Right)
	for _, line := range strings.Split(content, "\n") {
		if len(out) == h-1 {
			break
		}
		out = append(out, l+line+r)
	}
	for len(out) < h-1 {
		out = append(out, l+strings.Repeat(" ", iw)+r)
	}
	out = append(out, fg.Render(b.BottomLeft+strings.Repeat(b.Bottom, iw)+b.BottomRight))
	return out[:h]
}

// overlayInner is the content size of the overlay box.
func (m *Model) overlayInner() (int, int) {
	var ww, wh int
	switch m.overlay {
	case overlayHelp:
		ww, wh = m.help.Size()
	case overlaySources:
		ww, wh = 72, 3+4*len(m.s.sources)+2
		for _, ss := range m.s.sources {
			ww = max(ww, ansi.StringWidth(ss.src.URL)+2)
		}
	case overlayEntities:
		ww, wh = m.ents.Size()
	default:
		return 0, 0
	}
	if m.w < 8 || m.bodyH < 4 {
		return m.w, m.bodyH // no room for a box: the overlay takes the body
	}
	return min(ww, m.w-4), min(wh, m.bodyH-2)
}

func (m Model) render() string {
	W, H := m.w, m.h
	if W <= 0 || H <= 0 {
		return ""
	}
	parts := make([]string, 0, 3)
	if m.bodyH > 0 {
		parts = append(parts, m.renderBody())
	}
	if m.filter.Active() && H >= 3 {
		parts = append(parts, m.filter.View())
	}
	parts = append(parts, m.status.View())
	return fitBlock(strings.Join(parts, "\n"), W, H)
}

func (m Model) renderBody() string {
	W, bh := m.w, m.bodyH
	var body string
	switch {
	case m.wide:
		lst, rst := m.st.Pane, m.st.Pane
		if m.focus == focusList {
			lst = m.st.PaneFocused
		} else {
			rst = m.st.PaneFocused
		}
		left := boxLines(m.list.View(), m.listW, bh, lst)
		right := boxLines(m.reader.View(), W-m.listW, bh, rst)
		lines := make([]string, bh)
		for i := range lines {
			lines[i] = left[i] + right[i]
		}
		body = strings.Join(lines, "\n")
	case m.focus == focusReader:
		body = m.reader.View()
	default:
		body = m.list.View()
	}
	if m.overlay == overlayNone {
		return body
	}
	var content string
	switch m.overlay {
	case overlayHelp:
		content = m.help.View()
	case overlaySources:
		content = m.sources.View()
	case overlayEntities:
		content = m.ents.View()
	}
	iw, ih := m.overlayInner()
	if iw >= W || ih >= bh {
		return fitBlock(content, W, bh)
	}
	box := m.st.Overlay.Padding(0, 1).Render(fitBlock(content, iw, ih))
	bw := ansi.StringWidth(strings.SplitN(box, "\n", 2)[0])
	bht := strings.Count(box, "\n") + 1
	return splice(body, box, max((W-bw)/2, 0), max((bh-bht)/2, 0))
}
