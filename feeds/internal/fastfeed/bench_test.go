package fastfeed

import "testing"

// BenchmarkBigFeed parses testdata/chinadaily/bad/big_feed.xml (1.9 MB,
// 5,000 RSS items) with Parse (fastfeed) and with gofeed alone (gofeed,
// gofeed.Parser as package feeds configures it): both give the same
// gofeed.Feed, and neither includes package feeds' per-item work. This
// package goes when gofeed is within 2x of fastfeed here (see the package
// doc). Run it with feeds' own parse benchmarks, in one command:
//
//	go test -p 1 ./feeds ./feeds/internal/fastfeed -run '^$' -bench 'BigFeed' -benchmem -count 6
func BenchmarkBigFeed(b *testing.B) {
	text := readFixture(b, "bad/big_feed.xml")
	ft := detect(text)
	b.Run("fastfeed", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			if f, ok := Parse(text, ft); !ok || len(f.Items) != 5000 {
				b.Fatalf("accepted %v", ok)
			}
		}
	})
	b.Run("gofeed", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			if f, err := gofeedParse(text); err != nil || len(f.Items) != 5000 {
				b.Fatalf("%v", err)
			}
		}
	})
}
