// Package fastfeed is a fast path beside gofeed for RSS 2.0/0.9x and Atom
// documents. Its one entry point, Parse, returns the gofeed.Feed that
// gofeed.Parser.Parse returns for a document, or declines it, and package
// feeds then parses the document with gofeed itself.
//
// # What it buys
//
// gofeed reads a feed through goxpp and encoding/xml, which allocate for
// every token and element, and parses every date by trying its list of
// layouts; for a 5,000-item feed that was most of feeds.ParseFeed's time.
// BenchmarkBigFeed (bench_test.go) parses testdata/chinadaily/bad/big_feed.xml
// (1.9 MB, 5,000 RSS items) with Parse and with gofeed alone, both giving
// the same gofeed.Feed. Run with package feeds' parse benchmarks in one
// command (2-core shared VM, Go 1.26.8, 2026-12-07; medians of 6 runs):
//
//	go test -p 1 ./feeds ./feeds/internal/fastfeed -run '^$' -bench 'BigFeed' -benchmem -count 6
//
//	BenchmarkBigFeed/fastfeed (Parse)               33 ms   8.2 MB    79 k allocs
//	BenchmarkBigFeed/gofeed (gofeed alone)         409 ms  79.6 MB  1.91 M allocs  12.3x Parse
//	BenchmarkParseBigFeed (feeds.ParseFeed)         71 ms  10.0 MB    93 k allocs
//	BenchmarkParseBigFeedGofeedPath (without this) 432 ms  81.4 MB  1.92 M allocs   6.1x
//
// BENCHMARKS.md ("Feed parsing") has the ranges and the history.
//
// # How
//
// A tokenizer over the UTF-8 text (scanner.go) accepts exactly the
// documents that encoding/xml (non-strict, as gofeed sets it) reads
// without an error and without repairs, and keeps what goxpp keeps beside
// the decoder (the namespaces in scope, xml:base). The parsers (rss.go,
// atom.go) build the very rss.Feed and atom.Feed that gofeed's own parsers
// build, field for field, following their code step by step, with
// gofeed's unexported helpers copied into gofeedcompat.go and its date
// parser, with exact shortcuts for the common shapes, in date.go. gofeed's
// translators then make the gofeed.Feed. Anything else is declined: RSS
// 1.0 and 0.90 (rdf:RDF), JSON Feed, syntax errors and EOF, mismatched
// end tags, unquoted or value-less attributes, a DOCTYPE with an internal
// subset, non-ASCII or odd names, an XML declaration naming an encoding
// the decoder would switch to, references to illegal characters, nesting
// over 512 levels, over 64 namespace declarations in scope.
//
// # Which gofeed
//
// It follows gofeed v1.4.2: rss/parser.go, atom/parser.go,
// internal/shared (ParseText, DecodeEntities, StripCDATA, xml:base
// resolution, ParseDate, the canonical namespace prefixes) and
// translator.go as package feeds configures it. When go.mod moves gofeed,
// read the upstream diff of those files against this package; the tests
// below compare against whatever gofeed go.mod names, so they show what
// changed.
//
// # What keeps it honest
//
// fastfeed_test.go compares Parse with gofeed on every fixture in
// testdata/chinadaily, on generated feeds (feedgen_test.go: 600 per run;
// DATELINE_FEEDGEN_N=20000 for more) and on edge cases that it must accept
// or decline, at two levels: the rss.Feed or atom.Feed (against gofeed's
// rss.Parser and atom.Parser) and the final gofeed.Feed (against
// gofeed.Parser), both by reflect.DeepEqual. FuzzFastPathMatchesGofeed
// does the same for any input:
//
//	go test -run='^$' -fuzz='^FuzzFastPathMatchesGofeed$' -fuzztime=10m ./feeds/internal/fastfeed
//
// The date and entity shortcuts are checked against gofeed's originals
// the same way (date_test.go, entities_test.go, FuzzGFDecodeEntities),
// and package feeds checks that its items are the same with the fast path
// and without it. Nothing recovers a panic in this package or around
// Parse in package feeds: a bug fails a test or a fuzz input instead of
// falling back to gofeed unseen. (In the program, the refresh reports such
// a panic as the source's error.)
//
// # When it goes
//
// Delete this package, and let package feeds call gofeed alone, when
// gofeed's own parse is within 2x of Parse on the 5,000-item benchmark:
// BenchmarkBigFeed/gofeed against BenchmarkBigFeed/fastfeed (12.3x on
// 2026-12-07, with gofeed v1.4.2).
package fastfeed
