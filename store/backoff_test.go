package store

import (
	"testing"
	"time"

	"github.com/dateline-news/dateline/feeds"
)

// Failures in a row back a source off, doubling from a minute; a server's
// Retry-After is kept apart (a forced refresh honours it); a success
// clears both; the counts survive a reopen.
func TestBackoffIsKept(t *testing.T) {
	clk := &fixedClock{t: time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)}
	s, path := openTest(t, testOptions(clk))
	src := feeds.Source{URL: "https://flaky.example/rss", Name: "Flaky"}
	fail := func(retryAfter time.Duration) {
		t.Helper()
		err := &feeds.SourceError{Kind: feeds.KindHTTP, Status: 503, Detail: "HTTP 503", RetryAfter: retryAfter}
		if _, err := s.PutResult(bg, feeds.Result{Source: src, Err: err, Status: 503, FetchedAt: clk.t}); err != nil {
			t.Fatal(err)
		}
	}
	retry := func() Retry {
		t.Helper()
		r, err := s.RetryOf(bg, src.URL)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := retry(); r.Failures != 0 || !r.Due(clk.t, false) {
		t.Errorf("an unknown source: %+v", r)
	}
	for i, wait := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute} {
		fail(0)
		r := retry()
		if r.Failures != i+1 || !r.At.Equal(clk.t.Add(wait)) || !r.Server.IsZero() {
			t.Errorf("failure %d: %+v, want a try at +%v", i+1, r, wait)
		}
		if r.Due(clk.t, false) || !r.Due(clk.t, true) || !r.Due(clk.t.Add(wait), false) {
			t.Errorf("failure %d: due now %v, forced %v, at +%v %v", i+1, r.Due(clk.t, false), r.Due(clk.t, true), wait, r.Due(clk.t.Add(wait), false))
		}
	}
	// A 503 asking for an hour: even a forced refresh waits for it.
	fail(time.Hour)
	r := retry()
	if r.Failures != 4 || !r.Server.Equal(clk.t.Add(time.Hour)) || !r.At.Equal(clk.t.Add(time.Hour)) {
		t.Errorf("Retry-After: %+v", r)
	}
	if r.Due(clk.t.Add(59*time.Minute), true) || !r.Due(clk.t.Add(time.Hour), true) || !r.Next(true).Equal(r.Server) {
		t.Errorf("a forced refresh does not honour Retry-After: %+v", r)
	}
	// The sources view sees it, and so does a reopened library.
	s.Close()
	s2, err := Open(path, testOptions(clk))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	states, err := s2.Sources(bg)
	if err != nil || len(states) != 1 || states[0].Retry != r {
		t.Fatalf("after a reopen: %+v %v, want %+v", states, err, r)
	}
	// A success clears it.
	clk.t = clk.t.Add(2 * time.Hour)
	if _, err := s2.PutResult(bg, feeds.Result{Source: src, Status: 200, FetchedAt: clk.t}); err != nil {
		t.Fatal(err)
	}
	if r, err := s2.RetryOf(bg, src.URL); err != nil || r != (Retry{}) {
		t.Errorf("after a success: %+v %v", r, err)
	}
}
