package feeds

import (
	"github.com/dateline-news/dateline/internal/fixtures"

	"bytes"
	"fmt"
	"io/fs"
	"reflect"
	"testing"

	"github.com/dateline-news/dateline/feeds/internal/deepdiff"
	"github.com/dateline-news/dateline/feeds/internal/fastfeed"
)

// ParseFeed reads most RSS and Atom feeds through the fast path
// (internal/fastfeed), whose own tests check that it gives the very
// gofeed.Feed gofeed gives, on fixtures, generated feeds, edge cases and
// under fuzzing. The tests here check this package's side: ParseFeed's
// final []Item (or error) is the same with the fast path as without it
// (gofeedOnly), on every fixture and on the cases where this package's
// own steps matter (the charset rewrite before either parser, the
// translator settings both must share).

// bothResult is one document parsed both ways.
type bothResult struct {
	fastDoc, refDoc *document
	fastErr, refErr error
	accepted        bool // the fast path read the document itself
}

func parseBoth(t testing.TB, body []byte, contentType, pageURL string, src Source) bothResult {
	t.Helper()
	var r bothResult
	r.fastDoc, r.fastErr = parseDocument(body, contentType, pageURL, src, testNow, parseOptions{})
	r.refDoc, r.refErr = parseDocument(body, contentType, pageURL, src, testNow, parseOptions{gofeedOnly: true})
	r.accepted = fastPathAccepts(body, contentType)
	return r
}

// fastPathAccepts reports whether parseDocument hands body to the fast
// path and the fast path reads it.
func fastPathAccepts(body []byte, contentType string) bool {
	if len(bytes.TrimSpace(bytes.TrimPrefix(body, []byte{0xEF, 0xBB, 0xBF}))) == 0 {
		return false
	}
	text, _ := documentText(body, contentType)
	_, ok := fastfeed.Parse(text, detectFeedType(text))
	return ok
}

// checkSame fails t unless both paths gave the same document or the same
// error.
func checkSame(t testing.TB, name string, r bothResult) {
	t.Helper()
	if (r.fastErr == nil) != (r.refErr == nil) {
		t.Fatalf("%s: fast path error %v, gofeed error %v", name, r.fastErr, r.refErr)
	}
	if r.fastErr != nil {
		if r.fastErr.Error() != r.refErr.Error() || ErrorKind(r.fastErr) != ErrorKind(r.refErr) ||
			fmt.Sprint(unwrapOnce(r.fastErr)) != fmt.Sprint(unwrapOnce(r.refErr)) {
			t.Fatalf("%s: errors differ: fast %q (%v), gofeed %q (%v)", name, r.fastErr, unwrapOnce(r.fastErr), r.refErr, unwrapOnce(r.refErr))
		}
		return
	}
	a, b := r.fastDoc, r.refDoc
	if a.kind != b.kind || a.discovered != b.discovered || a.next != b.next || a.section != b.section {
		t.Fatalf("%s: documents differ: fast %q/%q/%q/%q, gofeed %q/%q/%q/%q", name,
			a.kind, a.discovered, a.next, a.section, b.kind, b.discovered, b.next, b.section)
	}
	if d := diffItems(a.items, b.items); d != "" {
		t.Fatalf("%s: items differ (fast vs gofeed): %s", name, d)
	}
}

func unwrapOnce(err error) error {
	if u, ok := err.(interface{ Unwrap() error }); ok {
		return u.Unwrap()
	}
	return nil
}

// diffItems compares two item lists field by field; "" means identical
// (reflect.DeepEqual, which also compares each time's location).
func diffItems(a, b []Item) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d items vs %d", len(a), len(b))
	}
	for i := range a {
		if d := deepdiff.Diff(fmt.Sprintf("item %d", i), a[i], b[i]); d != "" {
			return d
		}
	}
	if !reflect.DeepEqual(a, b) {
		return "lists differ (nil vs empty?)"
	}
	return ""
}

// fixtureSources are the sources a fixture is parsed as: the zone rules
// make China Daily's zoneless dates Beijing time, and leave them UTC for
// a source with no zone evidence.
var fixtureSources = []Source{
	{Name: "China Daily · World", URL: testBase + "/rss/world_rss.xml"},
	{Name: "test", URL: "https://example.org/feed.xml"},
}

// TestFastPathMatchesGofeedOnFixtures runs both paths over every file in
// testdata/chinadaily, with and without a content type.
func TestFastPathMatchesGofeedOnFixtures(t *testing.T) {
	accepted := map[string]bool{}
	err := fs.WalkDir(fixtures.FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := path
		body := readFixture(t, rel, testBase)
		cts := []string{"", "application/rss+xml; charset=utf-8"}
		srcs := fixtureSources
		if len(body) > 64<<10 {
			cts = cts[:1] // big_feed.xml: the charset path is the same
			if raceEnabled {
				srcs = srcs[:1] // gofeed takes seconds on it under -race
			}
		}
		for _, src := range srcs {
			for _, ct := range cts {
				r := parseBoth(t, body, ct, testBase+"/"+rel, src)
				accepted[rel] = accepted[rel] || (ct == "" && r.accepted)
				checkSame(t, fmt.Sprintf("%s as %q (%q)", rel, src.Name, ct), r)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The fast path must really read the feeds it is for, or this test
	// would prove nothing; truncated.xml is an error, so gofeed's.
	for _, f := range []string{"rss/world_rss.xml", "bad/big_feed.xml", "bad/javascript_link.xml",
		"bad/bare_ampersand.xml", "bad/gbk_feed.xml", "bad/gb2312_feed.xml"} {
		if !accepted[f] {
			t.Errorf("the fast path declined %s", f)
		}
	}
	if accepted["bad/truncated.xml"] {
		t.Errorf("the fast path accepted truncated.xml")
	}
}

// TestFastPathHostileFilesKeepTheirErrors: bad/*.xml that fail still fail
// with gofeed's error, through ParseFeed's default (fast) path.
func TestFastPathHostileFilesKeepTheirErrors(t *testing.T) {
	for name, want := range map[string]string{
		"bad/truncated.xml":                "XML syntax error on line 81: unexpected EOF in CDATA section",
		"bad/empty.xml":                    "empty response",
		"bad/html_not_feed.html":           "not a feed",
		"bad/html_with_autodiscovery.html": "not a feed (the page links to one at " + testBase + "/rss/world_rss.xml)",
	} {
		_, err := parseFixture(t, name)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		got := err.Error()
		if u := unwrapOnce(err); u != nil && ErrorKind(err) == KindInvalidFeed {
			got = u.Error()
		}
		if got != want {
			t.Errorf("%s: error %q, want %q", name, got, want)
		}
	}
}

// TestFastPathEdgeCases: documents where this package's steps around the
// fast path matter. The fast path must accept or decline each as stated
// (internal/fastfeed has the cases about the XML itself), and ParseFeed's
// result must not change.
func TestFastPathEdgeCases(t *testing.T) {
	item := `<item><title>T</title><link>https://example.org/1</link><pubDate>2019-11-19 09:27:00</pubDate></item>`
	rssDoc := func(inner string) string {
		return `<rss version="2.0"><channel><title>X</title>` + inner + `</channel></rss>`
	}
	cases := []struct {
		name, body, contentType string
		accept                  bool
	}{
		{"plain", rssDoc(item), "", true},
		// gofeed's content image scan would find this image; the fast
		// path and gofeed's path must both leave it off.
		{"image only in the description", rssDoc(`<item><title>T</title><link>https://example.org/1</link><description>&lt;p&gt;&lt;img src="https://example.org/i.png"&gt;&lt;/p&gt;</description></item>`), "", true},
		{"Latin-1 declaration (rewritten to UTF-8 first)", `<?xml version="1.0" encoding="ISO-8859-1"?>` + rssDoc("<item><title>caf\xe9</title></item>"), "", true},
		{"Latin-1 by content type", rssDoc("<item><title>caf\xe9</title></item>"), "application/rss+xml; charset=iso-8859-1", true},
		{"us-ascii declaration (kept: the decoder switches readers)", `<?xml version="1.0" encoding="us-ascii"?>` + rssDoc(item), "", false},
		{"XML-illegal control characters (stripped first)", rssDoc("<item><title>a\x01b\x1bc</title></item>"), "", true},
		{"BOM", "\xEF\xBB\xBF" + rssDoc(item), "", true},
		{"RSS 1.0", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel><item><title>T</title><link>https://example.org/1</link></item></rdf:RDF>`, "", false},
		{"JSON Feed", `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","title":"<rss>","url":"https://example.org/1"}]}`, "", false},
		{"mismatched end tag", rssDoc(`<item><title>T</item>`), "", false},
		{"truncated", rssDoc(item)[:60], "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if accepted := fastPathAccepts([]byte(c.body), c.contentType); accepted != c.accept {
				t.Errorf("accepted = %v, want %v", accepted, c.accept)
			}
			for _, src := range fixtureSources {
				checkSame(t, c.name, parseBoth(t, []byte(c.body), c.contentType, "https://example.org/feed.xml", src))
			}
		})
	}
}
