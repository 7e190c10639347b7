package feeds

import (
	"github.com/dateline-news/dateline/internal/fixtures"

	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dateline-news/dateline/feeds/feedstest"
)

// testTimeout keeps the timeout tests short; fixtures on loopback answer
// in well under a millisecond.
const testTimeout = 400 * time.Millisecond

// newTestFetcher is a Fetcher for the fixture servers on loopback: it
// allows private addresses by the setting meant for that (AllowPrivate),
// and its dialer refuses, as a last guard, any address but loopback, so
// no test sends a packet off the machine.
func newTestFetcher(o Options) *Fetcher {
	if o.Timeout == 0 {
		o.Timeout = testTimeout
	}
	if o.Now == nil {
		o.Now = func() time.Time { return testNow }
	}
	o.AllowPrivate = true
	o.dialGuard = loopbackOnly
	return NewFetcher(o)
}

// loopbackOnly is the tests' dial guard.
func loopbackOnly(ap netip.AddrPort) error {
	if !ap.Addr().Unmap().IsLoopback() {
		return fmt.Errorf("test tried to dial %s, which is not loopback", ap)
	}
	return nil
}

// localSources are DefaultSources pointed at the fixture server.
func localSources(t *testing.T, base string) []Source {
	t.Helper()
	var out []Source
	for _, s := range DefaultSources() {
		if !strings.HasPrefix(s.URL, "https://www.chinadaily.com.cn/") {
			t.Fatalf("unexpected default source %s", s.URL)
		}
		out = append(out, Source{Name: s.Name, URL: base + strings.TrimPrefix(s.URL, "https://www.chinadaily.com.cn")})
	}
	return out
}

func TestDefaultSources(t *testing.T) {
	want := []Source{
		{Name: "China Daily · Asia-Pacific", URL: "https://www.chinadaily.com.cn/world/asia_pacific"},
		{Name: "China Daily · World", URL: "https://www.chinadaily.com.cn/rss/world_rss.xml"},
	}
	got := DefaultSources()
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("DefaultSources() = %+v", got)
	}
}

func TestFetchDefaultSourcesAndMerge(t *testing.T) {
	srv := feedstest.NewServerFS(t, fixtures.FS())
	f := newTestFetcher(Options{})
	srcs := localSources(t, srv.URL)
	results := f.FetchAll(context.Background(), srcs, nil)
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Source.Name, r.Err)
		}
		if r.Status != 200 || r.Validators.ETag == "" || !r.FetchedAt.Equal(testNow) {
			t.Errorf("%s: status %d, validators %+v, fetched %v", r.Source.Name, r.Status, r.Validators, r.FetchedAt)
		}
	}
	ap, world := results[0], results[1]

	// The Asia-Pacific list: both pages, in order, as in the gold file.
	gold := loadGoldList(t, srv.URL)
	var wantLinks []string
	for _, p := range gold.Pages {
		for _, it := range p.Items {
			wantLinks = append(wantLinks, it.URL)
		}
	}
	if len(ap.Items) != len(wantLinks) {
		t.Fatalf("Asia-Pacific: %d items, want %d", len(ap.Items), len(wantLinks))
	}
	for i, it := range ap.Items {
		if it.Link != wantLinks[i] || it.Section != "Asia Pacific" || it.SourceName != "China Daily · Asia-Pacific" {
			t.Errorf("Asia-Pacific item %d: %s section %q source %q", i, it.describe(), it.Section, it.SourceName)
		}
	}
	if ap.FeedURL != srv.URL+"/world/asia_pacific" {
		t.Errorf("Asia-Pacific FeedURL %s", ap.FeedURL)
	}
	if len(world.Items) != 12 {
		t.Fatalf("World: %d items", len(world.Items))
	}

	merged := Merge(ap.Items, world.Items)
	if len(merged) != 12 {
		t.Fatalf("merged %d items, want 12 (the 8 Asia-Pacific items are also in the World feed)", len(merged))
	}
	for i := 1; i < len(merged); i++ {
		if merged[i].Published.After(merged[i-1].Published) {
			t.Errorf("not newest first at %d: %s after %s", i, merged[i].describe(), merged[i-1].describe())
		}
	}
	// Field by field against the feed gold, now with the list's sections.
	// The kiwifruit item's date comes from the list page (minute precision)
	// rather than the WS id, so compare the rest of the fields for it.
	goldFeed := loadGoldFeed(t, srv.URL)
	for i := range goldFeed {
		if goldFeed[i].PublishedFrom == "WS id timestamp (no pubDate)" {
			goldFeed[i].Published = "2019-11-12T08:50:00+08:00"
			goldFeed[i].PublishedFrom = "list"
		}
	}
	checkAgainstGold(t, merged, goldFeed, ap.Items)
	ids := map[string]bool{}
	for _, it := range merged {
		if ids[it.ID] {
			t.Errorf("duplicate ID %s", it.ID)
		}
		ids[it.ID] = true
	}
}

func TestFetchAutodiscovery(t *testing.T) {
	srv := feedstest.NewServerFS(t, fixtures.FS())
	f := newTestFetcher(Options{})
	page := srv.URL + "/bad/html_with_autodiscovery.html"
	src := Source{Name: "auto", URL: page}
	r := f.Fetch(context.Background(), src, Conditional{})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if len(r.Items) != 12 || r.FeedURL != srv.URL+"/rss/world_rss.xml" {
		t.Fatalf("%d items from %s", len(r.Items), r.FeedURL)
	}
	if r.Validators.URL != srv.URL+"/rss/world_rss.xml" || r.Validators.ETag == "" {
		t.Errorf("validators %+v", r.Validators)
	}
	// Next time the feed is asked directly and conditionally: 304, and the
	// page is not fetched again.
	r2 := f.Fetch(context.Background(), src, r.Validators)
	if r2.Err != nil || !r2.NotModified || len(r2.Items) != 0 {
		t.Fatalf("second fetch: err %v, not modified %v, %d items", r2.Err, r2.NotModified, len(r2.Items))
	}
	st := feedstest.FetchStats(t, srv)
	if st.Requests["/bad/html_with_autodiscovery.html"] != 1 || st.NotModified != 1 {
		t.Errorf("stats %+v", st)
	}
	// Served as if it were a feed, the page is still followed.
	r3 := f.Fetch(context.Background(), Source{Name: "ct", URL: srv.URL + "/_fault/ctype/application_rss+xml/bad/html_with_autodiscovery.html"}, Conditional{})
	if r3.Err != nil || len(r3.Items) != 12 {
		t.Errorf("ctype-lying page: %v, %d items", r3.Err, len(r3.Items))
	}
}

func TestFetchAutodiscoveryIsOneHop(t *testing.T) {
	dir := t.TempDir()
	page := `<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="{{BASE}}/bad/html_with_autodiscovery.html"></head><body>x</body></html>`
	if err := os.WriteFile(filepath.Join(dir, "hop.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	copyFixture(t, "bad/html_with_autodiscovery.html", filepath.Join(dir, "bad"))
	srv := feedstest.NewServer(t, dir)
	r := newTestFetcher(Options{}).Fetch(context.Background(), Source{Name: "hop", URL: srv.URL + "/hop.html"}, Conditional{})
	wantKind(t, r.Err, KindNotAFeed, "not a feed")
	if n := feedstest.FetchStats(t, srv).Requests["/rss/world_rss.xml"]; n != 0 {
		t.Errorf("followed a second hop (%d requests for the feed)", n)
	}
}

func copyFixture(t *testing.T, rel, dir string) {
	t.Helper()
	b, err := fixtures.ReadFile(rel)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(rel)), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFetchListPageStopsAtTwoPages(t *testing.T) {
	dir := t.TempDir()
	ap := filepath.Join(dir, "world", "asia_pacific")
	copyFixture(t, "world/asia_pacific/index.html", ap)
	p2, err := fixtures.ReadFile("world/asia_pacific/page_2.html")
	if err != nil {
		t.Fatal(err)
	}
	prev := `<a class="pagestyle" href="{{BASE}}/world/asia_pacific">Previous</a>`
	if !strings.Contains(string(p2), prev) {
		t.Fatal("page_2.html has no Previous link to anchor a Next link")
	}
	withNext := strings.Replace(string(p2), prev, prev+`<a class="pagestyle" href="{{BASE}}/world/asia_pacific/page_3.html">Next</a>`, 1)
	for _, name := range []string{"page_2.html", "page_3.html"} {
		if err := os.WriteFile(filepath.Join(ap, name), []byte(withNext), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := feedstest.NewServer(t, dir)
	r := newTestFetcher(Options{}).Fetch(context.Background(), Source{Name: "AP", URL: srv.URL + "/world/asia_pacific"}, Conditional{})
	if r.Err != nil || len(r.Items) != 8 {
		t.Fatalf("%v, %d items", r.Err, len(r.Items))
	}
	if n := feedstest.FetchStats(t, srv).Requests["/world/asia_pacific/page_3.html"]; n != 0 {
		t.Errorf("fetched a third page")
	}
}

func TestFetchConditionalGet(t *testing.T) {
	srv := feedstest.NewServerFS(t, fixtures.FS())
	f := newTestFetcher(Options{})
	src := Source{Name: "World", URL: srv.URL + "/rss/world_rss.xml"}
	r := f.Fetch(context.Background(), src, Conditional{})
	if r.Err != nil || len(r.Items) != 12 {
		t.Fatalf("%v, %d items", r.Err, len(r.Items))
	}
	if r.Validators.ETag == "" || r.Validators.LastModified == "" || r.Validators.URL != "" {
		t.Fatalf("validators %+v", r.Validators)
	}
	for name, cond := range map[string]Conditional{
		"ETag":          {ETag: r.Validators.ETag},
		"Last-Modified": {LastModified: r.Validators.LastModified},
		"both":          r.Validators,
	} {
		r2 := f.Fetch(context.Background(), src, cond)
		if r2.Err != nil || !r2.NotModified || r2.Status != http.StatusNotModified || len(r2.Items) != 0 {
			t.Errorf("%s: err %v, not modified %v, status %d, %d items", name, r2.Err, r2.NotModified, r2.Status, len(r2.Items))
		}
		if r2.Validators.ETag != r.Validators.ETag && name != "Last-Modified" {
			t.Errorf("%s: validators not kept: %+v", name, r2.Validators)
		}
	}
	// A stale ETag gets the full feed.
	r3 := f.Fetch(context.Background(), src, Conditional{ETag: `"stale"`})
	if r3.Err != nil || r3.NotModified || len(r3.Items) != 12 {
		t.Errorf("stale ETag: %v, %v, %d", r3.Err, r3.NotModified, len(r3.Items))
	}
	if st := feedstest.FetchStats(t, srv); st.NotModified != 3 {
		t.Errorf("server answered 304 %d times, want 3", st.NotModified)
	}
}

func TestFetchErrors(t *testing.T) {
	srv := feedstest.NewServerFS(t, fixtures.FS())
	// No case here should time out: a generous timeout keeps the 8 MiB
	// read of /_fault/huge/ a size error even on a loaded machine.
	f := newTestFetcher(Options{Timeout: 20 * time.Second})
	refused := closedPortURL(t)
	cases := []struct {
		path string
		kind Kind
		msg  string
	}{
		{"/_fault/status/404/rss/world_rss.xml", KindHTTP, "HTTP 404"},
		{"/_fault/status/500/rss/world_rss.xml", KindHTTP, "HTTP 500"},
		{"/no/such/feed.xml", KindHTTP, "HTTP 404"},
		{"/_fault/redirect/loop", KindRedirect, "too many redirects (over 5)"},
		{"/_fault/redirect/6/rss/world_rss.xml", KindRedirect, "too many redirects (over 5)"},
		{"/_fault/huge/rss/world_rss.xml", KindTooLarge, "too large (over 8 MiB)"},
		{"/bad/truncated.xml", KindInvalidFeed, "invalid or truncated feed"},
		{"/bad/empty.xml", KindEmpty, "empty response"},
		{"/bad/html_not_feed.html", KindNotAFeed, "not a feed"},
		{"/_fault/ctype/application_rss+xml/bad/html_not_feed.html", KindNotAFeed, "not a feed"},
		{refused, KindNetwork, "connection refused"},
		{"javascript:alert(1)", KindBadURL, "not an http(s) URL"},
	}
	for _, c := range cases {
		u := c.path
		if strings.HasPrefix(u, "/") {
			u = srv.URL + u
		}
		r := f.Fetch(context.Background(), Source{Name: c.path, URL: u}, Conditional{})
		t.Run(c.path, func(t *testing.T) {
			wantKind(t, r.Err, c.kind, c.msg)
			if len(r.Items) != 0 {
				t.Errorf("%d items with an error", len(r.Items))
			}
		})
	}
}

func closedPortURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/feed.xml"
}

func TestFetchRedirectsAndGzip(t *testing.T) {
	srv := feedstest.NewServerFS(t, fixtures.FS())
	f := newTestFetcher(Options{})
	for _, p := range []string{"/_fault/redirect/5/rss/world_rss.xml", "/_fault/gzip/rss/world_rss.xml", "/_fault/slow/50/rss/world_rss.xml"} {
		r := f.Fetch(context.Background(), Source{Name: p, URL: srv.URL + p}, Conditional{})
		if r.Err != nil || len(r.Items) != 12 {
			t.Errorf("%s: %v, %d items", p, r.Err, len(r.Items))
		}
	}
	// A client that does not decompress by itself: Fetcher still does.
	raw := newTestFetcher(Options{Client: &http.Client{Transport: &http.Transport{DisableCompression: true}}})
	r := raw.Fetch(context.Background(), Source{Name: "gz", URL: srv.URL + "/_fault/gzip/rss/world_rss.xml"}, Conditional{})
	if r.Err != nil || len(r.Items) != 12 {
		t.Errorf("gzip without transport decompression: %v, %d items", r.Err, len(r.Items))
	}
	// A redirect to another scheme is refused.
	other := httptest.NewServer(http.RedirectHandler("file:///etc/passwd", http.StatusFound))
	defer other.Close()
	r = f.Fetch(context.Background(), Source{Name: "file", URL: other.URL}, Conditional{})
	wantKind(t, r.Err, KindRedirect, "redirect to a non-http(s) URL")
}

// TestFetchSizeCapIsNotTruncation checks that a body just over the cap is
// an error and one at the cap is read whole, including a gzip body whose
// compressed size is far below the cap.
func TestFetchSizeCap(t *testing.T) {
	srv := feedstest.NewServerFS(t, fixtures.FS())
	body := readFixture(t, "rss/world_rss.xml", srv.URL)
	n := int64(len(body))
	for _, c := range []struct {
		max  int64
		path string
		ok   bool
	}{
		{n, "/rss/world_rss.xml", true},
		{n - 1, "/rss/world_rss.xml", false},
		{n - 1, "/_fault/gzip/rss/world_rss.xml", false},
		{n, "/_fault/gzip/rss/world_rss.xml", true},
	} {
		f := newTestFetcher(Options{MaxBytes: c.max})
		r := f.Fetch(context.Background(), Source{Name: "cap", URL: srv.URL + c.path}, Conditional{})
		if c.ok && (r.Err != nil || len(r.Items) != 12) {
			t.Errorf("cap %d %s: %v, %d items", c.max, c.path, r.Err, len(r.Items))
		}
		if !c.ok {
			wantKind(t, r.Err, KindTooLarge, "")
		}
	}
}

func TestFetchGivesUpOnTime(t *testing.T) {
	srv := feedstest.NewServerFS(t, fixtures.FS())
	f := newTestFetcher(Options{Timeout: 300 * time.Millisecond})
	for _, p := range []string{"/_fault/hang/rss/world_rss.xml", "/_fault/trickle/rss/world_rss.xml", "/_fault/slow/2000/rss/world_rss.xml"} {
		start := time.Now()
		r := f.Fetch(context.Background(), Source{Name: p, URL: srv.URL + p}, Conditional{})
		took := time.Since(start)
		wantKind(t, r.Err, KindTimeout, "timeout after 300ms")
		if took > 1500*time.Millisecond {
			t.Errorf("%s: gave up after %v, timeout 300ms", p, took)
		}
	}
	// The caller's context is honoured too.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	g := newTestFetcher(Options{Timeout: 10 * time.Second})
	start := time.Now()
	r := g.Fetch(ctx, Source{Name: "hang", URL: srv.URL + "/_fault/hang/x"}, Conditional{})
	wantKind(t, r.Err, KindTimeout, "")
	if time.Since(start) > 1500*time.Millisecond {
		t.Errorf("context deadline ignored")
	}
	// Get gives up the same way.
	if _, err := f.Get(context.Background(), srv.URL+"/_fault/trickle/a/201911/19/WS5dd344f2a310cf3e355784fb.html"); ErrorKind(err) != KindTimeout {
		t.Errorf("Get trickle: %v", err)
	}
}

func TestOneBrokenSourceDoesNotStopOthers(t *testing.T) {
	srv := feedstest.NewServerFS(t, fixtures.FS())
	f := newTestFetcher(Options{Timeout: 2 * time.Second, PerHost: 8, MaxBytes: 256 << 10})
	srcs := []Source{
		{Name: "hang", URL: srv.URL + "/_fault/hang/rss/world_rss.xml"},
		{Name: "404", URL: srv.URL + "/_fault/status/404/x"},
		{Name: "truncated", URL: srv.URL + "/bad/truncated.xml"},
		{Name: "huge", URL: srv.URL + "/_fault/huge/rss/world_rss.xml"},
		{Name: "good", URL: srv.URL + "/rss/world_rss.xml"},
		{Name: "gbk", URL: srv.URL + "/_fault/ctype/text_xml;charset=utf-8/bad/gbk_feed.xml"},
		{Name: "gb2312", URL: srv.URL + "/_fault/ctype/application_rss+xml/bad/gb2312_feed.xml"},
	}
	start := time.Now()
	res := f.FetchAll(context.Background(), srcs, nil)
	// The hang source costs one timeout; everything runs in parallel, so
	// the whole round must end soon after it.
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("FetchAll took %v", took)
	}
	wantErr := map[string]Kind{"hang": KindTimeout, "404": KindHTTP, "truncated": KindInvalidFeed, "huge": KindTooLarge}
	for _, r := range res {
		if k, bad := wantErr[r.Source.Name]; bad {
			if ErrorKind(r.Err) != k {
				t.Errorf("%s: %v, want %s", r.Source.Name, r.Err, k)
			}
			continue
		}
		if r.Err != nil {
			t.Errorf("%s: %v", r.Source.Name, r.Err)
		}
	}
	if len(res[4].Items) != 12 {
		t.Errorf("good source: %d items", len(res[4].Items))
	}
	checkChinese(t, res[5].Items, res[5].Err, "王喆")
	checkChinese(t, res[6].Items, res[6].Err, "周明辉")
}

func TestGet(t *testing.T) {
	srv := feedstest.NewServerFS(t, fixtures.FS())
	var ua atomic.Value
	uaSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		if _, err := w.Write([]byte("<html></html>")); err != nil {
			t.Errorf("user-agent server: %v", err)
		}
	}))
	defer uaSrv.Close()
	f := newTestFetcher(Options{UserAgent: "Dateline/9.9.9 (+terminal news reader)"})
	p, err := f.Get(context.Background(), srv.URL+"/_fault/redirect/2/a/201911/19/WS5dd344f2a310cf3e355784fb.html")
	if err != nil {
		t.Fatal(err)
	}
	if p.URL != srv.URL+"/_fault/redirect/0/a/201911/19/WS5dd344f2a310cf3e355784fb.html" || p.Status != 200 ||
		!strings.HasPrefix(p.ContentType, "text/html") || !strings.Contains(string(p.Body), "Pressure kept on Seoul") {
		t.Errorf("page %s %d %s %d bytes", p.URL, p.Status, p.ContentType, len(p.Body))
	}
	if _, err := f.Get(context.Background(), srv.URL+"/_fault/status/404/x"); err == nil || err.Error() != "HTTP 404" {
		t.Errorf("Get 404: %v", err)
	}
	if _, err := f.Get(context.Background(), "data:text/html,hi"); ErrorKind(err) != KindBadURL {
		t.Errorf("Get data: URL: %v", err)
	}
	if _, err := f.Get(context.Background(), uaSrv.URL); err != nil {
		t.Fatal(err)
	}
	if got := ua.Load(); got != "Dateline/9.9.9 (+terminal news reader)" {
		t.Errorf("User-Agent %q", got)
	}
	// A generous timeout keeps the 8 MiB read a size error, not a timeout,
	// under -race on a loaded machine.
	big := newTestFetcher(Options{Timeout: 20 * time.Second})
	var se *SourceError
	_, err = big.Get(context.Background(), srv.URL+"/_fault/huge/a/201911/19/WS5dd344f2a310cf3e355784fb.html")
	if !errors.As(err, &se) || se.Kind != KindTooLarge {
		t.Errorf("Get huge: %v", err)
	}
}

// TestPoolLimits runs many requests against three hosts and records how
// many were in flight at once, in total and per host.
func TestPoolLimits(t *testing.T) {
	var mu sync.Mutex
	total, maxTotal := 0, 0
	perHost := map[string]int{}
	maxPerHost := 0
	handler := func(host string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			mu.Lock()
			total++
			perHost[host]++
			maxTotal = max(maxTotal, total)
			maxPerHost = max(maxPerHost, perHost[host])
			mu.Unlock()
			time.Sleep(30 * time.Millisecond)
			mu.Lock()
			total--
			perHost[host]--
			mu.Unlock()
			if _, err := w.Write([]byte("ok")); err != nil {
				t.Errorf("host %s: %v", host, err)
			}
		})
	}
	var urls []string
	for _, h := range []string{"a", "b", "c"} {
		s := httptest.NewServer(handler(h))
		defer s.Close()
		urls = append(urls, s.URL)
	}
	f := newTestFetcher(Options{MaxConcurrent: 4, PerHost: 2, Timeout: 5 * time.Second})
	var wg sync.WaitGroup
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.Get(context.Background(), urls[i%3]); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if maxTotal > 4 || maxPerHost > 2 {
		t.Errorf("in flight: %d total (max 4), %d per host (max 2)", maxTotal, maxPerHost)
	}
	if maxTotal < 3 || maxPerHost < 2 {
		t.Errorf("the pool did not run requests in parallel: %d total, %d per host", maxTotal, maxPerHost)
	}
	f.mu.Lock()
	left := len(f.hosts)
	f.mu.Unlock()
	if left != 0 {
		t.Errorf("%d host slots left after all requests", left)
	}
}
