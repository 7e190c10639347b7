package main

import (
	"strconv"
	"strings"
)

// readNames learns given names and surnames from the 1990 US Census, the
// SSA baby names and compromise.
func (s *sources) readNames(censusPath, ssaPath string) error {
	var census struct {
		FirstMale   []string `json:"first_male"`
		FirstFemale []string `json:"first_female"`
		Last        []string `json:"last"`
	}
	if err := readJSON(censusPath, &census); err != nil {
		return err
	}
	placeLike := s.placeLike()
	s.first = map[string]bool{}
	for _, n := range append(census.FirstMale, census.FirstFemale...) {
		s.addFirst(placeLike, n, false)
	}
	for _, tag := range []string{"FirstName", "MaleName", "FemaleName"} {
		for _, n := range s.lex[tag] {
			s.addFirst(placeLike, n, false)
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
		s.addFirst(placeLike, name, n >= 50000)
	}); err != nil {
		return err
	}
	s.last = map[string]bool{}
	for i, n := range census.Last {
		if i >= censusSurnames {
			break
		}
		s.addLast(placeLike, n)
	}
	for _, n := range s.lex["LastName"] {
		s.addLast(placeLike, n)
	}
	return nil
}

// placeLike: the countries, capitals and demonyms, which no name list
// takes ("China", "Paris").
func (s *sources) placeLike() map[string]bool {
	placeLike := map[string]bool{}
	for _, c := range s.countries {
		placeLike[c.Name.Common] = true
	}
	for k := range s.capitals {
		placeLike[k] = true
	}
	for k := range s.demonyms {
		placeLike[k] = true
	}
	return placeLike
}

// addFirst adds a given name. One that is also a common word ("Will",
// "Rose") is kept when it is a SCOWL proper noun or a frequent name; one
// that is also a country, capital or demonym is dropped.
func (s *sources) addFirst(placeLike map[string]bool, n string, frequent bool) {
	t := titleCase(strings.ToLower(n))
	if placeLike[t] {
		return
	}
	if s.common[strings.ToLower(t)] && !s.proper[t] && !frequent {
		return
	}
	s.first[t] = true
}

// addLast adds a surname. One that is also a common word ("Police",
// "Young") is kept only when SCOWL lists it as a proper noun ("Bush",
// "Rice").
func (s *sources) addLast(placeLike map[string]bool, n string) {
	t := titleCase(strings.ToLower(n))
	if placeLike[t] || (s.common[strings.ToLower(t)] && !s.proper[t]) {
		return
	}
	s.last[t] = true
}
