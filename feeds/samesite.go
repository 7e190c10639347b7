package feeds

import (
	"net/netip"
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// hostOf is the lower-case host name (no port) of a URL, or "".
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

// SameSite reports whether two URLs are on the same site: the same host,
// or the same registrable domain (www.chinadaily.com.cn and
// chinadaily.com.cn, or cd.chinadaily.com.cn, by the public suffix
// list). An address, a single-label name or a public suffix matches only
// itself. Prefetching uses it to fetch only the links on a source's own
// site.
func SameSite(a, b string) bool {
	ha, hb := hostOf(a), hostOf(b)
	if ha == "" || hb == "" {
		return false
	}
	if ha == hb {
		return true
	}
	if _, err := netip.ParseAddr(ha); err == nil {
		return false
	}
	if _, err := netip.ParseAddr(hb); err == nil {
		return false
	}
	ra, err1 := publicsuffix.EffectiveTLDPlusOne(ha)
	rb, err2 := publicsuffix.EffectiveTLDPlusOne(hb)
	return err1 == nil && err2 == nil && ra == rb
}
