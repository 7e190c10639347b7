package ingest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/store"
)

// SourceResult is the outcome of refreshing one source.
type SourceResult struct {
	Index  int // into the pipeline's Sources
	Source feeds.Source
	// Err is why the source could not be read (nil on success). Its
	// items are then the ones it sent last time.
	Err error
	// NotModified: the source answered 304; it lists what it sent last.
	NotModified bool
	// Items is how many items the fetch brought (its list), Added how
	// many of them were new to the library.
	Items, Added int
	// StoreErr is why the library could not keep the result (busy, disk
	// full); the fetch itself may have succeeded.
	StoreErr error
	// Status is the last HTTP status, FetchedAt when the fetch ended.
	Status    int
	FetchedAt time.Time
	Duration  time.Duration
	// Waiting: the source was not fetched, because it is backing off
	// after failures until this time (Err is a *WaitError saying so).
	Waiting time.Time
}

// OK reports whether the source was read and stored.
func (r SourceResult) OK() bool { return r.Err == nil && r.StoreErr == nil }

// Summary totals a refresh.
type Summary struct {
	Sources, Failed, StoreFailed int
	Added                        int
	// Waiting counts the failed sources that were not fetched because they
	// are backing off (they count as Failed too).
	Waiting int
	// Network counts the failures that were network errors or time-outs:
	// when every source failed that way, the machine is offline.
	Network int
	// Synced: the refresh was a sync with the server (Sync), which did
	// Sync, or failed with SyncErr.
	Synced  bool
	Sync    SyncResult
	SyncErr error
}

// add counts one source's result.
func (s *Summary) add(r SourceResult) {
	s.Sources++
	s.Added += r.Added
	if r.StoreErr != nil {
		s.StoreFailed++
	}
	if !r.Waiting.IsZero() {
		s.Waiting++
	}
	if r.Err != nil {
		s.Failed++
		if k := feeds.ErrorKind(r.Err); k == feeds.KindNetwork || k == feeds.KindTimeout {
			s.Network++
		}
	}
}

// AllFailed reports whether no source could be read.
func (s Summary) AllFailed() bool { return s.Sources > 0 && s.Failed == s.Sources }

// Refresh prunes old items, then refreshes every source at once (the
// slots and the fetcher's pool bound the work) and calls each, from one
// goroutine, with each source's result as it ends. It returns when every
// source has ended. Offline it does nothing. A source backing off after
// failures (feeds.Backoff, kept in the library) is not fetched before
// its time: its result says until when.
func (p *Pipeline) Refresh(ctx context.Context, each func(SourceResult)) (Summary, error) {
	return p.refresh(ctx, each, false)
}

// RefreshNow is Refresh as the user asks for it: sources backing off
// are fetched too, except those whose server asked for a later time
// (Retry-After), which is honoured.
func (p *Pipeline) RefreshNow(ctx context.Context, each func(SourceResult)) (Summary, error) {
	return p.refresh(ctx, each, true)
}

func (p *Pipeline) refresh(ctx context.Context, each func(SourceResult), force bool) (Summary, error) {
	var sum Summary
	if !p.CanFetch() {
		return sum, nil
	}
	_, pruneErr := p.Prune(ctx)
	if p.Syncs() {
		p.syncRefresh(ctx, each, &sum)
		return sum, pruneErr
	}
	results := make(chan SourceResult)
	var wg sync.WaitGroup
	for i := range p.c.Sources {
		wg.Go(func() { results <- p.refreshSource(ctx, i, force) })
	}
	go func() { wg.Wait(); close(results) }()
	for r := range results {
		sum.add(r)
		if each != nil {
			each(r)
		}
	}
	return sum, pruneErr
}

// RefreshSource refreshes the source at index i of the pipeline's
// sources: a conditional GET with the library's validators, then the
// result into the library. A 304 the library cannot list is fetched
// again without validators.
func (p *Pipeline) RefreshSource(ctx context.Context, i int) (res SourceResult) {
	return p.refreshSource(ctx, i, false)
}

func (p *Pipeline) refreshSource(ctx context.Context, i int, force bool) (res SourceResult) {
	src := p.c.Sources[i]
	res = SourceResult{Index: i, Source: src}
	if p.c.Fetch == nil {
		res.Err = ErrOffline
		return res
	}
	if r, err := p.c.Library.RetryOf(ctx, src.URL); err == nil && !r.Due(p.c.Now(), force) {
		res.Waiting = r.Next(force)
		res.Err = &WaitError{Until: res.Waiting, Failures: r.Failures, Server: force || r.Server.Equal(res.Waiting), Now: p.c.Now()}
		if name, err := p.c.Library.SourceName(ctx, src.URL); err == nil && name != "" && src.Untitled {
			res.Source.Name = name
		}
		return res
	}
	release, err := p.acquire(ctx)
	if err != nil {
		res.Err = err
		return res
	}
	defer release()
	start := time.Now()
	defer func() { res.Duration = time.Since(start) }()
	cond, _ := p.c.Library.Conditional(ctx, src.URL) // none: an unconditional fetch
	res = p.fetchAndStore(ctx, i, src, cond)
	if res.Err == nil && res.NotModified && res.StoreErr == nil {
		items, ok, err := p.c.Library.LastList(ctx, src.URL)
		if err == nil && (!ok || len(items) == 0) {
			// The library has nothing of it: fetch it again, whole.
			res = p.fetchAndStore(ctx, i, src, feeds.Conditional{})
		} else {
			res.Items = len(items)
		}
	}
	return res
}

// fetchAndStore fetches one source and stores the result.
func (p *Pipeline) fetchAndStore(ctx context.Context, i int, src feeds.Source, cond feeds.Conditional) (res SourceResult) {
	res = SourceResult{Index: i, Source: src}
	r := p.fetch(ctx, src, cond)
	if r.Source.Name != "" {
		res.Source.Name = r.Source.Name // an unnamed source's feed title
	}
	res.Err, res.NotModified, res.Items = r.Err, r.NotModified, len(r.Items)
	res.Status, res.FetchedAt = r.Status, r.FetchedAt
	if res.FetchedAt.IsZero() {
		res.FetchedAt = p.c.Now()
	}
	if ctx.Err() != nil {
		if res.Err == nil {
			res.Err = ctx.Err()
		}
		return res // quitting: nothing to record
	}
	res.Added, res.StoreErr = p.store(ctx, r)
	if src.Untitled && r.Source.Name == "" {
		// No title this time (a 304, a failure): the name the library
		// keeps, the title of an earlier fetch.
		if name, err := p.c.Library.SourceName(ctx, src.URL); err == nil && name != "" {
			res.Source.Name = name
		}
	}
	return res
}

// fetch runs the fetcher, surviving a panic in it.
func (p *Pipeline) fetch(ctx context.Context, src feeds.Source, cond feeds.Conditional) (r feeds.Result) {
	defer func() {
		if v := recover(); v != nil {
			r = feeds.Result{Source: src, Err: recovered("fetch", v)}
		}
	}()
	r = p.c.Fetch(ctx, src, cond)
	r.Source = src
	r.Source.Name = p.names.name(ctx, p, src, r.Title)
	return r
}

// store writes a fetch result into the library, surviving a panic.
func (p *Pipeline) store(ctx context.Context, r feeds.Result) (added int, err error) {
	defer func() {
		if v := recover(); v != nil {
			added, err = 0, recovered("storing", v)
		}
	}()
	if r.Err != nil && len(r.Items) > 0 {
		// A partial list (a later page failed): the library keeps what
		// came as items, and the error as the source's state; the list it
		// sent last stays its list.
		if added, err = p.c.Library.PutItems(ctx, r.Source, r.Items); err != nil {
			return added, err
		}
		r.Items = nil
		_, err = p.c.Library.PutResult(ctx, r)
		return added, err
	}
	return p.c.Library.PutResult(ctx, r)
}

// IsStoreError reports whether err is the library failing to write
// (rather than a source failing to answer).
func IsStoreError(err error) bool {
	return errors.Is(err, store.ErrDiskFull) || errors.Is(err, store.ErrReadOnly) || errors.Is(err, store.ErrBusy)
}

// WaitError says that a source was not fetched: it is backing off after
// failures in a row, or its server asked to wait (Server), until Until.
type WaitError struct {
	Until    time.Time
	Failures int
	Server   bool
	Now      time.Time // when it was decided, to write Until for a reader
}

func (e *WaitError) Error() string {
	when := e.Until.Local().Format("15:04")
	if e.Until.Sub(e.Now) > 20*time.Hour {
		when = e.Until.Local().Format("Mon 15:04")
	}
	if e.Server {
		return "the server asked to wait until " + when
	}
	if e.Failures == 1 {
		return "failed: next try at " + when
	}
	return fmt.Sprintf("%d failures in a row: next try at %s", e.Failures, when)
}

// syncRefresh is a refresh with a sync server: one sync, then a result
// for each of the pipeline's sources (what the sync brought of it, or
// the sync's error).
func (p *Pipeline) syncRefresh(ctx context.Context, each func(SourceResult), sum *Summary) {
	start := time.Now()
	res, err := p.Sync(ctx)
	sum.Synced, sum.Sync, sum.SyncErr = true, res, err
	for i, src := range p.c.Sources {
		r := SourceResult{Index: i, Source: src, Err: err, Added: res.PerFeed[src.URL],
			Status: 200, FetchedAt: p.c.Now(), Duration: time.Since(start)}
		if err != nil {
			r.Status = 0
		}
		sum.add(r)
		if each != nil {
			each(r)
		}
	}
	sum.Added = res.Added
}
