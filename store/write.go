package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"hash/maphash"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/store/internal/sqliteraw"
)

// slotBits is the number of low bits of items.n that tell apart items
// published in the same second.
const slotBits = 20

// maxIndexed caps the text of one FTS column, so a hostile feed cannot
// make one item cost seconds to index.
const maxIndexed = 256 << 10

// sep joins list values (region tags, categories) in one column.
const sep = "\x1f"

// entitySep separates entity names and region tags in their FTS columns:
// a private-use character, a token of its own to the index, so a phrase
// never matches across two names; search input never contains one.
const entitySep = " \ue000 "

// sourceToken is the token of a source in the FTS source column: source:
// matches it, so the filter is part of the FTS query (and answered newest
// first without reading items that do not match).
func sourceToken(id int64) string { return "\ue000s" + strconv.FormatInt(id, 10) }

// maxFeedBody caps how much of a feed body FeedText reads.
const maxFeedBody = 16 << 10

// FeedText is the text entities are extracted from for an item without an
// article: its title and summary, then the feed's body when it has one
// (capped at maxFeedBody), so an item's places — and so its region tags —
// come from everything the feed gave. Spans stored for such items have
// offsets into this string.
func FeedText(it *feeds.Item) string {
	t := it.Title + "\n\n" + it.Summary
	body := strings.TrimSpace(it.Content)
	if body == "" || body == strings.TrimSpace(it.Summary) {
		return t
	}
	if len(body) > maxFeedBody {
		body = strings.ToValidUTF8(body[:maxFeedBody], "")
	}
	return t + "\n\n" + body
}

// sortTime is the time an item sorts by: its publication time, or when
// it was first fetched if it has none or claims to be from the future.
func sortTime(pub, fetched time.Time) time.Time {
	if pub.IsZero() || (!fetched.IsZero() && pub.After(fetched.Add(48*time.Hour))) {
		return fetched
	}
	return pub
}

// keyOf is the smallest items.n for time t.
func keyOf(t time.Time) int64 {
	sec := t.Unix()
	const lim = 1 << (62 - slotBits)
	sec = max(min(sec, lim), -lim)
	return sec << slotBits
}

// idHash is items.idh.
func idHash(id string) int64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return int64(h.Sum64())
}

// byID selects an item by id; its arguments are idArgs(id).
const byID = "idh = ? AND id = ?"

func idArgs(id string) []any { return []any{idHash(id), id} }

func slotOf(id string) int64 {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int64(h.Sum32() & (1<<slotBits - 1))
}

func itemHash(it *feeds.Item) int64 {
	h := fnv.New64a()
	w := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	w(it.Title)
	w(it.Link)
	w(it.GUID)
	w(it.Author)
	if it.PublishedFrom != "fetched" && !it.Published.IsZero() {
		// A time that only says when it was fetched changes every refresh
		// and is not part of the item.
		w(it.Published.UTC().Format(time.RFC3339Nano))
	}
	w(it.PublishedFrom)
	w(it.Summary)
	w(it.ContentHTML)
	w(it.Content)
	w(it.ImageURL)
	w(it.Section)
	w(strings.Join(it.Categories, sep))
	return int64(h.Sum64())
}

// fixID gives an item without an ID a stable one.
func fixID(it *feeds.Item) {
	if it.ID != "" {
		return
	}
	switch {
	case it.Link != "":
		it.ID = it.Link
	case it.GUID != "":
		it.ID = it.SourceURL + "#" + it.GUID
	default:
		h := fnv.New64a()
		h.Write([]byte(it.SourceURL + "\x00" + it.Title + "\x00" + it.Summary))
		it.ID = fmt.Sprintf("%s#%016x", it.SourceURL, h.Sum64())
	}
}

// contentCol is items.content: NULL when it repeats the summary.
func contentCol(it *feeds.Item) any {
	if it.Content == it.Summary {
		return nil
	}
	return it.Content
}

func nsOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return storedNS(t)
}

func offsetOf(t time.Time) int {
	_, off := t.Zone()
	return off
}

// zoneOf is items.pub_zone: the name of t's zone ("CST"), or "" when it
// has none worth keeping (UTC reads back as UTC from its offset).
func zoneOf(t time.Time) string {
	if outOfRange(t) {
		return clampedZone(t)
	}
	name, off := t.Zone()
	if off == 0 && name == "UTC" {
		return ""
	}
	return name
}

func clip(s string) string {
	if len(s) <= maxIndexed {
		return s
	}
	s = s[:maxIndexed]
	for len(s) > 0 && s[len(s)-1]&0xc0 == 0x80 { // do not split a rune
		s = s[:len(s)-1]
	}
	return s
}

// spanJSON is how a span is kept (items.spans, articles.spans).
type spanJSON struct {
	B int    `json:"b,omitempty"` // block index (articles)
	S int    `json:"s"`
	E int    `json:"e"`
	L string `json:"l"`
	T string `json:"t"`
	C string `json:"c,omitempty"` // canonical name when it differs from T
}

func encodeSpans(block int, spans []entity.Span, out []spanJSON) []spanJSON {
	for _, sp := range spans {
		c := sp.Canonical
		if c == sp.Text {
			c = ""
		}
		out = append(out, spanJSON{B: block, S: sp.Start, E: sp.End, L: string(sp.Label), T: sp.Text, C: c})
	}
	return out
}

// appendSpansJSON appends the JSON of encodeSpans(block, spans) to b, as
// json.Marshal writes it, without its reflection (storing a large refresh
// encodes hundreds of thousands of spans).
func appendSpansJSON(b []byte, block int, spans []entity.Span) []byte {
	b = append(b, '[')
	for i, sp := range spans {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		if block != 0 {
			b = append(b, `"b":`...)
			b = strconv.AppendInt(b, int64(block), 10)
			b = append(b, ',')
		}
		b = append(b, `"s":`...)
		b = strconv.AppendInt(b, int64(sp.Start), 10)
		b = append(b, `,"e":`...)
		b = strconv.AppendInt(b, int64(sp.End), 10)
		b = append(b, `,"l":`...)
		b = appendJSONString(b, string(sp.Label))
		b = append(b, `,"t":`...)
		b = appendJSONString(b, sp.Text)
		if sp.Canonical != sp.Text && sp.Canonical != "" {
			b = append(b, `,"c":`...)
			b = appendJSONString(b, sp.Canonical)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string, as json.Marshal does (it
// falls back to json.Marshal for anything but plain text).
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		lineSep := c == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2]&^1 == 0xa8 // U+2028, U+2029
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || lineSep || c >= 0x80 && !utf8.ValidString(s) {
			j, _ := json.Marshal(s)
			return append(b, j...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func (j spanJSON) span() entity.Span {
	c := j.C
	if c == "" {
		c = j.T
	}
	return entity.Span{Start: j.S, End: j.E, Label: entity.Label(j.L), Text: j.T, Canonical: c}
}

func decodeSpans(s string) ([]spanJSON, error) {
	if s == "" {
		return nil, nil
	}
	var js []spanJSON
	err := json.Unmarshal([]byte(s), &js)
	return js, err
}

// entityNames returns the distinct canonical names of each label: the
// FTS person, place and org columns.
func entityNames(spans []entity.Span) (person, place, org []string) {
	seen := map[string]bool{}
	for _, sp := range spans {
		name := sp.Canonical
		if name == "" {
			name = sp.Text
		}
		key := string(sp.Label) + "\x00" + name
		if name == "" || seen[key] {
			continue
		}
		seen[key] = true
		switch sp.Label {
		case entity.Person:
			person = append(person, name)
		case entity.Place:
			place = append(place, name)
		case entity.Org:
			org = append(org, name)
		}
	}
	return
}

// namesCol is the names column of items and articles: the distinct
// canonical names of the entities, persons, places and organisations
// separated by U+001E, names by U+001F. Search's own checks read it
// instead of decoding the spans.
func namesCol(spans []entity.Span) any {
	if len(spans) == 0 {
		return nil
	}
	return namesColOf(entityNames(spans))
}

// namesColOf is namesCol of names entityNames returned (splitNames
// reads it back).
func namesColOf(p, l, o []string) string {
	return strings.Join(p, "\x1f") + "\x1e" + strings.Join(l, "\x1f") + "\x1e" + strings.Join(o, "\x1f")
}

// ftsRow is one row of the FTS index.
type ftsRow struct {
	title, summary, body, person, place, org, source, region string
}

// newFTSRow builds the FTS row of an item from its parts.
func newFTSRow(title, summary, body string, spans []entity.Span, sourceName string, sourceID int64, regions []string) ftsRow {
	p, l, o := entityNames(spans)
	return newFTSRowOf(title, summary, body, p, l, o, sourceName, sourceID, regions)
}

// newFTSRowOf is newFTSRow with the names entityNames returned.
func newFTSRowOf(title, summary, body string, p, l, o []string, sourceName string, sourceID int64, regions []string) ftsRow {
	list := func(names []string) string {
		var b, nb []byte
		for _, n := range names {
			if nb = appendNorm(nb[:0], n); len(nb) == 0 {
				continue // a name with no token
			}
			if len(b) > 0 {
				b = append(b, entitySep...)
			}
			b = append(b, nb...)
		}
		return string(b)
	}
	return ftsRow{
		title: normText(clip(title)), summary: normText(clip(summary)), body: normText(clip(body)),
		person: list(p), place: list(l), org: list(o),
		source: normText(sourceName) + " " + sourceToken(sourceID),
		region: list(regions),
	}
}

// vocab collects the distinct terms of the rows of one write (or of one
// indexer batch, made before its transaction); take returns those the
// vocabulary does not have yet.
type vocab struct {
	known *knownTerms
	seed  maphash.Seed
	seen  map[uint64]struct{} // hashes of the terms seen in this write
	buf   []byte
	terms []string // seen, not yet taken
}

func newVocab(k *knownTerms) *vocab {
	return &vocab{known: k, seed: maphash.MakeSeed(), seen: make(map[uint64]struct{}, 4096)}
}

// addText adds the terms of s, each prefixed with tag.
func (v *vocab) addText(tag, s string) {
	v.addNorm(tag, normText(s))
}

// addNorm adds the terms of a normalized text (a column of an ftsRow).
func (v *vocab) addNorm(tag, s string) {
	for len(s) > 0 {
		t, rest, _ := strings.Cut(s, " ")
		s = rest
		if t == "" || t[0] == entitySep[1] || len(t) > 64 {
			continue // a private token; or too long for anyone to type
		}
		v.buf = append(append(v.buf[:0], tag...), t...)
		// Seen terms are kept by a 64-bit hash: a lookup per token costs
		// a third of a string key's. (Two terms of one write with the same
		// hash, about one write in 10^9, would leave one out of the
		// vocabulary: prefix expansion, not search, would miss it.)
		h := maphash.Bytes(v.seed, v.buf)
		if _, ok := v.seen[h]; ok {
			continue
		}
		v.seen[h] = struct{}{}
		v.terms = append(v.terms, string(v.buf))
	}
}

// addRow adds the terms of an index row. The names and tags go in twice:
// as words, and under their column's tag, so that place:to expands among
// place names rather than among all words.
func (v *vocab) addRow(r *ftsRow) {
	for _, s := range [...]string{r.title, r.summary, r.body, r.person, r.place, r.org, r.region} {
		v.addNorm("", s)
	}
	for i, s := range [...]string{r.person, r.place, r.org, r.region} {
		v.addNorm(vocabTags[i], s)
	}
}

// take returns the terms collected since the last take that this Store
// has not written yet, and counts them as written: call it inside the
// write transaction that adds them (its rollback forgets every term, see
// knownTerms.reset).
func (v *vocab) take() []string {
	fresh := v.known.addNew(v.terms)
	v.terms = nil
	return fresh
}

// vocabTags mark the vocabulary of the person, place, org and region
// columns (a control character sorts before every word).
var vocabTags = [...]string{"\x01p", "\x01l", "\x01o", "\x01r"}

const insertFTS = `INSERT INTO fts(rowid, title, summary, body, person, place, org, source, region)
	VALUES(?,?,?,?,?,?,?,?,?)`

func (r *ftsRow) args(n int64) []any {
	return []any{n, r.title, r.summary, r.body, r.person, r.place, r.org, r.source, r.region}
}

// prepared is one item ready to be written.
type prepared struct {
	it        feeds.Item
	hash      int64
	spans     []entity.Span
	spansJSON any // []byte, or nil when no spans
	names     any // namesCol
	regions   []string
	ap        bool // in the Asia-Pacific view (inAsiaPacific)
	// set by the lookup
	n        int64
	oldHash  int64
	takeOver bool // the stored row moves to this source (see outranks)
}

// derive extracts an item's entities and region tags, and so whether it
// is in the Asia-Pacific view: what the list shows as soon as the item is
// stored. Its index row is the indexer's (index.go).
func (s *Store) derive(p *prepared) {
	it := &p.it
	p.spans = s.entities(FeedText(it))
	p.regions = s.regions(p.spans)
	p.ap = inAsiaPacific(it.Section, it.Categories, "", p.regions)
	p.spansJSON, p.names = nil, nil
	if len(p.spans) > 0 {
		p.spansJSON = appendSpansJSON(nil, 0, p.spans)
		p.names = namesCol(p.spans)
	}
}

// entities calls Options.Entities, surviving a panic in it: a bug in the
// extractor must not stop the library from storing news.
func (s *Store) entities(text string) (out []entity.Span) {
	if s.o.Entities == nil || text == "" {
		return nil
	}
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	spans := s.o.Entities(text)
	// Keep only spans that lie inside the text.
	for _, sp := range spans {
		if sp.Start >= 0 && sp.Start <= sp.End && sp.End <= len(text) {
			out = append(out, sp)
		}
	}
	return out
}

func (s *Store) regions(spans []entity.Span) (out []string) {
	if s.o.Regions == nil || len(spans) == 0 {
		return nil
	}
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	seen := map[string]bool{}
	for _, r := range s.o.Regions(spans) {
		r = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(r, sep, " "), "\ue000", " "))
		if r != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// writeTx runs fn in one write transaction (BEGIN IMMEDIATE). It is a
// caller's write: the indexer lets it pass (see foreground).
func (s *Store) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.w == nil {
		return s.errf("%w", ErrReadOnly)
	}
	defer s.foreground()()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.sqlTx(ctx, s.w, fn)
}

// sqlTx runs fn in a write transaction on db, under s.wmu. A failed or
// panicking fn rolls back, so the connection is never left inside a
// transaction.
func (s *Store) sqlTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap(err)
	}
	done := false
	defer func() {
		if !done {
			tx.Rollback()
			s.known.reset() // terms it added are gone with the transaction
		}
	}()
	if err := fn(tx); err != nil {
		return s.wrap(err)
	}
	if err := tx.Commit(); err != nil {
		return s.wrap(err)
	}
	done = true
	s.ckpt.kick()
	return nil
}

// bulkTx runs fn in a write transaction on the raw connection (see
// package sqliteraw), or on database/sql's when there is none.
func (s *Store) bulkTx(ctx context.Context, fn func(tx wtx) error) error {
	defer s.foreground()()
	s.wmu.Lock()
	c := s.raw
	if c == nil { // read-only, or closed
		s.wmu.Unlock()
		return s.writeTx(ctx, func(tx *sql.Tx) error { return fn(newSQLTx(tx)) })
	}
	defer s.wmu.Unlock()
	return s.rawTx(ctx, c, fn)
}

// rawTx runs fn in a write transaction on c, under s.wmu. A failed or
// panicking fn rolls back, so the connection is never left inside a
// transaction.
func (s *Store) rawTx(ctx context.Context, c *sqliteraw.Conn, fn func(tx wtx) error) error {
	if _, err := c.Exec(ctx, `BEGIN IMMEDIATE`); err != nil {
		return s.wrap(err)
	}
	done := false
	defer func() {
		if !done {
			// Also after a failed COMMIT, which may leave the transaction
			// open (SQLITE_BUSY): the connection must be usable again.
			c.Exec(context.Background(), `ROLLBACK`)
			s.known.reset() // terms it added are gone with the transaction
		}
	}()
	if err := fn(rawTx{c}); err != nil {
		return s.wrap(err)
	}
	if _, err := c.Exec(context.Background(), `COMMIT`); err != nil {
		return s.wrap(err)
	}
	done = true
	s.ckpt.kick()
	return nil
}

// PutResult stores one source's fetch result: the source's state
// (validators, status, error) and its items. New items are added with
// their entities and region tags; items already stored are rewritten only
// when they changed, so a refresh that brings nothing new writes one small
// source row. It returns the number of new items.
func (s *Store) PutResult(ctx context.Context, r feeds.Result) (added int, err error) {
	if r.Source.URL == "" {
		return 0, s.errf("PutResult: the source has no URL")
	}
	fetched := r.FetchedAt
	if fetched.IsZero() {
		fetched = s.o.Now()
	}
	var ps []*prepared
	if r.Err == nil && !r.NotModified {
		ps = s.prepare(r.Source, r.Items)
	}
	err = s.bulkTx(ctx, func(tx wtx) error {
		src, err := s.upsertSource(ctx, tx, r.Source, &r, fetched)
		if err != nil {
			return err
		}
		if added, err = s.putPrepared(ctx, tx, src, r.Source, ps, fetched); err != nil {
			return err
		}
		if r.Err == nil && !r.NotModified {
			return putList(ctx, tx, src, ps)
		}
		return nil
	})
	if added > 0 {
		// The indexer reads them ahead while other writes keep the lock.
		s.ix.wake()
	}
	return added, err
}

// putList records the items of a source's fetch, in feed order (see
// schemaV2); an unchanged list is not rewritten.
func putList(ctx context.Context, tx wtx, src int64, ps []*prepared) error {
	b := make([]byte, 0, 1+21*len(ps))
	b = append(b, '[')
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, idHash(p.it.ID), 10)
	}
	list := string(append(b, ']'))
	var old string
	err := tx.queryRow(ctx, `SELECT ids FROM source_lists WHERE source = ?`, []any{src}, &old)
	switch {
	case err == nil && old == list:
		return nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return err
	}
	_, err = tx.exec(ctx, `INSERT OR REPLACE INTO source_lists(source, ids) VALUES(?, ?)`, src, list)
	return err
}

// PutItems stores items of one source in one transaction (bulk import);
// it records no fetch. It returns the number of new items.
func (s *Store) PutItems(ctx context.Context, src feeds.Source, items []feeds.Item) (int, error) {
	if src.URL == "" {
		return 0, s.errf("PutItems: the source has no URL")
	}
	now := s.o.Now()
	ps := s.prepare(src, items)
	var added int
	err := s.bulkTx(ctx, func(tx wtx) error {
		id, err := s.upsertSource(ctx, tx, src, nil, now)
		if err != nil {
			return err
		}
		added, err = s.putPrepared(ctx, tx, id, src, ps, now)
		return err
	})
	if added > 0 {
		s.ix.wake() // (as PutResult)
	}
	return added, err
}

func (s *Store) prepare(src feeds.Source, items []feeds.Item) []*prepared {
	ps := make([]*prepared, 0, len(items))
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		it.SourceURL = src.URL
		if it.SourceName == "" {
			it.SourceName = src.Name
		}
		fixID(&it)
		if seen[it.ID] { // a feed listing an item twice: keep the first
			continue
		}
		seen[it.ID] = true
		ps = append(ps, &prepared{it: it, hash: itemHash(&it)})
	}
	return ps
}

// upsertSource writes the source row and returns its id. res is nil for a
// bulk import (no fetch to record).
func (s *Store) upsertSource(ctx context.Context, tx wtx, src feeds.Source, res *feeds.Result, fetched time.Time) (int64, error) {
	var id int64
	var oldName string
	err := tx.queryRow(ctx, `SELECT id, name FROM sources WHERE url = ?`, []any{src.URL}, &id, &oldName)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		name := src.Name
		if name == "" {
			name = feeds.URLName(src.URL)
		}
		if id, err = tx.insert(ctx, `INSERT INTO sources(url, name) VALUES(?, ?)`, src.URL, name); err != nil {
			return 0, err
		}
	case err != nil:
		return 0, err
	case src.Name != "" && src.Name != oldName:
		if _, err := tx.exec(ctx, `UPDATE sources SET name = ? WHERE id = ?`, src.Name, id); err != nil {
			return 0, err
		}
		// The source name is searchable: re-index its indexed items
		// (the indexer will index the others with the new name).
		if err := s.reindexWhere(ctx, tx, `i.source = ? AND `+indexedCond, id); err != nil {
			return 0, err
		}
		if err := markEdited(ctx, tx); err != nil {
			return 0, err
		}
	}
	if res == nil {
		return id, nil
	}
	at := fetched.UnixNano()
	if res.Err != nil {
		return id, s.recordFailure(ctx, tx, id, res, fetched)
	}
	// A 304 may omit the validators: keep the old ones then.
	keep := res.NotModified && res.Validators == (feeds.Conditional{})
	_, err = tx.exec(ctx, `UPDATE sources SET last_fetch = ?1, last_ok = ?1, last_status = ?2, last_error = '',
		failures = 0, retry_at = NULL, server_retry_at = NULL,
		etag = CASE WHEN ?3 THEN etag ELSE ?4 END,
		last_modified = CASE WHEN ?3 THEN last_modified ELSE ?5 END,
		feed_url = CASE WHEN ?6 != '' THEN ?6 ELSE feed_url END
		WHERE id = ?7`,
		at, res.Status, keep, res.Validators.ETag, res.Validators.LastModified, res.FeedURL, id)
	return id, err
}

// lookupChunk is how many ids one lookup statement asks for.
const lookupChunk = 200

type stored struct{ n, hash, source int64 }

// lookup finds which of ps are stored already, and as what.
func lookup(ctx context.Context, q wtx, ps []*prepared) (map[string]stored, error) {
	found := make(map[string]stored, len(ps))
	args := make([]any, 0, lookupChunk)
	for i := 0; i < len(ps); i += lookupChunk {
		chunk := ps[i:min(i+lookupChunk, len(ps))]
		args = args[:0]
		for _, p := range chunk {
			args = append(args, idHash(p.it.ID))
		}
		err := q.query(ctx, `SELECT id, n, hash, source FROM items WHERE idh IN (?`+strings.Repeat(",?", len(chunk)-1)+`)`, args,
			func(scan func(...any) error) error {
				var id string
				var o stored
				if err := scan(&id, &o.n, &o.hash, &o.source); err != nil {
					return err
				}
				found[id] = o
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	return found, nil
}

// putPrepared writes the items of one source inside tx.
func (s *Store) putPrepared(ctx context.Context, tx wtx, srcID int64, src feeds.Source, ps []*prepared, fetched time.Time) (int, error) {
	if len(ps) == 0 {
		return 0, nil
	}
	found, err := lookup(ctx, tx, ps)
	if err != nil {
		return 0, err
	}
	var fresh, changed []*prepared
	var ranks map[int64]int // sources.id -> rank, read when first needed
	for _, p := range ps {
		o, ok := found[p.it.ID]
		switch {
		case !ok:
			fresh = append(fresh, p)
		case o.source != srcID && s.outranks(ctx, tx, &ranks, src.URL, o.source):
			// This source comes before the row's in the user's list: the
			// item becomes this source's, as the live merge lists it.
			p.n, p.oldHash, p.takeOver = o.n, o.hash, true
			changed = append(changed, p)
		case o.hash != p.hash:
			p.n, p.oldHash = o.n, o.hash
			changed = append(changed, p)
		}
	}
	if len(fresh) > 0 {
		if err := s.insertItems(ctx, tx, srcID, fresh, fetched); err != nil {
			return 0, err
		}
	}
	for _, p := range changed {
		if err := s.updateItem(ctx, tx, p, srcID, src.Name); err != nil {
			return 0, err
		}
	}
	return len(fresh), nil
}

// outranks reports whether the source at url comes before source id in
// Options.SourceRank's order (a source it does not rank comes last).
// ranks caches the stored sources' ranks for one write.
func (s *Store) outranks(ctx context.Context, tx wtx, ranks *map[int64]int, url string, id int64) bool {
	if s.o.SourceRank == nil {
		return false
	}
	mine, ok := s.o.SourceRank(url)
	if !ok {
		return false
	}
	if *ranks == nil {
		*ranks = map[int64]int{}
		err := tx.query(ctx, `SELECT id, url FROM sources`, nil, func(scan func(...any) error) error {
			var sid int64
			var u string
			if err := scan(&sid, &u); err != nil {
				return err
			}
			if r, ok := s.o.SourceRank(u); ok {
				(*ranks)[sid] = r
			}
			return nil
		})
		if err != nil {
			return false // keep the row where it is
		}
	}
	theirs, ok := (*ranks)[id]
	return !ok || mine < theirs
}

const insertItem = `INSERT OR IGNORE INTO items
	(rid, n, idh, source, published, pub_off, pub_zone, fetched_at, hash, id, title, link, author, section, regions,
	 guid, published_from, image_url, categories, summary, spans, names, content, content_html, ap)
	VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`

// nextRID is the rid of the next new item: above every stored item and
// above the index's watermark. (SQLite's own choice, the highest rid plus
// one, would reuse the rid of a pruned newest item, below the mark: the
// indexer would never index the item stored under it.)
func nextRID(ctx context.Context, tx wtx) (int64, error) {
	var rid int64
	err := tx.queryRow(ctx, `SELECT max(coalesce((SELECT max(rid) FROM items), 0), (SELECT rid FROM fts_mark)) + 1`, nil, &rid)
	return rid, err
}

// insertItems stores new items with their entities, region tags and
// Asia-Pacific flag, without their index rows: the indexer writes those
// after the commit (index.go).
func (s *Store) insertItems(ctx context.Context, tx wtx, srcID int64, ps []*prepared, fetched time.Time) error {
	// Insert in ascending key order: the index on n fills in order, and
	// the indexer, which reads them by rid, finds them in key order too.
	for _, p := range ps {
		p.n = keyOf(sortTime(p.it.Published, fetched)) | slotOf(p.it.ID)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].n < ps[j].n })
	rid, err := nextRID(ctx, tx)
	if err != nil {
		return err
	}

	// Entities are found a chunk ahead of the inserts on another
	// goroutine, while SQLite works on this one.
	const chunk = 256
	nchunks := (len(ps) + chunk - 1) / chunk
	part := func(k int) []*prepared { return ps[k*chunk : min((k+1)*chunk, len(ps))] }
	ready := make(chan int, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(ready)
		for k := range nchunks {
			for _, p := range part(k) {
				s.derive(p)
			}
			select {
			case ready <- k:
			case <-stop:
				return
			}
		}
	}()
	for k := range ready {
		for _, p := range part(k) {
			it := &p.it
			base, slot := p.n&^(1<<slotBits-1), p.n&(1<<slotBits-1)
			for tries := int64(0); ; tries++ {
				if tries == 1<<slotBits {
					return errors.New("no free slot for an item (over a million items in one second)")
				}
				n := base | (slot+tries)&(1<<slotBits-1)
				k, err := tx.exec(ctx, insertItem, rid, n, idHash(it.ID), srcID, nsOrNil(it.Published), offsetOf(it.Published),
					zoneOf(it.Published), fetched.UnixNano(), p.hash, it.ID, it.Title, it.Link, it.Author, it.Section, strings.Join(p.regions, sep),
					it.GUID, it.PublishedFrom, it.ImageURL, strings.Join(it.Categories, sep), it.Summary, p.spansJSON,
					p.names, contentCol(it), it.ContentHTML, p.ap)
				if err != nil {
					return err
				}
				if k == 1 {
					p.n = n
					rid++
					break
				}
				// Taken by another item of the same second: next slot.
				// (Not by this very item: the lookup ran inside this
				// transaction.)
			}
		}
	}
	return nil
}

// addTerms adds new terms to the vocabulary.
func (s *Store) addTerms(ctx context.Context, tx wtx, terms []string) error {
	sort.Strings(terms) // b-tree order
	for _, t := range terms {
		if _, err := tx.exec(ctx, `INSERT OR IGNORE INTO terms(term) VALUES(?)`, t); err != nil {
			return err
		}
	}
	return nil
}

// knownTerms is the set of vocabulary terms this Store has written,
// bounded so a long-running process does not grow without end.
type knownTerms struct {
	mu sync.Mutex
	m  map[string]struct{}
}

const maxKnownTerms = 200_000

// addNew remembers terms and returns those that were new.
func (k *knownTerms) addNew(terms []string) []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	fresh := terms[:0]
	for _, t := range terms {
		if k.m == nil || len(k.m) > maxKnownTerms {
			k.m = make(map[string]struct{}, 1024)
		}
		if _, ok := k.m[t]; ok {
			continue
		}
		k.m[t] = struct{}{}
		fresh = append(fresh, t)
	}
	return fresh
}

func (k *knownTerms) reset() {
	k.mu.Lock()
	k.m = nil
	k.mu.Unlock()
}

// updateItem rewrites an item whose feed fields changed, merging field by
// field with the stored row inside the write transaction (see mergeStored):
// a second source's bare copy of an article (a section page's headline)
// never replaces the full text and author its own feed stored. Read,
// starred and saved state and a stored article are kept. When the merge
// changes nothing, nothing is written but the new hash.
func (s *Store) updateItem(ctx context.Context, tx wtx, p *prepared, srcID int64, srcName string) error {
	var old feeds.Item
	var oldSrc, fetchedNS int64
	var oldPub sql.NullInt64
	var off int
	var cats string
	var content sql.NullString
	var hasArticle, oldAP, indexed bool
	var zone, regions, artSection string
	if err := tx.queryRow(ctx, `SELECT source, published, pub_off, pub_zone, fetched_at, title, link, author, section, guid,
		published_from, image_url, categories, summary, content, content_html,
		EXISTS(SELECT 1 FROM articles a WHERE a.n = items.n), regions, ap,
		coalesce((SELECT a.section FROM articles a WHERE a.n = items.n), ''), rid <= (SELECT rid FROM fts_mark)
		FROM items WHERE n = ?`, []any{p.n}, &oldSrc, &oldPub, &off, &zone, &fetchedNS, &old.Title, &old.Link, &old.Author,
		&old.Section, &old.GUID, &old.PublishedFrom, &old.ImageURL, &cats, &old.Summary, &content, &old.ContentHTML,
		&hasArticle, &regions, &oldAP, &artSection, &indexed); err != nil {
		return err
	}
	old.ID = p.it.ID
	old.Published = fromNS(oldPub, off, zone)
	old.Categories = splitList(cats)
	old.Content = old.Summary
	if content.Valid {
		old.Content = content.String
	}

	// A row taken over from another source (p.takeOver) merges as a
	// second copy does, richer values kept, as feeds.Merge does; it then
	// keeps its new source's hash.
	m, hash := mergeStored(old, p.it, oldSrc == srcID), p.hash
	if oldSrc != srcID && !p.takeOver {
		// The row stays its first source's: keep that source's hash, so
		// its next refresh of an unchanged item writes nothing.
		hash = p.oldHash
	}
	it := &m
	pub := it.Published
	if it.PublishedFrom == "fetched" || pub.IsZero() {
		// Keep the first-seen time rather than moving the item to the top.
		pub = time.Time{}
		if oldPub.Valid {
			pub = old.Published
		}
		it.Published = pub
	}
	if p.takeOver {
		if _, err := tx.exec(ctx, `UPDATE items SET source = ? WHERE n = ?`, srcID, p.n); err != nil {
			return err
		}
	}
	if sameFeedFields(&m, &old) && !p.takeOver {
		if hash == p.oldHash {
			return nil
		}
		_, err := tx.exec(ctx, `UPDATE items SET hash = ? WHERE n = ?`, hash, p.n)
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE items SET hash = ?, title = ?, link = ?, author = ?, section = ?,
		published = ?, pub_off = ?, pub_zone = ?, guid = ?, published_from = ?, image_url = ?, categories = ?, summary = ?,
		content = ?, content_html = ? WHERE n = ?`,
		hash, it.Title, it.Link, it.Author, it.Section, nsOrNil(pub), offsetOf(pub), zoneOf(pub), it.GUID, it.PublishedFrom,
		it.ImageURL, strings.Join(it.Categories, sep), it.Summary, contentCol(it), it.ContentHTML, p.n); err != nil {
		return err
	}
	if !hasArticle && (it.Title != old.Title || it.Summary != old.Summary) {
		// The title or summary changed: their entities may have too.
		spans := s.entities(FeedText(it))
		var js any
		if len(spans) > 0 {
			b, _ := json.Marshal(encodeSpans(0, spans, nil))
			js = b
		}
		regions = strings.Join(s.regions(spans), sep)
		if _, err := tx.exec(ctx, `UPDATE items SET spans = ?, names = ?, regions = ? WHERE n = ?`,
			js, namesCol(spans), regions, p.n); err != nil {
			return err
		}
	}
	if ap := inAsiaPacific(it.Section, it.Categories, artSection, splitList(regions)); ap != oldAP {
		if _, err := tx.exec(ctx, `UPDATE items SET ap = ? WHERE n = ?`, ap, p.n); err != nil {
			return err
		}
	}
	n := p.n
	if want := keyOf(sortTime(pub, time.Unix(0, fetchedNS))); n>>slotBits != want>>slotBits {
		// The publication time moved: move the item to its new place.
		nn, err := s.rekey(ctx, tx, n, want|slotOf(it.ID))
		if err != nil {
			return err
		}
		if indexed {
			if _, err := tx.exec(ctx, `DELETE FROM fts WHERE rowid = ?`, n); err != nil {
				return err
			}
		}
		n = nn
	}
	if !indexed {
		return markEdited(ctx, tx) // the indexer will index it as it is stored now
	}
	return s.reindexWhere(ctx, tx, `i.n = ?`, n)
}

// rekey moves item n to the first free key from want on; its article
// follows through ON UPDATE CASCADE.
func (s *Store) rekey(ctx context.Context, tx wtx, n, want int64) (int64, error) {
	base := want &^ (1<<slotBits - 1)
	for tries := int64(0); tries < 1<<slotBits; tries++ {
		nn := base | (want+tries)&(1<<slotBits-1)
		k, err := tx.exec(ctx, `UPDATE OR IGNORE items SET n = ? WHERE n = ?`, nn, n)
		if err != nil {
			return 0, err
		}
		if k == 1 {
			return nn, nil
		}
	}
	return 0, errors.New("no free slot to move an item to")
}

// indexedCond selects the items (i) the index holds already: an update
// re-indexes those itself, and leaves the rest to the indexer, so that no
// item is indexed twice.
const indexedCond = `i.rid <= (SELECT rid FROM fts_mark)`

// markEdited records, in the write transaction that changes or deletes
// items above the index's watermark, that it did: a batch the indexer
// read before it is read again (see writeBatch).
func markEdited(ctx context.Context, tx wtx) error {
	_, err := tx.exec(ctx, `UPDATE fts_mark SET edits = edits + 1`)
	return err
}

// reindexWhere rewrites the FTS rows of the items matching cond (on
// items i) from what is stored, and adds their terms to the vocabulary.
// Every item it matches must be indexed already (see indexedCond).
func (s *Store) reindexWhere(ctx context.Context, tx wtx, cond string, args ...any) error {
	type row struct {
		n int64
		r ftsRow
	}
	var out []row
	voc := newVocab(&s.known)
	err := tx.query(ctx, `SELECT i.n, i.source, s.name, i.title, i.summary, coalesce(i.content, i.summary),
		i.spans, i.regions, a.text, a.spans
		FROM items i JOIN sources s ON s.id = i.source LEFT JOIN articles a ON a.n = i.n
		WHERE `+cond+` ORDER BY i.n`, args, func(scan func(...any) error) error {
		var n, src int64
		var srcName, title, summary, content, regions string
		var spans, atext, aspans sql.NullString
		if err := scan(&n, &src, &srcName, &title, &summary, &content, &spans, &regions, &atext, &aspans); err != nil {
			return err
		}
		body, js := "", spans.String
		if content != summary {
			body = content
		}
		if atext.Valid {
			body, js = atext.String, aspans.String
		}
		sj, err := decodeSpans(js)
		if err != nil {
			return fmt.Errorf("entities of item %d: %w", n, err)
		}
		all := make([]entity.Span, len(sj))
		for i, j := range sj {
			all[i] = j.span()
		}
		r := row{n, newFTSRow(title, summary, body, all, srcName, src, splitList(regions))}
		voc.addRow(&r.r)
		voc.addText("", srcName)
		out = append(out, r)
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range out {
		if _, err := tx.exec(ctx, `DELETE FROM fts WHERE rowid = ?`, r.n); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, insertFTS, r.r.args(r.n)...); err != nil {
			return err
		}
	}
	return s.addTerms(ctx, tx, voc.take())
}

// inAsiaPacific is entity.InAsiaPacific over what the library keeps of
// an item: its section and categories, its article's section, and its
// region tags (the article's when it has one).
func inAsiaPacific(section string, categories []string, artSection string, regions []string) bool {
	sections := make([]string, 0, len(categories)+2)
	sections = append(sections, section, artSection)
	sections = append(sections, categories...)
	return entity.InAsiaPacific(sections, regions)
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, sep)
}

// mergeStored merges an incoming copy of an item with the stored row, as
// feeds.Merge merges two sources' copies of an article. From the row's own
// source (sameSource), the new version is the feed's latest word (a
// corrected title or a shorter summary replaces the old one) and only its
// empty fields are filled from the row, so values another source added
// stay. From another source, the stored values come first: the copy fills
// empty fields, and brings a longer summary, a richer body, a more precise
// date and new categories (the rules of feeds.Merge).
func mergeStored(old, new feeds.Item, sameSource bool) feeds.Item {
	if sameSource {
		m := new
		feeds.FillEmpty(&m, old)
		if m.Summary == "" {
			m.Summary = old.Summary
		}
		if m.ContentHTML == "" && (m.Content == "" || m.Content == m.Summary) && old.Content != old.Summary {
			m.ContentHTML, m.Content = old.ContentHTML, old.Content
		}
		if m.Content == "" {
			m.Content = m.Summary
		}
		if len(m.Categories) == 0 {
			m.Categories = old.Categories
		}
		return m
	}
	m := old
	m.Categories = append([]string(nil), old.Categories...)
	feeds.FillEmpty(&m, new)
	if feeds.DateRank(new) > feeds.DateRank(m) {
		m.Published, m.PublishedFrom = new.Published, new.PublishedFrom
	}
	if len(new.Summary) > len(m.Summary) {
		if m.Content == m.Summary {
			m.Content = new.Summary // a body that was the summary follows it
		}
		m.Summary = new.Summary
	}
	newContent := new.Content
	if newContent == "" {
		newContent = new.Summary
	}
	switch {
	case len(new.ContentHTML) > len(m.ContentHTML):
		m.ContentHTML, m.Content = new.ContentHTML, newContent
	case m.ContentHTML == "" && len(newContent) > len(m.Content):
		m.Content = newContent
	}
	for _, c := range new.Categories {
		if !slices.Contains(m.Categories, c) {
			m.Categories = append(m.Categories, c)
		}
	}
	return m
}

// sameFeedFields reports whether a and b store as the same row.
func sameFeedFields(a, b *feeds.Item) bool {
	return a.Title == b.Title && a.Link == b.Link && a.GUID == b.GUID && a.Author == b.Author &&
		a.ImageURL == b.ImageURL && a.Section == b.Section && a.Published.Equal(b.Published) &&
		offsetOf(a.Published) == offsetOf(b.Published) && zoneOf(a.Published) == zoneOf(b.Published) && a.PublishedFrom == b.PublishedFrom &&
		a.Summary == b.Summary && a.Content == b.Content && a.ContentHTML == b.ContentHTML &&
		slices.Equal(a.Categories, b.Categories)
}
