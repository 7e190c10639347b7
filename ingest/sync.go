package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/store"
)

// Remote is a feed server the library syncs with (a Miniflux or Google
// Reader API server, see package syncer): it polls the feeds, and it
// keeps the read and starred state every reader of the account shares.
// A sync is one more way items come into the library, through the same
// store as a fetch: synced items are merged, indexed, tagged and read in
// reader mode exactly as fetched ones.
type Remote interface {
	// Name identifies the server and account ("miniflux URL user"): a
	// library that follows another forgets what it knew of the first.
	Name() string
	// Feeds are the account's subscriptions.
	Feeds(ctx context.Context) ([]RemoteFeed, error)
	// Changes calls page with the entries new or changed after the time
	// (unix seconds; 0: every entry), a page at a time. known reports
	// whether the library has an entry already: a server that cannot say
	// what changed (the Google Reader API) sends the entries it does not
	// know whole, and the state of the others (StateOnly).
	Changes(ctx context.Context, since int64, known func(entry string) bool, page func([]RemoteEntry) error) error
	// Send sets a state ("read", "unread", "star", "unstar") on entries.
	// Sending it twice changes nothing more.
	Send(ctx context.Context, op string, entries []string) error
	// Subscribe subscribes the account to a feed.
	Subscribe(ctx context.Context, url string) (RemoteFeed, error)
}

// RemoteFeed is one of the account's subscriptions.
type RemoteFeed struct {
	ID, URL, SiteURL, Title string
}

// RemoteEntry is one entry as the server keeps it.
type RemoteEntry struct {
	ID, FeedID                      string
	URL, Title, ContentHTML, Author string
	Tags                            []string
	// Changed is when the entry last changed on the server; zero when
	// the server does not say (a change queued here is then the later).
	Published, Changed time.Time
	Read, Starred      bool
	// StateOnly: only ID, Read and Starred are set, of an entry the
	// library knows.
	StateOnly bool
}

// RetryAfterError is an error of a server that asked to be asked again
// later (Retry-After); the library keeps the time and no sync asks
// before it.
type RetryAfterError interface {
	error
	RetryAfter() time.Duration
}

// SyncResult says what a sync did.
type SyncResult struct {
	Feeds int // the account's subscriptions
	// Pulled entries (new or changed on the server), Added of them new to
	// the library, Changed items whose state the server changed.
	Pulled, Added, Changed int
	// Pushed state changes made here that the server now has; Kept server
	// states not applied because a later change made here won.
	Pushed, Kept int
	// PerFeed counts the new items of each feed, by feed URL.
	PerFeed map[string]int
}

// ErrNoRemote is the error of a sync without a server.
var ErrNoRemote = errors.New("no sync server is set ([sync] in the config)")

// Sync pulls the subscriptions and the entries changed since the last
// sync into the library, settles read and starred state with the server
// (the later change wins, see store.ApplySynced), and sends the changes
// queued here, in order. Every step is recorded as it completes, so a
// sync stopped at any point (even killed) loses nothing: the next one
// pulls again from the last recorded point and sends again what was not
// acknowledged, which changes nothing the server has already.
func (p *Pipeline) Sync(ctx context.Context) (SyncResult, error) {
	res := SyncResult{PerFeed: map[string]int{}}
	r := p.c.Remote
	if r == nil {
		return res, ErrNoRemote
	}
	lib := p.c.Library
	if err := lib.FollowServer(ctx, r.Name()); err != nil {
		return res, err
	}
	sv, err := lib.SyncServer(ctx)
	if err != nil {
		return res, err
	}
	if now := p.c.Now(); sv.RetryAt.After(now) {
		return res, &WaitError{Until: sv.RetryAt, Server: true, Now: now}
	}
	err = p.syncSteps(ctx, r, sv, &res)
	var ra RetryAfterError
	if errors.As(err, &ra) && ra.RetryAfter() > 0 {
		_ = lib.SetSyncRetry(ctx, p.c.Now().Add(ra.RetryAfter())) // the error says it anyway
	}
	return res, err
}

func (p *Pipeline) syncSteps(ctx context.Context, r Remote, sv store.SyncServer, res *SyncResult) error {
	lib := p.c.Library
	fs, err := r.Feeds(ctx)
	if err != nil {
		return err
	}
	res.Feeds = len(fs)
	byID := make(map[string]RemoteFeed, len(fs))
	rows := make([]store.SyncFeed, 0, len(fs))
	for _, f := range fs {
		f.Title = feeds.Sanitize(f.Title)
		if f.Title == "" {
			f.Title = feeds.URLName(f.URL)
		}
		byID[f.ID] = f
		rows = append(rows, store.SyncFeed{ID: f.ID, URL: f.URL, Title: f.Title})
	}
	if err := lib.PutSyncFeeds(ctx, rows); err != nil {
		return err
	}
	since := sv.Cursor
	if since > 0 {
		since-- // the server counts in seconds: take the last one again
	}
	known, err := lib.SyncEntryIDs(ctx)
	if err != nil {
		return err
	}
	var cursor int64
	err = r.Changes(ctx, since, func(e string) bool { return known[e] }, func(page []RemoteEntry) error {
		for _, e := range page {
			cursor = max(cursor, e.Changed.Unix())
		}
		return p.storePage(ctx, page, byID, res)
	})
	if err != nil {
		return err
	}
	// The cursor moves once every page is in: pages come in the server's
	// order, not by change time, so a sync stopped half-way pulls again
	// from the old cursor.
	if _, err := lib.ApplySynced(ctx, nil, cursor); err != nil {
		return err
	}
	return p.push(ctx, r, res)
}

// storePage stores one page of entries, feed by feed, then records
// their state and the cursor.
func (p *Pipeline) storePage(ctx context.Context, page []RemoteEntry, byID map[string]RemoteFeed, res *SyncResult) error {
	lib := p.c.Library
	now := p.c.Now()
	groups := map[string][]RemoteEntry{}
	var order []string
	var states []store.SyncedEntry
	for _, e := range page {
		if e.StateOnly {
			states = append(states, store.SyncedEntry{Entry: e.ID, Read: e.Read, Starred: e.Starred, Changed: e.Changed})
			continue
		}
		if _, ok := groups[e.FeedID]; !ok {
			order = append(order, e.FeedID)
		}
		groups[e.FeedID] = append(groups[e.FeedID], e)
	}
	for _, feedID := range order {
		f, ok := byID[feedID]
		if !ok {
			f = RemoteFeed{ID: feedID, URL: "sync:feed/" + feedID, Title: "feed " + feedID}
		}
		src := feeds.Source{Name: f.Title, URL: f.URL}
		items, err := entryItems(groups[feedID], f, src, now)
		if err != nil {
			return fmt.Errorf("the entries of %s: %w", f.Title, err)
		}
		added, err := p.storeSynced(ctx, src, items, now)
		if err != nil {
			return err
		}
		res.Added += added
		res.PerFeed[f.URL] += added
		for i, e := range groups[feedID] {
			if items[i].ID == "" {
				continue
			}
			states = append(states, store.SyncedEntry{Entry: e.ID, Feed: feedID, Item: items[i].ID,
				Read: e.Read, Starred: e.Starred, Changed: e.Changed})
		}
	}
	res.Pulled += len(page)
	applied, err := lib.ApplySynced(ctx, states, 0)
	res.Changed += applied.Changed
	res.Kept += applied.Kept
	return err
}

// storeSynced stores a feed's synced items, surviving a panic.
func (p *Pipeline) storeSynced(ctx context.Context, src feeds.Source, items []feeds.Item, now time.Time) (added int, err error) {
	defer func() {
		if v := recover(); v != nil {
			added, err = 0, recovered("storing", v)
		}
	}()
	return p.c.Library.PutSynced(ctx, src, items, now)
}

// jsonFeed is the JSON Feed 1.1 document a page of one feed's entries is
// written as, so the entries are read by the same parser, sanitiser and
// ID rules as a fetched feed: an article fetched directly and synced is
// one item.
type jsonFeed struct {
	Version string         `json:"version"`
	Title   string         `json:"title"`
	Home    string         `json:"home_page_url,omitempty"`
	Feed    string         `json:"feed_url,omitempty"`
	Items   []jsonFeedItem `json:"items"`
}

type jsonFeedItem struct {
	ID        string           `json:"id"`
	URL       string           `json:"url,omitempty"`
	Title     string           `json:"title"`
	HTML      string           `json:"content_html,omitempty"`
	Published string           `json:"date_published,omitempty"`
	Authors   []jsonFeedAuthor `json:"authors,omitempty"`
	Tags      []string         `json:"tags,omitempty"`
}

type jsonFeedAuthor struct {
	Name string `json:"name"`
}

// entryItems turns entries into items, one for each entry, in order.
func entryItems(es []RemoteEntry, f RemoteFeed, src feeds.Source, now time.Time) ([]feeds.Item, error) {
	doc := jsonFeed{Version: "https://jsonfeed.org/version/1.1", Title: f.Title, Home: f.SiteURL, Feed: f.URL,
		Items: make([]jsonFeedItem, len(es))}
	for i, e := range es {
		it := jsonFeedItem{ID: e.URL, URL: e.URL, Title: e.Title, HTML: e.ContentHTML, Tags: e.Tags}
		if strings.TrimSpace(it.ID) == "" {
			it.ID = "sync-entry:" + e.ID // no link: the entry is its own identity
		}
		if !e.Published.IsZero() {
			it.Published = e.Published.Format(time.RFC3339)
		}
		if e.Author != "" {
			it.Authors = []jsonFeedAuthor{{Name: e.Author}}
		}
		doc.Items[i] = it
	}
	body, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	base := f.SiteURL
	if base == "" {
		base = f.URL
	}
	items, err := feeds.ParseFeed(body, "application/feed+json", base, src, now)
	if err != nil {
		return nil, err
	}
	if len(items) != len(es) {
		return nil, fmt.Errorf("%d entries became %d items", len(es), len(items))
	}
	return items, nil
}

// push sends the queued changes: for each item and each of read state
// and star, the last change made (sending it is the same whatever came
// before it), in batches by state. The queue is emptied up to what was
// read only once the server has every batch.
func (p *Pipeline) push(ctx context.Context, r Remote, res *SyncResult) error {
	lib := p.c.Library
	ops, err := lib.SyncQueue(ctx)
	if err != nil || len(ops) == 0 {
		return err
	}
	type key struct{ item, kind string }
	last := map[key]store.SyncOp{}
	var maxSeq int64
	for _, op := range ops {
		kind := "read"
		if op.Op == "star" || op.Op == "unstar" {
			kind = "star"
		}
		last[key{op.Item, kind}] = op
		maxSeq = max(maxSeq, op.Seq)
	}
	batches := map[string][]string{}
	count := map[string]int{}
	for _, op := range last {
		batches[op.Op] = append(batches[op.Op], op.Entries...)
		count[op.Op]++
	}
	for _, name := range []string{"read", "unread", "star", "unstar"} {
		if len(batches[name]) == 0 {
			continue
		}
		if err := r.Send(ctx, name, batches[name]); err != nil {
			return fmt.Errorf("sending %d %s: %w", count[name], name, err)
		}
		res.Pushed += count[name]
	}
	return lib.SyncSent(ctx, maxSeq)
}

// Subscribe subscribes the sync server's account to a feed and records
// it among the library's synced feeds (the next sync brings its entries).
func (p *Pipeline) Subscribe(ctx context.Context, url string) (RemoteFeed, error) {
	r := p.c.Remote
	if r == nil {
		return RemoteFeed{}, ErrNoRemote
	}
	if err := p.c.Library.FollowServer(ctx, r.Name()); err != nil {
		return RemoteFeed{}, err
	}
	f, err := r.Subscribe(ctx, url)
	if err != nil {
		return f, err
	}
	known, err := p.c.Library.SyncFeeds(ctx)
	if err != nil {
		return f, err
	}
	known = append(known, store.SyncFeed{ID: f.ID, URL: f.URL, Title: feeds.Sanitize(f.Title)})
	return f, p.c.Library.PutSyncFeeds(ctx, known)
}

// Mark changes an item's read or starred state ("read", "unread",
// "star", "unstar"): in the library, and queued for the sync server when
// the item came from one (it is sent at the next sync).
func (p *Pipeline) Mark(ctx context.Context, id, op string) error {
	lib := p.c.Library
	switch op {
	case "read", "unread":
		return lib.MarkRead(ctx, id, op == "read")
	case "star", "unstar":
		return lib.SetStarred(ctx, id, op == "star")
	}
	return fmt.Errorf("unknown state %q: want read, unread, star or unstar", op)
}
