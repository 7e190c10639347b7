package syncer_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	miniflux "miniflux.app/v2/client"

	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/internal/minifluxtest"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
	"github.com/dateline-news/dateline/syncer"
)

var bg = context.Background()

// feedServer serves RSS feeds on loopback for Miniflux to poll; a test
// adds items to them.
type feedServer struct {
	*httptest.Server
	mu    sync.Mutex
	feeds map[string][]string // path -> item titles, oldest first
}

func newFeedServer(t *testing.T) *feedServer {
	fs := &feedServer{feeds: map[string][]string{}}
	fs.Server = httptest.NewServer(http.HandlerFunc(fs.serve))
	t.Cleanup(fs.Close)
	return fs
}

// add adds n items to the feed at path and returns its URL.
func (fs *feedServer) add(path string, n int) string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for range n {
		fs.feeds[path] = append(fs.feeds[path], fmt.Sprintf("%s story %d about Tokyo and Seoul", strings.Trim(path, "/"), len(fs.feeds[path])+1))
	}
	return fs.URL + path
}

func (fs *feedServer) serve(w http.ResponseWriter, r *http.Request) {
	fs.mu.Lock()
	titles, ok := fs.feeds[r.URL.Path]
	titles = append([]string(nil), titles...)
	fs.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	var b strings.Builder
	name := strings.Trim(r.URL.Path, "/")
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %s</title><link>%s/</link>`, name, fs.URL)
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := len(titles) - 1; i >= 0; i-- {
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s/%s/%d.html</link><guid>%s-%d</guid><pubDate>%s</pubDate><description>%s, a story from %s.</description></item>`,
			html.EscapeString(titles[i]), fs.URL, name, i+1, name, i+1, base.Add(time.Duration(i)*time.Minute).Format(time.RFC1123Z),
			html.EscapeString(titles[i]), name)
	}
	b.WriteString(`</channel></rss>`)
	w.Header().Set("Content-Type", "application/rss+xml")
	_, _ = w.Write([]byte(b.String()))
}

// rig is a library and a pipeline syncing with a real Miniflux.
type rig struct {
	t   *testing.T
	srv *minifluxtest.Server
	lib *store.Store
	p   *ingest.Pipeline
}

func newRig(t *testing.T, srv *minifluxtest.Server, dir string) *rig {
	t.Helper()
	return newRigOf(t, srv, dir, syncer.KindMiniflux)
}

// remoteConfig is how the rig's Dateline reaches the server: Miniflux's
// REST API with an API key, or its Google Reader API with a password.
func remoteConfig(srv *minifluxtest.Server, kind string) syncer.Config {
	c := syncer.Config{Kind: kind, URL: srv.URL, Username: minifluxtest.AdminUser,
		Secret: constSecret(srv.APIKey), Client: &http.Client{Timeout: 20 * time.Second}}
	if kind == syncer.KindGReader {
		srv.EnableGoogleReader()
		c.Secret, c.Password = constSecret(minifluxtest.GReaderPassword), true
	}
	return c
}

func newRigOf(t *testing.T, srv *minifluxtest.Server, dir, kind string) *rig {
	t.Helper()
	lib, err := ingest.OpenLibrary(filepath.Join(dir, "library.db"), ingest.LibraryOptions{Entities: entity.Extract, Regions: entity.Regions})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	r, err := syncer.New(bg, remoteConfig(srv, kind))
	if err != nil {
		t.Fatal(err)
	}
	return &rig{t: t, srv: srv, lib: lib, p: ingest.New(ingest.Config{Library: lib, Remote: r, Entities: entity.Extract})}
}

func (r *rig) sync() ingest.SyncResult {
	r.t.Helper()
	res, err := r.p.Sync(bg)
	if err != nil {
		r.t.Fatalf("sync: %v", err)
	}
	return res
}

// state is an item's read and starred state in the library.
func (r *rig) state(id string) store.State {
	r.t.Helper()
	_, st, err := r.lib.Item(bg, id)
	if err != nil {
		r.t.Fatal(err)
	}
	return st
}

// headlines lists the library's headlines through the pipeline.
func (r *rig) headlines(q string) []store.Listing {
	r.t.Helper()
	var out []store.Listing
	if err := r.p.Headlines(bg, query.Parse(q, time.UTC), func(l store.Listing) error { out = append(out, l); return nil }); err != nil {
		r.t.Fatal(err)
	}
	return out
}

// entryOf finds the server's entry that became the item.
func (r *rig) entryOf(id string) *miniflux.Entry {
	r.t.Helper()
	es, err := r.lib.SyncEntries(bg, id)
	if err != nil || len(es) == 0 {
		r.t.Fatalf("no server entry for %s: %v", id, err)
	}
	e, err := r.srv.Client().EntryContext(bg, mustID(r.t, es[0]))
	if err != nil {
		r.t.Fatal(err)
	}
	return e
}

func TestMinifluxTwoWay(t *testing.T) {
	for _, kind := range []string{syncer.KindMiniflux, syncer.KindGReader} {
		t.Run(kind, func(t *testing.T) { testTwoWay(t, kind) })
	}
}

func testTwoWay(t *testing.T, kind string) {
	srv := minifluxtest.Start(t)
	feedsrv := newFeedServer(t)
	r := newRigOf(t, srv, t.TempDir(), kind)

	// Subscribe in Dateline: the feed is on the server.
	f, err := r.p.Subscribe(bg, feedsrv.add("/asia", 5))
	if err != nil {
		t.Fatal(err)
	}
	onServer, err := srv.Client().Feeds()
	if err != nil || len(onServer) != 1 || onServer[0].FeedURL != f.URL {
		t.Fatalf("the server's feeds after subscribing: %+v %v", onServer, err)
	}
	// A feed added on the server comes to Dateline.
	catID := onServer[0].Category.ID
	if _, err := srv.Client().CreateFeed(&miniflux.FeedCreationRequest{FeedURL: feedsrv.add("/europe", 3), CategoryID: catID}); err != nil {
		t.Fatal(err)
	}
	res := r.sync()
	if res.Feeds != 2 || res.Pulled != 8 || res.Added != 8 {
		t.Fatalf("first sync: %+v", res)
	}
	hs := r.headlines("")
	if len(hs) != 8 {
		t.Fatalf("headlines after the first sync: %d, want 8", len(hs))
	}
	// Synced items are items like any other: searchable, with entities
	// and regions.
	if err := r.lib.WaitIndexed(bg); err != nil {
		t.Fatal(err)
	}
	if got := r.headlines("europe story 2"); len(got) != 1 {
		t.Errorf("searching synced items: %d", len(got))
	}
	if got := r.headlines("place:tokyo"); len(got) != 8 {
		t.Errorf("entities of synced items: place:tokyo finds %d, want 8", len(got))
	}

	// Read and star in Dateline: the server has it after a sync.
	a, b := hs[0].ID, hs[1].ID
	if err := r.p.Mark(bg, a, "read"); err != nil {
		t.Fatal(err)
	}
	if err := r.p.Mark(bg, b, "star"); err != nil {
		t.Fatal(err)
	}
	if res := r.sync(); res.Pushed != 2 {
		t.Errorf("pushed %d, want 2: %+v", res.Pushed, res)
	}
	if e := r.entryOf(a); e.Status != "read" {
		t.Errorf("read in Dateline, on the server: %s", e.Status)
	}
	if e := r.entryOf(b); !e.Starred {
		t.Errorf("starred in Dateline, not on the server")
	}

	// Unread and unstar on the server: Dateline has it after a sync.
	time.Sleep(1100 * time.Millisecond) // a later second than the push
	if err := srv.Client().UpdateEntries([]int64{r.entryOf(a).ID}, "unread"); err != nil {
		t.Fatal(err)
	}
	if err := srv.Client().UpdateEntriesStarred([]int64{r.entryOf(b).ID}, false); err != nil {
		t.Fatal(err)
	}
	res = r.sync()
	if st := r.state(a); st.Read {
		t.Errorf("unread on the server, still read in Dateline (%+v)", res)
	}
	if st := r.state(b); st.Starred {
		t.Errorf("unstarred on the server, still starred in Dateline (%+v)", res)
	}
	if res.Pushed != 0 {
		t.Errorf("a sync with nothing changed here pushed %d", res.Pushed)
	}

	// New entries on the server: an incremental sync brings only them.
	feedsrv.add("/asia", 2)
	if err := srv.Client().RefreshFeed(mustID(t, f.ID)); err != nil {
		t.Fatal(err)
	}
	res = r.sync()
	if res.Added != 2 {
		t.Errorf("incremental sync added %d, want 2: %+v", res.Added, res)
	}
	if got := len(r.headlines("")); got != 10 {
		t.Errorf("headlines after the incremental sync: %d, want 10", got)
	}
}

// mustID is the server's number of an entry or a feed ("42", or the
// Google Reader API's "feed/42").
func mustID(t *testing.T, s string) int64 {
	s = strings.TrimPrefix(s, "feed/")
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// subscribeAndSync subscribes the rig's account to a feed of n items and
// syncs them in.
func (r *rig) subscribeAndSync(fs *feedServer, path string, n int) ingest.RemoteFeed {
	r.t.Helper()
	f, err := r.p.Subscribe(bg, fs.add(path, n))
	if err != nil {
		r.t.Fatal(err)
	}
	if err := r.srv.WaitEntries(bg, mustID(r.t, f.ID), n); err != nil {
		r.t.Fatal(err)
	}
	r.sync()
	return f
}

func TestMinifluxOfflineQueue(t *testing.T) {
	for _, kind := range []string{syncer.KindMiniflux, syncer.KindGReader} {
		t.Run(kind, func(t *testing.T) { testOfflineQueue(t, kind) })
	}
}

func testOfflineQueue(t *testing.T, kind string) {
	srv := minifluxtest.Start(t)
	feedsrv := newFeedServer(t)
	r := newRigOf(t, srv, t.TempDir(), kind)
	r.subscribeAndSync(feedsrv, "/pacific", 60)
	hs := r.headlines("")
	if len(hs) != 60 {
		t.Fatalf("%d headlines, want 60", len(hs))
	}

	// The server goes down; 50 reads are made here meanwhile.
	srv.Stop()
	for _, h := range hs[:50] {
		if err := r.p.Mark(bg, h.ID, "read"); err != nil {
			t.Fatal(err)
		}
	}
	_, err := r.p.Sync(bg)
	if err == nil || !strings.Contains(err.Error(), "cannot reach the server") {
		t.Fatalf("a sync with the server down: %v", err)
	}
	if q, _ := r.lib.SyncQueue(bg); len(q) != 50 {
		t.Fatalf("queued after the failed sync: %d, want 50", len(q))
	}
	if got := len(r.headlines("is:unread")); got != 10 {
		t.Errorf("the library after the failed sync: %d unread, want 10", got)
	}

	// Back up: one sync sends all 50.
	srv.Restart()
	res := r.sync()
	if res.Pushed != 50 {
		t.Errorf("pushed %d, want 50", res.Pushed)
	}
	read, err := srv.Client().Entries(&miniflux.Filter{Status: "read", Limit: 100})
	if err != nil || read.Total != 50 {
		t.Fatalf("read on the server: %d %v, want 50", read.Total, err)
	}
	if q, _ := r.lib.SyncQueue(bg); len(q) != 0 {
		t.Errorf("queue after the sync: %d left", len(q))
	}
}

func TestMinifluxBadCredentials(t *testing.T) {
	srv := minifluxtest.Start(t)
	feedsrv := newFeedServer(t)
	r := newRig(t, srv, t.TempDir())
	r.subscribeAndSync(feedsrv, "/news", 3)
	id := r.headlines("")[0].ID
	if err := r.p.Mark(bg, id, "star"); err != nil {
		t.Fatal(err)
	}
	for name, cfg := range map[string]syncer.Config{
		"bad token":      {Kind: syncer.KindMiniflux, URL: srv.URL, Secret: constSecret("not-the-key-0000")},
		"wrong password": {Kind: syncer.KindMiniflux, URL: srv.URL, Username: minifluxtest.AdminUser, Password: true, Secret: constSecret("wrong-password-42")},
	} {
		t.Run(name, func(t *testing.T) {
			cfg.Client = &http.Client{Timeout: 10 * time.Second}
			remote, err := syncer.New(bg, cfg)
			if err != nil {
				t.Fatal(err)
			}
			// The same server and account as the rig's: only the secret is wrong.
			p := ingest.New(ingest.Config{Library: r.lib, Remote: nameAs{remote, minifluxName(srv)}})
			_, err = p.Sync(bg)
			if err == nil || !strings.Contains(err.Error(), "refused the credentials") {
				t.Fatalf("sync with a %s: %v", name, err)
			}
			if s, _ := cfg.Secret(bg); strings.Contains(err.Error(), s) {
				t.Errorf("the error shows the secret: %v", err)
			}
			if q, _ := r.lib.SyncQueue(bg); len(q) != 1 {
				t.Errorf("the queue after the refusal: %d, want 1", len(q))
			}
			if got := len(r.headlines("")); got != 3 {
				t.Errorf("the library after the refusal: %d headlines", got)
			}
		})
	}
	// The right password works too (HTTP basic auth).
	remote, err := syncer.New(bg, syncer.Config{Kind: syncer.KindMiniflux, URL: srv.URL, Username: minifluxtest.AdminUser,
		Password: true, Secret: constSecret(minifluxtest.AdminPassword), Client: &http.Client{Timeout: 10 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ingest.New(ingest.Config{Library: r.lib, Remote: nameAs{remote, minifluxName(srv)}}).Sync(bg)
	if err != nil || res.Pushed != 1 {
		t.Fatalf("sync with the password: %+v %v", res, err)
	}

	// The Google Reader API: a wrong password, and a password changed on
	// the server after the login (the tokens expire: a new login fails).
	srv.EnableGoogleReader()
	greader := syncer.Config{Kind: syncer.KindGReader, URL: srv.URL, Username: minifluxtest.AdminUser, Password: true,
		Secret: constSecret("not-the-password"), Client: &http.Client{Timeout: 10 * time.Second}}
	remote, err = syncer.New(bg, greader)
	if err != nil {
		t.Fatal(err)
	}
	// A library of its own: a library follows one server and account.
	glib, err := ingest.OpenLibrary(filepath.Join(t.TempDir(), "library.db"), ingest.LibraryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer glib.Close()
	gp := ingest.New(ingest.Config{Library: glib, Remote: remote})
	if _, err := gp.Sync(bg); err == nil || !strings.Contains(err.Error(), "logging in: the server refused the credentials") {
		t.Errorf("greader with a wrong password: %v", err)
	}
	greader.Secret = constSecret(minifluxtest.GReaderPassword)
	if remote, err = syncer.New(bg, greader); err != nil {
		t.Fatal(err)
	}
	gp = ingest.New(ingest.Config{Library: glib, Remote: remote})
	if _, err := gp.Sync(bg); err != nil {
		t.Fatalf("greader with the password: %v", err)
	}
	srv.Psql(`UPDATE integrations SET googlereader_password = crypt('changed-elsewhere', gen_salt('bf', 10))`)
	if _, err := gp.Sync(bg); err == nil || !strings.Contains(err.Error(), "refused the credentials") {
		t.Errorf("greader after the password changed: %v", err)
	}
	if q, _ := glib.SyncQueue(bg); len(q) != 0 {
		t.Errorf("greader queue: %d", len(q))
	}
	var n int
	if err := ingest.New(ingest.Config{Library: glib, Remote: remote}).Headlines(bg, query.Query{}, func(store.Listing) error { n++; return nil }); err != nil || n != 3 {
		t.Errorf("the greader library after the refusal: %d headlines %v", n, err)
	}
}

func constSecret(s string) func(context.Context) (string, error) {
	return func(context.Context) (string, error) { return s, nil }
}

// minifluxName is the name the rig's remote has (token or password, the
// same server and account).
func minifluxName(srv *minifluxtest.Server) string {
	return syncer.KindMiniflux + " " + srv.URL + " " + minifluxtest.AdminUser
}

// nameAs is a remote under another name.
type nameAs struct {
	ingest.Remote
	name string
}

func (n nameAs) Name() string { return n.name }
