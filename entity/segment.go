package entity

import "strings"

// segmentation is segment's walk over one capitalised run.
type segmentation struct {
	pos int // the word being read
	// end is where the run ends; a gazetteer phrase may carry it further
	// ("Bosnia and Herzegovina").
	end int
	// titled: a title was just read, so a name that follows is its holder
	// ("President Lincoln").
	titled bool
	// The word at pos: its flags, and the gazetteer phrase that starts
	// there (pn words, entry pidx; pn is 0 when none does).
	wf   uint32
	pn   int
	pidx int32
}

// segment splits the capitalised run [a, b) into candidate spans and
// returns where scanning resumes (b, or later if a gazetteer phrase ran
// past the run).
func (d *doc) segment(a, b int) int {
	if d.namesNoEntity(a, b) {
		return b
	}
	// "Hurricanes Ivor (2004) and Delia": every name of the list is a
	// storm
	if b-a >= 2 && d.x.lists.stormListWords.has(d.word(a)) {
		return d.stormList(b)
	}
	s := segmentation{pos: a, end: b, titled: d.titleBefore(a)}
	for s.pos < s.end {
		d.segmentStep(&s)
	}
	return max(s.end, s.pos)
}

// namesNoEntity: the run [a, b) names a treaty, a law, an event, a storm
// or a military operation, which is no person, place or organisation.
func (d *doc) namesNoEntity(a, b int) bool {
	// A run ending in a treaty, law or event word is not an entity; an
	// acronym right after it is the same thing.
	if b-a >= 2 && (d.x.lists.nonEntityHeads.has(d.word(b-1)) || (b-a >= 3 && d.x.lists.romanNumerals.has(d.word(b-1)) && d.x.lists.nonEntityHeads.has(d.word(b-2)))) {
		return true
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
			return true
		}
	}
	// Named storms and operations: "Hurricane Katrina", "Operation Anaconda".
	return b-a >= 2 && d.x.lists.namedEventWords.has(d.word(a))
}

// segmentStep reads the run from s.pos: it steps over what is no name, or
// proposes the candidate that starts there and steps past it.
func (d *doc) segmentStep(s *segmentation) {
	if !d.isCapWord(s.pos) && !d.isAcronym(s.pos) {
		if s.titled && (d.word(s.pos) == "of" || d.word(s.pos) == "for") {
			// "Health Minister of Velkania": what follows is where
			// or what the title is of, not its holder
			s.titled = false
		}
		s.pos++ // a connector or particle left over: never starts a name
		return
	}
	if d.bornPrefix(s.pos) {
		s.pos++ // "Egyptian-born", "London-based": describes the name after it
		return
	}
	s.wf = d.wf(s.pos)
	s.pn, s.pidx = d.phraseAt(s.pos)
	if s.pos+s.pn > s.end {
		// a gazetteer phrase may run past the run ("Bosnia and Herzegovina")
		s.end = s.pos + s.pn
	}
	switch {
	case d.skipDescription(s):
	case s.wf&wDirection != 0 && d.directionPlace(s):
	case d.clubName(s):
	case d.placeBody(s):
	case d.headName(s):
	case d.skipDemonym(s):
	case s.pn > 0:
		d.knownPhrase(s)
	default:
		d.unknownWords(s)
	}
}

// skipDescription steps over a word or a title before a name that says
// something about the name and is no part of it; it reports whether it
// did.
func (d *doc) skipDescription(s *segmentation) bool {
	pos, pn := s.pos, s.pn
	// "Former", "Outgoing", "Ex-…" before a title or a name say when,
	// not who: "Former U.S. Federal Reserve Chairman Paul Volcker".
	if pn == 0 && d.x.lists.timeModifier(d.word(pos)) {
		s.pos++
		return true
	}
	// Function words that start a sentence: "The", "In", "But".
	if pn == 0 && s.wf&wFunction != 0 && (d.toks[pos].f&tSentStart != 0 || s.wf&wNonEntity == 0) {
		s.pos++
		return true
	}
	// Titles before a name: "Defense Minister", "Japanese Defense
	// Minister", "Secretary of State", "Rep. Tony Hall".
	if pn == 0 || d.x.entries.at(s.pidx).kind == kindTitle {
		if t := d.titleRun(pos, s.end); t > pos && (t == s.end || d.wf(t)&(wOrgHead|wPlaceHead) == 0 || d.wf(t)&(wFirst|wLast) != 0) {
			if t < s.end {
				s.titled = true
			}
			s.pos = t
			return true
		}
	}
	if pn == 0 && d.headlineGerund(pos, s.end) {
		s.pos++
		return true
	}
	// "Republican Connie Mack", "Democrat Ivo Tark": the party label
	// describes the person like a title and is not part of the name.
	if pn == 0 && d.partyLabel(pos, s.end) {
		s.pos++
		s.titled = true
		return true
	}
	return false
}

// directionPlace: a direction (the word at s.pos is one) before a place
// names a part of it: "South Darfur", "Central U.S.".
func (d *doc) directionPlace(s *segmentation) bool {
	if s.pos+1 >= s.end {
		return false
	}
	pn, idx := d.phraseAt(s.pos + 1)
	if pn == 0 || 1+pn <= s.pn || d.x.entries.at(idx).label != Place {
		return false
	}
	d.add(s.pos, s.pos+1+pn, Place, sStrong, "", d.x.entries.at(idx).kind)
	s.pos += 1 + pn
	s.titled = false
	return true
}

// headName: an organisation or place named by its head word ("Ministry of
// Foreign Affairs", "Kadena Air Base", "the Council").
func (d *doc) headName(s *segmentation) bool {
	pos := s.pos
	h, hf := d.headIn(pos, s.end)
	if h < 0 || s.pn > 0 && pos+s.pn > h || d.personHead(pos, h, s.titled) {
		return false
	}
	end := d.headTail(h+1, s.end)
	if h > pos && d.nameAfterHead(h+1, end) {
		// "the Transportation Ministry Zoba Yass": a person named
		// after the body, not part of its name
		end = h + 1
	}
	isOrg := hf&wOrgHead != 0 && (hf&wPlaceHead == 0 || d.orgContext(pos, h))
	start := d.headNameStart(s, h, end, isOrg)
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
	s.pos, s.titled = end, false
	return true
}

// headNameStart returns where the name of head word h starts: after a
// leading country, which it adds as a place of its own, after function
// words, and after a demonym that only says whose body it is.
func (d *doc) headNameStart(s *segmentation, h, end int, isOrg bool) int {
	pos, pn := s.pos, s.pn
	start := pos
	// "US Kadena Air Base", "U.S. State Department": a leading
	// country is its own place (a ministry is named by its
	// portfolio, the country only says whose it is).
	if pn > 0 && (!isOrg || d.portfolioBody(pos+pn, h)) && pos+pn < h && d.x.entries.at(s.pidx).kind == kindCountry {
		e := d.x.entries.at(s.pidx)
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
	return start
}

// skipDemonym: demonyms are not entities ("Japanese", "South Korean"),
// unless the gazetteer knows the words as a longer name or a country.
func (d *doc) skipDemonym(s *segmentation) bool {
	dn := d.demonymAt(s.pos, s.end)
	if dn == 1 && s.wf&wFirst != 0 && s.pos+1 < s.end && d.wf(s.pos+1)&wLast != 0 && d.demonymAt(s.pos+1, s.end) == 0 &&
		d.personStart(s.pos, s.end) {
		return false // "Karen Whitford": a given name that is also a people's
	}
	if dn > 0 && (s.pn == 0 || dn > s.pn || dn == s.pn && d.x.entries.at(s.pidx).kind != kindCountry && d.x.entries.at(s.pidx).kind != kindCapital) {
		s.pos += dn
		return true
	}
	return false
}

// knownPhrase labels the gazetteer phrase at s.pos.
func (d *doc) knownPhrase(s *segmentation) {
	e := d.x.entries.at(s.pidx)
	if e.label == "" {
		s.pos += s.pn // "Roman Catholic", "Milky Way"
		s.titled = false
		return
	}
	if e.label == Person {
		// "George Bush" in the list, "George Bush Jr." in the text
		q := d.listedPersonEnd(s.pos+s.pn, s.end)
		canon := ""
		if q == s.pos+s.pn {
			canon = e.canon // "FUMIO KISHIDA" is "Fumio Kishida"
		}
		d.add(s.pos, q, Person, sStrong, canon, kindPerson)
		s.pos, s.titled = q, false
		return
	}
	// a known given name followed by more name words is a person,
	// even if its first word is a place ("Jordan", "Florence").
	if s.pn == 1 && d.personStart(s.pos, s.end) {
		if q := d.nameEnd(s.pos, s.end); q > s.pos+1 {
			if n := len(d.cands); d.add(s.pos, q, Person, sStrong, "", kindPerson) {
				d.cands[n].byShape = true
			}
			s.pos, s.titled = q, false
			return
		}
	}
	d.knownPlaceOrOrg(s, e)
}

// listedPersonEnd extends a listed person's name from q with the name
// words that follow in the run, up to b: "Jr.", "da Silva".
func (d *doc) listedPersonEnd(q, b int) int {
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
	return q
}

// knownPlaceOrOrg labels a gazetteer place or organisation at s.pos, or
// the person its name names here.
func (d *doc) knownPlaceOrOrg(s *segmentation, e entry) {
	pos, pn := s.pos, s.pn
	st := sStrong
	// (an acronym in capitals, "WHO says", is written so on
	// purpose; "Congress" always names the body)
	if pn == 1 && d.toks[pos].f&tSentStart != 0 && d.lowerFlags(pos)&wCommon != 0 &&
		e.kind != kindCountry && e.kind != kindCapital &&
		(d.toks[pos].f&tAllCaps == 0 || d.capsContext(pos)) && !d.x.lists.alwaysBodies.has(d.word(pos)) {
		st = sDrop // "Total", "Shell" at a sentence start
	}
	switch {
	case e.label == Place && pos+pn < len(d.toks) && d.joined(pos+pn) && d.x.lists.notPlaceAfter.has(d.word(pos+pn)):
		// "Brent crude", "Marburg virus": no place
	case s.titled && e.label == Place && e.kind != kindCountry:
		// "President Lincoln", "Mr. Paris"
		d.add(pos, pos+pn, Person, sStrong, "", kindPerson)
	case pn == 1 && e.kind == kindCity && d.wf(pos)&(wFirst|wLast) != 0 && (d.personVerbAfter(pos+1) || d.adminAfter(pos+1)) &&
		!d.afterPlace(pos) && !(pos > 0 && d.joined(pos) && d.x.lists.placeBefore.has(d.word(pos-1))):
		// a town that is also a surname, before a verb only people
		// do: "Lincoln said", "Kessler told reporters" (but "officials
		// in Leeds said" is the town)
		d.addByContext(pos, pos+1, Person, sStrong, kindPerson, true)
	case e.label == Place && (e.kind == kindCity || e.kind == kindCapital || e.kind == kindRegion) && d.teamSlot(pos, pos+pn):
		// "Leeds beat Chelsea 2-1": the club of the city
		d.addByContext(pos, pos+pn, Org, sStrong, kindOrg, true)
	default:
		d.add(pos, pos+pn, e.label, st, e.canon, e.kind)
	}
	s.pos += pn
	s.titled = false
}

// unknownWords labels the words from s.pos up to the next gazetteer
// phrase, title or head word, which are in no list.
func (d *doc) unknownWords(s *segmentation) {
	q := d.nameEnd(s.pos, s.end)
	if !s.titled && q < s.end && d.wf(q)&wCoreTitle != 0 {
		if t := d.titleRun(q, s.end); t > q && t < s.end {
			// words before a title and a name say where or whose the
			// title is ("Ruritanian President Ivo Tark"): not a person
			d.add(s.pos, q, Person, sDrop, "", kindNone)
			s.pos = q
			return
		}
	}
	d.unknown(s.pos, q, s.titled)
	s.titled = false
	s.pos = q
}
