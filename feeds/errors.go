package feeds

import (
	"errors"
	"fmt"
)

// Kinds of SourceError.
const (
	KindTimeout     = "timeout"      // the request or its body took longer than Options.Timeout
	KindHTTP        = "http"         // the server answered with an error status
	KindNotAFeed    = "not-a-feed"   // the document is neither a feed nor a page we can read as one
	KindTooLarge    = "too-large"    // the body is larger than Options.MaxBytes
	KindInvalidFeed = "invalid-feed" // the feed is malformed or truncated
	KindEmpty       = "empty"        // the body is empty
	KindNetwork     = "network"      // DNS, connection, TLS or read failure; also a cancelled fetch
	KindRedirect    = "redirect"     // too many redirects, or a redirect to a non-http(s) URL
	KindBadURL      = "bad-url"      // the URL is not an absolute http(s) URL
	KindTooComplex  = "too-complex"  // the document nests deeper than MaxDepth or holds more than MaxElements elements
)

// SourceError is why one source (or one page) could not be read. Error()
// is a short human reason for a status line, such as "HTTP 404",
// "timeout after 20s", "not a feed" or "too large (over 8 MiB)".
type SourceError struct {
	Kind   string // one of the Kind… constants
	Detail string // the short reason; Error() returns it
	Status int    // the HTTP status, for KindHTTP
	Err    error  // the underlying error, if any
}

func (e *SourceError) Error() string {
	if e.Detail != "" {
		return e.Detail
	}
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
	}
	if e.Err != nil {
		return e.Kind + ": " + e.Err.Error()
	}
	return e.Kind
}

func (e *SourceError) Unwrap() error { return e.Err }

// ErrorKind returns the Kind of a *SourceError in err's chain, or "".
func ErrorKind(err error) string {
	var se *SourceError
	if errors.As(err, &se) {
		return se.Kind
	}
	return ""
}
