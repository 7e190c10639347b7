package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/dateline-news/dateline/store/internal/sqliteraw"
)

// wtx is a write transaction: database/sql's (sqlTx) or a raw
// connection's (rawTx, see package sqliteraw).
type wtx interface {
	exec(ctx context.Context, q string, args ...any) (int64, error)
	insert(ctx context.Context, q string, args ...any) (id int64, err error)
	query(ctx context.Context, q string, args []any, each func(scan func(dest ...any) error) error) error
	// queryRow scans the first row into dest, or returns sql.ErrNoRows.
	queryRow(ctx context.Context, q string, args []any, dest ...any) error
}

// sqlTx is a database/sql transaction as a wtx. Its statements are
// prepared once per transaction (database/sql closes them with it).
type sqlTx struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newSQLTx(tx *sql.Tx) *sqlTx { return &sqlTx{tx: tx, stmts: map[string]*sql.Stmt{}} }

func (t *sqlTx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	t.stmts[q] = st
	return st, nil
}

func (t *sqlTx) result(ctx context.Context, q string, args []any) (sql.Result, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *sqlTx) exec(ctx context.Context, q string, args ...any) (int64, error) {
	r, err := t.result(ctx, q, args)
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}

func (t *sqlTx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	r, err := t.result(ctx, q, args)
	if err != nil {
		return 0, err
	}
	return r.LastInsertId()
}

func (t *sqlTx) query(ctx context.Context, q string, args []any, each func(scan func(dest ...any) error) error) error {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (t *sqlTx) queryRow(ctx context.Context, q string, args []any, dest ...any) error {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return err
	}
	return st.QueryRowContext(ctx, args...).Scan(dest...)
}

// rawTx is a transaction on a raw connection as a wtx.
type rawTx struct{ c *sqliteraw.Conn }

func (t rawTx) exec(ctx context.Context, q string, args ...any) (int64, error) {
	return t.c.Exec(ctx, q, args...)
}

func (t rawTx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	if _, err := t.c.Exec(ctx, q, args...); err != nil {
		return 0, err
	}
	return t.c.LastInsertID(), nil
}

func (t rawTx) query(ctx context.Context, q string, args []any, each func(scan func(dest ...any) error) error) error {
	return t.c.Query(ctx, q, args, each)
}

var errStopRows = errors.New("stop")

func (t rawTx) queryRow(ctx context.Context, q string, args []any, dest ...any) error {
	found := false
	err := t.c.Query(ctx, q, args, func(scan func(...any) error) error {
		found = true
		if err := scan(dest...); err != nil {
			return err
		}
		return errStopRows
	})
	switch {
	case errors.Is(err, errStopRows):
		return nil
	case err != nil:
		return err
	case !found:
		return sql.ErrNoRows
	}
	return nil
}
