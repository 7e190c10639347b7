package feeds

import (
	"strings"
	"testing"
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
