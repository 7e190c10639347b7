package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/export"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
)

// savedSource is the library source of articles saved by URL that came
// from no configured feed.
var savedSource = feeds.Source{Name: "Saved pages", URL: "dateline:saved"}

// libraryPath is the library file. The sample edition gets a fresh one in
// a temp folder so it never mixes into the real library.
func (a *app) libraryPath() (string, error) {
	dir := a.dataDir()
	if a.demo != nil {
		if a.demoDir == "" {
			d, err := os.MkdirTemp("", "dateline-sample-")
			if err != nil {
				return "", err
			}
			a.demoDir = d
		}
		dir = a.demoDir
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("library folder %s: %w", dir, err)
	}
	return filepath.Join(dir, "library.db"), nil
}

// openStore opens the library with the real entity extractor. An article
// two sources carry is stored as the first of them in the list's (as the
// live merge lists it).
func (a *app) openStore(readOnly bool) (*store.Store, error) {
	p, err := a.libraryPath()
	if err != nil {
		return nil, err
	}
	rank := make(map[string]int, len(a.sources))
	for i, s := range a.sources {
		if _, ok := rank[s.URL]; !ok {
			rank[s.URL] = i
		}
	}
	return store.Open(p, store.Options{Entities: entity.Extract, Regions: entity.Regions, ReadOnly: readOnly,
		SourceRank: func(url string) (int, bool) { r, ok := rank[url]; return r, ok }})
}

// offlineHeadlines reads the library instead of the network.
func (a *app) offlineHeadlines(ctx context.Context, q query.Query, limit int) ([]feeds.Item, error) {
	st, err := a.openStore(true)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	hs, _, err := st.Search(ctx, q, limit, 0)
	if err != nil {
		return nil, err
	}
	out := make([]feeds.Item, 0, len(hs))
	for _, h := range hs {
		it, _, err := st.Item(ctx, h.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, *it)
	}
	return out, nil
}

// readLibrary opens the library read-only for a verb that only reads it;
// done closes it and the app.
func readLibrary(e *env, c common) (*store.Store, func(), error) {
	a, err := newApp(e, c)
	if err != nil {
		return nil, nil, err
	}
	st, err := a.openStore(true)
	if err != nil {
		a.close()
		return nil, nil, err
	}
	return st, func() { st.Close(); a.close() }, nil
}

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
	st, done, err := readLibrary(e, fs.common)
	if err != nil {
		return err
	}
	defer done()
	hs, total, err := st.Search(ctx, q, *limit, 0)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]headlineJSON, 0, len(hs))
		for _, h := range hs {
			j := headlineJSON{ID: h.ID, Title: h.Title, Link: h.Link, Source: h.SourceName, Author: h.Author}
			if !h.Published.IsZero() {
				j.Published = h.Published.Format(time.RFC3339)
			}
			out = append(out, j)
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for _, h := range hs {
		date := "                "
		if !h.Published.IsZero() {
			date = h.Published.Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(e.stdout, "%s  %s  %s  [%s]\n", date, h.Title, h.SourceName, h.ID)
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
	st, err := a.openStore(false)
	if err != nil {
		return err
	}
	defer st.Close()
	it, err := a.saveArticle(ctx, st, fs.pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "saved %q [%s]\n", it.Title, it.ID)
	return nil
}

// saveArticle fetches every page of an item's article (by ID, or by URL,
// adding the page to the library when no feed brought it), extracts it and
// its entities, and marks it saved.
func (a *app) saveArticle(ctx context.Context, st *store.Store, ref string) (*feeds.Item, error) {
	id := ref
	isURL := strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://")
	if isURL {
		id = feeds.ItemID(ref, "")
	}
	it, _, err := st.Item(ctx, id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if it == nil && !isURL {
		return nil, fmt.Errorf("no item %q in the library (give its URL to save a page)", ref)
	}
	link := ref
	if it != nil {
		link = it.Link
	}
	if link == "" {
		return nil, fmt.Errorf("item %q has no link to fetch", ref)
	}
	art, err := a.readArticle(ctx, link)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", link, err)
	}
	if it == nil {
		it = itemFromArticle(id, link, art)
		if _, err := st.PutItems(ctx, savedSource, []feeds.Item{*it}); err != nil {
			return nil, err
		}
	}
	if err := st.PutArticle(ctx, it.ID, art, nil); err != nil {
		return nil, err
	}
	if err := st.SetSaved(ctx, it.ID, true); err != nil {
		return nil, err
	}
	return it, nil
}

func itemFromArticle(id, link string, art *article.Article) *feeds.Item {
	it := &feeds.Item{
		ID: id, SourceName: savedSource.Name, SourceURL: savedSource.URL,
		Title: art.Title, Link: link, Author: art.Byline, Published: art.Published,
		PublishedFrom: "article", Section: art.Section, Content: art.Text(),
	}
	if ps := art.Paragraphs(); len(ps) > 0 {
		it.Summary = ps[0]
	}
	if it.Title == "" {
		it.Title = link
	}
	return it
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
	st, done, err := readLibrary(e, fs.common)
	if err != nil {
		return err
	}
	defer done()
	w, err := export.NewWriter(fs.pos[0], f)
	if err != nil {
		return err
	}
	err = st.Each(ctx, q, func(it feeds.Item, art *article.Article, spans []entity.Span) error {
		_, err := w.Write(export.Entry{Item: it, Article: art, Entities: spans})
		return err
	})
	if err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "exported %d articles to %s\n", w.Count(), fs.pos[0])
	return nil
}
