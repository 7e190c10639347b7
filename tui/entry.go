package tui

import (
	"strings"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
)

// entry is one headline with what the TUI derived from it. Entries live
// in the root's store and are shared by pointer with the list pane; only
// the root's Update changes them.
type entry struct {
	item feeds.Item
	ver  int // bumped when the item's text changes on a refresh

	doc       query.Doc // built once per text version (in a Cmd)
	feedEnts  []query.Entity
	artEnts   []query.Entity
	regions   []string // from the feed text
	artRegion []string // from the reader-mode text
	entsAsked bool     // entity extraction of the feed text requested
	ap        bool     // the Asia-Pacific view lists it

	read, saved, starred bool
	rowErr               string // short reason shown on the row ("reader: HTTP 404")

	// With the library: lib entries are rows of a library search (a
	// headline without its body until loaded); the others are items this
	// session holds in memory only (the library could not store them).
	lib         bool
	loaded      bool // the body (summary, content) is in item
	loadingBody bool // a load from the library is in flight
	hasArticle  bool // the library holds its reader-mode article
	wantArticle bool // opened before its body loaded: fetch reader mode then
	saving      bool // s is fetching and storing its article
}

func (e *entry) id() string { return e.item.ID }

// syncDoc copies the mutable parts (state, entities, regions) into the doc.
func (e *entry) syncDoc() {
	e.doc.Read, e.doc.Saved, e.doc.Starred = e.read, e.saved, e.starred
	e.doc.Entities = unionEntities(e.feedEnts, e.artEnts)
	e.doc.Regions = unionStrings(e.regions, e.artRegion)
	// No region evidence at all: the item is listed under "all" only.
	e.ap = sectionAsiaPacific(e.item) || primaryAsiaPacific(e.regions, e.artRegion)
}

// itemKey is the identity used to merge items from several sources.
func itemKey(it *feeds.Item) string {
	switch {
	case it.ID != "":
		return it.ID
	case it.Link != "":
		return "link:" + it.Link
	case it.GUID != "":
		return "guid:" + it.GUID
	}
	return "title:" + it.SourceURL + "\x00" + it.Title
}

// cleanItem runs every string of an item through clean, so nothing the
// feed sent can drive the terminal even if it slipped past the feeds
// package.
func cleanItem(it feeds.Item) feeds.Item {
	it.Title = oneLine(it.Title)
	it.SourceName = oneLine(it.SourceName)
	it.Author = oneLine(it.Author)
	it.Section = oneLine(it.Section)
	it.Summary = clean(it.Summary)
	it.Content = clean(it.Content)
	it.Link = oneLine(it.Link)
	if it.ID == "" {
		it.ID = itemKey(&it)
	}
	return it
}

func cleanArticle(a *article.Article) *article.Article {
	if a == nil {
		return nil
	}
	c := *a
	c.Title = oneLine(a.Title)
	c.Byline = oneLine(a.Byline)
	c.Place = oneLine(a.Place)
	c.Source = oneLine(a.Source)
	c.Section = oneLine(a.Section)
	c.Blocks = make([]article.Block, 0, len(a.Blocks))
	for _, b := range a.Blocks {
		t := clean(b.Text)
		if b.Kind != article.Preformatted {
			t = strings.Join(strings.Fields(t), " ")
		}
		if strings.TrimSpace(t) == "" && b.Kind != article.Image {
			continue
		}
		nb := b
		nb.Text = t
		nb.Links = nil
		if t == b.Text {
			nb.Links = b.Links
		} else {
			// Offsets no longer fit: re-find each anchor in the cleaned text.
			off := 0
			for _, l := range b.Links {
				if !validRange(b.Text, l.Start, l.End) {
					continue
				}
				anchor := strings.Join(strings.Fields(clean(b.Text[l.Start:l.End])), " ")
				if anchor == "" {
					continue
				}
				if i := strings.Index(t[off:], anchor); i >= 0 {
					s := off + i
					nb.Links = append(nb.Links, article.InlineLink{Start: s, End: s + len(anchor), URL: l.URL})
					off = s + len(anchor)
				}
			}
		}
		c.Blocks = append(c.Blocks, nb)
	}
	c.Links = make([]article.Link, len(a.Links))
	for i, l := range a.Links {
		c.Links[i] = article.Link{Text: oneLine(l.Text), URL: oneLine(l.URL)}
	}
	return &c
}

// feedBlocks turns the feed text of an item into paragraphs: Content,
// else Summary, split on blank lines.
func feedBlocks(it *feeds.Item) []article.Block {
	text := it.Content
	if strings.TrimSpace(text) == "" {
		text = it.Summary
	}
	var out []article.Block
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n\n") {
		p = strings.Join(strings.Fields(p), " ")
		if p != "" {
			out = append(out, article.Block{Kind: article.Paragraph, Text: p})
		}
	}
	return out
}

// articleText joins the blocks of an article for the filter's doc.
func articleText(a *article.Article) string {
	if a == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(a.Title)
	for _, bl := range a.Blocks {
		b.WriteByte('\n')
		b.WriteString(bl.Text)
	}
	return b.String()
}

// newDoc builds the filter document of an item (and its article text,
// when reader mode has it).
func newDoc(it *feeds.Item, artText string) query.Doc {
	d := query.NewDoc(it.SourceName, it.Title, it.Summary, it.Content, artText)
	d.Published = it.Published
	return d
}

// entityText is what the entity extractor reads of an item for the
// filter and the regions: title, summary and content.
func entityText(it *feeds.Item) string {
	var b strings.Builder
	b.WriteString(it.Title)
	b.WriteString("\n\n")
	if !strings.HasPrefix(strings.TrimSpace(it.Content), strings.TrimSpace(it.Summary)) || it.Content == "" {
		b.WriteString(it.Summary)
		b.WriteString("\n\n")
	}
	b.WriteString(it.Content)
	return b.String()
}

func toQueryEntities(spans []entity.Span) []query.Entity {
	if len(spans) == 0 {
		return nil
	}
	seen := make(map[query.Entity]bool, len(spans))
	var out []query.Entity
	for _, s := range spans {
		e := query.Entity{Label: string(s.Label), Name: spanName(s)}
		if e.Name == "" || seen[e] {
			continue
		}
		seen[e] = true
		out = append(out, e)
	}
	return out
}

// spanName is the canonical name of a mention, else its text.
func spanName(s entity.Span) string {
	if n := oneLine(s.Canonical); n != "" {
		return n
	}
	return oneLine(s.Text)
}

func unionEntities(a, b []query.Entity) []query.Entity {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	seen := make(map[query.Entity]bool, len(a)+len(b))
	out := make([]query.Entity, 0, len(a)+len(b))
	for _, l := range [][]query.Entity{a, b} {
		for _, e := range l {
			if !seen[e] {
				seen[e] = true
				out = append(out, e)
			}
		}
	}
	return out
}

func unionStrings(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := append([]string(nil), a...)
	for _, s := range b {
		found := false
		for _, t := range out {
			if strings.EqualFold(s, t) {
				found = true
				break
			}
		}
		if !found {
			out = append(out, s)
		}
	}
	return out
}

// asiaPacificRegions are the region tags grouped as Asia-Pacific.
var asiaPacificRegions = []string{"asia-pacific", "asia pacific", "east asia", "southeast asia", "south-east asia", "south asia", "oceania"}

func isAsiaPacific(region string) bool {
	r := strings.ToLower(strings.TrimSpace(region))
	for _, ap := range asiaPacificRegions {
		if r == ap {
			return true
		}
	}
	return false
}

// primaryAsiaPacific reports whether the article's main region is in
// Asia-Pacific. Regions come most mentioned first, so the first tag is
// what the article is about: a Kenyan tea story that names one buyer from
// Pakistan is African news, not Asia-Pacific news. The reader-mode text,
// when there is one, is the better evidence.
func primaryAsiaPacific(feed, art []string) bool {
	regions := feed
	if len(art) > 0 {
		regions = art
	}
	return len(regions) > 0 && isAsiaPacific(regions[0])
}

// sectionAsiaPacific: the source files the item under Asia Pacific.
func sectionAsiaPacific(it feeds.Item) bool {
	if isAsiaPacific(strings.ReplaceAll(it.Section, "_", " ")) {
		return true
	}
	for _, c := range it.Categories {
		if isAsiaPacific(c) {
			return true
		}
	}
	return false
}
