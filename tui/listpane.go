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

// listPane draws the headline list: a header (view name and count), then
// two lines per item. It pages through any number of rows, drawing only
// the visible ones: its scroller counts rows, not lines.
type listPane struct {
	rowWindow scroller // over the rows; height is rows per page
	width     int
	height    int // lines, the header's included
	styles    *Styles
	keys      *KeyMap
	now       func() time.Time
	focused   bool

	rows     []*entry
	selected int
	// remembered is the item last selected: when a view or filter does
	// not list it, the selection comes back to it when one does again.
	remembered string
	title      string   // view name
	unread     string   // "3 unread", after the count
	total      int      // items in the view before the filter
	count      string   // the header's count, when set ("1000+"; "2 of 8")
	terms      []string // the filter's words, highlighted
	empty      string   // shown when there are no rows
	preview    []*entry // drawn (not selectable) instead of empty; see Deps.Preview
	// story is a watch's story, shown under the header when storyOn
	// (on the watch's view) and the pane is tall enough.
	story   storyView
	storyOn bool
	cache   *rowCache
}

// rowCache keeps rendered rows between frames: drawing a row styles a
// dozen pieces and measures them, and between two frames most rows have
// not changed. The key holds everything a row shows.
type rowCache struct {
	width int
	terms string
	rows  map[rowKey][2]string
}

type rowKey struct {
	item                 *entry
	version              int
	selected             bool
	read, saved, starred bool
	saving, failed       bool
	age, title, source   string
}

func newListPane(st *Styles, keys *KeyMap, now func() time.Time) listPane {
	return listPane{styles: st, keys: keys, now: now, cache: &rowCache{rows: map[rowKey][2]string{}}}
}

// Restyle drops the rendered rows after a change of styles.
func (l *listPane) Restyle() { clear(l.cache.rows) }

func (l listPane) row(e *entry, selected bool, now time.Time) (string, string) {
	c := l.cache
	terms := strings.Join(l.terms, "\x00")
	if c.width != l.width || c.terms != terms || len(c.rows) > 4*l.perPage()+256 {
		clear(c.rows)
		c.width, c.terms = l.width, terms
	}
	k := rowKey{item: e, version: e.version, selected: selected, read: e.read, saved: e.saved, starred: e.starred,
		saving: e.saving, failed: e.rowErr != "", age: rowDate(now, e.item.Published), title: e.item.Title, source: e.item.SourceName}
	if r, ok := c.rows[k]; ok {
		return r[0], r[1]
	}
	a, b := l.renderRow(e, selected, now)
	c.rows[k] = [2]string{a, b}
	return a, b
}

func (l *listPane) SetSize(w, h int) {
	l.width, l.height = max(w, 0), max(h, 0)
	l.reveal()
}

// rowLines is how many lines one item takes.
func (l *listPane) rowLines() int {
	if l.height < 5 {
		return 1
	}
	return 2
}

// perPage is how many items fit below the header (and the story).
func (l *listPane) perPage() int {
	return max((l.height-l.headLines())/l.rowLines(), 1)
}

// storyLines are the story's lines under the header (none off a
// watch's view).
func (l *listPane) storyLines() []string {
	if !l.storyOn {
		return nil
	}
	return l.story.Lines(l.width-1, l.height)
}

// headLines is how many lines come before the rows.
func (l *listPane) headLines() int { return 1 + len(l.storyLines()) }

// Selected returns the selected entry, or nil.
func (l *listPane) Selected() *entry {
	if l.selected < 0 || l.selected >= len(l.rows) {
		return nil
	}
	return l.rows[l.selected]
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
	if keep == "" {
		keep = l.remembered
	}
	screen := l.selected - l.rowWindow.offset
	l.rows, l.total = rows, total
	if keep != "" {
		for i, e := range rows {
			if e.id() == keep {
				l.selected = i
				l.rowWindow.offset = i - screen
				l.reveal()
				return
			}
		}
	}
	l.selected = max(min(l.selected, len(rows)-1), 0)
	l.reveal()
	if keep != "" {
		l.remembered = keep // not listed here: wanted back where it is
	}
}

// Select moves the selection to the row with that id, if present.
func (l *listPane) Select(id string) bool {
	for i, e := range l.rows {
		if e.id() == id {
			l.selected = i
			l.reveal()
			return true
		}
	}
	return false
}

// SelectIndex selects row i (a click).
func (l *listPane) SelectIndex(i int) {
	l.selected = max(min(i, len(l.rows)-1), 0)
	l.reveal()
}

func (l *listPane) Move(d int) {
	if len(l.rows) == 0 {
		return
	}
	l.SelectIndex(l.selected + d)
}

// reveal scrolls the least that shows the selected row (and remembers
// it).
func (l *listPane) reveal() {
	if id := l.SelectedID(); id != "" {
		l.remembered = id
	}
	l.rowWindow.height = l.perPage()
	l.rowWindow.reveal(l.selected, len(l.rows))
}

// RowAt maps a line of the pane (0 = header) to a row index, or -1.
func (l *listPane) RowAt(y int) int {
	head := l.headLines()
	if y < head || (y-head)/l.rowLines() >= l.perPage() {
		return -1
	}
	i := l.rowWindow.offset + (y-head)/l.rowLines()
	if i >= len(l.rows) {
		return -1
	}
	return i
}

// Update handles the moves of a focused list. Opening the selected item
// is the root's (at once: the row on screen is the one to open).
func (l *listPane) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, l.keys.Up):
		l.Move(-1)
	case key.Matches(k, l.keys.Down):
		l.Move(1)
	case key.Matches(k, l.keys.Top):
		l.SelectIndex(0)
	case key.Matches(k, l.keys.Bottom):
		l.SelectIndex(len(l.rows) - 1)
	case key.Matches(k, l.keys.PageDown):
		l.Move(l.perPage())
	case key.Matches(k, l.keys.PageUp):
		l.Move(-l.perPage())
	}
	return nil
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
	if l.unread != "" {
		count += " · " + l.unread
	}
	left := l.styles.ListHeader.Render(truncate(l.title, l.width))
	rest := l.width - lipgloss.Width(left) - 3
	if rest < 1 || (len(l.rows) == 0 && len(l.preview) > 0) {
		return left // (the preview's rows are not counted: they are not the library's yet)
	}
	return left + l.styles.ListCount.Render(" · "+truncate(count, rest))
}

func (l listPane) View() string {
	if l.width <= 0 || l.height <= 0 {
		return ""
	}
	lines := make([]string, 0, l.height)
	lines = append(lines, l.header())
	for _, s := range l.storyLines() {
		lines = append(lines, l.styles.ListCount.Render(" "+s))
	}
	var now time.Time
	if l.now != nil {
		now = l.now()
	}
	if len(l.rows) == 0 && len(l.preview) > 0 {
		for _, e := range l.preview[:min(len(l.preview), l.perPage())] {
			a, b := l.row(e, false, now)
			lines = append(lines, a)
			if l.rowLines() == 2 {
				lines = append(lines, b)
			}
		}
		return fitLines(lines, l.width, l.height)
	}
	if len(l.rows) == 0 {
		msg := l.empty
		if msg == "" {
			msg = "No headlines."
		}
		for _, wl := range wrapRich(msg, nil, max(l.width-2, 1)) {
			lines = append(lines, " "+wl.render(l.styles.ListEmpty, l.styles))
		}
		return fitLines(lines, l.width, l.height)
	}
	first := l.rowWindow.offset
	end := min(first+l.perPage(), len(l.rows))
	for i := first; i < end; i++ {
		a, b := l.row(l.rows[i], i == l.selected, now)
		lines = append(lines, a)
		if l.rowLines() == 2 {
			lines = append(lines, b)
		}
	}
	return fitLines(lines, l.width, l.height)
}

// rowPainter draws the two lines of one row.
type rowPainter struct {
	styles   *Styles
	width    int
	selected bool
	terms    []string
}

// over lays a style on the selected row's background.
func (p rowPainter) over(s lipgloss.Style) lipgloss.Style {
	if p.selected {
		return s.Inherit(p.styles.RowSelected)
	}
	return s
}

// pad fills a line to the width with the row's background.
func (p rowPainter) pad(s string) string {
	base := p.styles.RowMeta
	if p.selected {
		base = p.styles.RowSelected
	}
	s = fitTrunc(s, p.width)
	if gap := p.width - ansi.StringWidth(s); gap > 0 {
		s += base.Render(strings.Repeat(" ", gap))
	}
	return s
}

func (p rowPainter) gutter() string {
	if p.selected {
		return p.over(p.styles.RowGutter).Render("▌")
	}
	return p.over(p.styles.RowMeta).Render(" ")
}

// titleLine is the first line: gutter, unread dot, the title with the
// filter's matches.
func (p rowPainter) titleLine(e *entry) string {
	st := p.styles
	dot := p.over(st.RowMeta).Render("  ")
	titleStyle := st.RowTitleRead
	if !e.read {
		dot = p.over(st.Unread).Render("●") + p.over(st.RowMeta).Render(" ")
		titleStyle = st.RowTitle
	}
	title := e.item.Title
	if title == "" {
		title = "(untitled)"
	}
	var classes []uint8
	if hs := query.Highlights(title, p.terms); len(hs) > 0 {
		classes = make([]uint8, len(title))
		for _, r := range hs {
			markRange(classes, r.Start, r.End, clsMatch)
		}
	}
	bg := lipgloss.NewStyle()
	if p.selected {
		bg = st.RowSelected
	}
	return p.gutter() + dot + singleLine(title, classes, max(p.width-3, 0), titleStyle, st, bg)
}

// markers are the row's state at the right of its second line, before
// its date: "!" when its article failed (the reason is in the reader and
// the status line), a star, saved.
func (p rowPainter) markers(e *entry) string {
	st := p.styles
	var marks []string
	if e.rowErr != "" {
		marks = append(marks, p.over(st.RowError).Render("!"))
	}
	if e.starred {
		marks = append(marks, p.over(st.Starred).Render("★"))
	}
	switch {
	case e.saving:
		marks = append(marks, p.over(st.Saved).Render("saving…"))
	case e.saved:
		marks = append(marks, p.over(st.Saved).Render("saved"))
	}
	return strings.Join(marks, p.over(st.RowMeta).Render(" "))
}

// metaLine is the second line: the source, then at the right the
// markers and the date, which always shows (the source gives way).
func (p rowPainter) metaLine(e *entry, now time.Time) string {
	st := p.styles
	marks := p.markers(e)
	date := p.over(st.RowMeta).Render(rowDate(now, e.item.Published))
	avail := p.width - 3
	tail := date
	if marks != "" {
		tail = marks + p.over(st.RowMeta).Render(" ") + date
	}
	if ansi.StringWidth(tail) > avail {
		tail = fitTrunc(date, avail)
	}
	tw := ansi.StringWidth(tail)
	sourceW := max(avail-tw-1, 0)
	line := p.gutter() + p.over(st.RowMeta).Render("  ") + p.over(st.RowMeta).Render(truncate(e.item.SourceName, sourceW))
	if tw > 0 {
		if gap := p.width - ansi.StringWidth(line) - tw; gap > 0 {
			line += p.over(st.RowMeta).Render(strings.Repeat(" ", gap))
		}
		line += tail
	}
	return line
}

func (l listPane) renderRow(e *entry, selected bool, now time.Time) (string, string) {
	p := rowPainter{styles: l.styles, width: l.width, selected: selected, terms: l.terms}
	return p.pad(p.titleLine(e)), p.pad(p.metaLine(e, now))
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
