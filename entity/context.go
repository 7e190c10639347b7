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
