package syncer_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/store"
	"github.com/dateline-news/dateline/syncer"
)

// What a real server cannot be made to do on demand (fail, rate limit,
// hang) is served by httptest; each is a clear error, and the library
// and its queue are intact.
func TestServerFailures(t *testing.T) {
	for _, kind := range []string{syncer.KindMiniflux, syncer.KindGReader} {
		t.Run(kind, func(t *testing.T) { testServerFailures(t, kind) })
	}
}

func testServerFailures(t *testing.T, kind string) {
	const secret = "s3cret-token-value"
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    string
		kind    string
	}{
		{"500", func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, `{"error_message":"db down `+secret+`"}`, http.StatusInternalServerError)
		}, "the server failed (HTTP 500)", "server"},
		{"502", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) }, "the server failed (HTTP 502)", "server"},
		{"429", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		}, "rate limited by the server (HTTP 429); it asked to wait 2m0s", "rate limited"},
		{"401", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusUnauthorized) }, "refused the credentials", "credentials"},
		{"not json", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("<html>a login page</html>")) }, "", "protocol"},
		{"hangs", func(_ http.ResponseWriter, r *http.Request) {
			// The body read first: the server notices the client gone
			// only then; bounded, so the test server always closes.
			_, _ = io.Copy(io.Discard, r.Body)
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, "did not answer within 300ms", "timeout"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				c.handler(w, r)
			}))
			defer srv.Close()
			lib := seededLibrary(t)
			remote, err := syncer.New(bg, syncer.Config{Kind: kind, URL: srv.URL, Username: "me", Password: kind == syncer.KindGReader,
				Secret: constSecret(secret), Client: &http.Client{Timeout: 300 * time.Millisecond}})
			if err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 12, 8, 3, 0, 0, 0, time.UTC)
			p := ingest.New(ingest.Config{Library: lib, Remote: remote, Now: func() time.Time { return now }})
			_, err = p.Sync(bg)
			var se *syncer.Error
			if !errors.As(err, &se) || se.Kind != c.kind || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v (%T), want kind %s with %q", err, err, c.kind, c.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("the error shows the secret: %v", err)
			}
			if _, st, err := lib.Item(bg, "seed"); err != nil || !st.Read {
				t.Errorf("the library's item after the failure: %+v %v", st, err)
			}
			if c.kind != "rate limited" {
				return
			}
			// Retry-After is honoured: a sync before then does not ask.
			before := hits.Load()
			_, err = p.Sync(bg)
			var we *ingest.WaitError
			if !errors.As(err, &we) || !we.Until.Equal(now.Add(2*time.Minute)) || hits.Load() != before {
				t.Errorf("a sync inside Retry-After: %v, %d requests", err, hits.Load()-before)
			}
			now = now.Add(3 * time.Minute)
			if _, err := p.Sync(bg); err == nil || hits.Load() == before {
				t.Errorf("a sync after Retry-After did not ask the server: %v", err)
			}
		})
	}
}

// seededLibrary is a library holding one read item.
func seededLibrary(t *testing.T) *store.Store {
	t.Helper()
	lib, err := ingest.OpenLibrary(filepath.Join(t.TempDir(), "library.db"), ingest.LibraryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	src := feeds.Source{Name: "Seed", URL: "https://example.org/feed"}
	if _, err := lib.PutResult(bg, feeds.Result{Source: src, Items: []feeds.Item{{ID: "seed", Title: "Seed", Link: "https://example.org/1"}}}); err != nil {
		t.Fatal(err)
	}
	if err := lib.MarkRead(bg, "seed", true); err != nil {
		t.Fatal(err)
	}
	return lib
}

func TestSecretFrom(t *testing.T) {
	env := map[string]string{"TOKEN": "from-env"}
	getenv := func(k string) string { return env[k] }
	for _, c := range []struct {
		command, env, want, err string
	}{
		{command: "printf 'from-command\\n'", want: "from-command"},
		{env: "TOKEN", want: "from-env"},
		{env: "MISSING", err: "$MISSING is not set"},
		{command: "echo leaked-secret >&2; exit 3", err: "the command failed"},
		{command: "true", err: "printed nothing"},
		{err: "no token_command"},
	} {
		got, err := syncer.SecretFrom(c.command, c.env, getenv)(context.Background())
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err) || !errors.Is(err, syncer.ErrSecret)):
			t.Errorf("%q/%q: %v, want an error with %q", c.command, c.env, err, c.err)
		case c.err != "" && strings.Contains(err.Error(), "leaked"):
			t.Errorf("the command's stderr is in the error: %v", err)
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("%q/%q: %q %v, want %q", c.command, c.env, got, err, c.want)
		}
	}
}
