package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
)

// footnotePrompt is "f then N": it reads the number of a link of the
// article shown, in the status line.
type footnotePrompt struct {
	active    bool
	digits    string
	statusSeq int // the status message it shows
}

// footnoteAction is what a key did to the prompt.
type footnoteAction int

const (
	footnoteTyping footnoteAction = iota // still reading digits
	footnoteCancel                       // closed, nothing to open
	footnoteOpen                         // closed: open link digits
)

// Start opens the prompt.
func (f *footnotePrompt) Start() { f.active, f.digits = true, "" }

// Update reads a key: digits, backspace, enter to open, esc (or any
// other key) to cancel. It opens at once when no further digit could
// name one of n links.
func (f *footnotePrompt) Update(k tea.KeyPressMsg, n int) (string, footnoteAction) {
	s := k.String()
	switch {
	case s == "backspace":
		if f.digits != "" {
			f.digits = f.digits[:len(f.digits)-1]
		}
		return "", footnoteTyping
	case s == "enter":
		f.active = false
		return f.digits, footnoteOpen
	case len(s) == 1 && s[0] >= '0' && s[0] <= '9':
		if len(f.digits) < 4 {
			f.digits += s
		}
		if v := atoi(f.digits); v > 0 && v*10 > n {
			f.active = false
			return f.digits, footnoteOpen
		}
		return "", footnoteTyping
	}
	f.active = false
	return "", footnoteCancel
}

// Prompt is the status line while the prompt is open.
func (f *footnotePrompt) Prompt(n int) string {
	return fmt.Sprintf("Open link [%s_] of 1–%d · enter opens · esc cancels", f.digits, n)
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}
