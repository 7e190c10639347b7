package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"

	"github.com/dateline-news/dateline/query"
)

// A query with alternatives (query.Query.Or) is compiled branch by
// branch. When the branches differ only in their words, one plan holds
// them: the OR of their FTS5 queries, with the conditions they share,
// which pages, counts and ranks as any plan does. Otherwise each branch's
// plan finds its own matches and their keys are unioned: a page needs
// each branch's newest offset+limit+1 (the union's newest are among
// them), a count each one's newest CountLimit+1. Search compiles the
// branches as it compiles a plain query, so that a branch with a prefix
// of too many terms ("seoul OR t" as it is typed) is checked on the
// newest candidates rather than handed whole to FTS5.

// alt is one alternative of a query: its plan, and the conjunctive query
// it was compiled from.
type alt struct {
	q query.Query
	p *plan
}

func plansOf(alts []alt) []*plan {
	ps := make([]*plan, len(alts))
	for i, a := range alts {
		ps[i] = a.p
	}
	return ps
}

// compileAny compiles q: one plan without checks, or the alternatives
// that can match (p nil then): two or more, or any with checks (possible
// only when exact is false). A query without alternatives is compile's
// alone.
func (s *Store) compileAny(ctx context.Context, tx *sql.Tx, q *query.Query, exact bool, sources map[int64]sourceRow) (p *plan, alts []alt, err error) {
	if len(q.Or) == 0 {
		p, err = s.compile(ctx, tx, q, exact, sources)
		return p, nil, err
	}
	checks := false
	for _, b := range q.Branches() {
		bp, err := s.compile(ctx, tx, &b, exact, sources)
		if err != nil {
			return nil, nil, err
		}
		if !bp.empty {
			alts = append(alts, alt{b, bp})
			checks = checks || len(bp.checks) > 0
		}
	}
	switch {
	case checks:
		return nil, alts, nil
	case len(alts) == 0:
		return &plan{empty: true}, nil, nil
	case len(alts) == 1:
		return alts[0].p, nil, nil
	}
	if p := merge(plansOf(alts)); p != nil {
		return p, nil, nil
	}
	return nil, alts, nil
}

// merge returns one plan for alternatives that have words for FTS5 and
// the same conditions otherwise (none, or the same view), else nil.
func merge(alts []*plan) *plan {
	first := alts[0]
	ms := make([]string, len(alts))
	for i, p := range alts {
		m := p.match()
		if m == "" || p.from != first.from || p.to != first.to || p.smallSet != first.smallSet ||
			len(p.args) > 0 || !slices.Equal(p.where, first.where) {
			return nil
		}
		ms[i] = "(" + m + ")"
	}
	return &plan{pos: []string{strings.Join(ms, " OR ")}, where: first.where, from: first.from, to: first.to,
		smallSet: first.smallSet, rank: first.rank}
}

// unionSQL selects the keys (n) of the alternatives' matches: each one's
// newest each (all when each is 0), with extra (a condition on items i,
// with extraArgs) added to every alternative.
func unionSQL(alts []*plan, each int, extra string, extraArgs ...any) (string, []any) {
	var b strings.Builder
	var args []any
	for i, p := range alts {
		if i > 0 {
			b.WriteString(" UNION ")
		}
		if extra != "" {
			c := *p
			c.where = append(slices.Clip(p.where), extra)
			c.args = append(slices.Clip(p.args), extraArgs...)
			p = &c
		}
		sq, a := p.sql(keyCol, "", each > 0)
		if each > 0 {
			sq = "SELECT n FROM (" + sq + " LIMIT ?)"
			a = append(a, each)
		}
		b.WriteString(sq)
		args = append(args, a...)
	}
	return b.String(), args
}

// unionKeys returns the keys of the alternatives' matches, newest first:
// the newest each of them (all when each is 0), with extra as in
// unionSQL.
func unionKeys(ctx context.Context, tx *sql.Tx, alts []*plan, each int, extra string, extraArgs ...any) ([]int64, error) {
	u, args := unionSQL(alts, each, extra, extraArgs...)
	sq := "SELECT n FROM (" + u + ") ORDER BY n DESC"
	if each > 0 {
		sq += " LIMIT ?"
		args = append(args, each)
	}
	return queryKeys(ctx, tx, sq, args...)
}

// pageChecked is page for alternatives of which some have checks: the
// newest want matches of each (see altKeys), merged.
func (s *Store) pageChecked(ctx context.Context, tx *sql.Tx, alts []alt, sources map[int64]sourceRow, limit, offset, want int) ([]Headline, int, error) {
	var keys []int64
	for _, a := range alts {
		ks, err := s.altKeys(ctx, tx, a, sources, want)
		if err != nil {
			return nil, 0, err
		}
		keys = append(keys, ks...)
	}
	slices.SortFunc(keys, func(a, b int64) int { return cmp.Compare(b, a) })
	keys = slices.Compact(keys)
	total := min(len(keys), want)
	if offset >= total {
		return nil, total, nil
	}
	hs, err := headlinesOf(ctx, tx, keys[offset:min(offset+limit, total)], sources)
	return hs, total, err
}

// altKeys returns the keys of the newest k matches of an alternative,
// newest first: by its checks on the newest candidates, or when they are
// too sparse for the budget, by its exact plan.
func (s *Store) altKeys(ctx context.Context, tx *sql.Tx, a alt, sources map[int64]sourceRow, k int) ([]int64, error) {
	p := a.p
	if len(p.checks) > 0 {
		var keys []int64
		_, ended, err := s.scanMatches(ctx, tx, p, sources, k, func(n int64) { keys = append(keys, n) })
		if err != nil || ended {
			return keys, err
		}
		if p, err = s.compile(ctx, tx, &a.q, true, sources); err != nil || p.empty {
			return nil, err
		}
	}
	return unionKeys(ctx, tx, []*plan{p}, k, "")
}

// countAlts counts every match of the alternatives.
func countAlts(ctx context.Context, tx *sql.Tx, alts []*plan) (int, error) {
	u, args := unionSQL(alts, 0, "")
	var n int
	err := tx.QueryRowContext(ctx, "SELECT count(*) FROM ("+u+")", args...).Scan(&n)
	return n, queryErr(err)
}

// pageAlts is page for alternatives: newest first, or with sort:relevance
// the newest RelevanceWindow matches ranked (see rankKeys); the count up
// to want.
func (s *Store) pageAlts(ctx context.Context, tx *sql.Tx, alts []*plan, rank bool, sources map[int64]sourceRow, limit, offset, want int) ([]Headline, int, error) {
	each := want
	if rank {
		each = RelevanceWindow
	}
	keys, err := unionKeys(ctx, tx, alts, each, "")
	if err != nil {
		return nil, 0, err
	}
	total := min(len(keys), want)
	if offset >= total {
		return nil, total, nil
	}
	if rank {
		if keys, err = rankKeys(ctx, tx, alts, keys); err != nil {
			return nil, 0, err
		}
	}
	hs, err := headlinesOf(ctx, tx, keys[offset:min(offset+limit, len(keys))], sources)
	return hs, total, err
}

// rankKeys orders keys (newest first) by bm25 against the OR of the
// alternatives' FTS5 queries; keys that only an alternative without words
// found follow, newest first.
func rankKeys(ctx context.Context, tx *sql.Tx, alts []*plan, keys []int64) ([]int64, error) {
	var ms []string
	for _, p := range alts {
		if m := p.match(); m != "" {
			ms = append(ms, "("+m+")")
		}
	}
	if len(ms) == 0 || len(keys) == 0 {
		return keys, nil
	}
	rows, err := tx.QueryContext(ctx, "SELECT rowid, "+bm25Cols+" FROM fts WHERE fts MATCH ? AND rowid >= ?",
		strings.Join(ms, " OR "), keys[len(keys)-1])
	if err != nil {
		return nil, queryErr(err)
	}
	defer rows.Close()
	score := make(map[int64]float64, len(keys))
	for rows.Next() {
		var n int64
		var sc float64
		if err := rows.Scan(&n, &sc); err != nil {
			return nil, err
		}
		score[n] = sc
	}
	if err := rows.Err(); err != nil {
		return nil, queryErr(err)
	}
	out := slices.Clone(keys)
	slices.SortStableFunc(out, func(a, b int64) int {
		sa, oka := score[a]
		sb, okb := score[b]
		switch {
		case oka != okb && oka:
			return -1
		case oka != okb:
			return 1
		case sa != sb:
			return cmp.Compare(sa, sb) // bm25: lower is better
		}
		return cmp.Compare(b, a)
	})
	return out, nil
}

// headlinesOf reads the headlines of keys, in their order.
func headlinesOf(ctx context.Context, tx *sql.Tx, keys []int64, sources map[int64]sourceRow) ([]Headline, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	js, _ := json.Marshal(keys)
	rows, err := tx.QueryContext(ctx, `SELECT `+headlineCols+` FROM json_each(?) AS j CROSS JOIN items i ON i.n = j.value
		ORDER BY j.key`, string(js))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	hs := make([]Headline, 0, len(keys))
	for rows.Next() {
		h, err := scanHeadline(rows, sources)
		if err != nil {
			return nil, err
		}
		hs = append(hs, h)
	}
	return hs, rows.Err()
}

// queryKeys runs a query whose one column is an item key and returns the
// keys in its order.
func queryKeys(ctx context.Context, tx *sql.Tx, sq string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, sq, args...)
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
