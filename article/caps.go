package article

import (
	"strings"
	"unicode/utf8"
)

// Caps on an article's one-line fields, in runes: the same as the feeds
// package puts on an item's title and author. A page's <title>, og:title
// or byline can be megabytes long, and every screen that shows it would
// pay for that. A cut field ends with "…". Blocks are bounded by the
// page size limit (MaxPageBytes) alone.
const (
	MaxTitleRunes = 1000
	MaxMetaRunes  = 200 // byline, place, source, section
)

// capMeta caps a's one-line fields.
func capMeta(a *Article) {
	a.Title = capRunes(a.Title, MaxTitleRunes)
	a.Byline = capRunes(a.Byline, MaxMetaRunes)
	a.Place = capRunes(a.Place, MaxMetaRunes)
	a.Source = capRunes(a.Source, MaxMetaRunes)
	a.Section = capRunes(a.Section, MaxMetaRunes)
}

// capRunes returns s when it has at most n runes, else its first n-1
// runes (back to the last space when one is in the final fifth) and "…".
func capRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := 0; k < n-1; k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	s = s[:i]
	if j := strings.LastIndexByte(s, ' '); j > 0 && utf8.RuneCountInString(s[:j]) >= (n-1)*4/5 {
		s = s[:j]
	}
	return strings.TrimRight(s, " ") + "…"
}
