package feeds

import (
	"strings"
	"unicode/utf8"
)

// Caps on an item's one-line and summary fields, in runes, applied at
// parse time. A 7 MB title made every keystroke of the TUI take seconds;
// no headline, byline or summary needs more. A cut field ends with "…".
// Content keeps the body cap (Options.MaxBytes) and no other.
const (
	MaxTitleRunes    = 1000
	MaxAuthorRunes   = 200
	MaxSummaryRunes  = 10000
	MaxCategoryRunes = 200
)

// rawBytesPerRune is how many bytes of raw field text (markup, entities
// and escapes included) are read for each rune of a capped field: what is
// past that is dropped before any conversion, so a huge field costs no
// more than a large one.
const rawBytesPerRune = 64

// capLine turns a raw title-like field into one sanitised line (see
// textLine) of at most n runes.
func capLine(raw string, n int) string {
	raw, cut := preCut(raw, n*rawBytesPerRune)
	return capRunes(textLine(raw), n, cut)
}

// preCut returns at most limit bytes of s, cut at a character boundary,
// and whether it cut.
func preCut(s string, limit int) (string, bool) {
	if len(s) <= limit {
		return s, false
	}
	i := limit
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i], true
}

// capRunes returns s when it has at most n runes and was not cut before
// (cut); otherwise at most n runes of it ending with "…", cut after the
// last space or line break in the final fifth when there is one, so a
// word is not split.
func capRunes(s string, n int, cut bool) string {
	count := utf8.RuneCountInString(s)
	if count <= n && !cut {
		return s
	}
	if count > n-1 {
		// The byte offset of rune n-1.
		i, k := 0, 0
		for k < n-1 {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			k++
		}
		s = s[:i]
		if j := strings.LastIndexAny(s, " \n"); j > 0 && utf8.RuneCountInString(s[:j]) >= (n-1)*4/5 {
			s = s[:j]
		}
	}
	s = strings.TrimRight(s, " \n")
	if s == "" || strings.HasSuffix(s, "…") {
		return s
	}
	return s + "…"
}
