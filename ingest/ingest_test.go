package ingest

import (
	"github.com/dateline-news/dateline/internal/fixtures"
	"io"
	"net/http"
	"sync/atomic"

	"context"
	"errors"
	"fmt"
	"net"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/feeds/feedstest"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
)

var (
	bg      = context.Background()
	beijing = time.FixedZone("CST", 8*3600)
	testNow = time.Date(2019, 11, 23, 9, 0, 0, 0, beijing)
)

func fixedNow() time.Time { return testNow }

// seedID is in the seed article's URL.
const seedID = "WS5dd344f2a310cf3e355784fb"

type env struct {
	t       *testing.T
	srv     *httptest.Server
	fetcher *feeds.Fetcher
	sources []feeds.Source
	dir     string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	srv := feedstest.NewServerFS(t, fixtures.FS())
	return &env{
		t: t, srv: srv, dir: t.TempDir(),
		fetcher: feeds.NewFetcher(feeds.Options{Client: srv.Client(), Now: fixedNow, Timeout: 10 * time.Second}),
		sources: []feeds.Source{
			{Name: "China Daily · Asia-Pacific", URL: srv.URL + "/world/asia_pacific"},
			{Name: "China Daily · World", URL: srv.URL + "/rss/world_rss.xml"},
		},
	}
}

func (e *env) libOptions() LibraryOptions {
	return LibraryOptions{Sources: e.sources, Entities: entity.Extract, Regions: entity.Regions, Now: fixedNow}
}

// open opens the library file name in the test's folder.
func (e *env) open(name string) *store.Store {
	e.t.Helper()
	lib, err := OpenLibrary(filepath.Join(e.dir, name), e.libOptions())
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { lib.Close() })
	return lib
}

func (e *env) readArticle(ctx context.Context, u string) (*article.Article, error) {
	return article.Fetch(ctx, func(ctx context.Context, u string) ([]byte, string, error) {
		p, err := e.fetcher.Get(ctx, u)
		if err != nil {
			return nil, "", err
		}
		return p.Body, p.ContentType, nil
	}, u)
}

func (e *env) pipeline(lib *store.Store, offline bool) *Pipeline {
	return New(Config{Library: lib, Sources: e.sources, Fetch: e.fetcher.Fetch, ReadArticle: e.readArticle,
		Entities: entity.Extract, Offline: offline, Now: fixedNow})
}

func headlines(t *testing.T, p *Pipeline, q string) []store.Listing {
	t.Helper()
	var out []store.Listing
	pq := query.Parse(q, time.UTC)
	if store.NeedsIndex(pq) {
		// as the verbs do: words are searched once the indexer has them
		if err := p.Library().WaitIndexed(bg); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Headlines(bg, pq, func(l store.Listing) error { out = append(out, l); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func titles(ls []store.Listing) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Title
	}
	return out
}

func TestRefreshStoresEverySourceAndListsThem(t *testing.T) {
	e := newEnv(t)
	p := e.pipeline(e.open("library.db"), false)
	var seen []string
	sum, err := p.Refresh(bg, func(r SourceResult) {
		if !r.OK() || r.Items == 0 {
			t.Errorf("%s: %+v", r.Source.Name, r)
		}
		seen = append(seen, r.Source.Name)
	})
	if err != nil || sum.Failed != 0 || sum.Added == 0 || len(seen) != 2 {
		t.Fatalf("refresh: %+v %v, results from %v", sum, err, seen)
	}
	first := headlines(t, p, "")
	if len(first) != sum.Added {
		t.Errorf("%d headlines listed, %d stored", len(first), sum.Added)
	}
	for i := 1; i < len(first); i++ {
		if first[i].Published.After(first[i-1].Published) {
			t.Fatalf("not newest first at %d: %v", i, titles(first))
		}
	}
	// The second refresh is answered 304 by both: the same list, from
	// the library, nothing new.
	sum, err = p.Refresh(bg, func(r SourceResult) {
		if !r.NotModified {
			t.Errorf("%s: not a 304 on the second refresh: %+v", r.Source.Name, r)
		}
	})
	if err != nil || sum.Added != 0 {
		t.Errorf("second refresh: %+v %v", sum, err)
	}
	if again := headlines(t, p, ""); !slices.Equal(titles(again), titles(first)) {
		t.Errorf("after the 304s the list changed:\n%v\n%v", titles(again), titles(first))
	}
	if st := feedstest.FetchStats(t, e.srv); st.NotModified < 2 {
		t.Errorf("the server answered %d requests with 304", st.NotModified)
	}
	// The filter runs on the library, entities included.
	if got := headlines(t, p, "GSOMIA"); len(got) != 1 || !strings.Contains(got[0].Link, seedID) {
		t.Errorf("GSOMIA: %v", titles(got))
	}
	if got := headlines(t, p, "source:world"); len(got) == 0 || len(got) == len(first) {
		t.Errorf("source:world lists %d of %d", len(got), len(first))
	}
}

// A 304 the library cannot list (its validators came with a list it no
// longer has) is fetched again without validators.
func TestNotModifiedWithoutAListFetchesAgain(t *testing.T) {
	e := newEnv(t)
	lib := e.open("library.db")
	p := e.pipeline(lib, false)
	if _, err := p.Refresh(bg, nil); err != nil {
		t.Fatal(err)
	}
	want := len(headlines(t, p, ""))
	// The same validators in a library that holds none of the items.
	other := e.open("other.db")
	for _, src := range e.sources {
		c, _ := lib.Conditional(bg, src.URL)
		if _, err := other.PutResult(bg, feeds.Result{Source: src, Validators: c, Status: 200}); err != nil {
			t.Fatal(err)
		}
	}
	p2 := e.pipeline(other, false)
	sum, err := p2.Refresh(bg, func(r SourceResult) {
		if r.NotModified || !r.OK() {
			t.Errorf("%s: %+v", r.Source.Name, r)
		}
	})
	if err != nil || sum.Added != want {
		t.Errorf("refetch: %+v %v, want %d added", sum, err, want)
	}
}

// One broken source never stops the others, and lists what it sent last.
func TestFailedSourceListsWhatItSentLast(t *testing.T) {
	e := newEnv(t)
	lib := e.open("library.db")
	p := e.pipeline(lib, false)
	if _, err := p.Refresh(bg, nil); err != nil {
		t.Fatal(err)
	}
	before := headlines(t, p, "")
	// The same sources, one now answering 500, the other crashing its
	// parser.
	fetch := func(ctx context.Context, src feeds.Source, c feeds.Conditional) feeds.Result {
		if src.URL == e.sources[1].URL {
			panic("a parser bug")
		}
		return e.fetcher.Fetch(ctx, feeds.Source{Name: src.Name, URL: e.srv.URL + "/_fault/status/500/x"}, c)
	}
	p2 := New(Config{Library: lib, Sources: e.sources, Fetch: fetch, Now: fixedNow})
	sum, _ := p2.Refresh(bg, nil)
	if !sum.AllFailed() {
		t.Fatalf("summary %+v", sum)
	}
	if after := headlines(t, p2, ""); !slices.Equal(titles(after), titles(before)) {
		t.Errorf("with every source down the list changed: %d -> %d", len(before), len(after))
	}
	srcs, _ := lib.Sources(bg)
	for _, s := range srcs {
		if s.LastError == "" {
			t.Errorf("%s: the failure is not recorded", s.Name)
		}
	}
}

// A save by id, a save by URL and an article opened then saved store the
// same article, entities and regions; "Esper" is "Mark Esper" on every
// path.
func TestSaveIsTheSameEveryWay(t *testing.T) {
	e := newEnv(t)
	type stored struct {
		text    string
		people  []string
		regions []string
	}
	read := func(lib *store.Store, id string) stored {
		t.Helper()
		a, spans, err := lib.Article(bg, id)
		if err != nil {
			t.Fatal(err)
		}
		_, st, _ := lib.Item(bg, id)
		if !st.Saved {
			t.Errorf("%s is not saved", lib.Path())
		}
		var s stored
		s.text = a.Text()
		for _, bs := range spans {
			for _, sp := range bs {
				if sp.Label == entity.Person {
					s.people = append(s.people, sp.Text+"="+sp.Canonical)
				}
			}
		}
		s.regions = st.Regions
		return s
	}
	var seedLink, id string
	var got []stored
	for k, how := range []string{"id", "url", "open then save"} {
		lib := e.open(fmt.Sprintf("lib%d.db", k))
		p := e.pipeline(lib, false)
		if _, err := p.Refresh(bg, nil); err != nil {
			t.Fatal(err)
		}
		for _, l := range headlines(t, p, "") {
			if strings.Contains(l.Link, seedID) {
				seedLink, id = l.Link, l.ID
			}
		}
		var err error
		switch how {
		case "id":
			_, err = p.Save(bg, id)
		case "url":
			_, err = p.Save(bg, seedLink)
		default:
			if _, err = p.Article(bg, id); err == nil {
				_, err = p.Save(bg, id)
			}
		}
		if err != nil {
			t.Fatalf("save by %s: %v", how, err)
		}
		got = append(got, read(lib, id))
	}
	for k := 1; k < len(got); k++ {
		if got[k].text != got[0].text || !slices.Equal(got[k].people, got[0].people) || !slices.Equal(got[k].regions, got[0].regions) {
			t.Errorf("save %d differs from save 0:\n%+v\n%+v", k, got[k], got[0])
		}
	}
	for _, p := range got[0].people {
		if strings.HasPrefix(p, "Esper=") && p != "Esper=Mark Esper" || strings.HasPrefix(p, "Kono=") && p != "Kono=Taro Kono" {
			t.Errorf("a later mention is not linked to the full name: %s (all: %v)", p, got[0].people)
		}
	}
	if !slices.Contains(got[0].people, "Esper=Mark Esper") {
		t.Errorf("no linked Esper in %v", got[0].people)
	}
}

// Offline, an article in the library is saved from it; one that is not
// says it needs the network, and nothing is fetched.
func TestSaveOffline(t *testing.T) {
	e := newEnv(t)
	lib := e.open("library.db")
	p := e.pipeline(lib, false)
	if _, err := p.Refresh(bg, nil); err != nil {
		t.Fatal(err)
	}
	ls := headlines(t, p, "")
	var seed, other string
	for _, l := range ls {
		if strings.Contains(l.Link, seedID) {
			seed = l.ID
		} else if other == "" {
			other = l.ID
		}
	}
	if _, err := p.Article(bg, seed); err != nil {
		t.Fatal(err)
	}
	before := feedstest.FetchStats(t, e.srv)
	off := e.pipeline(lib, true)
	r, err := off.Save(bg, seed)
	if err != nil || !r.FromLibrary {
		t.Errorf("offline save of a stored article: %+v %v", r, err)
	}
	if _, err := off.Save(bg, other); !errors.Is(err, ErrOffline) {
		t.Errorf("offline save of an article not stored: %v, want ErrOffline", err)
	}
	if _, err := off.Save(bg, e.srv.URL+"/a/new.html"); !errors.Is(err, ErrOffline) {
		t.Errorf("offline save of a new URL: %v, want ErrOffline", err)
	}
	if sum, _ := off.Refresh(bg, nil); sum.Sources != 0 {
		t.Errorf("an offline refresh fetched: %+v", sum)
	}
	after := feedstest.FetchStats(t, e.srv)
	if total(after) != total(before) {
		t.Errorf("offline work sent %d requests", total(after)-total(before))
	}
}

func total(s feedstest.Stats) int {
	n := 0
	for _, c := range s.Requests {
		n += c
	}
	return n
}

// A refresh holds at most Slots sources between their fetch and the end
// of their store, so twelve large feeds are not all parsed and waiting
// for the write lock at once; every source is still fetched, stored and
// reported.
func TestSlotsBoundSourcesInFlight(t *testing.T) {
	lib, err := OpenLibrary(filepath.Join(t.TempDir(), "library.db"), LibraryOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	var mu sync.Mutex
	fetching, most := 0, 0
	fetch := func(_ context.Context, src feeds.Source, _ feeds.Conditional) feeds.Result {
		mu.Lock()
		fetching++
		most = max(most, fetching)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond) // the network
		items := make([]feeds.Item, 300)
		for i := range items {
			items[i] = feeds.Item{ID: fmt.Sprintf("%s-%d", src.URL, i), Title: fmt.Sprintf("Headline %d from %s", i, src.Name)}
		}
		mu.Lock()
		fetching--
		mu.Unlock()
		return feeds.Result{Source: src, Items: items, Status: 200}
	}
	const n = 12
	srcs := make([]feeds.Source, n)
	for i := range srcs {
		srcs[i] = feeds.Source{Name: fmt.Sprint("Feed ", i), URL: fmt.Sprintf("https://f%d.example/rss", i)}
	}
	p := New(Config{Library: lib, Sources: srcs, Fetch: fetch, Now: fixedNow})
	seen := map[int]bool{}
	sum, err := p.Refresh(bg, func(r SourceResult) {
		if !r.OK() || r.Items != 300 || r.Added != 300 || seen[r.Index] {
			t.Errorf("source %d: %+v", r.Index, r)
		}
		seen[r.Index] = true
	})
	if err != nil || sum.Added != n*300 || len(seen) != n {
		t.Errorf("refresh: %+v %v, %d sources reported", sum, err, len(seen))
	}
	if most > DefaultSlots || most < 2 {
		t.Errorf("%d sources fetched at once, want 2..%d", most, DefaultSlots)
	}
	if len(p.slots) != 0 {
		t.Errorf("%d slots still taken after every source reported", len(p.slots))
	}
}

// fakeResolver answers from a table, never from the network.
type fakeResolver map[string]string

func (r fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	a, ok := r[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return []netip.Addr{netip.MustParseAddr(a)}, nil
}

// A link a feed on a public host gives is refused when it leads to a
// private address (here loopback: no packet leaves the machine), however
// it is read; the same address is the user's to read when the user names
// it (save URL).
func TestLinksFromAPublicFeedReachNoPrivateAddress(t *testing.T) {
	e := newEnv(t)
	lib := e.open("library.db")
	f := feeds.NewFetcher(feeds.Options{Now: fixedNow, Timeout: 5 * time.Second,
		Resolver: fakeResolver{"news.example": "93.184.216.34"}})
	read := func(ctx context.Context, u string) (*article.Article, error) {
		return article.Fetch(ctx, func(ctx context.Context, u string) ([]byte, string, error) {
			pg, err := f.Get(ctx, u)
			if err != nil {
				return nil, "", err
			}
			return pg.Body, pg.ContentType, nil
		}, u)
	}
	seedURL := e.srv.URL + "/a/201911/19/" + seedID + ".html"
	src := feeds.Source{Name: "Public", URL: "https://news.example/rss"}
	if _, err := lib.PutItems(bg, src, []feeds.Item{{ID: "x", Title: "A link to an intranet", Link: seedURL}}); err != nil {
		t.Fatal(err)
	}
	p := New(Config{Library: lib, Sources: []feeds.Source{src}, ReadArticle: read, Entities: entity.Extract, Now: fixedNow})
	_, err := p.Article(bg, "x")
	if err == nil || !strings.Contains(err.Error(), "blocked") {
		t.Fatalf("a public feed's link to loopback: %v, want it blocked", err)
	}
	if _, err := p.Save(bg, seedURL); err != nil {
		t.Errorf("the user's own URL on loopback: %v", err)
	}
}

// Sources the config leaves unnamed are named by their feed's own title;
// two on one host with the same title never share a name; a named source
// keeps its name; a 304 (no title) and a restart keep the names.
func TestUnnamedSourcesTakeTheirFeedsTitle(t *testing.T) {
	e := newEnv(t)
	world := e.srv.URL + "/rss/world_rss.xml"
	e.sources = []feeds.Source{
		{Name: feeds.URLName(world), URL: world, Untitled: true},
		{Name: feeds.URLName(world + "?again"), URL: world + "?again", Untitled: true},
		{Name: "My Asia desk", URL: e.srv.URL + "/world/asia_pacific"},
	}
	lib := e.open("library.db")
	names := func(p *Pipeline) map[string]string {
		t.Helper()
		got := map[string]string{}
		if _, err := p.Refresh(bg, func(r SourceResult) {
			if !r.OK() {
				t.Errorf("%s: %v", r.Source.URL, r.Err)
			}
			got[r.Source.URL] = r.Source.Name
		}); err != nil {
			t.Fatal(err)
		}
		states, err := lib.Sources(bg)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range states {
			if got[st.URL] != st.Name {
				t.Errorf("%s: the refresh says %q, the library %q", st.URL, got[st.URL], st.Name)
			}
		}
		return got
	}
	first := names(e.pipeline(lib, false))
	// Whichever stored first has the title; the other has its address
	// after it (and keeps that name from then on, below).
	a, b := first[world], first[world+"?again"]
	if a > b {
		a, b = b, a
	}
	if a != "China Daily > World" || !strings.HasPrefix(b, "China Daily > World (127.0.0.1:") {
		t.Errorf("two sources with one title on one host are named %q and %q", first[world], first[world+"?again"])
	}
	if n := first[e.srv.URL+"/world/asia_pacific"]; n != "My Asia desk" {
		t.Errorf("a named source became %q", n)
	}
	// Again (304s, no title) and after a restart: the same names.
	for i, p := range []*Pipeline{e.pipeline(lib, false), e.pipeline(lib, false)} {
		if again := names(p); fmt.Sprint(again) != fmt.Sprint(first) {
			t.Errorf("refresh %d: %v, want %v", i+2, again, first)
		}
	}
}

// A source that keeps failing is backed off, and the back-off is kept in
// the library: a scheduled refresh leaves it until its time, a refresh
// the user asks for tries it at once, and a server's Retry-After holds
// both.
func TestFailingSourceBacksOff(t *testing.T) {
	var hits, status atomic.Int32
	status.Store(500)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		if status.Load() == 200 {
			w.Header().Set("Content-Type", "application/rss+xml")
			_, _ = io.WriteString(w, `<rss version="2.0"><channel><title>Flaky</title><item><title>Back</title><link>https://x.example/1</link></item></channel></rss>`)
			return
		}
		if status.Load() == 429 {
			w.Header().Set("Retry-After", "3600")
		}
		http.Error(w, "no", int(status.Load()))
	}))
	defer srv.Close()
	now := testNow
	clock := func() time.Time { return now }
	fetcher := feeds.NewFetcher(feeds.Options{Client: srv.Client(), Now: clock, Timeout: 5 * time.Second})
	src := feeds.Source{Name: "Flaky", URL: srv.URL + "/feed.xml"}
	lib, err := OpenLibrary(filepath.Join(t.TempDir(), "library.db"), LibraryOptions{Sources: []feeds.Source{src}, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	p := New(Config{Library: lib, Sources: []feeds.Source{src}, Fetch: fetcher.Fetch, Now: clock})
	run := func(now bool) SourceResult {
		t.Helper()
		var res SourceResult
		refresh := p.Refresh
		if now {
			refresh = p.RefreshNow
		}
		if _, err := refresh(bg, func(r SourceResult) { res = r }); err != nil {
			t.Fatal(err)
		}
		return res
	}
	if r := run(false); r.Err == nil || !r.Waiting.IsZero() || hits.Load() != 1 {
		t.Fatalf("first try: %+v, %d hits", r, hits.Load())
	}
	// Within the minute: not fetched, and the result says until when.
	now = now.Add(30 * time.Second)
	r := run(false)
	var we *WaitError
	if !errors.As(r.Err, &we) || !r.Waiting.Equal(testNow.Add(time.Minute)) || hits.Load() != 1 || we.Failures != 1 {
		t.Errorf("a scheduled refresh within the back-off: %+v, %d hits", r, hits.Load())
	}
	// The user asks: fetched now; a second failure doubles the wait.
	if r := run(true); !r.Waiting.IsZero() || hits.Load() != 2 {
		t.Errorf("a refresh the user asked for: %+v, %d hits", r, hits.Load())
	}
	if r := run(false); !r.Waiting.Equal(now.Add(2*time.Minute)) || hits.Load() != 2 {
		t.Errorf("after two failures: waits until %v, %d hits", r.Waiting, hits.Load())
	}
	// 429 with an hour's Retry-After: even the user's refresh waits.
	status.Store(429)
	if run(true); hits.Load() != 3 {
		t.Fatalf("hits %d", hits.Load())
	}
	now = now.Add(10 * time.Minute)
	r = run(true)
	if !errors.As(r.Err, &we) || !we.Server || hits.Load() != 3 || !strings.Contains(r.Err.Error(), "the server asked to wait until") {
		t.Errorf("a forced refresh during Retry-After: %+v (%v), %d hits", r, r.Err, hits.Load())
	}
	// After it: fetched, and a success clears the back-off.
	now = now.Add(time.Hour)
	status.Store(200)
	run(false)
	if rt, err := lib.RetryOf(bg, src.URL); hits.Load() != 4 || err != nil || rt != (store.Retry{}) {
		t.Errorf("after the hour: %d hits, %+v %v", hits.Load(), rt, err)
	}
}
