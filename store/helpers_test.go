package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/entity"
)

// testPlaces and testOrgs label the capitalised runs testEntities finds.
var testPlaces = map[string]string{
	"Tokyo": "East Asia", "Seoul": "East Asia", "Japan": "East Asia", "South Korea": "East Asia",
	"China": "East Asia", "Beijing": "East Asia", "Okinawa": "East Asia", "Korean Peninsula": "East Asia",
	"Bangkok": "Southeast Asia", "Thailand": "Southeast Asia", "Jakarta": "Southeast Asia",
	"Singapore": "Southeast Asia", "Manila": "Southeast Asia", "Hanoi": "Southeast Asia",
	"New Delhi": "South Asia", "India": "South Asia", "Dhaka": "South Asia",
	"Sydney": "Oceania", "Australia": "Oceania", "Wellington": "Oceania",
	"Paris": "Europe", "London": "Europe", "Berlin": "Europe", "Moscow": "Europe",
	"Washington": "Americas", "Ottawa": "Americas", "Cairo": "Africa", "Nairobi": "Africa",
	"Tehran": "Middle East", "Gaza": "Middle East",
}

var testOrgSuffix = []string{"Ministry", "News", "Bank", "Party", "Agency", "Council", "Nations"}

// testEntities is a small deterministic stand-in for entity.Extract:
// maximal runs of capitalised words; a known place is a PLACE, a run that
// is all capitals or ends in an organisation word is an ORG, and any other
// run of two or three words is a PERSON. A later single word that is the
// last word of an earlier person links to it, as the real extractor does.
func testEntities(text string) []entity.Span {
	var out []entity.Span
	type word struct{ s, e int }
	var run []word
	people := map[string]string{}
	flush := func() {
		defer func() { run = run[:0] }()
		// Drop a leading sentence-initial function word.
		for len(run) > 0 {
			w := text[run[0].s:run[0].e]
			switch w {
			case "The", "A", "In", "On", "Opinion", "Officials", "Critics", "According", "Analysts", "Thousands",
				"Defense", "Minister", "President", "Prime", "Foreign", "Second":
				run = run[1:]
				continue
			}
			break
		}
		if len(run) == 0 {
			return
		}
		s, e := run[0].s, run[len(run)-1].e
		name := text[s:e]
		sp := entity.Span{Start: s, End: e, Text: name, Canonical: name}
		last := text[run[len(run)-1].s:run[len(run)-1].e]
		switch {
		case testPlaces[name] != "":
			sp.Label = entity.Place
		case strings.ToUpper(name) == name && len(name) > 1:
			sp.Label = entity.Org
		case contains(testOrgSuffix, last):
			sp.Label = entity.Org
		case len(run) >= 2 && len(run) <= 3:
			sp.Label = entity.Person
			people[last] = name
		case len(run) == 1 && people[name] != "":
			sp.Label, sp.Canonical = entity.Person, people[name]
		default:
			return
		}
		out = append(out, sp)
	}
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) {
			j := i + n
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r2) && r2 != '-' && r2 != '\'' {
					break
				}
				j += n2
			}
			if unicode.IsUpper(r) {
				run = append(run, word{i, j})
			} else {
				flush()
			}
			i = j
			continue
		}
		if r != ' ' {
			flush()
		}
		i += n
	}
	flush()
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// testRegions maps place spans to regions through testPlaces.
func testRegions(spans []entity.Span) []string {
	var out []string
	for _, sp := range spans {
		if sp.Label == entity.Place {
			if r := testPlaces[sp.Canonical]; r != "" {
				out = append(out, r)
			}
		}
	}
	return out
}

// fixedClock is a clock tests move by hand.
type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }

func testOptions(clk *fixedClock) Options {
	return Options{Now: clk.Now, Entities: testEntities, Regions: testRegions}
}

func openTest(t testing.TB, o Options) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

var bg = context.Background()

// waitIndexed waits until every item stored so far is searchable: the
// indexer writes the index after each write commits.
func waitIndexed(t testing.TB, s *Store) {
	t.Helper()
	ctx, cancel := context.WithTimeout(bg, time.Minute)
	defer cancel()
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatalf("WaitIndexed: %v", err)
	}
}

// holdIndexer stops s's indexer before its next batch until release is
// called, so a test can look at items stored but not yet indexed.
func holdIndexer(s *Store) (release func()) {
	s.wmu.Lock()
	s.indexHook = func() bool { return false }
	s.wmu.Unlock()
	return func() {
		s.wmu.Lock()
		s.indexHook = nil
		s.wmu.Unlock()
		s.ix.wake()
	}
}
