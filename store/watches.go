package store

// Watches. A watch is a named saved search (its name and query live in
// the config); what the library keeps of it is where the reader last
// looked: the items.rid of the newest item when the watch was last
// opened (schemaV7). Items take rids in the order they are stored, so
// "new since last opened" is "stored above the mark", whatever their
// publication dates, and an item synced or fetched later counts the same.
//
// New matches are counted on the rows themselves, not through the search
// index: right after a refresh the background indexer has not reached
// the new items yet, and the count must not wait for it. The query is
// compiled with every word, phrase, entity and region condition as a
// check (compiler.checksOnly) that candidate.matches makes on the text as
// the index would hold it, so the count agrees with what the watch's view
// lists once the items are indexed.

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/dateline-news/dateline/query"
)

// schemaV7 is version 7: the mark of each watch.
const schemaV7 = `
CREATE TABLE watches (
	name     TEXT PRIMARY KEY,
	seen_rid INTEGER NOT NULL, -- items.rid of the newest item when last opened
	seen_at  INTEGER NOT NULL  -- unix ns
) WITHOUT ROWID;
`

// newestRID is the rid of the newest stored item (0: none).
func newestRID(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int64, error) {
	var rid int64
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(rid), 0) FROM items`).Scan(&rid)
	return rid, err
}

// WatchMarks returns the mark of each named watch (see the package
// comment above), in the order of names. A watch the library does not
// know yet is marked at the newest item now, so it starts with nothing
// new; the mark is kept unless the library is read-only.
func (s *Store) WatchMarks(ctx context.Context, names []string) ([]int64, error) {
	marks := make([]int64, len(names))
	var missing []int
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		for i, n := range names {
			err := tx.QueryRowContext(ctx, `SELECT seen_rid FROM watches WHERE name = ?`, n).Scan(&marks[i])
			switch {
			case err == sql.ErrNoRows:
				missing = append(missing, i)
			case err != nil:
				return err
			}
		}
		if len(missing) == 0 {
			return nil
		}
		top, err := newestRID(ctx, tx)
		for _, i := range missing {
			marks[i] = top
		}
		return err
	})
	if err != nil || len(missing) == 0 || s.w == nil {
		return marks, s.wrap(err)
	}
	return marks, s.writeTx(ctx, func(tx *sql.Tx) error {
		for _, i := range missing {
			if _, err := tx.ExecContext(ctx, `INSERT INTO watches(name, seen_rid, seen_at) VALUES (?, ?, ?)
				ON CONFLICT(name) DO NOTHING`, names[i], marks[i], s.o.Now().UnixNano()); err != nil {
				return err
			}
		}
		return nil
	})
}

// MarkWatchSeen moves the watch's mark to the newest item: it was opened,
// so nothing stored so far is new to it.
func (s *Store) MarkWatchSeen(ctx context.Context, name string) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		top, err := newestRID(ctx, tx)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO watches(name, seen_rid, seen_at) VALUES (?1, ?2, ?3)
			ON CONFLICT(name) DO UPDATE SET seen_rid = ?2, seen_at = ?3`, name, top, s.o.Now().UnixNano())
		return err
	})
}

// ForgetWatch drops what the library keeps of a watch.
func (s *Store) ForgetWatch(ctx context.Context, name string) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM watches WHERE name = ?`, name)
		return err
	})
}

// watchPlan is one watch's query compiled for NewMatches: the plans of
// its alternatives, checks only, and for each alternative with SQL
// conditions (is:, source:, dates) the rids above the mark they keep.
type watchPlan struct {
	since int64
	alts  []*plan
	keeps []map[int64]bool
	count int
}

// NewMatches counts, for each query, the items stored above its mark
// (since[i], from WatchMarks) that match it. It reads the new rows once
// for all the queries, one at a time (nothing is copied), whether or not
// they are indexed yet.
func (s *Store) NewMatches(ctx context.Context, qs []query.Query, since []int64) ([]int, error) {
	counts := make([]int, len(qs))
	if len(qs) == 0 {
		return counts, nil
	}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		sources, err := s.sourceRows(ctx, tx)
		if err != nil {
			return err
		}
		wps := make([]*watchPlan, len(qs))
		from := int64(1<<63 - 1)
		for i := range qs {
			if wps[i], err = s.watchPlan(ctx, tx, &qs[i], since[i], sources); err != nil {
				return err
			}
			from = min(from, since[i])
		}
		rows, err := tx.QueryContext(ctx, `SELECT i.rid, `+checkCols+` FROM items i`+checkJoin+
			` WHERE i.rid > ? ORDER BY i.rid`, from)
		if err != nil {
			return queryErr(err)
		}
		defer rows.Close()
		var d candidate
		for rows.Next() {
			var rid, n, src int64
			d.reset()
			if err := rows.Scan(&rid, &n, &d.title, &d.summary, &d.content, &d.atext, &d.names, &src, &d.regns); err != nil {
				return err
			}
			d.sourceName = sources[src].name
			for _, wp := range wps {
				if rid > wp.since && wp.matches(rid, &d) {
					wp.count++
				}
			}
		}
		for i, wp := range wps {
			counts[i] = wp.count
		}
		return queryErr(rows.Err())
	})
	return counts, s.wrap(err)
}

// watchPlan compiles one watch's query, checks only.
func (s *Store) watchPlan(ctx context.Context, tx *sql.Tx, q *query.Query, since int64, sources map[int64]sourceRow) (*watchPlan, error) {
	wp := &watchPlan{since: since}
	for _, b := range q.Branches() {
		p, err := (&compiler{s: s, ctx: ctx, tx: tx, p: &plan{}, exact: true, checksOnly: true}).compile(&b, sources)
		if err != nil {
			return nil, err
		}
		if p.empty {
			continue
		}
		var keep map[int64]bool
		if len(p.where) > 0 || p.from != 0 || p.to != 0 {
			if keep, err = sqlKept(ctx, tx, p, since); err != nil {
				return nil, err
			}
		}
		wp.alts, wp.keeps = append(wp.alts, p), append(wp.keeps, keep)
	}
	return wp, nil
}

// matches reports whether the row rid, d, matches one of the watch's
// alternatives: kept by its SQL conditions, if any, and passing its
// checks.
func (wp *watchPlan) matches(rid int64, d *candidate) bool {
	for i, p := range wp.alts {
		if (wp.keeps[i] == nil || wp.keeps[i][rid]) && d.matches(p.checks) {
			return true
		}
	}
	return false
}

// sqlKept is the set of rids above lo that a plan's SQL conditions
// keep.
func sqlKept(ctx context.Context, tx *sql.Tx, p *plan, lo int64) (map[int64]bool, error) {
	c := *p
	c.checks = nil
	c.where = append(slices.Clip(p.where), "i.rid > ?")
	c.args = append(slices.Clip(p.args), lo)
	sq, args := c.sql("i.rid", "", false)
	rows, err := tx.QueryContext(ctx, sq, args...)
	if err != nil {
		return nil, queryErr(err)
	}
	defer rows.Close()
	keep := map[int64]bool{}
	for rows.Next() {
		var rid int64
		if err := rows.Scan(&rid); err != nil {
			return nil, err
		}
		keep[rid] = true
	}
	return keep, queryErr(rows.Err())
}

// Story is what a watch's matches are about: how many there are, how
// many were published each day, and the names most often found in them.
type Story struct {
	Matches int        // the matches read (at most the limit given)
	Days    []DayCount // oldest first, days without matches left out
	// People, Places and Orgs are the names found in the most matches
	// (each match counts a name once), most first.
	People, Places, Orgs []NameCount
}

// DayCount is the number of matches published on one day.
type DayCount struct {
	Day   time.Time // midnight, in the zone asked for
	Count int
}

// NameCount is how many matches name an entity.
type NameCount struct {
	Name  string
	Count int
}

// StoryNames is how many names of each kind Story returns.
const StoryNames = 8

// Story reads the newest limit matches of q and sums them up, with days
// in loc (UTC when nil). Names come from the article when it is stored,
// else from the feed's text.
func (s *Store) Story(ctx context.Context, q query.Query, limit int, loc *time.Location) (Story, error) {
	if loc == nil {
		loc = time.UTC
	}
	q.SortRelevance = false
	var st Story
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		keys, err := s.matchKeys(ctx, tx, &q, limit)
		if err != nil || len(keys) == 0 {
			return err
		}
		st.Matches = len(keys)
		days := map[time.Time]int{}
		names := [3]map[string]int{{}, {}, {}}
		for start := 0; start < len(keys); start += 500 {
			part := keys[start:min(start+500, len(keys))]
			if err := storyNames(ctx, tx, part, days, &names, loc); err != nil {
				return err
			}
		}
		for d, n := range days {
			st.Days = append(st.Days, DayCount{Day: d, Count: n})
		}
		slices.SortFunc(st.Days, func(a, b DayCount) int { return a.Day.Compare(b.Day) })
		st.People, st.Places, st.Orgs = topNames(names[0]), topNames(names[1]), topNames(names[2])
		return nil
	})
	return st, s.wrap(err)
}

// matchKeys is the keys of q's newest limit matches, newest first.
func (s *Store) matchKeys(ctx context.Context, tx *sql.Tx, q *query.Query, limit int) ([]int64, error) {
	sources, err := s.sourceRows(ctx, tx)
	if err != nil {
		return nil, err
	}
	p, alts, err := s.compileAny(ctx, tx, q, true, sources)
	switch {
	case err != nil:
		return nil, err
	case alts != nil:
		return unionKeys(ctx, tx, plansOf(alts), limit, "")
	case p.empty:
		return nil, nil
	}
	sq, args := p.sql(keyCol, "", true)
	rows, err := tx.QueryContext(ctx, sq+" LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, queryErr(err)
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
	return keys, queryErr(rows.Err())
}

// storyNames adds the days and names of the items with keys to the sums.
func storyNames(ctx context.Context, tx *sql.Tx, keys []int64, days map[time.Time]int, names *[3]map[string]int, loc *time.Location) error {
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	rows, err := tx.QueryContext(ctx, `SELECT i.n, CASE WHEN a.n IS NULL THEN coalesce(i.names, '') ELSE a.names END
		FROM items i LEFT JOIN articles a ON a.n = i.n WHERE i.n IN (?`+strings.Repeat(",?", len(keys)-1)+`)`, args...)
	if err != nil {
		return queryErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var col string
		if err := rows.Scan(&n, &col); err != nil {
			return err
		}
		t := time.Unix(n>>slotBits, 0).In(loc)
		days[time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)]++
		p, l, o := splitNames(col)
		for k, list := range [3][]string{p, l, o} {
			for _, name := range slices.Compact(slices.Sorted(slices.Values(list))) {
				if name != "" {
					names[k][name]++
				}
			}
		}
	}
	return queryErr(rows.Err())
}

// topNames is the StoryNames names counted most, most first (then by
// name).
func topNames(m map[string]int) []NameCount {
	out := make([]NameCount, 0, len(m))
	for name, n := range m {
		out = append(out, NameCount{Name: name, Count: n})
	}
	slices.SortFunc(out, func(a, b NameCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name))
	})
	return out[:min(len(out), StoryNames)]
}
