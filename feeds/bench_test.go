package feeds

import (
	"bytes"
	"testing"

	"github.com/mmcdole/gofeed"
)

// Run with:
//
//	go test ./feeds -run '^$' -bench 'BigFeed|Merge' -benchmem -count 5
//
// BenchmarkParseBigFeedGofeedBaseline is plain gofeed (default
// translator) on the same bytes, so the cost of Dateline's work on top
// (charset, dates, sanitising, HTML to text, IDs) reads as a ratio.

func bigFeed(b *testing.B) []byte {
	return readFixture(b, "bad/big_feed.xml", testBase)
}

func BenchmarkParseBigFeed(b *testing.B) {
	body := bigFeed(b)
	src := Source{Name: "China Daily · World", URL: testBase + "/bad/big_feed.xml"}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		items, err := ParseFeed(body, "application/rss+xml; charset=utf-8", src.URL, src, testNow)
		if err != nil || len(items) != 5000 {
			b.Fatalf("%d items, %v", len(items), err)
		}
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
