package entity

import (
	"strings"
	"sync"
)

// wordSet is one word list of data/lists, for membership tests.
type wordSet map[string]struct{}

func (s wordSet) has(w string) bool {
	_, ok := s[w]
	return ok
}

// wordLists are the word lists the rules judge by: data/lists/*.txt, one
// entry per line, each file saying what it holds and which rule reads it.
// They are read once per process (ruleWords) and shared, read-only, by
// every Extractor.
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
	timeModifierPrefixes []string
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
	newsOrgNouns             wordSet

	// Tokenizing: abbreviations that keep their dot.
	abbreviations      wordSet
	titleAbbreviations wordSet
}

// ruleWords returns the word lists, read on first use.
var ruleWords = sync.OnceValue(loadWordLists)

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
		{"news-org-nouns", &l.newsOrgNouns},
		{"abbreviations", &l.abbreviations},
		{"title-abbreviations", &l.titleAbbreviations},
	}
}

// sliceFiles are the lists that are read in order rather than looked up.
func (l *wordLists) sliceFiles() map[string]*[]string {
	return map[string]*[]string{
		"time-modifier-prefixes": &l.timeModifierPrefixes,
		"place-suffixes":         &l.placeSuffixes,
	}
}

func loadWordLists() *wordLists {
	l := &wordLists{}
	for _, f := range l.setFiles() {
		entries := listEntries(f.name)
		*f.set = make(wordSet, len(entries))
		for _, w := range entries {
			(*f.set)[w] = struct{}{}
		}
	}
	for name, s := range l.sliceFiles() {
		*s = listEntries(name)
	}
	return l
}

// listEntries returns the entries of data/lists/NAME.txt: its lines
// without surrounding space, skipping blank lines and "#" comments.
func listEntries(name string) []string {
	var out []string
	readLines("lists/"+name+".txt", func(l string) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	})
	return out
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
	_, ok := l.titleCaseSmallWords[string(buf[:len(w)])]
	return ok
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
	for _, p := range l.timeModifierPrefixes {
		if len(w) > len(p) && strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}
