package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/export"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/query"
)

func runSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("search", e)
	asJSON := fs.Bool("json", false, "print a JSON array")
	limit := fs.Int("limit", 50, "at most `N` results")
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(fs.pos) == 0 {
		return usagef("want a QUERY")
	}
	q := query.Parse(strings.Join(fs.pos, " "), time.Local)
	if len(q.Errors) > 0 {
		return usagef("%s", strings.Join(q.Errors, "; "))
	}
	a, err := newApp(e, fs.common)
	if err != nil {
		return err
	}
	defer a.close()
	lib, done, err := a.readLibrary(ctx)
	if err != nil {
		return err
	}
	defer done()
	if err := waitSearchable(ctx, e, lib, q); err != nil {
		return err
	}
	hs, total, err := lib.Search(ctx, q, *limit, 0)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.stdout)
	n := 0
	for _, h := range hs {
		if *asJSON {
			err = writeJSONRow(w, n, headlineJSON{ID: h.ID, Title: h.Title, Link: h.Link, Source: h.SourceName,
				Author: h.Author, Published: rfc3339(h.Published)}.clean(), &n)
		} else {
			_, err = fmt.Fprintf(w, "%s  %s  %s  [%s]\n", listDate(h.Published), line(h.Title), line(h.SourceName), line(h.ID))
		}
		if err != nil {
			return err
		}
	}
	if *asJSON {
		if err := endJSONArray(w, n); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%d of %d\n", len(hs), total)
	return nil
}

func runSave(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("save", e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(fs.pos) != 1 {
		return usagef("want one URL or item ID")
	}
	a, err := newApp(e, fs.common)
	if err != nil {
		return err
	}
	defer a.close()
	lib, fileErr, err := a.openSession(ctx)
	if err == nil && fileErr != nil {
		lib.Close()
		err = fileErr // a save that is not kept is no save
	}
	if err != nil {
		return err
	}
	defer lib.Close()
	r, err := a.pipeline(lib).Save(ctx, fs.pos[0])
	switch {
	case errors.Is(err, ingest.ErrOffline):
		return fmt.Errorf("%s: the article is not in the library, and saving it needs the network (run without --offline)", fs.pos[0])
	case err != nil:
		return err
	}
	from := "fetched"
	if r.FromLibrary {
		from = "from the library"
	}
	fmt.Fprintf(e.stdout, "saved %q [%s] (%s)\n", line(r.Item.Title), line(r.Item.ID), from)
	return nil
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("export", e)
	format := fs.String("format", "md", "md, html or json")
	saved := fs.Bool("saved", false, "only saved articles")
	filter := fs.String("filter", "", "only articles matching `QUERY`")
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(fs.pos) != 1 {
		return usagef("want one output DIR")
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		return usagef("--format: %v", err)
	}
	qs := *filter
	if *saved {
		qs += " is:saved"
	}
	q := query.Parse(qs, time.Local)
	if len(q.Errors) > 0 {
		return usagef("--filter: %s", strings.Join(q.Errors, "; "))
	}
	a, err := newApp(e, fs.common)
	if err != nil {
		return err
	}
	defer a.close()
	lib, done, err := a.readLibrary(ctx)
	if err != nil {
		return err
	}
	defer done()
	if err := waitSearchable(ctx, e, lib, q); err != nil {
		return err
	}
	w, err := export.NewWriter(fs.pos[0], f)
	if err != nil {
		return err
	}
	err = lib.Each(ctx, q, func(it feeds.Item, art *article.Article, spans []entity.Span) error {
		_, err := w.Write(export.Entry{Item: it, Article: art, Entities: spans})
		return err
	})
	if err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "exported %d articles to %s\n", w.Count(), line(fs.pos[0]))
	return nil
}
