package main

import (
	"sort"
	"strings"
	"unicode"
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

// readCountries reads countries.json into the rows of countries.tsv
// (code, name, region, names, capitals, demonyms), learning each
// country's region, its capitals and the demonyms.
func (s *sources) readCountries(path string) ([]string, error) {
	if err := readJSON(path, &s.countries); err != nil {
		return nil, err
	}
	cs := s.countries
	sort.Slice(cs, func(i, j int) bool { return cs[i].CCA2 < cs[j].CCA2 })
	s.regionByCC = map[string]string{}
	s.demonyms = map[string]bool{}
	s.capitals = map[string]string{}
	var rows []string
	for _, c := range cs {
		reg := regionOf(c)
		s.regionByCC[c.CCA2] = reg
		var caps []string
		for _, cp := range c.Capital {
			if latin(cp) {
				caps = append(caps, cp)
				s.capitals[cp] = c.CCA2
			}
		}
		var dems []string
		if d, ok := c.Demonyms["eng"]; ok {
			for _, x := range []string{d.M, d.F} {
				if x != "" && !s.demonyms[x] {
					dems = append(dems, x)
					s.demonyms[x] = true
				}
			}
		}
		rows = append(rows, strings.Join([]string{c.CCA2, c.Name.Common, reg,
			strings.Join(countryNames(c), "|"), strings.Join(caps, "|"), strings.Join(dems, "|")}, "\t"))
	}
	for _, d := range s.lex["Demonym"] {
		s.demonyms[titleCase(d)] = true
	}
	return rows, nil
}

// countryNames returns a country's common name, then its official name
// and alternate spellings in Latin letters.
func countryNames(c country) []string {
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
	return names
}
