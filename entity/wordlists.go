package entity

import "strings"

// wordSet is one word list of data/lists, for membership tests. The rules
// ask about many words that are in no list, so a word whose length with
// its first byte, or with its last, no entry has is turned away before it
// is looked up: asking costs about what the switch statements the lists
// replace cost.
type wordSet struct {
	// first has bit len(w)%32 of first[w[0]%32] set for every entry w;
	// last the same for its last byte. (Small, so the lists asked most
	// stay in the cache.)
	first, last [32]uint32
	// words are the entries, sorted, in the lexicon data (tables.go);
	// slots the same in a hash table, for has.
	words, slots strList
}

func (s *wordSet) has(w string) bool {
	if len(w) == 0 || !s.mayHave(w[0], w[len(w)-1], len(w)) {
		return false
	}
	return s.slots.probe(w)
}

// mayHave: an entry of n bytes starts with first and ends with last.
func (s *wordSet) mayHave(first, last byte, n int) bool {
	return s.first[first&31]&(1<<(n&31)) != 0 && s.last[last&31]&(1<<(n&31)) != 0
}

// wordLists are the word lists the rules judge by: data/lists/*.txt, one
// entry per line, each file saying what it holds and which rule reads it.
// They are made at build time with the lexicon (tables.go) and read in
// place.
type wordLists struct {
	// Scanning: what may be part of a name, and what ends one.
	nameArticlePrefixes  wordSet
	titleCaseSmallWords  wordSet
	partyInitials        wordSet
	groupNouns           wordSet
	nameConnectors       wordSet
	nameParticles        wordSet
	afterHeadConnectors  wordSet
	compoundSuffixes     wordSet
	timeModifiers        wordSet
	timeModifierPrefixes wordSet
	romanNumerals        wordSet
	nonEntityHeads       wordSet
	nonEntityNounsAfter  wordSet
	namedEventWords      wordSet
	stormListWords       wordSet
	warCrimesWords       wordSet
	surnamePrefixes      wordSet

	// Context: the words around a name that say what it is.
	articles                 wordSet
	leaderNamedBodies        wordSet
	personVerbsAfter         wordSet
	partyLabels              wordSet
	headTailConnectors       wordSet
	dateContextBefore        wordSet
	singleHeadBodies         wordSet
	portfolioHeads           wordSet
	genericBodies            wordSet
	alwaysBodies             wordSet
	placeBeforeStrong        wordSet
	placePossessions         wordSet
	appositivePlaceNouns     wordSet
	appositivePlaceFollowers wordSet
	appositivePersonNouns    wordSet
	appositiveOrgNouns       wordSet
	personPossessions        wordSet
	personOf                 wordSet
	orgPossessions           wordSet
	teamWordsAfter           wordSet
	clubPrefixes             wordSet
	clubSuffixes             wordSet
	sportWords               wordSet
	sportTeamWords           wordSet
	placeNounModifiers       wordSet
	placeSuffixes            []string
	placeBefore              wordSet
	placeOf                  wordSet
	placeAfter               wordSet
	orgBefore                wordSet
	orgAfter                 wordSet
	orgOf                    wordSet
	orgOfPrepositions        wordSet
	householdNouns           wordSet
	notEntityAfter           wordSet
	notPlaceAfter            wordSet
	newsOrgNouns             wordSet

	// Tokenizing: abbreviations that keep their dot.
	abbreviations      wordSet
	titleAbbreviations wordSet

	// Section labels that file an item under Asia-Pacific.
	asiaPacificLabels wordSet
}

// wordSetFile pairs a list file (data/lists/NAME.txt) with its set.
type wordSetFile struct {
	name string
	set  *wordSet
}

func (l *wordLists) setFiles() []wordSetFile {
	return []wordSetFile{
		{"name-article-prefixes", &l.nameArticlePrefixes},
		{"title-case-small-words", &l.titleCaseSmallWords},
		{"party-initials", &l.partyInitials},
		{"group-nouns", &l.groupNouns},
		{"name-connectors", &l.nameConnectors},
		{"name-particles", &l.nameParticles},
		{"after-head-connectors", &l.afterHeadConnectors},
		{"compound-suffixes", &l.compoundSuffixes},
		{"time-modifiers", &l.timeModifiers},
		{"time-modifier-prefixes", &l.timeModifierPrefixes},
		{"roman-numerals", &l.romanNumerals},
		{"non-entity-heads", &l.nonEntityHeads},
		{"non-entity-nouns-after", &l.nonEntityNounsAfter},
		{"named-event-words", &l.namedEventWords},
		{"storm-list-words", &l.stormListWords},
		{"war-crimes-words", &l.warCrimesWords},
		{"surname-prefixes", &l.surnamePrefixes},
		{"articles", &l.articles},
		{"leader-named-bodies", &l.leaderNamedBodies},
		{"person-verbs-after", &l.personVerbsAfter},
		{"party-labels", &l.partyLabels},
		{"head-tail-connectors", &l.headTailConnectors},
		{"date-context-before", &l.dateContextBefore},
		{"single-head-bodies", &l.singleHeadBodies},
		{"portfolio-heads", &l.portfolioHeads},
		{"generic-bodies", &l.genericBodies},
		{"always-bodies", &l.alwaysBodies},
		{"place-before-strong", &l.placeBeforeStrong},
		{"place-possessions", &l.placePossessions},
		{"appositive-place-nouns", &l.appositivePlaceNouns},
		{"appositive-place-followers", &l.appositivePlaceFollowers},
		{"appositive-person-nouns", &l.appositivePersonNouns},
		{"appositive-org-nouns", &l.appositiveOrgNouns},
		{"person-possessions", &l.personPossessions},
		{"person-of", &l.personOf},
		{"org-possessions", &l.orgPossessions},
		{"team-words-after", &l.teamWordsAfter},
		{"club-prefixes", &l.clubPrefixes},
		{"club-suffixes", &l.clubSuffixes},
		{"sport-words", &l.sportWords},
		{"sport-team-words", &l.sportTeamWords},
		{"place-noun-modifiers", &l.placeNounModifiers},
		{"place-before", &l.placeBefore},
		{"place-of", &l.placeOf},
		{"place-after", &l.placeAfter},
		{"org-before", &l.orgBefore},
		{"org-after", &l.orgAfter},
		{"org-of", &l.orgOf},
		{"org-of-prepositions", &l.orgOfPrepositions},
		{"household-nouns", &l.householdNouns},
		{"not-entity-after", &l.notEntityAfter},
		{"not-place-after", &l.notPlaceAfter},
		{"news-org-nouns", &l.newsOrgNouns},
		{"abbreviations", &l.abbreviations},
		{"title-abbreviations", &l.titleAbbreviations},
		{"asia-pacific-labels", &l.asiaPacificLabels},
	}
}

// Lists of the lexicon data that are not in setFiles: one read in order
// rather than looked up, and the lower-case core titles.
const (
	placeSuffixesList = "place-suffixes"
	lowerTitlesList   = "lower-titles"
)

// wordLists returns the word lists of the data, in the order the
// generator writes them: setFiles, then placeSuffixesList and
// lowerTitlesList.
func (l *lexicon) wordLists() (*wordLists, wordSet, error) {
	wl := &wordLists{}
	files := wl.setFiles()
	var suffixes, lower wordSet
	sets := make([]*wordSet, 0, len(files)+2)
	names := make([]string, 0, len(files)+2)
	for _, f := range files {
		sets, names = append(sets, f.set), append(names, f.name)
	}
	sets, names = append(sets, &suffixes, &lower), append(names, placeSuffixesList, lowerTitlesList)
	if len(l.lists)/listSize != len(sets) {
		return nil, lower, errLexicon
	}
	for i, s := range sets {
		if l.list(i, s) != names[i] {
			return nil, lower, errLexicon
		}
	}
	// (the slice of strings of the pool, one allocation, a few entries)
	wl.placeSuffixes = make([]string, suffixes.words.len())
	for i := range wl.placeSuffixes {
		wl.placeSuffixes[i] = suffixes.words.at(i)
	}
	return wl, lower, nil
}

// titleSmallWord: a word that title case capitalises and running text
// does not, in either case form ("On", "FOR").
func (l *wordLists) titleSmallWord(w string) bool {
	if len(w) > 5 {
		return false
	}
	var buf [5]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	if len(w) == 0 || !l.titleCaseSmallWords.mayHave(buf[0], buf[len(w)-1], len(w)) {
		return false
	}
	return l.titleCaseSmallWords.slots.probe(string(buf[:len(w)]))
}

// connector reports whether a lower-case word may join the words of a
// name: a connector of organisation and place names ("of", "and"), or a
// particle of personal names ("bin", "van").
func (l *wordLists) connector(w string) (conn, particle bool) {
	if l.nameParticles.has(w) {
		return true, true
	}
	return l.nameConnectors.has(w), false
}

// timeModifier reports whether w only dates a title or name ("Former",
// "Late", "Ex-Microsoft"): it never starts an entity.
func (l *wordLists) timeModifier(w string) bool {
	if l.timeModifiers.has(strings.ToLower(w)) {
		return true
	}
	// (a prefix ends in its only hyphen)
	k := strings.IndexByte(w, '-')
	return k >= 0 && k+1 < len(w) && l.timeModifierPrefixes.has(w[:k+1])
}

// analystNouns: the people who work at a bank or firm and are quoted
// by it: "analysts at X", "economists at X".
func (l *wordLists) analystNouns(w string) bool {
	switch w {
	case "analyst", "analysts", "economist", "economists", "strategist", "strategists", "traders", "trader":
		return true
	}
	return false
}
