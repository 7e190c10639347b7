package main

import (
	"time"

	"context"
	"errors"
	"fmt"
	"github.com/dateline-news/dateline/watch"
	"net/http"
	"strings"

	"github.com/dateline-news/dateline/config"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/store"
	"github.com/dateline-news/dateline/syncer"
)

// connect makes the sync server's client when [sync] is set (and the run
// is neither offline, nor on --feed or --demo sources): its secret is
// read now, from its command or variable, and kept in memory only.
func (a *app) connect(ctx context.Context) error {
	s := a.cfg.Sync
	if s == nil || a.flags.offline || a.edition != nil || len(a.flags.feeds) > 0 {
		return nil
	}
	r, err := syncer.New(ctx, syncer.Config{
		Kind: s.Kind, URL: s.URL, Username: s.Username, Password: s.Password,
		Secret: syncer.SecretFrom(s.Command, s.Env, a.e.getenv),
		Client: &http.Client{Timeout: a.cfg.RequestTimeout},
	})
	if err != nil {
		return fmt.Errorf("sync: %w (--offline reads the library without the server)", err)
	}
	a.remote = r
	return nil
}

// syncSources makes the server's subscriptions, as last synced, the
// sources (with [sync] set, the server's list is the user's list).
func (a *app) syncSources(ctx context.Context, lib *store.Store) error {
	if a.cfg.Sync == nil || a.edition != nil || len(a.flags.feeds) > 0 {
		return nil
	}
	fs, err := lib.SyncFeeds(ctx)
	if err != nil {
		return err
	}
	a.sources = a.sources[:0]
	for _, f := range fs {
		a.sources = append(a.sources, feeds.Source{Name: f.Title, URL: f.URL})
	}
	return nil
}

const syncHelp = `Reads the account's subscriptions and the entries new or changed since the
last sync from the server of the config's [sync] table (Miniflux, or any
Google Reader API server) into the library, through the same pipeline as
a fetch; settles read and starred state (the later change wins); then
sends the changes made here (u, U, z, * in the reader, dateline mark),
which wait in the library until the server has them. It prints what it
did: subscriptions, entries pulled and new, states pushed, states the
server changed.

  [sync]
  kind = "miniflux"                        # or "greader" (with username)
  url = "https://rss.example.org"
  token_command = "pass show miniflux"     # or token_env, password_command, password_env

The secret comes from the command's output or the variable, and is never
written, logged or shown. A failure (credentials refused, server down or
failing, no answer, rate limited: its Retry-After is kept and honoured)
exits 1 and leaves the library and the queue as they were. With [sync]
set, r in the reader syncs too, and --direct fetches the feeds straight
from their sites instead. See the README's Sync section.
`

const markHelp = `Changes the state of items by their ID (as headlines and search print
it), as u and * do in the reader. With [sync] set, each change is queued
in the library and sent to the server at the next sync.
`

func runSync(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("sync", e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(fs.pos) > 0 {
		return usagef("unexpected argument %q", fs.pos[0])
	}
	a, err := newApp(e, fs.common)
	if err != nil {
		return err
	}
	defer a.close()
	if a.cfg.Sync == nil {
		return usagef("no sync server: add a [sync] table to %s (see the README's Sync section)", line(a.cfg.Path))
	}
	if a.flags.offline {
		return usagef("--offline: a sync needs the network")
	}
	if err := a.connect(ctx); err != nil {
		return err
	}
	lib, err := a.openLibrary(false)
	if err != nil {
		return err
	}
	defer lib.Close()
	_, before, _ := watch.CountsFrom(ctx, lib, a.cfg.Watches, time.Local, watch.Tally{}) // none: counted from the marks
	res, err := a.pipeline(lib).Sync(ctx)
	fmt.Fprintln(e.stdout, syncReport(a.cfg.Sync, res))
	if err != nil {
		return fmt.Errorf("sync failed: %w (the library is intact; changes made here stay queued)", err)
	}
	// Synced items count for the watches as fetched ones do.
	announceWatches(ctx, e, lib, a.cfg.Watches, before)
	// Make what came searchable before the process ends.
	if err := lib.WaitIndexed(ctx); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

// syncReport says what a sync did, in one line.
func syncReport(s *config.Sync, r ingest.SyncResult) string {
	parts := []string{
		fmt.Sprintf("%d subscriptions", r.Feeds),
		fmt.Sprintf("%d entries pulled (%d new)", r.Pulled, r.Added),
		fmt.Sprintf("%d states pushed", r.Pushed),
	}
	if r.Changed > 0 {
		parts = append(parts, fmt.Sprintf("%d changed on the server", r.Changed))
	}
	if r.Kept > 0 {
		parts = append(parts, fmt.Sprintf("%d kept (changed here later)", r.Kept))
	}
	return "sync with " + s.Kind + " " + line(s.URL) + ": " + strings.Join(parts, " · ")
}

func runMark(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("mark", e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(fs.pos) < 2 {
		return usagef("want 'mark read|unread|star|unstar ID...'")
	}
	op, ids := fs.pos[0], fs.pos[1:]
	switch op {
	case "read", "unread", "star", "unstar":
	default:
		return usagef("unknown state %q: want read, unread, star or unstar", op)
	}
	a, err := newApp(e, fs.common)
	if err != nil {
		return err
	}
	defer a.close()
	lib, err := a.openLibrary(false)
	if err != nil {
		return err
	}
	defer lib.Close()
	p := a.pipeline(lib)
	failed := 0
	for _, id := range ids {
		if err := p.Mark(ctx, id, op); err != nil {
			fmt.Fprintf(e.stderr, "dateline mark: %s: %s\n", line(id), line(err.Error()))
			failed++
		}
	}
	note := ""
	if a.cfg.Sync != nil {
		note = "; the next sync sends it to the server"
	}
	fmt.Fprintf(e.stdout, "marked %d %s%s\n", len(ids)-failed, op, note)
	if failed > 0 {
		return fmt.Errorf("%d of %d items not found", failed, len(ids))
	}
	return nil
}

// sourcesAddRemote subscribes the server's account to a feed.
func sourcesAddRemote(ctx context.Context, e *env, c common, url string) error {
	a, lib, done, err := remoteSession(ctx, e, c)
	if err != nil {
		return err
	}
	defer done()
	f, err := a.pipeline(lib).Subscribe(ctx, url)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "subscribed to %s (%s) on %s; dateline sync brings its entries\n", line(f.Title), line(f.URL), line(a.cfg.Sync.URL))
	return nil
}

// sourcesImportRemote subscribes the server's account to every feed of
// an OPML file.
func sourcesImportRemote(ctx context.Context, e *env, c common, srcs []config.Source) error {
	a, lib, done, err := remoteSession(ctx, e, c)
	if err != nil {
		return err
	}
	defer done()
	p := a.pipeline(lib)
	added := 0
	for _, s := range srcs {
		if _, err := p.Subscribe(ctx, s.URL); err != nil {
			fmt.Fprintf(e.stderr, "dateline: %s: %s\n", line(s.URL), line(err.Error()))
			continue
		}
		added++
	}
	fmt.Fprintf(e.stdout, "subscribed to %d of %d feeds on %s\n", added, len(srcs), line(a.cfg.Sync.URL))
	return nil
}

// remoteSession opens what a subscription on the server needs: the app
// connected to its sync server, and the library. done closes both.
func remoteSession(ctx context.Context, e *env, c common) (*app, *store.Store, func(), error) {
	a, err := newApp(e, c)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := a.connect(ctx); err != nil {
		a.close()
		return nil, nil, nil, err
	}
	if a.remote == nil {
		a.close()
		return nil, nil, nil, errors.New("--offline: subscribing needs the server")
	}
	lib, err := a.openLibrary(false)
	if err != nil {
		a.close()
		return nil, nil, nil, err
	}
	return a, lib, func() { lib.Close(); a.close() }, nil
}
