package entity

import (
	"strings"
	"unicode/utf8"
)

// Names in no list: labelled by their shape and by the words around them.

// unknown labels a run of words not in any list.
func (d *doc) unknown(a, b int, titled bool) {
	if !titled && d.tableRow(b) && d.sportDoc() {
		// "Arsenal 12 8 3 1 27" in a standings table: a team
		d.addByContext(a, b, Org, sGuess, kindOrg, true)
		return
	}
	if !titled && d.dateline(a, b) {
		d.add(a, b, Place, sStrong, "", kindNone)
		return
	}
	if d.adminAfter(b) && d.wf(a)&(wDemonym|wFunction|wTitle|wOrgHead|wPlaceHead) == 0 && d.toks[a].f&(tAllCaps|tDotted) == 0 {
		// "the Tarkovan administration", "Tarkovan administration
		// officials": the president it is named after
		d.addByContext(a, b, Person, sGuess, kindNone, true)
		return
	}
	for k := a; k < b; k++ {
		if hasDigit(d.word(k)) {
			// "Su-24", "H5N1", "V-6": model numbers, strains and codes
			// name things, not people, places or organisations.
			return
		}
	}
	if b-a == 1 {
		d.unknownWord(a, titled)
		return
	}
	d.unknownRun(a, b, titled)
}

// unknownWord labels one word in no list.
func (d *doc) unknownWord(a int, titled bool) {
	if d.unknownWordByShape(a, titled) {
		return
	}
	if titled {
		d.add(a, a+1, Person, sStrong, "", kindPerson)
		return
	}
	lf := d.lowerFlags(a)
	st := sGuess
	if d.toks[a].f&tSentStart != 0 && lf&wCommon != 0 {
		st = sDrop
	} else if lf&wCommon != 0 && d.wf(a)&(wProper|wLast|wFirst) == 0 {
		// a capitalised ordinary word mid-sentence ("Bombings"):
		// keep only if the document confirms it.
		st = sDrop
	}
	l, ctx := d.guessLabel(a, a+1)
	if l == labelNone {
		return
	}
	if l == Unknown && d.wf(a)&(wFirst|wLast|wEastAsianSurname) != 0 {
		// a given name or surname: the lists' evidence of a person
		l = Person
	}
	if l == labelUnsure {
		l, st, ctx = Org, sDrop, false
	}
	d.addByContext(a, a+1, l, st, kindNone, ctx)
}

// unknownWordByShape decides a word in no list by its shape and its flags,
// adding the candidate they name, if any; it reports whether they decided.
func (d *doc) unknownWordByShape(a int, titled bool) bool {
	t, w, wf := d.toks[a], d.word(a), d.wf(a)
	switch {
	case pluralAcronym(w) || groupNoun(w):
		// "NGOs", "CDs"; "Latvians", "Baathists": kinds of things
		// and people, not names
		return true
	case !titled && camelCase(w, &d.x.lists.surnamePrefixes):
		// "PetroChina", "YouTube": a brand or company
		d.add(a, a+1, Org, sGuess, "", kindOrg)
		return true
	case wf&(wFunction|wTitle|wOrgHead|wPlaceHead) != 0 && !titled:
		return true
	case w == "West" && a > 0 && d.joined(a) && (d.word(a-1) == "the" || d.word(a-1) == "The"):
		// "relations with the West": the Western countries
		d.add(a, a+1, Place, sStrong, "", kindRegion)
		return true
	case wf&wNonEntity != 0 && !titled:
		// "Moon" after "Moon Jae-in"; otherwise not an entity
		if !d.dateContext(a) {
			d.add(a, a+1, Person, sDrop, "", kindNone)
		}
		return true
	}
	if t.f&(tAllCaps|tDotted) != 0 && t.f&tInitial == 0 {
		// "AIDS", and capitalised ordinary words ("FALSE", "WOLF")
		if wf&wAcronymStop != 0 || (len(w) >= 4 && d.lowerFlags(a)&wCommon != 0) {
			return true
		}
		if utf8.RuneCountInString(w) <= 7 {
			if n := len(d.cands); d.add(a, a+1, Org, sGuess, "", kindOrg) {
				d.cands[n].acronym = true
			}
			return true
		}
	}
	return t.f&tInitial != 0 || len(w) == 1 // "W.", "40 C"
}

// unknownRun labels several words in no list.
func (d *doc) unknownRun(a, b int, titled bool) {
	if d.allWordsHave(a, b, wTitle|wDemonym|wNonEntity|wFunction) { // "Defense Ministers", "Vice Premier"
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
		d.addByContext(a, b, Place, sGuess, kindNone, true)
		return
	}
	if titled {
		d.add(a, b, Person, sStrong, "", kindPerson)
		return
	}
	if a > 0 && d.joined(a) && d.x.lists.orgBefore.has(d.word(a-1)) || d.listOf(a) == Org {
		// "the band Van Canto", "companies like Dana Foods": the words
		// before it say what it is, whatever its words look like
		d.addByContext(a, b, Org, sGuess, kindNone, true)
		return
	}
	if d.wf(a)&wFirst != 0 || d.wf(b-1)&wLast != 0 || d.wf(a)&wEastAsianSurname != 0 || d.patronymic(a, b) {
		if n := len(d.cands); d.add(a, b, Person, sStrong, "", kindPerson) {
			d.cands[n].byShape = true
		}
		return
	}
	// Ordinary words in capitals ("Wild Goats", "Pressure Kept"): keep
	// only if the document names them so elsewhere.
	if d.allCommonWords(a, b) {
		d.add(a, b, Person, sDrop, "", kindNone)
		return
	}
	switch l, ctx := d.guessLabel(a, b); l {
	case labelNone:
	case labelUnsure:
		d.add(a, b, Org, sGuess, "", kindNone)
	default:
		d.addByContext(a, b, l, sGuess, kindNone, ctx)
	}
}

// allWordsHave: every word in [a, b) has one of the flags f.
func (d *doc) allWordsHave(a, b int, f uint32) bool {
	for k := a; k < b; k++ {
		if d.wf(k)&f == 0 {
			return false
		}
	}
	return true
}

// allCommonWords: every word in [a, b) is an ordinary English word.
func (d *doc) allCommonWords(a, b int) bool {
	for k := a; k < b; k++ {
		if d.lowerFlags(k)&wCommon == 0 {
			return false
		}
	}
	return true
}

func (d *doc) segmentRest(a, b int, titled bool) {
	if a < b {
		d.unknown(a, b, titled)
	}
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
func camelCase(w string, surnamePrefixes *wordSet) bool {
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

// patronymic: the name [a, b) has "bin", "ibn" or "binti" ("son of",
// "daughter of") between two of its words: "Azahari bin Husin".
func (d *doc) patronymic(a, b int) bool {
	for k := a + 1; k < b-1; k++ {
		switch d.word(k) {
		case "bin", "ibn", "binti", "bint":
			return true
		}
	}
	return false
}
