package entity

import (
	"sort"
	"strings"
)

// AsiaPacific is the tag that groups East Asia, Southeast Asia, South Asia
// and Oceania (see IsAsiaPacific).
const AsiaPacific = "Asia-Pacific"

// Regions a place can resolve to.
const (
	EastAsia      = "East Asia"
	SoutheastAsia = "Southeast Asia"
	SouthAsia     = "South Asia"
	Oceania       = "Oceania"
	Europe        = "Europe"
	Americas      = "Americas"
	Africa        = "Africa"
	MiddleEast    = "Middle East"
	CentralAsia   = "Central Asia"
)

// IsAsiaPacific reports whether region is one of the Asia-Pacific regions
// (East Asia, Southeast Asia, South Asia, Oceania), or AsiaPacific itself.
func IsAsiaPacific(region string) bool {
	switch region {
	case EastAsia, SoutheastAsia, SouthAsia, Oceania, AsiaPacific:
		return true
	}
	return false
}

// Locate resolves a place name (a PLACE span's Canonical, or its text) to
// its country's common name and its region. Seas and sub-continents have a
// region and no country ("South China Sea" -> "", "Southeast Asia"). ok is
// false when the name is not a known place or has no region.
func Locate(canonical string) (country, region string, ok bool) {
	return Default().Locate(canonical)
}

// Locate is the method form of the package-level Locate.
func (x *Extractor) Locate(canonical string) (country, region string, ok bool) {
	name := normPhrase(canonical)
	for {
		if idx, found := x.canonIndex(name); found {
			// (the generator worked out the country and region of each
			// place entry: lexbuild_test.go, locate)
			if country, region := x.entries.place(idx); region != "" {
				return country, region, true
			}
		}
		// "South Darfur", "Central U.S.": try without the direction word.
		first, rest, more := strings.Cut(name, " ")
		if !more || x.flags(first)&wDirection == 0 {
			return "", "", false
		}
		name = rest
	}
}

// Regions returns the region tags of an article from its PLACE spans,
// without duplicates, the most mentioned first (ties: first mentioned
// first).
func Regions(spans []Span) []string {
	return Default().Regions(spans)
}

// Regions is the method form of the package-level Regions.
func (x *Extractor) Regions(spans []Span) []string {
	type tally struct {
		n, first int
	}
	counts := map[string]*tally{}
	for i, s := range spans {
		if s.Label != Place {
			continue
		}
		_, r, ok := x.Locate(s.Canonical)
		if !ok && s.Text != s.Canonical {
			_, r, ok = x.Locate(s.Text)
		}
		if !ok {
			continue
		}
		if t := counts[r]; t != nil {
			t.n++
		} else {
			counts[r] = &tally{1, i}
		}
	}
	out := make([]string, 0, len(counts))
	for r := range counts {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := counts[out[i]], counts[out[j]]
		if a.n != b.n {
			return a.n > b.n
		}
		return a.first < b.first
	})
	return out
}

// IsAsiaPacificLabel reports whether a section or category name a source
// gives ("Asia Pacific", "asia_pacific", "East Asia") files an item under
// Asia-Pacific.
func IsAsiaPacificLabel(label string) bool {
	var b strings.Builder
	for _, r := range strings.ToLower(label) {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	// (the labels are data/lists/asia-pacific-labels.txt)
	return Default().lists.asiaPacificLabels.has(b.String())
}

// InAsiaPacific is the one rule of the Asia-Pacific view: an item is in
// it when its source files it under an Asia-Pacific section or category,
// or when its main region is in Asia-Pacific. regions are the item's
// region tags, most mentioned first (Regions), from its article when it
// has one, else from its feed text: a Kenyan tea story that names one
// buyer from Pakistan is African news. An item with no region evidence is
// in the "all" view only. The library computes it when it stores an item
// or its article, and the view is a query on what it stored.
func InAsiaPacific(sections []string, regions []string) bool {
	for _, s := range sections {
		if IsAsiaPacificLabel(s) {
			return true
		}
	}
	return len(regions) > 0 && IsAsiaPacific(regions[0])
}
