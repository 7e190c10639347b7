package feeds

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The address filter. A feed names the links Dateline fetches (reader
// mode, prefetch, save, autodiscovery) and a server names where a
// redirect goes, so neither may send a request to the cloud metadata
// service (169.254.169.254) or, unless the user's own feed lives there,
// to the machine itself or the local network. The check runs in the
// dialer's Control function on the address actually connected to, after
// DNS, so a redirect, a DNS answer that changes between lookups
// (rebinding) or a name that resolves to 127.0.0.1 are all caught; a
// refused connection never sends a packet.

// addrClass is what an address is, for the filter.
type addrClass uint8

const (
	addrPublic    addrClass = iota
	addrPrivate             // loopback and private ranges: allowed by policy
	addrForbidden           // link-local, unspecified, multicast, broadcast, reserved: never
)

var (
	cgnat     = netip.MustParsePrefix("100.64.0.0/10")
	thisNet   = netip.MustParsePrefix("0.0.0.0/8")
	reserved4 = netip.MustParsePrefix("240.0.0.0/4")
	siteLocal = netip.MustParsePrefix("fec0::/10")
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// classifyAddr says whether ip is public, private (loopback, RFC 1918,
// CGNAT 100.64/10, unique local fc00::/7, site-local fec0::/10) or
// forbidden (link-local 169.254/16 and fe80::/10, unspecified 0.0.0.0 and
// ::, 0/8, multicast, broadcast, 240/4), and names the range. An IPv4
// address inside IPv6 (::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4
// 2002::/16) is judged as that IPv4 address.
func classifyAddr(ip netip.Addr) (addrClass, string) {
	ip = ip.WithZone("").Unmap()
	if ip.Is6() {
		b := ip.As16()
		switch {
		case nat64.Contains(ip):
			return classifyAddr(netip.AddrFrom4([4]byte(b[12:16])))
		case sixToFour.Contains(ip):
			return classifyAddr(netip.AddrFrom4([4]byte(b[2:6])))
		}
	}
	switch {
	case !ip.IsValid():
		return addrForbidden, "not an address"
	case ip.IsUnspecified(), thisNet.Contains(ip):
		return addrForbidden, "unspecified"
	case ip.IsLinkLocalUnicast():
		return addrForbidden, "link-local"
	case ip.IsMulticast():
		return addrForbidden, "multicast"
	case ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return addrForbidden, "broadcast"
	case reserved4.Contains(ip):
		return addrForbidden, "reserved"
	case ip.IsLoopback():
		return addrPrivate, "loopback"
	case ip.IsPrivate(), siteLocal.Contains(ip):
		return addrPrivate, "private"
	case cgnat.Contains(ip):
		return addrPrivate, "shared (CGNAT)"
	}
	return addrPublic, "public"
}

// BlockedError is the error for a connection the address filter refused.
type BlockedError struct {
	Addr  netip.Addr
	Range string // "link-local", "loopback", "private", …
}

func (e *BlockedError) Error() string {
	return fmt.Sprintf("address blocked by policy: %s is %s", e.Addr, e.Range)
}

// checkAddr refuses a forbidden address, and a private one unless
// allowPrivate.
func checkAddr(ip netip.Addr, allowPrivate bool) error {
	switch class, what := classifyAddr(ip); {
	case class == addrForbidden, class == addrPrivate && !allowPrivate:
		return &BlockedError{Addr: ip.Unmap(), Range: what}
	}
	return nil
}

// addrControl is a net.Dialer Control function: it runs after the socket
// is made and before it connects, on the resolved address, and refuses
// what the policy refuses. guard, when not nil, is called on every
// address the policy allowed (tests use it to make sure nothing but
// loopback is ever dialled).
func addrControl(allowPrivate bool, guard func(netip.AddrPort) error) func(network, address string, _ syscall.RawConn) error {
	return func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("address blocked by policy: cannot read %q: %w", address, err)
		}
		if err := checkAddr(ap.Addr(), allowPrivate); err != nil {
			return err
		}
		if guard != nil {
			return guard(ap)
		}
		return nil
	}
}

// Resolver looks up a host's addresses; *net.Resolver is one. Tests
// inject their own so that no lookup and no packet leaves the machine.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// policyDialer resolves a host name itself (through an injectable
// Resolver) and dials its addresses one after another, each through the
// Control function that applies the policy.
type policyDialer struct {
	resolver Resolver
	dialer   net.Dialer
	// proxies are the host:port of the proxies the transport uses: a
	// proxy is the user's own setting, so it is dialled as if private
	// addresses were allowed (the proxy resolves the destination).
	proxies *sync.Map
	open    *net.Dialer
}

func newPolicyDialer(r Resolver, allowPrivate bool, proxies *sync.Map, guard func(netip.AddrPort) error) *policyDialer {
	return &policyDialer{
		resolver: r,
		dialer:   net.Dialer{KeepAlive: 30 * time.Second, Control: addrControl(allowPrivate, guard)},
		proxies:  proxies,
		open:     &net.Dialer{KeepAlive: 30 * time.Second, Control: addrControl(true, guard)},
	}
}

// DialContext is the transport's dial function.
func (d *policyDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	port, err := strconv.ParseUint(portStr, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("bad port in %q", addr)
	}
	dialer := &d.dialer
	if d.proxies != nil {
		if _, ok := d.proxies.Load(strings.ToLower(addr)); ok {
			dialer = d.open
		}
	}
	ips, err := d.lookup(ctx, network, host)
	if err != nil {
		return nil, err
	}
	var first error
	for i, ip := range ips {
		dctx, cancel := partialDeadline(ctx, len(ips)-i)
		conn, err := dialer.DialContext(dctx, network, netip.AddrPortFrom(ip, uint16(port)).String())
		// A connection outlives its dial context.
		cancel()
		if err == nil {
			return conn, nil
		}
		if first == nil || isBlocked(first) && !isBlocked(err) {
			// A real failure says more than a refused address.
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, first
}

// lookup returns host's addresses, or host itself when it is one.
func (d *policyDialer) lookup(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	ipnet := "ip"
	switch network {
	case "tcp4":
		ipnet = "ip4"
	case "tcp6":
		ipnet = "ip6"
	}
	ips, err := d.resolver.LookupNetIP(ctx, ipnet, host)
	if err != nil {
		return nil, err
	}
	if len(ips) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return ips, nil
}

// partialDeadline gives one of n remaining attempts its share of the
// time left, at least 2 s, as net.Dialer does for the addresses of a
// name, so that one address that does not answer leaves time for the
// others.
func partialDeadline(ctx context.Context, n int) (context.Context, context.CancelFunc) {
	dl, ok := ctx.Deadline()
	if !ok || n <= 1 {
		return ctx, func() {}
	}
	share := max(time.Until(dl)/time.Duration(n), 2*time.Second)
	if share >= time.Until(dl) {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, share)
}

func isBlocked(err error) bool {
	var be *BlockedError
	return errors.As(err, &be)
}
