package entity

import "strings"

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
