package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store/internal/sqliteraw"
)

var (
	cdSource = feeds.Source{Name: "China Daily Asia-Pacific", URL: "https://www.chinadaily.com.cn/rss/world_rss.xml"}
	t0       = time.Date(2019, 11, 20, 9, 0, 0, 0, time.UTC)
	shanghai = time.FixedZone("CST", 8*3600)
)

func seedItems() []feeds.Item {
	return []feeds.Item{
		{ID: "https://cd.example/a/1.html", Link: "https://cd.example/a/1.html", Title: "Japan, ROK agree to keep GSOMIA",
			Summary:   "Defense Minister Taro Kono met Jeong Kyeong-doo in Bangkok. Kono said Tokyo wants the pact.",
			Published: t0.In(shanghai), PublishedFrom: "pubDate", Author: "Staff", Section: "Asia-Pacific",
			Categories: []string{"World", "Asia"}, ImageURL: "https://cd.example/i.jpg",
			ContentHTML: "<p>Full text.</p>", Content: "Full text about the Korean Peninsula and Seoul."},
		{ID: "https://cd.example/a/2.html", Link: "https://cd.example/a/2.html", Title: "Paris hosts climate talks",
			Summary: "Leaders met in Paris.", Content: "Leaders met in Paris.", Published: t0.Add(-time.Hour)},
		{ID: "https://cd.example/a/3.html", Link: "https://cd.example/a/3.html", Title: "Undated report",
			Summary: "No date in the feed."},
	}
}

func TestPutResultAndItem(t *testing.T) {
	clk := &fixedClock{t: t0.Add(2 * time.Hour)}
	s, _ := openTest(t, testOptions(clk))
	added, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: seedItems(), Status: 200, FetchedAt: clk.t,
		Validators: feeds.Conditional{ETag: `"v1"`, LastModified: "Wed, 20 Nov 2019 09:00:00 GMT"}, FeedURL: cdSource.URL})
	if err != nil || added != 3 {
		t.Fatalf("PutResult: %d, %v", added, err)
	}
	it, st, err := s.Item(bg, "https://cd.example/a/1.html")
	if err != nil {
		t.Fatal(err)
	}
	want := seedItems()[0]
	want.SourceName, want.SourceURL = cdSource.Name, cdSource.URL
	if !it.Published.Equal(want.Published) {
		t.Errorf("published %v, want %v", it.Published, want.Published)
	}
	if _, off := it.Published.Zone(); off != 8*3600 {
		t.Errorf("published lost its zone offset: %v", it.Published)
	}
	it.Published = want.Published
	if fmt.Sprintf("%+v", *it) != fmt.Sprintf("%+v", want) {
		t.Errorf("item round trip:\n got %+v\nwant %+v", *it, want)
	}
	if st.Read || st.Starred || st.Saved || st.HasArticle || !st.FetchedAt.Equal(clk.t) ||
		!slices.Equal(st.Regions, []string{"East Asia", "Southeast Asia"}) {
		t.Errorf("state %+v", st)
	}
	// Content equal to the summary round-trips too.
	if it2, _, _ := s.Item(bg, "https://cd.example/a/2.html"); it2.Content != "Leaders met in Paris." {
		t.Errorf("content %q", it2.Content)
	}
	// An undated item sorts by its fetch time and has no Published.
	if it3, _, _ := s.Item(bg, "https://cd.example/a/3.html"); !it3.Published.IsZero() {
		t.Errorf("undated item published %v", it3.Published)
	}
	hs, total, err := s.Search(bg, query.Query{}, 10, 0)
	if err != nil || total != 3 || !slices.Equal(ids(hs), []string{"https://cd.example/a/3.html", "https://cd.example/a/1.html", "https://cd.example/a/2.html"}) {
		t.Errorf("newest first: %v %d %v", ids(hs), total, err)
	}
	if hs[1].SourceName != cdSource.Name || hs[1].SourceURL != cdSource.URL || hs[1].Title != want.Title ||
		hs[1].Author != "Staff" || hs[1].Section != "Asia-Pacific" || !hs[1].Published.Equal(t0) {
		t.Errorf("headline %+v", hs[1])
	}
	if _, _, err := s.Item(bg, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown item: %v", err)
	}
	c, err := s.Conditional(bg, cdSource.URL)
	if err != nil || c.ETag != `"v1"` || c.LastModified != "Wed, 20 Nov 2019 09:00:00 GMT" {
		t.Errorf("Conditional: %+v %v", c, err)
	}
	if c, err := s.Conditional(bg, "https://unknown.example/"); err != nil || c != (feeds.Conditional{}) {
		t.Errorf("Conditional of an unknown source: %+v %v", c, err)
	}
	// Entities from the title and summary, with the later "Kono" linked.
	spans, err := s.Entities(bg, "https://cd.example/a/1.html")
	if err != nil {
		t.Fatal(err)
	}
	text := FeedText(&want)
	var names []string
	for _, sp := range spans {
		if text[sp.Start:sp.End] != sp.Text {
			t.Errorf("span %+v does not match the feed text", sp)
		}
		names = append(names, string(sp.Label)+":"+sp.Canonical)
	}
	for _, n := range []string{"PERSON:Taro Kono", "PERSON:Jeong Kyeong-doo", "PLACE:Bangkok", "PLACE:Tokyo"} {
		if !slices.Contains(names, n) {
			t.Errorf("entities %v lack %s", names, n)
		}
	}
	if _, total, err := s.Search(bg, query.Parse(`source:"china daily"`, nil), 10, 0); err != nil || total != 3 {
		t.Errorf("source: %d %v", total, err)
	}
	waitIndexed(t, s)
	for _, q := range []string{`person:"Taro Kono"`, "person:kono", "place:bangkok", "region:asia-pacific",
		"gsomia", "gsom", "korean peninsula", `"korean pen"`, "seoul"} {
		if hs, _, err := s.Search(bg, query.Parse(q, nil), 10, 0); err != nil || len(hs) != 1 || hs[0].ID != want.ID {
			t.Errorf("Search(%q) = %v, %v", q, ids(hs), err)
		}
	}
}

// rawOf is s's bulk-write connection, opened if it was not yet.
func rawOf(s *Store) *sqliteraw.Conn {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.rawConn()
}

// changes counts the rows the write connections have changed so far.
func changes(t *testing.T, s *Store) int {
	var n, r int64
	if err := s.w.QueryRow(`SELECT total_changes()`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if s.raw != nil {
		if err := (rawTx{s.raw}).queryRow(bg, `SELECT total_changes()`, nil, &r); err != nil {
			t.Fatal(err)
		}
	}
	return int(n + r)
}

func TestRefreshWritesNextToNothing(t *testing.T) {
	clk := &fixedClock{t: t0}
	s, _ := openTest(t, testOptions(clk))
	r := feeds.Result{Source: cdSource, Items: seedItems(), Status: 200, FetchedAt: t0,
		Validators: feeds.Conditional{ETag: `"v1"`}}
	if _, err := s.PutResult(bg, r); err != nil {
		t.Fatal(err)
	}
	before := changes(t, s)
	r.FetchedAt = t0.Add(time.Hour)
	if added, err := s.PutResult(bg, r); err != nil || added != 0 {
		t.Fatalf("refresh: %d %v", added, err)
	}
	if d := changes(t, s) - before; d != 1 {
		t.Errorf("a refresh with nothing new changed %d rows, want 1 (the source's fetch time)", d)
	}
	// 304 Not Modified without validators keeps the old ones.
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, NotModified: true, Status: 304, FetchedAt: t0.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Conditional(bg, cdSource.URL); c.ETag != `"v1"` {
		t.Errorf("304 lost the ETag: %+v", c)
	}
	// A failed fetch records the error and keeps the items and validators.
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Err: errors.New("timeout"), Status: 0, FetchedAt: t0.Add(3 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	srcs, err := s.Sources(bg)
	if err != nil || len(srcs) != 1 {
		t.Fatalf("Sources: %v %v", srcs, err)
	}
	st := srcs[0]
	if st.LastError != "timeout" || !st.LastFetch.Equal(t0.Add(3*time.Hour)) || !st.LastOK.Equal(t0.Add(2*time.Hour)) ||
		st.Validators.ETag != `"v1"` || st.Items != 3 || st.Unread != 3 || st.Name != cdSource.Name || st.LastStatus != 0 {
		t.Errorf("source state %+v", st)
	}
	// Items whose only date is the fetch time do not change every refresh.
	fetchedOnly := []feeds.Item{{ID: "f1", Title: "No pubDate", Published: t0, PublishedFrom: "fetched"}}
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: fetchedOnly, Status: 200, FetchedAt: t0}); err != nil {
		t.Fatal(err)
	}
	before = changes(t, s)
	fetchedOnly[0].Published = t0.Add(time.Hour)
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: fetchedOnly, Status: 200, FetchedAt: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if d := changes(t, s) - before; d != 1 {
		t.Errorf("refreshing an item dated by its fetch changed %d rows", d)
	}
}

func TestUpdatedItemKeepsState(t *testing.T) {
	clk := &fixedClock{t: t0}
	s, _ := openTest(t, testOptions(clk))
	items := seedItems()
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: items, Status: 200, FetchedAt: t0}); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, s) // the update re-indexes the item itself (TestUpdatesBeforeIndexing: the indexer does)
	id := items[0].ID
	if err := s.MarkRead(bg, id, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(bg, id, true); err != nil {
		t.Fatal(err)
	}
	items[0].Title = "Japan, ROK keep intelligence pact"
	items[0].Summary = "Mark Esper visited Seoul."
	items[0].Published = t0.Add(-48 * time.Hour) // moves down the list
	if added, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: items, Status: 200, FetchedAt: t0.Add(time.Hour)}); err != nil || added != 0 {
		t.Fatalf("update: %d %v", added, err)
	}
	it, st, err := s.Item(bg, id)
	if err != nil || it.Title != "Japan, ROK keep intelligence pact" || !st.Read || !st.Starred || !it.Published.Equal(t0.Add(-48*time.Hour)) {
		t.Fatalf("updated item %+v %+v %v", it, st, err)
	}
	for q, want := range map[string]int{"gsomia": 0, "intelligence": 1, `person:"mark esper"`: 1, "person:kono": 0,
		"before:2019-11-19": 1, "is:read intelligence": 1} {
		if _, total, err := s.Search(bg, query.Parse(q, time.UTC), 10, 0); err != nil || total != want {
			t.Errorf("after the update, Search(%q) = %d, %v; want %d", q, total, err, want)
		}
	}
	hs, _, _ := s.Search(bg, query.Query{}, 10, 0)
	if ids(hs)[len(hs)-1] != id {
		t.Errorf("the item dated two days earlier is not last: %v", ids(hs))
	}
	checkIntegrity(t, s)
}

func TestSourceRenameReindexes(t *testing.T) {
	clk := &fixedClock{t: t0}
	s, _ := openTest(t, testOptions(clk))
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: seedItems(), Status: 200}); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, s) // indexed under the old name, then renamed
	renamed := feeds.Source{Name: "Xinhua Wire", URL: cdSource.URL}
	if _, err := s.PutResult(bg, feeds.Result{Source: renamed, Status: 200}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"xinhua": 3, "xinh": 3, "source:xinhua": 3, `source:"china daily"`: 0,
		"source:chinadaily.com": 3} {
		if _, total, err := s.Search(bg, query.Parse(q, nil), 10, 0); err != nil || total != want {
			t.Errorf("after the rename, Search(%q) = %d, %v; want %d", q, total, err, want)
		}
	}
}

func TestDuplicatesAndMissingIDs(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0}))
	items := []feeds.Item{
		{ID: "a", Title: "First copy"}, {ID: "a", Title: "Second copy"},
		{Link: "https://x.example/no-id", Title: "Has a link"},
		{GUID: "g-1", Title: "Has a GUID"},
		{Title: "Has nothing", Summary: "but text"},
	}
	if n, err := s.PutItems(bg, cdSource, items); err != nil || n != 4 {
		t.Fatalf("PutItems: %d %v", n, err)
	}
	if it, _, err := s.Item(bg, "a"); err != nil || it.Title != "First copy" {
		t.Errorf("duplicate id: %+v %v", it, err)
	}
	if _, _, err := s.Item(bg, "https://x.example/no-id"); err != nil {
		t.Errorf("id from link: %v", err)
	}
	if _, _, err := s.Item(bg, cdSource.URL+"#g-1"); err != nil {
		t.Errorf("id from guid: %v", err)
	}
	// The same item from a second source is stored once.
	other := feeds.Source{Name: "Other", URL: "https://other.example/rss"}
	if n, _ := s.PutItems(bg, other, items[:1]); n != 0 {
		t.Errorf("an item already stored from another source was added again")
	}
	// Many items in the same second get distinct keys.
	var same []feeds.Item
	for i := range 50 {
		same = append(same, feeds.Item{ID: fmt.Sprint("same-", i), Title: "Same second", Published: t0})
	}
	if n, err := s.PutItems(bg, cdSource, same); err != nil || n != 50 {
		t.Errorf("50 items in one second: %d %v", n, err)
	}
	checkIntegrity(t, s)
}

func TestStateAndPrune(t *testing.T) {
	clk := &fixedClock{t: t0}
	s, _ := openTest(t, testOptions(clk))
	var items []feeds.Item
	for i := range 10 {
		items = append(items, feeds.Item{ID: fmt.Sprint(i), Title: fmt.Sprintf("Story %d about Tokyo", i),
			Published: t0.Add(-time.Duration(i) * 24 * time.Hour)})
	}
	// The older half was fetched five days ago, the newer half now.
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: items[5:], Status: 200, FetchedAt: t0.Add(-5*24*time.Hour - time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: items[:5], Status: 200, FetchedAt: t0}); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, s)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	clk.t = t0.Add(time.Minute)
	must(s.MarkRead(bg, "1", true))
	clk.t = t0.Add(time.Hour)
	must(s.MarkRead(bg, "1", true)) // keeps the first read time
	_, st, _ := s.Item(bg, "1")
	if !st.Read || !st.ReadAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("read state %+v", st)
	}
	must(s.MarkRead(bg, "1", false))
	must(s.MarkAllRead(bg, []string{"2", "3", "gone"}))
	must(s.SetStarred(bg, "8", true))
	must(s.SetSaved(bg, "9", true))
	must(s.SetSaved(bg, "7", true))
	must(s.SetSaved(bg, "7", false))
	for _, f := range []func() error{
		func() error { return s.MarkRead(bg, "gone", true) },
		func() error { return s.SetStarred(bg, "gone", true) },
		func() error { return s.SetSaved(bg, "gone", true) },
	} {
		if err := f(); !errors.Is(err, ErrNotFound) {
			t.Errorf("state of an unknown item: %v", err)
		}
	}
	for q, want := range map[string][]string{
		"is:read":        {"2", "3"},
		"is:unread":      {"0", "1", "4", "5", "6", "7", "8", "9"},
		"is:starred":     {"8"},
		"is:saved":       {"9"},
		"-is:unread":     {"2", "3"},
		"tokyo is:saved": {"9"},
	} {
		hs, _, err := s.Search(bg, query.Parse(q, nil), 20, 0)
		if err != nil || !slices.Equal(ids(hs), want) {
			t.Errorf("Search(%q) = %v, %v; want %v", q, ids(hs), err, want)
		}
	}
	hs, _, _ := s.Search(bg, query.Parse("story 8", nil), 1, 0)
	if len(hs) != 1 || !hs[0].Starred || hs[0].Saved || hs[0].Read {
		t.Errorf("headline flags %+v", hs)
	}
	m, err := s.MarkReadMatching(bg, query.Parse("-is:starred story", nil))
	if err != nil || m.Count() != 7 {
		t.Errorf("MarkReadMatching: %d %v", m.Count(), err)
	}
	// Undo marks unread what it marked, and only that: 2 and 3 were read
	// before; 4 was marked unread and read again since.
	must(s.MarkRead(bg, "4", false))
	clk.t = clk.t.Add(time.Minute)
	must(s.MarkRead(bg, "4", true))
	if n, err := s.Undo(bg, m); err != nil || n != 6 {
		t.Errorf("Undo: %d %v, want 6", n, err)
	}
	hs, _, _ = s.Search(bg, query.Parse("is:read", nil), 20, 0)
	if !slices.Equal(ids(hs), []string{"2", "3", "4"}) {
		t.Errorf("read after the undo: %v, want 2 3 4", ids(hs))
	}
	if n, err := s.Undo(bg, m); err != nil || n != 0 {
		t.Errorf("a second Undo: %d %v", n, err)
	}
	m, _ = s.MarkReadMatching(bg, query.Parse("-is:starred story", nil))
	if m.Count() != 6 {
		t.Errorf("marked again: %d", m.Count())
	}
	must(s.PutArticle(bg, "6", &article.Article{Blocks: []article.Block{{Text: "Old article."}}}, nil))

	// Prune what is older than 5 days: 5..9 are, but 8 is starred and 9
	// saved.
	n, err := s.Prune(bg, t0.Add(-5*24*time.Hour+time.Second))
	if err != nil || n != 3 {
		t.Fatalf("Prune: %d %v", n, err)
	}
	hs, total, _ := s.Search(bg, query.Query{}, 20, 0)
	if total != 7 || !slices.Equal(ids(hs), []string{"0", "1", "2", "3", "4", "8", "9"}) {
		t.Errorf("after prune: %v", ids(hs))
	}
	if _, total, _ := s.Search(bg, query.Parse("story", nil), 20, 0); total != 7 {
		t.Errorf("search after prune finds %d", total)
	}
	var articles int
	if err := s.r.QueryRow(`SELECT count(*) FROM articles`).Scan(&articles); err != nil {
		t.Fatal(err)
	}
	if articles != 0 {
		t.Errorf("the pruned item's article is still there")
	}
	// Items fetched recently are kept even if published long ago.
	if _, err := s.PutItems(bg, cdSource, []feeds.Item{{ID: "old-but-new", Title: "Archive", Published: t0.Add(-400 * 24 * time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Prune(bg, t0.Add(-5*24*time.Hour)); n != 0 {
		t.Errorf("pruned an item fetched just now")
	}
	checkIntegrity(t, s)
}

func TestArticles(t *testing.T) {
	clk := &fixedClock{t: t0}
	s, _ := openTest(t, testOptions(clk))
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: seedItems(), Status: 200}); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, s) // the article re-indexes the item itself
	id := seedItems()[0].ID
	if _, _, err := s.Article(bg, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("no article yet: %v", err)
	}
	a := &article.Article{
		URL: id, Title: "Japan, ROK agree to keep GSOMIA", Byline: "By Staff", Place: "TOKYO", Section: "World",
		Pages: 2, PageURLs: []string{id, strings.Replace(id, ".html", "_2.html", 1)}, Published: t0,
		Blocks: []article.Block{
			{Kind: article.Paragraph, Text: "Mark Esper met ASEAN ministers in Bangkok.",
				Links: []article.InlineLink{{Start: 0, End: 10, URL: "https://x.example/esper"}}},
			{Kind: article.Heading, Level: 2, Text: "Second page"},
			{Kind: article.Image, Src: "https://x.example/i.jpg", Text: "Okinawa harbour"},
			{Kind: article.Paragraph, Text: "The Korean Peninsula stays tense, Esper said."},
		},
		Links: []article.Link{{Text: "Mark Esper", URL: "https://x.example/esper"}}, Extractor: "chinadaily",
	}
	clk.t = t0.Add(time.Hour)
	if err := s.PutArticle(bg, id, a, nil); err != nil {
		t.Fatal(err)
	}
	got, spans, err := s.Article(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", *a) {
		t.Errorf("article round trip:\n got %+v\nwant %+v", *got, *a)
	}
	if len(spans) != 4 {
		t.Fatalf("%d span lists for 4 blocks", len(spans))
	}
	for i, b := range a.Blocks {
		for _, sp := range spans[i] {
			if b.Text[sp.Start:sp.End] != sp.Text {
				t.Errorf("block %d span %+v", i, sp)
			}
		}
	}
	// The blocks are read as one document: block 3's "Esper" is the
	// "Mark Esper" of block 0, as every reader of the article finds him.
	if len(spans[3]) != 2 || spans[3][0].Canonical != "Korean Peninsula" || spans[3][1].Canonical != "Mark Esper" {
		t.Errorf("block 3 spans %+v", spans[3])
	}
	_, st, _ := s.Item(bg, id)
	if !st.HasArticle || !slices.Equal(st.Regions, []string{"Southeast Asia", "East Asia"}) {
		t.Errorf("state after PutArticle %+v", st)
	}
	// The article's entities replace the feed's; its text is searchable.
	for q, want := range map[string]int{`person:"mark esper"`: 1, "person:kono": 0, "org:asean": 1, "place:okinawa": 1,
		"korean peninsula": 1, "harbour": 1, "gsomia": 1} {
		if _, total, err := s.Search(bg, query.Parse(q, nil), 10, 0); err != nil || total != want {
			t.Errorf("Search(%q) = %d, %v; want %d", q, total, err, want)
		}
	}
	ents, _ := s.Entities(bg, id)
	if len(ents) == 0 || ents[0].Canonical != "Mark Esper" {
		t.Errorf("Entities after PutArticle: %+v", ents)
	}
	hs, _, _ := s.Search(bg, query.Parse("esper", nil), 1, 0)
	if len(hs) != 1 || !hs[0].HasArticle {
		t.Errorf("headline does not show the article: %+v", hs)
	}
	// Given spans are kept as they are; bad ones are rejected or dropped.
	given := [][]entity.Span{{{Start: 0, End: 10, Label: entity.Person, Text: "Mark Esper", Canonical: "Mark Esper"},
		{Start: 5, End: 999, Label: entity.Place, Text: "out of range"}}, nil, nil, nil}
	if err := s.PutArticle(bg, id, a, given); err != nil {
		t.Fatal(err)
	}
	_, spans, _ = s.Article(bg, id)
	if len(spans[0]) != 1 || len(spans[3]) != 0 {
		t.Errorf("given spans: %+v", spans)
	}
	if err := s.PutArticle(bg, id, a, given[:2]); err == nil {
		t.Error("span lists that do not match the blocks were accepted")
	}
	if err := s.PutArticle(bg, "missing", a, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("article of an unknown item: %v", err)
	}
	// An item update keeps the article and its entities.
	items := seedItems()
	items[0].Title = "Changed title"
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: items, Status: 200}); err != nil {
		t.Fatal(err)
	}
	if _, total, _ := s.Search(bg, query.Parse(`person:"mark esper" changed`, nil), 10, 0); total != 1 {
		t.Errorf("the article's entities did not survive an item update")
	}
	checkIntegrity(t, s)
}

func TestExtractorPanicsAndBadSpans(t *testing.T) {
	o := Options{
		Now: func() time.Time { return t0 },
		Entities: func(text string) []entity.Span {
			if strings.Contains(text, "boom") {
				panic("extractor bug")
			}
			return []entity.Span{{Start: -1, End: 3}, {Start: 0, End: len(text) + 5}, {Start: 0, End: 4, Label: entity.Person, Text: "Safe", Canonical: "Safe"}}
		},
		Regions: func([]entity.Span) []string { panic("regions bug") },
	}
	s, _ := openTest(t, o)
	n, err := s.PutItems(bg, cdSource, []feeds.Item{{ID: "1", Title: "boom"}, {ID: "2", Title: "Safe text"}})
	if err != nil || n != 2 {
		t.Fatalf("PutItems with a panicking extractor: %d %v", n, err)
	}
	if spans, _ := s.Entities(bg, "2"); len(spans) != 1 {
		t.Errorf("out-of-range spans were kept: %+v", spans)
	}
}

func TestPaging(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0}))
	var items []feeds.Item
	for i := range 30 {
		items = append(items, feeds.Item{ID: fmt.Sprintf("%02d", i), Title: "Paged story", Published: t0.Add(-time.Duration(i) * time.Minute)})
	}
	if _, err := s.PutItems(bg, cdSource, items); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, s)
	var all []string
	for off := 0; off < 40; off += 7 {
		hs, total, err := s.Search(bg, query.Parse("paged", nil), 7, off)
		if err != nil || total != 30 {
			t.Fatalf("page at %d: %d %v", off, total, err)
		}
		all = append(all, ids(hs)...)
	}
	var want []string
	for i := range 30 {
		want = append(want, fmt.Sprintf("%02d", i))
	}
	if !slices.Equal(all, want) {
		t.Errorf("pages: %v", all)
	}
	// Page gives the same rows without the count: its total only says
	// whether rows follow, for the plain, checked and empty plans alike.
	for _, q := range []string{"", "paged", "paged -nothing", `"paged story"`, "nothing"} {
		for off := 0; off < 40; off += 7 {
			hs, total, err := s.Search(bg, query.Parse(q, nil), 7, off)
			ph, more, perr := s.Page(bg, query.Parse(q, nil), 7, off)
			if err != nil || perr != nil || !slices.Equal(ids(hs), ids(ph)) {
				t.Fatalf("Page(%q, 7, %d) = %v, %v; Search gave %v, %v", q, off, ids(ph), perr, ids(hs), err)
			}
			if (more > off+len(ph)) != (total > off+len(hs)) || more > off+7+1 {
				t.Errorf("Page(%q, 7, %d): total %d (Search's %d) does not tell whether more rows follow", q, off, more, total)
			}
		}
	}
}

func TestCloseTwice(t *testing.T) {
	for _, ro := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "library.db")
		if ro {
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}
		s, err := Open(path, Options{ReadOnly: ro})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutItems(bg, cdSource, seedItems()); err != nil && !ro {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("read-only %v: first Close: %v", ro, err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("read-only %v: second Close: %v", ro, err)
		}
		// The library was closed cleanly: it opens again with its items.
		s, err = Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Item(bg, "https://cd.example/a/1.html"); (err != nil) != ro {
			t.Errorf("read-only %v: item after reopening: %v", ro, err)
		}
		s.Close()
	}
}

// A section page's bare copy of an article, from a second source, fills
// what the stored row lacks and never replaces the full text and author
// the article's own feed stored; the row's own feed still corrects it.
// deskSource lists, as a section page does, a bare copy of an article
// cdSource's feed carries in full.
var deskSource = feeds.Source{Name: "Asia-Pacific desk", URL: "https://cd.example/world/asia_pacific"}

// twoCopies returns the feed's full item and the desk's bare copy of it,
// each as its source's fetch result at clk's time.
func twoCopies(clk *fixedClock) (full feeds.Item, feed, list feeds.Result) {
	full = seedItems()[0] // from the feed: author, summary, full text, pubDate
	full.Section = ""
	bare := feeds.Item{ID: full.ID, Link: full.Link, Title: "Japan, ROK agree to keep GSOMIA",
		Summary: "Defense Minister Taro Kono met Jeong.", Section: "Asia-Pacific", Categories: []string{"Desk"},
		Published: t0.Add(30 * time.Minute), PublishedFrom: "list"}
	feed = feeds.Result{Source: cdSource, Items: []feeds.Item{full}, Status: 200, FetchedAt: clk.t}
	list = feeds.Result{Source: deskSource, Items: []feeds.Item{bare}, Status: 200, FetchedAt: clk.t}
	return full, feed, list
}

func TestSecondSourceCopyMerges(t *testing.T) {
	clk := &fixedClock{t: t0.Add(2 * time.Hour)}
	s, _ := openTest(t, testOptions(clk))
	full, feed, list := twoCopies(clk)
	if _, err := s.PutResult(bg, feed); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, s) // the updates below re-index the item themselves
	check := func(when string) {
		t.Helper()
		waitIndexed(t, s)
		it, _, err := s.Item(bg, full.ID)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		if it.Author != full.Author || it.Summary != full.Summary || it.Content != full.Content ||
			it.ContentHTML != full.ContentHTML || !it.Published.Equal(full.Published) || it.PublishedFrom != "pubDate" ||
			it.Title != full.Title || it.ImageURL != full.ImageURL {
			t.Errorf("%s: the feed's fields were replaced: %+v", when, *it)
		}
		if it.Section != "Asia-Pacific" || !slices.Equal(it.Categories, []string{"World", "Asia", "Desk"}) {
			t.Errorf("%s: the desk's section and category were not merged in: %q %q", when, it.Section, it.Categories)
		}
		if it.SourceURL != cdSource.URL {
			t.Errorf("%s: the item moved to source %q", when, it.SourceURL)
		}
		for _, q := range []string{"peninsula", `person:"taro kono"`} {
			if _, n, err := s.Search(bg, query.Parse(q, time.UTC), 10, 0); err != nil || n != 1 {
				t.Errorf("%s: Search(%q) = %d, %v; want 1", when, q, n, err)
			}
		}
	}
	if added, err := s.PutResult(bg, list); err != nil || added != 0 {
		t.Fatalf("the desk's copy: %d, %v", added, err)
	}
	check("after the desk's copy")
	// Each source refreshing its unchanged copy again writes nothing but
	// its fetch time: the merge is stable.
	for _, r := range []feeds.Result{feed, list, feed, list} {
		before := changes(t, s)
		if _, err := s.PutResult(bg, r); err != nil {
			t.Fatal(err)
		}
		if d := changes(t, s) - before; d != 1 {
			t.Errorf("refreshing %s unchanged changed %d rows, want 1", r.Source.Name, d)
		}
		check("after refreshing " + r.Source.Name)
	}
	// The feed's own correction still replaces its text, and keeps what
	// the desk added.
	full.Summary = "Kono met Jeong."
	full.Content = "Corrected text."
	feed.Items = []feeds.Item{full}
	if _, err := s.PutResult(bg, feed); err != nil {
		t.Fatal(err)
	}
	it, _, err := s.Item(bg, full.ID)
	if err != nil || it.Summary != "Kono met Jeong." || it.Content != "Corrected text." || it.Section != "Asia-Pacific" {
		t.Errorf("the feed's correction: %+v, %v", it, err)
	}
	if _, n, _ := s.Search(bg, query.Parse("peninsula", time.UTC), 10, 0); n != 0 {
		t.Errorf("the corrected text is still indexed as the old one: %d matches", n)
	}
	checkIntegrity(t, s)
}

func TestLastList(t *testing.T) {
	clk := &fixedClock{t: t0.Add(2 * time.Hour)}
	s, _ := openTest(t, testOptions(clk))
	titles := func(items []feeds.Item) (out []string) {
		for _, it := range items {
			out = append(out, it.Title+" @"+it.SourceName)
		}
		return out
	}
	if _, ok, err := s.LastList(bg, cdSource.URL); ok || err != nil {
		t.Fatalf("a source never fetched has a list: %v %v", ok, err)
	}
	items := seedItems()
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: items, Status: 200, FetchedAt: clk.t}); err != nil {
		t.Fatal(err)
	}
	// A second source lists one article of the first and one of its own,
	// the shared one twice.
	desk := feeds.Source{Name: "Desk", URL: "https://cd.example/desk"}
	own := feeds.Item{ID: "https://cd.example/a/9.html", Link: "https://cd.example/a/9.html", Title: "Desk only", Published: t0}
	deskItems := []feeds.Item{own, items[1], items[1]}
	if _, err := s.PutResult(bg, feeds.Result{Source: desk, Items: deskItems, Status: 200, FetchedAt: clk.t}); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.LastList(bg, cdSource.URL)
	want := []string{"Japan, ROK agree to keep GSOMIA @" + cdSource.Name, "Paris hosts climate talks @" + cdSource.Name, "Undated report @" + cdSource.Name}
	if !ok || err != nil || !slices.Equal(titles(got), want) {
		t.Errorf("LastList(feed) = %q %v %v, want %q", titles(got), ok, err, want)
	}
	got, _, _ = s.LastList(bg, desk.URL)
	want = []string{"Desk only @Desk", "Paris hosts climate talks @" + cdSource.Name}
	if !slices.Equal(titles(got), want) {
		t.Errorf("LastList(desk) = %q, want %q (feed order, the shared article once, under its row's source)", titles(got), want)
	}
	// A 304 and an error keep the list; an unchanged list is not rewritten.
	before := changes(t, s)
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, NotModified: true, Status: 304, FetchedAt: clk.t}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Err: errors.New("boom"), FetchedAt: clk.t}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: items, Status: 200, FetchedAt: clk.t}); err != nil {
		t.Fatal(err)
	}
	if n := changes(t, s) - before; n != 3 {
		t.Errorf("three refreshes with the same list changed %d rows, want 3 (the source row each time)", n)
	}
	if got, _, _ := s.LastList(bg, cdSource.URL); len(got) != 3 {
		t.Errorf("after a 304 and an error the list has %d items, want 3", len(got))
	}
	// A new list replaces the old one; a pruned item drops out.
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: items[1:2], Status: 200, FetchedAt: clk.t}); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.LastList(bg, cdSource.URL); !slices.Equal(titles(got), []string{"Paris hosts climate talks @" + cdSource.Name}) {
		t.Errorf("after a shorter list: %q", titles(got))
	}
	if n, err := s.Prune(bg, t0.Add(3*time.Hour)); err != nil || n == 0 { // published and first fetched before
		t.Fatal(n, err)
	}
	if got, ok, _ := s.LastList(bg, cdSource.URL); !ok || len(got) != 0 {
		t.Errorf("after pruning its only item: %q %v", titles(got), ok)
	}
}

// The spans' JSON is written by hand when an item is stored; it must be
// what json.Marshal writes, which decodeSpans (and older versions) read.
func TestAppendSpansJSON(t *testing.T) {
	texts := []string{"Taro Kono", "", `quote " and \ back`, "<b>&amp;</b>", "em — dash “quoted”",
		"line\u2028sep\u2029", "tab\tnew\nline", "bad \xff utf8", "首尔 Seoul", "\x00"}
	for block := range 3 {
		var spans []entity.Span
		for i, txt := range texts {
			for _, canon := range []string{"", txt, "Canonical " + txt} {
				spans = append(spans, entity.Span{Start: i, End: i + len(txt), Label: entity.Person, Text: txt, Canonical: canon})
			}
		}
		for n := 1; n <= len(spans); n += 7 { // (never called with none)
			want, err := json.Marshal(encodeSpans(block, spans[:n], nil))
			if err != nil {
				t.Fatal(err)
			}
			if got := appendSpansJSON(nil, block, spans[:n]); string(got) != string(want) {
				t.Fatalf("block %d, %d spans:\n got %s\nwant %s", block, n, got, want)
			}
		}
	}
}

// A date reads back from the library in the zone the feed gave it, name
// included (the reader shows "09:27 CST", as for a live item).
func TestPublishedZoneKept(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0.Add(time.Hour)}))
	items := seedItems()[:2] // Beijing time ("CST"), and UTC
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: items, Status: 200}); err != nil {
		t.Fatal(err)
	}
	hs, _, err := s.Search(bg, query.Query{}, 10, 0)
	if err != nil || len(hs) != 2 {
		t.Fatal(len(hs), err)
	}
	for _, want := range items {
		it, _, err := s.Item(bg, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		var h Headline
		for _, x := range hs {
			if x.ID == want.ID {
				h = x
			}
		}
		// A saved article's time comes back from JSON with its offset
		// only; it takes the item's zone name.
		a := &article.Article{Title: want.Title, Published: want.Published.In(time.FixedZone("", offsetOf(want.Published))),
			Blocks: []article.Block{{Text: "Body."}}}
		if err := s.PutArticle(bg, want.ID, a, nil); err != nil {
			t.Fatal(err)
		}
		got, _, err := s.Article(bg, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		wn, wo := want.Published.Zone()
		for what, got := range map[string]time.Time{"Item": it.Published, "Search": h.Published, "Article": got.Published} {
			if n, o := got.Zone(); n != wn || o != wo || !got.Equal(want.Published) {
				t.Errorf("%s: %s in %q %d, want %s in %q %d", what, got, n, o, want.Published, wn, wo)
			}
		}
	}
}

// Close while another goroutine is storing (the TUI quitting during a
// refresh): the write in progress finishes or fails cleanly, and writes
// after Close fail with an error rather than touching a closed connection.
func TestCloseDuringWrites(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0}))
	done := make(chan error, 1)
	started := make(chan struct{})
	go func() {
		var err error
		for k := 0; err == nil; k++ {
			if k == 1 {
				close(started)
			}
			_, err = s.PutItems(bg, feeds.Source{URL: "https://x.example/rss", Name: "X"}, batch("q", k, 200))
		}
		done <- err
	}()
	<-started
	if err := s.Close(); err != nil {
		t.Fatalf("Close during writes: %v", err)
	}
	if err := <-done; err == nil {
		t.Fatal("writes after Close: no error")
	}
	if _, err := s.PutResult(bg, feeds.Result{Source: cdSource, Items: seedItems()}); err == nil {
		t.Error("PutResult after Close: no error")
	}
}

// An article two sources carry belongs to the one that comes first in the
// user's list (Options.SourceRank), whichever fetch stored it first, as
// the live merge lists it; the richer fields of both copies are kept,
// and later refreshes of either source write nothing.
func TestSourceRankOwnsSharedItem(t *testing.T) {
	clk := &fixedClock{t: t0.Add(2 * time.Hour)}
	desk := deskSource
	o := testOptions(clk)
	o.SourceRank = func(url string) (int, bool) {
		r, ok := map[string]int{desk.URL: 0, cdSource.URL: 1}[url]
		return r, ok
	}
	s, _ := openTest(t, o)
	full, feed, list := twoCopies(clk)
	// The feed is stored first (it is fetched faster), then the desk.
	for _, r := range []feeds.Result{feed, list} {
		if _, err := s.PutResult(bg, r); err != nil {
			t.Fatal(err)
		}
		waitIndexed(t, s) // the desk's copy re-indexes the item itself
	}
	check := func(when string) {
		t.Helper()
		waitIndexed(t, s)
		it, _, err := s.Item(bg, full.ID)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		if it.SourceURL != desk.URL || it.SourceName != desk.Name {
			t.Errorf("%s: the item is %q's, want the desk's (first in the list)", when, it.SourceName)
		}
		if it.Title != full.Title || it.Summary != full.Summary || it.Author != full.Author || it.Section != "Asia-Pacific" {
			t.Errorf("%s: fields not merged richer-first: %q / %q / %q / %q", when, it.Title, it.Summary, it.Author, it.Section)
		}
		for q, want := range map[string]int{"source:desk": 1, `source:"china daily"`: 0, "peninsula": 1, `person:"taro kono"`: 1} {
			if _, n, err := s.Search(bg, query.Parse(q, time.UTC), 10, 0); err != nil || n != want {
				t.Errorf("%s: Search(%q) = %d, %v; want %d", when, q, n, err, want)
			}
		}
	}
	check("after the desk's copy")
	for _, r := range []feeds.Result{feed, list, feed} {
		before := changes(t, s)
		if _, err := s.PutResult(bg, r); err != nil {
			t.Fatal(err)
		}
		if d := changes(t, s) - before; d != 1 {
			t.Errorf("refreshing %s unchanged changed %d rows, want 1", r.Source.Name, d)
		}
		check("after refreshing " + r.Source.Name)
	}
	// In the other order (the desk first) the item is the desk's from the
	// start; without SourceRank it stays the first storer's.
	for _, ranked := range []bool{true, false} {
		o := testOptions(clk)
		if ranked {
			o.SourceRank = func(url string) (int, bool) { return map[string]int{desk.URL: 0, cdSource.URL: 1}[url], true }
		}
		s2, _ := openTest(t, o)
		for _, r := range []feeds.Result{list, feed} {
			if _, err := s2.PutResult(bg, r); err != nil {
				t.Fatal(err)
			}
		}
		if it, _, err := s2.Item(bg, full.ID); err != nil || it.SourceURL != desk.URL {
			t.Errorf("ranked %v, desk first: the item is %v's (%v)", ranked, it, err)
		}
	}
	checkIntegrity(t, s)
}

// Without the raw connection (it failed to open), bulk writes go through
// database/sql's writer and store the same: items, entities, index, and
// an unchanged refresh still writes next to nothing.
func TestBulkWritesWithoutRawConnection(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0}))
	s.wmu.Lock()
	if err := s.rawConn().Close(); err != nil {
		t.Fatal(err)
	}
	s.raw = nil
	s.wmu.Unlock()
	r := feeds.Result{Source: cdSource, Items: seedItems(), Status: 200, FetchedAt: t0}
	added, err := s.PutResult(bg, r)
	if err != nil || added != len(seedItems()) {
		t.Fatalf("PutResult: %d, %v", added, err)
	}
	waitIndexed(t, s)
	for _, q := range []string{"gsomia", `person:"taro kono"`, "region:asia-pacific"} {
		if _, n, err := s.Search(bg, query.Parse(q, nil), 10, 0); err != nil || n == 0 {
			t.Errorf("Search(%q) = %d, %v", q, n, err)
		}
	}
	before := changes(t, s)
	if _, err := s.PutResult(bg, r); err != nil {
		t.Fatal(err)
	}
	if d := changes(t, s) - before; d != 1 {
		t.Errorf("an unchanged refresh changed %d rows, want 1", d)
	}
	checkIntegrity(t, s)
}
