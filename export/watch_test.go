package export

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

var watchNow = time.Date(2019, 11, 22, 8, 0, 0, 0, time.UTC)

func watchSample() Watch {
	return Watch{Name: "GSOMIA <pact> & co", Query: `GSOMIA OR "intelligence pact"`, Now: watchNow,
		Since: time.Date(2019, 11, 15, 8, 0, 0, 0, time.UTC)}
}

// The Atom feed of a watch reads back through gofeed with every entry:
// its title, link, dates, the reader-mode text as content where the
// article is stored, and the feed's own text otherwise.
func TestAtomRoundTripsThroughGofeed(t *testing.T) {
	entries := sample()
	entries[1].Item.Content = "Only the feed text."
	var buf bytes.Buffer
	if err := WriteAtom(&buf, watchSample(), entries); err != nil {
		t.Fatal(err)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("gofeed: %v\n%s", err, buf.String())
	}
	if f.FeedType != "atom" || f.Title != "Dateline watch: GSOMIA <pact> & co" || len(f.Items) != len(entries) {
		t.Fatalf("feed %q %q with %d items, want %d", f.FeedType, f.Title, len(f.Items), len(entries))
	}
	for i, it := range f.Items {
		e := entries[i]
		want := e.Item.Title
		if e.Article != nil {
			want = e.Article.Title
		}
		if it.Title != want {
			t.Errorf("item %d title %q, want %q", i, it.Title, want)
		}
		if e.Item.Link != "" && it.Link != e.Item.Link {
			t.Errorf("item %d link %q, want %q", i, it.Link, e.Item.Link)
		}
		if it.GUID == "" || !strings.HasPrefix(it.GUID, "tag:") {
			t.Errorf("item %d id %q", i, it.GUID)
		}
		if !e.Item.Published.IsZero() && (it.PublishedParsed == nil || !it.PublishedParsed.Equal(e.Item.Published)) {
			t.Errorf("item %d published %v, want %v", i, it.PublishedParsed, e.Item.Published)
		}
		if it.UpdatedParsed == nil {
			t.Errorf("item %d has no updated date", i)
		}
	}
	// Reader mode: the article's blocks, as HTML, with markup in the text
	// kept as text.
	c := f.Items[0].Content
	for _, want := range []string{"<p>Tokyo and Washington continued to exert pressure on Seoul.</p>", "<blockquote>", "&lt;script&gt;"} {
		if !strings.Contains(c, want) {
			t.Errorf("content of the stored article lacks %q:\n%s", want, c)
		}
	}
	if !strings.Contains(f.Items[1].Content, "Only the feed text.") {
		t.Errorf("content of a teaser: %q", f.Items[1].Content)
	}
	if len(f.Items[0].Categories) == 0 || f.Items[0].Categories[0] != "Taro Kono" {
		t.Errorf("categories %v, want the most named first", f.Items[0].Categories)
	}
}

// The Atom rules gofeed does not check: the namespace, and an id, a
// title and an updated date (RFC 3339) on the feed and every entry, an
// author for the feed, one alternate link per entry at most.
func TestAtomIsStrict(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteAtom(&buf, watchSample(), sample()); err != nil {
		t.Fatal(err)
	}
	var f struct {
		XMLName xml.Name
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Author  []struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Links   []struct {
				Rel string `xml:"rel,attr"`
			} `xml:"link"`
			Content struct {
				Type string `xml:"type,attr"`
			} `xml:"content"`
		} `xml:"entry"`
	}
	d := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	d.Strict = true
	if err := d.Decode(&f); err != nil {
		t.Fatal(err)
	}
	if f.XMLName.Space != atomNS || f.XMLName.Local != "feed" {
		t.Errorf("root %v", f.XMLName)
	}
	checkDate := func(what, s string) {
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			t.Errorf("%s: updated %q: %v", what, s, err)
		}
	}
	if f.ID == "" || f.Title == "" || len(f.Author) != 1 || f.Author[0].Name == "" {
		t.Errorf("feed id %q title %q authors %v", f.ID, f.Title, f.Author)
	}
	checkDate("feed", f.Updated)
	ids := map[string]bool{}
	for i, e := range f.Entries {
		if e.ID == "" || e.Title == "" || ids[e.ID] || len(e.Links) > 1 || e.Content.Type != "html" {
			t.Errorf("entry %d: %+v", i, e)
		}
		ids[e.ID] = true
		checkDate("entry", e.Updated)
	}
}

// The Markdown digest: the title, how many matches since when, the names
// most mentioned, and each match with its link, source and lead.
func TestDigestMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDigest(&buf, Markdown, watchSample(), sample()[:2]); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"# GSOMIA &lt;pact&gt; & co\n",
		"*2 matches since Fri 15 Nov 2019 08:00 UTC · query: GSOMIA OR \"intelligence pact\"*",
		"## Who and where\n\n- People: Taro Kono (1)\n- Places: Seoul (1)\n",
		"### [Pressure kept on Seoul for intelligence pact with Japan](https://example.org/a.html)\n",
		"Tokyo and Washington continued to exert pressure on Seoul.\n",
		"### [Pressure kept on Seoul for intelligence pact with Japan](https://example.org/b.html)\n",
		"Only the feed text.\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("digest lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "Second paragraph") {
		t.Errorf("the digest has more than the lead:\n%s", md)
	}
}

// The HTML digest parses, and holds the same: one article per match
// with a link and a lead, and the names.
func TestDigestHTML(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDigest(&buf, HTML, watchSample(), sample()); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var articles, links int
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.ElementNode && n.Data == "article":
			articles++
		case n.Type == html.ElementNode && n.Data == "a":
			links++
		case n.Type == html.ElementNode && n.Data == "script":
			t.Error("a script element in the digest")
		case n.Type == html.TextNode:
			text.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if articles != len(sample()) || links != 2 {
		t.Errorf("%d articles and %d links, want %d and 2", articles, links, len(sample()))
	}
	for _, want := range []string{"GSOMIA <pact> & co", "People: Taro Kono (1)", "Tokyo and Washington continued", "Only the feed text."} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("digest text lacks %q", want)
		}
	}
	if err := WriteDigest(io.Discard, JSON, watchSample(), nil); err == nil {
		t.Error("a JSON digest was written")
	}
}
