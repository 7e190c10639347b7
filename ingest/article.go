package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/store"
)

// The library source of pages saved by URL that no feed brought.
const (
	SavedSourceName = "Saved pages"
	SavedSourceURL  = "dateline:saved"
)

// Read is an item with its reader-mode article.
type Read struct {
	Item    feeds.Item
	Article *article.Article
	// Spans are the entities of each block of Article.
	Spans [][]entity.Span
	// FromLibrary: the library had it; nothing was fetched.
	FromLibrary bool
	// StoreErr is why the library could not keep an article that was
	// fetched (it is still returned, to be read).
	StoreErr error
}

// Article returns the reader-mode article of the item with that id: the
// library's when it has one, else every page fetched, extracted, its
// entities found over the whole text and stored. Offline, an article not
// in the library is ErrOffline.
func (p *Pipeline) Article(ctx context.Context, id string) (*Read, error) {
	it, st, err := p.c.Library.Item(ctx, id)
	if err != nil {
		return nil, err
	}
	if st.HasArticle {
		a, spans, err := p.c.Library.Article(ctx, id)
		switch {
		case err == nil:
			return &Read{Item: *it, Article: a, Spans: spans, FromLibrary: true}, nil
		case !errors.Is(err, store.ErrNotFound): // pruned meanwhile: fetch it
			return nil, err
		}
	}
	if it.Link == "" {
		return nil, errors.New("the item has no link to the full article")
	}
	if strings.HasPrefix(it.SourceURL, "http://") || strings.HasPrefix(it.SourceURL, "https://") {
		// A link a feed gave: it may reach a private address only when
		// the feed is on one (feeds.WithOrigin); a page the user saved by
		// URL is the user's own.
		ctx = feeds.WithOrigin(ctx, it.SourceURL)
	}
	a, err := p.readArticle(ctx, it.Link)
	if err != nil {
		return nil, err
	}
	r := &Read{Item: *it, Article: a, Spans: p.blockSpans(a)}
	r.StoreErr = p.c.Library.PutArticle(ctx, id, a, r.Spans)
	return r, nil
}

// Save saves an article for offline reading: ref is an item's id, or a
// URL (a page no source brought is added to the library under "Saved
// pages"). The article is read as Article reads it, and the item is
// marked saved.
func (p *Pipeline) Save(ctx context.Context, ref string) (*Read, error) {
	id := ref
	isURL := strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://")
	if isURL {
		id = feeds.ItemID(ref, "")
		if id == "" {
			return nil, fmt.Errorf("%q is not a link Dateline can fetch", ref)
		}
	}
	_, _, err := p.c.Library.Item(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound) && isURL:
		if err := p.addPage(ctx, id, ref); err != nil {
			return nil, err
		}
	case errors.Is(err, store.ErrNotFound):
		return nil, fmt.Errorf("no item %q in the library (give its URL to save a page)", ref)
	case err != nil:
		return nil, err
	}
	r, err := p.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.StoreErr != nil {
		return r, r.StoreErr
	}
	if err := p.c.Library.SetSaved(ctx, id, true); err != nil {
		return r, err
	}
	return r, nil
}

// addPage stores a page saved by URL as an item of the "Saved pages"
// source, with its article.
func (p *Pipeline) addPage(ctx context.Context, id, link string) error {
	a, err := p.readArticle(ctx, link)
	if err != nil {
		return err
	}
	it := itemFromArticle(id, link, a)
	src := feeds.Source{Name: SavedSourceName, URL: SavedSourceURL}
	if _, err := p.c.Library.PutItems(ctx, src, []feeds.Item{it}); err != nil {
		return err
	}
	return p.c.Library.PutArticle(ctx, id, a, p.blockSpans(a))
}

// readArticle runs reader mode on every page of link within
// ArticleBudget, surviving a panic in it.
func (p *Pipeline) readArticle(ctx context.Context, link string) (a *article.Article, err error) {
	if p.c.ReadArticle == nil {
		if p.c.Offline {
			return nil, ErrOffline
		}
		return nil, errors.New("reader mode is not available")
	}
	defer func() {
		if v := recover(); v != nil {
			a, err = nil, recovered("reader mode", v)
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, ArticleBudget)
	defer cancel()
	a, err = p.c.ReadArticle(ctx, link)
	switch {
	case err != nil && ctx.Err() == context.DeadlineExceeded:
		return nil, fmt.Errorf("reading %s took longer than %s", link, ArticleBudget)
	case err != nil:
		return nil, err
	case a == nil || len(a.Blocks) == 0:
		return nil, errors.New("no article text found")
	}
	return a, nil
}

// blockSpans finds the entities of an article's blocks, read as one
// document, surviving a panic in the extractor.
func (p *Pipeline) blockSpans(a *article.Article) (out [][]entity.Span) {
	texts := make([]string, len(a.Blocks))
	for i, b := range a.Blocks {
		texts[i] = b.Text
	}
	defer func() {
		if recover() != nil {
			out = make([][]entity.Span, len(a.Blocks))
		}
	}()
	return entity.ExtractBlocks(p.c.Entities, texts)
}

// itemFromArticle is the item of a page saved by URL.
func itemFromArticle(id, link string, a *article.Article) feeds.Item {
	it := feeds.Item{
		ID: id, SourceName: SavedSourceName, SourceURL: SavedSourceURL,
		Title: a.Title, Link: link, Author: a.Byline, Published: a.Published,
		PublishedFrom: "article", Section: a.Section, Content: a.Text(),
	}
	if ps := a.Paragraphs(); len(ps) > 0 {
		it.Summary = ps[0]
	}
	if it.Title == "" {
		it.Title = link
	}
	return it
}
