package feeds

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
)

// trackingParams are query parameters that identify a campaign or a click,
// not a document.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "_ga": true, "_gl": true,
	"spm": true, "ref_src": true, "cmpid": true, "ocid": true,
}

// CanonicalLink reduces a link to the form used to recognise the same
// article reached by different routes: no scheme (http and https match),
// host lowercased and without a default port, no fragment, no tracking
// parameters (utm_* and the like), remaining parameters sorted, and no
// trailing slash. It returns "" for anything that is not an http(s) URL.
func CanonicalLink(link string) string {
	if scheme, hostport, path, ok := simpleURL(link); ok {
		// The host is already lower-case; drop a default port.
		host := hostport
		if i := strings.IndexByte(hostport, ':'); i >= 0 {
			if port := hostport[i+1:]; port == "80" && scheme == "http" || port == "443" && scheme == "https" {
				host = hostport[:i]
			}
		}
		return host + strings.TrimRight(path, "/")
	}
	return canonicalLinkSlow(link)
}

// canonicalLinkSlow is CanonicalLink for any input.
func canonicalLinkSlow(link string) string {
	s, ok := cleanLink(link)
	if !ok {
		return ""
	}
	u := safeURL(s, "")
	if u == nil {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if port := u.Port(); port != "" && !(port == "80" && u.Scheme == "http") && !(port == "443" && u.Scheme == "https") {
		host += ":" + port
	}
	path := u.EscapedPath()
	path = strings.TrimRight(path, "/")
	var b strings.Builder
	b.WriteString(host)
	b.WriteString(path)
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			lk := strings.ToLower(k)
			if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
				q.Del(k)
			}
		}
		if enc := q.Encode(); enc != "" {
			b.WriteByte('?')
			b.WriteString(enc)
		}
	}
	return b.String()
}

// ItemID is a stable identifier for an item: a hash of its canonical link
// (see CanonicalLink), or of its GUID when it has no usable link; "" when
// it has neither. It is 16 hex digits.
func ItemID(link, guid string) string {
	var buf [256]byte
	key := buf[:0]
	if c := CanonicalLink(link); c != "" {
		key = append(append(key, "link\x00"...), c...)
	} else if g := strings.TrimSpace(guid); g != "" {
		key = append(append(key, "guid\x00"...), g...)
	} else {
		return ""
	}
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:8])
}

// Merge joins the items of several sources into one list, newest first
// (ties keep their input order). The same article reached twice is one
// item: items match on canonical link, then on GUID when their links do
// not disagree. A merged item keeps the richer value of each field (a
// real author, the longer body, the more precise date, a section), and
// the source of its first occurrence.
func Merge(lists ...[]Item) []Item {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	out := make([]Item, 0, n)
	byLink := make(map[string]int, n)
	byGUID := make(map[string]int, n)
	links := make([]string, 0, n) // canonical link of out[i]
	merged := make([]bool, 0, n)  // out[i] took fields from a later item
	for _, l := range lists {
		for _, it := range l {
			cl := CanonicalLink(it.Link)
			g := guidKey(it)
			idx := -1
			if cl != "" {
				if i, ok := byLink[cl]; ok {
					idx = i
				}
			}
			if idx < 0 && g != "" {
				if i, ok := byGUID[g]; ok && (cl == "" || links[i] == "" || links[i] == cl) {
					idx = i
				}
			}
			if idx < 0 {
				it.Categories = append([]string(nil), it.Categories...)
				out = append(out, it)
				links = append(links, cl)
				merged = append(merged, it.ID == "")
				idx = len(out) - 1
			} else {
				mergeInto(&out[idx], it)
				merged[idx] = true
				if links[idx] == "" {
					links[idx] = cl
				}
			}
			if cl != "" {
				if _, ok := byLink[cl]; !ok {
					byLink[cl] = idx
				}
			}
			if g != "" {
				if _, ok := byGUID[g]; !ok {
					byGUID[g] = idx
				}
			}
		}
	}
	for i := range out {
		if merged[i] {
			if id := itemKeyID(out[i]); id != "" {
				out[i].ID = id
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Published, out[j].Published
		if a.IsZero() != b.IsZero() {
			return b.IsZero()
		}
		return a.After(b)
	})
	return out
}

// DateRank orders where an item's date came from, best first (-1 for no
// date): merging keeps the better-sourced date. The library merges stored
// rows by the same rule.
func DateRank(it Item) int {
	if it.Published.IsZero() {
		return -1
	}
	switch it.PublishedFrom {
	case "pubDate":
		return 5
	case "updated":
		return 4
	case "list":
		return 3
	case "wsid":
		return 2
	case "fetched":
		return 0
	}
	return 1
}

// FillEmpty fills dst's empty headline fields (title, link, GUID, author,
// image and section) from src, as merging two copies of an article does.
func FillEmpty(dst *Item, src Item) {
	for _, f := range [...]struct {
		d *string
		s string
	}{
		{&dst.Title, src.Title}, {&dst.Link, src.Link}, {&dst.GUID, src.GUID},
		{&dst.Author, src.Author}, {&dst.ImageURL, src.ImageURL}, {&dst.Section, src.Section},
	} {
		if *f.d == "" {
			*f.d = f.s
		}
	}
}

func mergeInto(dst *Item, src Item) {
	FillEmpty(dst, src)
	if dst.SourceName == "" {
		dst.SourceName = src.SourceName
	}
	if dst.SourceURL == "" {
		dst.SourceURL = src.SourceURL
	}
	if DateRank(src) > DateRank(*dst) {
		dst.Published, dst.PublishedFrom = src.Published, src.PublishedFrom
	}
	if len(src.Summary) > len(dst.Summary) {
		dst.Summary = src.Summary
	}
	switch {
	case len(src.ContentHTML) > len(dst.ContentHTML):
		dst.ContentHTML, dst.Content = src.ContentHTML, src.Content
	case dst.ContentHTML == "" && len(src.Content) > len(dst.Content):
		dst.Content = src.Content
	}
	for _, c := range src.Categories {
		if !contains(dst.Categories, c) {
			dst.Categories = append(dst.Categories, c)
		}
	}
}
