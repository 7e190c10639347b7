package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/store"
)

// maxInflight bounds the reader-mode requests a prefetch may add.
const maxInflight = 4

// articleLoader is reader mode for the session: each item's body and
// stored article read from the library, the articles asked of the
// pipeline (the library's, or fetched, their entities found, stored), the
// entities of the feed text shown when there is no article, and what the
// reader shows of an item (Content).
type articleLoader struct {
	pipeline *ingest.Pipeline
	library  *store.Store
	ctx      context.Context
	extract  func(string) []entity.Span // feed text entities; nil finds none
	prefetch bool                       // pages may be fetched before they are opened

	articles  map[string]*articleState
	feedSpans map[string]*feedSpanState
	sequence  int // request numbers
	inflight  int
}

// articleState is reader mode for one item: requested, or the article.
type articleState struct {
	seq     int
	loading bool
	art     *article.Article
	spans   [][]entity.Span // per block
	err     error
	stored  bool // the library holds it
	fromLib bool // it was read from the library, not fetched this session
}

// feedSpanState is the entities of an item's feed text (its version).
type feedSpanState struct {
	seq, version int
	done         bool
	spans        [][]entity.Span
}

// Messages of the loader's requests.
type (
	// articleMsg is the outcome of reader mode for one item.
	articleMsg struct {
		Tag  reqTag
		Read *ingest.Read
		Err  error
	}
	// bodyMsg is an item's body and state, and its stored article, read
	// from the library.
	bodyMsg struct {
		ItemID string
		Item   *feeds.Item
		State  store.State
		Art    *article.Article
		Spans  [][]entity.Span
		Err    error
		ArtErr error
	}
	// feedSpansMsg carries the entities of every block of the feed text
	// the reader shows for an item.
	feedSpansMsg struct {
		Tag   reqTag
		Spans [][]entity.Span
		Err   error
	}
)

func newArticleLoader(ctx context.Context, p *ingest.Pipeline, extract func(string) []entity.Span, prefetch bool) articleLoader {
	return articleLoader{pipeline: p, library: p.Library(), ctx: ctx, extract: extract, prefetch: prefetch,
		articles: map[string]*articleState{}, feedSpans: map[string]*feedSpanState{}}
}

// mayPrefetch reports whether the item's page may be fetched before the
// user opens it: prefetching is on and the link is on the source's own
// site (its host, or its registrable domain).
func (a *articleLoader) mayPrefetch(e *entry) bool {
	return a.prefetch && feeds.SameSite(e.item.Link, e.item.SourceURL)
}

// State is what the loader has of an item's article, or nil.
func (a *articleLoader) State(id string) *articleState { return a.articles[id] }

// Loading reports whether the item's article is being read.
func (a *articleLoader) Loading(id string) bool {
	s := a.articles[id]
	return s != nil && s.loading
}

// Retry forgets a failed request, so the next one fetches again.
func (a *articleLoader) Retry(id string) bool {
	if s := a.articles[id]; s != nil && s.err != nil && !s.loading {
		delete(a.articles, id)
		return true
	}
	return false
}

// LoadBody asks the library for an entry's body and stored article.
func (a *articleLoader) LoadBody(e *entry) tea.Cmd {
	if e.loaded || e.loadingBody {
		return nil
	}
	e.loadingBody = true
	return bodyCmd(a.ctx, a.library, e.id())
}

// OnBody takes a body read from the library into the entry (nil: the
// entry is no longer listed) and keeps its stored article.
func (a *articleLoader) OnBody(msg bodyMsg, e *entry) {
	if msg.Art != nil {
		if s := a.articles[msg.ItemID]; s == nil || (s.art == nil && !s.loading) {
			a.articles[msg.ItemID] = &articleState{art: msg.Art, spans: msg.Spans, stored: true, fromLib: true}
		}
	}
	if e == nil {
		return
	}
	e.loadingBody, e.loaded = false, true
	if it := msg.Item; it != nil {
		e.item.Summary, e.item.Content, e.item.ContentHTML = it.Summary, it.Content, it.ContentHTML
		e.item.Categories, e.item.GUID, e.item.ImageURL = it.Categories, it.GUID, it.ImageURL
		e.hasArticle = msg.State.HasArticle && msg.Art != nil
	}
}

// requestKind is why an article is asked for.
type requestKind int

const (
	requestOpen     requestKind = iota // the user opened it (enter, a click)
	requestSettle                      // the selection rested on it
	requestPrefetch                    // it is among the next few rows
)

// Request asks the pipeline for an item's article (the library's, or
// fetched and stored) unless it is here, in flight, or failed before
// (opening again retries). An item whose stored article its body load
// will bring waits for it (wantArticle). Only an open fetches any link:
// the selection resting and the prefetch fetch only links on the source's
// own site, and only when prefetching is on; a prefetch also stays under
// the in-flight bound.
func (a *articleLoader) Request(e *entry, why requestKind) tea.Cmd {
	id := e.id()
	if a.articles[id] != nil {
		return nil // here, loading, or failed (opening again retries)
	}
	if e.hasArticle && !e.loaded {
		if why != requestPrefetch {
			e.wantArticle = true
		}
		return nil
	}
	if !e.hasArticle && (e.item.Link == "" || !a.pipeline.CanRead() || why != requestOpen && !a.mayPrefetch(e)) {
		return nil
	}
	if why == requestPrefetch && a.inflight >= maxInflight {
		return nil
	}
	a.sequence++
	tag := reqTag{ItemID: id, Seq: a.sequence}
	a.articles[id] = &articleState{seq: tag.Seq, loading: true}
	a.inflight++
	return articleCmd(a.ctx, a.pipeline, tag)
}

// articleResult is what the root needs of an article that landed.
type articleResult struct {
	applied  bool  // not stale
	fetched  bool  // new in the library: queries may list it otherwise now
	storeErr error // fetched, but the library could not keep it
}

// OnArticle takes an article (or its failure) into the entry e (nil: no
// longer listed).
func (a *articleLoader) OnArticle(msg articleMsg, e *entry) articleResult {
	s := a.articles[msg.Tag.ItemID]
	if s == nil || s.seq != msg.Tag.Seq || !s.loading {
		return articleResult{} // stale: a newer request replaced this one
	}
	s.loading = false
	a.inflight--
	if msg.Err != nil {
		s.err = msg.Err
		if e != nil {
			e.rowErr = "reader: " + shortErr(msg.Err)
		}
		return articleResult{applied: true}
	}
	r := msg.Read
	s.art, s.spans, s.stored, s.fromLib = r.Article, r.Spans, r.StoreErr == nil, r.FromLibrary
	if e != nil {
		e.rowErr = ""
		e.hasArticle = e.hasArticle || s.stored
	}
	return articleResult{applied: true, fetched: !r.FromLibrary && r.StoreErr == nil, storeErr: r.StoreErr}
}

// Saved records an article a save stored.
func (a *articleLoader) Saved(id string, r *ingest.Read) {
	if s := a.articles[id]; s != nil && s.art != nil {
		s.stored = true
		return
	}
	if r != nil && r.Article != nil {
		a.articles[id] = &articleState{art: r.Article, spans: r.Spans, stored: true}
	}
}

// FeedSpans asks for the entities of the feed text shown for an item,
// once per version of its text.
func (a *articleLoader) FeedSpans(e *entry, blocks []article.Block) tea.Cmd {
	if a.extract == nil || len(blocks) == 0 {
		return nil
	}
	if s := a.feedSpans[e.id()]; s != nil && s.version == e.version {
		return nil
	}
	a.sequence++
	a.feedSpans[e.id()] = &feedSpanState{seq: a.sequence, version: e.version}
	return feedSpansCmd(a.extract, reqTag{ItemID: e.id(), Seq: a.sequence}, blockTexts(blocks))
}

// OnFeedSpans takes feed text entities; stale ones are dropped.
func (a *articleLoader) OnFeedSpans(msg feedSpansMsg) bool {
	s := a.feedSpans[msg.Tag.ItemID]
	if s == nil || s.seq != msg.Tag.Seq {
		return false
	}
	s.done, s.spans = true, msg.Spans
	return true
}

// Content builds what the reader shows of an item: the reader-mode
// article when there is one, else the feed text marked as a summary.
func (a *articleLoader) Content(e *entry) readerContent {
	it := &e.item
	c := readerContent{
		ItemID: e.id(), Kind: kindFeed, Title: it.Title, Byline: it.Author,
		Source: it.SourceName, Section: it.Section, Published: it.Published,
	}
	s := a.articles[e.id()]
	switch {
	case s != nil && s.art != nil:
		articleContent(&c, s, e.saved)
	case !e.loaded:
		c.Notice = "Reading the library…"
	default:
		a.feedContent(&c, e, s)
	}
	return c
}

// articleContent fills c with the reader-mode article.
func articleContent(c *readerContent, s *articleState, saved bool) {
	art := s.art
	c.Kind = kindArticle
	c.Blocks, c.Links, c.Spans = art.Blocks, art.Links, s.spans
	c.Title = firstNonEmpty(art.Title, c.Title)
	c.Byline = firstNonEmpty(art.Byline, c.Byline)
	c.Place = art.Place
	c.Source = firstNonEmpty(art.Source, c.Source)
	c.Section = firstNonEmpty(art.Section, c.Section)
	if !art.Published.IsZero() {
		c.Published = art.Published
	}
	c.Notice = "Reader mode"
	if art.Pages > 1 {
		c.Notice += fmt.Sprintf(" · %d pages", art.Pages)
	}
	switch {
	case saved:
		c.Notice += " · saved for offline reading"
	case s.fromLib:
		c.Notice += " · from the library"
	}
}

// feedContent fills c with the feed text of an item, and says why it is
// not the article.
func (a *articleLoader) feedContent(c *readerContent, e *entry, s *articleState) {
	it := &e.item
	c.Blocks = feedBlocks(it)
	switch {
	case a.pipeline.Offline() && it.Link != "":
		c.Notice = "Offline · summary from the feed (the full article is not in the library)"
	case !a.pipeline.CanRead():
		c.Notice = "From the feed"
	case it.Link == "":
		c.Notice = "From the feed · no link to the full article"
	case s != nil && s.loading:
		c.Notice, c.Loading = "Summary from the feed · fetching the full article…", true
	case s != nil && s.err != nil:
		c.Notice, c.NoticeErr = "Summary from the feed · full article unavailable: "+oneLine(s.err.Error()), true
	default:
		c.Notice = "Summary from the feed"
	}
	if len(c.Blocks) == 0 {
		c.Blocks = []article.Block{{Kind: article.Caption, Text: "The feed has no text for this item."}}
	}
	if fs := a.feedSpans[e.id()]; fs != nil && fs.done && fs.version == e.version {
		c.Spans = fs.spans
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func shortErr(err error) string {
	s := oneLine(err.Error())
	if len([]rune(s)) > 40 {
		s = string([]rune(s)[:39]) + "…"
	}
	return s
}

func blockTexts(bs []article.Block) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Text
	}
	return out
}

// bodyCmd reads an item's body and state, and its stored article.
func bodyCmd(ctx context.Context, st *store.Store, id string) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = bodyMsg{ItemID: id, Err: recovered(r)}
			}
		}()
		it, state, err := st.Item(ctx, id)
		out := bodyMsg{ItemID: id, State: state, Err: err}
		if err != nil {
			return out
		}
		c := cleanItem(*it)
		out.Item = &c
		if state.HasArticle {
			a, spans, err := st.Article(ctx, id)
			switch {
			case err == nil:
				out.Art, out.Spans = cleanStored(a, spans)
			case !errors.Is(err, store.ErrNotFound):
				out.ArtErr = err
			}
		}
		return out
	}
}

// articleCmd reads an item's article through the pipeline: from the
// library, or fetched (every page), its entities found, and stored.
func articleCmd(ctx context.Context, p *ingest.Pipeline, tag reqTag) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = articleMsg{Tag: tag, Err: fmt.Errorf("reader mode failed: %v", r)}
			}
		}()
		r, err := p.Article(ctx, tag.ItemID)
		if err == nil {
			r = cleanRead(r)
		}
		return articleMsg{Tag: tag, Read: r, Err: err}
	}
}

// feedSpansCmd finds the entities of the feed text's blocks, read as one
// document (entity.ExtractBlocks, as for an article).
func feedSpansCmd(extract func(string) []entity.Span, tag reqTag, blocks []string) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = feedSpansMsg{Tag: tag, Err: fmt.Errorf("entities: %v", r)}
			}
		}()
		return feedSpansMsg{Tag: tag, Spans: entity.ExtractBlocks(extract, blocks)}
	}
}
