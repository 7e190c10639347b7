package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-news/dateline/feeds"
)

// The state changes a sync server is told of (sync_queue.op).
const (
	opRead   = "read"
	opUnread = "unread"
	opStar   = "star"
	opUnstar = "unstar"
)

// queueSync queues op, made at at, for each item matching cond (over
// items, unprefixed) that a sync server knows (one of its entries became
// it). An item no server knows queues nothing, so a library without sync
// pays one index probe per change.
func queueSync(ctx context.Context, tx *sql.Tx, op string, at int64, cond string, args ...any) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_queue(idh, item, op, at)
		SELECT i.idh, i.id, ?, ? FROM items i WHERE `+cond+`
		AND EXISTS (SELECT 1 FROM sync_entries e WHERE e.idh = i.idh AND e.item = i.id)`,
		append([]any{op, at}, args...)...)
	return err
}

// queueSyncKeys is queueSync for the items of the keys (items.n).
func queueSyncKeys(ctx context.Context, tx *sql.Tx, op string, at int64, keys []int64) error {
	if len(keys) == 0 {
		return nil
	}
	var known int
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sync_entries)`).Scan(&known); err != nil || known == 0 {
		return err
	}
	const chunk = 500
	for i := 0; i < len(keys); i += chunk {
		part := keys[i:min(i+chunk, len(keys))]
		ns := make([]string, len(part))
		for j, n := range part {
			ns[j] = strconv.FormatInt(n, 10)
		}
		if err := queueSync(ctx, tx, op, at, `n IN (`+strings.Join(ns, ",")+`)`); err != nil {
			return err
		}
	}
	return nil
}

// SyncServer is what the library knows of the sync server it follows.
type SyncServer struct {
	// Name identifies the server and account ("miniflux URL user"); ""
	// when the library follows none yet.
	Name string
	// Cursor is the latest change time pulled from it (unix seconds).
	Cursor int64
	// RetryAt is when it asked to be asked again (zero: any time).
	RetryAt time.Time
}

// SyncServer reads the sync server's state.
func (s *Store) SyncServer(ctx context.Context) (SyncServer, error) {
	var sv SyncServer
	var retry sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT server, cursor, retry_at FROM sync_server WHERE one = 1`).Scan(&sv.Name, &sv.Cursor, &retry)
	if errors.Is(err, sql.ErrNoRows) {
		return sv, nil
	}
	if retry.Valid {
		sv.RetryAt = time.Unix(0, retry.Int64)
	}
	return sv, s.wrap(err)
}

// FollowServer makes name the sync server the library follows. When it
// followed another one, what it knew of that one (its entries, its
// subscriptions, the changes queued for it and its cursor) is forgotten:
// entry numbers mean nothing to another server. The items stay.
func (s *Store) FollowServer(ctx context.Context, name string) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, `SELECT server FROM sync_server WHERE one = 1`).Scan(&old)
		switch {
		case err == nil && old == name:
			return nil
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sync_entries; DELETE FROM sync_feeds; DELETE FROM sync_queue;
			INSERT OR REPLACE INTO sync_server(one, server, cursor, retry_at) VALUES(1, ?, 0, NULL)`, name)
		return err
	})
}

// SetSyncRetry records when the server asked to be asked again (zero:
// any time).
func (s *Store) SetSyncRetry(ctx context.Context, at time.Time) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sync_server SET retry_at = ? WHERE one = 1`, nsOrNil(at))
		return err
	})
}

// SyncOp is one state change made here and queued for the server.
type SyncOp struct {
	Seq  int64
	Item string
	// Op is "read", "unread", "star" or "unstar".
	Op string
	At time.Time
	// Entries are the server's entries that became the item.
	Entries []string
}

// SyncQueue returns the queued changes, in the order they were made.
func (s *Store) SyncQueue(ctx context.Context) ([]SyncOp, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT q.seq, q.item, q.op, q.at, coalesce(group_concat(e.entry, ' '), '')
		FROM sync_queue q LEFT JOIN sync_entries e ON e.idh = q.idh AND e.item = q.item
		GROUP BY q.seq ORDER BY q.seq`)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var ops []SyncOp
	for rows.Next() {
		var op SyncOp
		var at int64
		var entries string
		if err := rows.Scan(&op.Seq, &op.Item, &op.Op, &at, &entries); err != nil {
			return nil, s.wrap(err)
		}
		op.At = time.Unix(0, at)
		op.Entries = strings.Fields(entries)
		ops = append(ops, op)
	}
	return ops, s.wrap(rows.Err())
}

// SyncSent drops the queued changes up to seq: the server has them.
func (s *Store) SyncSent(ctx context.Context, seq int64) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sync_queue WHERE seq <= ?`, seq)
		return err
	})
}

// SyncFeed is one of the server's subscriptions.
type SyncFeed struct {
	ID, URL, Title string
}

// PutSyncFeeds replaces the server's subscriptions.
func (s *Store) PutSyncFeeds(ctx context.Context, fs []SyncFeed) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_feeds`); err != nil {
			return err
		}
		for _, f := range fs {
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO sync_feeds(feed, url, title) VALUES(?, ?, ?)`, f.ID, f.URL, f.Title); err != nil {
				return err
			}
		}
		return nil
	})
}

// SyncFeeds returns the server's subscriptions as last synced, by title.
func (s *Store) SyncFeeds(ctx context.Context) ([]SyncFeed, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT feed, url, title FROM sync_feeds ORDER BY title COLLATE NOCASE, url`)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var out []SyncFeed
	for rows.Next() {
		var f SyncFeed
		if err := rows.Scan(&f.ID, &f.URL, &f.Title); err != nil {
			return nil, s.wrap(err)
		}
		out = append(out, f)
	}
	return out, s.wrap(rows.Err())
}

// PutSynced stores items a sync server sent for one of its feeds (src):
// as a fetch of that source stores them, except that the source's list
// (what it carries now) grows by the items instead of being replaced by
// them, since a sync brings only what changed. It returns how many items
// were new.
func (s *Store) PutSynced(ctx context.Context, src feeds.Source, items []feeds.Item, at time.Time) (int, error) {
	if src.URL == "" {
		return 0, s.errf("PutSynced: the source has no URL")
	}
	ps := s.prepare(src, items)
	res := &feeds.Result{Source: src, Status: 200, FetchedAt: at}
	var added int
	err := s.bulkTx(ctx, func(tx wtx) error {
		id, err := s.upsertSource(ctx, tx, src, res, at)
		if err != nil {
			return err
		}
		if added, err = s.putPrepared(ctx, tx, id, src, ps, at); err != nil {
			return err
		}
		return appendList(ctx, tx, id, ps)
	})
	if added > 0 {
		s.ix.wake()
	}
	return added, err
}

// appendList adds the items to a source's list, newest first, each once.
func appendList(ctx context.Context, tx wtx, src int64, ps []*prepared) error {
	var old string
	err := tx.queryRow(ctx, `SELECT ids FROM source_lists WHERE source = ?`, []any{src}, &old)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	seen := map[int64]bool{}
	b := []byte{'['}
	add := func(h int64) {
		if seen[h] {
			return
		}
		seen[h] = true
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, h, 10)
	}
	for _, p := range ps {
		add(idHash(p.it.ID))
	}
	for f := range strings.SplitSeq(strings.Trim(old, "[]"), ",") {
		if h, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil {
			add(h)
		}
	}
	list := string(append(b, ']'))
	if list == old {
		return nil
	}
	_, err = tx.exec(ctx, `INSERT OR REPLACE INTO source_lists(source, ids) VALUES(?, ?)`, src, list)
	return err
}

// SyncedEntry is the state of one of the server's entries, as pulled.
type SyncedEntry struct {
	Entry, Feed string
	// Item is the library item the entry became (feeds.Item.ID); ""
	// for an entry the library knows (its state only).
	Item          string
	Read, Starred bool
	// Changed is when the entry last changed on the server.
	Changed time.Time
}

// SyncApplied counts what ApplySynced did.
type SyncApplied struct {
	// Changed: items whose read or starred state the server changed.
	Changed int
	// Kept: server states not applied because a later change made here
	// waits to be sent (it wins).
	Kept int
}

// ApplySynced records entries pulled from the server and their state,
// and moves the cursor, in one transaction. For each of read state and
// star, a change queued here and the server's state are settled by the
// later change: the server's (its entry changed after the queued change
// was made) replaces the queued one, else the queued one stays to be
// sent and the server's is not applied. An item that becomes known to the
// server for the first time keeps being read or starred here (queued for
// the server) rather than losing it.
func (s *Store) ApplySynced(ctx context.Context, es []SyncedEntry, cursor int64) (SyncApplied, error) {
	var out SyncApplied
	now := s.o.Now().UnixNano()
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		out = SyncApplied{}
		for _, e := range es {
			if err := s.applyEntry(ctx, tx, e, now, &out); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE sync_server SET cursor = max(cursor, ?) WHERE one = 1`, cursor)
		return err
	})
	return out, err
}

// localState is an item's read and starred state here.
type localState struct {
	n             int64
	read, starred bool
}

func (s *Store) applyEntry(ctx context.Context, tx *sql.Tx, e SyncedEntry, now int64, out *SyncApplied) error {
	if e.Item == "" {
		// A state only, of an entry the library knows.
		err := tx.QueryRowContext(ctx, `SELECT item, feed FROM sync_entries WHERE entry = ?`, e.Entry).Scan(&e.Item, &e.Feed)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
	}
	var st localState
	var readAt sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT n, read_at, starred FROM items WHERE `+byID, idArgs(e.Item)...).Scan(&st.n, &readAt, &st.starred)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // not stored (refused by the pipeline, or pruned)
	}
	if err != nil {
		return err
	}
	st.read = readAt.Valid
	var known int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sync_entries WHERE idh = ? AND item = ?`, idHash(e.Item), e.Item).Scan(&known); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO sync_entries(entry, idh, item, feed) VALUES(?, ?, ?, ?)`,
		e.Entry, idHash(e.Item), e.Item, e.Feed); err != nil {
		return err
	}
	kinds := []struct {
		set, clear string
		local      bool
		server     bool
	}{{opRead, opUnread, st.read, e.Read}, {opStar, opUnstar, st.starred, e.Starred}}
	for _, k := range kinds {
		if k.local == k.server {
			// Agreed: whatever is queued of this kind would change nothing.
			if _, err := tx.ExecContext(ctx, `DELETE FROM sync_queue WHERE item = ? AND op IN (?, ?)`, e.Item, k.set, k.clear); err != nil {
				return err
			}
			continue
		}
		var last sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT max(at) FROM sync_queue WHERE item = ? AND op IN (?, ?)`, e.Item, k.set, k.clear).Scan(&last); err != nil {
			return err
		}
		switch {
		case known == 0 && k.local:
			// New to the server, read or starred here: keep it, and tell it.
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_queue(idh, item, op, at) VALUES(?, ?, ?, ?)`, idHash(e.Item), e.Item, k.set, now); err != nil {
				return err
			}
			out.Kept++
			continue
		case last.Valid && last.Int64 >= e.Changed.UnixNano():
			out.Kept++ // the change made here is the later one
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_queue WHERE item = ? AND op IN (?, ?)`, e.Item, k.set, k.clear); err != nil {
			return err
		}
		if err := setServerState(ctx, tx, st.n, k.set, k.server, now); err != nil {
			return err
		}
		out.Changed++
	}
	return nil
}

// setServerState writes a state the server decided, queueing nothing.
func setServerState(ctx context.Context, tx *sql.Tx, n int64, kind string, on bool, now int64) error {
	var err error
	switch {
	case kind == opRead && on:
		_, err = tx.ExecContext(ctx, `UPDATE items SET read_at = ? WHERE n = ? AND read_at IS NULL`, now, n)
	case kind == opRead:
		_, err = tx.ExecContext(ctx, `UPDATE items SET read_at = NULL WHERE n = ?`, n)
	default:
		_, err = tx.ExecContext(ctx, `UPDATE items SET starred = ? WHERE n = ?`, on, n)
	}
	return err
}

// SyncEntryIDs returns every server entry the library knows.
func (s *Store) SyncEntryIDs(ctx context.Context) (map[string]bool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT entry FROM sync_entries`)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, s.wrap(err)
		}
		out[e] = true
	}
	return out, s.wrap(rows.Err())
}

// SyncEntries returns the server's entries that became the item.
func (s *Store) SyncEntries(ctx context.Context, item string) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT entry FROM sync_entries WHERE idh = ? AND item = ? ORDER BY entry`, idArgs(item)...)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, s.wrap(err)
		}
		out = append(out, e)
	}
	return out, s.wrap(rows.Err())
}
