package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// onKey routes a key: the prompt or input that has it (footnote, filter),
// an open overlay, an app shortcut, then the focused pane.
func (m *Model) onKey(k tea.KeyPressMsg) tea.Cmd {
	km := m.keys
	switch {
	case key.Matches(k, km.ForceQuit):
		return m.quit()
	case m.footnote.active:
		return m.onFootnoteKey(k)
	case m.watches.prompt.active:
		return m.onWatchPromptKey(k)
	case m.filter.Focused():
		return m.onFilterKey(k)
	case m.overlay != overlayNone:
		return m.onOverlayKey(k)
	}
	if cmd, ok := m.onShortcut(k); ok {
		return cmd
	}
	if cmd, ok := m.onItemKey(k); ok {
		return cmd
	}
	if m.focus == focusReader && m.readerVisible() {
		return m.reader.Update(k)
	}
	if key.Matches(k, km.Open) {
		// Opened here, not through a message: a search result landing in
		// between could replace the rows, and the row on screen now is the
		// one to open.
		return m.open(m.list.pane.SelectedID())
	}
	prev := m.list.pane.SelectedID()
	cmd := m.list.pane.Update(k)
	if key.Matches(k, km.Bottom) {
		cmd = tea.Batch(cmd, m.list.LoadRest())
	}
	if m.list.pane.SelectedID() != prev {
		return tea.Batch(cmd, m.selectionChanged())
	}
	return cmd
}

// onOverlayKey gives a key to the open overlay (r refreshes from the
// sources view).
func (m *Model) onOverlayKey(k tea.KeyPressMsg) tea.Cmd {
	switch m.overlay {
	case overlayHelp:
		return m.help.Update(k)
	case overlaySources:
		if key.Matches(k, m.keys.Refresh) {
			return m.startRefresh(true)
		}
		return m.sources.Update(k)
	case overlayEntities:
		return m.ents.Update(k)
	}
	return nil
}

// onShortcut handles the keys that open an overlay or the filter, change
// the view or the focus, or quit.
func (m *Model) onShortcut(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := m.keys
	switch {
	case key.Matches(k, km.Quit):
		return m.quit(), true
	case key.Matches(k, km.Help):
		m.overlay = overlayHelp
		m.help.offset, m.help.page = 0, 0
		m.layout()
	case key.Matches(k, km.Sources):
		m.sources.rows = m.refresh.Rows(m.sourceStates)
		m.sources.offset, m.sources.selected = 0, 0
		m.overlay = overlaySources
		m.layout()
		return sourcesCmd(m.ctx, m.library), true
	case key.Matches(k, km.Entities):
		m.openEntities()
	case key.Matches(k, km.Filter):
		m.filter.Focus()
		if !m.wide {
			m.setFocus(focusList) // the list is what narrows
		}
		m.layout()
	case key.Matches(k, km.Clear):
		if m.filter.Value() != "" {
			return m.clearFilter(), true
		}
		if m.focus == focusReader {
			m.setFocus(focusList)
		}
	case key.Matches(k, km.Refresh):
		return m.startRefresh(true), true
	case key.Matches(k, km.View):
		return m.nextView(), true
	case key.Matches(k, km.Watch):
		return m.startWatchPrompt(), true
	case key.Matches(k, km.ViewKeys[:]...):
		for i, b := range km.ViewKeys {
			if key.Matches(k, b) {
				return m.setView(views[i]), true
			}
		}
	case key.Matches(k, km.Focus):
		if m.focus == focusList {
			m.setFocus(focusReader)
		} else {
			m.setFocus(focusList)
		}
	case key.Matches(k, km.Back):
		m.setFocus(focusList)
	case key.Matches(k, km.Narrower, km.Wider):
		if !m.wide {
			return m.flash("The panes are side by side from 100 columns.", false), true
		}
		d := 4
		if key.Matches(k, km.Narrower) {
			d = -4
		}
		m.resizeList(m.listWidth + d)
		return m.keepListWidth(), true
	default:
		return nil, false
	}
	return nil, true
}

// onItemKey handles the keys that act on the current item or the
// article shown.
func (m *Model) onItemKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := m.keys
	switch {
	case key.Matches(k, km.OpenLink):
		return m.openLink(), true
	case key.Matches(k, km.CopyLink):
		return m.copyLink(), true
	case key.Matches(k, km.Save):
		return m.save(), true
	case key.Matches(k, km.Star):
		return m.toggle(flagStarred, "Starred", "Unstarred"), true
	case key.Matches(k, km.ToggleRead):
		return m.toggle(flagRead, "Marked read", "Marked unread"), true
	case key.Matches(k, km.MarkAllRead):
		return m.markAllRead(), true
	case key.Matches(k, km.Undo):
		return m.undoMarkAll(), true
	case key.Matches(k, km.NextUnread):
		return m.openUnread(1), true
	case key.Matches(k, km.PrevUnread):
		return m.openUnread(-1), true
	case key.Matches(k, km.Footnote):
		return m.startFootnote(), true
	case key.Matches(k, km.NextMention, km.PrevMention):
		d := 1
		if key.Matches(k, km.PrevMention) {
			d = -1
		}
		return m.nextMention(d), true
	case key.Matches(k, km.PageDown, km.PageUp) && m.readerVisible():
		return m.reader.Update(k), true
	}
	return nil, false
}

func (m *Model) onFilterKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Clear):
		m.filter.Blur()
		cmd := m.clearFilter()
		m.layout()
		return cmd
	case k.String() == "enter":
		m.filter.Blur()
		m.layout()
		return nil
	case k.String() == "up" || k.String() == "down":
		prev := m.list.pane.SelectedID()
		if k.String() == "up" {
			m.list.pane.Move(-1)
		} else {
			m.list.pane.Move(1)
		}
		if m.list.pane.SelectedID() != prev {
			return m.selectionChanged()
		}
		return nil
	}
	before := m.filter.Value()
	m.filter.Update(k)
	if m.filter.Value() != before {
		return m.applyFilter()
	}
	return nil
}

func (m *Model) onPaste(msg tea.PasteMsg) tea.Cmd {
	if !m.filter.Focused() {
		return nil
	}
	m.filter.Update(msg)
	return m.applyFilter()
}

// onFootnoteKey gives a key to the footnote prompt.
func (m *Model) onFootnoteKey(k tea.KeyPressMsg) tea.Cmd {
	links := m.reader.Links()
	digits, action := m.footnote.Update(k, len(links))
	if action == footnoteTyping {
		m.footnote.statusSeq = m.status.Set(m.footnote.Prompt(len(links)), false)
		return nil
	}
	m.status.Clear(m.footnote.statusSeq)
	if action == footnoteCancel {
		return nil
	}
	return m.openFootnote(digits, links)
}

// nextMention moves the reader to the next (d=1) or previous mention.
func (m *Model) nextMention(d int) tea.Cmd {
	if !m.readerVisible() {
		return nil
	}
	if !m.reader.NextMention(d) {
		if m.reader.Content().Kind == kindFeed && m.deps.Entities == nil {
			return m.flash("Entity extraction is not available.", false)
		}
		return m.flash("No entity mentions in this article.", false)
	}
	if mn, i, ok := m.reader.Current(); ok {
		return m.flash(fmt.Sprintf("%s · %s (%d of %d)", labelName(mn.label), mn.name, i, m.reader.Mentions()), false)
	}
	return nil
}

// ---- mouse ----

func (m *Model) onClick(mo tea.Mouse) tea.Cmd {
	if m.overlay != overlayNone || mo.Button != tea.MouseLeft || mo.Y >= m.bodyHeight {
		return nil
	}
	if m.wide && (mo.X == m.listWidth-1 || mo.X == m.listWidth) {
		m.dragging = true // the border between the panes
		return nil
	}
	inList, row := m.hit(mo.X, mo.Y)
	if !inList {
		if m.wide || m.focus == focusReader {
			m.setFocus(focusReader)
		}
		return nil
	}
	m.setFocus(focusList)
	i := m.list.pane.RowAt(row)
	if i < 0 {
		return nil
	}
	if i == m.list.pane.selected {
		return m.open(m.list.pane.SelectedID())
	}
	m.list.pane.SelectIndex(i)
	return m.selectionChanged()
}

func (m *Model) onWheel(mo tea.Mouse) tea.Cmd {
	d := 0
	switch mo.Button {
	case tea.MouseWheelUp:
		d = -1
	case tea.MouseWheelDown:
		d = 1
	default:
		return nil
	}
	switch m.overlay {
	case overlayHelp:
		m.help.Scroll(d)
		return nil
	case overlaySources:
		m.sources.Scroll(d)
		return nil
	case overlayEntities:
		return nil
	}
	if mo.Y >= m.bodyHeight {
		return nil
	}
	if inList, _ := m.hit(mo.X, mo.Y); inList {
		prev := m.list.pane.SelectedID()
		m.list.pane.Move(d)
		if m.list.pane.SelectedID() != prev {
			return m.selectionChanged()
		}
		return nil
	}
	m.reader.ScrollBy(3 * d)
	return nil
}

// onDrag moves the border between the panes with the mouse.
func (m *Model) onDrag(mo tea.Mouse) tea.Cmd {
	if m.dragging && m.wide {
		m.resizeList(mo.X + 1)
	}
	return nil
}

// onDragEnd keeps the width the drag left.
func (m *Model) onDragEnd() tea.Cmd {
	if !m.dragging {
		return nil
	}
	m.dragging = false
	return m.keepListWidth()
}

// keepListWidth saves the list's width for the next run.
func (m *Model) keepListWidth() tea.Cmd {
	save, columns := m.deps.SaveListWidth, m.listColumns
	if save == nil {
		return nil
	}
	return func() tea.Msg {
		if err := save(columns); err != nil {
			return layoutSavedMsg{Err: err}
		}
		return nil
	}
}

// layoutSavedMsg reports a failure to keep the layout.
type layoutSavedMsg struct{ Err error }

// hit reports whether (x, y) is on the list pane, and the line of the
// pane's content it is on.
func (m *Model) hit(x, y int) (bool, int) {
	if m.wide {
		return x < m.listWidth, y - 1
	}
	return m.focus == focusList, y
}
