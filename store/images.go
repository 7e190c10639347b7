package store

import (
	"context"
	"database/sql"
	"errors"
)

// Image is a picture of an article as the library keeps it.
type Image struct {
	URL         string
	ContentType string
	Data        []byte
}

// PutImage keeps the picture at url of an item's article, replacing an
// earlier copy.
func (s *Store) PutImage(ctx context.Context, itemID string, img Image) error {
	now := s.o.Now()
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		var n int64
		if err := tx.QueryRowContext(ctx, `SELECT n FROM items WHERE `+byID, idArgs(itemID)...).Scan(&n); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return notFound("item", itemID)
			}
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO article_images(n, url, content_type, fetched_at, data)
			VALUES(?,?,?,?,?)`, n, img.URL, img.ContentType, now.UnixNano(), img.Data)
		return err
	})
}

// Image returns the kept picture at url of an item's article; an error
// matching ErrNotFound when there is none.
func (s *Store) Image(ctx context.Context, itemID, url string) (*Image, error) {
	img := &Image{URL: url}
	err := s.r.QueryRowContext(ctx, `SELECT m.content_type, m.data FROM items i
		JOIN article_images m ON m.n = i.n WHERE i.idh = ? AND i.id = ? AND m.url = ?`,
		append(idArgs(itemID), url)...).Scan(&img.ContentType, &img.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("image", url)
	}
	if err != nil {
		return nil, s.wrap(err)
	}
	return img, nil
}
