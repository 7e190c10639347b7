package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/dateline-news/dateline/feeds"
)

// recordFailure keeps a failed fetch: its error, one more failure in a
// row, and when to try the source again (feeds.Backoff from the failures
// and the server's Retry-After).
func (s *Store) recordFailure(ctx context.Context, tx wtx, id int64, res *feeds.Result, fetched time.Time) error {
	var failures int
	if err := tx.queryRow(ctx, `SELECT failures FROM sources WHERE id = ?`, []any{id}, &failures); err != nil {
		return err
	}
	failures++
	var retryAfter time.Duration
	var se *feeds.SourceError
	if errors.As(res.Err, &se) {
		retryAfter = se.RetryAfter
	}
	retryAt := fetched.Add(feeds.Backoff(failures, retryAfter)).UnixNano()
	var serverAt any
	if retryAfter > 0 {
		serverAt = fetched.Add(retryAfter).UnixNano()
	}
	_, err := tx.exec(ctx, `UPDATE sources SET last_fetch = ?, last_status = ?, last_error = ?,
		failures = ?, retry_at = ?, server_retry_at = ? WHERE id = ?`,
		fetched.UnixNano(), res.Status, res.Err.Error(), failures, retryAt, serverAt, id)
	return err
}

// Retry is when a source may be fetched again.
type Retry struct {
	Failures int       // failed fetches in a row
	At       time.Time // the back-off's time (zero: any time)
	Server   time.Time // the time the server asked for (zero: none)
}

// Due reports whether the source may be fetched at now: always after the
// server's time, and after the back-off's unless the user asked (force).
func (r Retry) Due(now time.Time, force bool) bool {
	if !r.Server.IsZero() && now.Before(r.Server) {
		return false
	}
	return force || r.At.IsZero() || !now.Before(r.At)
}

// Next is the time a refresh may fetch the source again: the back-off's,
// or with force the server's.
func (r Retry) Next(force bool) time.Time {
	if force {
		return r.Server
	}
	if r.Server.After(r.At) {
		return r.Server
	}
	return r.At
}

// RetryOf returns when the source at url may be fetched again (the zero
// Retry for a source the library does not know, or one that last
// answered).
func (s *Store) RetryOf(ctx context.Context, url string) (Retry, error) {
	var r Retry
	var at, server sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT failures, retry_at, server_retry_at FROM sources WHERE url = ?`, url).
		Scan(&r.Failures, &at, &server)
	if errors.Is(err, sql.ErrNoRows) {
		return Retry{}, nil
	}
	if err != nil {
		return Retry{}, s.wrap(err)
	}
	if at.Valid {
		r.At = time.Unix(0, at.Int64)
	}
	if server.Valid {
		r.Server = time.Unix(0, server.Int64)
	}
	return r, nil
}
