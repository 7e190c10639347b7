package main

import (
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
	"github.com/dateline-news/dateline/store"
)

// searchPage is how many matches search reads at a time.
const searchPage = 500

func runSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("search", e)
	asJSON := fs.Bool("json", false, "print a JSON array")
	limit := fs.Int("limit", 50, "at most `N` results, newest first (or by relevance with sort:relevance)")
	all := fs.Bool("all", false, "every match (no --limit)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(fs.pos) == 0 {
		return usagef("want a QUERY")
	}
	if *limit < 1 {
		return usagef("--limit wants a number above 0")
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
	total, err := lib.CountMatches(ctx, q)
	if err != nil {
		return err
	}
	want := min(*limit, total)
	if *all {
		want = total
	}
	out := newRowPrinter(e.stdout, *asJSON)
	printed := 0
	for printed < want {
		hs, _, err := lib.Page(ctx, q, min(searchPage, want-printed), printed)
		if err != nil {
			return err
		}
		for _, h := range hs {
			if err := out.Print(headlineJSON{ID: h.ID, Title: h.Title, Link: h.Link, Source: h.SourceName,
				Author: h.Author, Published: rfc3339(h.Published)}, h.Published); err != nil {
				return err
			}
		}
		printed += len(hs)
		if len(hs) == 0 {
			break
		}
	}
	if err := out.End(); err != nil {
		return err
	}
	switch {
	case printed < total:
		fmt.Fprintf(e.stderr, "%s of %s matches (--limit %d; --all for every one)\n", thousands(printed), thousands(total), *limit)
	default:
		fmt.Fprintf(e.stderr, "%s of %s matches\n", thousands(printed), thousands(total))
	}
	return nil
}

func runSave(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("save", e)
	pictures := fs.Bool("pictures", false, "keep the article's pictures too, as s does in a terminal that shows them (at most 32)")
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
	kept := ""
	if *pictures && r.Article != nil && !a.flags.offline {
		// The same job as s in the TUI: one function keeps them.
		n := a.pipeline(lib).KeepImages(ctx, r.Item.ID, r.Article)
		kept = fmt.Sprintf(", %d picture%s kept", n, map[bool]string{true: "", false: "s"}[n == 1])
	}
	fmt.Fprintf(e.stdout, "saved %q [%s] (%s%s)\n", line(r.Item.Title), line(r.Item.ID), from, kept)
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
	q := query.Parse(*filter, time.Local)
	if len(q.Errors) > 0 {
		return usagef("--filter: %s", strings.Join(q.Errors, "; "))
	}
	if *saved {
		q = q.And(query.Field{Name: "is", Value: "saved"}) // the whole filter: "a OR b" saved
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
		ent := export.Entry{Item: it, Article: art, Entities: spans}
		if f == export.HTML {
			ent.Images = keptImages(ctx, lib, it.ID, art)
		}
		_, err := w.Write(ent)
		return err
	})
	if err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "exported %s to %s\n", count(w.Count(), "article"), line(fs.pos[0]))
	if n := w.Teasers(); n > 0 {
		verb := "are"
		if n == 1 {
			verb = "is"
		}
		fmt.Fprintf(e.stdout, "%d of them %s only the feed's teaser (never opened or saved, so never fetched), marked so in the index\n", n, verb)
	}
	return nil
}

// keptImages are the pictures of art the library kept, by URL, for an
// HTML export to embed. A picture not kept stays a link.
func keptImages(ctx context.Context, lib *store.Store, id string, art *article.Article) map[string]export.Picture {
	if art == nil {
		return nil
	}
	out := map[string]export.Picture{}
	for _, b := range art.Blocks {
		if b.Kind != article.Image || b.Src == "" {
			continue
		}
		if img, err := lib.Image(ctx, id, b.Src); err == nil {
			out[b.Src] = export.Picture{Data: img.Data}
		}
	}
	return out
}
