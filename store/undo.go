package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// Marked is what one MarkReadMatching marked read: the items (8 bytes
// each) and the time it stamped on them.
type Marked struct {
	rows []int64
	at   int64
}

// Count is how many items were marked read.
func (m *Marked) Count() int {
	if m == nil {
		return 0
	}
	return len(m.rows)
}

// Undo marks unread again the items m marked read that are still read
// from that mark (an item read again since, or gone, is left alone), and
// returns how many it changed.
func (s *Store) Undo(ctx context.Context, m *Marked) (int, error) {
	if m.Count() == 0 {
		return 0, nil
	}
	var total int64
	at := s.o.Now().UnixNano()
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		const chunk = 500
		for i := 0; i < len(m.rows); i += chunk {
			part := m.rows[i:min(i+chunk, len(m.rows))]
			ids := make([]string, len(part))
			for j, n := range part {
				ids[j] = strconv.FormatInt(n, 10)
			}
			changed, err := undoChunk(ctx, tx, m.at, ids)
			if err != nil {
				return err
			}
			total += int64(len(changed))
			if err := queueSyncKeys(ctx, tx, opUnread, at, changed); err != nil {
				return err
			}
		}
		return nil
	})
	return int(total), err
}

// undoChunk marks unread the items among ids (keys) still read from the
// mark at, and returns the keys it changed.
func undoChunk(ctx context.Context, tx *sql.Tx, at int64, ids []string) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `UPDATE items SET read_at = NULL WHERE read_at = ? AND n IN (`+strings.Join(ids, ",")+`) RETURNING n`, at)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var changed []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		changed = append(changed, n)
	}
	return changed, rows.Err()
}
