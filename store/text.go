package store

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The index's tokenizer is FTS5's unicode61 with remove_diacritics 2:
// tokens are runs of letters, numbers and private-use characters, folded
// to lower case without diacritics. The functions here do the same in Go,
// for the term vocabulary and for the checks Search makes itself. Search
// input never contains private-use characters (tokens drops them): the
// index uses them for separators and source tokens that no typed query
// can reach.

// isTokenRune reports whether r belongs to a token. Combining marks are
// separators, as they are to unicode61 (a decomposed "e\u0301" still
// gives the token "e"); so are private-use characters, unlike unicode61.
func isTokenRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// foldToken lower-cases a token and strips its diacritics.
func foldToken(t string) string {
	ascii := true
	for i := 0; i < len(t); i++ {
		if t[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(t)
	}
	d := norm.NFD.String(strings.ToLower(t))
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, d)
}

// tokens appends the folded tokens of s to out.
func tokens(s string, out []string) []string {
	start := -1
	for i, r := range s {
		if isTokenRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if t := foldToken(s[start:i]); t != "" {
				out = append(out, t)
			}
			start = -1
		}
	}
	if start >= 0 {
		if t := foldToken(s[start:]); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// prefixEnd is the least string greater than every string starting with
// p (for a range scan of the vocabulary).
func prefixEnd(p string) string { return p + "\U0010FFFF" }

// quote makes an FTS5 string of folded tokens. Tokens hold only letters,
// numbers and marks, so nothing a user types can reach FTS5 as syntax;
// the quotes are doubled anyway.
func quote(toks []string) string {
	return `"` + strings.ReplaceAll(strings.Join(toks, " "), `"`, `""`) + `"`
}

// hasPhrase reports whether seq contains want as consecutive tokens, the
// last of them a prefix when prefix is set.
func hasPhrase(seq, want []string, prefix bool) bool {
	if len(want) == 0 {
		return true
	}
	last := len(want) - 1
outer:
	for i := 0; i+len(want) <= len(seq); i++ {
		for j, w := range want {
			t := seq[i+j]
			if j == last && prefix {
				if !strings.HasPrefix(t, w) {
					continue outer
				}
			} else if t != w {
				continue outer
			}
		}
		return true
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lowerASCII lower-cases an ASCII string.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z'
}

// hasToken reports whether the lower-cased ASCII text holds the token t
// (a token starting with t when prefix is set).
func hasToken(text, t string, prefix bool) bool {
	for off := 0; ; {
		i := strings.Index(text[off:], t)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(t)
		if (i == 0 || !isWordByte(text[i-1])) && (prefix || end == len(text) || !isWordByte(text[end])) {
			return true
		}
		off = i + 1
	}
}
