package tui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/query"
)

// maxMeasure caps the width of article text: long lines are hard to read.
const maxMeasure = 100

// readerPadding is the margin left and right of the article text.
func readerPadding(w int) int {
	if w >= 30 {
		return 1
	}
	return 0
}

// readerContent is what the reader pane shows: the article loader builds
// it from the item, its reader-mode result (if any) and its entities.
type readerContent struct {
	ItemID    string
	Kind      contentKind
	Title     string
	Byline    string
	Place     string
	Source    string
	Section   string
	Published time.Time
	Blocks    []article.Block
	Spans     [][]entity.Span // per block; nil when not (yet) extracted
	Links     []article.Link
	Notice    string // one line under the header ("Summary from the feed · …")
	NoticeErr bool
	Loading   bool // show the spinner before the notice
}

// contentKind says which text of an item the reader shows.
type contentKind uint8

const (
	kindFeed    contentKind = iota // the feed's summary or content
	kindArticle                    // the reader-mode article
)

// mention is one entity mention in the rendered article.
type mention struct {
	line  int
	label entity.Label
	name  string
}

// readerPane renders an article into wrapped, styled lines and scrolls
// them. It re-wraps on resize from the content it keeps, without
// refetching anything.
type readerPane struct {
	lineWindow scroller // the pane, margins included; scrolls the lines
	margin     int      // left and right of the text
	styles     *Styles
	keys       *KeyMap
	loc        *time.Location
	focused    bool

	content  readerContent
	showing  bool
	terms    []string
	only     []query.Entity // when set, n/N visit mentions of these only
	current  int            // index into mentions of the current one, -1 none
	spinner  string
	lines    []string
	notice   int // line index of the notice, -1 none
	mentions []mention
	links    []string // footnote N is links[N-1]

	// Pictures (nil: none, the text line). placed are the ready ones
	// laid out, wanted the ones to load, at most picCols × picRows
	// cells each.
	pics             *pictures
	placed           []placedPicture
	wanted           []string
	picCols, picRows int
}

func newReaderPane(st *Styles, keys *KeyMap, loc *time.Location) readerPane {
	return readerPane{styles: st, keys: keys, loc: loc, current: -1, notice: -1}
}

func (r *readerPane) SetSize(w, h int) {
	w, h = max(w, 0), max(h, 0)
	if w == r.lineWindow.width && h == r.lineWindow.height {
		return
	}
	// Keep the reading position: the same fraction of the text.
	frac := 0.0
	if n := len(r.lines); n > 0 {
		frac = float64(r.lineWindow.offset) / float64(n)
	}
	r.lineWindow.SetSize(w, h)
	r.margin = readerPadding(w)
	r.render()
	r.lineWindow.offset = int(frac * float64(len(r.lines)))
	r.clamp()
}

// SetContent shows c. A different item starts at the top; the same item
// (summary replaced by the article, entities arriving) keeps its place.
func (r *readerPane) SetContent(c readerContent, terms []string, only []query.Entity) {
	same := r.showing && c.ItemID == r.content.ItemID
	if !same || c.Kind != r.content.Kind {
		r.current = -1
	}
	if !same {
		r.lineWindow.offset = 0
	}
	r.content, r.showing, r.terms, r.only = c, true, terms, only
	r.render()
	r.clamp()
}

// Clear shows nothing.
func (r *readerPane) Clear() {
	r.content, r.showing = readerContent{}, false
	r.lines, r.mentions, r.links, r.notice, r.lineWindow.offset, r.current = nil, nil, nil, -1, 0, -1
}

// ID is the item shown, or "".
func (r *readerPane) ID() string {
	if !r.showing {
		return ""
	}
	return r.content.ItemID
}

// Content is what the pane shows.
func (r *readerPane) Content() readerContent { return r.content }

// Relayout lays the pane out again after picture k arrived, keeping the
// text being read in place when the picture is above it.
func (r *readerPane) Relayout(k picKey) {
	before, top := len(r.lines), r.lineWindow.offset
	r.render()
	for _, pl := range r.placed {
		if top > 0 && pl.key == k && pl.line < top {
			r.lineWindow.offset += len(r.lines) - before
		}
	}
	r.clamp()
}

// Restyle re-renders after a style change.
func (r *readerPane) Restyle() { r.render() }

func (r *readerPane) SetSpinner(frame string) { r.spinner = frame }

// ScrollBy scrolls n lines (the mouse wheel).
func (r *readerPane) ScrollBy(n int) { r.lineWindow.offset += n; r.clamp() }

func (r *readerPane) clamp() { r.lineWindow.clamp(len(r.lines)) }

// Position is how far through the article the pane has read, as a pager
// says it: "" when it all fits, "Top", "End", or the share of its lines
// above the pane's last one ("37%").
func (r *readerPane) Position() string {
	n, top, height := len(r.lines), r.lineWindow.offset, r.lineWindow.height
	switch {
	case !r.showing || n <= height || height <= 0:
		return ""
	case top == 0:
		return "Top"
	case top+height >= n:
		return "End"
	}
	return itoa((top+height)*100/n) + "%"
}

// Links returns the footnote URLs (footnote N is element N-1).
func (r *readerPane) Links() []string { return r.links }

// Mentions returns how many mentions n/N can visit.
func (r *readerPane) Mentions() int { return len(r.mentions) }

// NextMention moves to the next (d=1) or previous (d=-1) mention,
// wrapping around, and scrolls it into view. It reports false when the
// article has no mentions.
func (r *readerPane) NextMention(d int) bool {
	n := len(r.mentions)
	if n == 0 {
		return false
	}
	top, height := r.lineWindow.offset, r.lineWindow.height
	switch {
	case r.current < 0 && d > 0:
		// The first mention at or below the top of the view.
		r.current = 0
		for i, m := range r.mentions {
			if m.line >= top {
				r.current = i
				break
			}
		}
	case r.current < 0:
		r.current = n - 1
		for i := n - 1; i >= 0; i-- {
			if r.mentions[i].line < top+height {
				r.current = i
				break
			}
		}
	default:
		r.current = ((r.current+d)%n + n) % n
	}
	r.render()
	if line := r.mentions[r.current].line; line < top || line >= top+height {
		r.lineWindow.offset = line - height/3
	}
	r.clamp()
	return true
}

// Current returns the mention n/N is on, and its number (from 1).
func (r *readerPane) Current() (mention, int, bool) {
	if r.current < 0 || r.current >= len(r.mentions) {
		return mention{}, 0, false
	}
	return r.mentions[r.current], r.current + 1, true
}

// Update scrolls a focused reader.
func (r *readerPane) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		r.lineWindow.scrollKey(k, r.keys, len(r.lines))
	}
	return nil
}

func (r readerPane) View() string {
	width, height := r.lineWindow.width, r.lineWindow.height
	if width <= 0 || height <= 0 {
		return ""
	}
	margin := strings.Repeat(" ", r.margin)
	if !r.showing {
		return fitLines([]string{margin + r.styles.ListEmpty.Render("No article selected.")}, width, height)
	}
	top := r.lineWindow.offset
	end := min(top+height, len(r.lines))
	textWidth := width - 2*r.margin
	out := make([]string, height)
	for i := range out {
		line := ""
		if j := top + i; j < end {
			line = r.lines[j]
			if j == r.notice {
				line = r.noticeLine()
			}
		}
		out[i] = margin + fitLine(line, textWidth) + margin
	}
	return strings.Join(out, "\n")
}

func (r readerPane) noticeLine() string {
	st := r.styles.Notice
	if r.content.NoticeErr {
		st = r.styles.NoticeError
	}
	text := r.content.Notice
	if r.content.Loading && r.spinner != "" {
		text = r.spinner + " " + text
	}
	return st.Render(truncate(text, r.lineWindow.width-2*r.margin))
}
