package tui

import (
	"strings"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/ingest"
)

// entry is one headline of the library with what the TUI knows of it.
// Entries are shared by pointer with the list pane; only the root's
// Update changes them.
type entry struct {
	item    feeds.Item // the headline; its body (summary, content) once loaded
	version int        // bumped when the headline's text changes in the library

	read, saved, starred bool
	rowErr               string // short reason shown on the row ("reader: HTTP 404")

	loaded      bool // the body (summary, content) is in item
	loadingBody bool // a load from the library is in flight
	hasArticle  bool // the library holds its reader-mode article
	wantArticle bool // opened before its body loaded: read the article then
	saving      bool // s is saving it
}

func (e *entry) id() string { return e.item.ID }

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
		t := oneLine(b.Text)
		if b.Kind == article.Preformatted {
			t = feeds.SanitizePreformatted(b.Text)
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
				anchor := oneLine(b.Text[l.Start:l.End])
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

// cleanRead sanitises an article read through the pipeline. Its spans
// are kept when no block's text changed (else the reader finds them
// again).
func cleanRead(r *ingest.Read) *ingest.Read {
	if r == nil || r.Article == nil {
		return r
	}
	c := *r
	c.Item = cleanItem(r.Item)
	c.Article, c.Spans = cleanStored(r.Article, r.Spans)
	return &c
}

// cleanStored sanitises an article. Its spans are kept when no block's
// text changed (else they are found again).
func cleanStored(a *article.Article, spans [][]entity.Span) (*article.Article, [][]entity.Span) {
	c := cleanArticle(a)
	if spans == nil || len(c.Blocks) != len(a.Blocks) || len(spans) != len(a.Blocks) {
		return c, nil
	}
	out := make([][]entity.Span, len(spans))
	for i := range c.Blocks {
		if c.Blocks[i].Text != a.Blocks[i].Text {
			return c, nil
		}
		out[i] = entity.ValidSpans(c.Blocks[i].Text, spans[i])
	}
	return c, out
}

// spanName is the canonical name of a mention, else its text.
func spanName(s entity.Span) string {
	if n := oneLine(s.Canonical); n != "" {
		return n
	}
	return oneLine(s.Text)
}
