package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"

	"github.com/dateline-news/dateline/demo"
	"github.com/dateline-news/dateline/feeds"
)

// demoPreview is the headlines of the edition's first source (its
// Asia-Pacific section list), newest first, read from the embedded files
// through the real fetcher and list adapter but without the loopback
// server or a library: what the TUI paints while the edition's library is
// still being filled. Nil when they cannot be read.
func demoPreview(ctx context.Context) []feeds.Item {
	src := demo.EditionSources()[0]
	f := feeds.NewFetcher(feeds.Options{Client: &http.Client{Transport: inProcess{demo.Handler(demo.BaseURL)}}})
	res := f.Fetch(ctx, feeds.Source{Name: src[0], URL: src[1]}, feeds.Conditional{})
	if res.Err != nil {
		return nil
	}
	items := res.Items
	sort.SliceStable(items, func(i, j int) bool { return items[i].Published.After(items[j].Published) })
	return items
}

// inProcess answers requests with a handler, in this goroutine.
type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	res := rec.Result()
	res.Request = r
	return res, nil
}
