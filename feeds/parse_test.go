package feeds

import (
	"io/fs"

	"github.com/dateline-news/dateline/internal/fixtures"

	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// testBase stands in for the server URL when a test reads fixtures from
// disk instead of through feedstest.
const testBase = "http://127.0.0.1:9"

var testNow = time.Date(2019, 11, 23, 12, 0, 0, 0, time.UTC)

func readFixture(t testing.TB, rel, base string) []byte {
	t.Helper()
	b, err := fixtures.ReadFile(rel)
	if err != nil {
		t.Fatalf("fixture %s: %v", rel, err)
	}
	return []byte(strings.ReplaceAll(string(b), "{{BASE}}", base))
}

func parseFixture(t testing.TB, rel string) ([]Item, error) {
	t.Helper()
	u := testBase + "/" + rel
	return ParseFeed(readFixture(t, rel, testBase), "", u, Source{Name: "test", URL: u}, testNow)
}

type goldFeedItem struct {
	Title            string `json:"title"`
	TitleRaw         string `json:"title_raw"`
	Link             string `json:"link"`
	GUID             string `json:"guid"`
	Author           string `json:"author"`
	Published        string `json:"published"`
	PublishedFrom    string `json:"published_from"`
	Description      string `json:"description"`
	HasContent       bool   `json:"has_content"`
	EnclosureTextImg string `json:"enclosure_text_img"`
	Section          string `json:"section"`
}

func loadGoldFeed(t testing.TB, base string) []goldFeedItem {
	t.Helper()
	var g struct {
		Items []goldFeedItem `json:"items"`
	}
	if err := json.Unmarshal(readFixture(t, "expected-feeds/world_rss.json", base), &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Items) != 12 {
		t.Fatalf("gold feed has %d items, want 12", len(g.Items))
	}
	return g.Items
}

type goldList struct {
	Section string `json:"section"`
	Pages   []struct {
		URL   string  `json:"url"`
		Next  *string `json:"next"`
		Items []struct {
			Title     string `json:"title"`
			URL       string `json:"url"`
			Published string `json:"published"`
		} `json:"items"`
	} `json:"pages"`
}

func loadGoldList(t testing.TB, base string) goldList {
	t.Helper()
	var g goldList
	if err := json.Unmarshal(readFixture(t, "expected-lists/world_asia_pacific.json", base), &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// goldFrom maps the gold file's description of a date's origin to
// Item.PublishedFrom.
func goldFrom(s string) string {
	switch {
	case strings.HasPrefix(s, "pubDate"):
		return "pubDate"
	case strings.HasPrefix(s, "WS id"):
		return "wsid"
	}
	return s
}

// checkAgainstGold compares parsed World feed items with
// expected-feeds/world_rss.json field by field. The gold section comes from
// the article page, which the feed does not carry; list holds the items
// of the Asia-Pacific list when items were merged with it, which gives
// the section (and a thumbnail) of its items.
func checkAgainstGold(t *testing.T, items []Item, gold []goldFeedItem, list []Item) {
	t.Helper()
	byLink := map[string]Item{}
	for _, it := range items {
		byLink[it.Link] = it
	}
	inList := map[string]Item{}
	for _, it := range list {
		inList[it.Link] = it
	}
	for i, g := range gold {
		it, ok := byLink[g.Link]
		if !ok {
			t.Errorf("gold item %d %q: no parsed item with link %s", i, g.Title, g.Link)
			continue
		}
		check := func(field, got, want string) {
			t.Helper()
			if got != want {
				t.Errorf("item %d %q: %s = %q, want %q", i, g.Title, field, got, want)
			}
		}
		check("Title", it.Title, g.Title)
		check("Sanitize(title_raw)", Sanitize(g.TitleRaw), g.Title)
		check("GUID", it.GUID, g.GUID)
		check("Author", it.Author, g.Author)
		check("Published", it.Published.Format(time.RFC3339), g.Published)
		check("PublishedFrom", it.PublishedFrom, goldFrom(g.PublishedFrom))
		check("Summary", it.Summary, g.Description)
		if (it.ContentHTML != "") != g.HasContent {
			t.Errorf("item %d %q: has ContentHTML = %v, want %v", i, g.Title, it.ContentHTML != "", g.HasContent)
		}
		if g.HasContent && it.Content == it.Summary {
			t.Errorf("item %d %q: Content is the summary although the item has <content>", i, g.Title)
		}
		if g.EnclosureTextImg != "" {
			check("ImageURL", it.ImageURL, "https:"+g.EnclosureTextImg)
		} else if it.ImageURL != "" && !strings.Contains(it.ContentHTML, it.ImageURL) && it.ImageURL != inList[g.Link].ImageURL {
			t.Errorf("item %d %q: ImageURL %s is not the enclosure, nor in the content, nor the list thumbnail", i, g.Title, it.ImageURL)
		}
		_, listed := inList[g.Link]
		if listed != (list != nil && g.Section == "Asia Pacific") {
			t.Errorf("item %d %q: on the Asia-Pacific list = %v, gold section %q", i, g.Title, listed, g.Section)
		}
		switch {
		case listed:
			check("Section", it.Section, g.Section)
		default:
			// Only the article page knows other sections; the feed must not invent one.
			check("Section", it.Section, "")
		}
		if it.ID == "" || it.ID != ItemID(it.Link, "") {
			t.Errorf("item %d %q: ID %q is not ItemID(link)", i, g.Title, it.ID)
		}
	}
}

func TestParseWorldFeedMatchesGold(t *testing.T) {
	items, err := parseFixture(t, "rss/world_rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	gold := loadGoldFeed(t, testBase)
	if len(items) != len(gold) {
		t.Fatalf("parsed %d items, want %d", len(items), len(gold))
	}
	for i := range gold {
		if items[i].Link != gold[i].Link {
			t.Errorf("item %d: link %s, want %s (feed order)", i, items[i].Link, gold[i].Link)
		}
	}
	checkAgainstGold(t, items, gold, nil)
}

func TestWorldFeedQuirks(t *testing.T) {
	items, err := parseFixture(t, "rss/world_rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	// find fails the subtest that calls it, not the parent.
	find := func(t *testing.T, word string) Item {
		t.Helper()
		for _, it := range items {
			if strings.Contains(it.Title, word) {
				return it
			}
		}
		t.Fatalf("no item with %q in its title", word)
		return Item{}
	}
	t.Run("zoneless pubDate is Beijing time", func(t *testing.T) {
		seed := find(t, "Pressure kept on Seoul")
		want := time.Date(2019, 11, 19, 1, 27, 0, 0, time.UTC)
		if !seed.Published.Equal(want) {
			t.Errorf("Published = %v, want %v (09:27 Beijing)", seed.Published, want)
		}
		if _, off := seed.Published.Zone(); off != 8*3600 {
			t.Errorf("zone offset %d, want +8h", off)
		}
	})
	t.Run("RFC 822 date", func(t *testing.T) {
		it := find(t, "Canadian Prairie")
		if got := it.Published.Format(time.RFC3339); got != "2019-11-21T06:15:00+08:00" {
			t.Errorf("Published = %s", got)
		}
	})
	t.Run("no pubDate: WS id", func(t *testing.T) {
		it := find(t, "kiwifruit")
		if it.PublishedFrom != "wsid" || it.Published.Format(time.RFC3339) != "2019-11-12T08:50:09+08:00" {
			t.Errorf("Published = %s from %q", it.Published.Format(time.RFC3339), it.PublishedFrom)
		}
	})
	t.Run("AuthorName and content", func(t *testing.T) {
		seed := find(t, "Pressure kept on Seoul")
		if seed.Author != "Wang Xu" {
			t.Errorf("Author = %q", seed.Author)
		}
		paras := strings.Split(seed.Content, "\n\n")
		// The caption, then the 13 paragraphs of the seed article.
		if len(paras) != 14 || paras[0] != "[Photo/IC]" {
			t.Errorf("Content has %d paragraphs, first %q; want caption + 13", len(paras), paras[0])
		}
		if !strings.HasPrefix(paras[1], "Tokyo and Washington continued to exert pressure") ||
			!strings.HasSuffix(paras[13], "28,500 US troops stationed on the Korean Peninsula.") {
			t.Errorf("unexpected paragraphs: %q … %q", paras[1], paras[13])
		}
		if strings.Contains(seed.ContentHTML, "style=") || strings.Contains(seed.ContentHTML, "data-from") {
			t.Errorf("ContentHTML keeps presentational attributes: %.200s", seed.ContentHTML)
		}
		if !strings.Contains(seed.ContentHTML, `<img src="https://img2.chinadaily.com.cn/images/201911/19/5dd344f2a310cf3e97c6e29e.jpeg"`) {
			t.Errorf("ContentHTML lost the protocol-relative image, or kept it relative: %.300s", seed.ContentHTML)
		}
	})
	t.Run("bare & in CDATA title", func(t *testing.T) {
		find(t, "EU transport ministers back rail & port links upgrade")
	})
	t.Run("control characters in the Aqaba title", func(t *testing.T) {
		it := find(t, "Aqaba")
		if it.Title != "Aqaba port reports rise in container traffic" {
			t.Errorf("Title = %q", it.Title)
		}
	})
	t.Run("caption in a table stays its own paragraph", func(t *testing.T) {
		it := find(t, "calligraphy")
		if !strings.HasPrefix(it.Content, "Visitors look at works of calligraphy at the exhibition in Tokyo's Ueno Park on Nov 13, 2019. [Photo/Xinhua]\n\n") {
			t.Errorf("Content = %.200q", it.Content)
		}
	})
	t.Run("long URL paragraph keeps its text", func(t *testing.T) {
		it := find(t, "Philippine farmers")
		if !strings.Contains(it.Content, "utm_content=philippines-nueva-ecija-dry-season-outlook-drought-tolerant-rice-seed-distribution") {
			t.Errorf("the 403-character URL was cut: %q", it.Content[len(it.Content)-200:])
		}
	})
}

func TestBadFiles(t *testing.T) {
	entries, err := fs.ReadDir(fixtures.FS(), "bad")
	if err != nil {
		t.Fatal(err)
	}
	// Every file in bad/ must have a case here.
	cases := map[string]func(t *testing.T, items []Item, err error){
		"truncated.xml": func(t *testing.T, _ []Item, err error) {
			wantKind(t, err, KindInvalidFeed, "invalid or truncated feed")
			if !strings.Contains(errors.Unwrap(err).Error(), "unexpected EOF") {
				t.Errorf("underlying error %v", errors.Unwrap(err))
			}
		},
		"html_not_feed.html": func(t *testing.T, _ []Item, err error) {
			wantKind(t, err, KindNotAFeed, "not a feed")
		},
		"html_with_autodiscovery.html": func(t *testing.T, _ []Item, err error) {
			// ParseFeed cannot fetch; it names the feed. Fetch follows it (TestFetchAutodiscovery).
			wantKind(t, err, KindNotAFeed, "")
			if !strings.Contains(err.Error(), testBase+"/rss/world_rss.xml") {
				t.Errorf("error %q does not name the advertised feed", err)
			}
		},
		"empty.xml": func(t *testing.T, _ []Item, err error) {
			wantKind(t, err, KindEmpty, "empty response")
		},
		"gbk_feed.xml": func(t *testing.T, items []Item, err error) {
			checkChinese(t, items, err, "王喆")
		},
		"gb2312_feed.xml": func(t *testing.T, items []Item, err error) {
			checkChinese(t, items, err, "周明辉")
		},
		"big_feed.xml": func(t *testing.T, items []Item, err error) {
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 5000 {
				t.Fatalf("%d items, want 5000", len(items))
			}
			count := func(w string) int {
				n := 0
				for _, it := range items {
					if strings.Contains(it.Title, w) {
						n++
					}
				}
				return n
			}
			for w, want := range map[string]int{"GSOMIA": 25, "typhoon": 395, "Seoul": 210} {
				if got := count(w); got != want {
					t.Errorf("%d titles contain %q, want %d", got, w, want)
				}
			}
			ids := map[string]bool{}
			for _, it := range items {
				ids[it.ID] = true
				if it.PublishedFrom != "pubDate" {
					t.Fatalf("%s: date from %q", it.describe(), it.PublishedFrom)
				}
			}
			if len(ids) != 5000 {
				t.Errorf("%d distinct IDs, want 5000", len(ids))
			}
			first, last := items[0].Published.Format(time.RFC3339), items[4999].Published.Format(time.RFC3339)
			if first != "2019-11-22T17:44:41+08:00" || last != "2019-10-17T06:50:23+08:00" {
				t.Errorf("dates run %s … %s", first, last)
			}
		},
		"javascript_link.xml": checkHostileLinks,
		"bare_ampersand.xml": func(t *testing.T, items []Item, err error) {
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 2 {
				t.Fatalf("%d items, want 2", len(items))
			}
			if items[0].Title != "EU transport ministers back rail & port links upgrade" {
				t.Errorf("title 1 = %q", items[0].Title)
			}
			if !strings.HasPrefix(items[1].Title, "Trade & tourism: ") {
				t.Errorf("title 2 = %q", items[1].Title)
			}
			if items[1].Summary != "Escaped & after a bare & must still decode: AT&T <ok>" {
				t.Errorf("description 2 = %q", items[1].Summary)
			}
			// &nbsp; is U+00A0, which collapses to a space in text.
			if items[0].Summary != "Rail & port upgrades were backed in Brussels. Ministers met on Wednesday." {
				t.Errorf("description 1 = %q", items[0].Summary)
			}
		},
	}
	for _, e := range entries {
		name := e.Name()
		check, ok := cases[name]
		if !ok {
			t.Errorf("bad/%s has no test case", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			items, err := parseFixture(t, "bad/"+name)
			check(t, items, err)
		})
	}
}

// wantKind checks err is a *SourceError of kind whose reason is msg
// (when msg is not ""): the whole of Error(), or what follows the URL
// for the kinds whose Error() names it.
func wantKind(t *testing.T, err error, kind Kind, msg string) {
	t.Helper()
	var se *SourceError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T), want a *SourceError of kind %s", err, err, kind)
	}
	if se.Kind != kind {
		t.Errorf("kind %q (%v), want %q", se.Kind, err, kind)
	}
	want := msg
	if se.URL != "" && (kind == KindNetwork || kind == KindTimeout || kind == KindBlocked) {
		want = se.URL + ": " + msg
	}
	if msg != "" && err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

func checkChinese(t *testing.T, items []Item, err error, thirdAuthor string) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ title, author string }{
		{"日美防长会谈 敦促韩国维持军事情报保护协定", "王旭"},
		{"澳大利亚新南威尔士州山火持续 消防员备战高温周末", ""},
		{"东京书法展追溯唐代至令和时代的书道源流", thirdAuthor},
	}
	if len(items) != len(want) {
		t.Fatalf("%d items, want %d", len(items), len(want))
	}
	for i, w := range want {
		if items[i].Title != w.title || items[i].Author != w.author {
			t.Errorf("item %d: %q by %q, want %q by %q", i, items[i].Title, items[i].Author, w.title, w.author)
		}
	}
	if got := items[0].Published.Format(time.RFC3339); got != "2019-11-19T09:27:00+08:00" {
		t.Errorf("zoneless date in a zh feed: %s", got)
	}
}

func checkHostileLinks(t *testing.T, items []Item, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 6 {
		t.Fatalf("%d items, want 6", len(items))
	}
	if items[0].Link != testBase+"/a/201911/19/WS5dd344f2a310cf3e355784fb.html" {
		t.Errorf("item 1 link %q", items[0].Link)
	}
	for i := 1; i <= 4; i++ {
		if items[i].Link != "" {
			t.Errorf("item %d (%q): hostile link survived as %q", i+1, items[i].Title, items[i].Link)
		}
		if items[i].ID == "" {
			t.Errorf("item %d has no ID", i+1)
		}
	}
	if items[5].Link != testBase+"/a/201911/18/WS5dd28bb2a310cf3e35578243.html" {
		t.Errorf("item 6 link %q", items[5].Link)
	}
	h := strings.ToLower(items[5].ContentHTML)
	for _, bad := range []string{`="javascript:`, `="vbscript:`, "onerror", "onclick", "<script", "alert("} {
		if strings.Contains(h, bad) {
			t.Errorf("ContentHTML keeps %q: %s", bad, items[5].ContentHTML)
		}
	}
	if !strings.Contains(items[5].ContentHTML, "<p>First paragraph.</p>") || !strings.Contains(items[5].ContentHTML, "Last paragraph.") {
		t.Errorf("ContentHTML lost the safe text: %s", items[5].ContentHTML)
	}
	if items[5].Content != "First paragraph.\n\na javascript: link and a vbscript: link\n\nLast paragraph." {
		t.Errorf("Content = %q", items[5].Content)
	}
	for _, it := range items {
		for _, s := range []string{it.Link, it.ImageURL} {
			if s != "" && !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
				t.Errorf("%q: non-http URL %q", it.Title, s)
			}
		}
	}
}

func TestParseListPagesMatchGold(t *testing.T) {
	gold := loadGoldList(t, testBase)
	if len(gold.Pages) != 2 {
		t.Fatalf("gold has %d pages", len(gold.Pages))
	}
	files := []string{"world/asia_pacific/index.html", "world/asia_pacific/page_2.html"}
	for p, gp := range gold.Pages {
		body := readFixture(t, files[p], testBase)
		doc, err := parseDocument(body, "text/html; charset=utf-8", gp.URL, Source{Name: "AP", URL: gold.Pages[0].URL}, testNow, parseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if doc.kind != "list" {
			t.Fatalf("page %d read as %q, want list", p+1, doc.kind)
		}
		if doc.section != gold.Section {
			t.Errorf("page %d section %q, want %q", p+1, doc.section, gold.Section)
		}
		wantNext := ""
		if gp.Next != nil {
			wantNext = *gp.Next
		}
		if doc.next != wantNext {
			t.Errorf("page %d next %q, want %q", p+1, doc.next, wantNext)
		}
		if len(doc.items) != len(gp.Items) {
			t.Fatalf("page %d: %d items, want %d (div.tw2 must be ignored)", p+1, len(doc.items), len(gp.Items))
		}
		for i, g := range gp.Items {
			it := doc.items[i]
			if it.Title != g.Title || it.Link != g.URL || it.Published.Format(time.RFC3339) != g.Published {
				t.Errorf("page %d item %d: %s, want %q <%s> %s", p+1, i, it.describe(), g.Title, g.URL, g.Published)
			}
			if it.Section != gold.Section || it.PublishedFrom != "list" {
				t.Errorf("page %d item %d: section %q, date from %q", p+1, i, it.Section, it.PublishedFrom)
			}
		}
	}
}

func TestParseGenericFeeds(t *testing.T) {
	src := Source{Name: "Example", URL: "https://example.org/feed"}
	t.Run("Atom", func(t *testing.T) {
		atom := `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>
<entry><title type="html">Ports &amp;amp; rails</title><link href="/news/1?utm_source=x#top"/><id>urn:x:1</id>
<updated>2019-11-20T10:00:00Z</updated><author><name>A. Writer</name></author>
<content type="html">&lt;p&gt;One.&lt;/p&gt;&lt;p&gt;Two &lt;script&gt;bad()&lt;/script&gt;&lt;/p&gt;</content></entry></feed>`
		items, err := ParseFeed([]byte(atom), "application/atom+xml", src.URL, src, testNow)
		if err != nil || len(items) != 1 {
			t.Fatalf("%d items, %v", len(items), err)
		}
		it := items[0]
		if it.Title != "Ports & rails" || it.Link != "https://example.org/news/1?utm_source=x#top" || it.Author != "A. Writer" {
			t.Errorf("got %s by %q", it.describe(), it.Author)
		}
		if it.PublishedFrom != "updated" || !it.Published.Equal(time.Date(2019, 11, 20, 10, 0, 0, 0, time.UTC)) {
			t.Errorf("date %v from %q", it.Published, it.PublishedFrom)
		}
		if it.Content != "One.\n\nTwo" || it.Summary != "One." {
			t.Errorf("content %q summary %q", it.Content, it.Summary)
		}
		if it.ID != ItemID("https://example.org/news/1", "") {
			t.Errorf("ID ignores the canonical link")
		}
	})
	t.Run("JSON Feed", func(t *testing.T) {
		js := `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"7","url":"https://example.org/a","title":"Hello\u001b[2J world","content_text":"Line","date_published":"2019-11-20T10:00:00+09:00"}]}`
		items, err := ParseFeed([]byte(js), "application/feed+json", src.URL, src, testNow)
		if err != nil || len(items) != 1 {
			t.Fatalf("%d items, %v", len(items), err)
		}
		if items[0].Title != "Hello world" || items[0].Published.Format(time.RFC3339) != "2019-11-20T10:00:00+09:00" {
			t.Errorf("got %s", items[0].describe())
		}
	})
	t.Run("zoneless date without a zone hint stays UTC", func(t *testing.T) {
		rss := `<rss version="2.0"><channel><title>Plain</title><item><title>T</title><link>https://example.org/x</link><pubDate>2019-11-19 09:27:00</pubDate></item></channel></rss>`
		items, err := ParseFeed([]byte(rss), "", src.URL, src, testNow)
		if err != nil || len(items) != 1 {
			t.Fatalf("%d items, %v", len(items), err)
		}
		if got := items[0].Published.Format(time.RFC3339); got != "2019-11-19T09:27:00Z" {
			t.Errorf("Published %s", got)
		}
	})
	t.Run("raw escape bytes do not break the XML", func(t *testing.T) {
		rss := "<rss version=\"2.0\"><channel><title>China Daily</title><item><title>Red \x1b[31malert\x1b[0m \x07bell</title><link>https://example.org/y</link></item></channel></rss>"
		items, err := ParseFeed([]byte(rss), "", src.URL, src, testNow)
		if err != nil || len(items) != 1 {
			t.Fatalf("%d items, %v", len(items), err)
		}
		if items[0].Title != "Red alert bell" {
			t.Errorf("Title %q", items[0].Title)
		}
		if items[0].PublishedFrom != "fetched" || !items[0].Published.Equal(testNow) {
			t.Errorf("no date: %v from %q", items[0].Published, items[0].PublishedFrom)
		}
	})
	t.Run("not a feed", func(t *testing.T) {
		_, err := ParseFeed([]byte("just some text"), "text/plain", src.URL, src, testNow)
		wantKind(t, err, KindNotAFeed, "not a feed")
		_, err = ParseFeed([]byte("   \n"), "", src.URL, src, testNow)
		wantKind(t, err, KindEmpty, "empty response")
	})
}

func TestCharsetFromHeaderAndDeclaration(t *testing.T) {
	gbk := readFixture(t, "bad/gbk_feed.xml", testBase)
	src := Source{Name: "gbk", URL: testBase + "/bad/gbk_feed.xml"}
	for _, ct := range []string{"", "application/rss+xml", "text/xml;charset=utf-8", "application/rss+xml; charset=gbk"} {
		items, err := ParseFeed(gbk, ct, src.URL, src, testNow)
		checkChinese(t, items, err, "王喆")
	}
	// No declaration: the HTTP charset alone decides.
	noDecl := []byte(strings.Replace(string(gbk), `<?xml version="1.0" encoding="GBK"?>`, "", 1))
	if string(noDecl) == string(gbk) {
		t.Fatal("fixture has no GBK declaration to remove")
	}
	items, err := ParseFeed(noDecl, "text/xml; charset=GB18030", src.URL, src, testNow)
	checkChinese(t, items, err, "王喆")
}

func TestLoadZoneFallback(t *testing.T) {
	loc := loadZone("Nowhere/Not_A_Zone", "CST", 8*3600)
	if _, off := time.Date(2019, 11, 19, 9, 27, 0, 0, loc).Zone(); off != 8*3600 {
		t.Errorf("fallback offset %d", off)
	}
	if _, off := time.Date(2019, 11, 19, 9, 27, 0, 0, Shanghai()).Zone(); off != 8*3600 {
		t.Errorf("Shanghai offset %d", off)
	}
}

// describe is for test failure messages.
func (it Item) describe() string {
	return fmt.Sprintf("%q <%s> %s", it.Title, it.Link, it.Published.Format(time.RFC3339))
}
