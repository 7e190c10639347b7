package tui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/dateline-news/dateline/feeds"
)

// clean makes multi-line text safe for the terminal, oneLine a name or a
// title: both are the one sanitiser (feeds.SanitizeText, feeds.Sanitize)
// every string passes through before it reaches the terminal, whatever
// its origin.
func clean(s string) string { return feeds.SanitizeText(s) }

func oneLine(s string) string { return feeds.Sanitize(s) }

// fitLine cuts or pads s (which may hold ANSI styles) to exactly w cells.
func fitLine(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// fitBlock makes s exactly w cells wide and h lines high.
func fitBlock(s string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = fitLine(l, w)
	}
	return strings.Join(lines, "\n")
}

// fitLines is fitBlock for a slice of lines.
func fitLines(lines []string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	out := make([]string, h)
	for i := range out {
		l := ""
		if i < len(lines) {
			l = lines[i]
		}
		out[i] = fitLine(l, w)
	}
	return strings.Join(out, "\n")
}

// truncate shortens a plain or styled string to w cells with an ellipsis.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	if w == 1 {
		return ansi.Truncate(s, 1, "")
	}
	return ansi.Truncate(s, w, "…")
}

// splice lays box over base with its top-left corner at column x, row y.
// Both are blocks of lines; base keeps its size.
func splice(base, box string, x, y int) string {
	bl := strings.Split(base, "\n")
	for i, l := range strings.Split(box, "\n") {
		row := y + i
		if row < 0 || row >= len(bl) {
			continue
		}
		bw := ansi.StringWidth(bl[row])
		ow := ansi.StringWidth(l)
		if x >= bw {
			continue
		}
		if x+ow > bw {
			l = ansi.Truncate(l, bw-x, "")
			ow = ansi.StringWidth(l)
		}
		left := fitLine(ansi.Truncate(bl[row], x, ""), x)
		right := ansi.TruncateLeft(bl[row], x+ow, "")
		bl[row] = left + ansi.ResetStyle + l + ansi.ResetStyle + right
	}
	return strings.Join(bl, "\n")
}

// Style classes of rich text, in increasing priority.
const (
	clsBase uint8 = iota
	clsPerson
	clsPlace
	clsOrg
	clsOther   // a name of unknown type
	clsRef     // footnote marker [3]
	clsMatch   // filter match: stays visible on top of entities
	clsCurrent // the mention n/N landed on
)

// seg is a run of text of one class.
type seg struct {
	text  string
	class uint8
}

// wline is one wrapped line: its segments, the byte offset in the source
// text where it starts, and its width in cells.
type wline struct {
	segs  []seg
	start int
	width int
}

func (l wline) plain() string {
	var b strings.Builder
	for _, s := range l.segs {
		b.WriteString(s.text)
	}
	return b.String()
}

// unit is what wrapping never breaks: a word, or one wide (CJK)
// character.
type unit struct {
	start, end int // byte range
	cells      int
	spaceAt    int // byte offset of the white space before the unit, -1 if none
}

func isSpaceCluster(c string) bool {
	r, _ := utf8.DecodeRuneInString(c)
	return unicode.IsSpace(r)
}

// wrapRich word-wraps text to width cells. classes gives the class of
// every byte (nil: all base). Words break at white space; wide (CJK)
// characters may break anywhere; a word wider than the line is cut by
// grapheme cluster. Newlines force a break. Widths are cells, never bytes.
func wrapRich(text string, classes []uint8, width int) []wline {
	if width < 1 {
		width = 1
	}
	var out []wline
	for a := 0; ; {
		b := len(text)
		nl := strings.IndexByte(text[a:], '\n')
		if nl >= 0 {
			b = a + nl
		}
		w := wrapper{text: text, classes: classes, width: width, from: a, line: wline{start: a}, empty: true}
		out = append(out, w.wrap(splitUnits(text, a, b))...)
		if nl < 0 {
			break
		}
		a = b + 1
	}
	return out
}

// splitUnits cuts text[a:b] into units: runs of non-space clusters, each
// wide character a unit of its own.
func splitUnits(text string, a, b int) []unit {
	var units []unit
	pending := -1
	lastWide := false
	for i := a; i < b; {
		c, cells := ansi.FirstGraphemeCluster(text[i:b], ansi.GraphemeWidth)
		if len(c) == 0 {
			c = text[i : i+1]
		}
		if isSpaceCluster(c) {
			if pending < 0 {
				pending = i
			}
			i += len(c)
			continue
		}
		wide := cells >= 2
		if len(units) == 0 || pending >= 0 || wide || lastWide {
			units = append(units, unit{start: i, end: i + len(c), cells: cells, spaceAt: pending})
		} else {
			u := &units[len(units)-1]
			u.end = i + len(c)
			u.cells += cells
		}
		lastWide = wide
		pending = -1
		i += len(c)
	}
	return units
}

// wrapper lays units out on lines of width cells.
type wrapper struct {
	text    string
	classes []uint8
	width   int
	from    int // where the range starts (an empty line starts there)
	out     []wline
	line    wline
	empty   bool
}

func (w *wrapper) classAt(i int) uint8 {
	if w.classes == nil || i >= len(w.classes) {
		return clsBase
	}
	return w.classes[i]
}

// add appends text[s:e] to the line, a segment per run of one class.
func (w *wrapper) add(s, e int) {
	if w.empty {
		w.line.start = s
		w.empty = false
	}
	for i := s; i < e; {
		c := w.classAt(i)
		j := i + 1
		for j < e && w.classAt(j) == c {
			j++
		}
		w.appendSeg(w.text[i:j], c)
		i = j
	}
}

func (w *wrapper) appendSeg(text string, c uint8) {
	if n := len(w.line.segs); n > 0 && w.line.segs[n-1].class == c {
		w.line.segs[n-1].text += text
	} else {
		w.line.segs = append(w.line.segs, seg{text: text, class: c})
	}
}

func (w *wrapper) flush() {
	w.out = append(w.out, w.line)
	w.line = wline{start: w.from}
	w.empty = true
}

func (w *wrapper) wrap(units []unit) []wline {
	for _, u := range units {
		space := w.line.width > 0 && u.spaceAt >= 0
		need := u.cells
		if space {
			need++
		}
		if w.line.width+need <= w.width {
			if space {
				w.appendSeg(" ", w.classAt(u.spaceAt))
				w.line.width++
			}
			w.add(u.start, u.end)
			w.line.width += u.cells
			continue
		}
		if w.line.width > 0 {
			w.flush()
		}
		if u.cells <= w.width {
			w.add(u.start, u.end)
			w.line.width += u.cells
			continue
		}
		w.cut(u)
	}
	if w.line.width > 0 || len(units) == 0 {
		w.flush()
	}
	return w.out
}

// cut lays out a unit wider than the line, a grapheme cluster at a time.
func (w *wrapper) cut(u unit) {
	for j := u.start; j < u.end; {
		c, cells := ansi.FirstGraphemeCluster(w.text[j:u.end], ansi.GraphemeWidth)
		if len(c) == 0 {
			c = w.text[j : j+1]
		}
		if w.line.width+cells > w.width && w.line.width > 0 {
			w.flush()
		}
		w.add(j, j+len(c))
		w.line.width += cells
		j += len(c)
	}
}

// render styles a wrapped line: base for plain text, and the class styles
// laid over it.
func (l wline) render(base lipgloss.Style, st *Styles) string {
	var b strings.Builder
	for _, s := range l.segs {
		b.WriteString(classStyle(s.class, base, st).Render(s.text))
	}
	return b.String()
}

// renderOn is render with every style laid on bg (a selected row).
func (l wline) renderOn(base lipgloss.Style, st *Styles, bg lipgloss.Style) string {
	var b strings.Builder
	for _, s := range l.segs {
		b.WriteString(classStyle(s.class, base, st).Inherit(bg).Render(s.text))
	}
	return b.String()
}

func classStyle(c uint8, base lipgloss.Style, st *Styles) lipgloss.Style {
	switch c {
	case clsPerson:
		return st.Person.Inherit(base)
	case clsPlace:
		return st.Place.Inherit(base)
	case clsOrg:
		return st.Org.Inherit(base)
	case clsOther:
		return st.Other.Inherit(base)
	case clsRef:
		return st.FootnoteRef.Inherit(base)
	case clsMatch:
		return st.Match.Inherit(base)
	case clsCurrent:
		return st.Current.Inherit(base)
	}
	return base
}

// singleLine renders text with classes on one line of at most width
// cells, ending in an ellipsis when it had to be cut.
func singleLine(text string, cls []uint8, width int, base lipgloss.Style, st *Styles, bg lipgloss.Style) string {
	if width <= 0 {
		return ""
	}
	lines := wrapRich(text, cls, width)
	if len(lines) == 0 {
		return ""
	}
	if len(lines) == 1 {
		return lines[0].renderOn(base, st, bg)
	}
	if width == 1 {
		return base.Inherit(bg).Render("…")
	}
	first := wrapRich(text, cls, width-1)[0]
	return first.renderOn(base, st, bg) + base.Inherit(bg).Render("…")
}

// markRange raises the class of bytes [s,e) to c (higher classes win:
// a filter match stays visible on top of an entity). Callers check that
// the range is on rune boundaries.
func markRange(cls []uint8, s, e int, c uint8) {
	if s < 0 {
		s = 0
	}
	if e > len(cls) {
		e = len(cls)
	}
	for i := s; i < e; i++ {
		if c > cls[i] {
			cls[i] = c
		}
	}
}

// validRange reports whether [s,e) is a non-empty range of text on rune
// boundaries.
func validRange(text string, s, e int) bool {
	if s < 0 || e > len(text) || s >= e {
		return false
	}
	if s < len(text) && !utf8.RuneStart(text[s]) {
		return false
	}
	if e < len(text) && !utf8.RuneStart(text[e]) {
		return false
	}
	return true
}
