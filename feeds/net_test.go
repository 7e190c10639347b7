package feeds

import (
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// hangServer accepts requests and never answers them; it counts them.
func hangServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// Six hung sources on one host (two connections allowed per host) end
// within one timeout plus a little: the timeout covers the wait for a
// slot. They took three timeouts in series before.
func TestHungSourcesOnOneHostEndWithinOneTimeout(t *testing.T) {
	srv, _ := hangServer(t)
	const timeout = time.Second
	f := newTestFetcher(Options{Timeout: timeout, PerHost: 2})
	var srcs []Source
	for i := range 6 {
		srcs = append(srcs, Source{Name: "hung", URL: srv.URL + "/feed" + string(rune('a'+i))})
	}
	start := time.Now()
	res := f.FetchAll(context.Background(), srcs, nil)
	took := time.Since(start)
	for _, r := range res {
		wantKind(t, r.Err, KindTimeout, "")
	}
	if took > timeout+700*time.Millisecond {
		t.Errorf("six hung sources took %v, want about one timeout (%v)", took, timeout)
	}
}

// A request that spends its whole timeout waiting for a slot says so.
func TestTimeoutWaitingForASlotSaysSo(t *testing.T) {
	srv, hits := hangServer(t)
	f := newTestFetcher(Options{Timeout: 200 * time.Millisecond, PerHost: 1})
	host := strings.TrimPrefix(srv.URL, "http://")
	release, err := f.acquire(context.Background(), host)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	_, err = f.Get(context.Background(), srv.URL+"/a")
	wantKind(t, err, KindTimeout, "timeout after 200ms waiting for a free connection to "+host)
	if hits.Load() != 0 {
		t.Error("the request was sent without a slot")
	}
}

func TestRetryAfterOn429And503(t *testing.T) {
	date := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", date.Format(http.TimeFormat))
		switch r.URL.Path {
		case "/429":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/503":
			w.Header().Set("Retry-After", date.Add(90*time.Second).Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/500":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	f := newTestFetcher(Options{})
	for _, c := range []struct {
		path  string
		after time.Duration
		msg   string
	}{
		{"/429", 2 * time.Minute, "HTTP 429, retry after 2m0s"},
		{"/503", 90 * time.Second, "HTTP 503, retry after 1m30s"},
		{"/500", 0, "HTTP 500"},
	} {
		r := f.Fetch(context.Background(), Source{Name: c.path, URL: srv.URL + c.path}, Conditional{})
		wantKind(t, r.Err, KindHTTP, c.msg)
		var se *SourceError
		if errors.As(r.Err, &se) && se.RetryAfter != c.after {
			t.Errorf("%s: RetryAfter %v, want %v", c.path, se.RetryAfter, c.after)
		}
	}
}

// Network errors name the URL and the cause in words.
func TestNetworkErrorsSayWhatHappened(t *testing.T) {
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	hung, _ := hangServer(t)
	refused := closedPortURL(t)
	f := newTestFetcher(Options{Timeout: 300 * time.Millisecond})
	cases := []struct {
		url  string
		kind Kind
		msg  string
	}{
		{refused, KindNetwork, "connection refused"},
		{tlsSrv.URL + "/feed.xml", KindNetwork, "TLS error: certificate signed by an unknown authority"},
		{hung.URL + "/feed.xml", KindTimeout, "timeout after 300ms"},
	}
	for _, c := range cases {
		_, err := f.Get(context.Background(), c.url)
		wantKind(t, err, c.kind, c.msg)
		if err != nil && !strings.HasPrefix(err.Error(), c.url+": ") {
			t.Errorf("%s: %q does not name the URL", c.url, err)
		}
	}
}
