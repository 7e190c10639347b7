package ingest

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/store"
)

// imageServer serves /photo.png (counting requests) and /big (over the
// fetcher's cap) on loopback.
func imageServer(t *testing.T, photo []byte, hits *atomic.Int32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/photo.png":
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(photo)
		case "/big":
			w.Header().Set("Content-Type", "image/jpeg")
			_, _ = w.Write(make([]byte, 9<<20))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestImageFetchedOnceKeptAndReadOffline(t *testing.T) {
	photo := []byte("\x89PNG\r\n\x1a\nnot really")
	var hits atomic.Int32
	srv := imageServer(t, photo, &hits)
	f := feeds.NewFetcher(feeds.Options{Client: srv.Client(), Now: fixedNow, Timeout: 5 * time.Second})
	fetch := func(ctx context.Context, u string) ([]byte, string, error) {
		pg, err := f.Get(ctx, u)
		if err != nil {
			return nil, "", err
		}
		return pg.Body, pg.ContentType, nil
	}
	e := newEnv(t)
	lib := e.open("library.db")
	src := feeds.Source{Name: "Local", URL: srv.URL + "/rss"}
	if _, err := lib.PutItems(bg, src, []feeds.Item{{ID: "p1", Title: "Photo story", Link: srv.URL + "/a"}}); err != nil {
		t.Fatal(err)
	}
	p := New(Config{Library: lib, Sources: []feeds.Source{src}, FetchImage: fetch, Entities: entity.Extract, Now: fixedNow})
	for range 2 {
		img, err := p.Image(bg, "p1", srv.URL+"/photo.png")
		if err != nil || !bytes.Equal(img.Data, photo) || img.ContentType != "image/png" {
			t.Fatalf("Image: %+v %v", img, err)
		}
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("%d requests for one picture read twice, want 1 (the second from the library)", n)
	}
	// Offline: the kept picture is there; another is not.
	off := New(Config{Library: lib, Offline: true, FetchImage: fetch, Now: fixedNow})
	if img, err := off.Image(bg, "p1", srv.URL+"/photo.png"); err != nil || !bytes.Equal(img.Data, photo) {
		t.Errorf("offline, kept: %v", err)
	}
	if _, err := off.Image(bg, "p1", srv.URL+"/other.png"); !errors.Is(err, ErrOffline) {
		t.Errorf("offline, not kept: %v, want ErrOffline", err)
	}
	// Over the fetcher's cap: an error, nothing kept.
	if _, err := p.Image(bg, "p1", srv.URL+"/big"); err == nil || !strings.Contains(err.Error(), "MiB") {
		t.Errorf("a 9 MiB picture: %v, want the size cap", err)
	}
	if _, err := lib.Image(bg, "p1", srv.URL+"/big"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused picture was kept: %v", err)
	}
	// Only http and https.
	if _, err := p.Image(bg, "p1", "file:///etc/passwd"); err == nil {
		t.Error("a file: URL was read")
	}
}

// A picture a public feed's article points at a private address is
// refused, as its article would be.
func TestImageFromAPublicFeedReachesNoPrivateAddress(t *testing.T) {
	var hits atomic.Int32
	srv := imageServer(t, []byte("x"), &hits)
	f := feeds.NewFetcher(feeds.Options{Now: fixedNow, Timeout: 5 * time.Second,
		Resolver: fakeResolver{"news.example": "93.184.216.34"}})
	fetch := func(ctx context.Context, u string) ([]byte, string, error) {
		pg, err := f.Get(ctx, u)
		if err != nil {
			return nil, "", err
		}
		return pg.Body, pg.ContentType, nil
	}
	e := newEnv(t)
	lib := e.open("library.db")
	src := feeds.Source{Name: "Public", URL: "https://news.example/rss"}
	if _, err := lib.PutItems(bg, src, []feeds.Item{{ID: "x", Title: "T", Link: "https://news.example/a"}}); err != nil {
		t.Fatal(err)
	}
	p := New(Config{Library: lib, Sources: []feeds.Source{src}, FetchImage: fetch, Entities: entity.Extract, Now: fixedNow})
	if _, err := p.Image(bg, "x", srv.URL+"/photo.png"); err == nil || !strings.Contains(err.Error(), "blocked") {
		t.Errorf("a public feed's picture on loopback: %v, want it blocked", err)
	}
	if hits.Load() != 0 {
		t.Error("the blocked picture reached the server")
	}
}
