package store

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/feeds"
)

func TestImagesKeptWithTheirItem(t *testing.T) {
	s, _ := openTest(t, Options{Now: func() time.Time { return time.Date(2019, 11, 21, 0, 0, 0, 0, time.UTC) }})
	src := feeds.Source{Name: "S", URL: "https://s.example/rss"}
	it := feeds.Item{ID: "i1", Title: "Photo story", Link: "https://s.example/1", Published: time.Date(2019, 11, 20, 0, 0, 0, 0, time.UTC)}
	if _, err := s.PutItems(bg, src, []feeds.Item{it}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutArticle(bg, "i1", &article.Article{Blocks: []article.Block{{Kind: article.Paragraph, Text: "x"}}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Image(bg, "i1", "https://s.example/a.jpg"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("before: %v, want not found", err)
	}
	data := []byte{0xff, 0xd8, 0xff, 1, 2, 3}
	if err := s.PutImage(bg, "i1", Image{URL: "https://s.example/a.jpg", ContentType: "image/jpeg", Data: data}); err != nil {
		t.Fatal(err)
	}
	// Replaced, not added twice.
	if err := s.PutImage(bg, "i1", Image{URL: "https://s.example/a.jpg", ContentType: "image/jpeg", Data: data}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Image(bg, "i1", "https://s.example/a.jpg")
	if err != nil || got.ContentType != "image/jpeg" || !bytes.Equal(got.Data, data) {
		t.Fatalf("read back: %+v %v", got, err)
	}
	// Storing the article again keeps its pictures.
	if err := s.PutArticle(bg, "i1", &article.Article{Blocks: []article.Block{{Kind: article.Paragraph, Text: "y"}}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Image(bg, "i1", "https://s.example/a.jpg"); err != nil {
		t.Errorf("after the article was stored again: %v", err)
	}
	if err := s.PutImage(bg, "nope", Image{URL: "u", Data: data}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown item: %v", err)
	}
	// Pruning the item removes its pictures.
	if _, err := s.Prune(bg, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.r.QueryRow(`SELECT count(*) FROM article_images`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d pictures left after the prune (%v)", n, err)
	}
}
