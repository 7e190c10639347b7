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
)

// articleText is the searchable text of an article: its blocks.
func articleText(a *article.Article) string {
	var b strings.Builder
	for _, bl := range a.Blocks {
		if bl.Text == "" {
			continue
		}
		b.WriteString(bl.Text)
		b.WriteString("\n\n")
		if b.Len() > maxIndexed {
			break
		}
	}
	return b.String()
}

// PutArticle stores the reader-mode article of an item, replacing any
// earlier one. spans[i] are the entities of a.Blocks[i]; nil spans are
// computed with Options.Entities over the blocks read as one document
// (entity.ExtractBlocks), as every reader of an article finds them. The article's entities
// replace those found in the item's title and summary, and the item's
// search index entry and region tags are rebuilt from the article.
// Storing an article does not save the item (SetSaved does).
func (s *Store) PutArticle(ctx context.Context, itemID string, a *article.Article, spans [][]entity.Span) error {
	if a == nil {
		return s.errf("PutArticle %s: no article", itemID)
	}
	if spans != nil && len(spans) != len(a.Blocks) {
		return s.errf("PutArticle %s: %d span lists for %d blocks", itemID, len(spans), len(a.Blocks))
	}
	if spans == nil {
		spans = s.blockEntities(a.Blocks)
	}
	var js []spanJSON
	var all []entity.Span
	for i, sp := range spans {
		// Keep only spans inside their block.
		var ok []entity.Span
		for _, x := range sp {
			if x.Start >= 0 && x.Start <= x.End && x.End <= len(a.Blocks[i].Text) {
				ok = append(ok, x)
			}
		}
		js = encodeSpans(i, ok, js)
		all = append(all, ok...)
	}
	spansJSON, err := json.Marshal(js)
	if err != nil {
		return s.errf("PutArticle %s: %w", itemID, err)
	}
	if js == nil {
		spansJSON = []byte("[]")
	}
	doc, err := json.Marshal(a)
	if err != nil {
		return s.errf("PutArticle %s: %w", itemID, err)
	}
	pageURLs, _ := json.Marshal(a.PageURLs)
	if a.PageURLs == nil {
		pageURLs = []byte("[]")
	}
	regions := strings.Join(s.regions(all), sep)
	text := articleText(a)
	now := s.o.Now()
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		var n int64
		if err := tx.QueryRowContext(ctx, `SELECT n FROM items WHERE `+byID, idArgs(itemID)...).Scan(&n); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return notFound("item", itemID)
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO articles
			(n, url, byline, place, section, pages, page_urls, extracted_at, spans, names, text, doc)
			VALUES(?,?,?,?,?,?,?,?,?,coalesce(?, ''),?,?)`,
			n, a.URL, a.Byline, a.Place, a.Section, a.Pages, pageURLs, now.UnixNano(), spansJSON, namesCol(all), text, doc); err != nil {
			return err
		}
		var section, cats string
		if err := tx.QueryRowContext(ctx, `SELECT section, categories FROM items WHERE n = ?`, n).Scan(&section, &cats); err != nil {
			return err
		}
		ap := inAsiaPacific(section, splitList(cats), a.Section, splitList(regions))
		if _, err := tx.ExecContext(ctx, `UPDATE items SET regions = ?, ap = ? WHERE n = ?`, regions, ap, n); err != nil {
			return err
		}
		if err := s.reindexWhere(ctx, newSQLTx(tx), `i.n = ? AND `+indexedCond, n); err != nil {
			return err
		}
		// Or, when the indexer has not reached the item yet, tell it (see
		// markEdited).
		_, err := tx.ExecContext(ctx, `UPDATE fts_mark SET edits = edits + 1 WHERE rid < (SELECT rid FROM items WHERE n = ?)`, n)
		return err
	})
}

func notFound(what, id string) error {
	return &notFoundError{what: what, id: id}
}

type notFoundError struct{ what, id string }

func (e *notFoundError) Error() string { return e.what + " " + e.id + ": not found" }
func (e *notFoundError) Unwrap() error { return ErrNotFound }

// setState runs one state update on an item: q ends in byID, args come
// before the id's. A change of read or starred state (op, see
// queueSync) of an item a sync server knows is queued for the server in
// the same transaction; op "" queues nothing.
func (s *Store) setState(ctx context.Context, id, op, q string, args ...any) error {
	at := s.o.Now().UnixNano()
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, q, append(args, idArgs(id)...)...)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			var one int
			if err := tx.QueryRowContext(ctx, `SELECT 1 FROM items WHERE `+byID, idArgs(id)...).Scan(&one); err != nil {
				return notFound("item", id)
			}
			return nil
		}
		if op == "" {
			return nil
		}
		return queueSync(ctx, tx, op, at, byID, idArgs(id)...)
	})
}

// MarkRead marks an item read (keeping the first read time) or unread.
func (s *Store) MarkRead(ctx context.Context, id string, read bool) error {
	if read {
		return s.setState(ctx, id, opRead, `UPDATE items SET read_at = ? WHERE read_at IS NULL AND `+byID, s.o.Now().UnixNano())
	}
	return s.setState(ctx, id, opUnread, `UPDATE items SET read_at = NULL WHERE read_at IS NOT NULL AND `+byID)
}

// MarkAllRead marks the given items read in one transaction. Unknown IDs
// are ignored (the item may have been pruned meanwhile).
func (s *Store) MarkAllRead(ctx context.Context, ids []string) error {
	at := s.o.Now().UnixNano()
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `UPDATE items SET read_at = ? WHERE read_at IS NULL AND `+byID)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, id := range ids {
			res, err := st.ExecContext(ctx, at, idHash(id), id)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k > 0 {
				if err := queueSync(ctx, tx, opRead, at, byID, idArgs(id)...); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// SetStarred stars or unstars an item. Starred items are never pruned.
func (s *Store) SetStarred(ctx context.Context, id string, starred bool) error {
	op := opUnstar
	if starred {
		op = opStar
	}
	return s.setState(ctx, id, op, `UPDATE items SET starred = ?1 WHERE starred != ?1 AND idh = ?2 AND id = ?3`, starred)
}

// SetSaved saves an item for offline reading or unsaves it. Saved items
// are never pruned. Saving does not fetch the article: store it with
// PutArticle.
func (s *Store) SetSaved(ctx context.Context, id string, saved bool) error {
	if saved {
		return s.setState(ctx, id, "", `UPDATE items SET saved_at = ? WHERE saved_at IS NULL AND `+byID, s.o.Now().UnixNano())
	}
	return s.setState(ctx, id, "", `UPDATE items SET saved_at = NULL WHERE saved_at IS NOT NULL AND `+byID)
}

// pruneBatch is how many items one Prune transaction deletes.
const pruneBatch = 2000

// Prune deletes the items that are neither saved nor starred and were
// both published and first fetched before olderThan, with their articles
// and search index entries. It works in batches, so other writers are not
// held up, and returns how many items it deleted.
func (s *Store) Prune(ctx context.Context, olderThan time.Time) (int, error) {
	key := keyOf(olderThan)
	cut := olderThan.UnixNano()
	total := 0
	for {
		var k int64
		err := s.writeTx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM items WHERE n IN (
				SELECT n FROM items WHERE n < ? AND fetched_at < ? AND NOT starred AND saved_at IS NULL LIMIT ?)`,
				key, cut, pruneBatch)
			if err != nil {
				return err
			}
			if k, err = res.RowsAffected(); err != nil || k == 0 {
				return err
			}
			return markEdited(ctx, newSQLTx(tx)) // some may not be indexed yet
		})
		total += int(k)
		if err != nil || k == 0 {
			return total, err
		}
	}
}

// blockEntities finds the entities of an article's blocks with
// Options.Entities (entity.ExtractBlocks), surviving a panic in the
// extractor as entities does.
func (s *Store) blockEntities(blocks []article.Block) (out [][]entity.Span) {
	out = make([][]entity.Span, len(blocks))
	if s.o.Entities == nil {
		return out
	}
	defer func() {
		if recover() != nil {
			out = make([][]entity.Span, len(blocks))
		}
	}()
	texts := make([]string, len(blocks))
	for i, b := range blocks {
		texts[i] = b.Text
	}
	return entity.ExtractBlocks(s.o.Entities, texts)
}
