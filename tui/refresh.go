package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/store"
)

// refresher is the refresh component: the sources this session, the
// rounds of ingest.Refresh (the same function `dateline headlines` runs)
// and what each source answered.
type refresher struct {
	pipeline *ingest.Pipeline
	ctx      context.Context
	sources  []sourceState

	round, pending, roundTotal int
	roundOK, roundAdded        int
	roundFailed                []string // "name: reason"
	allFailed                  bool     // every source failed in the last round
	networkDown                bool     // ... all of them with network errors
	deferred                   bool     // the first round waits for the list's first page
}

// sourceState is what the session knows of one source.
type sourceState struct {
	src       feeds.Source
	pending   bool
	err       error
	status    string
	lastFetch time.Time
	count     int  // items in its last list
	titled    bool      // an unnamed source was named by its feed's title this session
	waiting   time.Time // not fetched: backing off until then
}

// refreshEvent is one event of a refresh: a source ended (Res), or the
// whole refresh did (Done, with its summary).
type refreshEvent struct {
	Res  ingest.SourceResult
	Done bool
	Sum  ingest.Summary
	Err  error // pruning failed (the refresh went on)
}

// refreshMsg is a refresh event of round Round; next waits for the
// round's next event.
type refreshMsg struct {
	Round int
	refreshEvent
	next <-chan refreshEvent
}

func newRefresher(ctx context.Context, p *ingest.Pipeline) refresher {
	r := refresher{pipeline: p, ctx: ctx}
	for _, src := range p.Sources() {
		src.Name, src.URL = oneLine(src.Name), oneLine(src.URL)
		r.sources = append(r.sources, sourceState{src: src, status: "not fetched yet"})
	}
	if p.CanFetch() {
		r.begin()
		r.deferred = true
	}
	return r
}

// begin marks every source as being fetched in a new round.
func (r *refresher) begin() {
	r.round++
	r.pending = len(r.sources)
	r.roundTotal = r.pending
	r.roundOK, r.roundAdded, r.roundFailed = 0, 0, nil
	for i := range r.sources {
		r.sources[i].pending = true
		r.sources[i].status = "fetching…"
	}
}

// StartDeferred starts the first round, once the list is on screen.
func (r *refresher) StartDeferred() tea.Cmd {
	if !r.deferred {
		return nil
	}
	r.deferred = false
	return refreshCmd(r.ctx, r.pipeline, r.round, false)
}

// Start starts a round now, or says why not ("" when it started). A
// round the user asks for (force) fetches the sources backing off after
// failures too; the timer's leaves them until their time.
func (r *refresher) Start(force bool) (tea.Cmd, string) {
	switch {
	case r.pipeline.Offline():
		return nil, "Offline: refreshing is off."
	case !r.pipeline.CanFetch():
		return nil, "No sources to refresh."
	case r.pending > 0:
		return nil, "Already refreshing."
	}
	r.begin()
	r.deferred = false
	return refreshCmd(r.ctx, r.pipeline, r.round, force), ""
}

// Busy reports whether a round is running.
func (r *refresher) Busy() bool { return r.pending > 0 }

// OnEvent takes one event of a round. ended is the result of a source
// that ended in the current round (nil otherwise); roundDone says it was
// the round's last.
func (r *refresher) OnEvent(msg refreshMsg) (next tea.Cmd, ended *ingest.SourceResult, roundDone bool) {
	next = nextRefreshEvent(msg.Round, msg.next)
	if msg.Round != r.round || msg.Done {
		return next, nil, false // a round given up on, or the end of one
	}
	res := msg.Res
	if res.Index < 0 || res.Index >= len(r.sources) || !r.sources[res.Index].pending {
		return next, nil, false
	}
	r.record(&r.sources[res.Index], res)
	r.pending--
	if r.pending == 0 {
		r.allFailed = r.roundOK == 0 && len(r.roundFailed) > 0
		network := 0
		for _, ss := range r.sources {
			if k := feeds.ErrorKind(ss.err); ss.err != nil && (k == feeds.KindNetwork || k == feeds.KindTimeout) {
				network++
			}
		}
		r.networkDown = r.allFailed && network == len(r.roundFailed)
	}
	return next, &res, r.pending == 0
}

// record keeps one source's result of the round.
func (r *refresher) record(ss *sourceState, res ingest.SourceResult) {
	ss.pending = false
	if ss.src.Untitled && res.Source.Name != "" {
		ss.src.Name, ss.titled = oneLine(res.Source.Name), true // the feed's own title
	}
	ss.lastFetch, ss.waiting = res.FetchedAt, res.Waiting
	if res.Err != nil {
		ss.err = res.Err
		ss.status = "error: " + oneLine(res.Err.Error())
		r.roundFailed = append(r.roundFailed, ss.src.Name+": "+oneLine(res.Err.Error()))
		return
	}
	r.roundOK++
	ss.err = nil
	ss.count = res.Items
	ss.status = "ok"
	switch {
	case res.NotModified:
		ss.status = "not modified"
	case res.Status != 0:
		ss.status = fmt.Sprintf("ok · HTTP %d", res.Status)
	}
	if res.StoreErr == nil {
		r.roundAdded += res.Added
	}
}

// Summary is the status line at the end of a round.
func (r *refresher) Summary() (string, bool) {
	switch n := len(r.roundFailed); {
	case n == 1 && r.roundTotal == 1:
		return r.roundFailed[0], true
	case n > 0:
		return fmt.Sprintf("%d of %d sources failed: %s · S for details", n, r.roundTotal, strings.Join(r.roundFailed, "; ")), true
	case r.roundAdded == 1:
		return "Updated · 1 new headline", false
	case r.roundAdded > 0:
		return fmt.Sprintf("Updated · %d new headlines", r.roundAdded), false
	}
	return "Updated · nothing new", false
}

// Progress is the status line's part while a round runs.
func (r *refresher) Progress() string {
	if r.pending == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d sources", r.roundTotal-r.pending, r.roundTotal)
}

// Rows are the sources view's rows: what each source answered this
// session, else what the library kept of it (lib, by URL), with the
// library's counts.
func (r *refresher) Rows(lib map[string]store.SourceState) []sourceRow {
	rows := make([]sourceRow, len(r.sources))
	for i, ss := range r.sources {
		kept, stored := lib[ss.src.URL]
		name := ss.src.Name
		if ss.src.Untitled && !ss.titled && kept.Name != "" {
			name = oneLine(kept.Name) // the title the feed gave last time
		}
		row := sourceRow{
			// The library's counts, as source: lists them: the items
			// stored under this source (an article two sources carry is
			// stored under the first of them).
			Name: name, URL: ss.src.URL, Items: kept.Items, Unread: kept.Unread,
			Status: ss.status, Err: ss.err != nil, LastFetch: ss.lastFetch,
		}
		if !stored {
			row.Items = ss.count // not in the library (yet): its last list
		}
		if ss.lastFetch.IsZero() && !ss.pending && !kept.LastFetch.IsZero() {
			// Not fetched this session (or backing off): what the last
			// try saw, and when the next one is.
			row.LastFetch, row.Status = kept.LastFetch, "ok"
			if kept.LastError != "" {
				row.Err, row.Status = true, "error: "+oneLine(kept.LastError)
				row.NextTry = kept.Retry.Next(false)
			}
			if !ss.waiting.IsZero() {
				row.NextTry = ss.waiting
			}
		}
		if row.Err && row.NextTry.IsZero() && !ss.pending {
			row.NextTry = kept.Retry.Next(false)
		}
		rows[i] = row
	}
	return rows
}

// sourcesMsg is what the library keeps of every source.
type sourcesMsg struct {
	States map[string]store.SourceState // by URL
	Err    error
}

// sourcesCmd reads what the library keeps of every source.
func sourcesCmd(ctx context.Context, lib *store.Store) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = sourcesMsg{Err: recovered(r)}
			}
		}()
		states, err := lib.Sources(ctx)
		out := sourcesMsg{States: make(map[string]store.SourceState, len(states)), Err: err}
		for _, s := range states {
			out.States[s.URL] = s
		}
		return out
	}
}

// refreshCmd runs one refresh of every source through the pipeline and
// returns its first event; each refreshMsg carries the way to wait for
// the next.
func refreshCmd(ctx context.Context, p *ingest.Pipeline, round int, force bool) tea.Cmd {
	return func() tea.Msg {
		events := make(chan refreshEvent, len(p.Sources())+1)
		refresh := p.Refresh
		if force {
			refresh = p.RefreshNow
		}
		go func() {
			sum, err := refresh(ctx, func(r ingest.SourceResult) { events <- refreshEvent{Res: r} })
			events <- refreshEvent{Done: true, Sum: sum, Err: err}
			close(events)
		}()
		return nextRefreshEvent(round, events)()
	}
}

// nextRefreshEvent waits for a refresh's next event.
func nextRefreshEvent(round int, events <-chan refreshEvent) tea.Cmd {
	if events == nil {
		return nil
	}
	return func() tea.Msg {
		ev, ok := <-events
		if !ok {
			return nil
		}
		return refreshMsg{Round: round, refreshEvent: ev, next: events}
	}
}
