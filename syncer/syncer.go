// Package syncer speaks to the feed servers a library syncs with: a
// Miniflux server through its REST API (the official client,
// miniflux.app/v2/client), and any server of the Google Reader API
// (FreshRSS, Miniflux's own /reader endpoint, Inoreader, The Old
// Reader). Each is an ingest.Remote: the pipeline (package ingest) does
// the sync; this package only talks to the server.
//
// A secret (token or password) is read when a Remote is made, from a
// command or an environment variable, and kept only in memory. It never
// appears in an error: every error of this package is passed through
// the Remote's scrub first.
package syncer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/ingest"
)

// Kinds of server.
const (
	KindMiniflux = "miniflux"
	KindGReader  = "greader"
)

// Config says which server to use and how to log in.
type Config struct {
	Kind     string // KindMiniflux or KindGReader
	URL      string // the server's base URL
	Username string
	// Secret returns the token (Miniflux API key) or password; see
	// SecretFrom.
	Secret func(ctx context.Context) (string, error)
	// Password: the secret is a password (Miniflux: HTTP basic auth with
	// Username), not an API token.
	Password bool
	// Client makes the requests (a client with a time-out; required).
	Client *http.Client
}

// ErrSecret is the error of a secret that could not be read.
var ErrSecret = errors.New("the sync secret could not be read")

// SecretFrom returns the function that reads the secret: the output of
// command (run by sh -c, its last newline dropped) when command is set,
// else the environment variable env (looked up with getenv).
func SecretFrom(command, env string, getenv func(string) string) func(ctx context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		if command != "" {
			var out, errOut bytes.Buffer
			cmd := exec.CommandContext(ctx, "sh", "-c", command)
			cmd.Stdout, cmd.Stderr = &out, &errOut
			if err := cmd.Run(); err != nil {
				// Its stderr is not shown: it could hold the secret.
				return "", fmt.Errorf("%w: the command failed (%v)", ErrSecret, err)
			}
			s := strings.TrimRight(out.String(), "\r\n")
			if s == "" {
				return "", fmt.Errorf("%w: the command printed nothing", ErrSecret)
			}
			return s, nil
		}
		if env != "" {
			if s := getenv(env); s != "" {
				return s, nil
			}
			return "", fmt.Errorf("%w: $%s is not set", ErrSecret, env)
		}
		return "", fmt.Errorf("%w: [sync] gives no token_command, password_command or env", ErrSecret)
	}
}

// New makes the Remote for c, reading its secret.
func New(ctx context.Context, c Config) (ingest.Remote, error) {
	if c.Client == nil {
		return nil, errors.New("syncer: no HTTP client")
	}
	secret, err := c.Secret(ctx)
	if err != nil {
		return nil, err
	}
	w := &watch{next: c.Client.Transport}
	if w.next == nil {
		w.next = http.DefaultTransport
	}
	hc := *c.Client
	hc.Transport = w
	base := conn{url: strings.TrimRight(c.URL, "/"), user: c.Username, secret: secret, watch: w, timeout: c.Client.Timeout}
	switch c.Kind {
	case KindMiniflux:
		return newMiniflux(base, &hc, c.Password), nil
	case KindGReader:
		return newGReader(base, &hc), nil
	}
	return nil, fmt.Errorf("syncer: unknown kind %q", c.Kind)
}

// conn is what both kinds of server share: where, who, and the watch on
// the last answer.
type conn struct {
	url, user, secret string
	watch             *watch
	timeout           time.Duration
}

// watch is a transport that keeps the status and Retry-After of the last
// answer, which the Miniflux client drops.
type watch struct {
	next http.RoundTripper

	mu         sync.Mutex
	status     int
	retryAfter string
}

func (w *watch) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := w.next.RoundTrip(r)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.status, w.retryAfter = 0, ""
	if err == nil {
		w.status, w.retryAfter = resp.StatusCode, resp.Header.Get("Retry-After")
	}
	return resp, err
}

func (w *watch) last() (int, string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.status, w.retryAfter
}

// Error is a failed exchange with the server, said plainly.
type Error struct {
	Kind string // "credentials", "rate limited", "server", "unreachable", "timeout", "protocol"
	Msg  string
	// After is how long the server asked to wait (rate limited).
	After time.Duration
}

func (e *Error) Error() string { return e.Msg }

// RetryAfter is how long the server asked to wait (ingest.RetryAfterError).
func (e *Error) RetryAfter() time.Duration { return e.After }

// classify turns what an exchange failed with into an *Error, with the
// secret scrubbed from any text it quotes. what says what was being done.
func (c *conn) classify(what string, err error) error {
	if err == nil {
		return nil
	}
	var known *Error
	if errors.As(err, &known) {
		return err
	}
	status, ra := c.watch.last()
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return err
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return &Error{Kind: "credentials", Msg: fmt.Sprintf("%s: the server refused the credentials (HTTP %d): check the username and the token or password", what, status)}
	case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable && ra != "":
		after, _ := feeds.ParseRetryAfter(ra, time.Now())
		msg := fmt.Sprintf("%s: rate limited by the server (HTTP %d)", what, status)
		if after > 0 {
			msg += fmt.Sprintf("; it asked to wait %s", after.Round(time.Second))
		}
		return &Error{Kind: "rate limited", Msg: msg, After: after}
	case status >= 500:
		msg := fmt.Sprintf("%s: the server failed (HTTP %d)", what, status)
		if _, detail, ok := strings.Cut(err.Error(), "internal server error: "); ok && detail != "" {
			msg += ": " + c.scrub(detail) // Miniflux says why (a feed it could not fetch)
		}
		return &Error{Kind: "server", Msg: msg}
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return &Error{Kind: "timeout", Msg: fmt.Sprintf("%s: the server at %s did not answer within %s", what, c.url, c.timeout)}
	case errors.As(err, &ne):
		return &Error{Kind: "unreachable", Msg: fmt.Sprintf("%s: cannot reach the server at %s: %s", what, c.url, c.scrub(rootCause(err)))}
	}
	return &Error{Kind: "protocol", Msg: fmt.Sprintf("%s: %s", what, c.scrub(err.Error()))}
}

// scrub removes the secret from a text that may quote it.
func (c *conn) scrub(s string) string {
	if c.secret != "" {
		s = strings.ReplaceAll(s, c.secret, "[secret]")
	}
	return feeds.Sanitize(s)
}

// rootCause is the innermost error's text ("connection refused").
func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}
