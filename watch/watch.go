// Package watch follows stories: a watch is a named saved search (the
// config's [[watches]], `w` in the TUI, `dateline watch add`). Its matches
// are read from the library, so watches work offline and on synced items
// as on fetched ones; the library keeps where the reader last looked, so
// "3 new" survives a restart.
//
// Each job is one function here, which the TUI and the command-line verbs
// both call: Counts (the new matches of every watch), Seen (a watch was
// opened), AfterRefresh (counts, the status line and the notifications
// after a refresh), Story (what a watch's matches are about) and Entries
// (its matches for a feed or a digest).
package watch

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/config"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/export"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
)

// Watch is a named saved search.
type Watch = config.Watch

// Query is the watch's search, dates read in loc.
func Query(w Watch, loc *time.Location) query.Query { return query.Parse(w.Query, loc) }

// Count is how many items a watch matched since it was last opened.
type Count struct {
	Watch Watch
	New   int
}

// Counts counts the new matches of each watch: the items stored since it
// was last opened that match its query (store.NewMatches). A watch the
// library has not seen before starts at 0.
func Counts(ctx context.Context, lib *store.Store, ws []Watch, loc *time.Location) ([]Count, error) {
	if len(ws) == 0 {
		return nil, nil
	}
	names := make([]string, len(ws))
	qs := make([]query.Query, len(ws))
	for i, w := range ws {
		names[i], qs[i] = w.Name, Query(w, loc)
	}
	marks, err := lib.WatchMarks(ctx, names)
	if err != nil {
		return nil, err
	}
	n, err := lib.NewMatches(ctx, qs, marks)
	if err != nil {
		return nil, err
	}
	out := make([]Count, len(ws))
	for i, w := range ws {
		out[i] = Count{Watch: w, New: n[i]}
	}
	return out, nil
}

// Seen records that the watch was opened: what is stored now is no
// longer new to it.
func Seen(ctx context.Context, lib *store.Store, name string) error {
	return lib.MarkWatchSeen(ctx, name)
}

// Status is the status line's word on new matches: "GSOMIA: 3 new · Kono:
// 1 new", "" when no watch has any.
func Status(counts []Count) string {
	var parts []string
	for _, c := range counts {
		if c.New > 0 {
			parts = append(parts, feeds.Sanitize(c.Watch.Name)+": "+strconv.Itoa(c.New)+" new")
		}
	}
	return strings.Join(parts, " · ")
}

// Report is what AfterRefresh found and did.
type Report struct {
	Counts []Count
	// Status is the status line's word on the new matches ("" for none).
	Status string
	// Terminal is the escape that asks the terminal for the
	// notifications the system could not show ("" for none): the caller
	// writes it to the terminal.
	Terminal string
	// Notified is how many notifications were sent (or put in Terminal).
	Notified int
	// NotifyErr is why a notification could not be sent.
	NotifyErr error
}

// AfterRefresh counts every watch's new matches after a refresh and, for
// each watch with notify = true that has more than before (before[name],
// the count before the refresh), sends one notification through n: at
// most one per watch per refresh.
func AfterRefresh(ctx context.Context, lib *store.Store, ws []Watch, before map[string]int, n Notifier, loc *time.Location) (Report, error) {
	counts, err := Counts(ctx, lib, ws, loc)
	if err != nil {
		return Report{}, err
	}
	r := Report{Counts: counts, Status: Status(counts)}
	var term strings.Builder
	var errs []error
	for _, c := range counts {
		if !c.Watch.Notify || n == nil || c.New <= before[c.Watch.Name] {
			continue
		}
		body := strconv.Itoa(c.New) + " new"
		if c.New == 1 {
			body = "1 new match"
		}
		esc, err := n.Notify(ctx, "Dateline · "+feeds.Sanitize(c.Watch.Name), body)
		if err != nil {
			errs = append(errs, err)
		}
		if err != nil && esc == "" {
			continue
		}
		term.WriteString(esc)
		r.Notified++
	}
	r.Terminal, r.NotifyErr = term.String(), errors.Join(errs...)
	return r, nil
}

// Before is the counts by watch name, for AfterRefresh.
func Before(counts []Count) map[string]int {
	m := make(map[string]int, len(counts))
	for _, c := range counts {
		m[c.Watch.Name] = c.New
	}
	return m
}

// StoryLimit is how many of a watch's newest matches its story sums up.
const StoryLimit = 1000

// Story sums up a watch's newest matches: per day, and the people,
// places and organisations most named in them.
func Story(ctx context.Context, lib *store.Store, w Watch, loc *time.Location) (store.Story, error) {
	return lib.Story(ctx, Query(w, loc), StoryLimit, loc)
}

// Entries are a watch's matches published from since on (all when since
// is zero), newest first, at most limit, each with its stored article
// when there is one: what a feed or a digest of the watch holds.
func Entries(ctx context.Context, lib *store.Store, w Watch, since time.Time, limit int, loc *time.Location) ([]export.Entry, error) {
	q := Query(w, loc)
	if !since.IsZero() && q.After.Before(since) {
		q.After = since
	}
	var out []export.Entry
	errEnough := errors.New("enough")
	err := lib.Each(ctx, q, func(it feeds.Item, a *article.Article, spans []entity.Span) error {
		if len(out) >= limit {
			return errEnough
		}
		out = append(out, export.Entry{Item: it, Article: a, Entities: spans})
		return nil
	})
	if errors.Is(err, errEnough) {
		err = nil
	}
	return out, err
}
