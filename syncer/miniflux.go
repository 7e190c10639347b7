package syncer

import (
	"context"
	"net/http"
	"strconv"

	miniflux "miniflux.app/v2/client"

	"github.com/dateline-news/dateline/ingest"
)

// minifluxPage is how many entries one request asks for (the server
// allows up to 1,000).
const minifluxPage = 500

// Miniflux is a Miniflux server, through its REST API.
type Miniflux struct {
	conn
	c *miniflux.Client
}

func newMiniflux(base conn, hc *http.Client, password bool) *Miniflux {
	auth := miniflux.WithAPIKey(base.secret)
	if password {
		auth = miniflux.WithCredentials(base.user, base.secret)
	}
	return &Miniflux{conn: base, c: miniflux.NewClientWithOptions(base.url, auth, miniflux.WithHTTPClient(hc))}
}

// Name identifies the server and account.
func (m *Miniflux) Name() string { return KindMiniflux + " " + m.url + " " + m.user }

// Feeds are the account's subscriptions.
func (m *Miniflux) Feeds(ctx context.Context) ([]ingest.RemoteFeed, error) {
	fs, err := m.c.FeedsContext(ctx)
	if err != nil {
		return nil, m.classify("reading the subscriptions", err)
	}
	out := make([]ingest.RemoteFeed, 0, len(fs))
	for _, f := range fs {
		out = append(out, ingest.RemoteFeed{ID: strconv.FormatInt(f.ID, 10), URL: f.FeedURL, SiteURL: f.SiteURL, Title: f.Title})
	}
	return out, nil
}

// Changes pages through the entries changed after since, by entry id
// (a keyset: no entry is skipped or repeated while others change).
func (m *Miniflux) Changes(ctx context.Context, since int64, _ func(string) bool, page func([]ingest.RemoteEntry) error) error {
	var after int64
	for {
		f := &miniflux.Filter{Order: "id", Direction: "asc", Limit: minifluxPage, AfterEntryID: after, ChangedAfter: since}
		rs, err := m.c.EntriesContext(ctx, f)
		if err != nil {
			return m.classify("reading the entries", err)
		}
		if len(rs.Entries) == 0 {
			return nil
		}
		es := make([]ingest.RemoteEntry, 0, len(rs.Entries))
		for _, e := range rs.Entries {
			es = append(es, minifluxEntry(e))
			after = max(after, e.ID)
		}
		if err := page(es); err != nil {
			return err
		}
		if len(rs.Entries) < minifluxPage {
			return nil
		}
	}
}

func minifluxEntry(e *miniflux.Entry) ingest.RemoteEntry {
	return ingest.RemoteEntry{
		ID: strconv.FormatInt(e.ID, 10), FeedID: strconv.FormatInt(e.FeedID, 10),
		URL: e.URL, Title: e.Title, ContentHTML: e.Content, Author: e.Author, Tags: e.Tags,
		Published: e.Date, Changed: e.ChangedAt,
		// "removed" (hidden on the server) counts as read: not new.
		Read: e.Status != miniflux.EntryStatusUnread, Starred: e.Starred,
	}
}

// Send sets a state on entries.
func (m *Miniflux) Send(ctx context.Context, op string, entries []string) error {
	ids := make([]int64, 0, len(entries))
	for _, e := range entries {
		if id, err := strconv.ParseInt(e, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	for len(ids) > 0 {
		part := ids[:min(len(ids), minifluxPage)]
		ids = ids[len(part):]
		var err error
		switch op {
		case "read":
			err = m.c.UpdateEntriesContext(ctx, part, miniflux.EntryStatusRead)
		case "unread":
			err = m.c.UpdateEntriesContext(ctx, part, miniflux.EntryStatusUnread)
		case "star", "unstar":
			err = m.c.UpdateEntriesStarredContext(ctx, part, op == "star")
		}
		if err != nil {
			return m.classify("sending "+op, err)
		}
	}
	return nil
}

// Subscribe subscribes the account to a feed, in its first category.
func (m *Miniflux) Subscribe(ctx context.Context, url string) (ingest.RemoteFeed, error) {
	cats, err := m.c.CategoriesContext(ctx)
	if err != nil {
		return ingest.RemoteFeed{}, m.classify("reading the categories", err)
	}
	req := &miniflux.FeedCreationRequest{FeedURL: url}
	if len(cats) > 0 {
		req.CategoryID = cats[0].ID
	}
	id, err := m.c.CreateFeedContext(ctx, req)
	if err != nil {
		return ingest.RemoteFeed{}, m.classify("subscribing to "+url, err)
	}
	f, err := m.c.FeedContext(ctx, id)
	if err != nil {
		return ingest.RemoteFeed{}, m.classify("reading the new subscription", err)
	}
	return ingest.RemoteFeed{ID: strconv.FormatInt(f.ID, 10), URL: f.FeedURL, SiteURL: f.SiteURL, Title: f.Title}, nil
}
