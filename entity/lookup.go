package entity

import (
	"strings"
	"unicode/utf8"
)

// What the lexicon says about the words of a document: each word's flags
// (cached per token) and the longest gazetteer phrase starting at a word.

func (d *doc) word(i int) string { t := d.toks[i]; return d.text[t.s:t.e] }

// flags of the word as written.
func (d *doc) wf(i int) uint32 {
	f := d.flags[i]
	if f&flagsDone == 0 {
		w := d.word(i)
		e, ok := d.x.lookup(hashOf(w))
		if d.toks[i].f&(tAllCaps|tDotted) == tAllCaps && len(w) > 1 && d.capsContext(i) {
			// "PRIME MINISTER", "SAID": also the flags of "Prime", "Said"
			if h, ascii := fnvLower(fnvString(fnvOffset, w[:1]), w[1:]); ascii {
				if t, tok := d.x.lookup(h); tok {
					e.f |= t.f &^ wPhraseStart
					ok = true
				}
			}
		}
		f = e.f | flagsDone
		d.flags[i] = f
		if !ok || e.f&wPhraseStart == 0 {
			d.phrase[i] = -1 // no phrase starts here
		}
	}
	return f &^ flagsDone
}

// lowerFlags returns the flags of the lower-cased word (wCommon lives there).
func (d *doc) lowerFlags(i int) uint32 {
	w := d.word(i)
	if k := strings.IndexByte(w, '-'); k > 0 {
		// "Self-sufficient", "Counter-terrorism": common if every part is
		for _, p := range strings.Split(strings.ToLower(w), "-") {
			if d.x.flags(p)&wCommon == 0 {
				return d.x.flags(strings.ToLower(w))
			}
		}
		return wCommon
	}
	if innerCap(w) {
		// "DeLay", "McCain", "LeBron": a capital after a lower-case
		// letter is no ordinary word's, even at a sentence start
		return 0
	}
	h, ok := fnvLower(fnvOffset, w)
	if !ok {
		return d.x.flags(strings.ToLower(w))
	}
	e, _ := d.x.lookup(h)
	return e.f
}

// innerCap: an upper-case ASCII letter after a lower-case one ("DeLay").
func innerCap(w string) bool {
	lower := false
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= 'A' && c <= 'Z':
			if lower {
				return true
			}
		}
	}
	return false
}

// capsContext: the word sits in all-caps text (a neighbour is all caps
// too), so "WHO" there may be the word "who", not the acronym.
func (d *doc) capsContext(i int) bool {
	return (i > 0 && d.toks[i-1].f&tAllCaps != 0 && d.toks[i-1].f&tDotted == 0) ||
		(i+1 < len(d.toks) && d.toks[i+1].f&tAllCaps != 0 && d.toks[i+1].f&tDotted == 0)
}

// isCapWord: a word that can be part of a name.
func (d *doc) isCapWord(i int) bool {
	t := d.toks[i]
	if t.f&(tLong|tPlain) != 0 {
		return false
	}
	if t.f&tCap != 0 {
		return true
	}
	// "al-Qaida", "el-Sisi", "bin-Laden"
	w := d.word(i)
	if k := strings.IndexByte(w, '-'); k > 0 && k <= 3 && k+1 < len(w) && isUpperStart(w[k+1:]) {
		return d.x.lists.nameArticlePrefixes.has(w[:k])
	}
	return false
}

// joined reports whether token i follows token i-1 with only plain spaces
// (no line break, no punctuation) between them.
func (d *doc) joined(i int) bool {
	g := d.toks[i].gap
	return g&^gSpace == 0 && g&gSpace != 0
}

// isAcronym: "ASEAN", "U.N.", "GSOMIA".
func (d *doc) isAcronym(i int) bool {
	t := d.toks[i]
	return t.f&(tAllCaps|tDotted) != 0 && t.f&(tLong|tPlain) == 0
}

// phraseAt finds the longest gazetteer phrase starting at token i.
// It returns the number of tokens and the entry index, or 0, -1.
func (d *doc) phraseAt(i int) (int, int32) {
	if p := d.phrase[i]; p != -2 {
		if p < 0 {
			return 0, -1
		}
		return int(p >> 24), p & (1<<24 - 1)
	}
	n, idx := d.phraseAtSlow(i)
	if n == 0 {
		d.phrase[i] = -1
	} else {
		d.phrase[i] = int32(n)<<24 | idx
	}
	return n, idx
}

func (d *doc) phraseAtSlow(i int) (int, int32) {
	if d.wf(i)&wPhraseStart == 0 {
		return 0, -1
	}
	// All-caps text ("SEOUL, Nov 19") is matched against upper-cased names.
	allCaps := d.toks[i].f&tAllCaps != 0 && d.toks[i].f&tDotted == 0
	get := d.lookupLex
	if allCaps {
		get = d.lookupUpper
	}
	bestN, bestIdx := 0, int32(-1)
	for n := 1; i+n <= len(d.toks); n++ {
		k := i + n - 1
		if n > 1 {
			g := d.toks[k].gap
			// phrases may contain ", " ("Washington, D.C.") and hyphens,
			// never sentence ends or line breaks.
			if g&(gNewline|gSentEnd|gOpen|gClose|gQuote|gColon|gOther) != 0 {
				break
			}
		}
		idx, ok := get(i, k+1)
		if !ok {
			break // no longer name starts with these words
		}
		if idx < 0 {
			continue // a prefix only
		}
		if allCaps && d.toks[k].e-d.toks[i].s <= 3 {
			// short all-caps words match only as written ("US", not "BA")
			if j, ok := d.lookupLex(i, k+1); ok && j >= 0 {
				bestN, bestIdx = n, j
			}
			continue
		}
		bestN, bestIdx = n, idx
	}
	return bestN, bestIdx
}

// lookupUpper finds the upper-cased phrase of tokens [a, b) without
// allocating.
func (d *doc) lookupUpper(a, b int) (int32, bool) {
	return d.x.lookupUpperHash(d.phraseHash(a, b))
}

// lookupLex: the phrase entry of tokens [a, b) (-1: only a prefix).
func (d *doc) lookupLex(a, b int) (int32, bool) {
	e, ok := d.x.lookup(d.phraseHash(a, b))
	if !ok || e.p == -2 {
		return 0, false
	}
	return e.p, true
}

// phraseHash is the fingerprint of the phrase of tokens [a, b) as the
// gazetteer writes it: gaps of whitespace become one space, "’" becomes
// "'", other gap characters ("People's", "Washington, D.C.", "Guinea-
// Bissau") are kept.
func (d *doc) phraseHash(a, b int) uint64 {
	h := fnvOffset
	for k := a; k < b; k++ {
		if k > a {
			if g := d.toks[k].gap; g == gSpace && d.toks[k].s-d.toks[k-1].e == 1 {
				h = fnvString(h, " ")
			} else {
				h = fnvGap(h, d.text[d.toks[k-1].e:d.toks[k].s])
			}
		}
		h = fnvString(h, d.word(k))
	}
	return h
}

// fnvGap hashes a gap between words in its normal form (see normPhrase).
func fnvGap(h uint64, gap string) uint64 {
	space := false
	for _, r := range gap {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' {
			space = true
			continue
		}
		if space {
			h = fnvString(h, " ")
			space = false
		}
		if r == '’' {
			r = '\''
		}
		var buf [4]byte
		n := utf8.EncodeRune(buf[:], r)
		h = fnvString(h, string(buf[:n]))
	}
	if space {
		h = fnvString(h, " ")
	}
	return h
}

// demonymAt returns the length (1 or 2 words) of a demonym at pos.
func (d *doc) demonymAt(pos, b int) int {
	f := d.wf(pos)
	if f&wDemonymMulti != 0 && pos+1 < b {
		if e, _ := d.x.lookup(d.phraseHash(pos, pos+2)); e.f&wDemonym != 0 {
			return 2
		}
	}
	if f&wDemonym != 0 {
		return 1
	}
	return 0
}
