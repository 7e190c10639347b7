package entity

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Candidate scanning: runs of capitalised words, where a name inside a run
// ends, and the candidate spans a run is split into (segment.go, unknown.go).

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
				d.add(i, i+1, Place, sStrong, d.x.entries.at(n).canon, d.x.entries.at(n).kind)
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
	if e, ok := d.x.lookup(hashOf(st)); ok && e.p >= 0 && d.x.entries.at(e.p).label == Place {
		return e.p, true
	}
	// AP abbreviations ("D-Calif.", "R-N.Y.") are split at their dots
	if i+1 < len(d.toks) && d.toks[i+1].gap&gSentEnd != 0 || isUpperStart(st) && len(st) <= 5 {
		return -1, i+1 >= len(d.toks) || d.toks[i+1].gap&(gComma|gClose|gSentEnd) != 0
	}
	return -1, false
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
		// the run.
		step := d.connectorStep(i, j, n, hasHead)
		if step == 0 {
			break
		}
		j += step
	}
	// do not end on a connector
	for j > i+1 && !d.isCapWord(j-1) && !d.isAcronym(j-1) {
		j--
	}
	return j
}

// connectorStep returns how many words the lower-case word j, in the run
// that starts at i and may reach n, adds to it (0: it ends the run). Only
// connectors and name particles continue a run (two small sets, not the
// lexicon); hasHead says the run has an organisation, place or title head
// word so far.
func (d *doc) connectorStep(i, j, n int, hasHead bool) int {
	w := d.word(j)
	conn, part := d.x.lists.connector(w)
	if !conn && !part {
		return 0
	}
	// "Ministry of the Interior", "Society for the Protection of
	// Animals"
	if hasHead && (w == "of" || w == "for") && j+2 < n && d.word(j+1) == "the" && d.joined(j+1) &&
		d.joined(j+2) && d.isCapWord(j+2) {
		return 2
	}
	if j+1 < n && d.joined(j+1) && d.isCapWord(j+1) {
		// connector inside an organisation or place name: "Ministry of
		// Foreign Affairs", "Bank of Japan" (the gazetteer catches most
		// "and" names, so "and" needs a head).
		switch {
		case d.x.lists.afterHeadConnectors.has(w):
			if hasHead {
				return 1
			}
		case w == "and" || w == "&":
			if hasHead && d.runHasOf(i, j) {
				return 1
			}
		case w == "the":
			if j > i && (d.word(j-1) == "of" || d.word(j-1) == "for") {
				return 1
			}
		}
		// name particles: "Osama bin Laden", "Ursula von der Leyen"
		if part && !hasHead {
			return 1
		}
	}
	if part && !hasHead && j+1 < n && d.joined(j+1) && j+2 <= n {
		if _, p2 := d.x.lists.connector(d.word(j + 1)); p2 {
			return 1 // "von der Leyen"
		}
	}
	return 0
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

// addByContext adds a candidate and records whether its label came from
// the words around it (ctx), which lends it to the name's other mentions.
func (d *doc) addByContext(a, b int, l Label, s uint8, k kind, ctx bool) {
	if n := len(d.cands); d.add(a, b, l, s, "", k) {
		d.cands[n].ctx = ctx
	}
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

// hasHead: an organisation or place head word in [a, b).
func (d *doc) hasHead(a, b int) bool {
	h, _ := d.headIn(a, b)
	return h >= 0
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
			if pn, idx := d.phraseAt(q); pn > 0 && (d.x.entries.at(idx).label == Person || pn >= 2 && d.x.entries.at(idx).kind == kindCountry) {
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

// markHeaderLines finds the column headers of tables, lines of four or
// more capitalised words, most of them three letters or fewer and none
// in lower case ("Pos Team P W D L Pts", "Team GP W L PCT"), and section
// labels (sectionLabel): their words are labels, not names, and are
// marked tPlain.
func (d *doc) markHeaderLines() {
	n := len(d.toks)
	for s := 0; s < n; {
		// (a lower-case word or a long line is prose: most lines are
		// read no further than their first lower-case word)
		e, prose := s+1, d.toks[s].f&(tCap|tNum) == 0
		for !prose && e < n && d.toks[e].gap&gNewline == 0 {
			if d.toks[e].f&(tCap|tNum) == 0 || e-s >= maxHeaderLine {
				prose = true
				break
			}
			e++
		}
		if prose {
			// go on after the text's next line break (from token k of
			// this line)
			k := e
			if k >= n || d.toks[k].gap&gNewline != 0 {
				k = s
			}
			nl := strings.IndexByte(d.text[d.toks[k].e:], '\n')
			if nl < 0 {
				return
			}
			off := int(d.toks[k].e) + nl
			s = k + 1 + sort.Search(n-k-1, func(i int) bool { return int(d.toks[k+1+i].s) > off })
			continue
		}
		words, short := 0, 0
		for k := s; k < e; k++ {
			if t := d.toks[k]; t.f&tNum == 0 {
				words++
				if t.e-t.s <= 3 {
					short++
				}
			}
		}
		if words >= 4 && short*2 > words || d.sectionLabel(s, e) {
			for k := s; k < e; k++ {
				d.toks[k].f |= tPlain
			}
		}
		s = e
	}
}

// sectionLabel: the line [s, e) is a section label in capitals, two to
// four ordinary English words that no list knows as a name ("WORLD
// NEWS", "MARKET WATCH", "BUSINESS BRIEFS"). (One word alone, "TRUMP",
// may be a name.)
func (d *doc) sectionLabel(s, e int) bool {
	if e-s < 2 || e-s > 4 {
		return false
	}
	for k := s; k < e; k++ {
		if d.toks[k].f&tAllCaps == 0 || d.toks[k].f&tDotted != 0 || d.lowerFlags(k)&wCommon == 0 {
			return false
		}
		if pn, _ := d.phraseAt(k); pn > 0 {
			return false // "HUMAN RIGHTS WATCH", "CHINA"
		}
	}
	return true
}

// maxHeaderLine: the most words of a table's header line or a section
// label; a longer line is prose.
const maxHeaderLine = 24
