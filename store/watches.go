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
// its alternatives, checks only; an alternative with SQL conditions (is:,
// source:, dates) has them read as a column of the rows (cond[i], its
// index among those columns; -1: none).
type watchPlan struct {
	since int64
	alts  []*plan
	cond  []int
	count int
}

// NewMatches counts, for each query, the items stored above since[i] (a
// mark from WatchMarks, or where an earlier count stopped) that match it,
// and returns the rid of the newest item it read up to (a later count can
// start there). It reads the new rows once for all the queries, one at a
// time (nothing is copied), whether or not they are indexed yet.
func (s *Store) NewMatches(ctx context.Context, qs []query.Query, since []int64) (counts []int, top int64, err error) {
	counts = make([]int, len(qs))
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		if top, err = newestRID(ctx, tx); err != nil || len(qs) == 0 {
			return err
		}
		sources, err := s.sourceRows(ctx, tx)
		if err != nil {
			return err
		}
		wps := make([]*watchPlan, len(qs))
		from := int64(1<<63 - 1)
		var conds []string
		var args []any
		for i := range qs {
			if wps[i], err = s.watchPlan(ctx, tx, &qs[i], since[i], sources, &conds, &args); err != nil {
				return err
			}
			from = min(from, since[i])
		}
		sel := ""
		for _, c := range conds {
			sel += ", " + c
		}
		rows, err := tx.QueryContext(ctx, `SELECT i.rid, `+checkCols+sel+` FROM items i`+checkJoin+
			` WHERE i.rid > ? ORDER BY i.rid`, append(args, from)...)
		if err != nil {
			return queryErr(err)
		}
		defer rows.Close()
		var d candidate
		var rid, n, src int64
		flags := make([]bool, len(conds))
		dest := []any{&rid, &n, &d.title, &d.summary, &d.content, &d.atext, &d.names, &src, &d.regns}
		for i := range flags {
			dest = append(dest, &flags[i])
		}
		for rows.Next() {
			d.reset()
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			d.sourceName = sources[src].name
			for _, wp := range wps {
				if rid > wp.since && wp.matches(flags, &d) {
					wp.count++
				}
			}
		}
		for i, wp := range wps {
			counts[i] = wp.count
		}
		return queryErr(rows.Err())
	})
	return counts, top, s.wrap(err)
}

// watchPlan compiles one watch's query, checks only; the SQL conditions
// of its alternatives are added to conds (with their args).
func (s *Store) watchPlan(ctx context.Context, tx *sql.Tx, q *query.Query, since int64, sources map[int64]sourceRow,
	conds *[]string, args *[]any) (*watchPlan, error) {
	wp := &watchPlan{since: since}
	for _, b := range q.Branches() {
		p, err := (&compiler{s: s, ctx: ctx, tx: tx, p: &plan{}, exact: true, checksOnly: true}).compile(&b, sources)
		if err != nil {
			return nil, err
		}
		if p.empty {
			continue
		}
		col := -1
		if c, a := p.condition(); c != "" {
			col = len(*conds)
			*conds, *args = append(*conds, c), append(*args, a...)
		}
		wp.alts, wp.cond = append(wp.alts, p), append(wp.cond, col)
	}
	return wp, nil
}

// condition is the SQL conditions of a checks-only plan as one boolean
// expression on items i, with its args ("" when it has none).
func (p *plan) condition() (string, []any) {
	where := slices.Clone(p.where)
	args := slices.Clone(p.args)
	if p.from != 0 {
		where, args = append(where, "i.n >= ?"), append(args, p.from)
	}
	if p.to != 0 {
		where, args = append(where, "i.n < ?"), append(args, p.to)
	}
	if len(where) == 0 {
		return "", nil
	}
	return "coalesce((" + strings.Join(where, ") AND (") + "), 0)", args
}

// matches reports whether the row d, with the conditions' values flags,
// matches one of the watch's alternatives.
func (wp *watchPlan) matches(flags []bool, d *candidate) bool {
	for i, p := range wp.alts {
		if (wp.cond[i] < 0 || flags[wp.cond[i]]) && d.matches(p.checks) {
			return true
		}
	}
	return false
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
	return queryKeys(ctx, tx, sq+" LIMIT ?", append(args, limit)...)
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
