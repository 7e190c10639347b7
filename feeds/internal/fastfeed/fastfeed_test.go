package fastfeed

import (
	"github.com/dateline-news/dateline/internal/fixtures"

	"bytes"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"

	"github.com/dateline-news/dateline/feeds/internal/deepdiff"
)

// Parse must either decline a document or give exactly what gofeed
// gives. These tests run both on the same text: every fixture, generated
// feeds, hand-written edge cases and fuzzed input. Two levels are
// compared: the structures gofeed's RSS and Atom parsers build (rss.Feed,
// atom.Feed), which parseRaw builds too, and the gofeed.Feed that Parse
// returns, against gofeed.Parser's with the translators package feeds
// gives it. Nothing here recovers a panic: one in Parse fails the test.

// The China Daily fixtures (package internal/fixtures) name the site as
// {{BASE}} in their links, which readFixture replaces by testBase.
const testBase = "http://127.0.0.1:9"

func readFixture(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := fixtures.ReadFile(rel)
	if err != nil {
		t.Fatalf("fixture %s: %v", rel, err)
	}
	return bytes.ReplaceAll(b, []byte("{{BASE}}"), []byte(testBase))
}

// detect is gofeed's feed type detection, on the prefix gofeed.Parser
// looks at (as package feeds calls it).
func detect(text []byte) gofeed.FeedType {
	return gofeed.DetectFeedType(bytes.NewReader(text[:min(len(text), 4096)]))
}

// gofeedParse is the reference: gofeed.Parser as package feeds configures
// it (feeds.parseGofeed).
func gofeedParse(text []byte) (*gofeed.Feed, error) {
	p := gofeed.NewParser()
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	return p.Parse(bytes.NewReader(text))
}

// checkSame fails t unless Parse declines text or gives what gofeed
// gives, at both levels; it reports whether Parse accepted text.
func checkSame(t testing.TB, name string, text []byte) (accepted bool) {
	t.Helper()
	ft := detect(text)
	f, ok := Parse(text, ft)
	rf, af, rawOK := parseRaw(text, ft)
	if ok != rawOK {
		t.Fatalf("%s: Parse accepted %v, parseRaw %v", name, ok, rawOK)
	}
	if !ok {
		return false
	}
	checkSameStructure(t, name, text, rf, af)
	ref, err := gofeedParse(text)
	if err != nil {
		t.Fatalf("%s: Parse read a feed that gofeed rejects: %v", name, err)
	}
	if d := deepdiff.Diff("gofeed.Feed", f, ref); d != "" || !reflect.DeepEqual(f, ref) {
		t.Fatalf("%s: gofeed.Feed differs (fast vs gofeed): %s", name, d)
	}
	return true
}

// checkSameStructure compares the rss.Feed or atom.Feed that parseRaw
// built for text with the one gofeed's parser builds.
func checkSameStructure(t testing.TB, name string, text []byte, rf *rss.Feed, af *atom.Feed) {
	t.Helper()
	if rf != nil {
		ref, err := (&rss.Parser{}).Parse(bytes.NewReader(text))
		if err != nil {
			t.Fatalf("%s: fast path read an RSS feed that gofeed rejects: %v", name, err)
		}
		if d := deepdiff.Diff("rss.Feed", rf, ref); d != "" || !reflect.DeepEqual(rf, ref) {
			t.Fatalf("%s: rss.Feed differs (fast vs gofeed): %s", name, d)
		}
		return
	}
	ref, err := (&atom.Parser{}).Parse(bytes.NewReader(text))
	if err != nil {
		t.Fatalf("%s: fast path read an Atom feed that gofeed rejects: %v", name, err)
	}
	if d := deepdiff.Diff("atom.Feed", af, ref); d != "" || !reflect.DeepEqual(af, ref) {
		t.Fatalf("%s: atom.Feed differs (fast vs gofeed): %s", name, d)
	}
}

// TestParseMatchesGofeedOnFixtures compares both on every file in
// testdata/chinadaily that is UTF-8 as it stands (package feeds converts
// the GBK ones before either parser sees them, and its own test covers
// them).
func TestParseMatchesGofeedOnFixtures(t *testing.T) {
	accepted := map[string]bool{}
	err := fs.WalkDir(fixtures.FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := path
		accepted[rel] = checkSame(t, rel, readFixture(t, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Parse must really read the feeds it is for, or this test would
	// prove nothing; truncated.xml is gofeed's error to report.
	for _, f := range []string{"rss/world_rss.xml", "bad/big_feed.xml", "bad/javascript_link.xml", "bad/bare_ampersand.xml"} {
		if !accepted[f] {
			t.Errorf("Parse declined %s", f)
		}
	}
	if accepted["bad/truncated.xml"] {
		t.Errorf("Parse accepted truncated.xml")
	}
}

// TestParseMatchesGofeedOnGeneratedFeeds compares both on generated RSS
// and Atom feeds (feedgen_test.go), which are well-formed, so Parse must
// read every one of them itself.
func TestParseMatchesGofeedOnGeneratedFeeds(t *testing.T) {
	n := 300
	if testing.Short() || raceEnabled {
		n = 60
	}
	// DATELINE_FEEDGEN_N=20000 runs a longer comparison by hand.
	if v, err := strconv.Atoi(os.Getenv("DATELINE_FEEDGEN_N")); err == nil && v > 0 {
		n = v
	}
	declined := 0
	for seed := range uint64(n) {
		g := newFeedGen(seed)
		for kind, body := range map[string]string{"rss": g.rss(1 + int(seed%9)), "atom": g.atom(1 + int(seed%7))} {
			name := fmt.Sprintf("%s seed %d", kind, seed)
			text := []byte(body)
			if ft := detect(text); ft != gofeed.FeedTypeRSS && ft != gofeed.FeedTypeAtom {
				t.Fatalf("%s: not detected as a feed:\n%s", name, body)
			}
			if !checkSame(t, name, text) {
				declined++
				t.Errorf("%s: Parse declined a well-formed feed:\n%s", name, body)
			}
		}
	}
	if declined > 0 {
		t.Errorf("%d of %d generated feeds declined", declined, 2*n)
	}
}

// TestParseEdgeCases: documents Parse must read (accept) or leave to
// gofeed (decline); when it reads one, it must give what gofeed gives.
func TestParseEdgeCases(t *testing.T) {
	for _, c := range edgeCases() {
		t.Run(c.name, func(t *testing.T) {
			text := []byte(c.body)
			if accepted := checkSame(t, c.name, text); accepted != c.accept {
				t.Errorf("accepted = %v, want %v", accepted, c.accept)
			}
		})
	}
}

type edgeCase struct {
	name, body string
	accept     bool
}

func edgeCases() []edgeCase {
	item := `<item><title>T</title><link>https://example.org/1</link><pubDate>2019-11-19 09:27:00</pubDate></item>`
	rssDoc := func(inner string) string {
		return `<rss version="2.0"><channel><title>X</title>` + inner + `</channel></rss>`
	}
	deep := strings.Repeat("<x>", 600) + strings.Repeat("</x>", 600)
	shallow := strings.Repeat("<x>", 100) + strings.Repeat("</x>", 100)
	manyNS := ""
	for i := range 70 {
		manyNS += fmt.Sprintf(` xmlns:n%d="urn:n%d"`, i, i)
	}
	return []edgeCase{
		{"plain", rssDoc(item), true},
		{"upper-case root", `<RSS version="2.0"><channel>` + item + `</channel></RSS>`, true},
		{"no channel", `<rss version="2.0"></rss>`, true},
		{"two channels: the last wins", `<rss><channel><title>A</title>` + item + `</channel><channel><title>B</title></channel></rss>`, true},
		{"items at the root", `<rss>` + item + `<channel><title>C</title>` + item + `</channel>` + item + `</rss>`, true},
		{"text after the root", rssDoc(item) + "\n& garbage <not closed", true},
		{"BOM-like char before the root", " \uFEFF" + rssDoc(item), true},
		{"doctype", `<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd">` + rssDoc(item), true},
		{"bare & and unknown entities", rssDoc(`<item><title>A & B &nbsp; &copy; &foo; &#; &#xZ; &amp</title><enclosure url="http://x/?a=1&b=2&amp;c=&lt;3&gt;" type="image/png"/></item>`), true},
		{"numeric references", rssDoc(`<item><title>&#233;&#x4e2d;&#xD800;&#1114112;&#99999999999999999999;</title><category domain="&#x41;&#66;">c</category></item>`), true},
		{"CRLF in attributes and extension text", "<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><item><dc:creator>A\r\nB\rC</dc:creator><enclosure url=\"u\r\nv\" type=\"image/png\"/></item></channel></rss>", true},
		{"xml:base", `<rss><channel xml:base="https://b.example/dir/"><link>/home</link><item xml:base="sub/"><link>p.html</link><link href="h.html"></link><comments>c</comments></item></channel></rss>`, true},
		{"undeclared prefixes", rssDoc(`<item><dc:creator>X</dc:creator><content:encoded>&lt;p&gt;Y&lt;/p&gt;</content:encoded><atom:updated>2019-11-19T09:27:00Z</atom:updated></item>`), true},
		{"prefix bound to the empty URI", `<rss xmlns:content=""><channel><item><encoded>E</encoded></item></channel></rss>`, true},
		{"default namespace on the root", `<rss xmlns="urn:x"><channel>` + item + `</channel></rss>`, true},
		{"shallow nesting", rssDoc(`<item><title>T</title>` + shallow + `</item>`), true},
		{"atom with xhtml and base", `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://b.example/a/b"><entry xml:base="c/"><id>d</id><link href="e"/><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><a href="f">g</a></div></content></entry></feed>`, true},
		{"an item's second pubDate does not parse", rssDoc(`<item><title>T</title><pubDate>Wed, 20 Nov 2019 22:15:00 GMT</pubDate><pubDate>soon</pubDate></item>`), true},
		{"the channel's second pubDate does not parse", `<rss><channel><pubDate>2019-11-19 09:27:00</pubDate><pubDate></pubDate><lastBuildDate>2019-11-19 09:27:00</lastBuildDate><lastBuildDate>x</lastBuildDate>` + item + `</channel></rss>`, true},
		{"an entry's second dates do not parse", `<feed xmlns="http://www.w3.org/2005/Atom"><updated>2019-11-19T09:27:00Z</updated><updated>x</updated><entry><id>e</id><published>2019-11-19T09:27:00Z</published><published/><updated>2019-11-19T09:27:00Z</updated><updated>?</updated></entry></feed>`, true},
		{"image only in the description (the translators' image scan stays off)", rssDoc(`<item><title>T</title><description>&lt;p&gt;&lt;img src="https://example.org/i.png"&gt;&lt;/p&gt;</description></item>`), true},

		{"RSS 1.0", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel><item><title>T</title><link>https://example.org/1</link></item></rdf:RDF>`, false},
		{"JSON Feed", `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","title":"<rss>","url":"https://example.org/1"}]}`, false},
		{"mismatched end tag", rssDoc(`<item><title>T</item>`), false},
		{"unquoted attribute", `<rss version=2.0><channel>` + item + `</channel></rss>`, false},
		{"attribute without a value", rssDoc(`<item><guid isPermaLink>g</guid></item>`), false},
		// Package feeds rewrites such a declaration to UTF-8 before
		// either parser; as it stands, the decoder would switch readers.
		{"Latin-1 declaration", `<?xml version="1.0" encoding="ISO-8859-1"?>` + rssDoc(item), false},
		{"us-ascii declaration", `<?xml version="1.0" encoding="us-ascii"?>` + rssDoc(item), false},
		{"utf8 declaration", `<?xml version="1.0" encoding="utf8"?>` + rssDoc(item), false},
		{"UTF-8 declaration", `<?xml version="1.0" encoding="UTF-8"?>` + rssDoc(item), true},
		{"XML 1.1", `<?xml version="1.1"?>` + rssDoc(item), false},
		{"invalid UTF-8", rssDoc("<item><title>caf\xe9</title></item>"), false},
		{"control character", rssDoc("<item><title>a\x01b</title></item>"), false},
		{"NUL reference", rssDoc(`<item><title>&#0;</title></item>`), false},
		{"control reference in an attribute", rssDoc(`<item><category domain="&#x1;">c</category></item>`), false},
		{"]]> in text", rssDoc(`<item><title>a ]]> b</title></item>`), false},
		{"internal subset", `<!DOCTYPE rss [<!ENTITY e "x">]>` + rssDoc(item), false},
		{"two colons", rssDoc(`<item><a:b:c>x</a:b:c></item>`), false},
		{"non-ASCII name", rssDoc(`<item><título>x</título></item>`), false},
		{"duplicate declaration", `<rss xmlns:a="u" xmlns:a="v"><channel>` + item + `</channel></rss>`, false},
		{"padded namespace URI", `<rss xmlns:dc=" http://purl.org/dc/elements/1.1/ "><channel>` + item + `</channel></rss>`, false},
		{"deep nesting", rssDoc(`<item>` + deep + `</item>`), false},
		{"many namespace declarations", `<rss` + manyNS + `><channel>` + item + `</channel></rss>`, false},
		{"-- in a comment", rssDoc(`<!-- a -- b -->` + item), false},
		{"truncated", rssDoc(item)[:60], false},
		{"< in an attribute", rssDoc(`<item><category domain="a<b">c</category></item>`), false},
	}
}

// FuzzFastPathMatchesGofeed: for any text, Parse declines it or gives
// what gofeed gives: the same rss.Feed or atom.Feed from parseRaw, and
// the same gofeed.Feed. Parse runs unguarded, so a panic in it fails the
// target too.
func FuzzFastPathMatchesGofeed(f *testing.F) {
	for _, dir := range []string{"rss", "bad"} {
		entries, err := fs.ReadDir(fixtures.FS(), dir)
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range entries {
			b := readFixture(f, dir+"/"+e.Name())
			if len(b) > 64<<10 {
				b = feedHead(b, 20)
			}
			f.Add(b)
		}
	}
	for seed := range uint64(6) {
		g := newFeedGen(100 + seed)
		f.Add([]byte(g.rss(3)))
		f.Add([]byte(g.atom(3)))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		if len(text) > 256<<10 {
			return
		}
		checkSame(t, "fuzz", text)
	})
}

// feedHead is the first n items of a big RSS feed, closed.
func feedHead(b []byte, n int) []byte {
	s := string(b)
	cut := 0
	for range n {
		cut += strings.Index(s[cut:], "</item>") + len("</item>")
	}
	return []byte(s[:cut] + "</channel></rss>")
}
