package entity

import (
	"strings"
	"sync"
	"unicode/utf8"
)

var defaultExtractor = sync.OnceValue(NewExtractor)

// Default returns the shared Extractor built from the embedded lists.
func Default() *Extractor { return defaultExtractor() }

// Extract returns the people, places and organisations in text, in order,
// without overlaps, with byte offsets into text. It is safe on any input,
// including invalid UTF-8, and deterministic. It reads the first MaxText
// bytes of text only (cut at a rune boundary): nothing beyond is found.
func Extract(text string) []Span { return defaultExtractor().Extract(text) }

// MaxText is how much of a text Extract reads. The working memory of a
// call grows with the text (a name every few bytes costs about 75 bytes
// per byte of text: 10 MB of short names allocated 740 MB), so a text is
// capped; 1 MiB bounds a call to about 80 MB and a quarter of a second,
// and is over twenty times the longest article in the test corpora
// (under 50 KB of text).
const MaxText = 1 << 20

// capText cuts text to at most MaxText bytes, at a rune boundary.
func capText(text string) string {
	if len(text) <= MaxText {
		return text
	}
	i := MaxText
	// text[i] starts what is cut off; back up over a rune it is inside of
	// (at most UTFMax-1 bytes: invalid UTF-8 is cut anywhere).
	for k := 1; k < utf8.UTFMax && !utf8.RuneStart(text[i]); k++ {
		i--
	}
	if !utf8.RuneStart(text[i]) {
		i = MaxText
	}
	return text[:i]
}

// Span strength: how sure the label is.
const (
	sDrop   uint8 = iota // kept only if the document confirms it
	sGuess               // label guessed from the shape of the name
	sStrong              // gazetteer, title, head word or known name
)

type cand struct {
	a, b     int // token range [a, b)
	label    Label
	strength uint8
	canon    string
	acronym  bool
	ctx      bool // the label came from the words around it ("the town of X")
	kind     kind
}

// doc is the per-call working state.
type doc struct {
	x     *Extractor
	text  string
	toks  []tok
	cands []cand
	// per-token caches, filled lazily
	flags  []uint32 // word flags | flagsDone
	phrase []int32  // -2 unknown, else (n << 24) | entry index, or -1
}

const flagsDone = 1 << 31

// Extract is the method form of the package-level Extract (and reads
// the first MaxText bytes of text only).
func (x *Extractor) Extract(text string) []Span {
	text = capText(text)
	if len(text) == 0 {
		return nil
	}
	d, _ := x.scratch.Get().(*doc)
	if d == nil {
		d = &doc{}
	}
	d.x, d.text = x, text
	if want := len(text)/5 + 16; cap(d.toks) < want {
		d.toks = make([]tok, 0, want)
	}
	d.toks = tokenize(text, d.toks[:0])
	n := len(d.toks)
	d.flags = grow(d.flags, n)
	clear(d.flags)
	d.phrase = grow(d.phrase, n)
	for i := range d.phrase {
		d.phrase[i] = -2
	}
	d.cands = d.cands[:0]
	d.markTitleCase()
	d.scan()
	out := d.resolve()
	// Keep the buffers for the next call, unless the text was huge.
	if cap(d.toks) <= 1<<18 {
		clear(d.cands[:cap(d.cands)])
		d.text, d.x = "", nil
		x.scratch.Put(d)
	}
	return out
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func (d *doc) word(i int) string { t := d.toks[i]; return d.text[t.s:t.e] }

// flags of the word as written.
func (d *doc) wf(i int) uint32 {
	f := d.flags[i]
	if f&flagsDone == 0 {
		w := d.word(i)
		e, ok := d.x.lex[hashOf(w)]
		if d.toks[i].f&(tAllCaps|tDotted) == tAllCaps && len(w) > 1 && d.capsContext(i) {
			// "PRIME MINISTER", "SAID": also the flags of "Prime", "Said"
			if h, ascii := fnvLower(fnvString(fnvOffset, w[:1]), w[1:]); ascii {
				if t, tok := d.x.lex[h]; tok {
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
	return d.x.lex[h].f
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
	idx, ok := d.x.upper[d.phraseHash(a, b)]
	return idx, ok
}

// lookupLex: the phrase entry of tokens [a, b) (-1: only a prefix).
func (d *doc) lookupLex(a, b int) (int32, bool) {
	e, ok := d.x.lex[d.phraseHash(a, b)]
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

// scan walks the words and proposes candidate spans.
func (d *doc) scan() {
	n := len(d.toks)
	for i := 0; i < n; {
		if !d.isCapWord(i) && !d.isAcronym(i) {
			i++
			continue
		}
		if d.wf(i)&wDate != 0 && !d.monthGivenName(i) {
			// "May", "August": a person only if the document names one so
			if !d.dateContext(i) {
				d.add(i, i+1, Person, sDrop, "", kindNone)
			}
			i++
			continue
		}
		if n, ok := d.partyState(i); ok {
			// ", D-Ohio," after a lawmaker's name: the party says nothing,
			// the state is a place
			if n >= 0 {
				d.add(i, i+1, Place, sStrong, d.x.entries[n].canon, d.x.entries[n].kind)
			}
			i++
			continue
		}
		j := d.runEnd(i)
		i = d.segment(i, j)
	}
}

// partyState: token i is a US lawmaker's party and state after a comma or
// in brackets (", D-Ohio,", "(R-Texas)", ", D-Calif.,"). It returns the
// entry of the state when the state is written out, else -1.
func (d *doc) partyState(i int) (int32, bool) {
	w := d.word(i)
	if len(w) < 3 || w[1] != '-' || d.toks[i].gap&(gComma|gOpen) == 0 {
		return -1, false
	}
	if !d.x.lists.partyInitials.has(w[:1]) {
		return -1, false
	}
	st := w[2:]
	if e, ok := d.x.lex[hashOf(st)]; ok && e.p >= 0 && d.x.entries[e.p].label == Place {
		return e.p, true
	}
	// AP abbreviations ("D-Calif.", "R-N.Y.") are split at their dots
	if i+1 < len(d.toks) && d.toks[i+1].gap&gSentEnd != 0 || isUpperStart(st) && len(st) <= 5 {
		return -1, i+1 >= len(d.toks) || d.toks[i+1].gap&(gComma|gClose|gSentEnd) != 0
	}
	return -1, false
}

// isAcronym: "ASEAN", "U.N.", "GSOMIA".
func (d *doc) isAcronym(i int) bool {
	t := d.toks[i]
	return t.f&(tAllCaps|tDotted) != 0 && t.f&(tLong|tPlain) == 0
}

// markTitleCase finds sentences and lines written in title case or all
// caps ("Kishida Says Japan Will Act", "SEOUL SAYS TALKS WILL RESUME"):
// there a capitalised ordinary word is no sign of a name, so it is marked
// tPlain unless a list knows it as a name or a name word.
func (d *doc) markTitleCase() {
	const nameFlags = wFirst | wLast | wEastAsianSurname | wPhraseStart | wOrgHead | wPlaceHead | wTitle |
		wCoreTitle | wDemonym | wDemonymMulti | wDirection | wProper
	n := len(d.toks)
	for s := 0; s < n; {
		e := s + 1
		for e < n && d.toks[e].f&tSentStart == 0 {
			e++
		}
		words, caps, small := 0, 0, 0
		for k := s; k < e; k++ {
			if d.toks[k].f&tNum != 0 {
				continue
			}
			words++
			if d.toks[k].f&tCap != 0 {
				caps++
				if k > s && d.x.lists.titleSmallWord(d.word(k)) {
					small++ // "On", "For", "Says" capitalised mid-line
				}
			}
		}
		if words >= 4 && caps*10 >= words*7 && small > 0 {
			for k := s; k < e; k++ {
				if d.toks[k].f&tCap == 0 || k == s && d.wf(k)&wFunction == 0 {
					continue
				}
				if d.x.lists.titleSmallWord(d.word(k)) && d.wf(k)&wPhraseStart == 0 ||
					d.wf(k)&nameFlags == 0 && !strings.Contains(d.word(k), "-") && d.lowerFlags(k)&wCommon != 0 {
					d.toks[k].f |= tPlain
				}
			}
		}
		s = e
	}
}

// runEnd extends a run of capitalised words from i: "Association of
// Southeast Asian Nations", "Jeong Kyeong-doo", "Osama bin Laden".
func (d *doc) runEnd(i int) int {
	// No name is longer than maxRun words; capping the run also keeps the
	// work per run bounded on hostile input ("Seoul Seoul Seoul ...").
	n := min(len(d.toks), i+maxRun)
	j := i + 1
	hasHead := d.wf(i)&(wOrgHead|wPlaceHead|wCoreTitle) != 0
	for j < n {
		if !d.joined(j) {
			break
		}
		if d.isCapWord(j) || d.isAcronym(j) {
			f := d.wf(j)
			if f&wDate != 0 || f&wFunction != 0 && (d.toks[j].f&tSentStart != 0 || f&wPhraseStart == 0) {
				// "... H.I.V. He said"; and in title-case text ("Pressure
				// Kept On Seoul For Pact") a capitalised function word ends
				// the run; but a word for people inside an organisation's
				// name does not ("Center for Missing and Exploited Children")
				if f&wDate != 0 || d.toks[j].f&tSentStart != 0 || !d.x.lists.groupNouns.has(d.word(j)) || !d.orgHeadIn(i, j) {
					break
				}
			}
			hasHead = hasHead || f&(wOrgHead|wPlaceHead|wCoreTitle) != 0
			j++
			continue
		}
		// A lower-case word: only connectors and name particles continue
		// the run (two small sets, not the lexicon).
		w := d.word(j)
		conn, part := d.x.lists.connector(w)
		if !conn && !part {
			break
		}
		// "Ministry of the Interior", "Society for the Protection of
		// Animals"
		if hasHead && (w == "of" || w == "for") && j+2 < n && d.word(j+1) == "the" && d.joined(j+1) &&
			d.joined(j+2) && d.isCapWord(j+2) {
			j += 2
			continue
		}
		if j+1 < n && d.joined(j+1) && d.isCapWord(j+1) {
			// connector inside an organisation or place name: "Ministry of
			// Foreign Affairs", "Bank of Japan" (the gazetteer catches most
			// "and" names, so "and" needs a head).
			switch {
			case d.x.lists.afterHeadConnectors.has(w):
				if hasHead {
					j++
					continue
				}
			case w == "and" || w == "&":
				if hasHead && d.runHasOf(i, j) {
					j++
					continue
				}
			case w == "the":
				if j > i && (d.word(j-1) == "of" || d.word(j-1) == "for") {
					j++
					continue
				}
			}
			// name particles: "Osama bin Laden", "Ursula von der Leyen"
			if part && !hasHead {
				j++
				continue
			}
		}
		if part && !hasHead && j+1 < n && d.joined(j+1) && j+2 <= n {
			if _, p2 := d.x.lists.connector(d.word(j + 1)); p2 {
				j++ // "von der Leyen"
				continue
			}
		}
		break
	}
	// do not end on a connector
	for j > i+1 && !d.isCapWord(j-1) && !d.isAcronym(j-1) {
		j--
	}
	return j
}

// orgHeadIn: an organisation head word in [a, b).
func (d *doc) orgHeadIn(a, b int) bool {
	for k := a; k < b; k++ {
		if d.wf(k)&wOrgHead != 0 && d.isCapWord(k) {
			return true
		}
	}
	return false
}

// maxRun: the longest capitalised run considered as one name ("International
// Federation of Red Cross and Red Crescent Societies" has 10 words).
const maxRun = 16

func (d *doc) runHasOf(a, b int) bool {
	for k := a; k < b; k++ {
		if w := d.word(k); w == "of" || w == "for" {
			return true
		}
	}
	return false
}

func (d *doc) add(a, b int, l Label, s uint8, canon string, k kind) bool {
	if a >= b || d.compound(a, b) {
		return false
	}
	// In invalid UTF-8 a word can be followed by a stray continuation
	// byte; a span must end where a character starts.
	if e := int(d.toks[b-1].e); e < len(d.text) && !utf8.RuneStart(d.text[e]) {
		return false
	}
	d.cands = append(d.cands, cand{a: a, b: b, label: l, strength: s, canon: canon, kind: k})
	return true
}

// compound reports whether [a, b) is part of a hyphenated compound that is
// not a name: "U.S.-led", "NATO-backed", "U.S.-Mexico", "Israeli-Palestinian".
func (d *doc) compound(a, b int) bool {
	if b < len(d.toks) && d.toks[b].gap == gDash {
		return true
	}
	if a > 0 && d.toks[a].gap == gDash {
		return true
	}
	w := d.word(b - 1)
	k := strings.LastIndexByte(w, '-')
	if k < 0 {
		return false
	}
	if d.x.lists.compoundSuffixes.has(w[k+1:]) {
		return true
	}
	// every part a demonym or prefix: "African-American", "Anti-Japanese"
	if b-a == 1 {
		for _, p := range strings.Split(w, "-") {
			if d.x.flags(p)&(wDemonym|wNonEntity) == 0 {
				return false
			}
		}
		return true
	}
	return false
}

// bornPrefix: a capitalised compound like "Egyptian-born" or
// "Paris-based" ("a X-born man"), which is not part of the name after it.
func (d *doc) bornPrefix(i int) bool {
	w := d.word(i)
	k := strings.LastIndexByte(w, '-')
	if k <= 0 {
		return false
	}
	if d.x.lists.compoundSuffixes.has(w[k+1:]) {
		return true
	}
	// "Kind-hearted", "Long-serving": a compound of ordinary words with a
	// lower-case tail is an adjective (names write both parts in
	// capitals, or have short syllables: "Ban Ki-moon", "Jae-in")
	tail := w[k+1:]
	if len(tail) < 5 || tail[0] < 'a' || tail[0] > 'z' {
		return false
	}
	if d.lowerFlags(i)&wCommon != 0 {
		return true
	}
	// "Kind-hearted", "Hard-hitting": an ordinary word and a participle
	// (a name syllable may end in "ing", "Man-ching", but is no word)
	return (strings.HasSuffix(tail, "ed") || strings.HasSuffix(tail, "ing") && d.x.flags(tail)&wCommon != 0) &&
		d.x.flags(strings.ToLower(w[:k]))&wCommon != 0
}

// headIn finds the last org or place head word in [a, b).
func (d *doc) headIn(a, b int) (int, uint32) {
	for k := b - 1; k >= a; k-- {
		f := d.wf(k)
		if f&(wOrgHead|wPlaceHead) != 0 && d.isCapWord(k) {
			// "Secretary of State", "Minister of State" are titles
			if k-2 >= a && d.word(k-1) == "of" && d.wf(k-2)&wCoreTitle != 0 {
				continue
			}
			return k, f
		}
	}
	return -1, 0
}

// segment splits the capitalised run [a, b) into candidate spans and
// returns where scanning resumes (b, or later if a gazetteer phrase ran
// past the run).
func (d *doc) segment(a, b int) int {
	pos := a
	titled := d.titleBefore(a)
	// A run ending in a treaty, law or event word is not an entity; an
	// acronym right after it is the same thing.
	if b-a >= 2 && (d.x.lists.nonEntityHeads.has(d.word(b-1)) || (b-a >= 3 && d.x.lists.romanNumerals.has(d.word(b-1)) && d.x.lists.nonEntityHeads.has(d.word(b-2)))) {
		return b
	}
	// "the Nuclear Non-Proliferation treaty", "the Kyoto protocol"
	if b < len(d.toks) && d.joined(b) && d.x.lists.nonEntityNounsAfter.has(d.word(b)) {
		// (a sentence's "The" is no part of the name; "war crimes"
		// names no war: "the U.N. war crimes tribunal")
		s := a
		for s < b-1 && d.wf(s)&wFunction != 0 && d.toks[s].f&tSentStart != 0 {
			s++
		}
		if pn, _ := d.phraseAt(s); pn < b-s && !d.warCrimes(b) {
			return b
		}
	}
	// Named storms and operations: "Hurricane Katrina", "Operation Anaconda".
	if b-a >= 2 && d.x.lists.namedEventWords.has(d.word(a)) {
		return b
	}
	// "Hurricanes Ivor (2004) and Delia": every name of the list is a
	// storm
	if b-a >= 2 && d.x.lists.stormListWords.has(d.word(a)) {
		return d.stormList(b)
	}
	for pos < b {
		if !d.isCapWord(pos) && !d.isAcronym(pos) {
			if titled && (d.word(pos) == "of" || d.word(pos) == "for") {
				// "Health Minister of Velkania": what follows is where
				// or what the title is of, not its holder
				titled = false
			}
			pos++ // a connector or particle left over: never starts a name
			continue
		}
		if d.bornPrefix(pos) {
			pos++ // "Egyptian-born", "London-based": describes the name after it
			continue
		}
		wf := d.wf(pos)
		pn, pidx := d.phraseAt(pos)
		if pos+pn > b {
			// a gazetteer phrase may run past the run ("Bosnia and Herzegovina")
			b = pos + pn
		}
		// "Former", "Outgoing", "Ex-…" before a title or a name say when,
		// not who: "Former U.S. Federal Reserve Chairman Paul Volcker".
		if pn == 0 && d.x.lists.timeModifier(d.word(pos)) {
			pos++
			continue
		}
		// Function words that start a sentence: "The", "In", "But".
		if pn == 0 && wf&wFunction != 0 && (d.toks[pos].f&tSentStart != 0 || wf&wNonEntity == 0) {
			pos++
			continue
		}
		// Titles before a name: "Defense Minister", "Japanese Defense
		// Minister", "Secretary of State", "Rep. Tony Hall".
		if pn == 0 || d.x.entries[pidx].kind == kindTitle {
			if t := d.titleRun(pos, b); t > pos && (t == b || d.wf(t)&(wOrgHead|wPlaceHead) == 0 || d.wf(t)&(wFirst|wLast) != 0) {
				if t < b {
					titled = true
				}
				pos = t
				continue
			}
		}
		// A capitalised gerund before a name is a verb of a title or
		// headline, not a name word: "Unmasking Karl Weber".
		if pn == 0 && pos+1 < b && strings.HasSuffix(d.word(pos), "ing") && len(d.word(pos)) > 5 &&
			d.wf(pos)&(wFirst|wLast|wProper|wEastAsianSurname|wOrgHead|wPlaceHead) == 0 && d.lowerFlags(pos)&wCommon != 0 &&
			!d.hasHead(pos+1, b) {
			pos++
			continue
		}
		// "Republican Connie Mack", "Democrat Ivo Tark": the party label
		// describes the person like a title and is not part of the name.
		if pn == 0 && d.partyLabel(pos, b) {
			pos++
			titled = true
			continue
		}
		// Direction + place: "South Darfur", "Central U.S.".
		if d.wf(pos)&wDirection != 0 && pos+1 < b {
			if pn2, idx2 := d.phraseAt(pos + 1); pn2 > 0 && 1+pn2 > pn && d.x.entries[idx2].label == Place {
				e := d.x.entries[idx2]
				d.add(pos, pos+1+pn2, Place, sStrong, "", e.kind)
				pos += 1 + pn2
				titled = false
				continue
			}
		}
		// An organisation or place named by its head word.
		if h, hf := d.headIn(pos, b); h >= 0 && (pn == 0 || pos+pn <= h) && !d.personHead(pos, h, titled) {
			end := d.headTail(h+1, b)
			if h > pos && d.nameAfterHead(h+1, end) {
				// "the Transportation Ministry Zoba Yass": a person named
				// after the body, not part of its name
				end = h + 1
			}
			start := pos
			isOrg := hf&wOrgHead != 0 && (hf&wPlaceHead == 0 || d.orgContext(pos, h))
			// "US Kadena Air Base", "U.S. State Department": a leading
			// country is its own place (a ministry is named by its
			// portfolio, the country only says whose it is).
			if pn > 0 && (!isOrg || d.portfolioBody(pos+pn, h)) && pos+pn < h && d.x.entries[pidx].kind == kindCountry {
				e := d.x.entries[pidx]
				d.add(pos, pos+pn, Place, sStrong, e.canon, e.kind)
				start = pos + pn
			}
			// skip titles and people before the head: "Prime Minister's Office"
			for start < h && d.wf(start)&wFunction != 0 {
				start++
			}
			// "the Egyptian Health Ministry", "Honduran Congress": the
			// demonym says whose body it is and is not part of its name.
			if isOrg {
				if dn := d.demonymAt(start, h); dn > 0 && (d.portfolioBody(start+dn, h) || start+dn == h && h+1 == end && d.x.lists.genericBodies.has(d.word(h)) && !d.partyAfter(end)) {
					start += dn
				}
			}
			if end-start >= 2 || (end-start == 1 && d.singleHeadOK(start)) {
				if isOrg {
					d.add(start, end, Org, sStrong, "", kindOrg)
				} else {
					d.add(start, end, Place, sStrong, "", kindRegion)
				}
			} else if end-start == 1 && d.wf(start)&wLast != 0 && !d.afterArticle(start) {
				// "Hall, who returned", after "Tony Hall": a surname if
				// the document names the person
				d.add(start, end, Person, sDrop, "", kindNone)
			}
			pos = end
			titled = false
			continue
		}
		// Demonyms are not entities: "Japanese", "South Korean".
		if dn := d.demonymAt(pos, b); dn > 0 && (pn == 0 || dn > pn || dn == pn && d.x.entries[pidx].kind != kindCountry && d.x.entries[pidx].kind != kindCapital) {
			pos += dn
			continue
		}
		if pn > 0 && d.x.entries[pidx].label == "" {
			pos += pn // "Roman Catholic", "Milky Way"
			titled = false
			continue
		}
		if pn > 0 {
			e := d.x.entries[pidx]
			// a known given name followed by more name words is a person,
			// even if its first word is a place ("Jordan", "Florence").
			if e.label != Person && pn == 1 && d.personStart(pos, b) {
				if q := d.nameEnd(pos, b); q > pos+1 {
					d.add(pos, q, Person, sStrong, "", kindPerson)
					pos, titled = q, false
					continue
				}
			}
			if e.label == Person {
				// "George Bush" in the list, "George Bush Jr." in the text
				q := pos + pn
				for q < b {
					if _, part := d.x.lists.connector(d.word(q)); part && q+1 < b && d.isCapWord(q+1) {
						q++ // "Lula da Silva"
						continue
					}
					if !d.isCapWord(q) || d.wf(q)&(wOrgHead|wPlaceHead|wCoreTitle|wDate|wPhraseStart) != 0 {
						break
					}
					// "Kishida Says", "KISHIDA SAID": an ordinary word
					if d.wf(q)&(wFirst|wLast|wEastAsianSurname) == 0 && !d.x.lists.romanNumerals.has(d.word(q)) &&
						!strings.Contains(d.word(q), "-") && d.lowerFlags(q)&wCommon != 0 {
						break
					}
					q++
				}
				canon := ""
				if q == pos+pn {
					canon = e.canon // "FUMIO KISHIDA" is "Fumio Kishida"
				}
				d.add(pos, q, Person, sStrong, canon, kindPerson)
				pos, titled = q, false
				continue
			}
			st := sStrong
			// (an acronym in capitals, "WHO says", is written so on
			// purpose; "Congress" always names the body)
			if pn == 1 && d.toks[pos].f&tSentStart != 0 && d.lowerFlags(pos)&wCommon != 0 &&
				e.kind != kindCountry && e.kind != kindCapital &&
				(d.toks[pos].f&tAllCaps == 0 || d.capsContext(pos)) && !d.x.lists.alwaysBodies.has(d.word(pos)) {
				st = sDrop // "Total", "Shell" at a sentence start
			}
			if titled && e.label == Place && e.kind != kindCountry {
				// "President Lincoln", "Mr. Paris"
				d.add(pos, pos+pn, Person, sStrong, "", kindPerson)
			} else if pn == 1 && e.kind == kindCity && d.wf(pos)&(wFirst|wLast) != 0 && (d.personVerbAfter(pos+1) || d.adminAfter(pos+1)) && !d.afterPlace(pos) {
				// a town that is also a surname, before a verb only people
				// do: "Lincoln said", "Kessler told reporters"
				if k := len(d.cands); d.add(pos, pos+1, Person, sStrong, "", kindPerson) {
					d.cands[k].ctx = true
				}
			} else {
				d.add(pos, pos+pn, e.label, st, e.canon, e.kind)
			}
			pos += pn
			titled = false
			continue
		}
		// Unknown words up to the next gazetteer phrase.
		q := d.nameEnd(pos, b)
		if !titled && q < b && d.wf(q)&wCoreTitle != 0 {
			if t := d.titleRun(q, b); t > q && t < b {
				// words before a title and a name say where or whose the
				// title is ("Ruritanian President Ivo Tark"): not a person
				d.add(pos, q, Person, sDrop, "", kindNone)
				pos = q
				continue
			}
		}
		d.unknown(pos, q, titled)
		titled = false
		pos = q
	}
	return max(b, pos)
}

// warCrimes: token k is "war" before "crimes" ("war crimes tribunal").
func (d *doc) warCrimes(k int) bool {
	if d.word(k) != "war" || k+1 >= len(d.toks) || !d.joined(k+1) {
		return false
	}
	return d.x.lists.warCrimesWords.has(d.word(k + 1))
}

// stormList returns the end of the rest of a list of storm names that
// starts before k: "(2004) and Delia (2005)", ", Delia and Ivo".
func (d *doc) stormList(k int) int {
	for n := 0; k < len(d.toks) && n < 3*maxRun; n++ {
		if d.toks[k].gap&(gSentEnd|gNewline|gQuote|gColon) != 0 {
			break
		}
		if d.toks[k].f&tNum != 0 || d.isCapWord(k) && d.wf(k)&wFunction == 0 {
			k++
			continue
		}
		if w := d.word(k); (w == "and" || w == "or") && k+1 < len(d.toks) && d.isCapWord(k+1) {
			k++
			continue
		}
		break
	}
	return k
}

// adminAfter: token k is "administration" or "presidency" right after a
// name: "the Tarkovan administration" is named after a president.
func (d *doc) adminAfter(k int) bool {
	if k >= len(d.toks) || !d.joined(k) {
		return false
	}
	return d.x.lists.leaderNamedBodies.has(d.word(k))
}

// afterPlace: token k follows a place and a comma ("Alexandria, Virginia").
func (d *doc) afterPlace(k int) bool {
	n := len(d.cands)
	return d.toks[k].gap&gComma != 0 && n > 0 && d.cands[n-1].b == k && d.cands[n-1].label == Place
}

// lowerAfter: token k is a lower-case word joined to the one before.
func (d *doc) lowerAfter(k int) bool {
	return k < len(d.toks) && d.joined(k) && d.toks[k].f&(tCap|tNum) == 0
}

// afterArticle: "the", "a" or "an" right before token k ("the Hall").
func (d *doc) afterArticle(k int) bool {
	if k == 0 || !d.joined(k) {
		return false
	}
	return d.x.lists.articles.has(d.word(k - 1))
}

// personVerbAfter: token k is a verb of speech or a person's act ("said",
// "told") right after the name.
func (d *doc) personVerbAfter(k int) bool {
	return k < len(d.toks) && d.joined(k) && d.x.lists.personVerbsAfter.has(d.word(k))
}

// nameAfterHead: the words [a, b) after a head word that ends a name
// ("Transportation Ministry") look like a person's name: two or three
// capitalised words, none a head, title, place or ordinary word.
func (d *doc) nameAfterHead(a, b int) bool {
	if b-a < 2 || b-a > 3 {
		return false
	}
	for k := a; k < b; k++ {
		f := d.wf(k)
		if !d.isCapWord(k) || d.toks[k].f&(tAllCaps|tDotted|tInitial) != 0 ||
			f&(wOrgHead|wPlaceHead|wTitle|wDemonym|wFunction|wNonEntity|wPhraseStart|wDate) != 0 ||
			f&(wFirst|wLast|wEastAsianSurname) == 0 && d.lowerFlags(k)&wCommon != 0 {
			return false
		}
	}
	return true
}

// hasHead: an organisation or place head word in [a, b).
func (d *doc) hasHead(a, b int) bool {
	h, _ := d.headIn(a, b)
	return h >= 0
}

// partyLabel: a party member's label ("Republican", "Democrat") at pos,
// followed in the run by name words and no organisation or place head
// ("Republican Guard" and "Democrat Party" are names).
func (d *doc) partyLabel(pos, b int) bool {
	if !d.x.lists.partyLabels.has(d.word(pos)) {
		return false
	}
	if pos+1 >= b || !d.isCapWord(pos+1) {
		return false
	}
	h, _ := d.headIn(pos+1, b)
	return h < 0
}

// headTail extends an organisation past its head: "Ministry of Foreign
// Affairs" is already in the run; this only guards the run end.
func (d *doc) headTail(k, b int) int {
	// Continue while the words are capitalised and not titles or names
	// ("Foreign Ministry spokesman" ends at "Ministry", but "Defense
	// Ministry Spokesman Kim" ends before "Spokesman").
	for k < b {
		f := d.wf(k)
		w := d.word(k)
		if f&(wCoreTitle) != 0 && f&(wOrgHead|wPlaceHead) == 0 {
			break
		}
		if d.x.lists.headTailConnectors.has(w) {
			k++
			continue
		}
		if !d.isCapWord(k) && !d.isAcronym(k) {
			break
		}
		k++
	}
	for k > 0 && !d.isCapWord(k-1) && !d.isAcronym(k-1) {
		k--
	}
	return k
}

// monthGivenName: a month that is also a given name, before a surname
// and not after a date word: "VOA's June Kessler", "April Tarkov said".
func (d *doc) monthGivenName(i int) bool {
	k := i + 1
	if d.wf(i)&wFirst == 0 || k >= len(d.toks) || !d.joined(k) || !d.isCapWord(k) || d.dateContext(i) {
		return false
	}
	f := d.wf(k)
	if f&(wDate|wFunction|wTitle|wOrgHead|wPlaceHead|wDemonym|wNonEntity|wPhraseStart) != 0 {
		return false
	}
	return f&wLast != 0 || d.lowerFlags(k)&wCommon == 0
}

// dateContext: "in May", "the Moon", "May 5": a date or common noun, not
// the person of the same name.
func (d *doc) dateContext(i int) bool {
	if i+1 < len(d.toks) && d.joined(i+1) && d.toks[i+1].f&tNum != 0 {
		return true
	}
	if i > 0 && d.joined(i) {
		return d.x.lists.dateContextBefore.has(strings.ToLower(d.word(i - 1)))
	}
	return false
}

// personHead: "Christopher Hill", "Tony Hall": a given name before a head
// word that is also a surname is a person.
func (d *doc) personHead(pos, h int, titled bool) bool {
	if d.wf(h)&wLast == 0 {
		return false
	}
	if h == pos+1 && d.wf(pos)&wFirst != 0 {
		return true
	}
	return titled && h <= pos+2
}

// singleHeadOK: a one-word organisation by its head ("Parliament",
// "Congress") counts mid-sentence.
func (d *doc) singleHeadOK(k int) bool {
	if d.x.lists.alwaysBodies.has(d.word(k)) {
		return true
	}
	if d.toks[k].f&tSentStart != 0 || d.wf(k)&wOrgHead == 0 {
		return false
	}
	// Mid-sentence, a capitalised head word alone names a body mentioned
	// before: "the Council", "Army reservists".
	return d.x.lists.singleHeadBodies.has(d.word(k))
}

// portfolioBody: words [a, h) name a portfolio and h is a ministry head
// ("Health Ministry", "State Department", "Foreign Ministry").
func (d *doc) portfolioBody(a, h int) bool {
	if !d.x.lists.portfolioHeads.has(d.word(h)) || a >= h {
		return false
	}
	for k := a; k < h; k++ {
		if d.wf(k)&wTitle == 0 || d.wf(k)&wCoreTitle != 0 {
			return false
		}
	}
	return true
}

// partyAfter: "party" right after the name ("the Nepali Congress party"
// is a party's whole name).
func (d *doc) partyAfter(k int) bool {
	return k < len(d.toks) && d.joined(k) && d.word(k) == "party"
}

// orgContext decides a head word that can name both ("Bank",
// "Federation", "Mosque"): "West Bank" and "Russian Federation" are in the
// gazetteer, so an unknown name with "Bank" or "Federation" is an
// organisation, and one with "Mosque" a place (a named facility).
func (d *doc) orgContext(a, h int) bool {
	return d.word(h) != "Mosque"
}

// titleBefore: a lower-case role word right before the run ("spokesman Kim").
func (d *doc) titleBefore(a int) bool {
	if a == 0 || !d.joined(a) {
		return false
	}
	p := d.word(a - 1)
	if isUpperStart(p) {
		return false
	}
	return d.x.lowerTitles[d.word(a-1)]
}

// titleRun returns the end of a title sequence starting at pos if it ends
// in a core title and is followed by a name word; else pos.
func (d *doc) titleRun(pos, b int) int {
	k := pos
	lastCore := -1
	for k < b {
		w := d.word(k)
		f := d.wf(k)
		if f&(wTitle|wDemonym|wDemonymMulti) != 0 && f&wOrgHead == 0 || (f&wTitle != 0 && f&wCoreTitle != 0) {
			if f&wCoreTitle != 0 {
				lastCore = k
			}
			k++
			continue
		}
		if (w == "of" || w == "the") && k > pos && lastCore >= 0 {
			k++
			continue
		}
		// a country inside a title: "U.S. Defense Secretary"
		break
	}
	if lastCore < 0 {
		return pos
	}
	end := lastCore + 1
	// "Secretary of State": include "of X" words that are titles
	for end < k && d.wf(end)&(wTitle) != 0 || end < k && (d.word(end) == "of" || d.word(end) == "the") {
		end++
	}
	for end > lastCore+1 && (d.word(end-1) == "of" || d.word(end-1) == "the") {
		end--
	}
	return end
}

// demonymAt returns the length (1 or 2 words) of a demonym at pos.
func (d *doc) demonymAt(pos, b int) int {
	f := d.wf(pos)
	if f&wDemonymMulti != 0 && pos+1 < b {
		if d.x.lex[d.phraseHash(pos, pos+2)].f&wDemonym != 0 {
			return 2
		}
	}
	if f&wDemonym != 0 {
		return 1
	}
	return 0
}

// personStart: a given name followed by another name word.
func (d *doc) personStart(pos, b int) bool {
	if pos+1 >= b || d.wf(pos)&wFirst == 0 {
		return false
	}
	nf := d.wf(pos + 1)
	if nf&(wOrgHead|wPlaceHead|wDemonym|wTitle) != 0 && nf&(wLast|wFirst) == 0 {
		return false
	}
	if pn, idx := d.phraseAt(pos + 1); pn > 0 && d.x.entries[idx].kind == kindCountry {
		return false
	}
	return true
}

// nameEnd: the end of unknown name words from pos (stops before a
// gazetteer phrase, title or head, unless pos starts a person's name).
func (d *doc) nameEnd(pos, b int) int {
	q := pos + 1
	person := d.wf(pos)&(wFirst|wEastAsianSurname) != 0
	for q < b {
		if !d.isCapWord(q) && !d.isAcronym(q) {
			// lower-case particles inside a name: "Juan de la Cruz"
			if _, part := d.x.lists.connector(d.word(q)); part {
				q++
				continue
			}
		}
		f := d.wf(q)
		// a capitalised function word ("The", "This") never continues a
		// name: "300 C. The team left"
		if f&wFunction != 0 && f&(wFirst|wLast) == 0 {
			break
		}
		// a party label between names ends the one before: "Florida
		// Republican Connie Mack"
		if d.partyLabel(q, b) {
			break
		}
		// all-caps text: an ordinary word ends the name ("KISHIDA SAID")
		if d.toks[q].f&tAllCaps != 0 && (q > pos+1 || f&(wLast|wEastAsianSurname) == 0) && d.capsContext(q) && d.lowerFlags(q)&wCommon != 0 &&
			!(d.lowerAfter(q+1) && pos > 0 && d.toks[pos-1].f&tAllCaps == 0) {
			// (but in running text a name in capitals goes on: "Gen. NE
			// WIN dominated")
			break
		}
		if f&(wOrgHead|wPlaceHead|wCoreTitle) != 0 && f&(wLast|wFirst) == 0 {
			break
		}
		// a title between name words starts a new name: "Ruritanian
		// President Ivo Tark", even if "President" is also a surname
		if f&wCoreTitle != 0 && f&wTitle != 0 && d.titleRun(q, b) > q && d.titleRun(q, b) < b {
			break
		}
		if !person {
			if pn, _ := d.phraseAt(q); pn > 0 {
				break
			}
			if f&wDemonym != 0 {
				break
			}
		} else {
			// a person's name is a few name words: "Moon Jae-In Meets Xi
			// Jinping" is two names around a verb
			if q-pos >= 4 {
				break
			}
			// (nor does it run into a country of several words: "John
			// Garang South Sudan's leader")
			if pn, idx := d.phraseAt(q); pn > 0 && (d.x.entries[idx].label == Person || pn >= 2 && d.x.entries[idx].kind == kindCountry) {
				break
			}
			if q-pos >= 2 && f&(wFirst|wLast|wProper|wEastAsianSurname) == 0 && !d.x.lists.romanNumerals.has(d.word(q)) && !strings.Contains(d.word(q), "-") && d.lowerFlags(q)&wCommon != 0 {
				break
			}
		}
		q++
	}
	// a name never ends on a particle ("Juan de" + "la Cruz")
	for q > pos+1 && !d.isCapWord(q-1) && !d.isAcronym(q-1) {
		q--
	}
	return q
}

// dateline: [a, b) is the place of a wire dateline, in capitals at the
// start of a line and followed by a comma, with "(Agency)" or a dash
// after a few more capitalised words: "VELDORA, Ruritania (Reuters) -".
func (d *doc) dateline(a, b int) bool {
	if a > 0 && d.toks[a].gap&gNewline == 0 || b >= len(d.toks) || d.toks[b].gap&gComma == 0 {
		return false
	}
	for k := a; k < b; k++ {
		if t := d.toks[k].f; t&tAllCaps == 0 || t&tDotted != 0 || len(d.word(k)) < 3 {
			return false
		}
	}
	for k := b; k < len(d.toks) && k < b+5; k++ {
		g := d.toks[k].gap
		if k > b && g&(gOpen|gDash) != 0 {
			return true
		}
		if g&(gNewline|gSentEnd|gQuote) != 0 || !d.isCapWord(k) && d.toks[k].f&tNum == 0 {
			return false
		}
	}
	return false
}

// unknown labels a run of words not in any list.
func (d *doc) unknown(a, b int, titled bool) {
	n := b - a
	if !titled && d.dateline(a, b) {
		d.add(a, b, Place, sStrong, "", kindNone)
		return
	}
	if d.adminAfter(b) && d.wf(a)&(wDemonym|wFunction|wTitle|wOrgHead|wPlaceHead) == 0 && d.toks[a].f&(tAllCaps|tDotted) == 0 {
		// "the Tarkovan administration", "Tarkovan administration
		// officials": the president it is named after
		if k := len(d.cands); d.add(a, b, Person, sGuess, "", kindNone) {
			d.cands[k].ctx = true
		}
		return
	}
	for k := a; k < b; k++ {
		if hasDigit(d.word(k)) {
			// "Su-24", "H5N1", "V-6": model numbers, strains and codes
			// name things, not people, places or organisations.
			return
		}
	}
	if n == 1 {
		t := d.toks[a]
		w := d.word(a)
		wf := d.wf(a)
		if pluralAcronym(w) || groupNoun(w) {
			// "NGOs", "CDs"; "Latvians", "Baathists": kinds of things
			// and people, not names
			return
		}
		if !titled && camelCase(w, d.x.lists.surnamePrefixes) {
			// "PetroChina", "YouTube": a brand or company
			d.add(a, b, Org, sGuess, "", kindOrg)
			return
		}
		if wf&(wFunction|wTitle|wOrgHead|wPlaceHead) != 0 && !titled {
			return
		}
		if w == "West" && a > 0 && d.joined(a) && (d.word(a-1) == "the" || d.word(a-1) == "The") {
			// "relations with the West": the Western countries
			d.add(a, b, Place, sStrong, "", kindRegion)
			return
		}
		if wf&wNonEntity != 0 && !titled {
			// "Moon" after "Moon Jae-in"; otherwise not an entity
			if !d.dateContext(a) {
				d.add(a, b, Person, sDrop, "", kindNone)
			}
			return
		}
		if t.f&(tAllCaps|tDotted) != 0 && t.f&tInitial == 0 {
			// "AIDS", and capitalised ordinary words ("FALSE", "WOLF")
			if wf&wAcronymStop != 0 || (len(w) >= 4 && d.lowerFlags(a)&wCommon != 0) {
				return
			}
			if utf8.RuneCountInString(w) <= 7 {
				if n := len(d.cands); d.add(a, b, Org, sGuess, "", kindOrg) {
					d.cands[n].acronym = true
				}
				return
			}
		}
		if t.f&tInitial != 0 || len(w) == 1 {
			return // "W.", "40 C"
		}
		if titled {
			d.add(a, b, Person, sStrong, "", kindPerson)
			return
		}
		lf := d.lowerFlags(a)
		st := sGuess
		if t.f&tSentStart != 0 && lf&wCommon != 0 {
			st = sDrop
		} else if lf&wCommon != 0 && wf&(wProper|wLast|wFirst) == 0 {
			// a capitalised ordinary word mid-sentence ("Bombings"):
			// keep only if the document confirms it.
			st = sDrop
		}
		l, ctx := d.guessLabel(a, b)
		if l == labelNone {
			return
		}
		if l == labelUnsure {
			l, st, ctx = Org, sDrop, false
		}
		if n := len(d.cands); d.add(a, b, l, st, "", kindNone) {
			d.cands[n].ctx = ctx
		}
		return
	}
	// Several words.
	allTitles := true
	for k := a; k < b; k++ {
		if d.wf(k)&(wTitle|wDemonym|wNonEntity|wFunction) == 0 {
			allTitles = false
			break
		}
	}
	if allTitles { // "Defense Ministers", "Vice Premier"
		return
	}
	// A sentence-initial ordinary word before a name: "Police Chief ...".
	if d.toks[a].f&tSentStart != 0 && d.lowerFlags(a)&wCommon != 0 && d.wf(a)&(wFirst|wLast|wProper) == 0 {
		d.segmentRest(a+1, b, titled)
		return
	}
	if !titled && d.placeContext(a, b) {
		// "near Khan Yunis", "the city of Tal Marun": the words around
		// it say it is a place, whatever its words look like
		if n := len(d.cands); d.add(a, b, Place, sGuess, "", kindNone) {
			d.cands[n].ctx = true
		}
		return
	}
	if titled || d.wf(a)&wFirst != 0 || d.wf(b-1)&wLast != 0 || d.wf(a)&wEastAsianSurname != 0 {
		d.add(a, b, Person, sStrong, "", kindPerson)
		return
	}
	// Ordinary words in capitals ("Wild Goats", "Pressure Kept"): keep
	// only if the document names them so elsewhere.
	common := true
	for k := a; k < b; k++ {
		if d.lowerFlags(k)&wCommon == 0 {
			common = false
			break
		}
	}
	if common {
		d.add(a, b, Person, sDrop, "", kindNone)
		return
	}
	if l, ctx := d.guessLabel(a, b); l == labelNone {
		return
	} else if l == labelUnsure {
		d.add(a, b, Org, sGuess, "", kindNone)
	} else if n := len(d.cands); d.add(a, b, l, sGuess, "", kindNone) {
		d.cands[n].ctx = ctx
	}
}

func (d *doc) segmentRest(a, b int, titled bool) {
	if a < b {
		d.unknown(a, b, titled)
	}
}

// guessLabel labels unknown name words [a, b) from their context and
// shape: "the town of X", "X province", "X said", "drug maker X".
// ctx reports whether the words around them said so.
func (d *doc) guessLabel(a, b int) (l Label, ctx bool) {
	if l := d.contextLabel(a, b); l != "" {
		return l, l != labelNone && l != labelUnsure
	}
	if b-a == 1 {
		w := d.word(a)
		for _, suf := range d.x.lists.placeSuffixes {
			if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
				return Place, false
			}
		}
	}
	return Person, false
}

// placeContext: the words right around [a, b) can only describe a place:
// "near X", "the town of X", "X province". (Weaker place words, "in X",
// "from X", "visited X", also come before people.)
func (d *doc) placeContext(a, b int) bool {
	if d.placeNounAfter(b) || d.placeAppositive(b) {
		return true
	}
	if a == 0 || !d.joined(a) {
		return false
	}
	p := d.word(a - 1)
	if d.x.lists.placeBeforeStrong.has(p) {
		return true
	}
	return p == "of" && a > 1 && d.joined(a-1) && d.x.lists.placeOf.has(d.word(a-2)) && d.word(a-2) != "people"
}

// placeAppositive: the words from b describe a place: ", the capital of
// Y", ", a small town near Y", "'s mayor", "'s largest city".
func (d *doc) placeAppositive(b int) bool {
	n := len(d.toks)
	if b >= n {
		return false
	}
	if d.toks[b].gap&gPoss != 0 {
		// "Varnokel's mayor": what only places have
		return d.x.lists.placePossessions.has(d.word(b))
	}
	g := d.toks[b].gap
	if g&gComma == 0 || g&^(gComma|gSpace) != 0 {
		return false
	}
	// (an article in lower case: the appositive goes on the sentence)
	if w := d.word(b); !d.x.lists.articles.has(w) || isUpperStart(w) {
		return false
	}
	// up to two modifiers, then the place noun, then a word that ends
	// the noun phrase ("a city official" is a person)
	for k := b + 1; k < n && k <= b+3 && d.joined(k); k++ {
		w := d.word(k)
		if d.toks[k].f&(tCap|tNum) != 0 {
			return false
		}
		if d.x.lists.appositivePlaceNouns.has(w) {
			if k+1 >= n || d.toks[k+1].gap&(gComma|gSentEnd|gClose) != 0 {
				return true
			}
			return d.x.lists.appositivePlaceFollowers.has(d.word(k + 1))
		}
	}
	return false
}

// placeNounAfter: the words from b say that the name before them is a
// place: "X province", "the X tribal region", "the X autonomous prefecture".
func (d *doc) placeNounAfter(b int) bool {
	if b >= len(d.toks) || !d.joined(b) {
		return false
	}
	if d.x.lists.placeAfter.has(d.word(b)) {
		return true
	}
	return b+1 < len(d.toks) && d.joined(b+1) && d.x.lists.placeAfter.has(d.word(b+1)) &&
		d.x.lists.placeNounModifiers.has(d.word(b))
}

// labelUnsure: not a person, and nothing says what it is.
// labelNone: not an entity at all.
const (
	labelUnsure Label = "?"
	labelNone   Label = "-"
)

func (d *doc) contextLabel(a, b int) Label {
	n := len(d.toks)
	if d.placeAppositive(b) {
		return Place
	}
	var next string
	if b < n && d.joined(b) {
		next = d.word(b)
		if d.placeNounAfter(b) {
			return Place
		}
		if d.x.lists.notEntityAfter.has(next) {
			return labelNone // "the Reiwa era", "Marburg virus"
		}
		if d.x.lists.orgAfter.has(next) {
			return Org
		}
		// "the Kestrel news agency", "the Orbis news network"
		if next == "news" && b+1 < n && d.joined(b+1) && d.x.lists.newsOrgNouns.has(d.word(b+1)) {
			return Org
		}
	}
	if a > 0 && d.joined(a) {
		p := d.word(a - 1)
		// "shares in X", "the head of X", "founder of X": a company or
		// body (unless a family or a government follows: "a member of
		// the Tarkovan family")
		if d.x.lists.orgOfPrepositions.has(p) && a > 1 && d.joined(a-1) && d.x.lists.orgOf.has(d.word(a-2)) &&
			!d.x.lists.householdNouns.has(next) {
			return Org
		}
		if d.x.lists.placeBefore.has(p) {
			return Place
		}
		if d.x.lists.orgBefore.has(p) {
			return Org
		}
		if p == "of" && a > 1 && d.joined(a-1) && d.x.lists.placeOf.has(d.word(a-2)) {
			return Place
		}
		if d.x.lists.articles.has(p) && b-a == 1 {
			// "the Vioxx", "the Hague", "a Zelvano" (a product): not a
			// person; unsure what
			return labelUnsure
		}
	}
	// "Los Banos, Laguna", "Cleveland, Ohio": a place after a place
	if a > 0 && d.toks[a].gap&^(gSpace|gComma) == 0 && d.toks[a].gap&gComma != 0 {
		if k := len(d.cands); k > 0 && d.cands[k-1].b == a && d.cands[k-1].label == Place && d.cands[k-1].strength == sStrong {
			return Place
		}
	}
	if d.x.lists.personVerbsAfter.has(next) {
		return Person
	}
	if b < n && d.toks[b].gap&gComma != 0 && d.toks[b].gap&(gSentEnd|gOpen|gQuote) == 0 && d.word(b) == "who" {
		return Person
	}
	return ""
}

// resolve applies document-level consistency and builds the spans.
// coordinate labels a guessed name like the known place it is listed with:
// "Tenterfield and Glen Innes", "Vanuatu, Samoa and Tonga".
func (d *doc) coordinate() {
	linked := func(x, y cand) bool { // x before y, joined by "and", "or" or a comma
		if x.b == y.a {
			g := d.toks[y.a].gap
			return g&gComma != 0 && g&^(gComma|gSpace) == 0
		}
		if x.b+1 == y.a && d.joined(x.b) && d.joined(y.a) {
			w := d.word(x.b)
			return w == "and" || w == "or"
		}
		return false
	}
	for i := range d.cands {
		c := &d.cands[i]
		if c.strength != sGuess || c.acronym {
			continue
		}
		for _, j := range []int{i - 1, i + 1} {
			if j < 0 || j >= len(d.cands) {
				continue
			}
			o := d.cands[j]
			if o.strength != sStrong || o.label != Place {
				continue
			}
			if (j < i && linked(o, *c)) || (j > i && linked(*c, o)) {
				c.label = Place
				break
			}
		}
	}
}

func (d *doc) resolve() []Span {
	d.coordinate()
	type memo struct {
		label Label
		canon string
	}
	full := map[string]memo{}     // surface text -> label from strong spans
	person := map[string]string{} // a word of a person's name -> full name
	acr := map[string]memo{}
	for i, c := range d.cands {
		if c.strength != sStrong {
			continue
		}
		txt := d.text[d.toks[c.a].s:d.toks[c.b-1].e]
		canon := c.canon
		if canon == "" {
			canon = txt
		}
		if _, ok := full[txt]; !ok {
			full[txt] = memo{c.label, canon}
		}
		if c.label == Person && c.b-c.a == 1 && c.ctx {
			// "Lincoln said": the town's name names this person here
			if _, ok := person[txt]; !ok {
				person[txt] = txt
			}
		}
		if c.label == Person && c.b-c.a >= 2 {
			for k := c.a; k < c.b; k++ {
				w := d.word(k)
				if d.wf(k)&wParticle != 0 || d.toks[k].f&tInitial != 0 {
					continue
				}
				if _, ok := person[w]; !ok || k == c.b-1 {
					person[w] = txt
				}
			}
		}
		// "Long Name (ACR)"
		if c.b < len(d.toks) && d.isAcronym(c.b) && d.toks[c.b].gap&gOpen != 0 {
			if c.b+1 >= len(d.toks) || d.toks[c.b+1].gap&gClose != 0 {
				acr[d.word(c.b)] = memo{c.label, canon}
			}
		}
		_ = i
	}
	// "..., also known as GSOMIA": the acronym names what precedes it.
	// "..., known as PhilRice": the name given to what precedes.
	ci := 0
	for i := 3; i < len(d.toks); i++ {
		if !(d.word(i-1) == "as" && d.word(i-2) == "known") || !(d.isAcronym(i) || d.isCapWord(i)) {
			continue
		}
		if _, ok := acr[d.word(i)]; ok {
			continue
		}
		// the long form ends right before ", (also) known as"
		k := i - 2
		if k > 0 && d.word(k-1) == "also" {
			k--
		}
		m := memo{"", ""}
		for ci < len(d.cands) && d.cands[ci].b <= k {
			ci++
		}
		if ci > 0 {
			if c := d.cands[ci-1]; c.b == k && c.strength == sStrong && d.toks[k].gap&gComma != 0 {
				m = memo{c.label, c.canon}
				if m.canon == "" {
					m.canon = d.text[d.toks[c.a].s:d.toks[c.b-1].e]
				}
			}
		}
		acr[d.word(i)] = m
	}
	// One sense per document: a name the words around it label once
	// ("the town of Tulkarem") keeps that label where nothing around it
	// says what it is ("Tulkarem is the second town").
	var byCtx map[string]Label
	for _, c := range d.cands {
		if !c.ctx || c.strength == sStrong {
			continue
		}
		if byCtx == nil {
			byCtx = map[string]Label{}
		}
		txt := d.text[d.toks[c.a].s:d.toks[c.b-1].e]
		if l, ok := byCtx[txt]; ok && l != c.label {
			byCtx[txt] = labelUnsure // the contexts disagree
		} else {
			byCtx[txt] = c.label
		}
	}
	// Names guessed from their shape where nothing else said what they are.
	// (built only when a dropped person may need it)
	var guessed map[string]Label
	dropped := false
	for _, c := range d.cands {
		if c.strength == sDrop && c.label == Person {
			dropped = true
			break
		}
	}
	for _, c := range d.cands {
		if !dropped || c.strength != sGuess || c.acronym || c.label == Org && !c.ctx {
			continue
		}
		if guessed == nil {
			guessed = map[string]Label{}
		}
		txt := d.text[d.toks[c.a].s:d.toks[c.b-1].e]
		if l, ok := guessed[txt]; ok && l != c.label {
			guessed[txt] = labelUnsure
		} else {
			guessed[txt] = c.label
		}
	}
	out := make([]Span, 0, len(d.cands))
	for _, c := range d.cands {
		txt := d.text[d.toks[c.a].s:d.toks[c.b-1].e]
		label, canon := c.label, c.canon
		if c.strength != sStrong {
			if m, ok := acr[txt]; ok && c.b-c.a == 1 {
				if m.label == "" {
					continue
				}
				label, canon = m.label, m.canon
			} else if m, ok := full[txt]; ok {
				label, canon = m.label, m.canon
			} else if p, ok := person[txt]; ok && c.b-c.a == 1 {
				label, canon = Person, p
			} else if l, ok := byCtx[txt]; ok && !c.ctx && l != labelUnsure {
				label = l
			} else if c.strength == sDrop {
				// "Gates' trip" at a sentence start, after "... and Gates
				// signed": capitalised mid-sentence, the word is a name
				// (an article before it said it names no person: "a
				// Vioxx case")
				l, ok := guessed[txt]
				if !ok || l == labelUnsure || c.label != Person {
					continue
				}
				label = l
			}
		} else if c.label == Person {
			if p, ok := person[txt]; ok && c.b-c.a == 1 {
				canon = p
			}
		} else if c.b-c.a == 1 && (c.kind == kindCity || c.kind == kindRegion || c.kind == kindOrg) {
			// "Obama" after "Barack Obama"
			if p, ok := person[txt]; ok && (p != txt || c.kind == kindCity) {
				label, canon = Person, p
			}
		}
		if canon == "" {
			canon = txt
		}
		out = append(out, Span{Start: int(d.toks[c.a].s), End: int(d.toks[c.b-1].e), Label: label, Text: txt, Canonical: canon})
	}
	return out
}

func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			return true
		}
	}
	return false
}

// pluralAcronym: "NGOs", "CDs", "MPs" (upper-case letters and a final "s").
func pluralAcronym(w string) bool {
	if len(w) < 3 || w[len(w)-1] != 's' {
		return false
	}
	for i := 0; i < len(w)-1; i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

// groupNoun: an unknown capitalised word shaped like a word for a people
// or a movement's followers ("Latvians", "Baathist", "Leninists"), which
// names no one.
func groupNoun(w string) bool {
	if len(w) < 7 {
		return false
	}
	return strings.HasSuffix(w, "ians") || strings.HasSuffix(w, "ist") || strings.HasSuffix(w, "ists")
}

// camelCase: an upper-case letter after two or more lower-case ones inside
// a word ("PetroChina", "KindHearts"), which brand names have and personal
// names do not ("McCain", "MacArthur", "DeLay", "LeBron" have a short
// prefix).
func camelCase(w string, surnamePrefixes wordSet) bool {
	lower := 0
	for i := 1; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z':
			lower++
		case c >= 'A' && c <= 'Z':
			if lower >= 2 && i >= 3 {
				return !surnamePrefixes.has(w[:i])
			}
			lower = 0
		default:
			return false // "Al-Arabiya", "O'Brien": hyphens and apostrophes
		}
	}
	return false
}
