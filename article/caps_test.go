package article

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// A page whose title and byline run to megabytes gives an article with
// both capped and the cut marked.
func TestHugeTitleAndBylineAreCapped(t *testing.T) {
	huge := strings.Repeat("Seoul talks go on ", 3<<20/18)
	head := `<meta property="og:title" content="` + huge + `"><meta name="author" content="` + huge[:1<<20] + `">`
	page := strings.Replace(articlePage(head, paragraphs(5)), "<title>Test story</title>", "<title>"+huge+"</title>", 1)
	page = strings.Replace(page, "<h1>Test story</h1>", "", 1)
	a, err := Extract(context.Background(), []byte(page), "https://example.com/a")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{{"title", a.Title, MaxTitleRunes}, {"byline", a.Byline, MaxMetaRunes}} {
		if n := utf8.RuneCountInString(f.v); n > f.max || !strings.HasSuffix(f.v, "…") {
			t.Errorf("%s: %d runes (cap %d), ends %q", f.name, n, f.max, f.v[max(0, len(f.v)-20):])
		}
	}
	if a.Title == "" || a.Byline == "" {
		t.Fatalf("title %q byline %q", a.Title, a.Byline)
	}
}

func TestCapRunes(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{{"short", 10, "short"}, {"eleven chars", 10, "eleven ch…"}, {"日本語の見出しです", 5, "日本語の…"}, {"a word cut at its space", 20, "a word cut at its…"}} {
		if got := capRunes(c.in, c.n); got != c.want {
			t.Errorf("capRunes(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
