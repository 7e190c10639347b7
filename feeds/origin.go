package feeds

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Who may reach a private address. The user's own URLs may: a source in
// the config, or a page the user named, can be an intranet or a local
// server. A URL that came from a feed may only when that feed is itself
// on a private host (an intranet feed linking to its intranet), and a
// redirect or autodiscovery hop from the user's URL to another host only
// when the user's host is private. Options.AllowPrivate lets every
// request through. Link-local, unspecified and multicast addresses are
// refused whoever asks.

type originKey struct{}

// WithOrigin marks the requests made with ctx (Fetcher.Get) as fetching a
// link found in the feed at feedURL (an item's link, for reader mode,
// prefetch or save): they may reach loopback and private addresses only
// if the feed's host is itself private, or Options.AllowPrivate is set.
// Without it, Get treats its URL as one the user named.
func WithOrigin(ctx context.Context, feedURL string) context.Context {
	return context.WithValue(ctx, originKey{}, feedURL)
}

func originFrom(ctx context.Context) (string, bool) {
	o, ok := ctx.Value(originKey{}).(string)
	return o, ok
}

type trustKey struct{}

// trust is what the policy knows about a request chain (the request and
// its redirects), set by Fetcher.get.
type trust struct {
	// root is the host the user named (the source's or Get's URL); ""
	// when the URL came from a feed.
	root string
	// origin is the host of the feed the URL came from (WithOrigin).
	origin string
}

func withTrust(ctx context.Context, t *trust) context.Context {
	return context.WithValue(ctx, trustKey{}, t)
}

// policyTransport sends each request (each redirect hop too) through the
// transport whose dialer allows private addresses, or through the one
// that refuses them, as the request's trust says. Two transports, not
// one: a pooled connection made for a request that was allowed a private
// address must never serve one that was not.
type policyTransport struct {
	f            *Fetcher
	strict, open http.RoundTripper
}

func (p *policyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	allow := p.f.mayReachPrivate(req.Context(), req.URL)
	// A literal address is judged before any connection, so the rule
	// holds through a proxy too.
	if ip, err := netip.ParseAddr(req.URL.Hostname()); err == nil {
		if err := checkAddr(ip, allow); err != nil {
			if req.Body != nil {
				req.Body.Close()
			}
			return nil, err
		}
	}
	if allow {
		return p.open.RoundTrip(req)
	}
	return p.strict.RoundTrip(req)
}

// mayReachPrivate decides whether the request for u, in the chain ctx
// carries, may connect to a loopback or private address.
func (f *Fetcher) mayReachPrivate(ctx context.Context, u *url.URL) bool {
	if f.allowPrivate {
		return true
	}
	t, _ := ctx.Value(trustKey{}).(*trust)
	switch {
	case t == nil:
		return false
	case t.origin != "":
		return f.hostIsPrivate(ctx, t.origin)
	case strings.EqualFold(u.Hostname(), t.root):
		return true
	}
	return f.hostIsPrivate(ctx, t.root)
}

// privateTTL is how long hostIsPrivate remembers an answer.
const privateTTL = time.Minute

type privateEntry struct {
	private bool
	at      time.Time
}

// hostIsPrivate reports whether host is a private address, localhost,
// or a name all of whose addresses are loopback or private. A host that
// cannot be looked up counts as public: the stricter rule.
func (f *Fetcher) hostIsPrivate(ctx context.Context, host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if ip, err := netip.ParseAddr(host); err == nil {
		class, _ := classifyAddr(ip)
		return class == addrPrivate
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	if v, ok := f.private.Load(host); ok {
		if e := v.(privateEntry); time.Since(e.at) < privateTTL {
			return e.private
		}
	}
	ips, err := f.resolver.LookupNetIP(ctx, "ip", host)
	private := err == nil && len(ips) > 0
	for _, ip := range ips {
		if class, _ := classifyAddr(ip); class != addrPrivate {
			private = false
		}
	}
	if err == nil {
		f.private.Store(host, privateEntry{private, time.Now()})
	}
	return private
}
