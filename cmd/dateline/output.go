package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
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

// rowPrinter prints the rows of a listing (headlines, search) as they
// are read: one line each, "DATE ZONE  TITLE  SOURCE  [ID]  LINK", or the
// elements of a JSON array, indented as encoding/json indents a whole
// array, with &, < and > as they are.
type rowPrinter struct {
	w    *bufio.Writer
	json bool
	n    int
}

func newRowPrinter(w io.Writer, asJSON bool) *rowPrinter {
	return &rowPrinter{w: bufio.NewWriterSize(w, 64<<10), json: asJSON}
}

// Print writes one row, sanitised.
func (p *rowPrinter) Print(h headlineJSON, published time.Time) error {
	h = h.clean()
	defer func() { p.n++ }()
	if !p.json {
		_, err := fmt.Fprintf(p.w, "%s  %s  %s  [%s]  %s\n", listDate(published), h.Title, h.Source, h.ID, h.Link)
		return err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("  ", "  ")
	if err := enc.Encode(h); err != nil {
		return err
	}
	sep := ",\n  "
	if p.n == 0 {
		sep = "[\n  "
	}
	if _, err := p.w.WriteString(sep); err != nil {
		return err
	}
	_, err := p.w.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	return err
}

// End closes a JSON array and flushes.
func (p *rowPrinter) End() error {
	if p.json {
		end := "\n]\n"
		if p.n == 0 {
			end = "[]\n"
		}
		if _, err := p.w.WriteString(end); err != nil {
			return err
		}
	}
	return p.w.Flush()
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// listDate is a headline's date in a plain listing, in the zone its
// source gave, with the zone ("2019-11-19 09:27 CST"); blanks when
// unknown.
func listDate(t time.Time) string {
	if t.IsZero() {
		return "                    "
	}
	return t.Format("2006-01-02 15:04 MST")
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

// count writes a number with its noun: "1 article", "12 articles".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
