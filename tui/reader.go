package tui

import (
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
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

// readerContent is what the reader pane shows: the root builds it from
// the item, its reader-mode result (if any) and the entity cache.
type readerContent struct {
	ID        string
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
	w, h    int // the pane, margins included
	pad     int // margin left and right of the text
	st      *Styles
	keys    *KeyMap
	loc     *time.Location
	focused bool

	c        readerContent
	has      bool
	terms    []string
	only     []query.Entity // when set, n/N visit mentions of these only
	cur      int            // index into mentions of the current one, -1 none
	spin     string
	off      int
	lines    []string
	notice   int // line index of the notice, -1 none
	mentions []mention
	links    []string // footnote N is links[N-1]
}

func newReaderPane(st *Styles, keys *KeyMap, loc *time.Location) readerPane {
	return readerPane{st: st, keys: keys, loc: loc, cur: -1, notice: -1}
}

func (r *readerPane) SetSize(w, h int) {
	w, h = max(w, 0), max(h, 0)
	if w == r.w && h == r.h {
		return
	}
	// Keep the reading position: the same fraction of the text.
	frac := 0.0
	if n := len(r.lines); n > 0 {
		frac = float64(r.off) / float64(n)
	}
	r.w, r.h = w, h
	r.pad = readerPadding(w)
	r.render()
	r.off = int(frac * float64(len(r.lines)))
	r.clamp()
}

// SetContent shows c. A different item starts at the top; the same item
// (summary replaced by the article, entities arriving) keeps its place.
func (r *readerPane) SetContent(c readerContent, terms []string, only []query.Entity) {
	same := r.has && c.ID == r.c.ID
	sameKind := same && c.Kind == r.c.Kind
	r.c, r.has, r.terms, r.only = c, true, terms, only
	if !sameKind {
		r.cur = -1
	}
	if !same {
		r.off = 0
	}
	r.render()
	r.clamp()
}

// Clear shows nothing.
func (r *readerPane) Clear() {
	r.c, r.has = readerContent{}, false
	r.lines, r.mentions, r.links, r.notice, r.off, r.cur = nil, nil, nil, -1, 0, -1
}

func (r *readerPane) ID() string {
	if !r.has {
		return ""
	}
	return r.c.ID
}

// Restyle re-renders after a style change.
func (r *readerPane) Restyle() { r.render() }

func (r *readerPane) SetSpinner(frame string) { r.spin = frame }

func (r *readerPane) ScrollBy(n int) { r.off += n; r.clamp() }
func (r *readerPane) PageDown()      { r.ScrollBy(max(r.h-1, 1)) }
func (r *readerPane) PageUp()        { r.ScrollBy(-max(r.h-1, 1)) }
func (r *readerPane) Top()           { r.off = 0 }
func (r *readerPane) Bottom()        { r.off = len(r.lines); r.clamp() }

func (r *readerPane) clamp() {
	r.off = min(r.off, max(len(r.lines)-r.h, 0))
	r.off = max(r.off, 0)
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
	switch {
	case r.cur < 0 && d > 0:
		// First mention at or below the top of the view.
		r.cur = 0
		for i, m := range r.mentions {
			if m.line >= r.off {
				r.cur = i
				break
			}
		}
	case r.cur < 0:
		r.cur = n - 1
		for i := n - 1; i >= 0; i-- {
			if r.mentions[i].line < r.off+r.h {
				r.cur = i
				break
			}
		}
	default:
		r.cur = ((r.cur+d)%n + n) % n
	}
	r.render()
	line := r.mentions[r.cur].line
	if line < r.off || line >= r.off+r.h {
		r.off = line - r.h/3
	}
	r.clamp()
	return true
}

// Current returns the mention n/N is on.
func (r *readerPane) Current() (mention, bool) {
	if r.cur < 0 || r.cur >= len(r.mentions) {
		return mention{}, false
	}
	return r.mentions[r.cur], true
}

// Update handles the keys of a focused reader (scrolling).
func (r readerPane) Update(msg tea.Msg) (readerPane, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return r, nil
	}
	switch {
	case key.Matches(k, r.keys.Up):
		r.ScrollBy(-1)
	case key.Matches(k, r.keys.Down):
		r.ScrollBy(1)
	case key.Matches(k, r.keys.Top):
		r.Top()
	case key.Matches(k, r.keys.Bottom):
		r.Bottom()
	case key.Matches(k, r.keys.PageDown):
		r.PageDown()
	case key.Matches(k, r.keys.PageUp):
		r.PageUp()
	}
	return r, nil
}

func (r readerPane) View() string {
	if r.w <= 0 || r.h <= 0 {
		return ""
	}
	if !r.has {
		return fitLines([]string{strings.Repeat(" ", r.pad) + r.st.ListEmpty.Render("No article selected.")}, r.w, r.h)
	}
	end := min(r.off+r.h, len(r.lines))
	tw := r.w - 2*r.pad
	margin := strings.Repeat(" ", r.pad)
	out := make([]string, r.h)
	for i := range out {
		line := ""
		if j := r.off + i; j < end {
			line = r.lines[j]
			if j == r.notice {
				line = r.noticeLine()
			}
		}
		out[i] = margin + fitLine(line, tw) + margin
	}
	return strings.Join(out, "\n")
}

func (r readerPane) noticeLine() string {
	st := r.st.Notice
	if r.c.NoticeErr {
		st = r.st.NoticeError
	}
	text := r.c.Notice
	if r.c.Loading && r.spin != "" {
		text = r.spin + " " + text
	}
	return st.Render(truncate(text, r.w-2*r.pad))
}

// render lays out the whole article at the pane width.
func (r *readerPane) render() {
	r.lines, r.mentions, r.links, r.notice = nil, nil, nil, -1
	w := min(r.w-2*r.pad, maxMeasure)
	if !r.has || w <= 0 {
		return
	}
	st := r.st
	add := func(s string) { r.lines = append(r.lines, s) }
	blank := func() {
		if n := len(r.lines); n > 0 && r.lines[n-1] != "" {
			add("")
		}
	}

	// Header.
	title := r.c.Title
	if title == "" {
		title = "(untitled)"
	}
	for _, l := range wrapRich(title, r.matchClasses(title), w) {
		add(l.render(st.Title, st))
	}
	if by := joinNonEmpty(" · ", r.c.Byline, r.c.Place); by != "" {
		for _, l := range wrapRich(by, nil, w) {
			add(l.render(st.Byline, st))
		}
	}
	if d := formatDate(r.c.Published, r.loc); d != "" {
		for _, l := range wrapRich(d, nil, w) {
			add(l.render(st.Date, st))
		}
	}
	if src := joinNonEmpty(" · ", r.c.Source, r.c.Section); src != "" {
		for _, l := range wrapRich(src, nil, w) {
			add(l.render(st.Section, st))
		}
	}
	if r.c.Notice != "" || r.c.Loading {
		r.notice = len(r.lines)
		add("")
	}
	add("")

	// Footnote numbers: the article's links in order, then any inline
	// link it did not list.
	num := map[string]int{}
	var linkText []string
	addLink := func(url, text string) int {
		if n, ok := num[url]; ok {
			return n
		}
		r.links = append(r.links, url)
		linkText = append(linkText, text)
		num[url] = len(r.links)
		return len(r.links)
	}
	for _, l := range r.c.Links {
		if l.URL != "" {
			addLink(l.URL, l.Text)
		}
	}

	mi := 0 // mention counter, to find the current one
	prev := article.BlockKind(-1)
	imageCaption := false // the block is a caption drawn with its image
	for bi, b := range r.c.Blocks {
		var spans []entity.Span
		if bi < len(r.c.Spans) {
			spans = r.c.Spans[bi]
		}
		if imageCaption {
			imageCaption = false
			continue
		}
		if !(b.Kind == article.ListItem && prev == article.ListItem) {
			blank()
		}
		prev = b.Kind
		switch b.Kind {
		case article.Image:
			if bi+1 < len(r.c.Blocks) && r.c.Blocks[bi+1].Kind == article.Caption {
				// An image and its caption are one dimmed line,
				// "[image: caption]" (wrapped when it is long), with the
				// caption's links and entities.
				var cs []entity.Span
				if bi+1 < len(r.c.Spans) {
					cs = r.c.Spans[bi+1]
				}
				b, spans = imageLine(r.c.Blocks[bi+1], cs)
				imageCaption = true
				break
			}
			cap := b.Text
			label := "[image]"
			if cap != "" && !captionNear(r.c.Blocks, bi, cap) {
				label = "[image: " + cap + "]"
			}
			add(st.Image.Render(truncate(label, w)))
			continue
		case article.Preformatted:
			for _, pl := range strings.Split(b.Text, "\n") {
				for _, hl := range strings.Split(ansi.Hardwrap(pl, w, true), "\n") {
					add(st.Pre.Render(hl))
				}
			}
			continue
		}
		text, cls, starts := r.richBlock(b, spans, addLink, &mi)
		base, first, rest := st.Body, "", ""
		var pfx lipgloss.Style
		switch b.Kind {
		case article.Heading:
			base = st.Heading
		case article.Quote:
			base, first, rest, pfx = st.Quote, "│ ", "│ ", st.QuoteBar
		case article.ListItem:
			ind := strings.Repeat("  ", max(b.Level-1, 0))
			base, first, rest, pfx = st.Body, ind+"• ", ind+"  ", st.Bullet
		case article.Caption:
			base, first, rest, pfx = st.Caption, "  ", "  ", st.Caption
			if imageCaption {
				first, rest = "", ""
			}
		}
		pw := ansi.StringWidth(first)
		tw := w - pw
		if tw < 1 {
			first, rest, tw = "", "", w
		}
		wl := wrapRich(text, cls, tw)
		lineBase := len(r.lines)
		for i, l := range wl {
			p := rest
			if i == 0 {
				p = first
			}
			if p != "" {
				add(pfx.Render(p) + l.render(base, st))
			} else {
				add(l.render(base, st))
			}
		}
		// Place this block's mentions on their lines.
		for _, s := range starts {
			li := sort.Search(len(wl), func(i int) bool { return wl[i].start > s.off }) - 1
			r.mentions = append(r.mentions, mention{line: lineBase + max(li, 0), label: s.label, name: s.name})
		}
		if b.Kind == article.Caption {
			add("")
		}
	}

	// Footnotes.
	if len(r.links) > 0 {
		blank()
		add(st.Rule.Render(strings.Repeat("─", min(w, 24))))
		add(st.Heading.Render(truncate("Links", w)))
		lst := *st
		lst.FootnoteRef = st.LinkURL
		for i, url := range r.links {
			ref := "[" + itoa(i+1) + "] "
			t := linkText[i]
			line := url
			if t != "" && t != url {
				line = t + " — " + url
			}
			pw := ansi.StringWidth(ref)
			tw := w - pw
			if tw < 8 {
				add(st.LinkURL.Render(truncate(ref+line, w)))
				continue
			}
			cls := make([]uint8, len(line))
			if t != "" && t != url {
				markRange(cls, len(line)-len(url), len(line), clsRef)
			} else {
				markRange(cls, 0, len(line), clsRef)
			}
			for j, l := range wrapRich(line, cls, tw) {
				p := strings.Repeat(" ", pw)
				if j == 0 {
					p = st.FootnoteRef.Render(ref)
				}
				add(p + l.render(st.Body, &lst))
			}
		}
	}
	for len(r.lines) > 0 && r.lines[len(r.lines)-1] == "" {
		r.lines = r.lines[:len(r.lines)-1]
	}
}

type mentionStart struct {
	off   int // in the display text
	label entity.Label
	name  string
}

// richBlock builds the display text of a block (footnote markers
// inserted after link anchors) with a class per byte: entities by label,
// footnote markers, filter matches on top, the current mention on top of
// all. It returns where each visitable mention starts.
func (r *readerPane) richBlock(b article.Block, spans []entity.Span, addLink func(url, text string) int, mi *int) (string, []uint8, []mentionStart) {
	text := b.Text
	type ins struct {
		at  int
		txt string
	}
	var inserts []ins
	for _, l := range b.Links {
		if !validRange(text, l.Start, l.End) || l.URL == "" {
			continue
		}
		n := addLink(l.URL, text[l.Start:l.End])
		inserts = append(inserts, ins{l.End, "[" + itoa(n) + "]"})
	}
	sort.SliceStable(inserts, func(i, j int) bool { return inserts[i].at < inserts[j].at })
	// shift maps an offset of text to the display text. A start offset at
	// an insertion point goes after the marker, an end offset before it.
	shift := func(off int, isEnd bool) int {
		d := 0
		for _, in := range inserts {
			if in.at < off || (!isEnd && in.at == off) {
				d += len(in.txt)
			}
		}
		return off + d
	}
	disp := text
	if len(inserts) > 0 {
		var sb strings.Builder
		last := 0
		for _, in := range inserts {
			sb.WriteString(text[last:in.at])
			sb.WriteString(in.txt)
			last = in.at
		}
		sb.WriteString(text[last:])
		disp = sb.String()
	}
	cls := make([]uint8, len(disp))
	for _, in := range inserts {
		s := shift(in.at, true)
		// The marker sits right after the anchor: find it at s.
		markRange(cls, s, s+len(in.txt), clsRef)
	}
	var starts []mentionStart
	for _, sp := range spans {
		if !validRange(text, sp.Start, sp.End) {
			continue
		}
		c := clsPerson
		switch sp.Label {
		case entity.Place:
			c = clsPlace
		case entity.Org:
			c = clsOrg
		}
		s, e := shift(sp.Start, false), shift(sp.End, true)
		name := spanName(sp)
		if r.visits(sp.Label, name) {
			if *mi == r.cur {
				c = clsCurrent
			}
			starts = append(starts, mentionStart{off: s, label: sp.Label, name: name})
			*mi++
		}
		markRange(cls, s, e, c)
	}
	for _, h := range query.Highlights(text, r.terms) {
		markRange(cls, shift(h.Start, false), shift(h.End, true), clsMatch)
	}
	// The current mention stays on top of a filter match.
	return disp, cls, starts
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
	cls := make([]uint8, len(text))
	for _, h := range hs {
		markRange(cls, h.Start, h.End, clsMatch)
	}
	return cls
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
