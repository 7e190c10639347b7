package main

import "strings"

type city struct {
	name, cc string
	pop      int
}

// placeRows returns the rows of places.tsv (name, ISO code, kind): the
// GeoNames cities, first-level regions and compromise's places.
func (s *sources) placeRows(citiesPath, regionsPath string) ([]string, error) {
	best, err := s.readCities(citiesPath)
	if err != nil {
		return nil, err
	}
	var rows []string
	for _, c := range best {
		rows = append(rows, c.name+"\t"+c.cc+"\tcity")
	}
	// Provinces, states and other first-level regions.
	if regionsPath != "" {
		regions, err := s.regionRows(regionsPath, best)
		if err != nil {
			return nil, err
		}
		rows = append(rows, regions...)
	}
	for _, tag := range []string{"City", "Region", "Place", "Country"} {
		for _, n := range s.lex[tag] {
			t := titleCase(n)
			if _, ok := best[t]; ok {
				continue
			}
			if !strings.Contains(t, " ") && s.common[strings.ToLower(t)] {
				continue
			}
			rows = append(rows, t+"\t\t"+strings.ToLower(tag))
		}
	}
	return uniqSorted(rows), nil
}

// readCities keeps the GeoNames cities that are large enough and not
// named like a common word or a given name, and for each name (and each
// plain-ASCII form of it: "Tikrīt" -> "Tikrit", "Al Fallūjah" ->
// "Fallujah") the most populous city.
func (s *sources) readCities(path string) (map[string]city, error) {
	var cities []city
	if err := readCities(path, func(name, _, cc, _ string, pop int) {
		least := cityMinPop
		if isAsiaPacific(s.regionByCC[cc]) {
			least = cityMinPopAsia
		}
		if pop < least || !latin(name) || strings.ContainsAny(name, "()0123456789") {
			return
		}
		if s.capitals[name] == "" && ((s.common[strings.ToLower(name)] && pop < ambiguousMinPop) || (s.first[name] && pop < nameMinPop)) {
			return
		}
		cities = append(cities, city{name, cc, pop})
	}); err != nil {
		return nil, err
	}
	best := map[string]city{}
	for _, c := range cities {
		for _, v := range variants(c.name, s.regionByCC[c.cc]) {
			if v != c.name && (s.common[strings.ToLower(v)] || s.first[v]) {
				continue
			}
			if b, ok := best[v]; !ok || c.pop > b.pop {
				best[v] = city{v, c.cc, c.pop}
			}
		}
	}
	return best, nil
}

// regionRows returns the rows of the first-level regions of
// country-region-data that no city is named like.
func (s *sources) regionRows(path string, best map[string]city) ([]string, error) {
	var rs []struct {
		CC      string `json:"countryShortCode"`
		Regions []struct {
			Name string `json:"name"`
		} `json:"regions"`
	}
	if err := readJSON(path, &rs); err != nil {
		return nil, err
	}
	var rows []string
	for _, c := range rs {
		for _, r := range c.Regions {
			for _, v := range variants(r.Name, s.regionByCC[c.CC]) {
				if !latin(v) || strings.ContainsAny(v, "()0123456789,") {
					continue
				}
				if _, ok := best[v]; ok {
					continue
				}
				if !strings.Contains(v, " ") && (s.common[strings.ToLower(v)] || s.first[v]) {
					continue
				}
				rows = append(rows, v+"\t"+c.CC+"\tregion")
			}
		}
	}
	return rows, nil
}
