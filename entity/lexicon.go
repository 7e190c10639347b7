package entity

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Word flags in Extractor.lex.
const (
	wFirst            uint32 = 1 << iota // a given name
	wLast                                // a surname
	wCommon                              // (lower-case key) an ordinary English word
	wProper                              // a SCOWL proper noun
	wDemonym                             // "Japanese", "South Korean" (first token flagged too)
	wTitle                               // a role word before names
	wCoreTitle                           // a title that can stand directly before a name
	wOrgHead                             // "Ministry", "Agency", ...
	wPlaceHead                           // "Peninsula", "Sea", ...
	wConnector                           // "of", "and", ...
	wParticle                            // "bin", "al", "van" inside names
	wFunction                            // sentence-initial function word
	wNonEntity                           // months, religions, languages ...
	wAcronymStop                         // "AIDS", "GDP"
	wPhraseStart                         // first token of a gazetteer phrase
	wDemonymMulti                        // first token of a multi-token demonym
	wEastAsianSurname                    // "Kim", "Xi", "Jeong"
	wDate                                // months and weekdays
	wDirection                           // "North", "Southern": may start a place name
	wLowerTitle                          // "spokesman", "minister": a lower-case core title
)

type kind uint8

const (
	kindNone kind = iota
	kindCountry
	kindCapital
	kindCity
	kindRegion
	kindOrg
	kindPerson
	kindTitle
)

// entry is one gazetteer phrase's entry: what a name is.
type entry struct {
	label Label
	kind  kind
	canon string
}

// Extractor holds the immutable lexicons. Build it once with NewExtractor
// (or use the package-level Extract, which shares one) and use it from any
// number of goroutines.
type Extractor struct {
	// lex maps a word (as written, or lower-cased for wCommon) to its flags,
	// and a phrase (words joined by single spaces) to its entry: one table,
	// so that a word costs one lookup. (Keyed by hashOf(word or phrase).)
	lex hashTable
	// upper maps hashOf(upper-cased phrase) to its entry (all-caps text).
	upper   hashTable
	entries entryTable
	// lowerTitles: "spokesman", "minister" (the core titles lower-cased).
	lowerTitles wordSet
	// lists are the word lists the rules judge by (data/lists).
	lists *wordLists
	// scratch recycles per-call buffers (*doc); it holds no results.
	scratch sync.Pool
}

// NewExtractor returns an Extractor over the lexicon made at build time
// (tables.go): it reads the data in place, so it is cheap (microseconds,
// a few kilobytes), but one shared Extractor (Default) is enough.
func NewExtractor() *Extractor {
	x, err := newExtractor(lexiconData)
	if err != nil {
		// The data is embedded at build time and checked by the package
		// tests; a bad one is a build fault.
		panic(err)
	}
	return x
}

// newExtractor returns an Extractor reading the lexicon data.
func newExtractor(data string) (*Extractor, error) {
	l, err := openLexicon(data)
	if err != nil {
		return nil, err
	}
	x := &Extractor{lex: l.lex, upper: l.upper, entries: l.entries}
	x.lists, x.lowerTitles, err = l.wordLists()
	if err != nil {
		return nil, err
	}
	return x, nil
}

// lexEntry: word flags and phrase entry (-2 none, -1 only the start of
// longer phrases, else an index into entries).
type lexEntry struct {
	f uint32
	p int32
}

// normPhrase: single spaces, "'" for "’" (see doc.phraseHash).
func normPhrase(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "’", "'")
}

func (x *Extractor) flags(w string) uint32 {
	e, _ := x.lookup(hashOf(w))
	return e.f
}

// canonIndex returns the entry made for the phrase name (Locate).
func (x *Extractor) canonIndex(name string) (int32, bool) {
	e, ok := x.lookup(hashOf(name))
	if !ok || e.p < 0 || x.entries.name(e.p) != name {
		return 0, false
	}
	return e.p, true
}

// isUpperStart reports whether s starts with an upper-case letter.
func isUpperStart(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	if c < utf8.RuneSelf {
		return c >= 'A' && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}
