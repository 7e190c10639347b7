package store

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
)

// watchItems are items about several stories, from two sources.
func watchItems(prefix string, at time.Time) []feeds.Item {
	texts := []struct{ title, summary string }{
		{"Seoul weighs GSOMIA before deadline", "Defense Minister Taro Kono met officials in Tokyo."},
		{"Typhoon nears Seoul", "Heavy rain in Seoul as the typhoon arrives."},
		{"Intelligence pact talks continue", "Mark Esper said the intelligence pact matters for Japan."},
		{"Markets close higher in Sydney", "Shares rose in Australia."},
		{"GSOMIA expiry looms", "Taro Kono urges Seoul to keep the pact."},
		{"Kono visits Bangkok", "Taro Kono met ASEAN ministers in Bangkok."},
	}
	out := make([]feeds.Item, len(texts))
	for i, t := range texts {
		out[i] = feeds.Item{ID: fmt.Sprintf("%s-%d", prefix, i), Title: t.title, Summary: t.summary,
			Link: fmt.Sprintf("https://news.example/%s/%d.html", prefix, i), Published: at.Add(time.Duration(i) * time.Hour)}
	}
	return out
}

var watchQueries = []string{
	"gsomia", "GSOMIA OR \"intelligence pact\"", `person:"taro kono"`, "place:seoul -typhoon", "seoul -typhoon",
	"is:unread gsomia", "source:kyodo", "source:kyodo OR typhoon", "region:east-asia", "after:2019-11-21 kono",
	"(gsomia OR pact) -esper", "-gsomia", "gsom", "nothing-matches-this",
}

// NewMatches counts what the index would find among the items stored
// after a watch's mark, before the indexer has reached them: checked
// against Search over the same items once they are indexed.
func TestNewMatchesAgreesWithSearch(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0}))
	kyodo := feeds.Source{Name: "Kyodo", URL: "https://kyodo.example/rss"}
	other := feeds.Source{Name: "Other Desk", URL: "https://other.example/rss"}
	day := time.Date(2019, 11, 20, 0, 0, 0, 0, time.UTC)
	if _, err := s.PutResult(bg, feeds.Result{Source: kyodo, Items: watchItems("old", day), Status: 200}); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, s)
	names := make([]string, len(watchQueries))
	qs := make([]query.Query, len(watchQueries))
	for i, w := range watchQueries {
		names[i], qs[i] = w, query.Parse(w, time.UTC)
	}
	marks, err := s.WatchMarks(bg, names)
	if err != nil {
		t.Fatal(err)
	}
	release := holdIndexer(s)
	newItems := append(watchItems("k", day.Add(24*time.Hour)), watchItems("o", day.Add(48*time.Hour))...)
	if _, err := s.PutResult(bg, feeds.Result{Source: kyodo, Items: newItems[:6], Status: 200}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutResult(bg, feeds.Result{Source: other, Items: newItems[6:], Status: 200}); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkRead(bg, "k-0", true); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Pending(bg); n == 0 {
		t.Fatal("the new items were indexed already; the test wants them pending")
	}
	got, _, err := s.NewMatches(bg, qs, marks)
	if err != nil {
		t.Fatal(err)
	}
	release()
	waitIndexed(t, s)
	isNew := map[string]bool{}
	for _, it := range newItems {
		isNew[it.ID] = true
	}
	total := 0
	for i, w := range watchQueries {
		hs, _, err := s.Search(bg, qs[i], 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, h := range hs {
			if isNew[h.ID] {
				want++
			}
		}
		total += want
		if got[i] != want {
			t.Errorf("NewMatches(%q) = %d, Search finds %d among the new items", w, got[i], want)
		}
	}
	t.Logf("new matches per query: %v", got)
	if total == 0 {
		t.Fatal("no query matched a new item: the test checks nothing")
	}
}

// A watch's mark moves when it is opened and is kept in the library
// file; a watch the library did not know starts with nothing new.
func TestWatchMarksSurviveReopen(t *testing.T) {
	clk := &fixedClock{t: t0}
	s, path := openTest(t, testOptions(clk))
	src := feeds.Source{Name: "Kyodo", URL: "https://kyodo.example/rss"}
	day := time.Date(2019, 11, 20, 0, 0, 0, 0, time.UTC)
	if _, err := s.PutResult(bg, feeds.Result{Source: src, Items: watchItems("a", day), Status: 200}); err != nil {
		t.Fatal(err)
	}
	q := []query.Query{query.Parse("gsomia", nil)}
	count := func(s *Store) int {
		t.Helper()
		marks, err := s.WatchMarks(bg, []string{"GSOMIA"})
		if err != nil {
			t.Fatal(err)
		}
		n, _, err := s.NewMatches(bg, q, marks)
		if err != nil {
			t.Fatal(err)
		}
		return n[0]
	}
	if n := count(s); n != 0 {
		t.Errorf("a new watch has %d new matches, want 0", n)
	}
	if _, err := s.PutResult(bg, feeds.Result{Source: src, Items: watchItems("b", day.Add(24*time.Hour)), Status: 200}); err != nil {
		t.Fatal(err)
	}
	if n := count(s); n != 2 {
		t.Errorf("after a refresh with two GSOMIA items: %d new, want 2", n)
	}
	s.Close()
	s2, err := Open(path, testOptions(clk))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n := count(s2); n != 2 {
		t.Errorf("reopened: %d new, want 2", n)
	}
	if err := s2.MarkWatchSeen(bg, "GSOMIA"); err != nil {
		t.Fatal(err)
	}
	if n := count(s2); n != 0 {
		t.Errorf("after opening the watch: %d new, want 0", n)
	}
	if err := s2.ForgetWatch(bg, "GSOMIA"); err != nil {
		t.Fatal(err)
	}
}

// Story sums up the matches: matches per day of publication and the
// names found in most of them.
func TestStory(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0}))
	src := feeds.Source{Name: "Kyodo", URL: "https://kyodo.example/rss"}
	day := time.Date(2019, 11, 20, 0, 0, 0, 0, time.UTC)
	items := append(watchItems("a", day.Add(2*time.Hour)), watchItems("b", day.Add(26*time.Hour))...)
	if _, err := s.PutResult(bg, feeds.Result{Source: src, Items: items, Status: 200}); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, s)
	q := query.Parse(`kono OR gsomia`, nil)
	st, err := s.Story(bg, q, 100, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	// The reference: the matches Search finds, their days and the names
	// Entities finds in each.
	hs, _, err := s.Search(bg, q, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	days := map[time.Time]int{}
	people := map[string]int{}
	for _, h := range hs {
		days[h.Published.UTC().Truncate(24*time.Hour)]++
		spans, err := s.Entities(bg, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, sp := range spans {
			name := cmp.Or(sp.Canonical, sp.Text)
			if sp.Label == entity.Person && !seen[name] {
				seen[name] = true
				people[name]++
			}
		}
	}
	if st.Matches != len(hs) || len(hs) == 0 {
		t.Errorf("Story.Matches %d, Search finds %d", st.Matches, len(hs))
	}
	if len(st.Days) != len(days) {
		t.Errorf("Story.Days %v, want %v", st.Days, days)
	}
	for _, d := range st.Days {
		if days[d.Day] != d.Count {
			t.Errorf("day %s: %d matches, want %d", d.Day, d.Count, days[d.Day])
		}
	}
	if !slices.IsSortedFunc(st.Days, func(a, b DayCount) int { return a.Day.Compare(b.Day) }) {
		t.Errorf("days not oldest first: %v", st.Days)
	}
	if len(st.People) == 0 || st.People[0].Name != "Taro Kono" || st.People[0].Count != people["Taro Kono"] {
		t.Errorf("Story.People %v, want Taro Kono first with %d (%v)", st.People, people["Taro Kono"], people)
	}
	for _, p := range st.People {
		if people[p.Name] != p.Count {
			t.Errorf("person %q: %d, want %d", p.Name, p.Count, people[p.Name])
		}
	}
}
