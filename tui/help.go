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
	page    int // helpPages index
}

// helpPages are the help's pages; tab turns them.
var helpPages = [...]string{"Keys", "Search", "Mouse"}

// searchHelp and mouseHelp are the help's other pages: term, meaning.
var (
	searchHelp = [][2]string{
		{"seoul port", "every word, as you type (a word being typed is a prefix)"},
		{`"intelligence pact"`, "a phrase"},
		{"-trump", "leave out"},
		{"seoul OR tokyo", "either; seoul | tokyo too (a lower-case or is a word)"},
		{"(a OR b) c", "group; without parentheses a b OR c is (a b) OR c"},
		{"-(seoul OR tokyo)", "leave out a group: neither seoul nor tokyo"},
		{"source:world", "a source by a word of its name or host, or its URL"},
		{`person:"taro kono"`, "a person the article names; place:, org:, entity:"},
		{"person:(kono OR abe)", "a field over a group: person:kono OR person:abe"},
		{"region:oceania", "a region the article is about; region:asia-pacific"},
		{"is:unread", "is:read, is:saved, is:starred, is:asia-pacific"},
		{"after:2019-11-01", "published from that day; before: up to it"},
		{"sort:relevance", "best matches first (else newest first)"},
	}
	mouseHelp = [][2]string{
		{"click a row", "select it; click it again to open it"},
		{"click the reader", "give it the keys"},
		{"wheel", "scroll the pane under the pointer"},
		{"drag the border", "between the panes: resize the list (kept)"},
	}
)

// header is the help's title with its pages, the current one marked.
func (h helpOverlay) header() []string {
	title := "Dateline help"
	if h.version != "" {
		title += " · " + h.version
	}
	var tabs []string
	for i, p := range helpPages {
		if i == h.page {
			tabs = append(tabs, h.styles.OverlaySelected.Render(" "+p+" "))
		} else {
			tabs = append(tabs, h.styles.Dim.Render(" "+p+" "))
		}
	}
	return []string{h.styles.OverlayTitle.Render(truncate(title, h.width)), strings.Join(tabs, " "), ""}
}

// pairLines lays out term, meaning pairs in two columns.
func (h helpOverlay) pairLines(pairs [][2]string) []string {
	tw := 0
	for _, p := range pairs {
		tw = max(tw, ansi.StringWidth(p[0]))
	}
	var out []string
	for _, p := range pairs {
		out = append(out, h.styles.HelpKey.Render(p[0]+strings.Repeat(" ", tw-ansi.StringWidth(p[0])))+"  "+h.styles.HelpDesc.Render(p[1]))
	}
	return out
}

func (h helpOverlay) lines() []string {
	out := h.header()
	switch h.page {
	case 1:
		out = append(out, h.pairLines(searchHelp)...)
	case 2:
		out = append(out, h.pairLines(mouseHelp)...)
	default:
		out = append(out, h.keyLines()...)
	}
	return append(out, "", h.styles.Dim.Render("tab turns the page · esc or ? closes"))
}

// keyLines lists the key map's bindings in columns when they fit.
func (h helpOverlay) keyLines() []string {
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
	var out []string
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
	if key.Matches(k, h.keys.Focus) {
		h.page = (h.page + 1) % len(helpPages)
		h.offset = 0
		return nil
	}
	h.scrollKey(k, h.keys, len(h.lines()))
	return nil
}

// Scroll moves the help by d lines (the mouse wheel).
func (h *helpOverlay) Scroll(d int) { h.offset += d; h.clamp(len(h.lines())) }

func (h helpOverlay) View() string { return h.window(h.lines()) }
