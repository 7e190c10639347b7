package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
)

// Any year a feed can write, 1 to 9999, is stored and read back exactly,
// never wrapped around (2263 once came back as 1816); the list stays in
// order, with a far-future date sorted by when it was fetched.
func TestDatesOfAnyYear(t *testing.T) {
	clk := &fixedClock{t: time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)}
	s, _ := openTest(t, testOptions(clk))
	tokyo := time.FixedZone("JST", 9*3600)
	dates := map[string]time.Time{
		"y9999":  time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		"y2263":  time.Date(2263, 1, 1, 0, 0, 0, 0, tokyo),
		"y2262":  time.Date(2262, 4, 11, 0, 0, 0, 0, time.UTC), // the last day that fits
		"y2019":  time.Date(2019, 11, 19, 9, 27, 0, 0, time.FixedZone("CST", 8*3600)),
		"y1678":  time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC),
		"y1600":  time.Date(1600, 6, 1, 12, 0, 0, 0, tokyo),
		"y0001":  time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC),
		"y0001b": time.Date(1, 3, 1, 0, 0, 0, 0, time.UTC),
	}
	var items []feeds.Item
	for id, d := range dates {
		items = append(items, feeds.Item{ID: id, Title: "Dated " + id, Published: d})
	}
	if _, err := s.PutItems(bg, feeds.Source{URL: "https://dates.example/rss", Name: "Dates"}, items); err != nil {
		t.Fatal(err)
	}
	hs, _, err := s.Search(bg, query.Query{}, 20, 0)
	if err != nil || len(hs) != len(dates) {
		t.Fatalf("%d headlines, %v", len(hs), err)
	}
	var order []string
	for _, h := range hs {
		order = append(order, h.ID)
		want := dates[h.ID]
		if !h.Published.Equal(want) || h.Published.Format(time.RFC3339Nano) != want.Format(time.RFC3339Nano) {
			t.Errorf("%s: read back %s, stored %s", h.ID, h.Published.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano))
		}
	}
	// Future dates sort by when they were fetched (now), the rest by date;
	// the two from year 1 keep their order at the end.
	for i := 1; i < len(hs); i++ {
		a, b := sortTime(hs[i-1].Published, clk.t), sortTime(hs[i].Published, clk.t)
		if a.Before(b) {
			t.Errorf("out of order: %v", order)
			break
		}
	}
	if order[len(order)-1] != "y0001" || order[len(order)-2] != "y0001b" {
		t.Errorf("year 1 is not last: %v", order)
	}
	// An update with the same far date is no change.
	n, err := s.PutItems(bg, feeds.Source{URL: "https://dates.example/rss", Name: "Dates"}, items)
	if err != nil || n != 0 {
		t.Errorf("storing the same dates again: %d changed, %v", n, err)
	}
	// before: and after: bound the dates the library holds.
	for q, want := range map[string]int{"before:1700-01-01": 4, "after:2262-01-01": 0} {
		hs, _, err := s.Search(bg, query.Parse(q, time.UTC), 20, 0)
		if err != nil || len(hs) != want {
			t.Errorf("%s: %d (%v), want %d: %v", q, len(hs), err, want, fmt.Sprint(hs))
		}
	}
}
