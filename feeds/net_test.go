package feeds

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeResolver answers lookups from a table, so that no test asks a
// real DNS server; an unknown name is "no such host".
type fakeResolver map[string][]netip.Addr

func (r fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if ips, ok := r[host]; ok {
		return ips, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

func addrs(ss ...string) []netip.Addr {
	var out []netip.Addr
	for _, s := range ss {
		out = append(out, netip.MustParseAddr(s))
	}
	return out
}

// hangServer accepts requests and never answers them; it counts them.
func hangServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		n.Add(1)
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// Six hung sources on one host (two connections allowed per host) end
// within one timeout plus a little: the timeout covers the wait for a
// slot. They took three timeouts in series before.
func TestHungSourcesOnOneHostEndWithinOneTimeout(t *testing.T) {
	srv, _ := hangServer(t)
	const timeout = time.Second
	f := newTestFetcher(Options{Timeout: timeout, PerHost: 2})
	var srcs []Source
	for i := range 6 {
		srcs = append(srcs, Source{Name: "hung", URL: srv.URL + "/feed" + string(rune('a'+i))})
	}
	start := time.Now()
	res := f.FetchAll(context.Background(), srcs, nil)
	took := time.Since(start)
	for _, r := range res {
		wantKind(t, r.Err, KindTimeout, "")
	}
	if took > timeout+700*time.Millisecond {
		t.Errorf("six hung sources took %v, want about one timeout (%v)", took, timeout)
	}
}

// A request that spends its whole timeout waiting for a slot says so.
func TestTimeoutWaitingForASlotSaysSo(t *testing.T) {
	srv, hits := hangServer(t)
	f := newTestFetcher(Options{Timeout: 200 * time.Millisecond, PerHost: 1})
	host := strings.TrimPrefix(srv.URL, "http://")
	release, err := f.acquire(context.Background(), host)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	_, err = f.Get(context.Background(), srv.URL+"/a")
	wantKind(t, err, KindTimeout, "timeout after 200ms waiting for a free connection to "+host)
	if hits.Load() != 0 {
		t.Error("the request was sent without a slot")
	}
}

func TestRetryAfterOn429And503(t *testing.T) {
	date := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", date.Format(http.TimeFormat))
		switch r.URL.Path {
		case "/429":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/503":
			w.Header().Set("Retry-After", date.Add(90*time.Second).Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/500":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	f := newTestFetcher(Options{})
	for _, c := range []struct {
		path  string
		after time.Duration
		msg   string
	}{
		{"/429", 2 * time.Minute, "HTTP 429, retry after 2m0s"},
		{"/503", 90 * time.Second, "HTTP 503, retry after 1m30s"},
		{"/500", 0, "HTTP 500"},
	} {
		r := f.Fetch(context.Background(), Source{Name: c.path, URL: srv.URL + c.path}, Conditional{})
		wantKind(t, r.Err, KindHTTP, c.msg)
		var se *SourceError
		if errors.As(r.Err, &se) && se.RetryAfter != c.after {
			t.Errorf("%s: RetryAfter %v, want %v", c.path, se.RetryAfter, c.after)
		}
	}
}

func TestClassifyAddr(t *testing.T) {
	cases := map[string]addrClass{
		"169.254.169.254": addrForbidden, "169.254.0.1": addrForbidden, "fe80::1": addrForbidden, "fe80::1%eth0": addrForbidden,
		"0.0.0.0": addrForbidden, "0.1.2.3": addrForbidden, "::": addrForbidden,
		"224.0.0.1": addrForbidden, "239.255.255.250": addrForbidden, "ff02::1": addrForbidden, "ff05::2": addrForbidden,
		"255.255.255.255": addrForbidden, "240.0.0.1": addrForbidden,
		"::ffff:169.254.169.254": addrForbidden, "64:ff9b::a9fe:a9fe": addrForbidden, "2002:a9fe:a9fe::1": addrForbidden,
		"127.0.0.1": addrPrivate, "127.255.255.254": addrPrivate, "::1": addrPrivate, "::ffff:127.0.0.1": addrPrivate,
		"10.0.0.1": addrPrivate, "172.16.0.1": addrPrivate, "172.31.255.255": addrPrivate, "192.168.1.1": addrPrivate,
		"100.64.0.1": addrPrivate, "100.127.255.255": addrPrivate, "fc00::1": addrPrivate, "fd12:3456::1": addrPrivate,
		"fec0::1": addrPrivate, "64:ff9b::a00:1": addrPrivate,
		"8.8.8.8": addrPublic, "172.32.0.1": addrPublic, "100.128.0.1": addrPublic, "192.169.0.1": addrPublic,
		"2001:4860:4860::8888": addrPublic, "64:ff9b::808:808": addrPublic, "1.1.1.1": addrPublic,
	}
	for s, want := range cases {
		if got, what := classifyAddr(netip.MustParseAddr(s)); got != want {
			t.Errorf("%s: class %d (%s), want %d", s, got, what, want)
		}
	}
}

// The Control function is the rule at connect time: it sees the
// resolved address, so it is tested here on addresses alone, with no
// socket.
func TestAddrControl(t *testing.T) {
	strict, open := addrControl(false, nil), addrControl(true, nil)
	for _, c := range []struct {
		addr           string
		strict, opened bool // allowed?
	}{
		{"169.254.169.254:80", false, false},
		{"[fe80::1%25eth0]:443", false, false},
		{"0.0.0.0:80", false, false},
		{"[::]:80", false, false},
		{"224.0.0.251:5353", false, false},
		{"127.0.0.1:8080", false, true},
		{"[::1]:80", false, true},
		{"10.1.2.3:80", false, true},
		{"192.168.0.10:443", false, true},
		{"100.64.1.1:80", false, true},
		{"[fd00::5]:80", false, true},
		{"93.184.216.34:443", true, true},
		{"[2606:2800:220:1::]:443", true, true},
		{"not-an-address:80", false, false},
	} {
		errS, errO := strict("tcp", c.addr, nil), open("tcp", c.addr, nil)
		if (errS == nil) != c.strict || (errO == nil) != c.opened {
			t.Errorf("%s: strict %v, open %v; want allowed %v, %v", c.addr, errS, errO, c.strict, c.opened)
		}
		if errS != nil && !strings.HasPrefix(errS.Error(), "address blocked by policy: ") {
			t.Errorf("%s: %v", c.addr, errS)
		}
	}
}

// A name that resolves to a forbidden or private address is refused by
// the Control function before the socket connects: the resolver is
// injected and the guard fails the test if anything but loopback would
// be dialled, so no packet leaves the machine. This is what catches DNS
// rebinding: the check is on the address dialled, not on an earlier
// lookup.
func TestDialerRefusesResolvedAddresses(t *testing.T) {
	srv, _ := hangServer(t)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	r := fakeResolver{
		"metadata.example": addrs("169.254.169.254"),
		"rebind.example":   addrs("127.0.0.1"),
		"intranet.example": addrs("10.0.0.5"),
		"mixed.example":    addrs("169.254.169.254", "127.0.0.1"),
	}
	strict := newPolicyDialer(r, false, nil, loopbackOnly)
	open := newPolicyDialer(r, true, nil, loopbackOnly)
	ctx := context.Background()
	for _, host := range []string{"metadata.example", "rebind.example", "intranet.example"} {
		_, err := strict.DialContext(ctx, "tcp", net.JoinHostPort(host, "80"))
		if !isBlocked(err) {
			t.Errorf("strict dial of %s: %v, want blocked", host, err)
		}
	}
	if _, err := open.DialContext(ctx, "tcp", "metadata.example:80"); !isBlocked(err) {
		t.Errorf("open dial of metadata.example: %v, want blocked", err)
	}
	// Allowed: the refused address is skipped and loopback is reached.
	for _, host := range []string{"rebind.example", "mixed.example"} {
		conn, err := open.DialContext(ctx, "tcp", net.JoinHostPort(host, itoa(port)))
		if err != nil {
			t.Fatalf("open dial of %s: %v", host, err)
		}
		conn.Close()
	}
	if _, err := strict.DialContext(ctx, "tcp", "nosuch.example:80"); err == nil || !strings.Contains(err.Error(), "no such host") {
		t.Errorf("unknown name: %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// policyFetcher is a Fetcher with the default policy (private addresses
// only for the user's own URLs), the fake resolver and the loopback
// guard.
func policyFetcher(r fakeResolver, allowPrivate bool) *Fetcher {
	return NewFetcher(Options{Timeout: 5 * time.Second, Resolver: r, AllowPrivate: allowPrivate, dialGuard: loopbackOnly})
}

// The default policy on loopback: a URL the user names reaches a local
// server; a link from a feed on a public host does not, unless
// AllowPrivate; a link from a feed on a private host does.
func TestPrivateAddressPolicy(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		if _, err := w.Write([]byte("<html><body>local</body></html>")); err != nil {
			t.Errorf("local server: %v", err)
		}
	}))
	defer srv.Close()
	port := itoa(srv.Listener.Addr().(*net.TCPAddr).Port)
	r := fakeResolver{
		"news.example":     addrs("93.184.216.34"), // public: looked up, never dialled
		"rebind.example":   addrs("127.0.0.1"),
		"intranet.example": addrs("10.20.30.40"),
	}
	ctx := context.Background()
	fromPublicFeed := WithOrigin(ctx, "https://news.example/rss.xml")
	fromLocalFeed := WithOrigin(ctx, srv.URL+"/feed.xml")
	fromIntranetFeed := WithOrigin(ctx, "http://intranet.example/feed.xml")
	cases := []struct {
		name    string
		ctx     context.Context
		url     string
		allow   bool // AllowPrivate
		blocked bool
	}{
		{"user's own URL", ctx, srv.URL + "/a", false, false},
		{"user's own name for loopback", ctx, "http://rebind.example:" + port + "/a", false, false},
		{"link from a public feed", fromPublicFeed, srv.URL + "/a", false, true},
		{"link from a public feed, name rebinding to loopback", fromPublicFeed, "http://rebind.example:" + port + "/a", false, true},
		{"link from a public feed, AllowPrivate", fromPublicFeed, srv.URL + "/a", true, false},
		{"link from a feed on loopback", fromLocalFeed, srv.URL + "/a", false, false},
		{"link from an intranet feed", fromIntranetFeed, "http://rebind.example:" + port + "/a", false, false},
		{"metadata address, even with AllowPrivate", ctx, "http://169.254.169.254/latest/meta-data/", true, true},
	}
	for _, c := range cases {
		before := hits.Load()
		_, err := policyFetcher(r, c.allow).Get(c.ctx, c.url)
		if c.blocked {
			wantKind(t, err, KindBlocked, "")
			if hits.Load() != before {
				t.Errorf("%s: the request reached the server", c.name)
			}
			if err != nil && !strings.HasPrefix(err.Error(), c.url+": address blocked by policy: ") {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if err != nil || hits.Load() != before+1 {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// A redirect is checked like any request: from a local source to the
// metadata address it is refused at connect time (the guard proves
// nothing but loopback is dialled), and so is a hop from a public
// source's chain to a private address (mayReachPrivate).
func TestRedirectsAreChecked(t *testing.T) {
	srv := httptest.NewServer(http.RedirectHandler("http://169.254.169.254/latest/meta-data/", http.StatusFound))
	defer srv.Close()
	r := fakeResolver{"news.example": addrs("93.184.216.34"), "intranet.example": addrs("10.0.0.7")}
	res := policyFetcher(r, false).Fetch(context.Background(), Source{Name: "redir", URL: srv.URL + "/feed.xml"}, Conditional{})
	wantKind(t, res.Err, KindBlocked, "address blocked by policy: 169.254.169.254 is link-local")
	if !strings.HasPrefix(res.Err.Error(), "http://169.254.169.254/latest/meta-data/: ") {
		t.Errorf("the error does not name the redirect target: %v", res.Err)
	}

	f := policyFetcher(r, false)
	public := withTrust(context.Background(), &trust{root: "news.example"})
	for _, c := range []struct {
		url  string
		want bool
	}{
		{"https://news.example/feed", true}, // the host the user named
		{"http://intranet.example/", false}, // another host, from a public root
		{"http://127.0.0.1:8080/", false},
	} {
		u := mustURL(t, c.url)
		if got := f.mayReachPrivate(public, u); got != c.want {
			t.Errorf("from news.example to %s: %v, want %v", c.url, got, c.want)
		}
	}
	intranet := withTrust(context.Background(), &trust{root: "intranet.example"})
	if !f.mayReachPrivate(intranet, mustURL(t, "http://10.0.0.8/")) {
		t.Error("a hop from an intranet source to another private host is refused")
	}
	if f.mayReachPrivate(context.Background(), mustURL(t, "http://10.0.0.8/")) {
		t.Error("a request without trust may reach a private address")
	}
}

// Network errors name the URL and the cause in words.
func TestNetworkErrorsSayWhatHappened(t *testing.T) {
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	hung, _ := hangServer(t)
	refused := closedPortURL(t)
	r := fakeResolver{}
	// The hung server gets a short time-out; the others a long one, so a
	// TLS handshake on a loaded machine (CI runs the tests with -race)
	// is not taken for a time-out.
	short := NewFetcher(Options{Timeout: 300 * time.Millisecond, Resolver: r, AllowPrivate: true, dialGuard: loopbackOnly})
	long := NewFetcher(Options{Timeout: 20 * time.Second, Resolver: r, AllowPrivate: true, dialGuard: loopbackOnly})
	cases := []struct {
		url  string
		kind Kind
		msg  string
	}{
		{refused, KindNetwork, "connection refused"},
		{"http://nosuch.example/feed.xml", KindNetwork, "no such host nosuch.example"},
		{tlsSrv.URL + "/feed.xml", KindNetwork, "TLS error: certificate signed by an unknown authority"},
		{hung.URL + "/feed.xml", KindTimeout, "timeout after 300ms"},
		{"http://[fe80::1]/feed.xml", KindBlocked, "address blocked by policy: fe80::1 is link-local"},
	}
	for _, c := range cases {
		f := long
		if c.kind == KindTimeout {
			f = short
		}
		_, err := f.Get(context.Background(), c.url)
		wantKind(t, err, c.kind, c.msg)
		if err != nil && !strings.HasPrefix(err.Error(), c.url+": ") {
			t.Errorf("%s: %q does not name the URL", c.url, err)
		}
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// A feed is parsed while its connection slot is still held, so no more
// bodies and parses are in memory at once than MaxConcurrent, however
// many sources a refresh has.
func TestFeedIsParsedInsideItsSlot(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if _, err := w.Write([]byte(rssOf("<item><title>x</title><link>https://news.example/1</link></item>"))); err != nil {
			t.Errorf("feed server: %v", err)
		}
	}))
	defer srv.Close()
	f := newTestFetcher(Options{MaxConcurrent: 3})
	held := -1
	_, err := f.get(context.Background(), srv.URL, srv.URL, nil, acceptFeed, func(*response) { held = len(f.global) })
	if err != nil || held != 1 {
		t.Fatalf("slots held while parsing: %d (%v), want 1", held, err)
	}
	r, doc, err := f.getFeed(context.Background(), srv.URL, hostileSource, nil, testNow)
	if err != nil || len(doc.items) != 1 || r.body != nil || len(f.global) != 0 {
		t.Fatalf("getFeed: %v, %+v, body kept %v, %d slots still held", err, doc, r.body != nil, len(f.global))
	}
}
