package article

import (
	"strings"
	"unicode/utf8"
)

// isSpaceRune is HTML whitespace plus the no-break space, which the
// reader collapses like any other space.
func isSpaceRune(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u2000', '\u2001', '\u2002', '\u2003',
		'\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u202f',
		'\u205f', '\u3000', '\u1680', '\u2028', '\u2029', '\u0085':
		return true
	}
	return false
}

// dropRune reports runes that must never reach the terminal or the text:
// C0 and C1 controls, bidi embeddings/overrides/isolates, zero-width
// spaces, BOMs and the replacement-prone noncharacters. ZWJ and ZWNJ are
// kept (they are needed by emoji and several scripts).
func dropRune(r rune) bool {
	switch {
	case r < 0x20:
		return true
	case r == 0x7f:
		return true
	case r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r == 0x200b, r == 0xfeff, r == 0x00ad, r == 0x2060:
		return true
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
		return true
	}
	return false
}

// stripEscapes removes terminal escape sequences (ESC [ … final, CSI
// U+009B … final, OSC ESC ] … BEL/ST, and lone ESC + one char) so that no
// parameters such as a stray "2J" survive once the control bytes are gone.
func stripEscapes(s string) string {
	if !strings.ContainsRune(s, 0x1b) && !strings.ContainsRune(s, 0x9b) && !strings.ContainsRune(s, 0x9d) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b && i+n < len(s) && s[i+n] == '[':
			i = skipCSI(s, i+n+1)
		case r == 0x9b:
			i = skipCSI(s, i+n)
		case r == 0x1b && i+n < len(s) && s[i+n] == ']', r == 0x9d:
			j := i + n
			if r == 0x1b {
				j++
			}
			i = skipOSC(s, j)
		case r == 0x1b:
			i += n
			if i < len(s) {
				_, m := utf8.DecodeRuneInString(s[i:])
				i += m
			}
		default:
			b.WriteString(s[i : i+n])
			i += n
		}
	}
	return b.String()
}

// skipCSI skips CSI parameter and intermediate bytes and the final byte.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipOSC skips up to and including BEL or ST (ESC \ or U+009C).
func skipOSC(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x07, r == 0x9c:
			return i + n
		case r == 0x1b && i+n < len(s) && s[i+n] == '\\':
			return i + n + 1
		}
		i += n
	}
	return i
}

// cleanText sanitises and collapses whitespace: runs of spaces become one
// space, the result is trimmed, and dangerous runes are dropped.
func cleanText(s string) string {
	var tb textBuilder
	tb.writeText(s)
	return tb.String()
}

// textBuilder accumulates sanitised text with collapsed whitespace and
// tracks inline links by byte offset.
type textBuilder struct {
	b       strings.Builder
	pending bool // a space is owed before the next visible rune
	pre     bool // keep whitespace as is (inside <pre>)
	links   []InlineLink
}

func (t *textBuilder) Len() int { return t.b.Len() }

// writeText appends text from the document.
func (t *textBuilder) writeText(s string) {
	s = stripEscapes(s)
	for _, r := range s {
		if t.pre {
			if r == '\r' {
				continue
			}
			if r == '\t' || r == '\n' {
				t.b.WriteRune(r)
				continue
			}
			if r == '\u00a0' {
				r = ' '
			}
		}
		if !t.pre && isSpaceRune(r) {
			if t.b.Len() > 0 {
				t.pending = true
			}
			continue
		}
		if dropRune(r) || r == utf8.RuneError {
			continue
		}
		if t.pending {
			t.b.WriteByte(' ')
			t.pending = false
		}
		t.b.WriteRune(r)
	}
}

// lineBreak records a <br>: a newline, with surrounding spaces dropped.
func (t *textBuilder) lineBreak() {
	if t.b.Len() == 0 {
		return
	}
	s := t.b.String()
	if strings.HasSuffix(s, "\n") {
		t.pending = false
		return
	}
	t.b.WriteByte('\n')
	t.pending = false
}

// space owes a space (between inline-block things such as table cells).
func (t *textBuilder) space() {
	if t.b.Len() > 0 {
		t.pending = true
	}
}

// addLink records that the text written since start is a link to url.
func (t *textBuilder) addLink(start int, url string) {
	s := t.b.String()
	for start < len(s) && (s[start] == ' ' || s[start] == '\n') {
		start++
	}
	end := len(s)
	if end > start && url != "" {
		t.links = append(t.links, InlineLink{Start: start, End: end, URL: url})
	}
}

// String returns the text with trailing newlines removed.
func (t *textBuilder) String() string {
	s := t.b.String()
	if t.pre {
		return strings.TrimRight(s, " \n\t")
	}
	return strings.TrimRight(s, "\n ")
}

// finish returns the text and the links that fall inside it.
func (t *textBuilder) finish() (string, []InlineLink) {
	s := t.String()
	lead := 0
	if t.pre {
		// Drop leading blank lines of a <pre>, keep indentation.
		for {
			i := strings.IndexByte(s[lead:], '\n')
			if i < 0 || strings.TrimSpace(s[lead:lead+i]) != "" {
				break
			}
			lead += i + 1
		}
		s = s[lead:]
	}
	var links []InlineLink
	for _, l := range t.links {
		l.Start -= lead
		l.End -= lead
		if l.End > len(s) {
			l.End = len(s)
		}
		for l.End > l.Start && (s[l.End-1] == ' ' || s[l.End-1] == '\n') {
			l.End--
		}
		if l.Start >= 0 && l.End > l.Start {
			links = append(links, l)
		}
	}
	return s, links
}

func (t *textBuilder) reset() {
	t.b.Reset()
	t.pending = false
	t.links = nil
}
