package article

import (
	"context"
	"errors"
)

// Extract returns the reader-mode article of one page. (Stub: being written.)
func Extract(ctx context.Context, html []byte, pageURL string) (*Article, error) {
	return nil, errors.New("article: not implemented")
}
