package entity

import "strings"

// Context rules: what the words right around a name say about it ("the
// town of X", "X province", "X said", "drug maker X").

// warCrimes: token k is "war" before "crimes" ("war crimes tribunal").
func (d *doc) warCrimes(k int) bool {
	if d.word(k) != "war" || k+1 >= len(d.toks) || !d.joined(k+1) {
		return false
	}
	return d.x.lists.warCrimesWords.has(d.word(k + 1))
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

// headlineGerund: a capitalised gerund before a name is a verb of a
// title or headline, not a name word: "Unmasking Karl Weber".
func (d *doc) headlineGerund(pos, b int) bool {
	return pos+1 < b && strings.HasSuffix(d.word(pos), "ing") && len(d.word(pos)) > 5 &&
		d.wf(pos)&(wFirst|wLast|wProper|wEastAsianSurname|wOrgHead|wPlaceHead) == 0 && d.lowerFlags(pos)&wCommon != 0 &&
		!d.hasHead(pos+1, b)
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
func (d *doc) orgContext(_, h int) bool {
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
	return d.x.lowerTitles.has(d.word(a - 1))
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
	if pn, idx := d.phraseAt(pos + 1); pn > 0 && d.x.entries.at(idx).kind == kindCountry {
		return false
	}
	return true
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
	return Unknown, false
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
	if d.x.lists.placeBeforeStrong.has(p) || d.placeList(a) {
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
	if l := d.appositive(a, b); l != "" {
		return l
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
	if l := d.listOf(a); l != "" {
		return l
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
		if p == "of" && a > 1 && d.joined(a-1) && d.x.lists.personOf.has(d.word(a-2)) {
			return Person // "the slaying of Agha Tarik"
		}
		if strings.HasSuffix(p, "-year-old") {
			return Person // "the 77-year-old Ivo Tark"
		}
		if p == "at" && a > 1 && d.joined(a-1) && d.x.lists.analystNouns(d.word(a-2)) {
			return Org // "analysts at Brenner"
		}
		if d.x.lists.placeBefore.has(p) {
			return Place
		}
		if d.x.lists.orgBefore.has(p) {
			return Org
		}
		if d.x.lists.appositivePersonNouns.has(p) && p != "member" || roleNounShape(p) {
			return Person // "cafe owner Tano Ruiz", "environmentalist Ivo Tark"
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
	if (next == "said" || next == "says") && b-a == 1 && d.wf(a)&(wFirst|wLast) == 0 && d.inStatement(b+1) {
		// "Zelvano said in a statement": how companies and bodies speak
		return Org
	}
	if d.scoreAfter(b) && a > 0 && d.joined(a) && d.x.lists.sportTeamWords.has(d.word(a-1)) {
		// "Leeds beat Chelsea 3-0": a team
		return Org
	}
	if (d.x.lists.teamWordsAfter.has(next) || d.resultsLine(a, b)) && d.sportDoc() {
		// "Tarkov coach Ivo Dresk", "Tarkov 2 Ostrava 1": a team
		return Org
	}
	if d.x.lists.personVerbsAfter.has(next) {
		return Person
	}
	// `..., said Ivo Tark, a farmer.`: the speaker of a quote
	if a > 0 && d.joined(a) && (b >= n || d.toks[b].gap&(gComma|gSentEnd) != 0) {
		if p := d.word(a - 1); p == "said" || p == "says" {
			return Person
		}
	}
	if b < n && d.toks[b].gap&gComma != 0 && d.toks[b].gap&(gSentEnd|gOpen|gQuote) == 0 && d.word(b) == "who" {
		return Person
	}
	return ""
}

// commaOnly: the gap before token k is a comma and nothing else.
func (d *doc) commaOnly(k int) bool {
	g := d.toks[k].gap
	return g&gComma != 0 && g&^(gComma|gSpace) == 0
}

// appositive labels the name [a, b) by a phrase set off by commas next to
// it that says what it is: "Dresk, a city official,", "Tark, 45,", "The
// lawyer, Ivo Tark,", "Velkor, a mining company,"; or by "and his" after
// it ("Kavo Dresk and his driver"). It returns "" when none does.
func (d *doc) appositive(a, b int) Label {
	n := len(d.toks)
	if b+1 < n && d.word(b) == "and" && d.joined(b) && d.joined(b+1) {
		if w := d.word(b + 1); w == "his" || w == "her" {
			return Person
		}
	}
	if a > 0 && d.commaOnly(a) && (b >= n || d.toks[b].gap&(gComma|gSentEnd) != 0) {
		// "The lawyer, Ivo Tark, said", "A Velkan, Ivo Tark, won": a
		// role or a people right before
		if p := d.word(a - 1); d.x.lists.appositivePersonNouns.has(p) || d.wf(a-1)&(wCoreTitle|wDemonym) != 0 && isUpperStart(p) {
			return Person
		}
		if d.roleOfBefore(a - 1) {
			return Person
		}
	}
	if b < n && d.toks[b].gap&gPoss != 0 {
		if d.x.lists.personPossessions.has(d.word(b)) {
			return Person // "Tark's widow", "Tark's successor"
		}
		if d.x.lists.orgPossessions.has(d.word(b)) {
			return Org // "Velkor's shares", "Velkor's board"
		}
	}
	if b+2 < n && d.joined(b) && d.joined(b+1) && (d.word(b) == "is" || d.word(b) == "was") && d.x.lists.articles.has(d.word(b+1)) {
		// "Tark was a board member", "Orbis is a joint venture"
		return d.roleNoun(b + 2)
	}
	if b+1 >= n || !d.commaOnly(b) {
		return ""
	}
	if d.toks[b].f&tNum != 0 && len(d.word(b)) <= 3 && d.toks[b+1].gap&(gComma|gClose) != 0 {
		return Person // "Ivo Tark, 45, a farmer"
	}
	if w := d.word(b); !d.x.lists.articles.has(w) || isUpperStart(w) {
		return ""
	}
	return d.roleNoun(b + 1)
}

// roleOfBefore: the words before the comma ending at token e say whose
// role the name that follows holds: "the head of Velkan's Energy
// Agency, Ivo Tark,".
func (d *doc) roleOfBefore(e int) bool {
	for k := e; k > 0 && k > e-10; k-- {
		if d.toks[k].gap&(gSentEnd|gComma|gNewline|gQuote) != 0 {
			return false
		}
		if d.word(k) == "of" {
			p := d.word(k - 1)
			return d.x.lists.appositivePersonNouns.has(strings.ToLower(p)) || d.wf(k-1)&wCoreTitle != 0
		}
	}
	return false
}

// roleNoun labels a noun phrase from token s that says what a name is:
// up to three modifiers, then the noun: "a city official", "the
// country's biggest lender", "a Velkanian mining company". It returns ""
// when it says nothing.
func (d *doc) roleNoun(s int) Label {
	n := len(d.toks)
	for k := s; k < n && k <= s+3 && d.toks[k].gap&^(gSpace|gPoss) == 0; k++ {
		w := d.word(k)
		if d.toks[k].f&tNum != 0 || d.toks[k].f&tCap != 0 && d.wf(k)&wDemonym == 0 {
			return ""
		}
		if k+1 < n && d.toks[k+1].gap&gPoss != 0 {
			continue // "the company's": a modifier
		}
		if d.x.lists.appositivePersonNouns.has(w) {
			return Person
		}
		if d.x.lists.appositiveOrgNouns.has(w) {
			return Org
		}
		if roleNounShape(w) && d.phraseEnds(k+1) {
			return Person // "a hydrologist with", "a historian,"
		}
	}
	return ""
}

// phraseEnds: a noun phrase ends before token k: a punctuation mark or
// a preposition that starts what follows.
func (d *doc) phraseEnds(k int) bool {
	if k >= len(d.toks) || !d.joined(k) {
		return true
	}
	switch d.word(k) {
	case "with", "at", "for", "of", "in", "from", "who", "and":
		return true
	}
	return false
}

// clubName: a sports club named after its city, "AC Milan", "Real
// Madrid", "Dundee United", "Manchester City" (in a sports story), and in
// a sports story a city and a team's plural nickname, "Boston Celtics".
// The whole name is one organisation.
func (d *doc) clubName(s *segmentation) bool {
	pos := s.pos
	end := -1
	switch {
	case pos+1 < s.end && s.pn <= 1 && d.x.lists.clubPrefixes.has(d.word(pos)):
		if pn, idx := d.phraseAt(pos + 1); pn > 0 && pos+1+pn <= s.end && d.x.entries.at(idx).label == Place {
			end = pos + 1 + pn
		}
	case s.pn > 0 && pos+s.pn < s.end:
		k := pos + s.pn
		w := d.word(k)
		club := d.x.lists.clubSuffixes.has(w) && (w != "City" && w != "Town" || d.sportDoc()) || d.teamNickname(k) && d.sportDoc()
		if e := d.x.entries.at(s.pidx); club && e.label == Place && e.kind != kindCountry {
			end = k + 1
		}
	}
	if end < 0 {
		return false
	}
	for end < s.end && d.x.lists.clubSuffixes.has(d.word(end)) && d.toks[end].f&tAllCaps != 0 {
		end++ // "Dundee United FC"
	}
	d.add(pos, end, Org, sStrong, "", kindOrg)
	s.pos, s.titled = end, false
	return true
}

// teamNickname: token k is a plural word that can follow a city as a
// team's nickname ("Celtics", "Eagles"), not a place word, a people or a
// title.
func (d *doc) teamNickname(k int) bool {
	w := d.word(k)
	if len(w) < 4 || w[len(w)-1] != 's' || d.toks[k].f&(tAllCaps|tDotted|tPlain) != 0 || !d.isCapWord(k) {
		return false
	}
	if d.wf(k)&(wPlaceHead|wOrgHead|wDemonym|wDemonymMulti|wTitle|wFunction|wDate) != 0 || groupNoun(w) {
		return false
	}
	pn, _ := d.phraseAt(k)
	return pn == 0
}

// sportDoc: the text is a sports story, with two words of sport
// ("league", "goals", "coach"), a score ("2-1") or a standings row.
func (d *doc) sportDoc() bool {
	if d.sport == 0 {
		d.sport = 1
		words, scores := 0, 0
		var buf [16]byte
		for k := range d.toks {
			t := d.toks[k]
			switch {
			case t.f&tNum != 0:
				if isScore(d.word(k)) {
					scores++
				}
			case t.f&tCap == 0:
				if d.x.lists.sportWords.has(d.word(k)) {
					words++
				}
			default:
				if w := d.word(k); len(w) <= len(buf) && d.x.lists.sportWords.has(string(lowerASCII(w, buf[:0]))) {
					words++ // "League", "LEAGUE"
				}
				if d.tableRow(k + 1) {
					scores++ // "Leeds 12 7 2 3 23": a standings row
				}
			}
			if words >= 2 || scores >= 1 {
				d.sport = 2
				break
			}
		}
	}
	return d.sport == 2
}

// isScore: a result such as "2-1" or "103-98".
func isScore(w string) bool {
	i := strings.IndexByte(w, '-')
	if i < 1 || i > 3 || len(w)-i-1 < 1 || len(w)-i-1 > 3 {
		return false
	}
	for k := 0; k < len(w); k++ {
		if k != i && (w[k] < '0' || w[k] > '9') {
			return false
		}
	}
	return true
}

// scoreAfter: a match score follows the name that ends before b
// ("Chelsea 3-0"); not a tennis score ("6-4 6-3"), whose names are
// players.
func (d *doc) scoreAfter(b int) bool {
	if b >= len(d.toks) || !d.joined(b) || !isScore(d.word(b)) {
		return false
	}
	return b+1 >= len(d.toks) || !isScore(d.word(b+1))
}

// teamSlot: in a sports story, the city [a, b) stands where a team does:
// "Leeds beat Chelsea", "against Leeds", "Leeds coach", "Leeds 2 Chelsea
// 1". (The words around it are asked first: whether the text is a
// sports story takes a pass over it.)
func (d *doc) teamSlot(a, b int) bool {
	slot := d.tableRow(b) || d.scoreAfter(b)
	if !slot && b < len(d.toks) && d.toks[b].gap&^(gSpace|gPoss) == 0 {
		slot = d.x.lists.sportTeamWords.has(d.word(b)) || d.toks[b].f&tNum != 0 && len(d.word(b)) <= 7 && d.toks[b].gap&gPoss == 0
	}
	if !slot {
		slot = a > 0 && d.joined(a) && d.x.lists.sportTeamWords.has(d.word(a-1))
	}
	return slot && d.sportDoc()
}

// placeBody: a state's or city's service named by the place and its
// portfolio, "NSW Health", "Queensland Transport": an organisation.
func (d *doc) placeBody(s *segmentation) bool {
	pos, k := s.pos, s.pos+max(s.pn, 1)
	// (the word after first: it is rarely a portfolio ending the run)
	if k+1 != s.end || d.wf(k)&wTitle == 0 || d.wf(k)&(wCoreTitle|wFirst|wLast) != 0 || d.toks[k].f&tAllCaps != 0 {
		return false
	}
	if s.pn > 0 {
		if e := d.x.entries.at(s.pidx); e.label != Place || e.kind == kindCountry {
			return false
		}
	} else if d.toks[pos].f&tAllCaps == 0 || d.wf(pos)&(wDemonym|wTitle|wOrgHead|wPlaceHead) != 0 {
		return false
	}
	d.add(pos, k+1, Org, sStrong, "", kindOrg)
	s.pos, s.titled = k+1, false
	return true
}

// placeList: a list of places ends right before a: "towns near the
// border, including X", "cities such as X".
func (d *doc) placeList(a int) bool { return d.listOf(a) == Place }

// listOf labels the name at a by the kind of things a list it starts
// names: "towns near the border, including X" (places), "companies like
// X" (organisations); "" if it names none.
func (d *doc) listOf(a int) Label {
	if a < 2 || !d.joined(a) {
		return ""
	}
	if p := d.word(a - 1); p != "including" && p != "like" && !(p == "as" && d.word(a-2) == "such") {
		return ""
	}
	for k := a - 2; k >= 0 && k >= a-8; k-- {
		w := d.word(k)
		if d.toks[k].gap&(gSentEnd|gNewline) != 0 && k < a-2 {
			return ""
		}
		if strings.HasSuffix(w, "ies") {
			w = w[:len(w)-3] + "y"
		} else if strings.HasSuffix(w, "s") {
			w = w[:len(w)-1]
		} else {
			continue
		}
		if d.x.lists.appositivePlaceNouns.has(w) {
			return Place
		}
		if d.x.lists.appositiveOrgNouns.has(w) {
			return Org
		}
	}
	return ""
}

// roleNounShape: a lower-case word shaped like a noun for a person's
// trade or belief ("environmentalist", "historian"), long enough not to
// be a short word ("list").
func roleNounShape(w string) bool {
	return len(w) >= 7 && w[0] >= 'a' && w[0] <= 'z' && (strings.HasSuffix(w, "ist") || strings.HasSuffix(w, "ian"))
}

// tableRow: the name that ends before b is followed on its line by three or more
// small whole numbers and nothing else, as in a standings table ("Leeds
// 12 7 2 3 23"; prices, "Gold 1,920.50 +0.4%", are not).
func (d *doc) tableRow(b int) bool {
	k := b
	for k < len(d.toks) && d.toks[k].f&tNum != 0 && d.toks[k].gap&(gNewline|gSentEnd) == 0 && smallNumber(d.word(k)) {
		k++
	}
	return k-b >= 3 && (k == len(d.toks) || d.toks[k].gap&gNewline != 0)
}

// smallNumber: a whole number of one to three digits.
func smallNumber(w string) bool {
	if len(w) == 0 || len(w) > 3 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// inStatement: the words from k are "in a statement".
func (d *doc) inStatement(k int) bool {
	return k+2 < len(d.toks) && d.joined(k) && d.joined(k+1) && d.joined(k+2) &&
		d.word(k) == "in" && d.word(k+1) == "a" && d.word(k+2) == "statement"
}

// lowerASCII appends w with its ASCII letters in lower case to buf (a
// small buffer on the caller's stack: asking a list about a capitalised
// word then allocates nothing).
func lowerASCII(w string, buf []byte) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// resultsLine: the name [a, b) is one side of a result, "Tarkov 2
// Ostrava 1": a small number and a capitalised word follow it, or a
// capitalised word and a small number come before it and a small number
// follows.
func (d *doc) resultsLine(a, b int) bool {
	n := len(d.toks)
	if b+1 >= n || !d.joined(b) || d.toks[b].f&tNum == 0 || !smallNumber(d.word(b)) {
		return false
	}
	if d.joined(b+1) && d.isCapWord(b+1) {
		return true // "Tarkov 2 Ostrava"
	}
	// "... Tarkov 2 Ostrava 1": the second side
	return a >= 2 && d.joined(a) && d.toks[a-1].f&tNum != 0 && smallNumber(d.word(a-1)) && d.joined(a-1) && d.isCapWord(a-2)
}
