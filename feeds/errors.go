package feeds

import (
	"errors"
	"fmt"
	"time"
)

// Kind is what went wrong with a source, for a program to act on (the
// TUI, for one, calls a source whose error is KindNetwork or KindTimeout
// offline).
type Kind string

// Kinds of SourceError.
const (
	KindTimeout     Kind = "timeout"      // the request (waiting for a connection slot included) or its body took longer than Options.Timeout
	KindHTTP        Kind = "http"         // the server answered with an error status
	KindNotAFeed    Kind = "not-a-feed"   // the document is neither a feed nor a page we can read as one
	KindTooLarge    Kind = "too-large"    // the body is larger than Options.MaxBytes
	KindInvalidFeed Kind = "invalid-feed" // the feed is malformed or truncated
	KindEmpty       Kind = "empty"        // the body is empty
	KindNetwork     Kind = "network"      // DNS, connection, TLS or read failure; also a cancelled fetch
	KindRedirect    Kind = "redirect"     // too many redirects, or a redirect to a non-http(s) URL
	KindBadURL      Kind = "bad-url"      // the URL is not an absolute http(s) URL
	KindTooComplex  Kind = "too-complex"  // the document nests deeper than MaxDepth or holds more than MaxElements elements
	KindBlocked     Kind = "blocked"      // the address is refused by the address policy (see Options.AllowPrivate)
)

// SourceError is why one source (or one page) could not be read. Error()
// is a short human reason for a status line, such as "HTTP 404", "not a
// feed" or "too large (over 8 MiB)"; for a failure to reach the server
// (KindNetwork, KindTimeout, KindBlocked) it names the URL and the cause
// in words: "https://x.example/rss: no such host x.example",
// "…: connection refused", "…: TLS error: certificate signed by an
// unknown authority", "…: timeout after 20s", "…: address blocked by
// policy: 169.254.169.254 is link-local".
type SourceError struct {
	Kind   Kind   // one of the Kind… constants
	Detail string // the short reason
	Status int    // the HTTP status, for KindHTTP
	// URL is the URL that failed (after redirects, as far as known): it
	// may be the feed a page advertised rather than the source's URL.
	URL string
	// RetryAfter is what the server asked for with Retry-After on a 429
	// or 503 answer (0 when it did not); see Backoff.
	RetryAfter time.Duration
	Err        error // the underlying error, if any
}

// Error is sanitised (see Sanitize): it holds text from the network (a
// redirect's URL, a host name, a server's words) and is printed as it is.
func (e *SourceError) Error() string {
	msg := e.Detail
	if msg == "" {
		msg = e.defaultDetail()
	}
	switch e.Kind {
	case KindNetwork, KindTimeout, KindBlocked:
		if e.URL != "" {
			msg = e.URL + ": " + msg
		}
	}
	return Sanitize(msg)
}

func (e *SourceError) defaultDetail() string {
	switch e.Kind {
	case KindHTTP:
		return fmt.Sprintf("HTTP %d", e.Status)
	case KindNotAFeed:
		return "not a feed"
	case KindInvalidFeed:
		return "invalid or truncated feed"
	case KindEmpty:
		return "empty response"
	case KindTimeout:
		return "timeout"
	case KindTooLarge:
		return "too large"
	case KindRedirect:
		return "too many redirects"
	case KindBadURL:
		return "bad URL"
	case KindTooComplex:
		return "feed too complex"
	case KindBlocked:
		return "address blocked by policy"
	}
	if e.Err != nil {
		return string(e.Kind) + ": " + e.Err.Error()
	}
	return string(e.Kind)
}

func (e *SourceError) Unwrap() error { return e.Err }

// ErrorKind returns the Kind of a *SourceError in err's chain, or "".
func ErrorKind(err error) Kind {
	var se *SourceError
	if errors.As(err, &se) {
		return se.Kind
	}
	return ""
}
