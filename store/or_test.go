package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
)

// orCorpus is a small library of known words, sources, people, places and
// states, stored in a real SQLite file, with each item's query.Doc built
// from what the library gives back, as a reader without the library
// would build it.
type orCorpus struct {
	s    *Store
	urls []string
	ids  []string // newest first
	docs map[string]*query.Doc
}

var (
	orTopics  = []string{"gsomia", "pact", "tariff", "typhoon", "election", "summit", "drought", "vaccine"}
	orPlaces  = []string{"Seoul", "Tokyo", "Beijing", "Manila", "Jakarta", "Sydney", "Paris"}
	orPeople  = []string{"Taro Kono", "Moon Jae", "", "Joko Widodo", "Scott Morrison"}
	orSources = []feeds.Source{
		{Name: "Seoul Herald", URL: "https://herald.example/rss"},
		{Name: "Tokyo Times", URL: "https://times.example/feed"},
		{Name: "Xinhua Wire", URL: "https://xinhua.example/rss"},
	}
)

func newOrCorpus(t *testing.T) *orCorpus {
	t.Helper()
	base := time.Date(2019, 11, 1, 3, 0, 0, 0, time.UTC)
	s, _ := openTest(t, testOptions(&fixedClock{t: base.AddDate(0, 1, 0)}))
	c := &orCorpus{s: s, docs: map[string]*query.Doc{}}
	per := make([][]feeds.Item, len(orSources))
	for i := range 48 {
		summary := "Talks on the " + orTopics[(i*5+2)%8] + "."
		if p := orPeople[i%5]; p != "" {
			summary = "Talks with " + p + " on the " + orTopics[(i*5+2)%8] + "."
		}
		it := feeds.Item{
			ID:        fmt.Sprintf("or-%02d", i),
			Title:     orTopics[i%8] + " " + orTopics[(i*3+1)%8] + " in " + orPlaces[i%7],
			Summary:   summary,
			Published: base.Add(time.Duration(i) * 13 * time.Hour),
		}
		per[i%3] = append(per[i%3], it)
		c.ids = append([]string{it.ID}, c.ids...)
	}
	for i, src := range orSources {
		if _, err := s.PutResult(bg, feeds.Result{Source: src, Items: per[i], Status: 200, FetchedAt: base.AddDate(0, 1, 0)}); err != nil {
			t.Fatal(err)
		}
		c.urls = append(c.urls, src.URL)
	}
	for i, id := range c.ids {
		var err error
		switch {
		case i%4 == 1:
			err = s.SetSaved(bg, id, true)
		case i%5 == 2:
			err = s.SetStarred(bg, id, true)
		case i%3 == 0:
			err = s.MarkRead(bg, id, true)
		}
		if err != nil {
			t.Fatal(err)
		}
		c.loadDoc(t, id)
	}
	waitIndexed(t, s)
	return c
}

// loadDoc builds the query.Doc of an item from the library.
func (c *orCorpus) loadDoc(t *testing.T, id string) {
	t.Helper()
	it, st, err := c.s.Item(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	spans, err := c.s.Entities(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	d := query.NewDoc(it.SourceName, it.Title, it.Summary, it.Content)
	d.Published, d.Regions = it.Published, st.Regions
	d.Saved, d.Starred, d.Read = st.Saved, st.Starred, st.Read
	for _, sp := range spans {
		label := map[entity.Label]string{entity.Person: "PERSON", entity.Place: "PLACE", entity.Org: "ORG"}[sp.Label]
		d.Entities = append(d.Entities, query.Entity{Label: label, Name: sp.Canonical})
	}
	c.docs[id] = &d
}

// want are the ids of the items q.Match accepts, newest first.
func (c *orCorpus) want(q *query.Query) []string {
	var out []string
	for _, id := range c.ids {
		if q.Match(c.docs[id]) {
			out = append(out, id)
		}
	}
	return out
}

// orAtoms are the parts random queries are made of: words, prefixes being
// typed, a phrase, and every kind of field.
var orAtoms = []string{
	"gsomia", "pact", "tariff", "typhoon", "election", "summit", "drought", "vaccine", "talks", "seoul", "tokyo",
	"typ", "ele", "sum", "vac", "dro", `"gsomia pact"`, `"pact in"`, "place:seoul", "place:tok", "place:paris",
	"person:kono", `person:"taro k"`, "person:moon", "entity:widodo", "source:herald", "source:xinhua", "source:times",
	"is:saved", "is:starred", "is:unread", "is:read", `region:"east asia"`, "region:apac", "region:europe",
	"after:2019-11-10", "before:2019-11-20", "after:2019-11-25", "person:(kono OR moon)", "place:(seoul | -paris)",
}

// orQuery writes a random query of depth at most d: atoms, negated
// atoms, groups, negated groups, joined by adjacency, OR or |.
func orQuery(r *rand.Rand, d int) string {
	if d == 0 || r.IntN(3) == 0 {
		a := orAtoms[r.IntN(len(orAtoms))]
		if r.IntN(4) == 0 {
			a = "-" + a
		}
		return a
	}
	var parts []string
	for range 2 + r.IntN(2) {
		parts = append(parts, orQuery(r, d-1))
	}
	sep := []string{" ", " ", " OR ", " | "}[r.IntN(4)]
	s := strings.Join(parts, sep)
	switch r.IntN(4) {
	case 0:
		return "-(" + s + ")"
	case 1:
		return s // bare: precedence decides
	}
	return "(" + s + ")"
}

// The library answers a query with alternatives, groups and negations
// exactly as query.Match does: Search (pages and counts), CountMatches,
// Each and Listed, on a real library file.
func TestOrMatchesInMemoryFilter(t *testing.T) {
	c := newOrCorpus(t)
	qs := []string{
		"", "seoul OR tokyo", "seoul | tokyo", "(gsomia OR \"intelligence pact\") -seoul", "person:kono OR place:seoul",
		"-(gsomia OR pact)", "-(gsomia pact)", "gsomia pact OR typhoon", "(gsomia pact) OR typhoon", "gsomia (pact OR typhoon)",
		"-(-gsomia)", "((gsomia OR pact) (seoul OR tokyo)) OR (is:saved -talks)", "typ OR ele OR sum", "source:herald OR source:xinhua",
		"source:herald OR gsomia", "is:saved OR is:starred", "is:saved OR vaccine", "-(is:saved OR is:starred OR is:read)",
		"(after:2019-11-10 before:2019-11-20) OR summit", "-(after:2019-11-10 OR drought)", "region:apac OR region:europe",
		`-(region:"east asia") OR person:moon`, "place:paris OR -place:paris", "gsomia OR zzzz", "zzzz OR zzzy",
		"sort:relevance (gsomia OR typhoon)", "sort:relevance (gsomia OR is:saved)", "sort:relevance (source:times OR summit)",
		"(gsomia OR", "gsomia OR (", "gsomia) pact", "talks -(moon OR kono OR widodo)",
		"person:(kono OR moon)", "-place:(seoul OR tokyo) typhoon", "source:(herald OR xinhua) -is:(read OR saved)",
		// Past MaxBranches: the rest are left out, the same everywhere.
		"(gsomia OR pact) (typ OR ele) (sum OR vac) (dro OR tariff) (seoul OR tokyo) (talks OR kono)",
	}
	r := rand.New(rand.NewPCG(5, 6))
	n := 150
	if raceEnabled {
		n = 40
	}
	for range n {
		qs = append(qs, orQuery(r, 3))
	}
	matched, alternatives := 0, 0
	for _, limit := range []int{CountLimit, 10} {
		c.s.countLimit = limit
		for _, qs := range qs {
			q := query.Parse(qs, time.UTC)
			want := c.want(&q)
			if len(want) > 0 && len(want) < len(c.ids) {
				matched++
			}
			if len(q.Or) > 0 {
				alternatives++
			}
			c.check(t, qs, q, want, limit == CountLimit)
		}
	}
	// Most queries split the corpus, and most have alternatives: the
	// comparison says something.
	if matched < len(qs) || alternatives < len(qs) {
		t.Errorf("of %d queries (twice), %d split the corpus and %d have alternatives", len(qs), matched, alternatives)
	}
}

// check compares the library's answers to q with want: Search always,
// the rest when all is set.
func (c *orCorpus) check(t *testing.T, qs string, q query.Query, want []string, all bool) {
	t.Helper()
	hs, total, err := c.s.Search(bg, q, 100, 0)
	if err != nil {
		t.Errorf("Search(%q): %v", qs, err)
		return
	}
	got := ids(hs)
	switch lim := c.s.countLimit; {
	case len(want) <= lim && total != len(want):
		t.Errorf("Search(%q): total %d, want %d", qs, total, len(want))
	case len(want) > lim && (total <= lim || total > len(want)):
		t.Errorf("Search(%q): total %d, want above %d, at most %d", qs, total, lim, len(want))
	}
	if q.SortRelevance {
		got, want = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	}
	if !slices.Equal(got, want) {
		t.Errorf("Search(%q):\n got %v\nwant %v (query.Match)", qs, got, want)
		return
	}
	if q.SortRelevance || !all {
		return
	}
	if hs, _, err := c.s.Search(bg, q, 5, 3); err != nil || !slices.Equal(ids(hs), want[min(3, len(want)):min(8, len(want))]) {
		t.Errorf("Search(%q) offset 3: %v %v, want %v", qs, ids(hs), err, want[min(3, len(want)):min(8, len(want))])
	}
	if n, err := c.s.CountMatches(bg, q); err != nil || n != len(want) {
		t.Errorf("CountMatches(%q) = %d, %v; want %d", qs, n, err, len(want))
	}
	var each, listed []string
	err = c.s.Each(bg, q, func(it feeds.Item, _ *article.Article, _ []entity.Span) error {
		each = append(each, it.ID)
		return nil
	})
	if err != nil || !slices.Equal(each, want) {
		t.Errorf("Each(%q): %v %v, want %v", qs, each, err, want)
	}
	err = c.s.Listed(bg, c.urls, q, func(l Listing) error {
		listed = append(listed, l.ID)
		return nil
	})
	if err != nil || !slices.Equal(listed, want) {
		t.Errorf("Listed(%q): %v %v, want %v", qs, listed, err, want)
	}
}

// MarkReadMatching marks exactly the unread items a query with
// alternatives matches.
func TestOrMarkReadMatching(t *testing.T) {
	c := newOrCorpus(t)
	for _, qs := range []string{"gsomia OR source:xinhua", "(typhoon OR is:starred) -(seoul OR beijing)", "sort:relevance (pact OR summit)"} {
		q := query.Parse(qs, time.UTC)
		unread := 0
		for _, id := range c.want(&q) {
			if !c.docs[id].Read {
				unread++
			}
		}
		m, err := c.s.MarkReadMatching(bg, q)
		n := m.Count()
		if err != nil || n != unread || unread == 0 {
			t.Errorf("MarkReadMatching(%q) = %d, %v; want %d (not 0)", qs, n, err, unread)
		}
		before := map[string]bool{}
		for _, id := range c.ids {
			before[id] = c.docs[id].Read
			c.loadDoc(t, id)
		}
		for _, id := range c.ids {
			if wantRead := before[id] || q.Match(c.docs[id]); c.docs[id].Read != wantRead {
				t.Errorf("%q: %s read %v, want %v", qs, id, c.docs[id].Read, wantRead)
			}
		}
	}
}

func TestNeedsIndexWithAlternatives(t *testing.T) {
	for s, want := range map[string]bool{
		"is:saved OR china": true, "is:saved OR source:xinhua": false, "-(is:saved OR person:kono)": true,
		"(after:2019 OR before:2018) is:unread": false, "region:asia OR is:saved": true,
	} {
		if got := NeedsIndex(query.Parse(s, nil)); got != want {
			t.Errorf("NeedsIndex(%q) = %v", s, got)
		}
	}
}
