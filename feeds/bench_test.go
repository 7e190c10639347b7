package feeds

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// Run with (from the repository root):
//
//	go test ./feeds -run '^$' -bench 'ParseBigFeed|FastVsGofeed|Merge' -benchmem -count 5
//
// BenchmarkFastVsGofeed parses the same body through ParseFeed's fast path
// and through its gofeed path (the baseline: what ParseFeed did before
// the fast path) in every iteration, so both see the same machine state,
// and reports each one's wall and CPU time per parse and the ratios.
// BenchmarkParseBigFeed and BenchmarkParseBigFeedGofeedPath time each path
// alone; BenchmarkParseBigFeedGofeedBaseline is plain gofeed (default
// translator, no Dateline work) for reference. The fast path itself, without
// this package's per-item work, against gofeed alone is
// internal/fastfeed's BenchmarkBigFeed; both run in one command with
//
//	go test -p 1 ./feeds ./feeds/internal/fastfeed -run '^$' -bench 'BigFeed' -benchmem -count 6

func bigFeed(b *testing.B) []byte {
	return readFixture(b, "bad/big_feed.xml", testBase)
}

var bigFeedSource = Source{Name: "China Daily · World", URL: testBase + "/bad/big_feed.xml"}

func benchParse(b *testing.B, body []byte, src Source, opts parseOptions, want int) {
	b.Helper()
	doc, err := parseDocument(body, "application/rss+xml; charset=utf-8", src.URL, src, testNow, opts)
	if err != nil || len(doc.items) != want {
		b.Fatalf("%v, %v", doc, err)
	}
}

func BenchmarkParseBigFeed(b *testing.B) {
	body := bigFeed(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		items, err := ParseFeed(body, "application/rss+xml; charset=utf-8", bigFeedSource.URL, bigFeedSource, testNow)
		if err != nil || len(items) != 5000 {
			b.Fatalf("%d items, %v", len(items), err)
		}
	}
}

func BenchmarkParseBigFeedGofeedPath(b *testing.B) {
	body := bigFeed(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		benchParse(b, body, bigFeedSource, parseOptions{gofeedOnly: true}, 5000)
	}
}

func BenchmarkParseBigFeedGofeedBaseline(b *testing.B) {
	body := bigFeed(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
		if err != nil || len(f.Items) != 5000 {
			b.Fatalf("%v", err)
		}
	}
}

func BenchmarkFastVsGofeed(b *testing.B) {
	cases := []struct {
		name string
		body []byte
		src  Source
		n    int
	}{
		{"big_feed.xml", bigFeed(b), bigFeedSource, 5000},
		{"atom_5000", []byte(benchAtomFeed(5000)), Source{Name: "Example Blog", URL: "https://blog.example.org/atom.xml"}, 5000},
		{"rss_5000", []byte(benchRSSFeed(5000)), Source{Name: "Example News", URL: "https://news.example.org/rss"}, 5000},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var fastWall, refWall, fastCPU, refCPU time.Duration
			b.SetBytes(int64(len(c.body)))
			for b.Loop() {
				t0, c0 := time.Now(), processCPU()
				benchParse(b, c.body, c.src, parseOptions{}, c.n)
				t1, c1 := time.Now(), processCPU()
				benchParse(b, c.body, c.src, parseOptions{gofeedOnly: true}, c.n)
				t2, c2 := time.Now(), processCPU()
				fastWall += t1.Sub(t0)
				refWall += t2.Sub(t1)
				fastCPU += c1 - c0
				refCPU += c2 - c1
			}
			n := float64(b.N)
			ms := func(d time.Duration) float64 { return float64(d) / 1e6 / n }
			b.ReportMetric(ms(fastWall), "fast-ms/op")
			b.ReportMetric(ms(refWall), "gofeed-ms/op")
			b.ReportMetric(float64(refWall)/float64(fastWall), "x-wall")
			if fastCPU > 0 {
				b.ReportMetric(ms(fastCPU), "fast-cpu-ms/op")
				b.ReportMetric(ms(refCPU), "gofeed-cpu-ms/op")
				b.ReportMetric(float64(refCPU)/float64(fastCPU), "x-cpu")
			}
		})
	}
}

func BenchmarkMergeBigFeedWithWorld(b *testing.B) {
	big, err := ParseFeed(bigFeed(b), "", testBase+"/bad/big_feed.xml", Source{Name: "big", URL: testBase + "/bad/big_feed.xml"}, testNow)
	if err != nil {
		b.Fatal(err)
	}
	world, err := ParseFeed(readFixture(b, "rss/world_rss.xml", testBase), "", testBase+"/rss/world_rss.xml", Source{Name: "World", URL: testBase + "/rss/world_rss.xml"}, testNow)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if m := Merge(big, world); len(m) < 5000 {
			b.Fatalf("%d merged", len(m))
		}
	}
}

// benchWords gives deterministic filler text.
func benchWords(i, n int) string {
	words := []string{"regional", "ministers", "agreed", "port", "upgrade", "Seoul", "typhoon", "farmers", "exports",
		"rail", "talks", "Jakarta", "election", "floods", "Tokyo", "investment", "summit", "growth", "central", "bank"}
	var b strings.Builder
	for k := range n {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[(i*7+k*13)%len(words)])
	}
	return b.String()
}

// benchAtomFeed is a typical Atom 1.0 feed as blog engines write it: an
// escaped-HTML summary and content, an author, two categories, RFC 3339
// dates.
func benchAtomFeed(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">` + "\n")
	b.WriteString(`<title>Example Blog</title><link href="https://blog.example.org/"/><link rel="self" href="https://blog.example.org/atom.xml"/>` + "\n")
	b.WriteString(`<id>https://blog.example.org/</id><updated>2019-11-22T10:00:00Z</updated>` + "\n")
	t := time.Date(2019, 11, 22, 10, 0, 0, 0, time.UTC)
	for i := range n {
		ti := t.Add(-time.Duration(i) * 17 * time.Minute)
		fmt.Fprintf(&b, `<entry>
  <title type="html">%s &amp;amp; %s</title>
  <link rel="alternate" type="text/html" href="https://blog.example.org/%d/%02d/post-%d.html"/>
  <id>tag:blog.example.org,2019:post-%d</id>
  <published>%s</published>
  <updated>%s</updated>
  <author><name>%s</name><uri>https://blog.example.org/about</uri></author>
  <category term="%s"/><category term="news" label="News"/>
  <summary type="html">&lt;p&gt;%s.&lt;/p&gt;</summary>
  <content type="html">&lt;p&gt;%s.&lt;/p&gt;&lt;p&gt;%s, &lt;a href="https://example.org/x"&gt;%s&lt;/a&gt;.&lt;/p&gt;</content>
</entry>
`, benchWords(i, 4), benchWords(i+1, 2), ti.Year(), ti.Month(), i, i, ti.Format(time.RFC3339), ti.Add(time.Hour).Format(time.RFC3339),
			benchWords(i+2, 2), benchWords(i+3, 1), benchWords(i, 12), benchWords(i+4, 20), benchWords(i+5, 18), benchWords(i+6, 2))
	}
	b.WriteString("</feed>\n")
	return b.String()
}

// benchRSSFeed is a typical RSS 2.0 feed from a news site: RFC 1123 dates
// in GMT, a CDATA description, content:encoded, dc:creator, categories, a
// media:content image and a permalink guid.
func benchRSSFeed(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">` + "\n")
	b.WriteString(`<channel><title>Example News</title><link>https://news.example.org/</link><description>News</description><language>en-us</language>` + "\n")
	b.WriteString(`<atom:link href="https://news.example.org/rss" rel="self" type="application/rss+xml"/>` + "\n")
	t := time.Date(2019, 11, 22, 10, 0, 0, 0, time.UTC)
	for i := range n {
		ti := t.Add(-time.Duration(i) * 11 * time.Minute)
		fmt.Fprintf(&b, `<item>
  <title><![CDATA[%s]]></title>
  <link>https://news.example.org/world/%d/story-%d</link>
  <description><![CDATA[%s.]]></description>
  <content:encoded><![CDATA[<p>%s.</p><p>%s.</p>]]></content:encoded>
  <dc:creator>%s</dc:creator>
  <category>World</category><category>%s</category>
  <media:content url="https://img.example.org/%d.jpg" medium="image" width="800" height="450"/>
  <pubDate>%s</pubDate>
  <guid isPermaLink="true">https://news.example.org/world/%d/story-%d</guid>
</item>
`, benchWords(i, 6), ti.Year(), i, benchWords(i+1, 14), benchWords(i+2, 20), benchWords(i+3, 20), benchWords(i+4, 2),
			benchWords(i+5, 1), i, ti.Format(time.RFC1123), ti.Year(), i)
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}
