package entity

import (
	"unicode"
	"unicode/utf8"
)

// tok is one word of the text: s[e] byte offsets, flags about the word and
// about the gap (whitespace and punctuation) before it.
type tok struct {
	s, e int32
	f    uint16
	gap  uint16
}

// Token flags.
const (
	tCap       uint16 = 1 << iota // starts with an upper-case letter
	tAllCaps                      // two or more letters, all upper case
	tNum                          // starts with a digit
	tDotted                       // "U.S.", "U.N." (letters and dots)
	tAbbr                         // a known abbreviation with its dot ("Mr.", "Gen.")
	tInitial                      // "W." in "George W. Bush"
	tSentStart                    // first word of a sentence, line or quote
	tLong                         // too long to be a name (> maxTokLen bytes)
	tPlain                        // an ordinary word capitalised by title-case text
)

// Gap flags: what lies between the previous word and this one.
const (
	gSpace   uint16 = 1 << iota // any whitespace
	gNewline                    // a line break
	gSentEnd                    // . ! ?
	gComma                      // , ;
	gColon                      // :
	gOpen                       // ( [ {
	gClose                      // ) ] }
	gQuote                      // " “ ” ‘ '
	gDash                       // - – — /
	gPoss                       // a possessive 's was split off
	gOther                      // any other punctuation or symbol, invalid UTF-8
)

const maxTokLen = 48

var asciiClass [128]uint8 // 1 word char, 2 space, 3 newline

func init() {
	for c := 0; c < 128; c++ {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			asciiClass[c] = 1
		case c == ' ', c == '\t', c == '\r', c == '\f', c == '\v':
			asciiClass[c] = 2
		case c == '\n':
			asciiClass[c] = 3
		}
	}
}

func asciiGap(c byte) uint16 {
	switch c {
	case '.', '!', '?':
		return gSentEnd
	case ',', ';':
		return gComma
	case ':':
		return gColon
	case '(', '[', '{':
		return gOpen
	case ')', ']', '}':
		return gClose
	case '"', '\'', '`':
		return gQuote
	case '-', '/':
		return gDash
	}
	return gOther
}

func runeGap(r rune) uint16 {
	switch r {
	case '“', '”', '‘', '’', '«', '»', '„':
		return gQuote
	case '–', '—', '‐', '‑', '−':
		return gDash
	case '。', '！', '？', '…':
		return gSentEnd
	case '，', '、', '；':
		return gComma
	case '（', '【':
		return gOpen
	case '）', '】':
		return gClose
	}
	if unicode.IsSpace(r) {
		if r == '\u2028' || r == '\u2029' || r == '\u0085' {
			return gNewline | gSpace
		}
		return gSpace
	}
	return gOther
}

// isWordRune: letters, digits and combining marks.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// wordAt reports whether a word character starts at s[i], and its width.
func wordAt(s string, i int) (bool, int) {
	if i >= len(s) {
		return false, 0
	}
	c := s[i]
	if c < utf8.RuneSelf {
		return asciiClass[c] == 1, 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && w <= 1 {
		return false, 1
	}
	return isWordRune(r), w
}

func isApostrophe(s string, i int) (bool, int) {
	if s[i] == '\'' {
		return true, 1
	}
	if s[i] == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x99 { // ’
		return true, 3
	}
	return false, 0
}

// tokenize splits s into words. Whitespace and punctuation are not tokens;
// they are summarised in each word's gap flags. Words keep inner hyphens
// ("Jae-in") and apostrophes ("O'Brien") but not a possessive "'s".
// lists gives the abbreviations that keep their dot.
func tokenize(s string, out []tok, lists *wordLists) []tok {
	abbreviations := &lists.abbreviations
	out = out[:0]
	gap := uint16(gNewline | gSentEnd) // the text start opens a sentence
	n := len(s)
	i := 0
	for i < n {
		c := s[i]
		if c < utf8.RuneSelf {
			switch asciiClass[c] {
			case 1:
				j, f := scanWord(s, i, abbreviations)
				out = append(out, tok{s: int32(i), e: int32(j), f: f, gap: gap})
				gap = 0
				i = j
				// possessive 's or s'
				if ok, w := apostropheAt(s, j); ok {
					if k, poss := possessiveEnd(s, j, w, true); poss {
						gap |= gPoss
						i = k
					}
				}
			case 2:
				gap |= gSpace
				i++
			case 3:
				gap |= gSpace | gNewline
				i++
			default:
				gap |= asciiGap(c)
				i++
			}
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && w <= 1 {
			gap |= gOther
			i++
			continue
		}
		if isWordRune(r) {
			j, f := scanWord(s, i, abbreviations)
			out = append(out, tok{s: int32(i), e: int32(j), f: f, gap: gap})
			gap = 0
			i = j
			// possessive 's
			if ok, aw := apostropheAt(s, j); ok {
				if k, poss := possessiveEnd(s, j, aw, false); poss {
					gap |= gPoss
					i = k
				}
			}
			continue
		}
		gap |= runeGap(r)
		i += w
	}
	// Sentence starts.
	for k := range out {
		g := out[k].gap
		if g&(gSentEnd|gNewline) != 0 || k == 0 {
			// "Mr. Kim", "George W. Bush": the dot belongs to the word.
			afterAbbr := k > 0 && g&gNewline == 0 && g&gSentEnd != 0 && out[k-1].f&(tAbbr|tInitial) != 0 &&
				!sentEndAfterAbbr(s, out[k-1], &lists.titleAbbreviations)
			if !afterAbbr {
				out[k].f |= tSentStart
			}
		} else if g&(gColon|gQuote) != 0 && g&gComma == 0 {
			out[k].f |= tSentStart
		} else if k > 0 && g&^gSpace == 0 && out[k-1].f&(tDotted|tAbbr) != 0 && s[out[k-1].e-1] == '.' && !lists.titleAbbreviations.has(s[out[k-1].s:out[k-1].e]) {
			// "... in the U.S. The" : maybe a sentence start.
			out[k].f |= tSentStart
		}
	}
	return out
}

// possessiveEnd: the apostrophe of w bytes after the word that ends at j
// makes a possessive "'s" ("Iraq's"), or, if bare is set, is one on its
// own ("Jones'"); it returns where the text goes on after it. (Only a
// word that starts with an ASCII character has been read with a bare
// possessive apostrophe.)
func possessiveEnd(s string, j, w int, bare bool) (int, bool) {
	if j+w < len(s) && (s[j+w] == 's' || s[j+w] == 'S') {
		if more, _ := wordAt(s, j+w+1); !more {
			return j + w + 1, true
		}
		return j, false
	}
	if bare {
		if more, _ := wordAt(s, j+w); !more {
			return j + w, true
		}
	}
	return j, false
}

// sentEndAfterAbbr: an abbreviation such as "Inc." or "Jr." may end a sentence.
func sentEndAfterAbbr(s string, t tok, titleAbbreviations *wordSet) bool {
	return !titleAbbreviations.has(s[t.s:t.e]) && t.f&tInitial == 0
}

func apostropheAt(s string, i int) (bool, int) {
	if i >= len(s) {
		return false, 0
	}
	return isApostrophe(s, i)
}

// scanWord scans a word starting at s[i] (a word character) and returns its
// end and flags.
func scanWord(s string, i int, abbreviations *wordSet) (int, uint16) {
	n := len(s)
	j := i
	letters, uppers := 0, 0
	for j < n {
		c := s[j]
		if c < utf8.RuneSelf {
			if asciiClass[c] == 1 {
				if c >= 'A' && c <= 'Z' {
					uppers++
					letters++
				} else if c >= 'a' && c <= 'z' {
					letters++
				}
				j++
				continue
			}
			// inner hyphen or apostrophe followed by a word character
			if c == '-' || c == '&' {
				if ok, _ := wordAt(s, j+1); ok && j > i {
					j++
					continue
				}
				break
			}
			if c == '\'' {
				if ok, _ := wordAt(s, j+1); ok && !possessiveAt(s, j+1) {
					j++
					continue
				}
				break
			}
			break
		}
		r, w := utf8.DecodeRuneInString(s[j:])
		if r == utf8.RuneError && w <= 1 {
			break
		}
		if r == '’' {
			if ok, _ := wordAt(s, j+w); ok && !possessiveAt(s, j+w) {
				j += w
				continue
			}
			break
		}
		if !isWordRune(r) {
			break
		}
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				uppers++
			}
		}
		j += w
	}
	var f uint16
	first := s[i]
	if first >= '0' && first <= '9' {
		f |= tNum
	} else if isUpperStart(s[i:j]) {
		f |= tCap
	}
	if j < n && s[j] == '.' {
		j, f = dottedEnd(s, i, j, f, letters == 1, uppers == 1, abbreviations)
	}
	if f&tDotted == 0 && uppers >= 2 && uppers == letters {
		f |= tAllCaps
	}
	if j-i > maxTokLen {
		f |= tLong
	}
	return j, f
}

// dottedEnd extends the word s[i:j], which a dot follows, over the dots
// of a dotted abbreviation ("U.S.", "U.N.", "U.S.A."), an initial ("W.")
// or a listed abbreviation ("Mr.", "Gen."), flagging which it is; f are
// the word's flags so far, oneLetter and oneUpper say how many letters it
// has.
func dottedEnd(s string, i, j int, f uint16, oneLetter, oneUpper bool, abbreviations *wordSet) (int, uint16) {
	n := len(s)
	switch {
	case oneLetter && j-i == 1:
		// "U.S.", "U.N.", "U.S.A." or an initial "W."
		k := j + 1
		for k+1 < n && s[k] < utf8.RuneSelf && asciiClass[s[k]] == 1 && s[k+1] == '.' && !(s[k] >= '0' && s[k] <= '9') {
			k += 2
		}
		if k > j+1 {
			j = k
			f |= tDotted
			if oneUpper {
				f |= tAllCaps
			}
		} else if f&tCap != 0 {
			j++
			f |= tInitial
		}
	case abbreviations.has(s[i:j]):
		j++
		f |= tAbbr
	}
	return j, f
}

// possessiveAt: s[i:] starts with "s" that ends the word ("Iraq's").
func possessiveAt(s string, i int) bool {
	if i >= len(s) || (s[i] != 's' && s[i] != 'S') {
		return false
	}
	ok, _ := wordAt(s, i+1)
	return !ok
}
