package feeds

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"
)

// The fast path (fastfeed.go, fastxml.go) must either decline a document
// or give exactly what gofeed gives. These tests run both on the same
// bodies: every fixture, generated feeds, hand-written edge cases and
// fuzzed input. Two levels are compared: the structures gofeed's RSS and
// Atom parsers build (rss.Feed, atom.Feed: the fast path builds the same
// ones and hands them to gofeed's translators), and ParseFeed's final
// []Item, field by field.

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
	if len(bytes.TrimSpace(bytes.TrimPrefix(body, []byte{0xEF, 0xBB, 0xBF}))) > 0 {
		text, _ := documentText(body, contentType)
		_, r.accepted = fastParse(text, detectFeedType(text))
	}
	return r
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
		if d := deepDiff(fmt.Sprintf("item %d", i), reflect.ValueOf(a[i]), reflect.ValueOf(b[i])); d != "" {
			return d
		}
	}
	if !reflect.DeepEqual(a, b) {
		return "lists differ (nil vs empty?)"
	}
	return ""
}

// deepDiff names the first place where a and b differ, as
// reflect.DeepEqual sees it.
func deepDiff(path string, a, b reflect.Value) string {
	if a.IsValid() != b.IsValid() {
		return path + ": one side missing"
	}
	if !a.IsValid() {
		return ""
	}
	if a.Type() != b.Type() {
		return fmt.Sprintf("%s: types %s vs %s", path, a.Type(), b.Type())
	}
	if a.Type() == reflect.TypeOf(time.Time{}) {
		ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
		if !reflect.DeepEqual(ta, tb) {
			return fmt.Sprintf("%s: %s (%v) vs %s (%v)", path, ta.Format(time.RFC3339Nano), ta.Location(), tb.Format(time.RFC3339Nano), tb.Location())
		}
		return ""
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil %v vs %v", path, a.IsNil(), b.IsNil())
		}
		if a.IsNil() {
			return ""
		}
		return deepDiff(path, a.Elem(), b.Elem())
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !a.Type().Field(i).IsExported() {
				continue
			}
			if d := deepDiff(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); d != "" {
				return d
			}
		}
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil slice %v vs %v", path, a.IsNil(), b.IsNil())
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: len %d vs %d", path, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if d := deepDiff(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
	case reflect.Map:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil map %v vs %v", path, a.IsNil(), b.IsNil())
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d keys %v vs %d keys %v", path, a.Len(), a.MapKeys(), b.Len(), b.MapKeys())
		}
		for _, k := range a.MapKeys() {
			if d := deepDiff(fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), b.MapIndex(k)); d != "" {
				return d
			}
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			return fmt.Sprintf("%s: %#v vs %#v", path, a.Interface(), b.Interface())
		}
	}
	return ""
}

// checkSameStructure compares the rss.Feed or atom.Feed that the fast
// path builds with the one gofeed's parser builds, when the fast path
// accepts text.
func checkSameStructure(t testing.TB, name string, text []byte) (accepted bool) {
	t.Helper()
	ft := detectFeedType(text)
	rf, af, ok := fastParseRaw(text, ft)
	if !ok {
		return false
	}
	if rf != nil {
		ref, err := (&rss.Parser{}).Parse(bytes.NewReader(text))
		if err != nil {
			t.Fatalf("%s: fast path read an RSS feed that gofeed rejects: %v", name, err)
		}
		if d := deepDiff("rss.Feed", reflect.ValueOf(rf), reflect.ValueOf(ref)); d != "" || !reflect.DeepEqual(rf, ref) {
			t.Fatalf("%s: rss.Feed differs (fast vs gofeed): %s", name, d)
		}
	} else {
		ref, err := (&atom.Parser{}).Parse(bytes.NewReader(text))
		if err != nil {
			t.Fatalf("%s: fast path read an Atom feed that gofeed rejects: %v", name, err)
		}
		if d := deepDiff("atom.Feed", reflect.ValueOf(af), reflect.ValueOf(ref)); d != "" || !reflect.DeepEqual(af, ref) {
			t.Fatalf("%s: atom.Feed differs (fast vs gofeed): %s", name, d)
		}
	}
	return true
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
	err := filepath.WalkDir(fixtures, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(fixtures, path)
		rel = filepath.ToSlash(rel)
		body := readFixture(t, rel, testBase)
		text, _ := documentText(body, "")
		if checkSameStructure(t, rel, text) {
			accepted[rel] = true
		}
		for _, src := range fixtureSources {
			for _, ct := range []string{"", "application/rss+xml; charset=utf-8"} {
				checkSame(t, fmt.Sprintf("%s as %q (%q)", rel, src.Name, ct), parseBoth(t, body, ct, testBase+"/"+rel, src))
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

// gofeedDetects is true for bodies gofeed reads as RSS or Atom.
func isXMLFeed(text []byte) bool {
	ft := detectFeedType(text)
	return ft == gofeed.FeedTypeRSS || ft == gofeed.FeedTypeAtom
}

var _ = os.ReadFile
var _ = strings.Contains
var _ = rand.New
