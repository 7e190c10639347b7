package article

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzExtract feeds arbitrary bodies, page URLs and content types to
// ExtractWithContentType. The seed corpus is in
// testdata/fuzz/FuzzExtract (China Daily and generic pages, charsets,
// nesting, hostile links). Run:
//
//	go test ./article -run '^$' -fuzz FuzzExtract -fuzztime 60s
func FuzzExtract(f *testing.F) {
	f.Add([]byte(articlePage("", paragraphs(3))), "https://example.com/story", "text/html; charset=utf-8")
	f.Add([]byte(`<div id="lft-art"><h1>T</h1><span class="info_l">By A in B | China Daily | Updated: 2019-11-19 09:27</span><div id="Content"><p>x</p></div></div>`), "http://127.0.0.1/a/201911/19/WS5dd344f2a310cf3e355784fb.html", "")
	f.Add([]byte("<a href='jav&#x09;ascript:x'>a</a><p>\x1b[2J\u009b2J</p>"), "", "text/html; charset=gbk")
	f.Fuzz(func(t *testing.T, body []byte, pageURL, contentType string) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		a, err := ExtractWithContentType(ctx, body, pageURL, contentType)
		if err != nil {
			if a != nil {
				t.Fatalf("article and error %v", err)
			}
			if !errors.Is(err, ErrNotHTML) && !errors.Is(err, ErrNoArticle) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrTimeout) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		if a.Extractor != "generic" && a.Extractor != "chinadaily" {
			t.Fatalf("extractor %q", a.Extractor)
		}
		for _, s := range []string{a.Title, a.Byline, a.Place, a.Source, a.Section} {
			checkClean(t, s)
		}
		for _, b := range a.Blocks {
			checkClean(t, b.Text)
			if b.Kind == Image && !validURL(b.Src) {
				t.Fatalf("image src %q", b.Src)
			}
			for _, l := range b.Links {
				if l.Start < 0 || l.End > len(b.Text) || l.Start >= l.End {
					t.Fatalf("link offsets %+v in %q", l, b.Text)
				}
				if !utf8.ValidString(b.Text[l.Start:l.End]) {
					t.Fatalf("link cuts a rune: %+v in %q", l, b.Text)
				}
				if !validURL(l.URL) {
					t.Fatalf("link URL %q", l.URL)
				}
			}
		}
		for _, l := range a.Links {
			if !validURL(l.URL) {
				t.Fatalf("article link %q", l.URL)
			}
		}
		if a.Text() != strings.Join(a.Paragraphs(), "\n\n") {
			t.Fatalf("Text is not the paragraphs joined")
		}
		j := a.JSON()
		if len(j.Paragraphs) != len(a.Paragraphs()) || j.Text != a.Text() {
			t.Fatalf("JSON view disagrees")
		}
	})
}

func checkClean(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("invalid UTF-8: %q", s)
	}
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if dropRune(r) {
			t.Fatalf("control rune %U in %q", r, s)
		}
	}
}

func validURL(u string) bool {
	return (strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")) && !strings.ContainsAny(u, " \t\n")
}
