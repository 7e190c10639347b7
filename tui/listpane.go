package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/dateline-news/dateline/query"
)

// listPane is the headline list: a header (view name and count), then
// two lines per item. It pages through any number of rows, drawing only
// the visible ones.
type listPane struct {
	w, h    int
	st      *Styles
	keys    *KeyMap
	now     func() time.Time
	focused bool

	rows  []*entry
	sel   int
	off   int
	title string // view name
	total int    // items in the view before the filter
	count string // the header's count, when set ("1000+"; the library's)
	terms []string
	empty string // shown when there are no rows
	cache *rowCache
}

// rowCache keeps rendered rows between frames: drawing a row styles a
// dozen pieces and measures them, and between two frames most rows have
// not changed. The key holds everything a row shows.
type rowCache struct {
	w     int
	terms string
	rows  map[rowKey][2]string
}

type rowKey struct {
	e                          *entry
	ver                        int
	sel                        bool
	read, saved, starred       bool
	saving                     bool
	rowErr, age, title, source string
}

func newListPane(st *Styles, keys *KeyMap, now func() time.Time) listPane {
	return listPane{st: st, keys: keys, now: now, cache: &rowCache{rows: map[rowKey][2]string{}}}
}

// Restyle drops the rendered rows after a change of styles.
func (l *listPane) Restyle() { clear(l.cache.rows) }

func (l listPane) row(e *entry, selected bool, now time.Time) (string, string) {
	c := l.cache
	terms := strings.Join(l.terms, "\x00")
	if c.w != l.w || c.terms != terms || len(c.rows) > 4*l.perPage()+256 {
		clear(c.rows)
		c.w, c.terms = l.w, terms
	}
	k := rowKey{e: e, ver: e.ver, sel: selected, read: e.read, saved: e.saved, starred: e.starred, saving: e.saving,
		rowErr: e.rowErr, age: relAge(now, e.item.Published), title: e.item.Title, source: e.item.SourceName}
	if r, ok := c.rows[k]; ok {
		return r[0], r[1]
	}
	a, b := l.renderRow(e, selected, now)
	c.rows[k] = [2]string{a, b}
	return a, b
}

func (l *listPane) SetSize(w, h int) {
	l.w, l.h = max(w, 0), max(h, 0)
	l.ensureVisible()
}

// rowLines is how many lines one item takes.
func (l *listPane) rowLines() int {
	if l.h < 5 {
		return 1
	}
	return 2
}

// perPage is how many items fit below the header.
func (l *listPane) perPage() int {
	return max((l.h-1)/l.rowLines(), 1)
}

// Selected returns the selected entry, or nil.
func (l *listPane) Selected() *entry {
	if l.sel < 0 || l.sel >= len(l.rows) {
		return nil
	}
	return l.rows[l.sel]
}

// SelectedID returns the ID of the selected entry, or "".
func (l *listPane) SelectedID() string {
	if e := l.Selected(); e != nil {
		return e.id()
	}
	return ""
}

// SetRows replaces the rows. The selected item stays selected, and at the
// same place on screen, when it is still there; otherwise the selection
// keeps its index.
func (l *listPane) SetRows(rows []*entry, total int) {
	keep := l.SelectedID()
	screen := l.sel - l.off
	l.rows, l.total = rows, total
	if keep != "" {
		for i, e := range rows {
			if e.id() == keep {
				l.sel = i
				l.off = i - screen
				l.ensureVisible()
				return
			}
		}
	}
	l.sel = min(l.sel, len(rows)-1)
	l.sel = max(l.sel, 0)
	l.ensureVisible()
}

// Select moves the selection to the row with that id, if present.
func (l *listPane) Select(id string) bool {
	for i, e := range l.rows {
		if e.id() == id {
			l.sel = i
			l.ensureVisible()
			return true
		}
	}
	return false
}

func (l *listPane) Move(d int) {
	if len(l.rows) == 0 {
		return
	}
	l.sel = min(max(l.sel+d, 0), len(l.rows)-1)
	l.ensureVisible()
}

func (l *listPane) Top()    { l.sel = 0; l.ensureVisible() }
func (l *listPane) Bottom() { l.sel = max(len(l.rows)-1, 0); l.ensureVisible() }

func (l *listPane) ensureVisible() {
	n := l.perPage()
	maxOff := max(len(l.rows)-n, 0)
	if l.sel < l.off {
		l.off = l.sel
	}
	if l.sel >= l.off+n {
		l.off = l.sel - n + 1
	}
	l.off = min(max(l.off, 0), maxOff)
}

// RowAt maps a line of the pane (0 = header) to a row index, or -1.
func (l *listPane) RowAt(y int) int {
	if y < 1 || (y-1)/l.rowLines() >= l.perPage() {
		return -1
	}
	i := l.off + (y-1)/l.rowLines()
	if i >= len(l.rows) {
		return -1
	}
	return i
}

// Update handles the moves of a focused list. Opening the selected item
// is the root's (Model.open, at once: the row on screen is the one to
// open).
func (l listPane) Update(msg tea.Msg) (listPane, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return l, nil
	}
	switch {
	case key.Matches(k, l.keys.Up):
		l.Move(-1)
	case key.Matches(k, l.keys.Down):
		l.Move(1)
	case key.Matches(k, l.keys.Top):
		l.Top()
	case key.Matches(k, l.keys.Bottom):
		l.Bottom()
	case key.Matches(k, l.keys.PageDown):
		l.Move(l.perPage())
	case key.Matches(k, l.keys.PageUp):
		l.Move(-l.perPage())
	}
	return l, nil
}

// header is the first line: view name, then "3 of 128" or "128".
func (l listPane) header() string {
	count := itoa(len(l.rows))
	switch {
	case l.count != "":
		count = l.count
	case len(l.rows) != l.total:
		count = itoa(len(l.rows)) + " of " + itoa(l.total)
	}
	left := l.st.ListHeader.Render(truncate(l.title, max(l.w, 0)))
	rest := l.w - lipgloss.Width(left) - 3
	if rest < 1 {
		return left
	}
	return left + l.st.ListCount.Render(" · "+truncate(count, rest))
}

func (l listPane) View() string {
	if l.w <= 0 || l.h <= 0 {
		return ""
	}
	lines := make([]string, 0, l.h)
	lines = append(lines, l.header())
	if len(l.rows) == 0 {
		msg := l.empty
		if msg == "" {
			msg = "No headlines."
		}
		for _, wl := range wrapRich(msg, nil, max(l.w-2, 1)) {
			lines = append(lines, " "+wl.render(l.st.ListEmpty, l.st))
		}
		return fitLines(lines, l.w, l.h)
	}
	end := min(l.off+l.perPage(), len(l.rows))
	var now time.Time
	if l.now != nil {
		now = l.now()
	}
	for i := l.off; i < end; i++ {
		a, b := l.row(l.rows[i], i == l.sel, now)
		lines = append(lines, a)
		if l.rowLines() == 2 {
			lines = append(lines, b)
		}
	}
	return fitLines(lines, l.w, l.h)
}

func (l listPane) renderRow(e *entry, selected bool, now time.Time) (string, string) {
	st := l.st
	w := l.w
	pad := func(s string, base lipgloss.Style) string {
		if gap := w - ansi.StringWidth(s); gap > 0 {
			s += base.Render(strings.Repeat(" ", gap))
		}
		return s
	}
	over := func(s lipgloss.Style) lipgloss.Style {
		if selected {
			return s.Inherit(st.RowSelected)
		}
		return s
	}
	gutter := over(st.RowMeta).Render(" ")
	if selected {
		gutter = over(st.RowGutter).Render("▌")
	}
	dot := over(st.RowMeta).Render("  ")
	if !e.read {
		dot = over(st.Unread).Render("●") + over(st.RowMeta).Render(" ")
	}
	titleStyle := st.RowTitle
	if e.read {
		titleStyle = st.RowTitleRead
	}
	title := e.item.Title
	if title == "" {
		title = "(untitled)"
	}
	var cls []uint8
	if hs := query.Highlights(title, l.terms); len(hs) > 0 {
		cls = make([]uint8, len(title))
		for _, r := range hs {
			markRange(cls, r.Start, r.End, clsMatch)
		}
	}
	bg := lipgloss.NewStyle()
	if selected {
		bg = st.RowSelected
	}
	line1 := gutter + dot + singleLine(title, cls, max(w-3, 0), titleStyle, st, bg)

	// Second line: source · age, then markers at the right.
	var marks []string
	if e.rowErr != "" {
		marks = append(marks, over(st.RowError).Render("! "+e.rowErr))
	}
	if e.starred {
		marks = append(marks, over(st.Starred).Render("★"))
	}
	switch {
	case e.saving:
		marks = append(marks, over(st.Saved).Render("saving…"))
	case e.saved:
		marks = append(marks, over(st.Saved).Render("saved"))
	}
	right := strings.Join(marks, over(st.RowMeta).Render(" "))
	meta := e.item.SourceName
	if age := relAge(now, e.item.Published); age != "" {
		if meta != "" {
			meta += " · "
		}
		meta += age
	}
	avail := w - 3
	rw := ansi.StringWidth(right)
	if rw > 0 && rw+1 > avail/2 {
		right = truncate(right, max(avail/2-1, 0))
		rw = ansi.StringWidth(right)
	}
	metaW := avail
	if rw > 0 {
		metaW = avail - rw - 1
	}
	metaS := over(st.RowMeta).Render(truncate(meta, max(metaW, 0)))
	line2 := gutter + over(st.RowMeta).Render("  ") + metaS
	if rw > 0 {
		gap := w - ansi.StringWidth(line2) - rw
		if gap > 0 {
			line2 += over(st.RowMeta).Render(strings.Repeat(" ", gap))
		}
		line2 += right
	}
	base := st.RowMeta
	if selected {
		base = st.RowSelected
	}
	return pad(fitTrunc(line1, w), base), pad(fitTrunc(line2, w), base)
}

// fitTrunc cuts a styled line to w cells (no padding).
func fitTrunc(s string, w int) string {
	if ansi.StringWidth(s) > w {
		return ansi.Truncate(s, max(w, 0), "")
	}
	return s
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
