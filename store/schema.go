package store

import (
	"context"
	"database/sql"
	"fmt"
)

// A migration brings the schema from version i to i+1 (its index in
// migrations plus one). Migrations are never edited once released: a
// change is a new migration appended to the list, and TestMigrations opens
// a library built at every earlier version.
type migration struct {
	name string
	up   func(ctx context.Context, s *Store, tx *sql.Tx) error
}

// migrations is the schema history. len(migrations) is the version this
// build writes (PRAGMA user_version).
var migrations = []migration{
	{"initial schema", execSQL(schemaV1)},
	{"the list each source last sent", execSQL(schemaV2)},
	{"Chinese, Japanese and Korean indexed by character", reindexCJK},
	{"the Asia-Pacific view stored with each item", addAsiaPacific},
	{"the search index follows the items (its watermark)", execSQL(schemaV5)},
	{"when to try a failing source again", execSQL(schemaV6)},
	{"watches: last seen", execSQL(schemaV7)},
	{"images kept with their article", execSQL(schemaImages)},
	{"the sync queue", execSQL(schemaSyncQueue)},
}

func execSQL(q string) func(context.Context, *Store, *sql.Tx) error {
	return func(ctx context.Context, _ *Store, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, q)
		return err
	}
}

// schemaV1 is the first library schema.
//
// items.n is the item's sort key and the FTS rowid: its publication time
// in Unix seconds shifted left by slotBits, plus a slot number. Ordering
// by n is "newest first" and after:/before: are n ranges, so the FTS index
// returns the newest matches in rowid order and stops at the page size
// instead of sorting every match.
//
// items.id is the stable feeds.Item.ID. It is found through an index on
// its 64-bit hash (idh), a seventh the size of an index on the text; the
// writer keeps it unique by looking every id up inside the write
// transaction before inserting it.
//
// An item is one row: its headline columns first, then its body and the
// entities found in its title and summary (JSON), then the feed content,
// so reading a headline never touches the overflow pages of a long body.
// One row per item rather than one per table keeps storing fast (every
// extra b-tree insert costs about 5 µs with this SQLite). Rows are stored
// in insertion order (rid) and found by n through its index: a feed's
// backlog spans months, and rows clustered by n would make every refresh
// rewrite pages all over the table (at 100,000 items, 60 MB of WAL per
// commit); appended rows dirty a few pages, and only the small index on n
// takes the scattered inserts.
//
// articles holds the reader-mode article (blocks as JSON) with its
// entities (JSON, per block) and its plain text (for re-indexing).
//
// fts is contentless (content=”): the text already lives in items and
// articles, so it is not stored twice; contentless_delete lets rows be
// deleted and replaced by rowid. Besides the text it holds the canonical
// entity names per label, the region tags and, in source, the source name
// and a private token per source (see sourceToken) that source: matches.
//
// terms is the vocabulary of the index, folded as FTS5 folds it. A word
// being typed is a prefix; FTS5 answers a prefix query by merging the
// lists of every matching term before returning the first row, which
// costs tens of milliseconds for a common prefix at 100,000 items. Search
// expands a prefix to its terms here instead and asks FTS5 for their OR,
// which it answers lazily, newest first.
const schemaV1 = `
CREATE TABLE sources (
	id            INTEGER PRIMARY KEY,
	url           TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL DEFAULT '',
	feed_url      TEXT NOT NULL DEFAULT '',
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_fetch    INTEGER,           -- unix ns of the last fetch attempt
	last_ok       INTEGER,           -- unix ns of the last successful fetch
	last_status   INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE items (
	rid            INTEGER PRIMARY KEY, -- insertion order
	n              INTEGER NOT NULL UNIQUE, -- sort key, FTS rowid
	idh            INTEGER NOT NULL,    -- 64-bit hash of id
	source         INTEGER NOT NULL REFERENCES sources(id),
	read_at        INTEGER,             -- unix ns
	starred        INTEGER NOT NULL DEFAULT 0,
	saved_at       INTEGER,
	published      INTEGER,             -- unix ns, NULL when the feed gave none
	pub_off        INTEGER NOT NULL DEFAULT 0, -- its zone offset, seconds
	fetched_at     INTEGER NOT NULL,    -- unix ns, first stored
	hash           INTEGER NOT NULL,    -- of the feed fields, to skip unchanged items
	id             TEXT NOT NULL,       -- feeds.Item.ID
	title          TEXT NOT NULL,
	link           TEXT NOT NULL,
	author         TEXT NOT NULL,
	section        TEXT NOT NULL,
	regions        TEXT NOT NULL,       -- region tags joined by U+001F
	guid           TEXT NOT NULL,
	published_from TEXT NOT NULL,
	image_url      TEXT NOT NULL,
	categories     TEXT NOT NULL,       -- joined by U+001F
	summary        TEXT NOT NULL,
	spans          TEXT,                -- JSON entities of FeedText
	names          TEXT,                -- their canonical names (see namesCol)
	content        TEXT,                -- NULL: the same as summary
	content_html   TEXT NOT NULL
);
CREATE INDEX items_idh     ON items(idh);
CREATE INDEX items_starred ON items(n) WHERE starred;
CREATE INDEX items_saved   ON items(n) WHERE saved_at IS NOT NULL;

CREATE TABLE articles (
	n            INTEGER PRIMARY KEY REFERENCES items(n) ON DELETE CASCADE ON UPDATE CASCADE,
	url          TEXT NOT NULL,
	byline       TEXT NOT NULL,
	place        TEXT NOT NULL,
	section      TEXT NOT NULL,
	pages        INTEGER NOT NULL,
	page_urls    TEXT NOT NULL,      -- JSON array
	extracted_at INTEGER NOT NULL,
	spans        TEXT NOT NULL,      -- JSON entities, b = block index
	names        TEXT NOT NULL,      -- their canonical names (see namesCol)
	text         TEXT NOT NULL,      -- the blocks as plain text (what is indexed)
	doc          TEXT NOT NULL       -- JSON article.Article
);

CREATE TABLE terms (term TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE VIRTUAL TABLE fts USING fts5(
	title, summary, body, person, place, org, source, region,
	content='', contentless_delete=1,
	tokenize='ascii'   -- the text is split and folded in Go (normText)
);
-- Keep up to 8 MB of pending terms in memory (a refresh of a large feed
-- is flushed once), and merge segments 8 at a time: less rewriting.
INSERT INTO fts(fts, rank) VALUES('hashsize', 8388608);
INSERT INTO fts(fts, rank) VALUES('automerge', 8);

CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
	DELETE FROM fts WHERE rowid = old.n;
END;
`

// schemaV2 keeps the list of items each source sent in its last
// successful fetch, in feed order, as a JSON array of items.idh. A source
// that answers 304 Not Modified still lists exactly those items (LastList),
// whichever source's row holds each of them, without rewriting any item
// row on a refresh.
//
// It also keeps the name of an item's publication zone ("CST" for
// Beijing time), so a date read back from the library reads as the feed's
// did; rows from version 1 keep the bare offset ("+0800").
const schemaV2 = `
CREATE TABLE source_lists (
	source INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
	ids    TEXT NOT NULL
);
ALTER TABLE items ADD COLUMN pub_zone TEXT NOT NULL DEFAULT '';
`

// reindexCJK is version 3: Chinese, Japanese and Korean characters are
// tokens of their own (see isCJK), where versions 1 and 2 indexed a run
// of them as one token. The items with such characters in their indexed
// text are indexed again; the schema does not change. (The vocabulary
// keeps the old runs as terms: a prefix expands to them too and they
// match nothing, which costs nothing.)
func reindexCJK(ctx context.Context, s *Store, tx *sql.Tx) error {
	// Every block that holds such characters (and some punctuation
	// beside them: a row more to index costs nothing but time).
	const cjk = "'*[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]*'"
	cond := `i.title GLOB ` + cjk + ` OR i.summary GLOB ` + cjk + ` OR coalesce(i.content, '') GLOB ` + cjk +
		` OR coalesce(a.text, '') GLOB ` + cjk + ` OR i.names GLOB ` + cjk + ` OR i.regions GLOB ` + cjk + ` OR s.name GLOB ` + cjk
	return s.reindexWhere(ctx, newSQLTx(tx), cond)
}

// version reads PRAGMA user_version.
func (s *Store) version(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v)
	return v, err
}

// migrate brings the library to the latest schema in one transaction: a
// failed migration leaves the file at its old version, untouched.
func (s *Store) migrate(ctx context.Context) error {
	return s.migrateTo(ctx, migrations)
}

func (s *Store) migrateTo(ctx context.Context, ms []migration) error {
	// Up to date (the usual case): no write lock, so opening a library
	// another process is writing to does not wait for it.
	if v, err := s.version(ctx, s.w); err != nil {
		return s.wrap(err)
	} else if v == len(ms) {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil) // BEGIN IMMEDIATE: another process migrating waits
	if err != nil {
		return s.wrap(err)
	}
	defer func() { _ = tx.Rollback() }() // after a commit: ErrTxDone, nothing to undo
	var v, app, tables int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT user_version FROM pragma_user_version),
		(SELECT application_id FROM pragma_application_id),
		(SELECT count(*) FROM sqlite_schema)`).Scan(&v, &app, &tables); err != nil {
		return s.wrap(err)
	}
	switch {
	case app != appID && (app != 0 || tables > 0):
		return s.errf("%w (it is an SQLite database of another program); it was left untouched", ErrCorrupt)
	case v > len(ms):
		return s.errf("%w (schema version %d, this build knows up to %d); it was left untouched, upgrade Dateline to open it", ErrNewer, v, len(ms))
	case v == len(ms):
		return nil
	}
	for i := v; i < len(ms); i++ {
		if err := ms[i].up(ctx, s, tx); err != nil {
			return s.wrap(fmt.Errorf("migrating the library to version %d (%s): %w", i+1, ms[i].name, err))
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, len(ms))); err != nil {
		return s.wrap(err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA application_id = %d`, appID)); err != nil {
		return s.wrap(err)
	}
	return s.wrap(tx.Commit())
}

// addAsiaPacific is version 4: items.ap says whether the item is in the
// Asia-Pacific view (entity.InAsiaPacific of its sections and main
// region), computed when the item or its article is stored, so the view
// and its count are one indexed query instead of a scan of every row.
func addAsiaPacific(ctx context.Context, _ *Store, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `ALTER TABLE items ADD COLUMN ap INTEGER NOT NULL DEFAULT 0;
		CREATE INDEX items_ap ON items(n) WHERE ap`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT i.n, i.section, i.categories, i.regions, coalesce(a.section, '')
		FROM items i LEFT JOIN articles a ON a.n = i.n`)
	if err != nil {
		return err
	}
	var ap []int64
	for rows.Next() {
		var n int64
		var section, cats, regions, artSection string
		if err := rows.Scan(&n, &section, &cats, &regions, &artSection); err != nil {
			rows.Close()
			return err
		}
		if inAsiaPacific(section, splitList(cats), artSection, splitList(regions)) {
			ap = append(ap, n)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, n := range ap {
		if _, err := tx.ExecContext(ctx, `UPDATE items SET ap = 1 WHERE n = ?`, n); err != nil {
			return err
		}
	}
	return nil
}

// schemaV5 is version 5: the search index is written after the items,
// by the background indexer (index.go), instead of in each write's own
// transaction. fts_mark holds its watermark: the highest items.rid whose
// FTS row and vocabulary terms are written; every item above it is
// stored and listed but not yet searchable by its words. The indexer
// advances it in the transaction that writes the index rows, so a crash
// loses nothing and the next start resumes from it. A library from
// before version 5 indexed every item as it stored it: the mark starts
// at its highest rid.
//
// New items take rids above both the highest rid and the mark (see
// nextRID), so an item never lands below the mark unindexed, even when
// the newest rows were pruned.
//
// fts_mark.edits counts the writes that changed or deleted items above
// the mark (see markEdited): the indexer reads a batch of them before
// taking the write lock, and writes it only if neither the mark nor
// edits moved meanwhile.
// schemaV6 is version 6: sources.failures counts a source's failed
// fetches in a row, and retry_at is when to try it again (unix ns; NULL:
// any time), from feeds.Backoff; server_retry_at is the time the server
// itself asked for (Retry-After on a 429 or 503), which even a refresh
// the user asks for honours.
const schemaV6 = `
ALTER TABLE sources ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN retry_at INTEGER;
ALTER TABLE sources ADD COLUMN server_retry_at INTEGER;
`

// schemaImages keeps the pictures of an item's article (the bytes as
// fetched, at most the fetcher's body cap each), so a saved article shows
// its pictures offline and export embeds them. They go with the item
// (pruned with it). A rowid table: the blobs stay out of the key's
// b-tree.
const schemaImages = `
CREATE TABLE article_images (
	n            INTEGER NOT NULL REFERENCES items(n) ON DELETE CASCADE ON UPDATE CASCADE,
	url          TEXT NOT NULL,
	content_type TEXT NOT NULL,
	fetched_at   INTEGER NOT NULL,  -- unix ns
	data         BLOB NOT NULL,
	UNIQUE (n, url)
);
`

const schemaV5 = `
CREATE TABLE fts_mark (
	one   INTEGER PRIMARY KEY CHECK (one = 1), -- a single row
	rid   INTEGER NOT NULL,
	edits INTEGER NOT NULL DEFAULT 0
);
INSERT INTO fts_mark(one, rid) SELECT 1, coalesce(max(rid), 0) FROM items;
`

// schemaSyncQueue is the version that keeps a sync server's state (see
// sync.go): sync_server names the server the library follows, its
// cursor (the latest change time pulled, unix seconds) and the time it
// asked to be left alone until (Retry-After, unix ns); sync_entries maps
// each of the server's entries to the library item it became;
// sync_feeds are the server's subscriptions; sync_queue holds the state
// changes made here (read, unread, star, unstar) that the server has not
// acknowledged yet, in the order they were made (seq), each with its
// local time (unix ns), which settles a conflict with a change made on
// the server.
const schemaSyncQueue = `
CREATE TABLE sync_server (
	one       INTEGER PRIMARY KEY CHECK (one = 1),
	server    TEXT NOT NULL,
	cursor    INTEGER NOT NULL DEFAULT 0,
	retry_at  INTEGER
);
CREATE TABLE sync_entries (
	entry  TEXT PRIMARY KEY,
	idh    INTEGER NOT NULL,
	item   TEXT NOT NULL,
	feed   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sync_entries_idh ON sync_entries(idh);
CREATE TABLE sync_feeds (
	feed   TEXT PRIMARY KEY,
	url    TEXT NOT NULL,
	title  TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE sync_queue (
	seq   INTEGER PRIMARY KEY AUTOINCREMENT,
	idh   INTEGER NOT NULL,
	item  TEXT NOT NULL,
	op    TEXT NOT NULL CHECK (op IN ('read', 'unread', 'star', 'unstar')),
	at    INTEGER NOT NULL
);
`
