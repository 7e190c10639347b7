package article

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// datelinePlace reads the place of a news dateline at the start of the
// first paragraph: "TOKYO —", "KYIV, Ukraine (AP) —", "WASHINGTON
// (Reuters) -". Only an upper-case lead followed by a dash counts, so
// ordinary sentences are never taken. The place is returned as written
// in the page's case convention turned into title case ("Tokyo",
// "Kyiv, Ukraine"), or "" when there is no dateline.
func datelinePlace(p string) string {
	if len(p) > 4000 {
		p = p[:4000]
	}
	// The lead ends at the first dash surrounded by spaces.
	end := -1
	for _, d := range []string{" — ", " – ", " - ", " -- ", "—", " ― "} {
		if i := strings.Index(p, d); i > 0 && (end < 0 || i < end) {
			end = i
		}
	}
	if end < 0 || end > 80 {
		return ""
	}
	lead := strings.TrimSpace(p[:end])
	// Drop a trailing "(Agency)" and a date after a comma ("LONDON, Jan 5").
	if i := strings.LastIndex(lead, "("); i > 0 && strings.HasSuffix(lead, ")") {
		lead = strings.TrimSpace(lead[:i])
	}
	lead = strings.TrimRight(lead, ", ")
	if lead == "" {
		return ""
	}
	parts := strings.Split(lead, ",")
	city := strings.TrimSpace(parts[0])
	// The city must be upper case letters (with spaces, dots, hyphens,
	// apostrophes), one to four words.
	if city == "" || utf8.RuneCountInString(city) < 2 || len(strings.Fields(city)) > 4 {
		return ""
	}
	letters := 0
	for _, r := range city {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == ' ' || r == '.' || r == '-' || r == '\'' || r == '’':
		default:
			return ""
		}
	}
	if letters < 2 {
		return ""
	}
	out := []string{titleCase(city)}
	// A region after the city: "Ukraine", "Calif.", "N.Y." (not a date).
	if len(parts) > 1 {
		reg := strings.TrimSpace(parts[1])
		if reg != "" && len(strings.Fields(reg)) <= 3 && !strings.ContainsAny(reg, "0123456789") && unicode.IsUpper(firstRune(reg)) {
			if isAllUpper(reg) {
				reg = titleCase(reg)
			}
			out = append(out, reg)
		}
	}
	return strings.Join(out, ", ")
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func isAllUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// titleCase turns "NEW YORK" into "New York" and "PORT-AU-PRINCE" into
// "Port-Au-Prince".
func titleCase(s string) string {
	var b strings.Builder
	start := true
	for _, r := range s {
		if start {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		start = r == ' ' || r == '-' || r == '.'
	}
	return b.String()
}
