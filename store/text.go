package store

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Tokens are runs of letters and numbers, folded to lower case without
// diacritics. This file is the one tokenizer of the library: the index is
// given text already split and folded here (normText), and FTS5 only
// splits it again on spaces (its "ascii" tokenizer, which keeps non-ASCII
// bytes inside tokens). So the index, the term vocabulary, the queries
// and the checks Search makes itself can never disagree, and the
// tokenizing runs in Go beside SQLite rather than inside it. Search input
// never contains private-use characters (they are separators here): the
// index uses them for separators and source tokens no query can reach.

// Chinese, Japanese and Korean text is indexed character by character:
// each Han, kana or Hangul character is a token of its own. Chinese and
// Japanese do not put spaces between words, so a whole run would be one
// token and a word inside it ("北京" in "北京举行会议") could never be
// found; as single characters, a word is the phrase of its characters,
// which FTS5 finds as a substring, as the in-memory filter does.

// isCJK reports whether r is a character indexed on its own.
func isCJK(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r == 0x30FC: // the katakana prolonged sound mark (script Common)
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// isTokenRune reports whether r belongs to a token. Combining marks are
// separators (a decomposed "e\u0301" gives the token "e", as the
// precomposed one does once folded); so are private-use characters.
func isTokenRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// foldToken lower-cases a token and strips its diacritics. A Chinese,
// Japanese or Korean character keeps its marks (ガ is not カ; a Hangul
// syllable is not taken apart) and is only brought to its standard
// form (NFKC: a half-width ｶ is カ).
func foldToken(t string) string {
	if r, n := utf8.DecodeRuneInString(t); n == len(t) && isCJK(r) {
		return norm.NFKC.String(t)
	}
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

// forTokens calls fn for each token of s (unfolded), saying whether it is
// ASCII.
func forTokens(s string, fn func(tok string, ascii bool)) {
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !isWordByte(c) {
				i++
				continue
			}
		} else if r, n := utf8.DecodeRuneInString(s[i:]); !isTokenRune(r) {
			i += n
			continue
		} else if isCJK(r) {
			fn(s[i:i+n], false)
			i += n
			continue
		}
		j, ascii := i, true
		for j < len(s) {
			if c := s[j]; c < utf8.RuneSelf {
				if !isWordByte(c) {
					break
				}
				j++
				continue
			}
			r, n := utf8.DecodeRuneInString(s[j:])
			if !isTokenRune(r) || isCJK(r) {
				break
			}
			ascii = false
			j += n
		}
		fn(s[i:j], ascii)
		i = j
	}
}

// compat brings non-ASCII text to NFKC first: full-width letters and
// digits ("ＡＳＥＡＮ２０１９", common in Chinese and Japanese text) are
// the ASCII ones, and half-width kana with their voicing marks are the
// full-width characters.
func compat(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			if !norm.NFKC.IsNormalString(s) {
				return norm.NFKC.String(s)
			}
			return s
		}
	}
	return s
}

// appendNorm appends the folded tokens of s to b, separated by spaces.
func appendNorm(b []byte, s string) []byte {
	forTokens(compat(s), func(t string, ascii bool) {
		n := len(b)
		if n > 0 {
			b = append(b, ' ')
		}
		if ascii {
			b = appendLowerASCII(b, []byte(t))
		} else {
			b = append(b, foldToken(t)...)
		}
		if len(b) == n+1 { // folded to nothing
			b = b[:n]
		}
	})
	return b
}

// normText is s as the index is given it.
func normText(s string) string { return string(appendNorm(nil, s)) }

// tokens appends the folded tokens of s to out.
func tokens(s string, out []string) []string {
	forTokens(compat(s), func(t string, ascii bool) {
		if ascii {
			t = strings.ToLower(t)
		} else {
			t = foldToken(t)
		}
		if t != "" {
			out = append(out, t)
		}
	})
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

func isASCIIBytes(s []byte) bool {
	for _, c := range s {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// appendLowerASCII appends the ASCII text s, lower-cased, to dst.
func appendLowerASCII(dst, s []byte) []byte {
	for _, c := range s {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z'
}

// hasToken reports whether the lower-cased ASCII text holds the token t
// (a token starting with t when prefix is set).
func hasToken(text []byte, t string, prefix bool) bool {
	tb := []byte(t)
	for off := 0; ; {
		i := bytes.Index(text[off:], tb)
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
