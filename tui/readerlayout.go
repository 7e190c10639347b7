package tui

import (
	"sort"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/picture"
	"github.com/dateline-news/dateline/query"
)

// readerLayout lays an article out at one width: the header, the
// blocks with their entities, matches and footnote markers, and the
// footnotes.
type readerLayout struct {
	pane     *readerPane
	width    int
	lines    []string
	mentions []mention
	links    []string // footnote N is links[N-1]
	linkText []string
	footnote map[string]int // URL -> its footnote number
	mentionN int            // mentions laid out so far, to find the current one
	placed   []placedPicture
	wanted   []string // the pictures to load (when pictures are on)
}

// render lays out the whole article at the pane width.
func (r *readerPane) render() {
	r.lines, r.mentions, r.links, r.notice = nil, nil, nil, -1
	r.placed, r.wanted = nil, nil
	w := min(r.lineWindow.width-2*r.margin, maxMeasure)
	r.picCols, r.picRows = w, max(r.lineWindow.height-2, 1)
	if !r.showing || w <= 0 {
		return
	}
	l := &readerLayout{pane: r, width: w, footnote: map[string]int{}}
	l.header()
	// Footnote numbers: the article's links in order, then any inline
	// link it did not list.
	for _, link := range r.content.Links {
		if link.URL != "" {
			l.addLink(link.URL, link.Text)
		}
	}
	l.blocks()
	l.footnotes()
	for len(l.lines) > 0 && l.lines[len(l.lines)-1] == "" {
		l.lines = l.lines[:len(l.lines)-1]
	}
	r.lines, r.mentions, r.links = l.lines, l.mentions, l.links
	r.placed, r.wanted = l.placed, l.wanted
}

func (l *readerLayout) add(s string) { l.lines = append(l.lines, s) }

func (l *readerLayout) blank() {
	if n := len(l.lines); n > 0 && l.lines[n-1] != "" {
		l.add("")
	}
}

// wrapped adds text wrapped to the width in style st.
func (l *readerLayout) wrapped(text string, classes []uint8, st lipgloss.Style) {
	for _, wl := range wrapRich(text, classes, l.width) {
		l.add(wl.render(st, l.pane.styles))
	}
}

// header lays out the title, byline, date, source and the notice line.
func (l *readerLayout) header() {
	r, st := l.pane, l.pane.styles
	c := r.content
	title := c.Title
	if title == "" {
		title = "(untitled)"
	}
	l.wrapped(title, r.matchClasses(title), st.Title)
	if by := joinNonEmpty(" · ", c.Byline, c.Place); by != "" {
		l.wrapped(by, nil, st.Byline)
	}
	if d := formatDate(c.Published, r.loc); d != "" {
		l.wrapped(d, nil, st.Date)
	}
	if src := joinNonEmpty(" · ", c.Source, c.Section); src != "" {
		l.wrapped(src, nil, st.Section)
	}
	if c.Notice != "" || c.Loading {
		r.notice = len(l.lines)
		l.add("")
	}
	l.add("")
}

// addLink numbers a link's URL (once) and returns its number.
func (l *readerLayout) addLink(url, text string) int {
	if n, ok := l.footnote[url]; ok {
		return n
	}
	l.links = append(l.links, url)
	l.linkText = append(l.linkText, text)
	l.footnote[url] = len(l.links)
	return len(l.links)
}

// blocks lays out the article's blocks.
func (l *readerLayout) blocks() {
	c := l.pane.content
	prev := article.BlockKind(-1)
	skipCaption := false // the block is a caption drawn with its image
	for bi, b := range c.Blocks {
		if skipCaption {
			skipCaption = false
			continue
		}
		spans := spansAt(c.Spans, bi)
		if !(b.Kind == article.ListItem && prev == article.ListItem) {
			l.blank()
		}
		prev = b.Kind
		switch b.Kind {
		case article.Image:
			if skip, done := l.picture(b, bi); done {
				skipCaption = skip
				continue
			}
			if bi+1 < len(c.Blocks) && c.Blocks[bi+1].Kind == article.Caption {
				// An image and its caption are one dimmed line,
				// "[image: caption]" (wrapped when it is long), with the
				// caption's links and entities.
				b, spans = imageLine(c.Blocks[bi+1], spansAt(c.Spans, bi+1))
				skipCaption = true
				l.block(b, spans, true)
				continue
			}
			l.image(b, bi)
		case article.Preformatted:
			for _, pl := range strings.Split(b.Text, "\n") {
				for _, hl := range strings.Split(ansi.Hardwrap(pl, l.width, true), "\n") {
					l.add(l.pane.styles.Pre.Render(hl))
				}
			}
		default:
			l.block(b, spans, false)
		}
	}
}

func spansAt(spans [][]entity.Span, i int) []entity.Span {
	if i < len(spans) {
		return spans[i]
	}
	return nil
}

// picture lays out the picture of image block bi when pictures are on
// and it is ready (or could not be shown: a placeholder line), with its
// caption under it; skipCaption says the next block was that caption.
// done is false when the text line is to be drawn instead (pictures off,
// or the picture still loading: the text comes first).
func (l *readerLayout) picture(b article.Block, bi int) (skipCaption, done bool) {
	r := l.pane
	if r.pics == nil || r.pics.Active() == picture.None ||
		!strings.HasPrefix(b.Src, "https://") && !strings.HasPrefix(b.Src, "http://") {
		return false, false
	}
	l.wanted = append(l.wanted, b.Src)
	v := r.pics.view(r.content.ItemID, b.Src, r.picCols, r.picRows)
	switch {
	case v.ready:
		l.placed = append(l.placed, placedPicture{line: len(l.lines), key: picKey{URL: b.Src, Cols: r.picCols, Rows: r.picRows}, size: v.size})
		blank := strings.Repeat(" ", v.size.Cols)
		for i := range v.size.Rows {
			if i < len(v.lines) {
				l.add(v.lines[i])
			} else {
				l.add(blank)
			}
		}
	case v.err != "":
		l.add(r.styles.Image.Render(truncate("["+v.err+"]", l.width)))
	default:
		return false, false
	}
	c := r.content
	if bi+1 < len(c.Blocks) && c.Blocks[bi+1].Kind == article.Caption {
		l.block(c.Blocks[bi+1], spansAt(c.Spans, bi+1), true)
		return true, true
	}
	if b.Text != "" && !captionNear(c.Blocks, bi, b.Text) {
		l.wrapped(b.Text, nil, r.styles.Caption)
	}
	return false, true
}

// image lays out an image without a caption block after it.
func (l *readerLayout) image(b article.Block, bi int) {
	label := "[image]"
	if b.Text != "" && !captionNear(l.pane.content.Blocks, bi, b.Text) {
		label = "[image: " + b.Text + "]"
	}
	l.add(l.pane.styles.Image.Render(truncate(label, l.width)))
}

// blockStyle is how a block of a kind is drawn: its text style, and the
// prefix of its first and later lines in their style.
func (l *readerLayout) blockStyle(b article.Block, asImage bool) (base lipgloss.Style, first, rest string, prefix lipgloss.Style) {
	st := l.pane.styles
	switch b.Kind {
	case article.Heading:
		return st.Heading, "", "", prefix
	case article.Quote:
		return st.Quote, "│ ", "│ ", st.QuoteBar
	case article.ListItem:
		indent := strings.Repeat("  ", max(b.Level-1, 0))
		return st.Body, indent + "• ", indent + "  ", st.Bullet
	case article.Caption:
		if asImage {
			return st.Caption, "", "", st.Caption
		}
		return st.Caption, "  ", "  ", st.Caption
	}
	return st.Body, "", "", prefix
}

// block lays out a text block, placing its mentions on their lines.
func (l *readerLayout) block(b article.Block, spans []entity.Span, asImage bool) {
	text, classes, starts := l.richBlock(b, spans)
	base, first, rest, prefix := l.blockStyle(b, asImage)
	textWidth := l.width - ansi.StringWidth(first)
	if textWidth < 1 {
		first, rest, textWidth = "", "", l.width
	}
	wrapped := wrapRich(text, classes, textWidth)
	lineBase := len(l.lines)
	for i, wl := range wrapped {
		p := rest
		if i == 0 {
			p = first
		}
		if p != "" {
			l.add(prefix.Render(p) + wl.render(base, l.pane.styles))
		} else {
			l.add(wl.render(base, l.pane.styles))
		}
	}
	for _, s := range starts {
		li := sort.Search(len(wrapped), func(i int) bool { return wrapped[i].start > s.off }) - 1
		l.mentions = append(l.mentions, mention{line: lineBase + max(li, 0), label: s.label, name: s.name})
	}
	if b.Kind == article.Caption {
		l.add("")
	}
}

// footnotes lays out the numbered links under a rule.
func (l *readerLayout) footnotes() {
	if len(l.links) == 0 {
		return
	}
	st := l.pane.styles
	l.blank()
	l.add(st.Rule.Render(strings.Repeat("─", min(l.width, 24))))
	l.add(st.Heading.Render(truncate("Links", l.width)))
	urlStyles := *st
	for i, url := range l.links {
		// The URL is a link the terminal can open (OSC 8) where it can.
		urlStyles.FootnoteRef = st.LinkURL.Hyperlink(url)
		ref := "[" + itoa(i+1) + "] "
		text := l.linkText[i]
		line := url
		if text != "" && text != url {
			line = text + " — " + url
		}
		refWidth := ansi.StringWidth(ref)
		if l.width-refWidth < 8 {
			l.add(st.LinkURL.Render(truncate(ref+line, l.width)))
			continue
		}
		classes := make([]uint8, len(line))
		markRange(classes, len(line)-len(url), len(line), clsRef) // the URL
		for j, wl := range wrapRich(line, classes, l.width-refWidth) {
			p := strings.Repeat(" ", refWidth)
			if j == 0 {
				p = st.FootnoteRef.Render(ref)
			}
			l.add(p + wl.render(st.Body, &urlStyles))
		}
	}
}

type mentionStart struct {
	off   int // in the display text
	label entity.Label
	name  string
}

// footnoteMark is a footnote marker inserted at a byte offset of a text.
type footnoteMark struct {
	offset int
	text   string
}

// richBlock builds the display text of a block (footnote markers
// inserted after link anchors) with a class per byte: entities by label,
// footnote markers, filter matches on top, the current mention on top of
// all. It returns where each visitable mention starts.
func (l *readerLayout) richBlock(b article.Block, spans []entity.Span) (string, []uint8, []mentionStart) {
	r := l.pane
	text := b.Text
	var marks []footnoteMark
	for _, link := range b.Links {
		if !validRange(text, link.Start, link.End) || link.URL == "" {
			continue
		}
		n := l.addLink(link.URL, text[link.Start:link.End])
		marks = append(marks, footnoteMark{link.End, "[" + itoa(n) + "]"})
	}
	sort.SliceStable(marks, func(i, j int) bool { return marks[i].offset < marks[j].offset })
	disp := insertMarks(text, marks)
	classes := make([]uint8, len(disp))
	for _, m := range marks {
		s := shiftOffset(marks, m.offset, true)
		markRange(classes, s, s+len(m.text), clsRef) // the marker sits right after its anchor
	}
	var starts []mentionStart
	for _, sp := range spans {
		if !validRange(text, sp.Start, sp.End) {
			continue
		}
		c := labelClass(sp.Label)
		s, e := shiftOffset(marks, sp.Start, false), shiftOffset(marks, sp.End, true)
		name := spanName(sp)
		if r.visits(sp.Label, name) {
			if l.mentionN == r.current {
				c = clsCurrent
			}
			starts = append(starts, mentionStart{off: s, label: sp.Label, name: name})
			l.mentionN++
		}
		markRange(classes, s, e, c)
	}
	for _, h := range query.Highlights(text, r.terms) {
		markRange(classes, shiftOffset(marks, h.Start, false), shiftOffset(marks, h.End, true), clsMatch)
	}
	// The current mention stays on top of a filter match.
	return disp, classes, starts
}

func labelClass(l entity.Label) uint8 {
	switch l {
	case entity.Place:
		return clsPlace
	case entity.Org:
		return clsOrg
	case entity.Unknown:
		return clsOther
	}
	return clsPerson
}

// insertMarks is text with the markers inserted (marks in order).
func insertMarks(text string, marks []footnoteMark) string {
	if len(marks) == 0 {
		return text
	}
	var sb strings.Builder
	last := 0
	for _, m := range marks {
		sb.WriteString(text[last:m.offset])
		sb.WriteString(m.text)
		last = m.offset
	}
	sb.WriteString(text[last:])
	return sb.String()
}

// shiftOffset maps an offset of a text to its display text with marks
// inserted: a start offset at an insertion point goes after the marker,
// an end offset before it.
func shiftOffset(marks []footnoteMark, off int, isEnd bool) int {
	d := 0
	for _, m := range marks {
		if m.offset < off || (!isEnd && m.offset == off) {
			d += len(m.text)
		}
	}
	return off + d
}

// visits reports whether n/N stop at a mention: all of them, or only
// those of the entities the filter names.
func (r *readerPane) visits(label entity.Label, name string) bool {
	if len(r.only) == 0 {
		return true
	}
	for _, e := range r.only {
		if (e.Label == "" || e.Label == string(label)) && strings.Contains(query.Fold(name), query.Fold(e.Name)) {
			return true
		}
	}
	return false
}

func (r *readerPane) matchClasses(text string) []uint8 {
	hs := query.Highlights(text, r.terms)
	if len(hs) == 0 {
		return nil
	}
	classes := make([]uint8, len(text))
	for _, h := range hs {
		markRange(classes, h.Start, h.End, clsMatch)
	}
	return classes
}

// imageLine is the caption block c drawn as "[image: c]": its links and
// entity spans move with the text. A caption that is only a bracketed
// credit ("[Photo/IC]") loses its own brackets: "[image: Photo/IC]".
func imageLine(c article.Block, spans []entity.Span) (article.Block, []entity.Span) {
	const open = "[image: "
	text, shift := c.Text, len(open)
	if len(text) > 2 && text[0] == '[' && text[len(text)-1] == ']' && strings.Count(text, "[") == 1 && strings.Count(text, "]") == 1 {
		text, shift = text[1:len(text)-1], shift-1
	}
	nb := c
	nb.Text = open + text + "]"
	end := len(open) + len(text) // spans and links stay inside the caption
	nb.Links = nil
	for _, l := range c.Links {
		l.Start, l.End = max(l.Start+shift, len(open)), min(l.End+shift, end)
		if l.Start < l.End {
			nb.Links = append(nb.Links, l)
		}
	}
	out := make([]entity.Span, 0, len(spans))
	for _, s := range spans {
		s.Start, s.End = s.Start+shift, s.End+shift
		if s.Start >= len(open) && s.End <= end && s.Start < s.End {
			out = append(out, s)
		}
	}
	return nb, out
}

// captionNear reports whether a caption block next to block i already
// says text, so the image line need not repeat it.
func captionNear(bs []article.Block, i int, text string) bool {
	for _, j := range []int{i - 1, i + 1} {
		if j >= 0 && j < len(bs) && bs[j].Kind == article.Caption && strings.Contains(bs[j].Text, text) {
			return true
		}
	}
	return false
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
