package feeds

import (
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Defaults for Options.
const (
	DefaultTimeout       = 20 * time.Second
	DefaultMaxBytes      = 8 << 20
	DefaultMaxConcurrent = 8
	DefaultPerHost       = 2
	DefaultUserAgent     = "Dateline/dev (+terminal news reader)"
	// MaxRedirects is how many redirects one request may follow.
	MaxRedirects = 5
	// MaxListPages is how many pages of a section list are read.
	MaxListPages = 2
)

// Options configure a Fetcher. Zero values take the defaults.
type Options struct {
	// Client is the HTTP client to use (its redirect policy is replaced
	// by Dateline's). nil builds one. When its Transport is an
	// *http.Transport (or nil), clones of it dial through the address
	// filter; any other RoundTripper (a test's fake network) is used as
	// it is, without the filter.
	Client *http.Client
	// Timeout bounds each request from waiting for a free connection slot
	// to reading the last byte of the body (default 20 s), so a refresh
	// of any set of sources ends within one timeout plus a little however
	// many of them hang.
	Timeout time.Duration
	// MaxBytes caps a body after decompression (default 8 MiB); a larger
	// body is an error, never a silent truncation.
	MaxBytes int64
	// MaxConcurrent is how many requests may be in flight at once
	// (default 8), and PerHost how many to one host (default 2).
	MaxConcurrent int
	PerHost       int
	// UserAgent names Dateline and its version, e.g.
	// "Dateline/1.0.0 (+terminal news reader)".
	UserAgent string
	// Now is the clock for FetchedAt and for items with no date.
	Now func() time.Time
	// AllowPrivate lets every request connect to loopback and private
	// addresses (127/8, ::1, 10/8, 172.16/12, 192.168/16, 100.64/10,
	// fc00::/7), for people who read an intranet feed. Without it only
	// the user's own URLs (a source's URL, a page Get is asked for
	// without WithOrigin) and links from a feed on a private host may;
	// see WithOrigin. Link-local (169.254/16, fe80::/10), unspecified and
	// multicast addresses are refused either way.
	AllowPrivate bool
	// Resolver looks up host names for the address filter (default
	// net.DefaultResolver).
	Resolver Resolver

	// dialGuard, when set (by tests), is called on every address the
	// filter lets the dialer connect to.
	dialGuard func(netip.AddrPort) error
}

// Fetcher fetches sources and pages through one shared HTTP client and a
// bounded pool. It is safe for concurrent use.
type Fetcher struct {
	client       *http.Client
	timeout      time.Duration
	maxBytes     int64
	perHost      int
	userAgent    string
	now          func() time.Time
	global       chan struct{}
	allowPrivate bool
	resolver     Resolver
	private      sync.Map // host -> privateEntry, see hostIsPrivate

	mu    sync.Mutex
	hosts map[string]*hostSlots
}

type hostSlots struct {
	sem  chan struct{}
	refs int
}

// Page is a fetched web page (for reader mode).
type Page struct {
	URL         string // final URL after redirects
	Body        []byte // as sent, after gzip decoding; not charset-converted
	ContentType string
	Status      int
}

// NewFetcher returns a Fetcher with o's settings.
func NewFetcher(o Options) *Fetcher {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxConcurrent <= 0 {
		o.MaxConcurrent = DefaultMaxConcurrent
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Resolver == nil {
		o.Resolver = net.DefaultResolver
	}
	f := &Fetcher{
		timeout:      o.Timeout,
		maxBytes:     o.MaxBytes,
		perHost:      o.PerHost,
		userAgent:    o.UserAgent,
		now:          o.Now,
		global:       make(chan struct{}, o.MaxConcurrent),
		hosts:        map[string]*hostSlots{},
		allowPrivate: o.AllowPrivate,
		resolver:     o.Resolver,
	}
	var c http.Client
	if o.Client != nil {
		c = *o.Client
	}
	c.Transport = f.transport(o)
	c.CheckRedirect = checkRedirect
	f.client = &c
	return f
}

// transport wraps o's transport (or a clone of http.DefaultTransport)
// in the address filter: two clones of it, one whose dialer refuses
// private addresses and one whose dialer allows them, and the
// policyTransport that picks one per request.
func (f *Fetcher) transport(o Options) http.RoundTripper {
	var base *http.Transport
	switch t := clientTransport(o.Client).(type) {
	case nil:
		base = http.DefaultTransport.(*http.Transport).Clone()
		base.MaxIdleConnsPerHost = o.PerHost
		base.MaxConnsPerHost = 0
		base.ResponseHeaderTimeout = o.Timeout
	case *http.Transport:
		base = t.Clone()
	default:
		return t
	}
	proxies := &sync.Map{}
	if proxy := base.Proxy; proxy != nil {
		base.Proxy = func(r *http.Request) (*url.URL, error) {
			u, err := proxy(r)
			if u != nil {
				proxies.Store(proxyAddr(u), true)
			}
			return u, err
		}
	}
	strict, open := base.Clone(), base.Clone()
	strict.DialContext = newPolicyDialer(o.Resolver, o.AllowPrivate, proxies, o.dialGuard).DialContext
	open.DialContext = newPolicyDialer(o.Resolver, true, proxies, o.dialGuard).DialContext
	return &policyTransport{f: f, strict: strict, open: open}
}

func clientTransport(c *http.Client) http.RoundTripper {
	if c == nil {
		return nil
	}
	return c.Transport
}

// proxyAddr is the lower-case host:port a proxy URL is dialled at.
func proxyAddr(u *url.URL) string {
	port := u.Port()
	if port == "" {
		switch u.Scheme {
		case "https":
			port = "443"
		case "socks5", "socks5h":
			port = "1080"
		default:
			port = "80"
		}
	}
	return strings.ToLower(net.JoinHostPort(u.Hostname(), port))
}

type redirectError struct{ reason string }

func (e *redirectError) Error() string { return e.reason }

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > MaxRedirects {
		return &redirectError{fmt.Sprintf("too many redirects (over %d)", MaxRedirects)}
	}
	if !isHTTP(req.URL.Scheme) || req.URL.Host == "" {
		return &redirectError{"redirect to a non-http(s) URL"}
	}
	return nil
}

// acquire takes a slot for host, then a global slot, waiting while ctx
// allows. Taking the host slot first means a request queued behind its
// host never holds one of the global slots.
func (f *Fetcher) acquire(ctx context.Context, host string) (func(), error) {
	f.mu.Lock()
	hs := f.hosts[host]
	if hs == nil {
		hs = &hostSlots{sem: make(chan struct{}, f.perHost)}
		f.hosts[host] = hs
	}
	hs.refs++
	f.mu.Unlock()
	unref := func() {
		f.mu.Lock()
		hs.refs--
		if hs.refs == 0 {
			delete(f.hosts, host)
		}
		f.mu.Unlock()
	}
	select {
	case hs.sem <- struct{}{}:
	case <-ctx.Done():
		unref()
		return nil, ctx.Err()
	}
	select {
	case f.global <- struct{}{}:
	case <-ctx.Done():
		<-hs.sem
		unref()
		return nil, ctx.Err()
	}
	return func() {
		<-f.global
		<-hs.sem
		unref()
	}, nil
}

// response is one completed GET.
type response struct {
	url          string // final URL
	status       int
	body         []byte
	contentType  string
	etag         string
	lastModified string
	notModified  bool
}

const (
	acceptFeed = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5"
	acceptPage = "text/html, application/xhtml+xml;q=0.9, */*;q=0.8"
)

// get performs one GET through the pool, within the timeout and size cap.
// root is the URL the user asked for that led here (the source's URL, or
// Get's URL), for the address policy (see mayReachPrivate); cond, when
// not nil, makes the request conditional. then, when not nil, is called
// with a successful response while its slot is still held. Every error
// is a *SourceError.
func (f *Fetcher) get(ctx context.Context, rawURL, root string, cond *Conditional, accept string, then func(*response)) (*response, error) {
	u := SafeLink(rawURL, "")
	if u == "" {
		return nil, &SourceError{Kind: KindBadURL, Detail: "not an http(s) URL"}
	}
	pu, err := url.Parse(u)
	if err != nil {
		return nil, &SourceError{Kind: KindBadURL, Detail: "bad URL", Err: err}
	}
	// The timeout starts before the wait for a slot: six sources hanging
	// on one host once took six timeouts in series.
	rctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	release, err := f.acquire(rctx, strings.ToLower(pu.Host))
	if err != nil {
		se := f.classify(ctx, rctx, err, u)
		if se.Kind == KindTimeout && ctx.Err() == nil {
			se.Detail += " waiting for a free connection to " + pu.Host
		}
		return nil, se
	}
	defer release()
	t := &trust{root: hostOf(root)}
	if o, ok := originFrom(ctx); ok {
		t = &trust{origin: hostOf(o)}
	}
	req, err := http.NewRequestWithContext(withTrust(rctx, t), http.MethodGet, u, nil)
	if err != nil {
		return nil, &SourceError{Kind: KindBadURL, Detail: "bad URL", Err: err}
	}
	setHeaders(req, f.userAgent, accept, cond)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.classify(ctx, rctx, err, u)
	}
	defer resp.Body.Close()
	r, err := f.readResponse(ctx, rctx, resp, cond)
	if err == nil && then != nil {
		then(r)
	}
	return r, err
}

// getFeed is get for a feed, a page that may advertise one or a list
// page: the body is parsed (when it is not a 304) while its slot is
// still held, so that the bodies and parses in memory at once stay
// within Options.MaxConcurrent (at most about 80 MB each, see
// MaxElements), however many sources a refresh has.
func (f *Fetcher) getFeed(ctx context.Context, target string, src Source, cond *Conditional, now time.Time) (*response, *document, error) {
	var doc *document
	var perr error
	r, err := f.get(ctx, target, src.URL, cond, acceptFeed, func(r *response) {
		if !r.notModified {
			doc, perr = parseDocument(r.body, r.contentType, r.url, src, now, parseOptions{})
			r.body = nil
		}
	})
	if err == nil {
		err = perr
	}
	return r, doc, err
}

func setHeaders(req *http.Request, userAgent, accept string, cond *Conditional) {
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", accept)
	if cond != nil {
		if cond.ETag != "" {
			req.Header.Set("If-None-Match", cond.ETag)
		}
		if cond.LastModified != "" {
			req.Header.Set("If-Modified-Since", cond.LastModified)
		}
	}
}

// readResponse checks the status and reads the body within the size cap.
func (f *Fetcher) readResponse(ctx, rctx context.Context, resp *http.Response, cond *Conditional) (*response, error) {
	r := &response{
		url:          resp.Request.URL.String(),
		status:       resp.StatusCode,
		contentType:  resp.Header.Get("Content-Type"),
		etag:         resp.Header.Get("ETag"),
		lastModified: resp.Header.Get("Last-Modified"),
	}
	if resp.StatusCode == http.StatusNotModified && cond != nil {
		r.notModified = true
		return r, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return r, f.statusError(resp, r.url)
	}
	if resp.ContentLength > f.maxBytes {
		return r, f.tooLarge()
	}
	var body io.Reader = resp.Body
	if strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") && !resp.Uncompressed {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return r, &SourceError{Kind: KindNetwork, Detail: "bad gzip body", URL: r.url, Err: err}
		}
		defer zr.Close()
		body = zr
	}
	data, err := io.ReadAll(io.LimitReader(body, f.maxBytes+1))
	if err != nil {
		return r, f.classify(ctx, rctx, err, r.url)
	}
	if int64(len(data)) > f.maxBytes {
		return r, f.tooLarge()
	}
	r.body = data
	return r, nil
}

// statusError is the error for a status other than 2xx (or a 304 that
// was not asked for); on 429 and 503 it carries the Retry-After the
// server sent.
func (f *Fetcher) statusError(resp *http.Response, u string) *SourceError {
	se := &SourceError{Kind: KindHTTP, Status: resp.StatusCode, Detail: fmt.Sprintf("HTTP %d", resp.StatusCode), URL: u}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		now := f.now()
		if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
			// A date in Retry-After is on the server's clock.
			now = d
		}
		if d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
			se.RetryAfter = d
			se.Detail += ", retry after " + d.String()
		}
	}
	return se
}

func (f *Fetcher) tooLarge() *SourceError {
	return &SourceError{Kind: KindTooLarge, Detail: "too large (over " + formatSize(f.maxBytes) + ")"}
}

func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// classify turns a transport error into a *SourceError naming the URL
// that failed (u, or the redirect hop the error names) and the cause in
// words. parent is the caller's context, rctx the per-request one.
func (f *Fetcher) classify(parent, rctx context.Context, err error, u string) *SourceError {
	var ue *url.Error
	if errors.As(err, &ue) && ue.URL != "" {
		u = ue.URL
	}
	var re *redirectError
	if errors.As(err, &re) {
		return &SourceError{Kind: KindRedirect, Detail: re.reason, URL: u, Err: err}
	}
	var se *SourceError
	if errors.As(err, &se) {
		return se
	}
	var be *BlockedError
	if errors.As(err, &be) {
		return &SourceError{Kind: KindBlocked, Detail: be.Error(), URL: u, Err: err}
	}
	if perr := parent.Err(); perr != nil {
		if errors.Is(perr, context.DeadlineExceeded) {
			return &SourceError{Kind: KindTimeout, Detail: "timeout", URL: u, Err: err}
		}
		return &SourceError{Kind: KindNetwork, Detail: "canceled", URL: u, Err: err}
	}
	timeout := "timeout after " + f.timeout.String()
	var ne net.Error
	if errors.Is(rctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) ||
		errors.As(err, &ne) && ne.Timeout() {
		return &SourceError{Kind: KindTimeout, Detail: timeout, URL: u, Err: err}
	}
	return &SourceError{Kind: KindNetwork, Detail: networkCause(err), URL: u, Err: err}
}

// networkCause says in words why a connection or a read failed.
func networkCause(err error) string {
	var dnsErr *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var recErr tls.RecordHeaderError
	switch {
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return "no such host " + dnsErr.Name
	case errors.As(err, &dnsErr):
		return "DNS lookup of " + dnsErr.Name + " failed: " + dnsErr.Err
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.EHOSTUNREACH):
		return "host unreachable"
	case errors.Is(err, syscall.ENETUNREACH):
		return "network unreachable"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "connection reset"
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader):
		return "bad gzip body"
	case errors.As(err, &unknownCA):
		return "TLS error: certificate signed by an unknown authority"
	case errors.As(err, &hostErr):
		return "TLS error: the certificate is not for " + hostErr.Host
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return "TLS error: the certificate has expired or is not yet valid"
	case errors.As(err, &recErr):
		return "TLS error: the server does not speak TLS"
	case strings.Contains(err.Error(), "tls:") || strings.Contains(err.Error(), "x509:"):
		return "TLS error"
	}
	return "network error"
}

// Get fetches a page (an article, for reader mode) through the same pool,
// timeout, size cap and address filter as feeds. Any status other than
// 2xx is an error. Errors are *SourceError. The URL counts as one the
// user named, which may be on a private address, unless ctx says it is a
// link from a feed (WithOrigin).
func (f *Fetcher) Get(ctx context.Context, rawURL string) (*Page, error) {
	r, err := f.get(ctx, rawURL, rawURL, nil, acceptPage, nil)
	if err != nil {
		return nil, err
	}
	return &Page{URL: r.url, Body: r.body, ContentType: r.contentType, Status: r.status}, nil
}

// Fetch fetches and parses one source. A failure is in Result.Err as a
// *SourceError; one source's failure never affects another fetch.
//
// cond carries the validators of the previous success; the request is
// conditional and a 304 gives NotModified with no items. When cond.URL
// names the feed found by autodiscovery last time, that feed is fetched
// directly, and the page is read again only if the feed has gone.
//
// An HTML page is followed to the feed it advertises (one hop); failing
// that, a China Daily section list is read (up to MaxListPages pages, on
// the same host; if a later page fails, the earlier pages' items are
// still returned); anything else is "not a feed".
func (f *Fetcher) Fetch(ctx context.Context, src Source, cond Conditional) (res Result) {
	start := time.Now()
	fetched := f.now()
	defer func() {
		res.Source = src
		res.FetchedAt = fetched
		res.Duration = time.Since(start)
	}()
	if cond.URL != "" && cond.URL != src.URL {
		res = f.fetchFrom(ctx, src, cond.URL, &cond, false, fetched)
		switch ErrorKind(res.Err) {
		case KindHTTP, KindNotAFeed, KindBadURL, KindRedirect:
			if ctx.Err() == nil {
				return f.fetchFrom(ctx, src, src.URL, nil, true, fetched)
			}
		}
		return res
	}
	c := cond
	c.URL = ""
	return f.fetchFrom(ctx, src, src.URL, &c, true, fetched)
}

func (f *Fetcher) fetchFrom(ctx context.Context, src Source, target string, cond *Conditional, discover bool, now time.Time) Result {
	var res Result
	if cond != nil && cond.ETag == "" && cond.LastModified == "" {
		cond = nil
	}
	r, doc, err := f.getFeed(ctx, target, src, cond, now)
	if r != nil {
		res.Status = r.status
		res.FeedURL = r.url
	}
	if err != nil {
		res.Err = err
		return res
	}
	validators := Conditional{ETag: r.etag, LastModified: r.lastModified}
	if target != src.URL {
		validators.URL = target
	}
	if r.notModified {
		res.NotModified = true
		if validators.ETag == "" {
			validators.ETag = cond.ETag
		}
		if validators.LastModified == "" {
			validators.LastModified = cond.LastModified
		}
		res.Validators = validators
		return res
	}
	if doc.kind == "feed" {
		res.Items, res.Title = doc.items, doc.title
		res.Validators = validators
		return res
	}
	if doc.discovered != "" && discover {
		fr := f.fetchFrom(ctx, src, doc.discovered, nil, false, now)
		if fr.Err == nil || doc.kind != "list" {
			return fr
		}
	}
	if doc.kind != "list" {
		res.Err = &SourceError{Kind: KindNotAFeed, Detail: "not a feed"}
		return res
	}
	res.Items, res.Title = doc.items, doc.section
	res.Validators = validators
	seen := map[string]bool{r.url: true}
	next := doc.next
	for page := 2; page <= MaxListPages && next != "" && !seen[next] && sameHost(next, r.url); page++ {
		seen[next] = true
		_, pdoc, err := f.getFeed(ctx, next, src, nil, now)
		if err != nil || pdoc.kind != "list" {
			// Keep what page 1 gave: page 2 is extra.
			break
		}
		res.Items = appendNew(res.Items, pdoc.items)
		next = pdoc.next
	}
	return res
}

func sameHost(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && strings.EqualFold(ua.Host, ub.Host)
}

// appendNew appends the items of more whose canonical link is not in list.
func appendNew(list, more []Item) []Item {
	have := make(map[string]bool, len(list))
	for _, it := range list {
		have[CanonicalLink(it.Link)] = true
	}
	for _, it := range more {
		k := CanonicalLink(it.Link)
		if !have[k] {
			have[k] = true
			list = append(list, it)
		}
	}
	return list
}

// FetchAll fetches every source concurrently (through the pool) and
// returns the results in the order of srcs. conds maps a source URL to
// its validators; it may be nil.
func (f *Fetcher) FetchAll(ctx context.Context, srcs []Source, conds map[string]Conditional) []Result {
	out := make([]Result, len(srcs))
	var wg sync.WaitGroup
	for i, s := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = f.Fetch(ctx, s, conds[s.URL])
		}()
	}
	wg.Wait()
	return out
}

// DefaultSources are used when there is no config file.
func DefaultSources() []Source {
	return []Source{
		{Name: "China Daily · Asia-Pacific", URL: "https://www.chinadaily.com.cn/world/asia_pacific"},
		{Name: "China Daily · World", URL: "https://www.chinadaily.com.cn/rss/world_rss.xml"},
	}
}
