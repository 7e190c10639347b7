package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// helpOverlay lists every binding of the KeyMap, in columns when they fit.
type helpOverlay struct {
	scroller
	styles  *Styles
	keys    *KeyMap
	version string
}

func (h helpOverlay) lines() []string {
	var cols [][]string
	for _, col := range h.keys.FullHelp() {
		kw := 0
		for _, b := range col {
			kw = max(kw, ansi.StringWidth(b.Help().Key))
		}
		var c []string
		for _, b := range col {
			if !b.Enabled() {
				continue
			}
			k := b.Help().Key
			c = append(c, h.styles.HelpKey.Render(k+strings.Repeat(" ", kw-ansi.StringWidth(k)))+"  "+h.styles.HelpDesc.Render(b.Help().Desc))
		}
		cols = append(cols, c)
	}
	title := "Dateline keys"
	if h.version != "" {
		title += " · " + h.version
	}
	out := []string{h.styles.OverlayTitle.Render(truncate(title, h.width)), ""}
	// Side by side when they fit, else one after the other.
	total, rows := 0, 0
	widths := make([]int, len(cols))
	for i, c := range cols {
		for _, l := range c {
			widths[i] = max(widths[i], ansi.StringWidth(l))
		}
		total += widths[i] + 3
		rows = max(rows, len(c))
	}
	if total-3 <= h.width {
		for r := 0; r < rows; r++ {
			var b strings.Builder
			for i, c := range cols {
				cell := ""
				if r < len(c) {
					cell = c[r]
				}
				if i < len(cols)-1 {
					cell = fitLine(cell, widths[i]+3)
				}
				b.WriteString(cell)
			}
			out = append(out, b.String())
		}
	} else {
		for i, c := range cols {
			if i > 0 {
				out = append(out, "")
			}
			out = append(out, c...)
		}
	}
	out = append(out, "", h.styles.Dim.Render("esc or ? closes"))
	return out
}

// Size is the box the help wants (content size).
func (h helpOverlay) Size() (int, int) {
	h.width = 1 << 20
	ls := h.lines()
	w := 0
	for _, l := range ls {
		w = max(w, ansi.StringWidth(l))
	}
	return w, len(ls)
}

// Update scrolls the help; esc, ? or q close it.
func (h *helpOverlay) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if key.Matches(k, h.keys.Help, h.keys.Clear, h.keys.Quit) {
		return msgCmd(closeOverlayMsg{})
	}
	h.scrollKey(k, h.keys, len(h.lines()))
	return nil
}

// Scroll moves the help by d lines (the mouse wheel).
func (h *helpOverlay) Scroll(d int) { h.offset += d; h.clamp(len(h.lines())) }

func (h helpOverlay) View() string { return h.window(h.lines()) }
