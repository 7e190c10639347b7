package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-news/dateline/query"
)

// Headline is one row of the headline list: what the list shows, without
// the item's body.
type Headline struct {
	ID, Title, Link, Author, SourceName, SourceURL, Section string
	Published, FetchedAt                                    time.Time
	Read, Starred, Saved, HasArticle                        bool
	Regions                                                 []string
}

// CountLimit is how far Search counts: when more items match, the total
// it returns is a lower bound above CountLimit ("500+"), because counting
// every match of a common word costs more than the keystroke budget.
// CountMatches counts them all.
const CountLimit = 500

// RelevanceWindow is how many of the newest matches sort:relevance ranks:
// scoring every match of a common word takes hundreds of milliseconds at
// 100,000 items, and in news the relevant story is almost always among
// the recent ones.
const RelevanceWindow = 2000

// maxExpand is how many vocabulary terms a prefix may stand for in the
// FTS query. FTS5 answers an OR of terms lazily, newest first, at about
// 0.1 ms a term; a prefix with more terms ("c", "co", "st") is checked by
// Search itself on the newest candidates instead.
const maxExpand = 24

// scanBudget is how many candidates Search checks itself before it gives
// up and hands the whole query to FTS5.
const scanBudget = 3000

// maxTerms bounds a query: a pasted page of text is not a search.
const maxTerms = 64

// wordCols are the FTS columns words search: all but the region tags,
// which only region: searches.
const wordCols = "{title summary body person place org source}"

// FTS columns, in order.
const (
	cTitle = iota
	cSummary
	cBody
	cPerson
	cPlace
	cOrg
	cSource
	cRegion
	nCols
)

type colMask uint8

const wordMask colMask = 1<<cTitle | 1<<cSummary | 1<<cBody | 1<<cPerson | 1<<cPlace | 1<<cOrg | 1<<cSource

var fieldCols = map[string]struct {
	set  string
	mask colMask
	tag  string // of the column's vocabulary
}{
	"person": {"{person}", 1 << cPerson, vocabTags[0]},
	"place":  {"{place}", 1 << cPlace, vocabTags[1]},
	"org":    {"{org}", 1 << cOrg, vocabTags[2]},
	"entity": {"{person place org}", 1<<cPerson | 1<<cPlace | 1<<cOrg, ""},
}

// check is a condition Search tests itself on a candidate: one of alts
// appears as consecutive tokens in one of the columns (the last token a
// prefix when prefix is set); neg inverts it.
type check struct {
	mask   colMask
	alts   [][]string
	prefix bool
	neg    bool
}

// plan is a query compiled for the library.
type plan struct {
	pos, neg []string // FTS expressions: ANDed, and excluded
	where    []string // SQL conditions on items i
	args     []any
	from, to int64 // items.n range, 0 when open
	checks   []check
	empty    bool // provably matches nothing
	rank     bool
	smallSet bool // is:saved or is:starred: few items, drive from them
}

// compile turns q into a plan. With exact, everything goes into the SQL
// and FTS5 query; otherwise prefixes with too many terms and exclusions
// become checks that Search makes on the newest candidates. q's
// alternatives (q.Or) are not its business: see compileAny.
func (s *Store) compile(ctx context.Context, tx *sql.Tx, q *query.Query, exact bool, sources map[int64]sourceRow) (*plan, error) {
	return (&compiler{s: s, ctx: ctx, tx: tx, p: &plan{rank: q.SortRelevance}, exact: exact}).compile(q, sources)
}

// compile is Store.compile with the compiler's settings.
func (c *compiler) compile(q *query.Query, sources map[int64]sourceRow) (*plan, error) {
	p := c.p
	for _, w := range q.Words {
		if err := c.term(w, wordCols, wordMask, false, ""); err != nil {
			return nil, err
		}
	}
	for _, w := range q.Phrases {
		if err := c.term(w, wordCols, wordMask, false, ""); err != nil {
			return nil, err
		}
	}
	for _, w := range q.Exclude {
		if err := c.term(w, wordCols, wordMask, true, ""); err != nil {
			return nil, err
		}
	}
	for _, f := range q.Fields {
		if err := c.field(f, sources); err != nil {
			return nil, err
		}
	}
	if !c.exact && len(p.pos) == 0 && len(p.neg) > 0 {
		p.neg = nil
		p.checks = append(p.checks, c.negChecks...)
	}
	if !q.After.IsZero() {
		p.from = keyOf(q.After)
	}
	if !q.Before.IsZero() {
		p.to = keyOf(q.Before)
		if p.to <= p.from && !q.After.IsZero() {
			p.empty = true
		}
	}
	return p, nil
}

// compiler is the state of one compile.
type compiler struct {
	s     *Store
	ctx   context.Context
	tx    *sql.Tx
	p     *plan
	exact bool
	// checksOnly turns every word, phrase, entity and region condition
	// into a check the caller makes on candidate rows, and asks nothing of
	// the index or its vocabulary: for items not yet indexed (watches.go).
	checksOnly bool
	nterms     int
	// negChecks are the exclusions in p.neg as checks: without words for
	// FTS5 to start from, excluding is cheaper done on the newest items
	// than by listing every item that has the excluded word.
	negChecks []check
}

// term adds a word, a phrase or a field value over cols.
func (c *compiler) term(text string, set string, mask colMask, neg bool, tag string) error {
	p := c.p
	toks := tokens(text, nil)
	if len(toks) == 0 {
		return nil
	}
	if c.nterms++; c.nterms > maxTerms {
		return fmt.Errorf("%w: too many terms (at most %d)", ErrQuery, maxTerms)
	}
	if c.checksOnly {
		p.checks = append(p.checks, check{mask: mask, alts: [][]string{toks}, prefix: true, neg: neg})
		return nil
	}
	head, last := toks[:len(toks)-1], toks[len(toks)-1]
	exps, wide, err := c.s.expand(c.ctx, c.tx, tag, last)
	if err != nil {
		return err
	}
	var expr string
	switch {
	case !wide && len(exps) == 0:
		// No word in the library starts so: nothing matches (or
		// nothing is excluded).
		if !neg {
			p.empty = true
		}
		return nil
	case !wide:
		alts := make([]string, len(exps))
		for i, e := range exps {
			alts[i] = quote(append(head[:len(head):len(head)], e))
		}
		expr = set + " : (" + strings.Join(alts, " OR ") + ")"
	case c.exact:
		expr = set + " : " + quote(toks) + "*"
	case neg:
		p.checks = append(p.checks, check{mask: mask, alts: [][]string{toks}, prefix: true, neg: true})
		return nil
	default:
		// A prefix of too many terms: FTS5 narrows by the whole words
		// before it, Search checks the rest.
		if len(head) > 0 {
			p.pos = append(p.pos, set+" : "+quote(head))
		}
		p.checks = append(p.checks, check{mask: mask, alts: [][]string{toks}, prefix: true})
		return nil
	}
	if neg {
		p.neg = append(p.neg, expr)
		c.negChecks = append(c.negChecks, check{mask: mask, alts: [][]string{toks}, prefix: true, neg: true})
	} else {
		p.pos = append(p.pos, expr)
	}
	return nil
}

// field adds a field:value filter.
func (c *compiler) field(f query.Field, sources map[int64]sourceRow) error {
	p := c.p
	v := strings.TrimSpace(f.Value)
	switch f.Name {
	case "person", "place", "org", "entity":
		fc := fieldCols[f.Name]
		return c.term(v, fc.set, fc.mask, f.Neg, fc.tag)
	case "region":
		group := query.RegionGroup(v)
		if group == nil {
			return c.term(v, "{region}", 1<<cRegion, f.Neg, vocabTags[3])
		}
		var alts []string
		var toks [][]string
		for _, r := range group {
			t := tokens(r, nil)
			toks = append(toks, t)
			alts = append(alts, quote(t))
		}
		switch {
		case c.checksOnly:
			p.checks = append(p.checks, check{mask: 1 << cRegion, alts: toks, neg: f.Neg})
		case f.Neg:
			p.neg = append(p.neg, "{region} : ("+strings.Join(alts, " OR ")+")")
			c.negChecks = append(c.negChecks, check{mask: 1 << cRegion, alts: toks, neg: true})
		default:
			p.pos = append(p.pos, "{region} : ("+strings.Join(alts, " OR ")+")")
		}
	case "source":
		var ids []string
		for id, src := range sources {
			if sourceMatches(src.name, src.url, v) {
				ids = append(ids, strconv.FormatInt(id, 10))
			}
		}
		switch {
		case len(ids) == 0 && !f.Neg:
			p.empty = true
		case len(ids) == 0:
		case f.Neg:
			p.where = append(p.where, "i.source NOT IN ("+strings.Join(ids, ",")+")")
		default:
			p.where = append(p.where, "i.source IN ("+strings.Join(ids, ",")+")")
		}
	case "is":
		c.state(v, f.Neg)
	}
	return nil
}

// state adds an is: filter.
func (c *compiler) state(v string, neg bool) {
	var cond string
	small := false
	switch strings.ToLower(v) {
	case "saved":
		cond, small = "i.saved_at IS NOT NULL", true
	case "starred":
		cond, small = "i.starred", true
	case "unread":
		cond = "i.read_at IS NULL"
	case "read":
		cond = "i.read_at IS NOT NULL"
	case query.AsiaPacific:
		cond = "i.ap"
	default:
		return
	}
	if neg {
		cond, small = "NOT ("+cond+")", false
	}
	c.p.smallSet = c.p.smallSet || small
	c.p.where = append(c.p.where, cond)
}

// expand returns the vocabulary terms starting with prefix (in the
// vocabulary of a column when tag is set), or wide when there are more
// than maxExpand.
func (s *Store) expand(ctx context.Context, tx *sql.Tx, tag, prefix string) (terms []string, wide bool, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT substr(term, ?) FROM terms WHERE term >= ? AND term < ? LIMIT ?`,
		len(tag)+1, tag+prefix, prefixEnd(tag+prefix), maxExpand+1)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, false, err
		}
		terms = append(terms, t)
	}
	if len(terms) > maxExpand {
		return nil, true, rows.Err()
	}
	return terms, false, rows.Err()
}

// match is the FTS5 expression of the plan's positive part ("" if none),
// with the exclusions when there is one.
func (p *plan) match() string {
	if len(p.pos) == 0 {
		return ""
	}
	m := "(" + strings.Join(p.pos, ") AND (") + ")"
	for _, n := range p.neg {
		m += " NOT (" + n + ")"
	}
	return m
}

// keyCol, as the cols of plan.sql, selects the key of each match (items.n)
// as n, from the FTS5 table alone when the plan allows.
const keyCol = "\x00key"

// bm25Cols weights the FTS columns (in order) for sort:relevance.
const bm25Cols = "bm25(fts, 10.0, 4.0, 1.0, 3.0, 3.0, 3.0, 1.0, 0.0)"

// sql builds a statement selecting cols (with join, a join on items i)
// for the plan, newest first (unless order is false). The candidate rows come from FTS5 when there
// are words, from items otherwise.
func (p *plan) sql(cols, join string, order bool) (string, []any) {
	var b strings.Builder
	var args []any
	m := p.match()
	where := append([]string(nil), p.where...)
	wargs := append([]any(nil), p.args...)
	key := "i.n"
	ftsOnly := m != "" && (cols == "1" || cols == keyCol) && len(where) == 0
	if cols == keyCol {
		cols = "i.n AS n"
		if ftsOnly {
			cols = "rowid AS n"
		}
	}
	switch {
	case ftsOnly:
		// Counting FTS matches, or listing their keys, needs no items row.
		b.WriteString("SELECT " + cols + " FROM fts WHERE fts MATCH ?")
		args = append(args, m)
		key = "rowid"
	case m != "" && p.smallSet:
		// Few items (saved, starred): test each against the index.
		b.WriteString("SELECT " + cols + " FROM items i" + join + " WHERE EXISTS (SELECT 1 FROM fts WHERE fts MATCH ? AND fts.rowid = i.n)")
		args = append(args, m)
	case m != "":
		b.WriteString("SELECT " + cols + " FROM fts JOIN items i ON i.n = fts.rowid" + join + " WHERE fts MATCH ?")
		args = append(args, m)
		key = "fts.rowid"
	default:
		b.WriteString("SELECT " + cols + " FROM items i" + join + " WHERE 1")
		if len(p.neg) > 0 {
			where = append(where, "i.n NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
			wargs = append(wargs, "("+strings.Join(p.neg, ") OR (")+")")
		}
	}
	if p.from != 0 {
		where = append(where, key+" >= ?")
		wargs = append(wargs, p.from)
	}
	if p.to != 0 {
		where = append(where, key+" < ?")
		wargs = append(wargs, p.to)
	}
	for _, w := range where {
		b.WriteString(" AND " + w)
	}
	args = append(args, wargs...)
	if order {
		b.WriteString(" ORDER BY " + key + " DESC")
	}
	return b.String(), args
}

const headlineCols = `i.n, i.id, i.title, i.link, i.author, i.section, i.published, i.pub_off, i.pub_zone, i.fetched_at,
	i.read_at IS NOT NULL, i.starred, i.saved_at IS NOT NULL, EXISTS(SELECT 1 FROM articles a WHERE a.n = i.n),
	i.regions, i.source`

// checkCols are the columns Search's own checks read (with checkJoin).
const checkCols = `i.n, i.title, i.summary, i.content, a.text, CASE WHEN a.n IS NULL THEN i.names ELSE a.names END,
	i.source, i.regions`

const checkJoin = ` LEFT JOIN articles a ON a.n = i.n`

// Search returns one page of the items matching q, newest first (or by
// relevance with sort:relevance), and how many match (see CountLimit).
//
// Words are ANDed and match word prefixes, so a query typed one key at a
// time narrows as it grows; "phrases" match consecutive words (the last
// one a prefix); -word and -"phrase" exclude. person:, place:, org: and
// entity: match entity names the same way, region: a region tag
// (region:Asia-Pacific stands for East Asia, Southeast Asia, South Asia
// and Oceania), source: a source by the words of its name or its host, or
// by its URL (see sourceMatches), is: the read, starred and saved state
// and the Asia-Pacific view (is:asia-pacific), after:/before: the publication date.
// A query with alternatives (OR, groups) finds what any of them finds,
// newest first or, with sort:relevance, the newest RelevanceWindow ranked
// by bm25 against the OR of their words (matches of alternatives without
// words after the rest). Any text
// is safe: it reaches FTS5 as quoted tokens only. Parts the parser
// reported in q.Errors are ignored, as the parser documents.
func (s *Store) Search(ctx context.Context, q query.Query, limit, offset int) (hs []Headline, total int, err error) {
	return s.search(ctx, q, limit, offset, s.countLimit)
}

// Page is Search without the count: total only tells whether more rows
// follow the page (it is at most offset+limit+1). A caller that filters
// the rows further and counts them itself saves the counting.
func (s *Store) Page(ctx context.Context, q query.Query, limit, offset int) (hs []Headline, total int, err error) {
	return s.search(ctx, q, limit, offset, 0)
}

func (s *Store) search(ctx context.Context, q query.Query, limit, offset, countTo int) (hs []Headline, total int, err error) {
	if limit <= 0 {
		limit = 200
	}
	offset = max(offset, 0)
	want := max(countTo, offset+limit) + 1 // count this far
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		sources, err := s.sourceRows(ctx, tx)
		if err != nil {
			return err
		}
		if len(q.Or) > 0 {
			hs, total, err = s.searchOr(ctx, tx, &q, sources, limit, offset, want)
			return err
		}
		p, err := s.compile(ctx, tx, &q, q.SortRelevance, sources)
		if err != nil || p.empty {
			return err
		}
		if len(p.checks) > 0 {
			var pageDone, countDone bool
			hs, total, pageDone, countDone, err = s.scan(ctx, tx, p, sources, limit, offset, want)
			if err != nil || countDone {
				return err
			}
			// Too few matches among the newest candidates: let FTS5 do
			// the rest.
			if p, err = s.compile(ctx, tx, &q, true, sources); err != nil || p.empty {
				return err
			}
			if pageDone {
				return s.count(ctx, tx, p, want, &total)
			}
		}
		hs, total, err = s.page(ctx, tx, p, sources, limit, offset, want)
		return err
	})
	return hs, total, s.wrap(err)
}

// searchOr is search for a query with alternatives: one exact plan, or
// the union of the alternatives' (see compileAny).
func (s *Store) searchOr(ctx context.Context, tx *sql.Tx, q *query.Query, sources map[int64]sourceRow, limit, offset, want int) ([]Headline, int, error) {
	p, alts, err := s.compileAny(ctx, tx, q, q.SortRelevance, sources)
	switch {
	case err != nil:
		return nil, 0, err
	case p == nil && slices.ContainsFunc(alts, func(a alt) bool { return len(a.p.checks) > 0 }):
		return s.pageChecked(ctx, tx, alts, sources, limit, offset, want)
	case p == nil:
		return s.pageAlts(ctx, tx, plansOf(alts), q.SortRelevance, sources, limit, offset, want)
	case p.empty:
		return nil, 0, nil
	}
	return s.page(ctx, tx, p, sources, limit, offset, want)
}

// CountMatches counts every item matching q (Search stops at CountLimit).
func (s *Store) CountMatches(ctx context.Context, q query.Query) (int, error) {
	var n int
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
			n, err = countAlts(ctx, tx, plansOf(alts))
			return err
		case p.empty:
			return nil
		}
		sq, args := p.sql("count(*)", "", false)
		return queryErr(tx.QueryRowContext(ctx, sq, args...).Scan(&n))
	})
	return n, s.wrap(err)
}

// count counts the matches of an exact plan, up to want.
func (s *Store) count(ctx context.Context, tx *sql.Tx, p *plan, want int, total *int) error {
	inner, args := p.sql("1", "", false)
	return queryErr(tx.QueryRowContext(ctx, "SELECT count(*) FROM ("+inner+" LIMIT ?)", append(args, want)...).Scan(total))
}

// page runs an exact plan: the page by SQL, the count capped at want.
func (s *Store) page(ctx context.Context, tx *sql.Tx, p *plan, sources map[int64]sourceRow, limit, offset, want int) ([]Headline, int, error) {
	var total int
	var sq string
	var args []any
	if p.rank && p.match() != "" {
		// Rank the newest RelevanceWindow matches by bm25.
		p.rank, p.smallSet = false, false
		inner, iargs := p.sql("i.n AS n, "+bm25Cols+" AS score", "", true)
		cq := "SELECT count(*) FROM (" + inner + " LIMIT ?)"
		if err := tx.QueryRowContext(ctx, cq, append(iargs, min(want, RelevanceWindow))...).Scan(&total); err != nil {
			return nil, 0, queryErr(err)
		}
		sq = "SELECT " + headlineCols + " FROM (" + inner + " LIMIT ?) AS m JOIN items i ON i.n = m.n ORDER BY m.score, i.n DESC LIMIT ? OFFSET ?"
		args = append(iargs, RelevanceWindow, limit, offset)
	} else {
		if err := s.count(ctx, tx, p, want, &total); err != nil {
			return nil, 0, err
		}
		sq, args = p.sql(headlineCols, "", true)
		sq += " LIMIT ? OFFSET ?"
		args = append(args, limit, offset)
	}
	if offset >= total {
		return nil, total, nil
	}
	rows, err := tx.QueryContext(ctx, sq, args...)
	if err != nil {
		return nil, 0, queryErr(err)
	}
	defer rows.Close()
	hs := make([]Headline, 0, min(limit, total-offset))
	for rows.Next() {
		h, err := scanHeadline(rows, sources)
		if err != nil {
			return nil, 0, err
		}
		hs = append(hs, h)
	}
	return hs, total, queryErr(rows.Err())
}

// scan runs a plan with checks: it reads candidates newest first and
// tests them itself, then reads the headlines of the page. It gives up
// (pageDone false) when the matches are too sparse for scanBudget
// candidates to fill the page; countDone is false when they fill the page
// but not the count.
func (s *Store) scan(ctx context.Context, tx *sql.Tx, p *plan, sources map[int64]sourceRow, limit, offset, want int) (hs []Headline, total int, pageDone, countDone bool, err error) {
	var page []any
	k := 0
	total, ended, err := s.scanMatches(ctx, tx, p, sources, want, func(n int64) {
		if k >= offset && k < offset+limit {
			page = append(page, n)
		}
		k++
	})
	if err != nil {
		return nil, 0, false, false, err
	}
	pageDone = ended || total >= offset+limit
	countDone = ended
	if !pageDone || len(page) == 0 {
		return nil, total, pageDone, countDone, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+headlineCols+` FROM items i WHERE i.n IN (?`+
		strings.Repeat(",?", len(page)-1)+`) ORDER BY i.n DESC`, page...)
	if err != nil {
		return nil, 0, false, false, err
	}
	defer rows.Close()
	hs = make([]Headline, 0, len(page))
	for rows.Next() {
		h, err := scanHeadline(rows, sources)
		if err != nil {
			return nil, 0, false, false, err
		}
		hs = append(hs, h)
	}
	return hs, total, true, countDone, rows.Err()
}

// scanMatches reads the candidates of a plan with checks newest first,
// tests them, and calls match with the key of each that passes, until it
// has found want or the candidates end (ended true), or it gives up
// (ended false): out of budget, or (an eighth of the way) the rate of
// matches so far says it will be before it finds want.
func (s *Store) scanMatches(ctx context.Context, tx *sql.Tx, p *plan, sources map[int64]sourceRow, want int, match func(n int64)) (found int, ended bool, err error) {
	sq, args := p.sql(checkCols, checkJoin, true)
	rows, err := tx.QueryContext(ctx, sq, args...)
	if err != nil {
		return 0, false, queryErr(err)
	}
	defer rows.Close()
	var d candidate
	scanned := 0
	for rows.Next() {
		scanned++
		if scanned > s.budget || scanned == s.budget/8 && found*(s.budget-scanned) < scanned*(want-found) {
			return found, false, nil
		}
		var n, src int64
		d.reset()
		if err := rows.Scan(&n, &d.title, &d.summary, &d.content, &d.atext, &d.names, &src, &d.regns); err != nil {
			return 0, false, err
		}
		d.sourceName = sources[src].name
		if !d.matches(p.checks) {
			continue
		}
		match(n)
		if found++; found >= want {
			return found, true, nil
		}
	}
	return found, true, queryErr(rows.Err())
}

// candidate is the searchable text of one candidate, for checks, read
// without copying (sql.RawBytes, valid until the next row). Columns are
// looked at lazily: most checks are settled by the title or the summary.
type candidate struct {
	sourceName                                   string
	title, summary, content, atext, names, regns sql.RawBytes

	have  colMask // columns whose text is in text
	text  [nCols][]byte
	lower [nCols][]byte // ASCII-lowered text (reused buffers)
	isLow colMask       // lower holds the column
	toks  [nCols][]string
	tokOK colMask
}

func (d *candidate) reset() { d.have, d.isLow, d.tokOK = 0, 0, 0 }

// listCols are the columns that hold a list (names, tags), separated by
// U+001F: no phrase runs across two of them.
const listCols colMask = 1<<cPerson | 1<<cPlace | 1<<cOrg | 1<<cRegion

// colText is the text of column c as the index holds it.
func (d *candidate) colText(c int) []byte {
	if d.have&(1<<c) != 0 {
		return d.text[c]
	}
	d.have |= 1 << c
	var t []byte
	switch c {
	case cTitle:
		t = d.title
	case cSummary:
		t = d.summary
	case cBody:
		if d.atext != nil {
			t = d.atext
		} else {
			t = d.content
		}
	case cPerson, cPlace, cOrg:
		parts := bytes.SplitN(d.names, []byte("\x1e"), 3)
		if len(parts) > c-cPerson {
			t = parts[c-cPerson]
		}
	case cSource:
		t = []byte(d.sourceName)
	case cRegion:
		t = d.regns
	}
	d.text[c] = t
	return t
}

// has reports whether column c holds the tokens alt (the last a prefix if
// prefix is set).
func (d *candidate) has(c int, alt []string, prefix bool) bool {
	t := d.colText(c)
	if len(t) == 0 {
		return false
	}
	if d.isLow&(1<<c) == 0 && isASCIIBytes(t) {
		d.lower[c] = appendLowerASCII(d.lower[c][:0], t)
		d.isLow |= 1 << c
	}
	if d.isLow&(1<<c) != 0 {
		if len(alt) == 1 {
			return hasToken(d.lower[c], alt[0], prefix)
		}
		// A phrase: its first word must be a word of the text, which
		// costs far less to find than tokenizing the text.
		if !hasToken(d.lower[c], alt[0], false) {
			return false
		}
	}
	if d.tokOK&(1<<c) == 0 {
		d.tokOK |= 1 << c
		d.toks[c] = d.toks[c][:0]
		if listCols&(1<<c) != 0 {
			// "" between names: no phrase runs across two of them.
			for _, part := range strings.Split(string(t), sep) {
				d.toks[c] = append(tokens(part, d.toks[c]), "")
			}
		} else {
			d.toks[c] = tokens(string(t), d.toks[c])
		}
	}
	return hasPhrase(d.toks[c], alt, prefix)
}

func (d *candidate) matches(checks []check) bool {
	for _, c := range checks {
		found := false
	cols:
		for col := range nCols {
			if c.mask&(1<<col) == 0 {
				continue
			}
			for _, alt := range c.alts {
				if d.has(col, alt, c.prefix) {
					found = true
					break cols
				}
			}
		}
		if found == c.neg {
			return false
		}
	}
	return true
}

// queryErr marks an SQLite error in running a search as ErrQuery.
func queryErr(err error) error {
	if err == nil || code(err) != 1 { // SQLITE_ERROR: e.g. an FTS5 syntax error
		return err
	}
	return fmt.Errorf("%w: %v", ErrQuery, err)
}

// scanHeadline reads headlineCols.
func scanHeadline(rows *sql.Rows, sources map[int64]sourceRow) (Headline, error) {
	var h Headline
	var n, fetched, src int64
	var pub sql.NullInt64
	var off int
	var zone, regions string
	if err := rows.Scan(&n, &h.ID, &h.Title, &h.Link, &h.Author, &h.Section, &pub, &off, &zone, &fetched,
		&h.Read, &h.Starred, &h.Saved, &h.HasArticle, &regions, &src); err != nil {
		return h, err
	}
	h.Published = fromNS(pub, off, zone)
	h.FetchedAt = time.Unix(0, fetched)
	h.Regions = splitList(regions)
	sr := sources[src]
	h.SourceName, h.SourceURL = sr.name, sr.url
	return h, nil
}

// fromNS is a stored publication time in its zone: the zone's name and
// offset as stored (see zoneOf; a row from schema version 1 has no name).
func fromNS(ns sql.NullInt64, off int, zone string) time.Time {
	if !ns.Valid {
		return time.Time{}
	}
	if t, ok := unclamp(zone); ok {
		return t
	}
	t := time.Unix(0, ns.Int64)
	if off == 0 && zone == "" {
		return t.UTC()
	}
	return t.In(time.FixedZone(zone, off))
}

type sourceRow struct{ name, url string }

func (s *Store) sourceRows(ctx context.Context, tx *sql.Tx) (map[int64]sourceRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name, url FROM sources`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[int64]sourceRow{}
	for rows.Next() {
		var id int64
		var r sourceRow
		if err := rows.Scan(&id, &r.name, &r.url); err != nil {
			return nil, err
		}
		m[id] = r
	}
	return m, rows.Err()
}

// readTx runs fn in one read transaction, so a page and its count see the
// same snapshot of the library.
func (s *Store) readTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }() // read-only: nothing to undo
	return fn(tx)
}

// sourceMatches reports whether source: value names a source, the way
// other fields match: the value's words appear in order among the words
// of the source's name or the labels of its host, the last word a prefix
// ("source:world" finds "China Daily · World", "source:chinadaily" every
// chinadaily.com.cn source). A value with a dot or a slash is a URL or a
// host: it matches a source whose URL starts with it (the last part typed
// may be cut short, "chinadaily.com"), or whose host ends with it
// (scheme and "www." ignored on both sides). The path
// of a URL is not words of the source: a section page at /world/asia_pacific
// is not the World feed.
func sourceMatches(name, rawURL, value string) bool {
	value = strings.TrimSpace(value)
	if value == "" {
		return true
	}
	host, rest := splitSourceURL(rawURL)
	if strings.ContainsAny(value, "./") {
		vhost, vrest := splitSourceURL(value)
		if vrest == "" && strings.HasSuffix(host, "."+vhost) {
			return true // a subdomain
		}
		return strings.HasPrefix(host+rest, vhost+vrest)
	}
	want := tokens(value, nil)
	if len(want) == 0 {
		return false
	}
	return hasPhrase(tokens(name, nil), want, true) || hasPhrase(tokens(strings.ReplaceAll(host, ".", " "), nil), want, true)
}

// splitSourceURL lower-cases a URL or host and splits it into its host
// (without "www.") and the rest, dropping the scheme.
func splitSourceURL(u string) (host, rest string) {
	u = strings.ToLower(strings.TrimSpace(u))
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	host, rest = u, ""
	if i := strings.IndexByte(u, '/'); i >= 0 {
		host, rest = u[:i], u[i:]
	}
	return strings.TrimPrefix(host, "www."), rest
}
