// Package feeds fetches, parses and sanitises news sources: RSS, Atom and
// JSON Feed through gofeed (common RSS and Atom documents through a fast
// reader that builds exactly what gofeed builds, see internal/fastfeed), HTML
// pages that advertise a feed, and China Daily section pages through a
// list-page adapter.
package feeds

import (
	"net/url"
	"strings"
	"time"
)

// Source is one configured news source.
type Source struct {
	Name string
	URL  string
	// Untitled: the user gave no name; Name is the URL's (URLName), and
	// the feed's own title names the source once it is fetched.
	Untitled bool
}

// Item is one headline from a source, already sanitised: every string is
// safe to print to a terminal.
type Item struct {
	// ID is stable across runs: derived from the canonical link, else the GUID.
	ID         string
	SourceName string
	SourceURL  string
	Title      string
	Link       string // canonical http(s) link, "" when the feed gave none that is safe
	GUID       string
	Author     string
	Published  time.Time // in the source's zone (Asia/Shanghai for China Daily zoneless dates)
	// PublishedFrom says where Published came from: "pubDate", "updated", "wsid", "list", "fetched".
	PublishedFrom string
	// Summary is plain text (description converted from HTML).
	Summary string
	// ContentHTML is the item's full HTML body when the feed carries one
	// (content, content:encoded, or China Daily's non-namespaced <content>),
	// stripped of scripts, event handlers and unsafe links.
	ContentHTML string
	// Content is ContentHTML (or Summary) as plain text: paragraphs
	// separated by a blank line.
	Content  string
	ImageURL string
	Section  string
	// Categories from the feed, sanitised.
	Categories []string
}

// Conditional carries the validators of the last successful fetch of a
// source, for a conditional GET.
type Conditional struct {
	ETag         string
	LastModified string
	// URL is the document the validators belong to when it is not the
	// source's own URL: the feed an HTML page advertised. Fetch then asks
	// that feed directly. "" means the source URL.
	URL string
}

// Result is the outcome of fetching one source.
type Result struct {
	Source      Source
	Items       []Item
	Err         error // nil on success; a *SourceError with a short reason otherwise
	NotModified bool  // the server answered 304
	// Validators to send next time (empty after an error: keep the old ones).
	Validators Conditional
	Status     int    // last HTTP status
	FeedURL    string // the feed actually read (after autodiscovery), or the page
	// Title is the feed's own title (a section list: its section),
	// sanitised; "" when it gives none.
	Title     string
	FetchedAt time.Time
	Duration  time.Duration
}

// URLName names a source by its URL when nothing better is known (no
// name in the config, no title in the feed): its host without "www."
// and its path, so two sources on one host never share it
// ("chinadaily.com.cn/rss/world_rss.xml").
func URLName(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return Sanitize(raw)
	}
	name := strings.TrimPrefix(strings.ToLower(u.Host), "www.") + strings.TrimRight(u.EscapedPath(), "/")
	if u.RawQuery != "" {
		name += "?" + u.RawQuery
	}
	return Sanitize(name)
}
