package tui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/dateline-news/dateline/feeds"
)

// filterBar is the keyword filter input: "/ GSOMIA▏   1 of 12". It is a
// small line editor of its own (no blinking cursor, so no timers):
// typing inserts, backspace/delete, left/right, home/end or ctrl+a/e,
// ctrl+w deletes a word, ctrl+u the line before the cursor; pastes are
// inserted as one line.
type filterBar struct {
	styles  *Styles
	width   int
	value   []rune
	cursor  int
	focused bool
	count   string
	errs    []string
	note    string // "1,234 new items not yet searchable"
}

const filterMaxRunes = 256

func newFilterBar(st *Styles) filterBar { return filterBar{styles: st} }

func (f *filterBar) SetSize(w int) { f.width = max(w, 0) }

func (f *filterBar) SetCount(count string, errs []string) { f.count, f.errs = count, errs }

// SetNote shows a note beside the count (what the filter cannot see yet).
func (f *filterBar) SetNote(note string) { f.note = note }

func (f *filterBar) Focus()        { f.focused = true }
func (f *filterBar) Blur()         { f.focused = false }
func (f *filterBar) Focused() bool { return f.focused }
func (f *filterBar) Value() string { return string(f.value) }
func (f *filterBar) Reset()        { f.value, f.cursor = nil, 0 }
func (f *filterBar) SetValue(s string) {
	f.value = []rune(oneLine(s))
	if len(f.value) > filterMaxRunes {
		f.value = f.value[:filterMaxRunes]
	}
	f.cursor = len(f.value)
}

// Active: the bar is shown (being edited, or holding a filter).
func (f *filterBar) Active() bool { return f.focused || len(f.value) > 0 }

func (f *filterBar) insert(s string) {
	// Typed or pasted: sanitised, keeping its spaces, on one line.
	s = strings.ReplaceAll(feeds.SanitizePreformatted(s), "\n", " ")
	rs := []rune(s)
	if room := filterMaxRunes - len(f.value); len(rs) > room {
		rs = rs[:max(room, 0)]
	}
	if len(rs) == 0 {
		return
	}
	v := make([]rune, 0, len(f.value)+len(rs))
	v = append(v, f.value[:f.cursor]...)
	v = append(v, rs...)
	v = append(v, f.value[f.cursor:]...)
	f.value = v
	f.cursor += len(rs)
}

// Update edits the value; the root reads Value after it.
func (f *filterBar) Update(msg tea.Msg) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		f.insert(msg.Content)
	case tea.KeyPressMsg:
		switch msg.String() {
		case "backspace", "ctrl+h":
			if f.cursor > 0 {
				f.value = append(f.value[:f.cursor-1:f.cursor-1], f.value[f.cursor:]...)
				f.cursor--
			}
		case "delete", "ctrl+d":
			if f.cursor < len(f.value) {
				f.value = append(f.value[:f.cursor:f.cursor], f.value[f.cursor+1:]...)
			}
		case "left", "ctrl+b":
			f.cursor = max(f.cursor-1, 0)
		case "right", "ctrl+f":
			f.cursor = min(f.cursor+1, len(f.value))
		case "home", "ctrl+a":
			f.cursor = 0
		case "end", "ctrl+e":
			f.cursor = len(f.value)
		case "ctrl+u":
			f.value = append([]rune(nil), f.value[f.cursor:]...)
			f.cursor = 0
		case "ctrl+k":
			f.value = f.value[:f.cursor:f.cursor]
		case "ctrl+w", "alt+backspace":
			i := f.cursor
			for i > 0 && unicode.IsSpace(f.value[i-1]) {
				i--
			}
			for i > 0 && !unicode.IsSpace(f.value[i-1]) {
				i--
			}
			f.value = append(f.value[:i:i], f.value[f.cursor:]...)
			f.cursor = i
		case "space":
			f.insert(" ")
		default:
			if msg.Text != "" && msg.Mod&^(tea.ModShift) == 0 {
				if r, _ := utf8.DecodeRuneInString(msg.Text); unicode.IsPrint(r) {
					f.insert(msg.Text)
				}
			}
		}
	}
}

func (f filterBar) View() string {
	if f.width <= 0 {
		return ""
	}
	st := f.styles
	prompt := st.FilterPrompt.Render("/ ")
	right := ""
	if f.count != "" || len(f.errs) > 0 || f.note != "" {
		right = st.FilterCount.Render(f.count)
		if f.note != "" {
			right = st.Dim.Render(f.note) + "  " + right
		}
		if len(f.errs) > 0 {
			right = st.FilterError.Render(strings.Join(f.errs, "; ")) + "  " + right
		}
	}
	rw := ansi.StringWidth(right)
	avail := f.width - 2 - rw - 1
	if avail < 4 {
		right, rw, avail = "", 0, f.width-2
	}
	if avail < 1 {
		return fitLine(prompt, f.width)
	}
	field := f.field(avail)
	left := prompt + field
	if rw == 0 {
		return fitLine(left, f.width)
	}
	return fitLine(left, f.width-rw) + right
}

// field renders the value scrolled so the cursor is visible, with the
// cursor as a reversed cell when focused.
func (f filterBar) field(avail int) string {
	st := f.styles
	if len(f.value) == 0 && !f.focused {
		return ""
	}
	if len(f.value) == 0 {
		return st.Current.Render(" ") + st.Dim.Render(truncate(` words "a phrase" -not person:name`, avail-1))
	}
	// Start so that the text up to the cursor (plus the cursor) fits.
	start := 0
	for start < f.cursor && ansi.StringWidth(string(f.value[start:f.cursor]))+1 > avail {
		start++
	}
	var b strings.Builder
	used := 0
	for i := start; i <= len(f.value); i++ {
		ch := " "
		if i < len(f.value) {
			ch = string(f.value[i])
		} else if !f.focused {
			break
		}
		cw := max(ansi.StringWidth(ch), 1)
		if used+cw > avail {
			break
		}
		used += cw
		if f.focused && i == f.cursor {
			b.WriteString(st.Current.Render(ch))
		} else {
			b.WriteString(st.FilterText.Render(ch))
		}
	}
	return b.String()
}
