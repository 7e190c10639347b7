package store

import (
	"context"
	"database/sql"
	"errors"
)

// SourceName is the name the library keeps for the source at url ("" for
// a source it does not know): for a source the config leaves unnamed,
// the title its feed last gave.
func (s *Store) SourceName(ctx context.Context, url string) (string, error) {
	var name string
	err := s.r.QueryRowContext(ctx, `SELECT name FROM sources WHERE url = ?`, url).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return name, s.wrap(err)
}
