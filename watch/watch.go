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
	"slices"
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

// Tally is where a count stopped: each watch's new matches among the
// items up to Top, and the mark each was counted from. Given back to
// CountsFrom, it counts only the items stored since, so a watch left
// unopened for weeks does not cost more at every refresh.
type Tally struct {
	Top   int64
	New   map[string]int
	Marks map[string]int64
}

// Counts counts the new matches of each watch: the items stored since it
// was last opened that match its query (store.NewMatches). A watch the
// library has not seen before starts at 0.
func Counts(ctx context.Context, lib *store.Store, ws []Watch, loc *time.Location) ([]Count, error) {
	counts, _, err := CountsFrom(ctx, lib, ws, loc, Tally{})
	return counts, err
}

// CountsFrom is Counts that carries on from an earlier count (prev; the
// zero Tally counts from the marks): a watch whose mark has not moved
// since adds the matches among the items stored after prev.Top to its
// count, one whose mark moved (it was opened) is counted again from it.
// Pruned items stay counted until the watch is opened.
func CountsFrom(ctx context.Context, lib *store.Store, ws []Watch, loc *time.Location, prev Tally) ([]Count, Tally, error) {
	next := Tally{New: make(map[string]int, len(ws)), Marks: make(map[string]int64, len(ws))}
	if len(ws) == 0 {
		return nil, next, nil
	}
	names := make([]string, len(ws))
	qs := make([]query.Query, len(ws))
	for i, w := range ws {
		names[i], qs[i] = w.Name, Query(w, loc)
	}
	marks, err := lib.WatchMarks(ctx, names)
	if err != nil {
		return nil, next, err
	}
	since := slices.Clone(marks)
	base := make([]int, len(ws))
	for i, w := range ws {
		if m, ok := prev.Marks[w.Name]; ok && m == marks[i] {
			since[i], base[i] = max(prev.Top, marks[i]), prev.New[w.Name]
		}
	}
	n, top, err := lib.NewMatches(ctx, qs, since)
	if err != nil {
		return nil, next, err
	}
	next.Top = top
	out := make([]Count, len(ws))
	for i, w := range ws {
		out[i] = Count{Watch: w, New: base[i] + n[i]}
		next.New[w.Name], next.Marks[w.Name] = out[i].New, marks[i]
	}
	return out, next, nil
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
	// Tally is where this count stopped, for the next (CountsFrom).
	Tally Tally
}

// AfterRefresh counts every watch's new matches after a refresh, on from
// the count before it (prev, from CountsFrom or an earlier AfterRefresh),
// and, for each watch with notify = true that has more than prev says,
// sends one notification through n: at most one per watch per refresh.
func AfterRefresh(ctx context.Context, lib *store.Store, ws []Watch, prev Tally, n Notifier, loc *time.Location) (Report, error) {
	counts, tally, err := CountsFrom(ctx, lib, ws, loc, prev)
	if err != nil {
		return Report{}, err
	}
	before := prev.New
	r := Report{Counts: counts, Status: Status(counts), Tally: tally}
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
