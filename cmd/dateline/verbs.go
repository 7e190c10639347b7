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
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
	"github.com/dateline-news/dateline/watch"
)

func runHeadlines(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("headlines", e)
	asJSON := fs.Bool("json", false, "print a JSON array")
	filter := fs.String("filter", "", "only headlines matching `QUERY` (the TUI's filter syntax)")
	strict := fs.Bool("strict", false, "exit 1 when a source could not be read")
	retry := fs.Bool("retry", false, "fetch sources that are backing off after failures too (a server's Retry-After is still honoured)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(fs.pos) > 0 {
		return usagef("unexpected argument %q", fs.pos[0])
	}
	q := query.Parse(*filter, time.Local)
	if len(q.Errors) > 0 {
		return usagef("--filter: %s", strings.Join(q.Errors, "; "))
	}
	a, err := newApp(e, fs.common)
	if err != nil {
		return err
	}
	defer a.close()
	if err := a.connect(ctx); err != nil {
		return err
	}
	if len(a.sources) == 0 && a.remote == nil {
		fmt.Fprintln(e.stderr, "dateline: nothing to read: the config lists no source (sources = []); dateline sources add URL adds one")
		return nil
	}
	lib, fileErr, err := a.openSession(ctx)
	if err != nil {
		return err
	}
	defer lib.Close()
	if err := a.syncSources(ctx, lib); err != nil {
		return err
	}
	if fileErr != nil {
		fmt.Fprintf(e.stderr, "dateline: not keeping headlines: %s\n", line(fileErr.Error()))
	}
	p := a.pipeline(lib)
	_, before, _ := watch.CountsFrom(ctx, lib, a.cfg.Watches, time.Local, watch.Tally{}) // none: counted from the marks
	sum, err := refreshReport(ctx, e, p, *retry)
	if err != nil {
		return err
	}
	announceWatches(ctx, e, lib, a.cfg.Watches, before)
	if err := printHeadlines(ctx, e, p, q, *asJSON); err != nil {
		return err
	}
	// The list is out; now make what was stored searchable before the
	// process ends, so a search right after finds it (an interrupt stops
	// this at once, and the next run of Dateline resumes it).
	if err := lib.WaitIndexed(ctx); err != nil && ctx.Err() == nil {
		return err
	}
	return headlinesOutcome(sum, fileErr, *strict)
}

// announceWatches says on stderr which watches the refresh brought new
// matches, and sends their notifications (through notify-send only: the
// terminal's escape would land in the output).
func announceWatches(ctx context.Context, e *env, lib *store.Store, ws []watch.Watch, before watch.Tally) {
	if len(ws) == 0 {
		return
	}
	r, err := watch.AfterRefresh(ctx, lib, ws, before, e.notifier, time.Local)
	if err != nil {
		fmt.Fprintf(e.stderr, "dateline: watches: %s\n", line(err.Error()))
		return
	}
	if r.Status != "" {
		fmt.Fprintf(e.stderr, "dateline: watches: %s\n", r.Status)
	}
}

// refreshReport refreshes every source (unless offline) and reports each
// failure on stderr, in the order of the sources.
func refreshReport(ctx context.Context, e *env, p *ingest.Pipeline, retry bool) (ingest.Summary, error) {
	notes := make([][]string, len(p.Sources()))
	refresh := p.Refresh
	if retry {
		refresh = p.RefreshNow
	}
	sum, err := refresh(ctx, func(r ingest.SourceResult) {
		switch {
		case !r.Waiting.IsZero() && !retry:
			notes[r.Index] = append(notes[r.Index], fmt.Sprintf("dateline: %s: not fetched: %s (--retry tries it now)", line(r.Source.Name), line(r.Err.Error())))
		case !r.Waiting.IsZero():
			notes[r.Index] = append(notes[r.Index], fmt.Sprintf("dateline: %s: not fetched: %s", line(r.Source.Name), line(r.Err.Error())))
		case r.Err != nil:
			notes[r.Index] = append(notes[r.Index], fmt.Sprintf("dateline: %s: %s", line(r.Source.Name), line(r.Err.Error())))
		}
		if r.StoreErr != nil {
			notes[r.Index] = append(notes[r.Index], fmt.Sprintf("dateline: %s: the library could not keep it: %s", line(r.Source.Name), line(r.StoreErr.Error())))
		}
	})
	for _, ns := range notes {
		for _, n := range ns {
			fmt.Fprintln(e.stderr, n)
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "dateline: pruning old headlines: %s\n", line(err.Error()))
	}
	if ctx.Err() != nil {
		return sum, ctx.Err()
	}
	if sum.AllFailed() {
		fmt.Fprintf(e.stderr, "dateline: no source could be read; listing what the library holds from them\n")
	}
	return sum, nil
}

// headlinesOutcome is the exit of headlines once they are printed: a
// library that could keep nothing is a failure; sources that could not
// be read are one only with --strict (the list came from the library).
func headlinesOutcome(sum ingest.Summary, fileErr error, strict bool) error {
	switch {
	case fileErr != nil:
		return fmt.Errorf("the headlines were not kept: %w", fileErr)
	case sum.StoreFailed > 0 && sum.StoreFailed == sum.Sources:
		return errors.New("the library could not keep any source")
	case strict && sum.Failed > 0:
		return fmt.Errorf("%d of %d sources could not be read", sum.Failed, sum.Sources)
	}
	return nil
}

// printHeadlines writes what the sources carry now, from the library, as
// it reads it (a page at a time: 100,000 headlines are never all held).
func printHeadlines(ctx context.Context, e *env, p *ingest.Pipeline, q query.Query, asJSON bool) error {
	if err := waitSearchable(ctx, e, p.Library(), q); err != nil {
		return err
	}
	out := newRowPrinter(e.stdout, asJSON)
	err := p.Headlines(ctx, q, func(l store.Listing) error {
		return out.Print(headlineJSON{ID: l.ID, Title: l.Title, Link: l.Link, Source: l.SourceName,
			Author: l.Author, Published: rfc3339(l.Published), Summary: l.Summary}, l.Published)
	})
	if err != nil {
		return err
	}
	return out.End()
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
	fmt.Fprintf(e.stdout, "wrote %s\n", line(path))
	return nil
}

// readInput reads FILE, or stdin for "-", with a size cap.
func readInput(e *env, name string, limit int64) ([]byte, error) {
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
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: larger than %d MiB", name, limit>>20)
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
	fmt.Fprintln(e.stdout, line(art.Title))
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
		fmt.Fprintln(e.stdout, line(strings.Join(meta, " · ")))
	}
	fmt.Fprintln(e.stdout)
	fmt.Fprintln(e.stdout, feeds.SanitizeText(art.Text()))
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
	jsonl := fs.Bool("jsonl", false, `batch: read {"id","text"} lines from FILE (or - for stdin), write {"id","entities"} lines`)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *jsonl {
		return entitiesJSONL(e, fs.pos)
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

// entitiesJSONL runs the batch form of entities over FILE (or stdin when
// it is - or missing). A bad line is reported on stderr as it is met and
// the batch goes on; the exit status says whether any line was bad.
func entitiesJSONL(e *env, pos []string) error {
	if len(pos) > 1 {
		return usagef("want one FILE or -")
	}
	r, name := e.stdin, "stdin"
	if len(pos) == 1 && pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return err
		}
		defer f.Close()
		r, name = f, pos[0]
	}
	return entity.ProcessJSONL(r, e.stdout, func(le entity.LineError) {
		fmt.Fprintf(e.stderr, "dateline: entities: %s:%d: %s\n", line(name), le.Line, line(le.Err.Error()))
	})
}
