// Package demo is Dateline's built-in sample edition: China Daily-style
// pages (the World feed, the Asia-Pacific section pages and the article
// pages, the seed article over two pages) embedded in the binary and
// served from an in-process loopback server, so `dateline --demo` runs
// every real layer — fetch, parse, reader mode, entities, library —
// where the news sites cannot be reached.
//
// The edition is adapted from the shared China Daily fixtures: only the
// seed article ("Pressure kept on Seoul for intelligence pact with Japan")
// is real text; the other articles are synthetic and say so in the README.
package demo

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed edition
var edition embed.FS

// Pages are the edition's files: a/ (the article pages), rss/ (the World
// feed) and world/ (the Asia-Pacific section pages), with {{BASE}} where
// their links name the server. The tests read them too (package
// internal/fixtures), so the repository holds one copy.
func Pages() fs.FS {
	sub, err := fs.Sub(edition, "edition")
	if err != nil {
		panic(err) // the embedded tree always has the folder
	}
	return sub
}

// Label is what the status line says while the sample edition runs.
const Label = "sample edition"

// Host is the sample edition's own address in its links. It is under
// .invalid, which never resolves: the edition's transport (Transport)
// connects it to the loopback server, so its links, and so the ids of
// its items, are the same in every run, whatever port the server has.
const Host = "sample.dateline.invalid"

// BaseURL is the edition's links' base.
const BaseURL = "http://" + Host

// Server serves the sample edition on loopback.
type Server struct {
	URL  string // BaseURL: what its links and sources say
	Addr string // 127.0.0.1:PORT, where it listens
	srv  *http.Server
	ln   net.Listener
}

// Start listens on a free loopback port and serves the edition.
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{URL: BaseURL, Addr: ln.Addr().String(), ln: ln}
	s.srv = &http.Server{Handler: Handler(s.URL), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Transport is an HTTP transport that reads the edition: a connection to
// Host goes to the loopback server; any other address is refused, so a
// run of the sample edition never touches the network. (It is not an
// *http.Transport: the fetcher's address filter, which would send
// Host's requests to port 80, leaves it as it is.)
func (s *Server) Transport() http.RoundTripper {
	d := &net.Dialer{Timeout: 5 * time.Second}
	return editionTransport{&http.Transport{
		DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
			if host, _, err := net.SplitHostPort(addr); err != nil || host != Host {
				return nil, fmt.Errorf("the sample edition reads only itself, not %s", addr)
			}
			return d.DialContext(ctx, "tcp", s.Addr)
		},
		Proxy:                 nil,
		MaxIdleConnsPerHost:   4,
		ResponseHeaderTimeout: 10 * time.Second,
	}}
}

// editionTransport is the edition's transport under a type of its own.
type editionTransport struct{ t *http.Transport }

func (e editionTransport) RoundTrip(r *http.Request) (*http.Response, error) { return e.t.RoundTrip(r) }

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

// Sources are the sample edition's two sources, as the real defaults.
func (s *Server) Sources() [][2]string { return sources(s.URL) }

// EditionSources are the sources with the edition's own addresses
// (BaseURL), which Handler serves.
func EditionSources() [][2]string { return sources(BaseURL) }

func sources(base string) [][2]string {
	return [][2]string{
		{"China Daily · Asia-Pacific (sample)", base + "/world/asia_pacific"},
		{"China Daily · World (sample)", base + "/rss/world_rss.xml"},
	}
}

// Handler serves the edition with {{BASE}} replaced by base.
func Handler(base string) http.Handler {
	sub, _ := fs.Sub(edition, "edition")
	return ServeFS(sub, base)
}

// ServeFS serves fixture files the way the sample edition is served:
// {{BASE}} in .xml, .html and .json files becomes base, a directory serves
// its index.html, and feeds and pages get their content types. Tests use it
// to serve testdata/ on loopback.
func ServeFS(sub fs.FS, base string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if p == "" {
			p = "."
		}
		if st, err := fs.Stat(sub, p); err == nil && st.IsDir() {
			p = path.Join(p, "index.html")
		}
		body, err := fs.ReadFile(sub, p)
		if errors.Is(err, fs.ErrNotExist) {
			http.NotFound(w, r)
			return
		} else if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		switch path.Ext(p) {
		case ".xml", ".html", ".json":
			body = bytes.ReplaceAll(body, []byte("{{BASE}}"), []byte(base))
		}
		switch path.Ext(p) {
		case ".json":
			w.Header().Set("Content-Type", "application/json")
		case ".xml":
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		case ".html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		_, _ = w.Write(body)
	})
}
