package entity

import (
	"bufio"
	"embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed data/*.txt data/*.tsv data/lists/*.txt
var dataFS embed.FS

// Word flags in Extractor.words.
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

type entry struct {
	label Label
	kind  kind
	canon string
	cc    string // ISO 3166-1 alpha-2 country code for places, when known
	// region overrides the country's region (seas, sub-continents).
	region string
}

type countryInfo struct {
	name, region string
}

// Extractor holds the immutable lexicons. Build it once with NewExtractor
// (or use the package-level Extract, which shares one) and use it from any
// number of goroutines.
type Extractor struct {
	// lex maps a word (as written, or lower-cased for wCommon) to its flags,
	// and a phrase (words joined by single spaces) to its entry: one map,
	// so that a word costs one lookup.
	lex   map[uint64]lexEntry // keyed by hashOf(word or phrase)
	upper map[uint64]int32    // hashOf(upper-cased phrase) -> entries index (all-caps text)
	// keys holds every stored key while NewExtractor runs, to count
	// fingerprint collisions; it is dropped afterwards.
	keys       map[uint64]string
	collisions int
	entries    []entry
	countries  map[string]countryInfo // cc -> info
	// byCanon maps a canonical or alias name to the entries index (Locate).
	byCanon map[string]int32
	// lowerTitles: "spokesman", "minister" (small, so it stays in cache)
	lowerTitles map[string]bool
	// lists are the word lists the rules judge by (data/lists).
	lists *wordLists
	// scratch recycles per-call buffers (*doc); it holds no results.
	scratch sync.Pool
}

// NewExtractor parses the embedded lists. It is comparatively slow (a few
// hundred milliseconds); call it once.
func NewExtractor() *Extractor {
	x := &Extractor{
		lex:         make(map[uint64]lexEntry, 240000),
		upper:       make(map[uint64]int32, 40000),
		keys:        make(map[uint64]string, 300000),
		countries:   make(map[string]countryInfo, 256),
		byCanon:     make(map[string]int32, 40000),
		lowerTitles: map[string]bool{},
		lists:       ruleWords(),
	}
	x.load()
	x.keys = nil
	return x
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

// key returns the fingerprint of s, counting a collision with a different
// stored string.
func (x *Extractor) key(s string) uint64 {
	h := hashOf(s)
	if x.keys != nil {
		if old, ok := x.keys[h]; ok && old != s {
			x.collisions++
		} else if !ok {
			x.keys[h] = s
		}
	}
	return h
}

func (x *Extractor) flag(w string, f uint32) {
	h := x.key(w)
	e, ok := x.lex[h]
	if !ok {
		e.p = -2
	}
	e.f |= f
	x.lex[h] = e
}

func (x *Extractor) flags(w string) uint32 { return x.lex[hashOf(w)].f }

func (x *Extractor) phraseOf(name string) (lexEntry, bool) {
	e, ok := x.lex[hashOf(name)]
	return e, ok
}

func (x *Extractor) setPhrase(name string, idx int32) {
	h := x.key(name)
	e, ok := x.lex[h]
	if !ok {
		e.p = -2
	}
	e.p = idx
	x.lex[h] = e
}

func readLines(name string, f func(string)) {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		// The files are embedded at build time; a missing one is a build
		// bug, caught by the package tests.
		return
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		l := strings.TrimRight(sc.Text(), "\r")
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f(l)
	}
}

// addPhrase registers a gazetteer phrase. Earlier registrations win, so
// the most reliable lists are loaded first.
func (x *Extractor) addPhrase(name string, e entry) {
	name = normPhrase(name)
	if name == "" || len(name) > 80 {
		return
	}
	if e, ok := x.phraseOf(name); ok && e.p >= 0 {
		return
	}
	idx := int32(len(x.entries))
	x.entries = append(x.entries, e)
	x.setPhrase(name, idx)
	up := strings.ToUpper(name)
	if j, ok := x.upper[x.key(up)]; !ok || j < 0 {
		x.upper[x.key(up)] = idx
	}
	if _, ok := x.byCanon[name]; !ok {
		x.byCanon[name] = idx
	}
	toks := tokenize(name, nil)
	if len(toks) == 0 {
		return
	}
	x.flag(name[toks[0].s:toks[0].e], wPhraseStart)
	x.flag(strings.ToUpper(name[toks[0].s:toks[0].e]), wPhraseStart)
	// Every shorter prefix is marked (-1) so that matching can stop as
	// soon as no name starts with the words seen so far.
	for k := 0; k < len(toks)-1; k++ {
		pre := name[:toks[k].e]
		if e, ok := x.phraseOf(pre); !ok || e.p == -2 {
			x.setPhrase(pre, -1)
		}
		if _, ok := x.upper[x.key(strings.ToUpper(pre))]; !ok {
			x.upper[x.key(strings.ToUpper(pre))] = -1
		}
	}
}

// load reads the embedded lists. Earlier phrases win (addPhrase), so the
// most reliable lists come first.
func (x *Extractor) load() {
	hand := readSections("handmade.txt")
	x.loadWordFlags(hand)
	// Demonyms before countries, so that a country's alternate spelling
	// that is also a demonym ("Thai") does not become a place name.
	x.loadDemonyms()
	// Countries next: they are the most reliable place names.
	x.loadCountries()
	x.loadHandmadeNames(hand)
	x.loadGenerated()
}

// sections are the lines of a hand-made list file by its "[name]" headers.
type sections map[string][]string

func readSections(name string) sections {
	s := sections{}
	var cur string
	readLines(name, func(l string) {
		if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") {
			cur = l[1 : len(l)-1]
			return
		}
		s[cur] = append(s[cur], l)
	})
	return s
}

// items returns the "|"-separated items of a section's lines.
func (s sections) items(sec string) []string {
	var out []string
	for _, l := range s[sec] {
		for _, it := range strings.Split(l, "|") {
			if it = strings.TrimSpace(it); it != "" {
				out = append(out, it)
			}
		}
	}
	return out
}

// loadWordFlags flags the hand-made word classes: titles, head words,
// connectors, function words, and words that are no entity.
func (x *Extractor) loadWordFlags(hand sections) {
	for _, w := range hand.items("titles") {
		if strings.Contains(w, " ") {
			for _, p := range strings.Fields(w) {
				if p != "of" && p != "the" {
					x.flag(p, wTitle)
				}
			}
			continue
		}
		x.flag(w, wTitle)
	}
	// Core titles: those that can directly precede a name.
	for _, w := range listEntries("core-titles") {
		x.flag(w, wTitle|wCoreTitle)
		if lw := strings.ToLower(w); lw != w && !strings.HasSuffix(w, ".") {
			x.lowerTitles[lw] = true
		}
	}
	for _, w := range hand.items("orgheads") {
		f := strings.Fields(w)
		x.flag(f[len(f)-1], wOrgHead)
	}
	for _, w := range hand.items("placeheads") {
		f := strings.Fields(w)
		x.flag(f[len(f)-1], wPlaceHead)
	}
	x.flagAll(hand.items("connectors"), wConnector)
	x.flagAll(hand.items("particles"), wParticle)
	x.flagAll(hand.items("functionwords"), wFunction)
	for _, w := range hand.items("nonentity") {
		if strings.Contains(w, " ") {
			x.addPhrase(w, entry{}) // "Roman Catholic": not an entity
			continue
		}
		x.flag(w, wNonEntity)
	}
	x.flagAll(hand.items("acronymstop"), wAcronymStop)
	x.flagAll(listEntries("east-asian-surnames"), wEastAsianSurname)
	x.flagAll(listEntries("date-words"), wDate|wNonEntity)
	x.flagAll(listEntries("direction-words"), wDirection)
}

func (x *Extractor) flagAll(words []string, f uint32) {
	for _, w := range words {
		x.flag(w, f)
	}
}

func (x *Extractor) loadDemonyms() {
	readLines("countries.tsv", func(l string) {
		if f := strings.Split(l, "\t"); len(f) >= 6 {
			for _, d := range strings.Split(f[5], "|") {
				x.addDemonym(d)
			}
		}
	})
	readLines("demonyms.txt", func(l string) { x.addDemonym(l) })
	for _, d := range listEntries("extra-demonyms") {
		x.addDemonym(d)
	}
}

func (x *Extractor) loadCountries() {
	readLines("countries.tsv", func(l string) {
		f := strings.Split(l, "\t")
		if len(f) < 6 {
			return
		}
		cc, common, region := f[0], f[1], f[2]
		x.countries[cc] = countryInfo{name: common, region: region}
		for i, n := range strings.Split(f[3], "|") {
			if i > 0 && x.flags(n)&wDemonym != 0 {
				continue
			}
			x.addPhrase(n, entry{label: Place, kind: kindCountry, canon: common, cc: cc})
		}
		for _, c := range strings.Split(f[4], "|") {
			if c != "" {
				x.addPhrase(c, entry{label: Place, kind: kindCapital, canon: c, cc: cc})
			}
		}
	})
}

// loadHandmadeNames adds the hand-made places, organisations, companies
// and people.
func (x *Extractor) loadHandmadeNames(hand sections) {
	for _, l := range hand["places"] {
		x.addHandmadePlace(l)
	}
	for _, l := range hand["orgs"] {
		parts := strings.Split(l, "|")
		canon := strings.TrimSpace(parts[0])
		for _, p := range parts {
			x.addPhrase(p, entry{label: Org, kind: kindOrg, canon: canon})
		}
	}
	for _, p := range hand.items("companies") {
		x.addPhrase(p, entry{label: Org, kind: kindOrg, canon: p})
	}
	for _, p := range hand.items("persons") {
		x.addPhrase(p, entry{label: Person, kind: kindPerson, canon: p})
	}
}

// addHandmadePlace adds a line "Name|Other name => CC" (a country code, or
// "@Region" for a place of no one country).
func (x *Extractor) addHandmadePlace(l string) {
	names, cc, _ := strings.Cut(l, "=>")
	cc = strings.TrimSpace(cc)
	region := ""
	if strings.HasPrefix(cc, "@") {
		region, cc = cc[1:], ""
	}
	parts := strings.Split(names, "|")
	canon := strings.TrimSpace(parts[0])
	k := kindRegion
	if cc != "" {
		if ci, ok := x.countries[cc]; ok {
			for _, p := range parts {
				if strings.TrimSpace(p) == ci.name {
					canon, k = ci.name, kindCountry
				}
			}
		}
	}
	for _, p := range parts {
		x.addPhrase(p, entry{label: Place, kind: k, canon: canon, cc: cc, region: region})
	}
}

// loadGenerated reads the lists entity/gen/build.sh makes.
func (x *Extractor) loadGenerated() {
	readLines("places.tsv", func(l string) {
		f := strings.Split(l, "\t")
		if len(f) < 3 {
			return
		}
		k := kindCity
		if f[2] != "city" {
			k = kindRegion
		}
		x.addPhrase(f[0], entry{label: Place, kind: k, canon: f[0], cc: f[1]})
	})
	readLines("orgs-compromise.txt", func(l string) {
		x.addPhrase(l, entry{label: Org, kind: kindOrg, canon: l})
	})
	readLines("persons-compromise.txt", func(l string) {
		if strings.Contains(l, " ") { // a lone "Hamid" is not a person's name
			x.addPhrase(l, entry{label: Person, kind: kindPerson, canon: l})
		}
	})
	readLines("firstnames.txt", func(l string) { x.flag(l, wFirst) })
	readLines("surnames.txt", func(l string) { x.flag(l, wLast) })
	readLines("words.txt", func(l string) { x.flag(l, wCommon) })
	readLines("propers.txt", func(l string) { x.flag(l, wProper) })
}

func (x *Extractor) addDemonym(d string) {
	d = strings.TrimSpace(d)
	if d == "" {
		return
	}
	f := strings.Fields(d)
	if len(f) > 1 {
		x.flag(f[0], wDemonymMulti)
	}
	x.flag(d, wDemonym)
	// Plural forms: "Iraqis", "Americans"; "Japanese" has none.
	if !strings.HasSuffix(d, "ese") && !strings.HasSuffix(d, "s") && !strings.HasSuffix(d, "sh") && !strings.HasSuffix(d, "ch") {
		x.flag(d+"s", wDemonym)
	}
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
