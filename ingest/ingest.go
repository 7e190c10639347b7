// Package ingest is Dateline's one way in for news: every refresh, every
// article read in reader mode and every save goes through it, whether the
// TUI or a command-line verb asked, so the two can never disagree.
//
// A refresh (Refresh, RefreshSource) sends each source the validators
// the library holds (a conditional GET), fetches and parses it through
// the injected fetcher, and stores the result: the library merges each
// item with its stored copy (another source's copy of the same article
// fills gaps but never replaces richer text), finds its entities, region
// tags and Asia-Pacific view as it writes, and records the list the
// source sent. A source that answers 304 Not Modified keeps its last
// list; when the library cannot list it (pruned, or a file the
// validators did not come from) the source is fetched again without
// them. At most Config.Slots sources are between their fetch and the end
// of their store at once, so a refresh of many large feeds does not hold
// every parsed feed in memory while the single library writer works.
//
// An article (Article, Save) is read from the library when it is there,
// else fetched with every page, extracted, its entities found over the
// whole text (entity.ExtractBlocks), and stored; Save also marks it
// saved. Offline, nothing is fetched: an article not in the library is
// ErrOffline.
//
// What the sources carry now (Headlines) is read back from the library,
// so a source that failed lists what it sent last time.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
)

// DefaultSlots is Config.Slots' default: above the fetcher's two requests
// per host, so sources on one site are fetched as fast as the fetcher
// allows, and low enough that 20 feeds of 5,000 items are not all parsed
// and waiting for the writer at once (that peaked at 311 MB).
const DefaultSlots = 4

// ArticleBudget bounds reading one article, all its pages.
const ArticleBudget = 45 * time.Second

// ErrOffline is the error of work that needs the network when the
// pipeline is offline.
var ErrOffline = errors.New("offline: this needs the network")

// Config is what a Pipeline works with. Fetch and ReadArticle are the
// network; nil means none (offline behaviour for that part).
type Config struct {
	// Library is where everything is kept. Required.
	Library *store.Store
	// Sources are the user's sources, in the user's order.
	Sources []feeds.Source
	// Fetch fetches and parses one source (feeds.Fetcher.Fetch).
	Fetch func(ctx context.Context, src feeds.Source, cond feeds.Conditional) feeds.Result
	// ReadArticle fetches every page of an article and extracts it
	// (article.Fetch over the fetcher).
	ReadArticle func(ctx context.Context, url string) (*article.Article, error)
	// FetchImage fetches a picture of an article: its bytes and content
	// type (feeds.Fetcher.Get).
	FetchImage func(ctx context.Context, url string) ([]byte, string, error)
	// Entities finds the entities of a text (entity.Extract); nil finds
	// none. The library is opened with the same function (see Open).
	Entities EntityFunc
	// Offline: never touch the network.
	Offline bool
	// PruneBefore is the cut-off for pruning unsaved, unstarred items at
	// the start of each refresh (config.Config.PruneBefore: keep_days);
	// nil or false keeps everything.
	PruneBefore func(now time.Time) (time.Time, bool)
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Slots bounds the sources between fetch and stored (DefaultSlots
	// when 0).
	Slots int
	// Remote is the sync server ([sync] in the config), nil for none.
	// With one, a refresh is a sync (Sync): the server polls the feeds
	// and Dateline reads them from it, unless Direct.
	Remote Remote
	// Direct: fetch the sources directly even with a sync server.
	Direct bool
}

// Pipeline runs the refresh and reader mode for one library. It is safe
// for concurrent use.
type Pipeline struct {
	c     Config
	slots chan struct{}
	names *names
}

// New returns a pipeline over c.
func New(c Config) *Pipeline {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Slots <= 0 {
		c.Slots = DefaultSlots
	}
	if c.Offline {
		c.Fetch, c.ReadArticle, c.FetchImage, c.Remote = nil, nil, nil, nil
	}
	return &Pipeline{c: c, slots: make(chan struct{}, c.Slots), names: newNames(c.Sources)}
}

// Library is the pipeline's library.
func (p *Pipeline) Library() *store.Store { return p.c.Library }

// Sources are the pipeline's sources, in the user's order.
func (p *Pipeline) Sources() []feeds.Source { return p.c.Sources }

// Offline reports whether the pipeline never touches the network.
func (p *Pipeline) Offline() bool { return p.c.Offline }

// CanFetch reports whether a refresh can reach the sources (or the sync
// server).
func (p *Pipeline) CanFetch() bool {
	return p.Syncs() || p.c.Fetch != nil && len(p.c.Sources) > 0
}

// Syncs reports whether a refresh is a sync with the server.
func (p *Pipeline) Syncs() bool { return p.c.Remote != nil && !p.c.Direct }

// CanRead reports whether reader mode can fetch articles.
func (p *Pipeline) CanRead() bool { return p.c.ReadArticle != nil }

// Headlines calls fn for every headline the sources carry now (the list
// each sent in its last successful fetch, from the library), matching q,
// newest first, each article once. A source that failed lists what it
// sent last time.
func (p *Pipeline) Headlines(ctx context.Context, q query.Query, fn func(store.Listing) error) error {
	urls := make([]string, len(p.c.Sources))
	for i, s := range p.c.Sources {
		urls[i] = s.URL
	}
	if p.c.Remote != nil {
		// The server's subscriptions as last synced, new ones included.
		fs, err := p.c.Library.SyncFeeds(ctx)
		if err != nil {
			return err
		}
		for _, f := range fs {
			urls = append(urls, f.URL)
		}
	}
	return p.c.Library.Listed(ctx, urls, q, fn)
}

// Prune deletes the unsaved, unstarred items older than the cut-off
// Config.PruneBefore gives (see store.Prune) and returns how many.
func (p *Pipeline) Prune(ctx context.Context) (int, error) {
	if p.c.PruneBefore == nil {
		return 0, nil
	}
	cut, ok := p.c.PruneBefore(p.c.Now())
	if !ok || !cut.Before(p.c.Now()) {
		return 0, nil
	}
	return p.c.Library.Prune(ctx, cut)
}

func (p *Pipeline) acquire(ctx context.Context) (release func(), err error) {
	select {
	case p.slots <- struct{}{}:
		return func() { <-p.slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// recovered turns a panic in a fetcher, parser or extractor into an
// error: one broken source never stops the others.
func recovered(what string, r any) error { return fmt.Errorf("%s failed: %v", what, r) }
