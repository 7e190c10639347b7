package store

import (
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
)

func matchIDs(t *testing.T, s *Store, q string) []string {
	t.Helper()
	hs, total, err := s.Search(bg, query.Parse(q, time.UTC), 100, 0)
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	if total != len(hs) {
		t.Errorf("Search(%q): total %d for %d rows", q, total, len(hs))
	}
	got := ids(hs)
	sort.Strings(got)
	return got
}

// source: matches a source by the words of its name or its host, or by
// its URL; the path of a section page is not a word of its name.
func TestSourceFieldMatchesNameWordsOrURL(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0}))
	srcs := []feeds.Source{
		{Name: "China Daily · Asia-Pacific", URL: "https://www.chinadaily.com.cn/world/asia_pacific"},
		{Name: "China Daily · World", URL: "https://www.chinadaily.com.cn/rss/world_rss.xml"},
		{Name: "Kyodo", URL: "https://english.kyodonews.net/rss/news.xml"},
	}
	for i, src := range srcs {
		it := feeds.Item{ID: src.Name, Title: "Headline " + src.Name, Link: src.URL + "/a.html", Published: t0.Add(time.Duration(i) * time.Hour)}
		if _, err := s.PutResult(bg, feeds.Result{Source: src, Items: []feeds.Item{it}, Status: 200}); err != nil {
			t.Fatal(err)
		}
	}
	ap, world, kyodo := srcs[0].Name, srcs[1].Name, srcs[2].Name
	for q, want := range map[string][]string{
		"source:world":                             {world},
		"source:World":                             {world},
		"source:asia":                              {ap},
		`source:"china daily"`:                     {ap, world},
		"source:chinadaily":                        {ap, world},
		"source:chinadaily.com":                    {ap, world},
		"source:www.chinadaily.com.cn/world":       {ap},
		"source:https://www.chinadaily.com.cn/rss": {world},
		"source:kyodonews.net":                     {kyodo},
		"source:english.kyodonews.net":             {kyodo},
		"-source:world":                            {ap, kyodo},
		"source:reuters":                           nil,
	} {
		sort.Strings(want)
		if got := matchIDs(t, s, q); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", q, got, want)
		}
	}
}

// The Asia-Pacific view is stored with each item when it is written, by
// entity.InAsiaPacific: the section, else the main region of the feed
// text, then of the article once it is stored.
func TestAsiaPacificViewStoredAtWriteTime(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0}))
	src := feeds.Source{Name: "Wire", URL: "https://wire.example/rss"}
	items := []feeds.Item{
		{ID: "filed", Title: "Lanterns light up a stream", Section: "asia_pacific", Published: t0},
		{ID: "tokyo", Title: "Talks in Tokyo and Seoul", Summary: "Officials met in Tokyo.", Published: t0.Add(-time.Hour)},
		{ID: "kenya", Title: "Tea prices in Nairobi", Summary: "Growers in Nairobi sold to a buyer from Dhaka. Nairobi traders", Published: t0.Add(-2 * time.Hour)},
		{ID: "plain", Title: "a story without places", Published: t0.Add(-3 * time.Hour)},
	}
	if _, err := s.PutResult(bg, feeds.Result{Source: src, Items: items, Status: 200}); err != nil {
		t.Fatal(err)
	}
	if got := matchIDs(t, s, "is:asia-pacific"); !slices.Equal(got, []string{"filed", "tokyo"}) {
		t.Errorf("is:asia-pacific = %q", got)
	}
	if got := matchIDs(t, s, "-is:asia-pacific"); !slices.Equal(got, []string{"kenya", "plain"}) {
		t.Errorf("-is:asia-pacific = %q", got)
	}
	// The article of the Kenyan story is about Dhaka: its main region
	// moves the item into the view; the Tokyo story's article is about
	// Paris and leaves it.
	put := func(id, text string) {
		t.Helper()
		a := &article.Article{URL: "https://wire.example/" + id, Title: id, Pages: 1,
			Blocks: []article.Block{{Kind: article.Paragraph, Text: text}}}
		if err := s.PutArticle(bg, id, a, nil); err != nil {
			t.Fatal(err)
		}
	}
	put("kenya", "Buyers in Dhaka and New Delhi and Dhaka again.")
	put("tokyo", "The delegates then flew to Paris, where Paris hosted them.")
	if got := matchIDs(t, s, "is:asia-pacific"); !slices.Equal(got, []string{"filed", "kenya"}) {
		t.Errorf("after the articles, is:asia-pacific = %q", got)
	}
	// A refresh that changes the summary of a stored item recomputes it.
	items[3].Summary = "Now it is about Sydney."
	if _, err := s.PutResult(bg, feeds.Result{Source: src, Items: items[3:], Status: 200}); err != nil {
		t.Fatal(err)
	}
	if got := matchIDs(t, s, "is:asia-pacific"); !slices.Equal(got, []string{"filed", "kenya", "plain"}) {
		t.Errorf("after a changed summary, is:asia-pacific = %q", got)
	}
}

// Listed lists what the sources carry now (their last lists), each item
// once, newest first, filtered, a page at a time.
func TestListedStreamsTheCurrentLists(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0}))
	a := feeds.Source{Name: "A", URL: "https://a.example/rss"}
	b := feeds.Source{Name: "B", URL: "https://b.example/rss"}
	mk := func(prefix string, k int) []feeds.Item {
		out := make([]feeds.Item, k)
		for i := range out {
			out[i] = feeds.Item{ID: fmt.Sprintf("%s%04d", prefix, i), Title: fmt.Sprintf("%s story %d", map[string]string{"a": "alpha", "b": "beta"}[prefix], i),
				Published: t0.Add(-time.Duration(i) * time.Minute)}
		}
		return out
	}
	first := mk("a", 1200)
	if _, err := s.PutResult(bg, feeds.Result{Source: a, Items: first, Status: 200}); err != nil {
		t.Fatal(err)
	}
	// A's next fetch no longer carries its oldest 200 items; B carries
	// ten of A's items and five of its own.
	if _, err := s.PutResult(bg, feeds.Result{Source: a, Items: first[:1000], Status: 200}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutResult(bg, feeds.Result{Source: b, Items: append(mk("b", 5), first[:10]...), Status: 200}); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, s) // for the words of the last Listed
	var got []string
	var last time.Time
	err := s.Listed(bg, []string{a.URL, b.URL}, query.Query{}, func(l Listing) error {
		if !last.IsZero() && l.Published.After(last) {
			t.Fatalf("%s is newer than the row before it", l.ID)
		}
		last = l.Published
		got = append(got, l.ID)
		return nil
	})
	if err != nil || len(got) != 1005 {
		t.Fatalf("Listed: %d rows, %v; want 1005", len(got), err)
	}
	seen := map[string]bool{}
	for _, id := range got {
		if seen[id] {
			t.Fatalf("%s listed twice", id)
		}
		seen[id] = true
	}
	if seen["a1100"] {
		t.Error("an item A no longer carries is listed")
	}
	got = got[:0]
	err = s.Listed(bg, []string{b.URL}, query.Parse("story -beta", nil), func(l Listing) error {
		got = append(got, l.ID)
		if l.Summary != "" {
			t.Errorf("%s: summary %q", l.ID, l.Summary)
		}
		return nil
	})
	if err != nil || len(got) != 10 || got[0] != "a0000" {
		t.Errorf("Listed(B, story -beta) = %v, %v", got, err)
	}
}

// An in-memory library is the same library: it stores, searches and
// keeps articles, and two of them share nothing.
func TestOpenMemory(t *testing.T) {
	o := testOptions(&fixedClock{t: t0})
	a, err := OpenMemory(o)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := OpenMemory(o)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if !a.Memory() {
		t.Error("Memory() is false")
	}
	if _, err := a.PutResult(bg, feeds.Result{Source: cdSource, Items: seedItems(), Status: 200}); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, a) // an in-memory library has its indexer too
	if got := matchIDs(t, a, "gsomia"); len(got) != 1 {
		t.Errorf("gsomia in memory: %q", got)
	}
	if got := matchIDs(t, b, "gsomia"); len(got) != 0 {
		t.Errorf("a second in-memory library holds %q", got)
	}
	id := seedItems()[0].ID
	art := &article.Article{URL: "https://x.example/a", Title: "t", Pages: 1,
		Blocks: []article.Block{{Kind: article.Paragraph, Text: "Taro Kono spoke in Tokyo about intelligence."}}}
	if err := a.PutArticle(bg, id, art, nil); err != nil {
		t.Fatal(err)
	}
	if _, spans, err := a.Article(bg, id); err != nil || len(spans) != 1 || len(spans[0]) == 0 {
		t.Errorf("article in memory: %v %v", spans, err)
	}
	checkIntegrity(t, a)
}
