package feeds

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"

	"github.com/dateline-news/dateline/feeds/internal/fastfeed"
)

// document is what one fetched body turned out to be.
type document struct {
	items []Item
	// kind is "feed", "list" (a China Daily section page) or "html" (a page
	// that is neither; discovered may name its feed).
	kind       string
	discovered string // feed advertised by an HTML page (autodiscovery)
	next       string // list page: the "Next" page
	section    string // list page: the section name
	title      string // the feed's own title, sanitised (a list page: its section)
}

// ParseFeed parses one fetched body into sanitised items: an RSS, Atom or
// JSON feed (through gofeed, with China Daily's quirks handled; RSS
// 2.0/0.9x and Atom documents that the fast path, internal/fastfeed, reads
// with certainty skip gofeed's XML parser for the same result), or a
// China Daily section list page. contentType is the HTTP Content-Type (its
// charset is used when the body is not UTF-8); pageURL is the body's URL,
// against which relative links resolve; now stamps items that carry no
// date. An HTML page that only advertises a feed is a KindNotAFeed error
// here, because following it takes a fetch: Fetcher.Fetch does that.
// Errors are *SourceError.
func ParseFeed(body []byte, contentType, pageURL string, src Source, now time.Time) ([]Item, error) {
	doc, err := parseDocument(body, contentType, pageURL, src, now, parseOptions{})
	if err != nil {
		return nil, err
	}
	if doc.kind == "html" {
		if doc.discovered != "" {
			return nil, &SourceError{Kind: KindNotAFeed, Detail: "not a feed (the page links to one at " + doc.discovered + ")"}
		}
		return nil, &SourceError{Kind: KindNotAFeed, Detail: "not a feed"}
	}
	return doc.items, nil
}

var errEmpty = &SourceError{Kind: KindEmpty, Detail: "empty response"}

// parseOptions changes how a document is parsed; the zero value is what
// ParseFeed and Fetch use.
type parseOptions struct {
	// gofeedOnly skips the fast path (internal/fastfeed) and parses every
	// feed through gofeed, the reference the fast path is tested against.
	gofeedOnly bool
}

// parseDocument reads one fetched body: a feed (through the fast path
// when it accepts the document, else gofeed), a China Daily list page, or
// another HTML page.
//
// Every step runs under guard except the fast path: a panic there is a
// bug in Dateline's own parser, which must show (the differential fuzz
// target in internal/fastfeed fails on it, and in the program the
// refresh records it as the source's error) instead of being turned into
// "invalid feed" here and hidden behind gofeed.
func parseDocument(body []byte, contentType, pageURL string, src Source, now time.Time, opts parseOptions) (*document, error) {
	in, err := guard(func() (*bodyText, error) { return readBody(body, contentType) })
	if err != nil {
		return nil, err
	}
	var fast *gofeed.Feed
	if in.ft != gofeed.FeedTypeUnknown && !opts.gofeedOnly {
		fast, _ = fastfeed.Parse(in.text, in.ft)
	}
	return guard(func() (*document, error) { return parseBody(in, fast, pageURL, src, now) })
}

// guard runs one step of parsing a body. The parsers it calls (gofeed,
// goquery, x/net/html, x/text's decoders) are third-party code fed hostile
// input: a panic in one of them is this source's error, not the program's
// end.
func guard[T any](step func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			v, err = zero, &SourceError{Kind: KindInvalidFeed, Detail: "invalid or truncated feed", Err: fmt.Errorf("parser panic: %v", r)}
		}
	}()
	return step()
}

// bodyText is a fetched body as the parsers read it (see documentText).
type bodyText struct {
	text    []byte
	ft      gofeed.FeedType // RSS, Atom or JSON as gofeed detects them; else FeedTypeUnknown
	htmlish bool            // looks like an HTML page
}

// readBody prepares a body for the parsers. A feed's shape is checked
// here, before either parser (the fast path or gofeed) sees it.
func readBody(body []byte, contentType string) (*bodyText, error) {
	if len(bytes.TrimSpace(bytes.TrimPrefix(body, []byte{0xEF, 0xBB, 0xBF}))) == 0 {
		return nil, errEmpty
	}
	in := &bodyText{}
	in.text, in.htmlish = documentText(body, contentType)
	switch ft := detectFeedType(in.text); ft {
	case gofeed.FeedTypeRSS, gofeed.FeedTypeAtom, gofeed.FeedTypeJSON:
		in.ft = ft
		shape := "xml"
		if ft == gofeed.FeedTypeJSON {
			shape = "json"
		}
		if err := checkShape(in.text, shape); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// parseBody parses a prepared body; fast is the fast path's result for a
// feed it accepted, else nil.
func parseBody(in *bodyText, fast *gofeed.Feed, pageURL string, src Source, now time.Time) (*document, error) {
	if in.ft != gofeed.FeedTypeUnknown {
		items, title, err := parseFeed(in, fast, pageURL, src, now)
		if err != nil {
			return nil, err
		}
		return &document{kind: "feed", items: items, title: title}, nil
	}
	if !in.htmlish {
		return nil, &SourceError{Kind: KindNotAFeed, Detail: "not a feed", Err: gofeed.ErrFeedTypeNotDetected}
	}
	if err := checkShape(in.text, "html"); err != nil {
		return nil, err
	}
	gq, err := goquery.NewDocumentFromReader(bytes.NewReader(in.text))
	if err != nil {
		return nil, &SourceError{Kind: KindNotAFeed, Detail: "not a feed", Err: err}
	}
	doc := &document{kind: "html", discovered: discoverFeed(gq, pageURL)}
	if lp, ok := parseListPage(gq, pageURL, src, now); ok {
		doc.kind = "list"
		doc.items = lp.items
		doc.next = lp.next
		doc.section = lp.section
	}
	return doc, nil
}

// documentText returns a body as the parsers read it: UTF-8 (see toUTF8),
// declared as UTF-8, without the characters XML forbids. htmlish says
// whether the body looks like an HTML page.
func documentText(body []byte, contentType string) (text []byte, htmlish bool) {
	htmlish = looksLikeHTMLDoc(body, contentType)
	text, _ = toUTF8(body, contentType, htmlish)
	return StripXMLIllegal(declareUTF8(text)), htmlish
}

// detectFeedType is gofeed's detection, on the prefix gofeed looks at.
func detectFeedType(text []byte) gofeed.FeedType {
	return gofeed.DetectFeedType(bytes.NewReader(text[:min(len(text), 4096)]))
}

// looksLikeHTMLDoc reports whether a body is an HTML page rather than
// XML or JSON.
func looksLikeHTMLDoc(body []byte, contentType string) bool {
	ct := strings.ToLower(contentType)
	if strings.Contains(ct, "html") && !strings.Contains(ct, "xhtml+xml") {
		return true
	}
	head := bytes.ToLower(body[:min(len(body), 2048)])
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body"} {
		if bytes.Contains(head, []byte(tag)) {
			return true
		}
	}
	return false
}

// rssTranslator skips gofeed's fallback that parses every item's HTML to
// find an image: it costs more than the rest of the parse, and
// feedItems finds images itself. internal/fastfeed translates with the
// same settings, so that both paths give the same gofeed.Feed;
// TestFastPathEdgeCases has a feed on which the two settings differ.
var rssTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}

// parseFeed turns an RSS, Atom or JSON feed into items: the fast path's
// result when there is one, else gofeed's.
func parseFeed(in *bodyText, fast *gofeed.Feed, pageURL string, src Source, now time.Time) ([]Item, string, error) {
	if fast != nil {
		return feedItems(fast, in.text, pageURL, src, now), feedTitle(fast), nil
	}
	f, err := parseGofeed(in.text)
	if err != nil && in.ft == gofeed.FeedTypeJSON {
		if fixed, ok := dropBadJSONItems(in.text); ok {
			f, err = parseGofeed(fixed)
		}
	}
	if err != nil {
		return nil, "", err
	}
	return feedItems(f, in.text, pageURL, src, now), feedTitle(f), nil
}

// feedTitle is a feed's own title, sanitised and capped like an item's.
func feedTitle(f *gofeed.Feed) string {
	return capRunes(Sanitize(f.Title), MaxTitleRunes, false)
}

func parseGofeed(text []byte) (*gofeed.Feed, error) {
	p := gofeed.NewParser()
	p.RSSTranslator = rssTranslator
	f, err := p.Parse(bytes.NewReader(text))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, &SourceError{Kind: KindNotAFeed, Detail: "not a feed", Err: err}
		}
		return nil, &SourceError{Kind: KindInvalidFeed, Detail: "invalid or truncated feed", Err: err}
	}
	return f, nil
}

// feedItems turns a parsed feed into sanitised items.
func feedItems(f *gofeed.Feed, text []byte, pageURL string, src Source, now time.Time) []Item {
	base := pageURL
	if SafeLink(base, "") == "" {
		base = SafeLink(f.Link, "")
	}
	zone := feedZone(src, pageURL, f.Link, f.Title, f.Language)
	var encImgs []string
	if f.FeedType == "rss" && bytes.Contains(text, []byte("<enclosure")) {
		encImgs = rssEnclosureImages(text, len(f.Items))
	}
	fc := feedContext{
		base: base, zone: zone, now: now,
		sourceName: Sanitize(src.Name),
		sourceURL:  SafeLink(src.URL, ""),
	}
	items := make([]Item, 0, len(f.Items))
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		encImg := ""
		if i < len(encImgs) {
			encImg = encImgs[i]
		}
		items = append(items, translateItem(it, &fc, encImg))
	}
	return items
}

// feedContext is what every item of one feed shares.
type feedContext struct {
	base                  string // pageURL, else the feed's link, for relative links
	zone                  *time.Location
	now                   time.Time
	sourceName, sourceURL string // sanitised
}

func translateItem(it *gofeed.Item, fc *feedContext, encImg string) Item {
	base, zone, now := fc.base, fc.zone, fc.now
	out := Item{
		SourceName: fc.sourceName,
		SourceURL:  fc.sourceURL,
		Title:      capLine(it.Title, MaxTitleRunes),
		GUID:       Sanitize(it.GUID),
	}
	switch {
	case strings.TrimSpace(it.Link) != "":
		out.Link = SafeLink(it.Link, base)
	case strings.HasPrefix(strings.ToLower(strings.TrimSpace(it.GUID)), "http"):
		out.Link = SafeLink(it.GUID, base)
	}
	out.Author = itemAuthor(it)
	out.Published, out.PublishedFrom = itemDate(it, zone, now)

	// The whole description stays the content when there is no other;
	// the summary is capped.
	desc := HTMLToText(it.Description)
	out.Summary = capRunes(desc, MaxSummaryRunes, false)
	raw := it.Content
	if strings.TrimSpace(raw) == "" {
		raw = customField(it, "content")
	}
	if strings.TrimSpace(raw) != "" {
		out.ContentHTML = safeContentHTML(raw, base)
		out.Content = HTMLToText(out.ContentHTML)
	}
	if out.Content == "" {
		out.Content = desc
	}
	if out.Summary == "" && out.Content != "" {
		out.Summary = firstParagraph(out.Content, 300)
	}
	out.ImageURL = itemImage(it, base, encImg, out.ContentHTML)
	for _, c := range it.Categories {
		c, cut := preCut(c, MaxCategoryRunes*rawBytesPerRune)
		if c = capRunes(Sanitize(c), MaxCategoryRunes, cut); c != "" {
			out.Categories = append(out.Categories, c)
		}
	}
	out.ID = itemKeyID(out)
	return out
}

// textLine turns a feed's title-like field into one sanitised line,
// decoding HTML when the feed escaped it twice or marked it up.
func textLine(s string) string {
	if looksLikeHTML(s) {
		s = htmlToText(s)
	}
	return Sanitize(s)
}

// safeContentHTML sanitises an item body; a body that is plain text is
// wrapped in paragraphs instead of being parsed as markup.
func safeContentHTML(raw, base string) string {
	if looksLikeHTML(raw) {
		return SanitizeHTML(raw, base)
	}
	var b strings.Builder
	for _, p := range strings.Split(SanitizeText(raw), "\n\n") {
		if p == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(html.EscapeString(p), "\n", "<br />"))
		b.WriteString("</p>")
	}
	return b.String()
}

// customField looks up a non-standard element gofeed kept in Custom,
// ignoring case. When several keys differ only in case and none is
// spelled exactly name, the smallest key wins, so the choice does not
// depend on map order.
func customField(it *gofeed.Item, name string) string {
	if it.Custom == nil {
		return ""
	}
	if v, ok := it.Custom[name]; ok {
		return v
	}
	key, found := "", false
	for k := range it.Custom {
		if strings.EqualFold(k, name) && (!found || k < key) {
			key, found = k, true
		}
	}
	if !found {
		return ""
	}
	return it.Custom[key]
}

// itemAuthor is an item's authors, joined and capped at MaxAuthorRunes.
func itemAuthor(it *gofeed.Item) string {
	return capRunes(itemAuthors(it), MaxAuthorRunes, false)
}

func itemAuthors(it *gofeed.Item) string {
	var names []string
	add := func(s string) {
		s = capLine(s, MaxAuthorRunes)
		if s != "" && !slices.Contains(names, s) {
			names = append(names, s)
		}
	}
	for _, p := range it.Authors {
		if p != nil {
			if p.Name != "" {
				add(p.Name)
			} else if p.Email != "" {
				add(p.Email)
			}
		}
	}
	if len(names) == 0 && it.Author != nil {
		add(it.Author.Name)
	}
	if len(names) == 0 {
		add(customField(it, "AuthorName"))
	}
	if len(names) == 0 && it.DublinCoreExt != nil {
		for _, c := range it.DublinCoreExt.Creator {
			add(c)
		}
	}
	return strings.Join(names, ", ")
}

// itemDate finds an item's date: its published date, else its updated
// date, else the time in a China Daily WS id in its link, else now.
// Zoneless dates are read in the source's zone (Beijing time for China
// Daily), and every date is shown in that zone when it is known.
func itemDate(it *gofeed.Item, zone *time.Location, now time.Time) (time.Time, string) {
	if t, ok := parseDate(it.Published, it.PublishedParsed, zone); ok {
		// gofeed copies an Atom entry's <updated> into Published when it
		// has no <published>.
		if it.Published == it.Updated {
			return t, "updated"
		}
		return t, "pubDate"
	}
	if t, ok := parseDate(it.Updated, it.UpdatedParsed, zone); ok {
		return t, "updated"
	}
	if t, ok := wsTime(now, it.Link, it.GUID); ok {
		return t, "wsid"
	}
	if zone != nil {
		now = now.In(zone)
	}
	return now, "fetched"
}

func parseDate(raw string, parsed *time.Time, zone *time.Location) (time.Time, bool) {
	if strings.TrimSpace(raw) == "" && (parsed == nil || parsed.IsZero()) {
		return time.Time{}, false
	}
	loc := zone
	if loc == nil {
		loc = time.UTC
	}
	if t, ok := parseZoneless(raw, loc); ok {
		return t, true
	}
	if parsed != nil && !parsed.IsZero() {
		t := *parsed
		if zone != nil {
			t = t.In(zone)
		}
		return t, true
	}
	return time.Time{}, false
}

func itemImage(it *gofeed.Item, base, encImg, contentHTML string) string {
	for _, e := range it.Enclosures {
		if e == nil || e.URL == "" {
			continue
		}
		if e.Type == "" || strings.HasPrefix(strings.ToLower(e.Type), "image/") {
			if u := SafeLink(e.URL, base); u != "" {
				return u
			}
		}
	}
	if encImg != "" {
		if u := SafeLink(html.UnescapeString(encImg), base); u != "" {
			return u
		}
	}
	if it.Image != nil {
		if u := SafeLink(it.Image.URL, base); u != "" {
			return u
		}
	}
	if m := imgSrc().FindStringSubmatch(contentHTML); m != nil {
		return SafeLink(html.UnescapeString(firstNonEmpty(m[1:]...)), base)
	}
	return ""
}

func firstParagraph(s string, maxRunes int) string {
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	s = Sanitize(s)
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	r := []rune(s)[:maxRunes]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > maxRunes/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

var (
	imgSrc = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)
	})
	rssItemBlock = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?s)<item[\s>].*?</item>`)
	})
	enclosureBlock = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?s)<enclosure\b[^>]*?>(.*?)</enclosure>`)
	})
)

// rssEnclosureImages recovers, per item, the image inside an <enclosure>
// element's text (China Daily writes <enclosure><![CDATA[<img src=…>]]>
// with no url attribute, and gofeed drops the text). It returns nil unless
// it finds exactly n items, so it never attributes an image to the wrong
// item.
func rssEnclosureImages(text []byte, n int) []string {
	blocks := rssItemBlock().FindAll(text, -1)
	if len(blocks) != n {
		return nil
	}
	out := make([]string, n)
	for i, b := range blocks {
		m := enclosureBlock().FindSubmatch(b)
		if m == nil {
			continue
		}
		inner := string(m[1])
		inner = strings.TrimSpace(inner)
		if strings.HasPrefix(inner, "<![CDATA[") {
			inner = strings.TrimSuffix(strings.TrimPrefix(inner, "<![CDATA["), "]]>")
		} else {
			inner = html.UnescapeString(inner)
		}
		if s := imgSrc().FindStringSubmatch(inner); s != nil {
			out[i] = firstNonEmpty(s[1:]...)
		}
	}
	return out
}

// itemKeyID is the ID of a parsed item: from its canonical link, else its
// GUID (scoped to the source when the GUID is not itself a URL, since
// plain GUIDs such as "123" repeat across sites), else its title.
func itemKeyID(it Item) string {
	if id := ItemID(it.Link, ""); id != "" {
		return id
	}
	if g := guidKey(it); g != "" {
		return ItemID("", g)
	}
	if it.Title != "" {
		return ItemID("", "title:"+it.SourceURL+"\x00"+it.Title)
	}
	return ""
}

// guidKey is the GUID used for identity: as is when it is a URL,
// otherwise prefixed by the source URL.
func guidKey(it Item) string {
	g := strings.TrimSpace(it.GUID)
	if g == "" {
		return ""
	}
	if l := strings.ToLower(g); strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return g
	}
	return it.SourceURL + "\x00" + g
}
