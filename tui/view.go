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
	width, height := m.width, m.height
	statusHeight := min(1, height)
	filterHeight := 0
	if m.filter.Active() && height >= 3 {
		filterHeight = 1
	}
	m.bodyHeight = max(height-statusHeight-filterHeight, 0)
	m.wide = width >= wideMin && m.bodyHeight >= 6
	if m.wide {
		m.listWidth = m.clampListWidth(m.listColumns)
		m.list.pane.SetSize(m.listWidth-2, m.bodyHeight-2)
		m.reader.SetSize(width-m.listWidth-2, m.bodyHeight-2)
	} else {
		m.listWidth = width
		m.list.pane.SetSize(width, m.bodyHeight)
		m.reader.SetSize(width, m.bodyHeight)
	}
	m.setFocus(m.focus)
	m.filter.SetSize(width)
	m.status.SetSize(width)
	iw, ih := m.overlayInner()
	m.help.SetSize(iw, ih)
	m.sources.SetSize(iw, ih)
	m.ents.SetSize(iw, ih)
}

// Bounds of the list pane's width when the panes are side by side.
const (
	minListWidth   = 24
	minReaderWidth = 40
)

// clampListWidth is the list pane's width for a chosen width (0: 40% of
// the window), within what leaves both panes usable.
func (m *Model) clampListWidth(columns int) int {
	if columns <= 0 {
		columns = max(m.width*40/100, 30)
	}
	return max(min(columns, m.width-minReaderWidth), minListWidth)
}

// resizeList sets the list pane's width (the user's choice, kept for the
// next run when it ends: a key, or the end of a drag).
func (m *Model) resizeList(columns int) {
	m.listColumns = m.clampListWidth(columns)
	m.layout()
}

// boxLines draws a border of style st around content, which must be
// exactly (w-2) x (h-2) cells, and returns the h lines; label, when set,
// sits at the right of the bottom border ("─ 37% ─╯"). The glyphs are
// styled once per call, not once per line, and nothing is re-measured.
func boxLines(content string, w, h int, st lipgloss.Style, label string) []string {
	b := st.GetBorderStyle()
	fg := lipgloss.NewStyle().Foreground(st.GetBorderTopForeground())
	iw := max(w-2, 0)
	out := make([]string, 0, h)
	out = append(out, fg.Render(b.TopLeft+strings.Repeat(b.Top, iw)+b.TopRight))
	left, right := fg.Render(b.Left), fg.Render(b.Right)
	for _, line := range strings.Split(content, "\n") {
		if len(out) == h-1 {
			break
		}
		out = append(out, left+line+right)
	}
	for len(out) < h-1 {
		out = append(out, left+strings.Repeat(" ", iw)+right)
	}
	bottom := strings.Repeat(b.Bottom, iw)
	if lw := ansi.StringWidth(label); label != "" && lw+4 <= iw {
		bottom = strings.Repeat(b.Bottom, iw-lw-3) + " " + label + " " + b.Bottom
	}
	out = append(out, fg.Render(b.BottomLeft+bottom+b.BottomRight))
	return out[:h]
}

// overlayInner is the content size of the overlay box.
func (m *Model) overlayInner() (int, int) {
	var ww, wh int
	switch m.overlay {
	case overlayHelp:
		ww, wh = m.help.Size()
	case overlaySources:
		ww, wh = m.sources.Size()
	case overlayEntities:
		ww, wh = m.ents.Size()
	default:
		return 0, 0
	}
	if m.width < 8 || m.bodyHeight < 4 {
		return m.width, m.bodyHeight // no room for a box: the overlay takes the body
	}
	return min(ww, m.width-4), min(wh, m.bodyHeight-2)
}

func (m *Model) render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	parts := make([]string, 0, 3)
	if m.bodyHeight > 0 {
		parts = append(parts, m.renderBody())
	}
	if m.filter.Active() && m.height >= 3 {
		parts = append(parts, m.filter.View())
	}
	// The reader's position: on its border when wide, else here.
	m.status.position = ""
	if !m.wide && m.focus == focusReader && m.overlay == overlayNone {
		m.status.position = m.reader.Position()
	}
	parts = append(parts, m.status.View())
	return fitBlock(strings.Join(parts, "\n"), m.width, m.height)
}

// renderPanes draws the list and the reader: side by side in boxes, or
// the focused one alone.
func (m *Model) renderPanes() string {
	switch {
	case m.wide:
		listStyle, readerStyle := m.styles.Pane, m.styles.Pane
		if m.focus == focusList {
			listStyle = m.styles.PaneFocused
		} else {
			readerStyle = m.styles.PaneFocused
		}
		left := boxLines(m.list.pane.View(), m.listWidth, m.bodyHeight, listStyle, "")
		right := boxLines(m.reader.View(), m.width-m.listWidth, m.bodyHeight, readerStyle, m.reader.Position())
		lines := make([]string, m.bodyHeight)
		for i := range lines {
			lines[i] = left[i] + right[i]
		}
		return strings.Join(lines, "\n")
	case m.focus == focusReader:
		return m.reader.View()
	}
	return m.list.pane.View()
}

// renderBody is the panes, with the overlay over them.
func (m *Model) renderBody() string {
	body := m.renderPanes()
	var content string
	switch m.overlay {
	case overlayNone:
		return body
	case overlayHelp:
		content = m.help.View()
	case overlaySources:
		content = m.sources.View()
	case overlayEntities:
		content = m.ents.View()
	}
	iw, ih := m.overlayInner()
	if iw >= m.width || ih >= m.bodyHeight {
		return fitBlock(content, m.width, m.bodyHeight)
	}
	box := m.styles.Overlay.Padding(0, 1).Render(fitBlock(content, iw, ih))
	bw := ansi.StringWidth(strings.SplitN(box, "\n", 2)[0])
	bh := strings.Count(box, "\n") + 1
	return splice(body, box, max((m.width-bw)/2, 0), max((m.bodyHeight-bh)/2, 0))
}
