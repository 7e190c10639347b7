package feeds

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sanitize is the one sanitiser for a single line that reaches a
// terminal: a name or a title, from any origin (a feed, a page, the
// config, an OPML file, the library, an error). It removes whole ANSI
// escape sequences (CSI, OSC, DCS, SOS, PM, APC, in both their 7-bit ESC
// and 8-bit C1 forms; OSC 52 and the like end at BEL or ST), every other
// C0 and C1 control character including CR, bidirectional overrides,
// embeddings, isolates and marks, Unicode tag characters, and the
// zero-width and other invisible characters that make a name read as
// another (see isInvisible); then it collapses every run of whitespace
// (including newlines and U+00A0) to one space and trims the ends.
// Invalid UTF-8 becomes U+FFFD. An emoji joined by U+200D shows as its
// parts: a name must not hide characters.
func Sanitize(s string) string {
	return collapseSpace(stripControls(s, false))
}

// SanitizeText is Sanitize for multi-line text (a summary, an article
// body): it keeps line breaks (CR LF, CR, U+2028 and U+2029 become "\n"),
// collapses runs of other whitespace inside each line to one space, trims
// each line, and keeps at most one blank line between paragraphs. It
// keeps the zero-width joiner and non-joiner, which Persian, Hindi and
// other scripts need to spell words, but drops every other character
// Sanitize drops.
func SanitizeText(s string) string {
	s = stripControls(s, true)
	if strings.IndexByte(s, '\n') < 0 {
		// One line: what the loop below would make of it.
		return collapseSpace(s)
	}
	lines := strings.Split(s, "\n")
	var b strings.Builder
	b.Grow(len(s))
	blank := 0
	wrote := false
	for _, ln := range lines {
		ln = collapseSpace(ln)
		if ln == "" {
			blank++
			continue
		}
		if wrote {
			if blank > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(ln)
		wrote = true
		blank = 0
	}
	return b.String()
}

// SanitizePreformatted is SanitizeText for preformatted text (a table, a
// code block): it removes everything SanitizeText removes, turns tabs
// into spaces and line breaks into "\n", and keeps the spacing.
func SanitizePreformatted(s string) string { return stripControls(s, true) }

// isBidiControl reports the invisible characters that reorder or mark the
// direction of text and can make a terminal line read differently from its
// bytes.
func isBidiControl(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, // LRE RLE PDF LRO RLO
		r >= 0x2066 && r <= 0x2069, // LRI RLI FSI PDI
		r == 0x200E, r == 0x200F,   // LRM RLM
		r == 0x061C: // ALM
		return true
	}
	return false
}

// isTag reports the Unicode tag characters, invisible copies of ASCII
// that can smuggle text no reader sees.
func isTag(r rune) bool { return r >= 0xE0000 && r <= 0xE007F }

// isInvisible reports the characters that show as nothing (or as a
// blank) and so let one name or title pass for another: zero-width
// space, joiners and word joiner, invisible operators, the byte order
// mark, soft hyphen, combining grapheme joiner, Hangul and Khmer fillers,
// the Mongolian vowel separator, the deprecated format controls and the
// interlinear annotation characters.
func isInvisible(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200D, r >= 0x2060 && r <= 0x2064,
		r >= 0x206A && r <= 0x206F, r >= 0xFFF9 && r <= 0xFFFB:
		return true
	}
	switch r {
	case 0x00AD, 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0:
		return true
	}
	return false
}

// isJoiner reports ZWNJ and ZWJ, which text keeps and names drop.
func isJoiner(r rune) bool { return r == 0x200C || r == 0x200D }

// dropRune reports whether stripControls drops r (a rune of 0xA0 or
// more); text (multi-line) keeps the joiners.
func dropRune(r rune, text bool) bool {
	if r < 0xA0 {
		return false
	}
	return isBidiControl(r) || isTag(r) || isInvisible(r) && !(text && isJoiner(r))
}

// stripControls removes escape sequences, control characters, bidi
// controls, tag characters and invisible characters (but, for
// multi-line text, not the joiners). With keepNewlines, line breaks
// survive as "\n" and tabs as a space; otherwise they become spaces too
// (the caller collapses them).
func stripControls(s string, keepNewlines bool) string {
	if isClean(s, keepNewlines) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n' || r == 0x2028 || r == 0x2029:
			if keepNewlines {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
			i += size
		case r == '\r':
			// CR LF is one break; a lone CR is a break too.
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
				continue
			}
			if keepNewlines {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
			i += size
		case r == '\t' || r == '\v' || r == '\f':
			b.WriteByte(' ')
			i += size
		case r == 0x1B || (r >= 0x80 && r <= 0x9F):
			i += escapeLen(s[i:])
		case r < 0x20 || r == 0x7F:
			i += size
		case dropRune(r, keepNewlines):
			i += size
		default:
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	return b.String()
}

// isClean reports whether s is valid UTF-8 with nothing for stripControls
// to do, so the common case costs one scan and no allocation.
func isClean(s string, text bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7F {
			return false
		}
		if c >= 0x80 {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return false
			}
			if (r >= 0x80 && r <= 0x9F) || dropRune(r, text) || r == 0x2028 || r == 0x2029 {
				return false
			}
			i += size - 1
		}
	}
	return true
}

// escapeLen returns how many bytes of s, which starts with ESC or a C1
// control, form one control sequence to drop. An unterminated string-type
// sequence (OSC, DCS, …) drops only its introducer: what follows is then
// plain text, and no text is lost to a missing terminator.
func escapeLen(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	kind := rune(0)
	switch {
	case r == 0x1B:
		if len(s) < 2 {
			return n
		}
		c := s[1]
		switch c {
		case '[':
			kind = 0x9B
		case ']':
			kind = 0x9D
		case 'P':
			kind = 0x90
		case 'X':
			kind = 0x98
		case '^':
			kind = 0x9E
		case '_':
			kind = 0x9F
		default:
			// ESC, intermediates 0x20–0x2F, then a final byte 0x30–0x7E.
			j := 1
			for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2F {
				j++
			}
			if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7E {
				return j + 1
			}
			return n
		}
		n = 2
	default:
		kind = r
	}
	switch kind {
	case 0x9B: // CSI: parameters 0x30–0x3F, intermediates 0x20–0x2F, final 0x40–0x7E
		j := n
		for j < len(s) && s[j] >= 0x30 && s[j] <= 0x3F {
			j++
		}
		for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2F {
			j++
		}
		if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7E {
			return j + 1
		}
		// Malformed or cut short: drop what was consumed.
		return j
	case 0x9D, 0x90, 0x98, 0x9E, 0x9F: // string sequences, ended by ST (or BEL for OSC)
		for j := n; j < len(s); {
			c, size := utf8.DecodeRuneInString(s[j:])
			switch {
			case c == 0x07 && kind == 0x9D:
				return j + size
			case c == 0x9C:
				return j + size
			case c == 0x1B && j+1 < len(s) && s[j+1] == '\\':
				return j + 2
			}
			j += size
		}
		return n
	}
	return n // any other C1 control alone
}

// collapseSpace turns every run of Unicode whitespace into one space and
// trims both ends.
func collapseSpace(s string) string {
	needs := false
	prevSpace := true
	for _, r := range s {
		sp := unicode.IsSpace(r)
		if sp && (prevSpace || r != ' ') {
			needs = true
			break
		}
		prevSpace = sp
	}
	if !needs && !prevSpace {
		return s
	}
	if !needs {
		return strings.TrimRight(s, " ")
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SafeLink returns raw as an absolute http or https URL, resolved against
// base when it is relative, or "" when it is anything else. It removes what
// browsers ignore (leading and trailing spaces and controls, tabs and
// newlines anywhere), so "jav\tascript:" and " JavaScript:" are seen as the
// javascript: scheme they are and rejected, as are data:, vbscript:, file:
// and the like. A protocol-relative "//host/path" becomes "https://host/path".
func SafeLink(raw, base string) string {
	if _, _, _, ok := simpleURL(raw); ok {
		return raw
	}
	return safeLinkSlow(raw, base)
}

// safeLinkSlow is SafeLink for any input.
func safeLinkSlow(raw, base string) string {
	s, ok := cleanLink(raw)
	if !ok {
		return ""
	}
	u := safeURL(s, base)
	if u == nil {
		return ""
	}
	return u.String()
}

// cleanLink removes what browsers ignore in a URL and refuses one that
// still holds a control, bidi or non-ASCII space character.
func cleanLink(raw string) (string, bool) {
	if plainASCIILink(raw) {
		// Nothing to trim, remove or refuse.
		return raw, true
	}
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= 0x20 || unicode.IsSpace(r) })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s)
	}
	if s == "" {
		return "", false
	}
	// Anything else invisible or control in a URL is hostile or broken.
	for _, r := range s {
		if r < 0x20 || r == 0x7F || (r >= 0x80 && r <= 0x9F) || dropRune(r, false) || unicode.IsSpace(r) && r != ' ' {
			return "", false
		}
	}
	return s, true
}

// simpleURL recognises the common absolute link that url.Parse reads
// back exactly as written, so that SafeLink and CanonicalLink need not
// parse it: "http://" or "https://", a lower-case host of letters,
// digits, '.' and '-' with an optional numeric port, and an optional path
// of unreserved characters and '/', with no query, fragment or escape.
// (TestSimpleURLMatchesNetURL and FuzzSimpleURL check the claim.)
func simpleURL(s string) (scheme, hostport, path string, ok bool) {
	var rest string
	switch {
	case strings.HasPrefix(s, "http://"):
		scheme, rest = "http", s[len("http://"):]
	case strings.HasPrefix(s, "https://"):
		scheme, rest = "https", s[len("https://"):]
	default:
		return "", "", "", false
	}
	i := 0
	for i < len(rest) && ('a' <= rest[i] && rest[i] <= 'z' || '0' <= rest[i] && rest[i] <= '9' || rest[i] == '.' || rest[i] == '-') {
		i++
	}
	if i == 0 {
		return "", "", "", false
	}
	if i < len(rest) && rest[i] == ':' {
		j := i + 1
		for j < len(rest) && '0' <= rest[j] && rest[j] <= '9' {
			j++
		}
		if j == i+1 {
			return "", "", "", false
		}
		i = j
	}
	hostport, path = rest[:i], rest[i:]
	if path != "" && path[0] != '/' {
		return "", "", "", false
	}
	for k := 0; k < len(path); k++ {
		c := path[k]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
			return "", "", "", false
		}
	}
	return scheme, hostport, path, true
}

// plainASCIILink reports whether s is non-empty printable ASCII with no
// space, which cleanLink returns as it is.
func plainASCIILink(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= 0x20 || c >= 0x7F {
			return false
		}
	}
	return true
}

// safeURL is SafeLink's parse, for a string already cleaned of controls.
func safeURL(s, base string) *url.URL {
	if strings.HasPrefix(s, "//") {
		s = "https:" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil
	}
	if !u.IsAbs() {
		if base == "" {
			return nil
		}
		b, err := url.Parse(base)
		if err != nil || !isHTTP(b.Scheme) || b.Host == "" {
			return nil
		}
		u = b.ResolveReference(u)
	}
	if !isHTTP(u.Scheme) || u.Host == "" {
		return nil
	}
	return u
}

func isHTTP(scheme string) bool {
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https")
}
