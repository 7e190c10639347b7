package feeds

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// hostileSource is the source the tests of hostile feeds parse for.
var hostileSource = Source{Name: "hostile", URL: "https://news.example/feed.xml"}

func parseHostile(t testing.TB, body string) ([]Item, error) {
	t.Helper()
	return ParseFeed([]byte(body), "application/rss+xml", hostileSource.URL, hostileSource, testNow)
}

func rssOf(items ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>https://news.example/</link>` +
		strings.Join(items, "") + `</channel></rss>`
}

// A stray escape sequence in a title must not eat the markup after it:
// "ESC [" reads "</t" as a CSI's parameters and final byte, and an OSC
// runs to the next BEL three items later. Removing whole sequences
// before parsing merged three items into one with the wrong link; only
// the illegal bytes go before parsing, the sequences after.
func TestStrayEscapeDoesNotEatMarkup(t *testing.T) {
	body := rssOf(
		"<item><title>Seoul talks\x1b[</title><link>https://news.example/1</link></item>",
		"<item><title>Tokyo\x1b]0;</title><link>https://news.example/2</link></item>",
		"<item><title>Beijing\x07 summit \x1b[1;31mred\x1b[0m</title><link>https://news.example/3</link></item>",
		"<item><title>Clip\x1b]52;c;cm0gLXJmIH4K\x07board</title><link>https://news.example/4</link></item>",
	)
	for _, gofeedOnly := range []bool{false, true} {
		doc, err := parseDocument([]byte(body), "application/rss+xml", hostileSource.URL, hostileSource, testNow, parseOptions{gofeedOnly: gofeedOnly})
		if err != nil {
			t.Fatalf("gofeedOnly=%v: %v", gofeedOnly, err)
		}
		want := []struct{ title, link string }{
			{"Seoul talks", "https://news.example/1"},
			// An OSC that never ends loses only its introducer.
			{"Tokyo0;", "https://news.example/2"},
			{"Beijing summit red", "https://news.example/3"},
			// OSC 52 (a clipboard write) ended by BEL goes whole.
			{"Clipboard", "https://news.example/4"},
		}
		if len(doc.items) != len(want) {
			t.Fatalf("gofeedOnly=%v: %d items, want %d: %+v", gofeedOnly, len(doc.items), len(want), doc.items)
		}
		for i, w := range want {
			if it := doc.items[i]; it.Title != w.title || it.Link != w.link {
				t.Errorf("gofeedOnly=%v: item %d = %q %s, want %q %s", gofeedOnly, i, it.Title, it.Link, w.title, w.link)
			}
		}
	}
}

func TestStripXMLIllegal(t *testing.T) {
	cases := []struct{ in, want string }{
		{"a\x1b[2Jb", "a\u009b2Jb"},
		{"a\x1b]52;c;eA==\x07b", "a\u009d52;c;eA==\u009cb"},
		{"a\x1b\\b", "a\u009cb"},
		{"a\x1bcb\x1b(B", "acb(B"},
		{"x\x00\x01\x08y\tz\r\n", "xy\tz\r\n"},
		{"bell\x07", "bell\u009c"},
		{"tail\x1b", "tail"},
		{"a\uFFFEb\uFFFFc", "abc"},
		{"clean <a>text</a>", "clean <a>text</a>"},
	}
	for _, c := range cases {
		if got := string(StripXMLIllegal([]byte(c.in))); got != c.want {
			t.Errorf("StripXMLIllegal(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// A 7 MB title and a large author, category and summary come out capped
// (the cut marked with "…"), on both parse paths and from JSON Feed; the
// content keeps the whole description.
func TestFieldCaps(t *testing.T) {
	huge := strings.Repeat("Seoul talks go on ", 7<<20/18)
	large := huge[:256<<10]
	body := rssOf(`<item xmlns:dc="http://purl.org/dc/elements/1.1/"><title>` + huge + `</title><dc:creator>` + large + `</dc:creator>` +
		`<category>` + large + `</category><description>` + large + `</description><link>https://news.example/1</link></item>`)
	json := `{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","url":"https://news.example/1","title":"` + huge +
		`","authors":[{"name":"` + large + `"}],"tags":["` + large + `"],"summary":"` + large + `"}]}`
	for name, body := range map[string]string{"rss": body, "json": json} {
		for _, gofeedOnly := range []bool{false, true} {
			start := time.Now()
			doc, err := parseDocument([]byte(body), "", hostileSource.URL, hostileSource, testNow, parseOptions{gofeedOnly: gofeedOnly})
			if err != nil || len(doc.items) != 1 {
				t.Fatalf("%s gofeedOnly=%v: %v", name, gofeedOnly, err)
			}
			it := doc.items[0]
			for _, f := range []struct {
				field, v string
				max      int
			}{{"title", it.Title, MaxTitleRunes}, {"author", it.Author, MaxAuthorRunes}, {"summary", it.Summary, MaxSummaryRunes}, {"category", strings.Join(it.Categories, ""), MaxCategoryRunes}} {
				n := utf8.RuneCountInString(f.v)
				if n > f.max || n < f.max*3/4 || !strings.HasSuffix(f.v, "…") || !strings.HasPrefix(f.v, "Seoul talks go on") {
					t.Errorf("%s gofeedOnly=%v: %s has %d runes (cap %d), ends %q", name, gofeedOnly, f.field, n, f.max, f.v[max(0, len(f.v)-20):])
				}
			}
			if name == "rss" && len(it.Content) < len(large)-100 {
				t.Errorf("content cut to %d bytes", len(it.Content))
			}
			t.Logf("%s gofeedOnly=%v: parsed in %v", name, gofeedOnly, time.Since(start))
		}
	}
	// Short fields are left alone.
	items, err := parseHostile(t, rssOf("<item><title>Short</title><author>a@b.example (A B)</author><description>One.</description></item>"))
	if err != nil || items[0].Title != "Short" || items[0].Summary != "One." || strings.Contains(items[0].Author, "…") {
		t.Fatalf("%+v %v", items, err)
	}
}

func TestCapRunes(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		cut  bool
		want string
	}{
		{"short", 10, false, "short"},
		{"exactly10!", 10, false, "exactly10!"},
		{"eleven chars", 10, false, "eleven ch…"},
		{"a word cut at its space", 20, false, "a word cut at its…"},
		{"日本語の見出しです", 5, false, "日本語の…"},
		{"cut before", 20, true, "cut before…"},
		{"ends…", 20, true, "ends…"},
		{"", 5, true, ""},
		{"abcdefghijklmnopqrstuvwxyz", 10, false, "abcdefghi…"},
	}
	for _, c := range cases {
		if got := capRunes(c.in, c.n, c.cut); got != c.want {
			t.Errorf("capRunes(%q, %d, %v) = %q, want %q", c.in, c.n, c.cut, got, c.want)
		}
	}
}

// One JSON Feed item gofeed cannot decode ("url": 123, an item that is
// not an object) drops that item, not the whole feed.
func TestJSONFeedBadItemDropsOnlyThatItem(t *testing.T) {
	body := `{"version": "https://jsonfeed.org/version/1.1", "title": "Wire", "home_page_url": "https://news.example/",
	"items": [
		{"id": "1", "url": "https://news.example/1", "title": "First"},
		{"id": "2", "url": 123, "title": "Bad url"},
		7,
		{"id": "3", "url": "https://news.example/3", "title": "Third", "tags": "not-a-list"},
		{"id": 4, "url": "https://news.example/4", "title": "Numeric id is coerced"}
	]}`
	items, err := ParseFeed([]byte(body), "application/feed+json", hostileSource.URL, hostileSource, testNow)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, it.Title+" "+it.Link)
	}
	want := []string{"First https://news.example/1", "Numeric id is coerced https://news.example/4"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
	// A feed whose items are not a list is still an error, as is a
	// feed-level field of the wrong type.
	for _, bad := range []string{
		`{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": {"id": "1"}}`,
		`{"version": "https://jsonfeed.org/version/1.1", "title": 5, "items": [{"id": "1", "url": 1}]}`,
	} {
		if _, err := ParseFeed([]byte(bad), "application/feed+json", hostileSource.URL, hostileSource, testNow); ErrorKind(err) != KindInvalidFeed {
			t.Errorf("%s: got %v", bad, err)
		}
	}
}

// Dates at the ends of what a feed can write, year 9999 and year 1, parse
// to those years on both paths and in both formats, without wrapping
// (storing them is the library's business).
func TestExtremeYearsParse(t *testing.T) {
	cases := []struct {
		rss, atom string
		want      time.Time
	}{
		{"Fri, 31 Dec 9999 23:59:59 +0000", "9999-12-31T23:59:59Z", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)},
		{"Mon, 01 Jan 0001 10:30:00 +0000", "0001-01-01T10:30:00Z", time.Date(1, 1, 1, 10, 30, 0, 0, time.UTC)},
		{"Sat, 12 Apr 2262 00:00:00 +0000", "2262-04-12T00:00:00Z", time.Date(2262, 4, 12, 0, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		bodies := map[string]string{
			"rss":  rssOf("<item><title>x</title><link>https://news.example/1</link><pubDate>" + c.rss + "</pubDate></item>"),
			"atom": `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>x</title><link href="https://news.example/1"/><id>1</id><updated>` + c.atom + `</updated></entry></feed>`,
		}
		for name, body := range bodies {
			for _, gofeedOnly := range []bool{false, true} {
				doc, err := parseDocument([]byte(body), "", hostileSource.URL, hostileSource, testNow, parseOptions{gofeedOnly: gofeedOnly})
				if err != nil || len(doc.items) != 1 {
					t.Fatalf("%s %s: %v", name, c.rss, err)
				}
				it := doc.items[0]
				if !it.Published.Equal(c.want) || it.PublishedFrom == "fetched" {
					t.Errorf("%s gofeedOnly=%v %q: %v (%s), want %v", name, gofeedOnly, c.rss, it.Published, it.PublishedFrom, c.want)
				}
			}
		}
	}
}

// An error's text comes partly from the network (a redirect's URL, a
// host name): it reaches a terminal sanitised.
func TestSourceErrorIsSanitised(t *testing.T) {
	se := &SourceError{Kind: KindNetwork, Detail: "no such host evil\u202e.example\x1b]52;c;eA==\x07", URL: "https://a.example/?q=\u202egpj.exe\x1b[2J"}
	if got := se.Error(); got != "https://a.example/?q=gpj.exe: no such host evil.example" {
		t.Errorf("Error() = %q", got)
	}
}
