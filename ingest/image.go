package ingest

import (
	"context"
	"errors"
	"strings"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/store"
)

// Image returns the picture at url of the article of item id: the
// library's copy when it has one, else fetched through Config.FetchImage
// (the fetcher's pool, time-out, size cap and address policy, with the
// item's feed as the link's origin) and kept in the library with the
// article. The bytes are not decoded here (see package picture). Offline,
// a picture not in the library is ErrOffline. A failure to keep a fetched
// picture is not an error: the picture is still returned.
func (p *Pipeline) Image(ctx context.Context, id, url string) (*store.Image, error) {
	img, err := p.c.Library.Image(ctx, id, url)
	switch {
	case err == nil:
		return img, nil
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	if p.c.FetchImage == nil {
		if p.c.Offline {
			return nil, ErrOffline
		}
		return nil, errors.New("pictures cannot be fetched")
	}
	it, _, err := p.c.Library.Item(ctx, id)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(it.SourceURL, "http://") || strings.HasPrefix(it.SourceURL, "https://") {
		ctx = feeds.WithOrigin(ctx, it.SourceURL)
	}
	data, ctype, err := p.c.FetchImage(ctx, url)
	if err != nil {
		return nil, err
	}
	img = &store.Image{URL: url, ContentType: ctype, Data: data}
	_ = p.c.Library.PutImage(ctx, id, *img) // the picture is shown all the same
	return img, nil
}

// MaxKeptImages bounds the pictures KeepImages fetches for one article.
const MaxKeptImages = 32

// KeepImages puts the pictures of article a of item id in the library
// (each through Image: those already kept are not fetched again), at
// most MaxKeptImages, one after another. It returns how many are kept;
// a picture that cannot be fetched is left out.
func (p *Pipeline) KeepImages(ctx context.Context, id string, a *article.Article) int {
	seen := map[string]bool{}
	kept := 0
	for _, b := range a.Blocks {
		src := b.Src
		if b.Kind != article.Image || seen[src] || len(seen) >= MaxKeptImages ||
			!strings.HasPrefix(src, "https://") && !strings.HasPrefix(src, "http://") {
			continue
		}
		seen[src] = true
		if _, err := p.Image(ctx, id, src); err == nil {
			kept++
		}
	}
	return kept
}
