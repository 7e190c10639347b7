package entity

import (
	"bufio"
	"fmt"
	"io/fs"
	"strings"
)

// The lexicon as the text lists of data/ give it, built the way
// NewExtractor built it at every start before the lexicon was made at
// build time (maps from fingerprints, filled list by list). It is the
// generator of lexicon.bin (TestLexiconFile) and the reference that the
// tables are checked against, key by key (TestTablesMatchSource). It
// lives in the tests so that the program carries neither the text nor
// the code that parses it.

// srcEntry is an entry with what the generator needs to know of it: the
// phrase it was made for, and a place's country code and region.
type srcEntry struct {
	entry
	name string
	cc   string // ISO 3166-1 alpha-2 country code for places, when known
	// region overrides the country's region (seas, sub-continents).
	region string
}

type countryInfo struct {
	name, region string
}

// lexSource is the lexicon read from the text lists.
type lexSource struct {
	fsys fs.FS
	err  error // the first file that could not be read
	// lists are the entries of data/lists/NAME.txt by NAME.
	lists map[string][]string
	// rules are the rule lists of the lexicon made from lists alone:
	// tokenize needs its abbreviations.
	rules *wordLists

	lex   map[uint64]lexEntry // keyed by hashOf(word or phrase)
	upper map[uint64]int32    // hashOf(upper-cased phrase) -> entries index
	// keys holds every stored key while the source is read, to count
	// fingerprint collisions; it is dropped afterwards.
	keys        map[uint64]string
	collisions  int
	entries     []srcEntry
	countries   map[string]countryInfo // cc -> info
	byCanon     map[string]int32       // canonical or alias name -> entries index
	lowerTitles map[string]bool
}

func newLexSource(fsys fs.FS) *lexSource {
	return &lexSource{
		fsys:        fsys,
		lists:       map[string][]string{},
		lex:         make(map[uint64]lexEntry, 240000),
		upper:       make(map[uint64]int32, 40000),
		keys:        make(map[uint64]string, 300000),
		countries:   make(map[string]countryInfo, 256),
		byCanon:     make(map[string]int32, 40000),
		lowerTitles: map[string]bool{},
	}
}

// buildSource reads the lists of fsys (the data directory).
func buildSource(fsys fs.FS) (*lexSource, error) {
	x := newLexSource(fsys)
	if err := x.readLists(); err != nil {
		return nil, err
	}
	// The rule lists first, alone: tokenize needs the abbreviations.
	rules := newLexSource(fsys)
	rules.lists = x.lists
	b, err := encodeLexicon(rules)
	if err != nil {
		return nil, err
	}
	r, err := newExtractor(string(b))
	if err != nil {
		return nil, err
	}
	x.rules = r.lists
	x.load()
	x.keys = nil
	if x.err != nil {
		return nil, x.err
	}
	return x, nil
}

// readLists reads every data/lists file.
func (x *lexSource) readLists() error {
	files, err := fs.Glob(x.fsys, "lists/*.txt")
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no lists/*.txt in %v", x.fsys)
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "lists/"), ".txt")
		var entries []string
		x.readLines(f, func(l string) {
			if l = strings.TrimSpace(l); l != "" {
				entries = append(entries, l)
			}
		})
		x.lists[name] = entries
	}
	return x.err
}

// listEntries returns the entries of data/lists/NAME.txt: its lines
// without surrounding space, skipping blank lines and "#" comments.
func (x *lexSource) listEntries(name string) []string {
	l, ok := x.lists[name]
	if !ok && x.err == nil {
		x.err = fmt.Errorf("lists/%s.txt: no such list", name)
	}
	return l
}

// key returns the fingerprint of s, counting a collision with a different
// stored string.
func (x *lexSource) key(s string) uint64 {
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

func (x *lexSource) flag(w string, f uint32) {
	h := x.key(w)
	e, ok := x.lex[h]
	if !ok {
		e.p = -2
	}
	e.f |= f
	x.lex[h] = e
}

func (x *lexSource) flags(w string) uint32 { return x.lex[hashOf(w)].f }

func (x *lexSource) phraseOf(name string) (lexEntry, bool) {
	e, ok := x.lex[hashOf(name)]
	return e, ok
}

func (x *lexSource) setPhrase(name string, idx int32) {
	h := x.key(name)
	e, ok := x.lex[h]
	if !ok {
		e.p = -2
	}
	e.p = idx
	x.lex[h] = e
}

// readLines calls f with every line of the file but blank lines and "#"
// comments.
func (x *lexSource) readLines(name string, f func(string)) {
	b, err := fs.ReadFile(x.fsys, name)
	if err != nil {
		if x.err == nil {
			x.err = err
		}
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
	if err := sc.Err(); err != nil && x.err == nil {
		x.err = fmt.Errorf("%s: %w", name, err)
	}
}

// addPhrase registers a gazetteer phrase. Earlier registrations win, so
// the most reliable lists are loaded first.
func (x *lexSource) addPhrase(name string, e srcEntry) {
	name = normPhrase(name)
	if name == "" || len(name) > 80 {
		return
	}
	if e, ok := x.phraseOf(name); ok && e.p >= 0 {
		return
	}
	idx := int32(len(x.entries))
	e.name = name
	x.entries = append(x.entries, e)
	x.setPhrase(name, idx)
	up := strings.ToUpper(name)
	if j, ok := x.upper[x.key(up)]; !ok || j < 0 {
		x.upper[x.key(up)] = idx
	}
	if _, ok := x.byCanon[name]; !ok {
		x.byCanon[name] = idx
	}
	toks := tokenize(name, nil, x.rules)
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

// load reads the lists. Earlier phrases win (addPhrase), so the most
// reliable lists come first.
func (x *lexSource) load() {
	hand := x.readSections("handmade.txt")
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

func (x *lexSource) readSections(name string) sections {
	s := sections{}
	var cur string
	x.readLines(name, func(l string) {
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
func (x *lexSource) loadWordFlags(hand sections) {
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
	for _, w := range x.listEntries("core-titles") {
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
			x.addPhrase(w, srcEntry{}) // "Roman Catholic": not an entity
			continue
		}
		x.flag(w, wNonEntity)
	}
	x.flagAll(hand.items("acronymstop"), wAcronymStop)
	x.flagAll(x.listEntries("east-asian-surnames"), wEastAsianSurname)
	x.flagAll(x.listEntries("date-words"), wDate|wNonEntity)
	x.flagAll(x.listEntries("direction-words"), wDirection)
}

func (x *lexSource) flagAll(words []string, f uint32) {
	for _, w := range words {
		x.flag(w, f)
	}
}

func (x *lexSource) loadDemonyms() {
	x.readLines("countries.tsv", func(l string) {
		if f := strings.Split(l, "\t"); len(f) >= 6 {
			for _, d := range strings.Split(f[5], "|") {
				x.addDemonym(d)
			}
		}
	})
	x.readLines("demonyms.txt", func(l string) { x.addDemonym(l) })
	for _, d := range x.listEntries("extra-demonyms") {
		x.addDemonym(d)
	}
}

func (x *lexSource) loadCountries() {
	x.readLines("countries.tsv", func(l string) {
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
			x.addPhrase(n, srcEntry{entry: entry{label: Place, kind: kindCountry, canon: common}, cc: cc})
		}
		for _, c := range strings.Split(f[4], "|") {
			if c != "" {
				x.addPhrase(c, srcEntry{entry: entry{label: Place, kind: kindCapital, canon: c}, cc: cc})
			}
		}
	})
}

// loadHandmadeNames adds the hand-made places, organisations, companies
// and people.
func (x *lexSource) loadHandmadeNames(hand sections) {
	for _, l := range hand["places"] {
		x.addHandmadePlace(l)
	}
	for _, l := range hand["orgs"] {
		parts := strings.Split(l, "|")
		canon := strings.TrimSpace(parts[0])
		for _, p := range parts {
			x.addPhrase(p, srcEntry{entry: entry{label: Org, kind: kindOrg, canon: canon}})
		}
	}
	for _, p := range hand.items("companies") {
		x.addPhrase(p, srcEntry{entry: entry{label: Org, kind: kindOrg, canon: p}})
	}
	for _, p := range hand.items("persons") {
		x.addPhrase(p, srcEntry{entry: entry{label: Person, kind: kindPerson, canon: p}})
	}
}

// addHandmadePlace adds a line "Name|Other name => CC" (a country code, or
// "@Region" for a place of no one country).
func (x *lexSource) addHandmadePlace(l string) {
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
		x.addPhrase(p, srcEntry{entry: entry{label: Place, kind: k, canon: canon}, cc: cc, region: region})
	}
}

// loadGenerated reads the lists entity/gen/build.sh makes.
func (x *lexSource) loadGenerated() {
	x.readLines("places.tsv", func(l string) {
		f := strings.Split(l, "\t")
		if len(f) < 3 {
			return
		}
		k := kindCity
		if f[2] != "city" {
			k = kindRegion
		}
		x.addPhrase(f[0], srcEntry{entry: entry{label: Place, kind: k, canon: f[0]}, cc: f[1]})
	})
	x.readLines("orgs-compromise.txt", func(l string) {
		x.addPhrase(l, srcEntry{entry: entry{label: Org, kind: kindOrg, canon: l}})
	})
	x.readLines("persons-compromise.txt", func(l string) {
		if strings.Contains(l, " ") { // a lone "Hamid" is not a person's name
			x.addPhrase(l, srcEntry{entry: entry{label: Person, kind: kindPerson, canon: l}})
		}
	})
	x.readLines("firstnames.txt", func(l string) { x.flag(l, wFirst) })
	x.readLines("surnames.txt", func(l string) { x.flag(l, wLast) })
	x.readLines("words.txt", func(l string) { x.flag(l, wCommon) })
	x.readLines("propers.txt", func(l string) { x.flag(l, wProper) })
}

func (x *lexSource) addDemonym(d string) {
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

// locate is what Locate said of an entry when it read the maps: a place
// with a known country has the country's region, or its own; a place of
// no one country its own region; anything else no region.
func (x *lexSource) locate(e srcEntry) (country, region string) {
	if e.label != Place {
		return "", ""
	}
	if e.cc != "" {
		if ci, known := x.countries[e.cc]; known {
			region = ci.region
			if e.region != "" {
				region = e.region
			}
			if region != "" {
				return ci.name, region
			}
		}
	}
	return "", e.region
}
