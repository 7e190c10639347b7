package tui

import (
	"sort"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/dateline-news/dateline/entity"
)

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
	styles *Styles
	keys   *KeyMap
	title  string
	rows   []entRow
	sel    int
	note   string // why the list is empty
}

var labelOrder = []struct {
	Label entity.Label
	Name  string
}{{entity.Person, "People"}, {entity.Place, "Places"}, {entity.Org, "Organisations"}, {entity.Unknown, "Other names"}}

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
	st := p.styles
	w := max(p.width, 1)
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

// Update moves the selection; enter chooses an entity (chooseEntityMsg),
// esc, e or q close the panel.
func (p *entityPanel) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
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
			return msgCmd(chooseEntityMsg{Label: r.Label, Name: r.Name})
		}
	case key.Matches(k, p.keys.Entities, p.keys.Clear, p.keys.Quit):
		return msgCmd(closeOverlayMsg{})
	}
	ls, sel := p.lines()
	// The selected row with a line of context either side.
	p.reveal(max(sel-1, 0), len(ls))
	p.reveal(min(sel+1, len(ls)-1), len(ls))
	return nil
}

// Reset selects the first row and scrolls to the top.
func (p *entityPanel) Reset() { p.sel, p.offset = 0, 0 }

func (p entityPanel) View() string {
	ls, _ := p.lines()
	return p.window(ls)
}

// Size is the content size the panel wants.
func (p entityPanel) Size() (int, int) {
	p.width = 60
	ls, _ := p.lines()
	w := 0
	for _, l := range ls {
		w = max(w, ansi.StringWidth(l))
	}
	return max(w, 36), len(ls)
}
