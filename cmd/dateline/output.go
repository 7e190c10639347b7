package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
)

// headlineJSON is one element of `headlines --json` and `search --json`.
type headlineJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Link      string `json:"link"`
	Source    string `json:"source"`
	Author    string `json:"author"`
	Published string `json:"published"`
	Summary   string `json:"summary,omitempty"`
}

// line is the one sanitiser (feeds.Sanitize) for every string a verb
// prints, from any origin: feed, page, config, OPML, library, error text.
func line(s string) string { return feeds.Sanitize(s) }

// clean sanitises every string of a row; encoding/json then escapes
// what JSON escapes.
func (h headlineJSON) clean() headlineJSON {
	h.ID, h.Title, h.Link, h.Source, h.Author = line(h.ID), line(h.Title), line(h.Link), line(h.Source), line(h.Author)
	h.Summary = feeds.SanitizeText(h.Summary)
	return h
}

// writeJSONRow writes element n (from 0) of a JSON array as it is read,
// indented as encoding/json indents a whole array, and counts it in *n.
func writeJSONRow(w *bufio.Writer, i int, v any, n *int) error {
	b, err := json.MarshalIndent(v, "  ", "  ")
	if err != nil {
		return err
	}
	sep := ",\n  "
	if i == 0 {
		sep = "[\n  "
	}
	if _, err := w.WriteString(sep); err != nil {
		return err
	}
	_, err = w.Write(b)
	*n = i + 1
	return err
}

// endJSONArray closes an array of n elements written by writeJSONRow.
func endJSONArray(w *bufio.Writer, n int) error {
	end := "\n]\n"
	if n == 0 {
		end = "[]\n"
	}
	_, err := w.WriteString(end)
	return err
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// listDate is a headline's date in a plain listing, blank when unknown.
func listDate(t time.Time) string {
	if t.IsZero() {
		return "                "
	}
	return t.Local().Format("2006-01-02 15:04")
}

// waitSearchable makes every stored item searchable before a query that
// needs the index runs, when the library can index (it was just written
// to); a library opened read-only says how many items its search misses.
func waitSearchable(ctx context.Context, e *env, lib *store.Store, q query.Query) error {
	if !store.NeedsIndex(q) {
		return nil
	}
	n, err := lib.Pending(ctx)
	if err != nil || n == 0 {
		return err
	}
	if lib.ReadOnly() {
		fmt.Fprintf(e.stderr, "dateline: %s new items not yet searchable (the next run of dateline indexes them)\n", thousands(n))
		return nil
	}
	return lib.WaitIndexed(ctx)
}

// thousands writes n with thousands separators ("1,234").
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
