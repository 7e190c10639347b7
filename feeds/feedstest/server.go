// Package feedstest serves a folder of feed and page fixtures on loopback
// for tests, the way ../shared/tools/fixtureserver does, without a
// separate process.
//
// Every "{{BASE}}" in a text response (.xml .rss .atom .html .htm .json
// .opml .txt) is replaced by the server's URL. A directory serves its
// index.html. .xml and .rss files are labelled application/rss+xml with
// the charset their XML declaration names (utf-8 when none), .atom files
// application/atom+xml. Responses carry an ETag and Last-Modified and
// honour If-None-Match and If-Modified-Since with 304.
//
// Faults, as path prefixes in front of any fixture path, with the same
// meaning as in fixtureserver:
//
//	/_fault/slow/MS/PATH       wait MS milliseconds, then serve PATH
//	/_fault/status/CODE/PATH   answer CODE with a short body (PATH ignored)
//	/_fault/redirect/N/PATH    redirect N times, then serve PATH
//	/_fault/redirect/loop      redirect to itself for ever
//	/_fault/hang/PATH          accept, then never answer (until the client gives up)
//	/_fault/trickle/PATH       send PATH one byte every 200 ms
//	/_fault/huge/PATH          send PATH, then endless padding (tests size limits)
//	/_fault/gzip/PATH          serve PATH gzip-encoded (Content-Encoding: gzip)
//	/_fault/ctype/TYPE/PATH    serve PATH with Content-Type TYPE ("_" for "/")
//
// GET /_stats returns a JSON object: request counts by path, and how many
// requests were answered 304.
package feedstest

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TrickleInterval is the pause between bytes of /_fault/trickle/.
const TrickleInterval = 200 * time.Millisecond

// Stats is what GET /_stats returns.
type Stats struct {
	Requests    map[string]int `json:"requests"`
	NotModified int            `json:"not_modified"`
}

type server struct {
	tb    testing.TB
	root  fs.FS
	base  string
	start time.Time
	done  chan struct{}

	mu      sync.Mutex
	counts  map[string]int
	notMods int
}

// NewServer serves root on a loopback httptest server that is closed when
// the test ends. Handlers that hang or stream for ever stop then too.
func NewServer(t testing.TB, root string) *httptest.Server {
	t.Helper()
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		t.Fatalf("feedstest: fixture root %s is not a directory: %v", root, err)
	}
	return NewServerFS(t, os.DirFS(root))
}

// NewServerFS is NewServer over a file system (internal/fixtures.FS is
// the China Daily tree).
func NewServerFS(t testing.TB, fsys fs.FS) *httptest.Server {
	t.Helper()
	s := &server{
		tb:     t,
		root:   fsys,
		start:  time.Now().UTC().Truncate(time.Second),
		done:   make(chan struct{}),
		counts: map[string]int{},
	}
	srv := httptest.NewUnstartedServer(s)
	// The listener exists before Start: set the base first, so handlers
	// never read it while it is written.
	s.base = "http://" + srv.Listener.Addr().String()
	srv.Start()
	t.Cleanup(func() {
		close(s.done)
		srv.CloseClientConnections()
		srv.Close()
	})
	return srv
}

// Substitute replaces {{BASE}} in b with base, as the server does.
func Substitute(b []byte, base string) []byte {
	return []byte(strings.ReplaceAll(string(b), "{{BASE}}", base))
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if p == "/_stats" {
		s.serveStats(w, r)
		return
	}
	s.mu.Lock()
	s.counts[p]++
	s.mu.Unlock()
	if fault, ok := strings.CutPrefix(p, "/_fault/"); ok {
		s.serveFault(w, r, fault)
		return
	}
	s.serveFile(w, r, p, "", false)
}

func (s *server) serveStats(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	st := Stats{Requests: map[string]int{}, NotModified: s.notMods}
	for k, v := range s.counts {
		st.Requests[k] = v
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(st); err != nil {
		s.clientGone(r, err)
	}
}

// serveFault serves /_fault/FAULT, FAULT being the path after that prefix.
func (s *server) serveFault(w http.ResponseWriter, r *http.Request, fault string) {
	parts := strings.SplitN(fault, "/", 3)
	arg := func(i int) string {
		if i < len(parts) {
			return parts[i]
		}
		return ""
	}
	rest := func(from int) string {
		if from >= len(parts) {
			return "/"
		}
		return "/" + strings.Join(parts[from:], "/")
	}
	switch arg(0) {
	case "slow":
		ms, _ := strconv.Atoi(arg(1))
		if !s.wait(r, time.Duration(ms)*time.Millisecond) {
			return
		}
		s.serveFile(w, r, rest(2), "", false)
	case "status":
		code, err := strconv.Atoi(arg(1))
		if err != nil || code < 100 || code > 599 {
			code = 500
		}
		http.Error(w, fmt.Sprintf("fixtureserver: status %d", code), code)
	case "redirect":
		s.redirect(w, r, arg(1), rest(2))
	case "hang":
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
	case "trickle":
		s.trickle(w, r, rest(1))
	case "huge":
		s.huge(w, r, rest(1))
	case "gzip":
		s.serveFile(w, r, rest(1), "", true)
	case "ctype":
		s.serveFile(w, r, rest(2), strings.ReplaceAll(arg(1), "_", "/"), false)
	default:
		http.Error(w, "fixtureserver: unknown fault", http.StatusBadRequest)
	}
}

// redirect serves /_fault/redirect/N/PATH and /_fault/redirect/loop.
func (s *server) redirect(w http.ResponseWriter, r *http.Request, count, p string) {
	if count == "loop" {
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
		return
	}
	n, _ := strconv.Atoi(count)
	if n <= 0 {
		s.serveFile(w, r, p, "", false)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/_fault/redirect/%d%s", n-1, p), http.StatusFound)
}

// trickle sends the fixture at p one byte every TrickleInterval.
func (s *server) trickle(w http.ResponseWriter, r *http.Request, p string) {
	body, ctype, ok := s.load(p)
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ctype)
	f, _ := w.(http.Flusher)
	for i := range body {
		if _, err := w.Write(body[i : i+1]); err != nil {
			return
		}
		if f != nil {
			f.Flush()
		}
		if !s.wait(r, TrickleInterval) {
			return
		}
	}
}

// huge sends the fixture at p, then padding until the client or the
// server gives up.
func (s *server) huge(w http.ResponseWriter, r *http.Request, p string) {
	body, ctype, ok := s.load(p)
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ctype)
	if _, err := w.Write(body); err != nil {
		s.clientGone(r, err)
		return
	}
	pad := []byte(strings.Repeat("<!-- padding -->\n", 4096))
	for {
		select {
		case <-s.done:
			return
		default:
		}
		if _, err := w.Write(pad); err != nil {
			return
		}
	}
}

// clientGone notes a response the client stopped reading. The fault tests
// make clients give up on purpose (timeouts, size limits), so it is not a
// failure; the test's log shows it.
func (s *server) clientGone(r *http.Request, err error) {
	s.tb.Logf("feedstest: %s: the client went away: %v", r.URL.Path, err)
}

// wait pauses for d; false means the client or the server went away.
func (s *server) wait(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.done:
	}
	return false
}

// load reads a fixture and substitutes {{BASE}} in text files.
func (s *server) load(p string) ([]byte, string, bool) {
	full := strings.TrimPrefix(path.Clean("/"+p), "/")
	if full == "" {
		full = "."
	}
	if st, err := fs.Stat(s.root, full); err == nil && st.IsDir() {
		full = path.Join(full, "index.html")
	}
	b, err := fs.ReadFile(s.root, full)
	if err != nil {
		return nil, "", false
	}
	ext := strings.ToLower(path.Ext(full))
	switch ext {
	case ".xml", ".html", ".htm", ".json", ".opml", ".txt", ".rss", ".atom":
		b = Substitute(b, s.base)
	}
	ctype := mime.TypeByExtension(ext)
	switch ext {
	case ".xml", ".rss":
		ctype = "application/rss+xml; charset=" + xmlCharset(b)
	case ".atom":
		ctype = "application/atom+xml; charset=" + xmlCharset(b)
	case ".opml":
		ctype = "text/x-opml; charset=utf-8"
	case ".html", ".htm":
		ctype = "text/html; charset=utf-8"
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	return b, ctype, true
}

var encodingDecl = regexp.MustCompile(`^(?:\x{FEFF})?<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']`)

// xmlCharset names the encoding declared in an XML prolog, or utf-8.
func xmlCharset(b []byte) string {
	head := string(b[:min(len(b), 200)])
	if m := encodingDecl.FindStringSubmatch(head); m != nil {
		return strings.ToLower(m[1])
	}
	return "utf-8"
}

func (s *server) serveFile(w http.ResponseWriter, r *http.Request, p, ctype string, gz bool) {
	body, guessed, ok := s.load(p)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if ctype == "" {
		ctype = guessed
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", s.start.Format(http.TimeFormat))
	if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, etag) {
		s.notModified(w)
		return
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && r.Header.Get("If-None-Match") == "" {
		if t, err := http.ParseTime(ims); err == nil && !s.start.After(t) {
			s.notModified(w)
			return
		}
	}
	w.Header().Set("Content-Type", ctype)
	if gz {
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		_, err := zw.Write(body)
		if err == nil {
			err = zw.Close()
		}
		if err != nil {
			s.clientGone(r, err)
		}
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if _, err := w.Write(body); err != nil {
		s.clientGone(r, err)
	}
}

func (s *server) notModified(w http.ResponseWriter) {
	s.mu.Lock()
	s.notMods++
	s.mu.Unlock()
	w.WriteHeader(http.StatusNotModified)
}

// FetchStats reads the server's /_stats.
func FetchStats(t testing.TB, srv *httptest.Server) Stats {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + "/_stats")
	if err != nil {
		t.Fatalf("feedstest: stats: %v", err)
	}
	defer resp.Body.Close()
	var st Stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatalf("feedstest: stats: %v", err)
	}
	return st
}
