package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/config"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
)

// headlineJSON is one line of `headlines --json`.
type headlineJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Link      string `json:"link"`
	Source    string `json:"source"`
	Author    string `json:"author"`
	Published string `json:"published"`
	Summary   string `json:"summary"`
}

func runHeadlines(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("headlines", e)
	asJSON := fs.Bool("json", false, "print a JSON array")
	filter := fs.String("filter", "", "only headlines matching `QUERY` (the TUI's filter syntax)")
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
	q := query.Parse(*filter, time.Local)
	if len(q.Errors) > 0 {
		return usagef("--filter: %s", strings.Join(q.Errors, "; "))
	}
	items, failed, err := a.headlines(ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]headlineJSON, 0, len(items))
		for _, it := range items {
			h := headlineJSON{ID: it.ID, Title: it.Title, Link: it.Link, Source: it.SourceName, Author: it.Author, Summary: it.Summary}
			if !it.Published.IsZero() {
				h.Published = it.Published.Format(time.RFC3339)
			}
			out = append(out, h)
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	} else {
		for _, it := range items {
			date := "                "
			if !it.Published.IsZero() {
				date = it.Published.Local().Format("2006-01-02 15:04")
			}
			fmt.Fprintf(e.stdout, "%s  %s  %s\n", date, it.Title, it.SourceName)
		}
	}
	if failed > 0 && failed == len(a.sources) && len(items) == 0 {
		return errors.New("no source could be read")
	}
	return nil
}

// maxHeadlines is how many stored headlines one listing reads from the
// library at most (headlines --offline).
const maxHeadlines = 10000

// headlines fetches every source and returns the merged, filtered items,
// keeping them in the library when it can be opened. With --offline it
// reads the library only. Source errors go to stderr, in source order;
// failed counts them.
//
// With the library, each fetch is a conditional GET with the validators
// stored for its source, and a source that answers 304 Not Modified lists
// the items it sent last time, from the library (store.LastList); when
// the library cannot list them (pruned, or recorded by an older version)
// the source is fetched again without validators. The sources
// are fetched at once (the fetcher's pool bounds the requests), and each
// result is stored as soon as its fetch ends, by this goroutine alone,
// while the other sources are still being fetched and parsed.
func (a *app) headlines(ctx context.Context, q query.Query) ([]feeds.Item, int, error) {
	if a.flags.offline {
		items, err := a.offlineHeadlines(ctx, q, maxHeadlines)
		return items, 0, err
	}
	st, err := a.openStore(false)
	if err != nil {
		fmt.Fprintf(a.e.stderr, "dateline: not keeping headlines: %v\n", err)
		st = nil
	} else {
		defer st.Close()
	}
	type fetched struct {
		i       int
		r       feeds.Result
		retried bool // an unconditional fetch after a 304 the library could not back
	}
	done := make(chan fetched, len(a.sources))
	fetch := func(i int, cond feeds.Conditional, retried bool) {
		src := a.sources[i]
		defer func() {
			if p := recover(); p != nil {
				done <- fetched{i: i, r: feeds.Result{Source: src, Err: fmt.Errorf("fetch failed: %v", p)}, retried: retried}
			}
		}()
		r := a.fetcher.Fetch(ctx, src, cond)
		r.Source = src
		done <- fetched{i: i, r: r, retried: retried}
	}
	for i, src := range a.sources {
		var cond feeds.Conditional
		if st != nil {
			// No validators (an unknown source, or the library cannot be
			// read): an unconditional fetch.
			cond, _ = st.Conditional(ctx, src.URL)
		}
		go fetch(i, cond, false)
	}
	lists := make([][]feeds.Item, len(a.sources))
	notes := make([][]string, len(a.sources)) // stderr lines, printed in source order
	note := func(i int, format string, args ...any) {
		notes[i] = append(notes[i], fmt.Sprintf(format, args...))
	}
	failed := 0
	for pending := len(a.sources); pending > 0; pending-- {
		f := <-done
		r := f.r
		if r.Err != nil {
			failed++
			note(f.i, "dateline: %s: %v", r.Source.Name, r.Err)
		}
		if st != nil {
			if _, err := st.PutResult(ctx, r); err != nil {
				note(f.i, "dateline: library: %v", err)
			}
		}
		switch {
		case r.Err != nil:
		case r.NotModified && st != nil:
			items, ok, err := st.LastList(ctx, r.Source.URL)
			for i := range items { // listed as this source's, as a 200 lists them
				items[i].SourceName, items[i].SourceURL = r.Source.Name, r.Source.URL
			}
			switch {
			case err != nil:
				failed++
				note(f.i, "dateline: %s: not modified, and the library could not list it: %v", r.Source.Name, err)
			case (!ok || len(items) == 0) && !f.retried:
				// The library has nothing of it (pruned, or a library file
				// that is not the one the validators came from): fetch it
				// again, unconditionally.
				pending++
				go fetch(f.i, feeds.Conditional{}, true)
			}
			lists[f.i] = items
		default:
			lists[f.i] = r.Items
		}
	}
	for _, ns := range notes {
		for _, n := range ns {
			fmt.Fprintln(a.e.stderr, n)
		}
	}
	items := feeds.Merge(lists...)
	if q.Empty() {
		return items, failed, nil
	}
	ents := usesEntities(q)
	out := items[:0]
	for i := range items {
		d := itemDoc(&items[i], ents)
		if q.Match(&d) {
			out = append(out, items[i])
		}
	}
	return out, failed, nil
}

// usesEntities reports whether q filters on entities or regions.
func usesEntities(q query.Query) bool {
	for _, f := range q.Fields {
		switch f.Name {
		case "person", "place", "org", "entity", "region":
			return true
		}
	}
	return false
}

// itemDoc is what the filter matches an item against. With ents it
// carries the entities and region tags of the item's feed text, found as
// the library finds them (entity.Extract over store.FeedText: title,
// summary and the feed's body), so person:, place:, org:, entity: and
// region: select the same headlines live as from the library.
func itemDoc(it *feeds.Item, ents bool) query.Doc {
	d := query.NewDoc(it.SourceName, it.Title, it.Summary, it.Content)
	d.Published = it.Published
	if !ents {
		return d
	}
	spans := entity.Extract(store.FeedText(it))
	for _, s := range spans { // (Match folds the names; repeats do no harm)
		name := s.Canonical
		if name == "" {
			name = s.Text
		}
		d.Entities = append(d.Entities, query.Entity{Label: string(s.Label), Name: name})
	}
	d.Regions = entity.Regions(spans)
	return d
}

func runConfig(_ context.Context, e *env, args []string) error {
	fs := newFlagSet("config", e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(fs.pos) != 1 || fs.pos[0] != "init" {
		return usagef("want 'config init'")
	}
	path := fs.common.configPath
	if path == "" {
		path = config.DefaultPath(config.Env{XDGConfigHome: e.getenv("XDG_CONFIG_HOME"), Home: homeDir(e)})
	}
	if err := config.Init(path); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s\n", path)
	return nil
}

func runSources(_ context.Context, e *env, args []string) error {
	fs := newFlagSet("sources", e)
	name := fs.String("name", "", "name for 'sources add'")
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(fs.pos) == 0 {
		return usagef("want list, add, import or export")
	}
	path := fs.common.configPath
	if path == "" {
		path = config.DefaultPath(config.Env{XDGConfigHome: e.getenv("XDG_CONFIG_HOME"), Home: homeDir(e)})
	}
	cfg, err := config.Load(path)
	if err != nil {
		return configError{err}
	}
	switch sub, rest := fs.pos[0], fs.pos[1:]; sub {
	case "list":
		for _, s := range cfg.Sources {
			fmt.Fprintf(e.stdout, "%s\t%s\n", s.Name, s.URL)
		}
	case "export":
		return config.WriteOPML(e.stdout, cfg.Sources)
	case "add":
		if len(rest) != 1 {
			return usagef("want 'sources add URL [--name NAME]'")
		}
		if err := config.CheckURL(rest[0]); err != nil {
			return usagef("%v", err)
		}
		n := *name
		if n == "" {
			n = hostName(rest[0])
		}
		added, err := config.AddSources(path, []config.Source{{Name: n, URL: rest[0]}})
		if err != nil {
			return err
		}
		if added == 0 {
			fmt.Fprintf(e.stdout, "%s is already a source in %s\n", rest[0], path)
		} else {
			fmt.Fprintf(e.stdout, "added %s to %s\n", rest[0], path)
		}
	case "import":
		if len(rest) != 1 {
			return usagef("want 'sources import FILE.opml'")
		}
		f, err := os.Open(rest[0])
		if err != nil {
			return err
		}
		defer f.Close()
		srcs, err := config.ReadOPML(f)
		if err != nil {
			return fmt.Errorf("%s: %w", rest[0], err)
		}
		var ok []config.Source
		for _, s := range srcs {
			if err := config.CheckURL(s.URL); err != nil {
				fmt.Fprintf(e.stderr, "dateline: skipping %q: %v\n", s.Name, err)
				continue
			}
			ok = append(ok, s)
		}
		added, err := config.AddSources(path, ok)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "imported %d of %d feeds into %s\n", added, len(srcs), path)
	default:
		return usagef("unknown sources command %q", sub)
	}
	return nil
}

// readInput reads FILE, or stdin for "-", with a size cap.
func readInput(e *env, name string, max int64) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		r = e.stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: larger than %d MiB", name, max>>20)
	}
	return b, nil
}

func runExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("extract", e)
	asJSON := fs.Bool("json", false, "print JSON")
	pageURL := fs.String("url", "", "the page's `URL`, to resolve links when reading a FILE")
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(fs.pos) != 1 {
		return usagef("want one FILE, URL or -")
	}
	src := fs.pos[0]
	var art *article.Article
	var err error
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		a, aerr := newApp(e, fs.common)
		if aerr != nil {
			return aerr
		}
		defer a.close()
		art, err = a.readArticle(ctx, src)
	} else {
		body, rerr := readInput(e, src, 32<<20)
		if rerr != nil {
			return rerr
		}
		art, err = article.Extract(ctx, body, *pageURL)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(art.JSON())
	}
	fmt.Fprintln(e.stdout, art.Title)
	var meta []string
	for _, s := range []string{art.Byline, art.Place, art.Source} {
		if s != "" {
			meta = append(meta, s)
		}
	}
	if !art.Published.IsZero() {
		meta = append(meta, art.Published.Format(time.RFC3339))
	}
	if len(meta) > 0 {
		fmt.Fprintln(e.stdout, strings.Join(meta, " · "))
	}
	fmt.Fprintln(e.stdout)
	fmt.Fprintln(e.stdout, art.Text())
	return nil
}

type entityJSON struct {
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Label     string `json:"label"`
	Text      string `json:"text"`
	Canonical string `json:"canonical"`
}

func runEntities(_ context.Context, e *env, args []string) error {
	fs := newFlagSet("entities", e)
	asJSON := fs.Bool("json", false, "print a JSON array")
	jsonl := fs.Bool("jsonl", false, `batch: read {"id","text"} lines on stdin, write {"id","entities"} lines`)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *jsonl {
		if len(fs.pos) > 0 && fs.pos[0] != "-" {
			return usagef("--jsonl reads standard input")
		}
		return entity.ProcessJSONL(e.stdin, e.stdout)
	}
	if len(fs.pos) != 1 {
		return usagef("want one FILE or -")
	}
	body, err := readInput(e, fs.pos[0], 64<<20)
	if err != nil {
		return err
	}
	spans := entity.Extract(string(body))
	if *asJSON {
		out := make([]entityJSON, 0, len(spans))
		for _, s := range spans {
			out = append(out, entityJSON{s.Start, s.End, string(s.Label), s.Text, s.Canonical})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for _, s := range spans {
		canon := ""
		if s.Canonical != "" && s.Canonical != s.Text {
			canon = " → " + feeds.Sanitize(s.Canonical)
		}
		fmt.Fprintf(e.stdout, "%d-%d\t%s\t%s%s\n", s.Start, s.End, s.Label, feeds.Sanitize(s.Text), canon)
	}
	return nil
}
