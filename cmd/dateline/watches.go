package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-news/dateline/config"
	"github.com/dateline-news/dateline/export"
	"github.com/dateline-news/dateline/store"
	"github.com/dateline-news/dateline/watch"
)

// feedLimit is how many matches watch feed writes by default.
const feedLimit = 50

// digestLimit is the most matches a digest lists.
const digestLimit = 500

func runWatch(ctx context.Context, e *env, args []string) error {
	fset := newFlagSet("watch", e)
	notify := fset.Bool("notify", false, "watch add: send a desktop notification when a refresh brings new matches")
	since := fset.String("since", "7d", "watch digest: matches published in the last `DURATION` (7d, 36h) or since a date (2019-11-01)")
	format := fset.String("format", "md", "watch digest: md or html")
	limit := fset.Int("limit", feedLimit, "watch feed: at most `N` matches, newest first")
	if err := parse(fset, args); err != nil {
		return err
	}
	if len(fset.pos) == 0 {
		return usagef("want add, list, rm, feed or digest")
	}
	sub, rest := fset.pos[0], fset.pos[1:]
	switch sub {
	case "add":
		return watchAdd(e, fset.common, rest, *notify)
	case "rm", "remove":
		return watchRemove(ctx, e, fset.common, rest)
	case "list":
		return watchList(ctx, e, fset.common, rest)
	case "feed":
		if *limit < 1 {
			return usagef("--limit wants a number above 0")
		}
		return watchOut(ctx, e, fset.common, rest, func(lib *store.Store, w watch.Watch, now time.Time, out io.Writer) error {
			es, err := watch.Entries(ctx, lib, w, time.Time{}, *limit, time.Local)
			if err != nil {
				return err
			}
			return export.WriteAtom(out, export.Watch{Name: w.Name, Query: w.Query, Now: now}, es)
		})
	case "digest":
		f, err := export.ParseFormat(*format)
		if err != nil || f == export.JSON {
			return usagef("--format: want md or html")
		}
		return watchOut(ctx, e, fset.common, rest, func(lib *store.Store, w watch.Watch, now time.Time, out io.Writer) error {
			from, err := parseSince(*since, now)
			if err != nil {
				return usagef("--since: %v", err)
			}
			es, err := watch.Entries(ctx, lib, w, from, digestLimit, time.Local)
			if err != nil {
				return err
			}
			return export.WriteDigest(out, f, export.Watch{Name: w.Name, Query: w.Query, Now: now, Since: from}, es)
		})
	}
	return usagef("unknown watch command %q", sub)
}

// watchAdd adds a watch to the config (written from the defaults when
// there is none yet).
func watchAdd(e *env, c common, rest []string, notify bool) error {
	if len(rest) < 2 {
		return usagef("want 'watch add NAME QUERY [--notify]'")
	}
	name, q := rest[0], strings.Join(rest[1:], " ")
	if field, err := config.CheckWatch(name, q); err != nil {
		return usagef("watch %s: %v", field, err)
	}
	path := configPath(e, c)
	if err := config.AddWatch(path, config.Watch{Name: name, Query: q, Notify: notify}); err != nil {
		if errors.Is(err, config.ErrWatchExists) {
			return usagef("%s", line(err.Error()))
		}
		return err
	}
	fmt.Fprintf(e.stdout, "added the watch %s (%s) to %s\n", line(name), line(q), line(path))
	return nil
}

// watchRemove removes a watch from the config, and what the library kept
// of it when the library can be written.
func watchRemove(ctx context.Context, e *env, c common, rest []string) error {
	if len(rest) != 1 {
		return usagef("want 'watch rm NAME'")
	}
	if _, _, err := loadConfig(e, c); err != nil {
		return err
	}
	path := configPath(e, c)
	w, err := config.RemoveWatch(path, rest[0])
	if errors.Is(err, config.ErrNoSuchWatch) {
		return usagef("%s", line(err.Error()))
	}
	if err != nil {
		return err
	}
	a, err := newApp(e, c)
	if err == nil {
		defer a.close()
		if lib, lerr := a.openLibrary(false); lerr == nil {
			_ = lib.ForgetWatch(ctx, w.Name) // a new watch of that name starts afresh; the library may be busy
			lib.Close()
		}
	}
	fmt.Fprintf(e.stdout, "removed the watch %s from %s\n", line(w.Name), line(path))
	return nil
}

// watchList prints each watch: its name, its new matches (when there is
// a library) and its query.
func watchList(ctx context.Context, e *env, c common, rest []string) error {
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	a, err := newApp(e, c)
	if err != nil {
		return err
	}
	defer a.close()
	if len(a.cfg.Watches) == 0 {
		fmt.Fprintf(e.stderr, "%s has no watch; dateline watch add NAME QUERY adds one (or w in the reader saves the filter)\n", line(a.cfg.Path))
		return nil
	}
	counts := make([]watch.Count, len(a.cfg.Watches))
	for i, w := range a.cfg.Watches {
		counts[i].Watch = w
	}
	if lib, done, err := a.readLibrary(ctx); err == nil {
		counts, err = watch.Counts(ctx, lib, a.cfg.Watches, time.Local)
		done()
		if err != nil {
			return err
		}
	}
	for _, c := range counts {
		flag := ""
		if c.Watch.Notify {
			flag = "\tnotify"
		}
		fmt.Fprintf(e.stdout, "%s\t%d new\t%s%s\n", line(c.Watch.Name), c.New, line(c.Watch.Query), flag)
	}
	return nil
}

// watchOut runs write for the named watch on the library, to stdout.
func watchOut(ctx context.Context, e *env, c common, rest []string, write func(lib *store.Store, w watch.Watch, now time.Time, out io.Writer) error) error {
	if len(rest) != 1 {
		return usagef("want one watch NAME")
	}
	a, err := newApp(e, c)
	if err != nil {
		return err
	}
	defer a.close()
	w, ok := a.cfg.FindWatch(rest[0])
	if !ok {
		return usagef("%s: %v %q (dateline watch list shows them)", line(a.cfg.Path), config.ErrNoSuchWatch, rest[0])
	}
	lib, done, err := a.readLibrary(ctx)
	if err != nil {
		return err
	}
	defer done()
	if err := waitSearchable(ctx, e, lib, watch.Query(w, time.Local)); err != nil {
		return err
	}
	return write(lib, w, time.Now(), e.stdout)
}

// parseSince reads --since: a duration back from now ("7d", "36h",
// "90m") or a date ("2019-11-01", local midnight).
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.ParseInLocation("2006-01-02", s, time.Local); err == nil {
		return t, nil
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 || n > config.MaxKeepDays {
			return time.Time{}, fmt.Errorf("%q is not a number of days such as 7d", s)
		}
		return now.AddDate(0, 0, -n), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return time.Time{}, fmt.Errorf("%q is not a duration (7d, 36h) or a date (2019-11-01)", s)
	}
	return now.Add(-d), nil
}
