package syncer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dateline-news/dateline/ingest"
)

// The Google Reader API's streams. A server may spell the user's part
// with its number (Miniflux: user/1/state/com.google/read); requests say
// "-", and answers are matched on the part after it.
const (
	streamReadingList = "user/-/state/com.google/reading-list"
	streamRead        = "user/-/state/com.google/read"
	streamStarred     = "user/-/state/com.google/starred"
)

// Batches of the Google Reader API: item ids per request (a server lists
// up to 10,000 ids at once; contents and edits go in smaller posts).
const (
	greaderIDsPage      = 10000
	greaderContentsPage = 250
	// greaderMaxAnswer bounds an answer read into memory.
	greaderMaxAnswer = 64 << 20
)

// GReader is a server of the Google Reader API (FreshRSS at
// .../api/greader.php, Miniflux at its root, Inoreader, The Old Reader).
// It logs in with ClientLogin (username and password), then sends the
// auth token on every request and the action token (T) on every POST.
type GReader struct {
	conn
	hc *http.Client

	mu          sync.Mutex
	auth, token string
}

func newGReader(base conn, hc *http.Client) *GReader { return &GReader{conn: base, hc: hc} }

// Name identifies the server and account.
func (g *GReader) Name() string { return KindGReader + " " + g.url + " " + g.user }

// login gets the auth token (once) and the action token.
func (g *GReader) login(ctx context.Context) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.auth != "" {
		return nil
	}
	form := url.Values{"Email": {g.user}, "Passwd": {g.secret}}
	body, err := g.do(ctx, http.MethodPost, "/accounts/ClientLogin", nil, form, "")
	if err != nil {
		return g.classify("logging in", err)
	}
	for l := range strings.SplitSeq(string(body), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "Auth="); ok {
			g.auth = v
		}
	}
	if g.auth == "" {
		return &Error{Kind: "protocol", Msg: "logging in: the server's answer has no Auth token"}
	}
	tok, err := g.do(ctx, http.MethodGet, "/reader/api/0/token", nil, nil, g.auth)
	if err != nil {
		g.auth = ""
		return g.classify("getting the action token", err)
	}
	g.token = strings.TrimSpace(string(tok))
	return nil
}

// errStatus is an answer that was not 200.
type errStatus struct{ code int }

func (e errStatus) Error() string { return "HTTP " + strconv.Itoa(e.code) }

// do sends one request and reads the answer.
func (g *GReader) do(ctx context.Context, method, path string, query, form url.Values, auth string) ([]byte, error) {
	u := g.url + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if auth != "" {
		req.Header.Set("Authorization", "GoogleLogin auth="+auth)
	}
	resp, err := g.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, greaderMaxAnswer))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, errStatus{resp.StatusCode}
	}
	return b, nil
}

// call sends an API request as the logged-in user (a POST with the
// action token) and decodes its JSON answer into out (nil: ignored).
func (g *GReader) call(ctx context.Context, what, method, path string, query, form url.Values, out any) error {
	return g.callOnce(ctx, what, method, path, query, form, out, true)
}

func (g *GReader) callOnce(ctx context.Context, what, method, path string, query, form url.Values, out any, retry bool) error {
	if err := g.login(ctx); err != nil {
		return err
	}
	g.mu.Lock()
	auth, token := g.auth, g.token
	g.mu.Unlock()
	if method == http.MethodPost {
		if form == nil {
			form = url.Values{}
		}
		form.Set("T", token)
	}
	if query == nil {
		query = url.Values{}
	}
	query.Set("output", "json")
	b, err := g.do(ctx, method, path, query, form, auth)
	var es errStatus
	if errors.As(err, &es) && es.code == http.StatusUnauthorized && retry {
		// The tokens expired: log in again, once.
		g.mu.Lock()
		g.auth = ""
		g.mu.Unlock()
		return g.callOnce(ctx, what, method, path, query, form, out, false)
	}
	if err != nil {
		return g.classify(what, err)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return &Error{Kind: "protocol", Msg: fmt.Sprintf("%s: the server's answer is not the Google Reader API's: %s", what, g.scrub(err.Error()))}
	}
	return nil
}

type greaderSub struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	HTMLURL string `json:"htmlUrl"`
}

func (s greaderSub) feed() ingest.RemoteFeed {
	return ingest.RemoteFeed{ID: s.ID, URL: s.URL, SiteURL: s.HTMLURL, Title: s.Title}
}

// Feeds are the account's subscriptions.
func (g *GReader) Feeds(ctx context.Context) ([]ingest.RemoteFeed, error) {
	var out struct {
		Subscriptions []greaderSub `json:"subscriptions"`
	}
	if err := g.call(ctx, "reading the subscriptions", http.MethodGet, "/reader/api/0/subscription/list", nil, nil, &out); err != nil {
		return nil, err
	}
	fs := make([]ingest.RemoteFeed, 0, len(out.Subscriptions))
	for _, s := range out.Subscriptions {
		fs = append(fs, s.feed())
	}
	return fs, nil
}

// ids lists a stream's item ids (decimal), every page of it.
func (g *GReader) ids(ctx context.Context, stream, exclude string) (map[string]bool, []string, error) {
	set := map[string]bool{}
	var order []string
	cont := ""
	for {
		q := url.Values{"s": {stream}, "n": {strconv.Itoa(greaderIDsPage)}}
		if exclude != "" {
			q.Set("xt", exclude)
		}
		if cont != "" {
			q.Set("c", cont)
		}
		var out struct {
			ItemRefs []struct {
				ID string `json:"id"`
			} `json:"itemRefs"`
			Continuation json.RawMessage `json:"continuation"`
		}
		if err := g.call(ctx, "listing "+stream, http.MethodGet, "/reader/api/0/stream/items/ids", q, nil, &out); err != nil {
			return nil, nil, err
		}
		for _, r := range out.ItemRefs {
			id := shortID(r.ID)
			if !set[id] {
				set[id] = true
				order = append(order, id)
			}
		}
		cont = strings.Trim(string(out.Continuation), `"`)
		if cont == "" || cont == "null" || cont == "0" || len(out.ItemRefs) == 0 {
			return set, order, nil
		}
	}
}

// shortID is an item id in its decimal form: the long form
// (tag:google.com,2005:reader/item/HEX) is hexadecimal.
func shortID(id string) string {
	if i := strings.LastIndex(id, "/"); i >= 0 && strings.HasPrefix(id, "tag:google.com") {
		if n, err := strconv.ParseUint(id[i+1:], 16, 64); err == nil {
			return strconv.FormatUint(n, 10)
		}
	}
	return id
}

// Changes sends the entries the library does not know, whole, then the
// state of those it knows: the API cannot say what changed since a time,
// so the read and starred lists are read whole each time (ids only).
func (g *GReader) Changes(ctx context.Context, _ int64, known func(string) bool, page func([]ingest.RemoteEntry) error) error {
	_, all, err := g.ids(ctx, streamReadingList, "")
	if err != nil {
		return err
	}
	unread, _, err := g.ids(ctx, streamReadingList, streamRead)
	if err != nil {
		return err
	}
	starred, _, err := g.ids(ctx, streamStarred, "")
	if err != nil {
		return err
	}
	var fresh []string
	var states []ingest.RemoteEntry
	for _, id := range all {
		if known(id) {
			states = append(states, ingest.RemoteEntry{ID: id, StateOnly: true, Read: !unread[id], Starred: starred[id]})
		} else {
			fresh = append(fresh, id)
		}
	}
	for len(fresh) > 0 {
		part := fresh[:min(len(fresh), greaderContentsPage)]
		fresh = fresh[len(part):]
		es, err := g.contents(ctx, part)
		if err != nil {
			return err
		}
		if err := page(es); err != nil {
			return err
		}
	}
	for len(states) > 0 {
		part := states[:min(len(states), greaderIDsPage)]
		states = states[len(part):]
		if err := page(part); err != nil {
			return err
		}
	}
	return nil
}

type greaderItem struct {
	ID         string   `json:"id"`
	Categories []string `json:"categories"`
	Title      string   `json:"title"`
	Published  int64    `json:"published"`
	Updated    int64    `json:"updated"`
	Author     string   `json:"author"`
	Canonical  []struct {
		Href string `json:"href"`
	} `json:"canonical"`
	Alternate []struct {
		Href string `json:"href"`
	} `json:"alternate"`
	Summary struct {
		Content string `json:"content"`
	} `json:"summary"`
	Content struct {
		Content string `json:"content"`
	} `json:"content"`
	Origin struct {
		StreamID string `json:"streamId"`
	} `json:"origin"`
}

// contents reads items whole (stream/items/contents is a POST).
func (g *GReader) contents(ctx context.Context, ids []string) ([]ingest.RemoteEntry, error) {
	form := url.Values{}
	for _, id := range ids {
		form.Add("i", id)
	}
	var out struct {
		Items []greaderItem `json:"items"`
	}
	if err := g.call(ctx, "reading entries", http.MethodPost, "/reader/api/0/stream/items/contents", nil, form, &out); err != nil {
		return nil, err
	}
	es := make([]ingest.RemoteEntry, 0, len(out.Items))
	for _, it := range out.Items {
		es = append(es, it.entry())
	}
	return es, nil
}

func (it greaderItem) entry() ingest.RemoteEntry {
	e := ingest.RemoteEntry{ID: shortID(it.ID), FeedID: it.Origin.StreamID, Title: it.Title, Author: it.Author,
		ContentHTML: it.Content.Content}
	if e.ContentHTML == "" {
		e.ContentHTML = it.Summary.Content
	}
	switch {
	case len(it.Canonical) > 0:
		e.URL = it.Canonical[0].Href
	case len(it.Alternate) > 0:
		e.URL = it.Alternate[0].Href
	}
	if it.Published > 0 {
		e.Published = time.Unix(it.Published, 0)
	}
	for _, c := range it.Categories {
		switch {
		case strings.HasSuffix(c, "/state/com.google/read"):
			e.Read = true
		case strings.HasSuffix(c, "/state/com.google/starred"):
			e.Starred = true
		}
	}
	return e
}

// Send sets a state on entries (edit-tag).
func (g *GReader) Send(ctx context.Context, op string, entries []string) error {
	tag, add := streamRead, true
	switch op {
	case "unread":
		add = false
	case "star":
		tag = streamStarred
	case "unstar":
		tag, add = streamStarred, false
	}
	for len(entries) > 0 {
		part := entries[:min(len(entries), greaderContentsPage)]
		entries = entries[len(part):]
		form := url.Values{"i": part}
		if add {
			form.Set("a", tag)
		} else {
			form.Set("r", tag)
		}
		if err := g.call(ctx, "sending "+op, http.MethodPost, "/reader/api/0/edit-tag", nil, form, nil); err != nil {
			return err
		}
	}
	return nil
}

// Subscribe subscribes the account to a feed (quickadd).
func (g *GReader) Subscribe(ctx context.Context, feedURL string) (ingest.RemoteFeed, error) {
	var out struct {
		NumResults int    `json:"numResults"`
		StreamID   string `json:"streamId"`
		StreamName string `json:"streamName"`
	}
	form := url.Values{"quickadd": {feedURL}}
	if err := g.call(ctx, "subscribing to "+feedURL, http.MethodPost, "/reader/api/0/subscription/quickadd", nil, form, &out); err != nil {
		return ingest.RemoteFeed{}, err
	}
	if out.StreamID == "" {
		return ingest.RemoteFeed{}, &Error{Kind: "protocol", Msg: "subscribing to " + feedURL + ": the server found no feed there"}
	}
	fs, err := g.Feeds(ctx)
	if err != nil {
		return ingest.RemoteFeed{}, err
	}
	for _, f := range fs {
		if f.ID == out.StreamID {
			return f, nil
		}
	}
	return ingest.RemoteFeed{ID: out.StreamID, URL: feedURL, Title: out.StreamName}, nil
}
