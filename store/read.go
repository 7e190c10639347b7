package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
)

// State is the reader's state of an item.
type State struct {
	Read       bool
	ReadAt     time.Time
	Starred    bool
	Saved      bool
	SavedAt    time.Time
	HasArticle bool
	FetchedAt  time.Time
	Regions    []string
}

// SourceState is what the library knows about a source.
type SourceState struct {
	URL, Name string
	// FeedURL is the feed last read for it (after autodiscovery).
	FeedURL    string
	Validators feeds.Conditional
	// LastFetch is the last attempt, LastOK the last success (zero: never).
	LastFetch, LastOK time.Time
	LastStatus        int
	LastError         string // "" when the last fetch succeeded
	Items, Unread     int
	// Retry is when it may be fetched again after failures.
	Retry Retry
}

// Conditional returns the validators of the last successful fetch of a
// source, for a conditional GET (zero for an unknown source).
func (s *Store) Conditional(ctx context.Context, sourceURL string) (feeds.Conditional, error) {
	var c feeds.Conditional
	err := s.r.QueryRowContext(ctx, `SELECT etag, last_modified FROM sources WHERE url = ?`, sourceURL).
		Scan(&c.ETag, &c.LastModified)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	return c, s.wrap(err)
}

// Sources lists the sources in the library, by name.
func (s *Store) Sources(ctx context.Context) ([]SourceState, error) {
	var out []SourceState
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		counts := map[string][2]int{}
		rows, err := tx.QueryContext(ctx, `SELECT s.url, count(*), count(*) FILTER (WHERE i.read_at IS NULL)
			FROM items i JOIN sources s ON s.id = i.source GROUP BY i.source`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var u string
			var c [2]int
			if err := rows.Scan(&u, &c[0], &c[1]); err != nil {
				rows.Close()
				return err
			}
			counts[u] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT url, name, feed_url, etag, last_modified, last_fetch, last_ok,
			last_status, last_error, failures, retry_at, server_retry_at FROM sources ORDER BY name, url`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var st SourceState
			var fetch, ok, retryAt, serverAt sql.NullInt64
			if err := rows.Scan(&st.URL, &st.Name, &st.FeedURL, &st.Validators.ETag, &st.Validators.LastModified,
				&fetch, &ok, &st.LastStatus, &st.LastError, &st.Retry.Failures, &retryAt, &serverAt); err != nil {
				return err
			}
			if retryAt.Valid {
				st.Retry.At = time.Unix(0, retryAt.Int64)
			}
			if serverAt.Valid {
				st.Retry.Server = time.Unix(0, serverAt.Int64)
			}
			if fetch.Valid {
				st.LastFetch = time.Unix(0, fetch.Int64)
			}
			if ok.Valid {
				st.LastOK = time.Unix(0, ok.Int64)
			}
			c := counts[st.URL]
			st.Items, st.Unread = c[0], c[1]
			out = append(out, st)
		}
		return rows.Err()
	})
	return out, s.wrap(err)
}

// Count is the number of items in the library.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM items`).Scan(&n)
	return n, s.wrap(err)
}

const itemCols = `i.n, i.id, s.name, s.url, i.title, i.link, i.author, i.section, i.published, i.pub_off, i.pub_zone, i.fetched_at,
	i.read_at, i.starred, i.saved_at, i.regions, i.guid, i.published_from, i.image_url, i.categories, i.summary,
	i.spans, i.content, i.content_html, a.n IS NOT NULL, a.spans, a.doc`

// itemRow is an item as read with itemCols.
type itemRow struct {
	n           int64
	it          feeds.Item
	st          State
	spans       sql.NullString // items.spans
	aspans, doc sql.NullString // the article's
}

func (s *Store) readItem(row interface{ Scan(...any) error }) (*itemRow, error) {
	var r itemRow
	var fetched int64
	var pub, readAt, savedAt sql.NullInt64
	var off int
	var zone, regions, cats string
	var content sql.NullString
	it, st := &r.it, &r.st
	err := row.Scan(&r.n, &it.ID, &it.SourceName, &it.SourceURL, &it.Title, &it.Link, &it.Author, &it.Section, &pub, &off,
		&zone, &fetched, &readAt, &st.Starred, &savedAt, &regions, &it.GUID, &it.PublishedFrom, &it.ImageURL, &cats,
		&it.Summary, &r.spans, &content, &it.ContentHTML, &st.HasArticle, &r.aspans, &r.doc)
	if err != nil {
		return nil, err
	}
	it.Published = fromNS(pub, off, zone)
	it.Content = it.Summary
	if content.Valid {
		it.Content = content.String
	}
	it.Categories = splitList(cats)
	st.FetchedAt = time.Unix(0, fetched)
	st.Read, st.Saved = readAt.Valid, savedAt.Valid
	if readAt.Valid {
		st.ReadAt = time.Unix(0, readAt.Int64)
	}
	if savedAt.Valid {
		st.SavedAt = time.Unix(0, savedAt.Int64)
	}
	st.Regions = splitList(regions)
	return &r, nil
}

// LastList returns the items a source sent in its last successful fetch,
// in feed order, as the library holds them now (an item since pruned is
// left out; an article another source brought first has that source's
// name). ok is false when the library has no list for the source (it
// never fetched it, or the list predates schema version 2).
func (s *Store) LastList(ctx context.Context, sourceURL string) (items []feeds.Item, ok bool, err error) {
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		var list string
		err := tx.QueryRowContext(ctx, `SELECT l.ids FROM sources s JOIN source_lists l ON l.source = s.id WHERE s.url = ?`,
			sourceURL).Scan(&list)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		ok = true
		rows, err := tx.QueryContext(ctx, `SELECT `+itemCols+` FROM json_each(?) AS j CROSS JOIN items AS i ON i.idh = j.value
			JOIN sources s ON s.id = i.source LEFT JOIN articles a ON a.n = i.n ORDER BY j.key`, list)
		if err != nil {
			return err
		}
		defer rows.Close()
		seen := map[int64]bool{}
		for rows.Next() {
			r, err := s.readItem(rows)
			if err != nil {
				return err
			}
			if !seen[r.n] { // a feed listing one item twice
				seen[r.n] = true
				items = append(items, r.it)
			}
		}
		return rows.Err()
	})
	return items, ok, s.wrap(err)
}

func (s *Store) itemBy(ctx context.Context, where string, args ...any) (*itemRow, error) {
	return s.readItem(s.r.QueryRowContext(ctx, `SELECT `+itemCols+` FROM items i JOIN sources s ON s.id = i.source
		LEFT JOIN articles a ON a.n = i.n WHERE `+where, args...))
}

// Item returns an item with its body, and its state. The error wraps
// ErrNotFound for an unknown id.
func (s *Store) Item(ctx context.Context, id string) (*feeds.Item, State, error) {
	r, err := s.itemBy(ctx, `i.idh = ? AND i.id = ?`, idArgs(id)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, State{}, notFound("item", id)
	}
	if err != nil {
		return nil, State{}, s.wrap(err)
	}
	return &r.it, r.st, nil
}

// Article returns the stored reader-mode article of an item and the
// entities of each of its blocks. The error wraps ErrNotFound when the item
// has no article.
func (s *Store) Article(ctx context.Context, itemID string) (*article.Article, [][]entity.Span, error) {
	var doc, spans, zone string
	var pub sql.NullInt64
	var off int
	err := s.r.QueryRowContext(ctx, `SELECT a.doc, a.spans, i.published, i.pub_off, i.pub_zone FROM items i
		JOIN articles a ON a.n = i.n WHERE i.idh = ? AND i.id = ?`, idArgs(itemID)...).Scan(&doc, &spans, &pub, &off, &zone)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, notFound("article", itemID)
	}
	if err != nil {
		return nil, nil, s.wrap(err)
	}
	return s.decodeArticle(itemID, doc, spans, fromNS(pub, off, zone))
}

// decodeArticle decodes a stored article. Its JSON keeps the publication
// time's offset but not the zone's name: when the item's time has the
// same offset, the article's takes the item's zone name too.
func (s *Store) decodeArticle(itemID, doc, spans string, itemPub time.Time) (*article.Article, [][]entity.Span, error) {
	var a article.Article
	if err := json.Unmarshal([]byte(doc), &a); err != nil {
		return nil, nil, s.errf("article %s: %w: %v", itemID, ErrCorrupt, err)
	}
	if !a.Published.IsZero() && !itemPub.IsZero() {
		name, off := itemPub.Zone()
		if _, aoff := a.Published.Zone(); aoff == off && name != "" {
			a.Published = a.Published.In(itemPub.Location())
		}
	}
	js, err := decodeSpans(spans)
	if err != nil {
		return nil, nil, s.errf("entities of %s: %w: %v", itemID, ErrCorrupt, err)
	}
	per := make([][]entity.Span, len(a.Blocks))
	for _, j := range js {
		if j.B >= 0 && j.B < len(per) {
			per[j.B] = append(per[j.B], j.span())
		}
	}
	return &a, per, nil
}

// Entities returns every entity mention of an item, for the entity panel:
// those of its article when it has one (offsets into their block), else
// those of its title and summary (offsets into FeedText).
func (s *Store) Entities(ctx context.Context, id string) ([]entity.Span, error) {
	var spans, aspans sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT i.spans, a.spans FROM items i LEFT JOIN articles a ON a.n = i.n
		WHERE i.idh = ? AND i.id = ?`, idArgs(id)...).Scan(&spans, &aspans)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("item", id)
	}
	if err != nil {
		return nil, s.wrap(err)
	}
	js := spans.String
	if aspans.Valid {
		js = aspans.String
	}
	return s.spanList(id, js)
}

func (s *Store) spanList(id, js string) ([]entity.Span, error) {
	sj, err := decodeSpans(js)
	if err != nil {
		return nil, s.errf("entities of %s: %w: %v", id, ErrCorrupt, err)
	}
	var out []entity.Span
	for _, j := range sj {
		out = append(out, j.span())
	}
	return out, nil
}

// eachPage is how many items Each reads at a time.
const eachPage = 100

// Each calls fn for every item matching q, newest first, with its article
// (nil when none) and its entities (as Entities returns them), reading a
// page at a time so an export of the whole library never holds it in
// memory. An error from fn stops the walk and is returned.
func (s *Store) Each(ctx context.Context, q query.Query, fn func(feeds.Item, *article.Article, []entity.Span) error) error {
	q.SortRelevance = false
	last := int64(1<<63 - 1)
	for {
		var ns []int64
		err := s.readTx(ctx, func(tx *sql.Tx) error {
			sources, err := s.sourceRows(ctx, tx)
			if err != nil {
				return err
			}
			p, alts, err := s.compileAny(ctx, tx, &q, true, sources)
			switch {
			case err != nil:
				return err
			case alts != nil:
				ns, err = unionKeys(ctx, tx, plansOf(alts), eachPage, "i.n < ?", last)
				return err
			case p.empty:
				return nil
			}
			p.where = append(p.where, "i.n < ?")
			p.args = append(p.args, last)
			sq, args := p.sql("i.n", "", true)
			rows, err := tx.QueryContext(ctx, sq+" LIMIT ?", append(args, eachPage)...)
			if err != nil {
				return queryErr(err)
			}
			defer rows.Close()
			for rows.Next() {
				var n int64
				if err := rows.Scan(&n); err != nil {
					return err
				}
				ns = append(ns, n)
			}
			return rows.Err()
		})
		if err != nil {
			return s.wrap(err)
		}
		if len(ns) == 0 {
			return nil
		}
		for _, n := range ns {
			r, err := s.itemBy(ctx, `i.n = ?`, n)
			if errors.Is(err, sql.ErrNoRows) {
				continue // pruned meanwhile
			}
			if err != nil {
				return s.wrap(err)
			}
			var a *article.Article
			js := r.spans.String
			if r.doc.Valid {
				if a, _, err = s.decodeArticle(r.it.ID, r.doc.String, r.aspans.String, r.it.Published); err != nil {
					return err
				}
				js = r.aspans.String
			}
			spans, err := s.spanList(r.it.ID, js)
			if err != nil {
				return err
			}
			if err := fn(r.it, a, spans); err != nil {
				return err
			}
		}
		last = ns[len(ns)-1]
	}
}

// MarkReadMatching marks every unread item matching q read in one
// statement (for "mark everything in the filtered list read" on a large
// list) and returns what it marked, which Undo marks unread again.
func (s *Store) MarkReadMatching(ctx context.Context, q query.Query) (*Marked, error) {
	m := &Marked{}
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		sources, err := s.sourceRows(ctx, tx)
		if err != nil {
			return err
		}
		p, alts, err := s.compileAny(ctx, tx, &q, true, sources)
		if err != nil || p != nil && p.empty {
			return err
		}
		var sq string
		var args []any
		if alts != nil {
			sq, args = unionSQL(plansOf(alts), 0, "")
		} else {
			sq, args = p.sql("i.n", "", false)
		}
		m.at = s.o.Now().UnixNano()
		rows, err := tx.QueryContext(ctx, `UPDATE items SET read_at = ? WHERE read_at IS NULL AND n IN (`+sq+`) RETURNING n`,
			append([]any{m.at}, args...)...)
		if err != nil {
			return queryErr(err)
		}
		defer rows.Close()
		for rows.Next() {
			var n int64
			if err := rows.Scan(&n); err != nil {
				return err
			}
			m.rows = append(m.rows, n)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return queueSyncKeys(ctx, tx, opRead, m.at, m.rows)
	})
	if err != nil {
		return &Marked{}, err
	}
	return m, nil
}

// listedPage is how many headlines Listed reads at a time.
const listedPage = 500

// Listing is one headline of Listed: what a plain listing prints.
type Listing struct {
	ID, Title, Link, Author, SourceName, SourceURL, Summary string
	Published                                               time.Time
}

// listingCols are the columns of a Listing (see scanListing).
const listingCols = `i.id, i.title, i.link, i.author, i.published, i.pub_off, i.pub_zone, i.source, i.summary`

func scanListing(rows *sql.Rows, sources map[int64]sourceRow) (Listing, error) {
	var l Listing
	var pub sql.NullInt64
	var off int
	var zone string
	var src int64
	if err := rows.Scan(&l.ID, &l.Title, &l.Link, &l.Author, &pub, &off, &zone, &src, &l.Summary); err != nil {
		return l, err
	}
	l.Published = fromNS(pub, off, zone)
	sr := sources[src]
	l.SourceName, l.SourceURL = sr.name, sr.url
	return l, nil
}

// Listed calls fn for every item a source among sourceURLs sent in its
// last successful fetch (the headlines it carries now, see LastList) that
// matches q, newest first, each item once however many of the sources
// list it. It finds the listed items once, then reads and filters them a
// page at a time, so listing 100,000 headlines never holds them all (the
// keys of the list, 8 bytes an item, are held). A word of q finds only
// indexed items (Pending). An error from fn stops the walk and is
// returned.
func (s *Store) Listed(ctx context.Context, sourceURLs []string, q query.Query, fn func(Listing) error) error {
	q.SortRelevance = false
	keys, err := s.listedKeys(ctx, sourceURLs)
	if err != nil || len(keys) == 0 {
		return s.wrap(err)
	}
	for off := 0; off < len(keys); off += listedPage {
		page, err := s.listedPage(ctx, q, keys[off:min(off+listedPage, len(keys))])
		if err != nil {
			return s.wrap(err)
		}
		for _, l := range page {
			if err := fn(l); err != nil {
				return err
			}
		}
	}
	return nil
}

// listedKeys returns the keys (items.n) of the items in the last lists of
// the sources, newest first, without repeats.
func (s *Store) listedKeys(ctx context.Context, sourceURLs []string) ([]int64, error) {
	if len(sourceURLs) == 0 {
		return nil, nil
	}
	args := make([]any, len(sourceURLs))
	for i, u := range sourceURLs {
		args[i] = u
	}
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT i.n FROM sources ls JOIN source_lists l ON l.source = ls.id,
		json_each(l.ids) j JOIN items i ON i.idh = j.value
		WHERE ls.url IN (?`+strings.Repeat(",?", len(sourceURLs)-1)+`) ORDER BY i.n DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		keys = append(keys, n)
	}
	return keys, rows.Err()
}

// listedPage reads the items among keys (newest first) that match q.
func (s *Store) listedPage(ctx context.Context, q query.Query, keys []int64) ([]Listing, error) {
	var page []Listing
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		sources, err := s.sourceRows(ctx, tx)
		if err != nil {
			return err
		}
		p, alts, err := s.compileAny(ctx, tx, &q, true, sources)
		if err != nil || p != nil && p.empty {
			return err
		}
		var sq string
		var args []any
		if alts != nil {
			// Each alternative among the keys, as a JSON array: one
			// parameter however many alternatives there are.
			js, _ := json.Marshal(keys)
			sq, args = unionSQL(plansOf(alts), 0, "i.n IN (SELECT value FROM json_each(?))", string(js))
			sq = "SELECT " + listingCols + " FROM (" + sq + ") AS u CROSS JOIN items i ON i.n = u.n ORDER BY u.n DESC"
		} else {
			p.where = append(p.where, "i.n IN (?"+strings.Repeat(",?", len(keys)-1)+")")
			for _, n := range keys {
				p.args = append(p.args, n)
			}
			sq, args = p.sql(listingCols, "", true)
		}
		rows, err := tx.QueryContext(ctx, sq, args...)
		if err != nil {
			return queryErr(err)
		}
		defer rows.Close()
		for rows.Next() {
			l, err := scanListing(rows, sources)
			if err != nil {
				return err
			}
			page = append(page, l)
		}
		return rows.Err()
	})
	return page, err
}
