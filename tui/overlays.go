package tui

import (
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/dateline-news/dateline/entity"
)

// scroller is the shared part of the overlays: a list of lines in a box
// of w x h cells, scrolled with the up/down keys.
type scroller struct {
	w, h int
	off  int
}

func (s *scroller) SetSize(w, h int) { s.w, s.h = max(w, 0), max(h, 0) }

func (s *scroller) clamp(n int) {
	s.off = min(s.off, max(n-s.h, 0))
	s.off = max(s.off, 0)
}

// ---- Help ----

// helpOverlay lists every binding of the KeyMap, in columns when they fit.
type helpOverlay struct {
	scroller
	st      *Styles
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
			c = append(c, h.st.HelpKey.Render(k+strings.Repeat(" ", kw-ansi.StringWidth(k)))+"  "+h.st.HelpDesc.Render(b.Help().Desc))
		}
		cols = append(cols, c)
	}
	title := "Dateline keys"
	if h.version != "" {
		title += " · " + h.version
	}
	out := []string{h.st.OverlayTitle.Render(truncate(title, h.w)), ""}
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
	if total-3 <= h.w {
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
	out = append(out, "", h.st.Dim.Render("esc or ? closes"))
	return out
}

// Size is the box the help wants (content size).
func (h helpOverlay) Size() (int, int) {
	h.w = 1 << 20
	ls := h.lines()
	w := 0
	for _, l := range ls {
		w = max(w, ansi.StringWidth(l))
	}
	return w, len(ls)
}

func (h helpOverlay) Update(msg tea.Msg) (helpOverlay, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return h, nil
	}
	n := len(h.lines())
	switch {
	case key.Matches(k, h.keys.Down):
		h.off++
	case key.Matches(k, h.keys.Up):
		h.off--
	case key.Matches(k, h.keys.PageDown):
		h.off += max(h.h-1, 1)
	case key.Matches(k, h.keys.PageUp):
		h.off -= max(h.h-1, 1)
	case key.Matches(k, h.keys.Help, h.keys.Clear, h.keys.Quit):
		return h, msgCmd(closeOverlayMsg{})
	}
	h.clamp(n)
	return h, nil
}

func (h helpOverlay) View() string {
	ls := h.lines()
	h.clamp(len(ls))
	return fitLines(ls[h.off:], h.w, h.h)
}

// ---- Sources ----

// sourceRow is what the sources view shows of one source.
type sourceRow struct {
	Name, URL string
	Items     int
	Status    string // "ok", "not modified", "error: …", "fetching…", "not fetched"
	Err       bool
	LastFetch time.Time
}

type sourcesView struct {
	scroller
	st   *Styles
	keys *KeyMap
	now  func() time.Time
	loc  *time.Location
	rows []sourceRow
}

func (s sourcesView) lines() []string {
	st := s.st
	w := max(s.w, 1)
	out := []string{st.OverlayTitle.Render(truncate("Sources ("+itoa(len(s.rows))+")", w)), ""}
	var now time.Time
	if s.now != nil {
		now = s.now()
	}
	for i, r := range s.rows {
		if i > 0 {
			out = append(out, "")
		}
		mark := st.Saved.Render("●")
		if r.Err {
			mark = st.RowError.Render("✗")
		}
		count := itoa(r.Items) + " items"
		name := truncate(r.Name, max(w-2-ansi.StringWidth(count)-1, 1))
		gap := max(w-2-ansi.StringWidth(name)-ansi.StringWidth(count), 1)
		out = append(out, mark+" "+st.Title.Render(name)+strings.Repeat(" ", gap)+st.Dim.Render(count))
		out = append(out, "  "+st.LinkURL.Render(truncate(r.URL, w-2)))
		status := st.Dim
		if r.Err {
			status = st.RowError
		}
		line := r.Status
		if !r.LastFetch.IsZero() {
			line += " · fetched " + r.LastFetch.In(s.loc).Format("15:04")
			if age := relAge(now, r.LastFetch); age != "" && age != "now" {
				if strings.ContainsAny(age[len(age)-1:], "mhd") {
					line += " (" + age + " ago)"
				} else {
					line += " (" + age + ")"
				}
			}
		}
		for _, l := range wrapRich(line, nil, max(w-2, 1)) {
			out = append(out, "  "+l.render(status, st))
		}
	}
	if len(s.rows) == 0 {
		out = append(out, st.ListEmpty.Render("No sources configured."))
	}
	out = append(out, "", st.Dim.Render(truncate("esc or S closes · r refreshes", w)))
	return out
}

func (s sourcesView) Update(msg tea.Msg) (sourcesView, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	switch {
	case key.Matches(k, s.keys.Down):
		s.off++
	case key.Matches(k, s.keys.Up):
		s.off--
	case key.Matches(k, s.keys.PageDown):
		s.off += max(s.h-1, 1)
	case key.Matches(k, s.keys.PageUp):
		s.off -= max(s.h-1, 1)
	case key.Matches(k, s.keys.Sources, s.keys.Clear, s.keys.Quit):
		return s, msgCmd(closeOverlayMsg{})
	}
	s.clamp(len(s.lines()))
	return s, nil
}

func (s sourcesView) View() string {
	ls := s.lines()
	s.clamp(len(ls))
	return fitLines(ls[s.off:], s.w, s.h)
}

// ---- Entities ----

// entRow is one entity of the article with its mention count.
type entRow struct {
	Label entity.Label
	Name  string
	Count int
}

// entityPanel lists the people, places and organisations of the article
// shown; choosing one filters the list to the articles that mention it.
type entityPanel struct {
	scroller
	st    *Styles
	keys  *KeyMap
	title string
	rows  []entRow
	sel   int
	note  string // why the list is empty
}

var labelOrder = []struct {
	Label entity.Label
	Name  string
}{{entity.Person, "People"}, {entity.Place, "Places"}, {entity.Org, "Organisations"}}

// SetSpans counts the mentions of each entity (by canonical name).
func (p *entityPanel) SetSpans(title string, spans [][]entity.Span, note string) {
	p.title, p.note = title, note
	count := map[entRow]int{}
	for _, bs := range spans {
		for _, s := range bs {
			k := entRow{Label: s.Label, Name: spanName(s)}
			if k.Name != "" {
				count[k]++
			}
		}
	}
	p.rows = p.rows[:0]
	for _, lo := range labelOrder {
		var rs []entRow
		for k, n := range count {
			if k.Label == lo.Label {
				rs = append(rs, entRow{Label: k.Label, Name: k.Name, Count: n})
			}
		}
		sort.Slice(rs, func(i, j int) bool {
			if rs[i].Count != rs[j].Count {
				return rs[i].Count > rs[j].Count
			}
			return rs[i].Name < rs[j].Name
		})
		p.rows = append(p.rows, rs...)
	}
	p.sel = min(p.sel, max(len(p.rows)-1, 0))
}

func (p *entityPanel) Selected() (entRow, bool) {
	if p.sel < 0 || p.sel >= len(p.rows) {
		return entRow{}, false
	}
	return p.rows[p.sel], true
}

// lines renders the panel and returns the line of the selected row.
func (p entityPanel) lines() ([]string, int) {
	st := p.st
	w := max(p.w, 1)
	out := []string{st.OverlayTitle.Render(truncate("Entities · "+p.title, w)), ""}
	selLine := 0
	if len(p.rows) == 0 {
		note := p.note
		if note == "" {
			note = "No people, places or organisations found."
		}
		for _, l := range wrapRich(note, nil, w) {
			out = append(out, l.render(st.ListEmpty, st))
		}
	}
	nw := 0
	for _, r := range p.rows {
		nw = max(nw, ansi.StringWidth(r.Name))
	}
	cw := 5
	nw = min(nw, max(w-2-cw, 1))
	var last entity.Label
	for i, r := range p.rows {
		if r.Label != last {
			if last != "" {
				out = append(out, "")
			}
			for _, lo := range labelOrder {
				if lo.Label == r.Label {
					out = append(out, st.Entity(r.Label).Render(lo.Name))
				}
			}
			last = r.Label
		}
		name := fitLine(truncate(r.Name, nw), nw)
		cnt := "×" + itoa(r.Count)
		line := "  " + name + " " + cnt
		if i == p.sel {
			selLine = len(out)
			out = append(out, st.OverlaySelected.Render(fitLine("▸ "+name+" "+cnt, w)))
		} else {
			out = append(out, st.Body.Render(line))
		}
	}
	out = append(out, "", st.Dim.Render(truncate("enter filters the list · n/N jump · esc closes", w)))
	return out, selLine
}

func (p entityPanel) Update(msg tea.Msg) (entityPanel, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return p, nil
	}
	switch {
	case key.Matches(k, p.keys.Down):
		p.sel = min(p.sel+1, max(len(p.rows)-1, 0))
	case key.Matches(k, p.keys.Up):
		p.sel = max(p.sel-1, 0)
	case key.Matches(k, p.keys.Top):
		p.sel = 0
	case key.Matches(k, p.keys.Bottom):
		p.sel = max(len(p.rows)-1, 0)
	case key.Matches(k, p.keys.Open):
		if r, ok := p.Selected(); ok {
			return p, msgCmd(chooseEntityMsg{Label: r.Label, Name: r.Name})
		}
	case key.Matches(k, p.keys.Entities, p.keys.Clear, p.keys.Quit):
		return p, msgCmd(closeOverlayMsg{})
	}
	ls, sel := p.lines()
	if sel < p.off+1 {
		p.off = sel - 1
	}
	if sel >= p.off+p.h-1 {
		p.off = sel - p.h + 2
	}
	p.clamp(len(ls))
	return p, nil
}

func (p entityPanel) View() string {
	ls, _ := p.lines()
	p.clamp(len(ls))
	return fitLines(ls[p.off:], p.w, p.h)
}

// Size is the content size the panel wants.
func (p entityPanel) Size() (int, int) {
	p.w = 60
	ls, _ := p.lines()
	w := 0
	for _, l := range ls {
		w = max(w, ansi.StringWidth(l))
	}
	return max(w, 36), len(ls)
}
