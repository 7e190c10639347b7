package article

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestFollowsPage(t *testing.T) {
	for _, c := range []struct {
		cur, next string
		want      int // 0: not the next page
	}{
		{"https://x.com/news/story", "https://x.com/news/story/2", 2},
		{"https://x.com/news/story/", "https://x.com/news/story/2/", 2},
		{"https://x.com/news/story/2", "https://x.com/news/story/3", 3},
		{"https://x.com/news/story", "https://x.com/news/story/page/2", 2},
		{"https://x.com/a/story.html", "https://x.com/a/story-2.html", 2},
		{"https://x.com/a/story.html", "https://x.com/a/story_2.html", 2},
		{"https://x.com/a/story_2.html", "https://x.com/a/story_3.html", 3},
		{"https://x.com/a/story?id=5", "https://x.com/a/story?id=5&page=2", 2},
		{"https://x.com/a/story?page=2", "https://x.com/a/story?page=3", 3},
		{"https://x.com/a/story?p=4&id=1", "https://x.com/a/story?id=1&p=5", 5},
		{"https://x.com/apollo-13", "https://x.com/apollo-13/2", 2}, // a slug that only looks numbered
		{"HTTPS://X.com/news/story", "https://x.COM/news/story/2", 2},
		// Not the article's next page.
		{"https://x.com/news/story", "https://x.com/news/other-story", 0}, // a blog's next post
		{"https://x.com/news/story", "https://x.com/news/story/3", 0},     // skips a page
		{"https://x.com/news/story/2", "https://x.com/news/story/1", 0},   // back
		{"https://x.com/news/story/2", "https://x.com/news/story", 0},
		{"https://x.com/news/story", "https://y.com/news/story/2", 0},          // another site
		{"https://x.com/a/story?id=5", "https://x.com/a/story?id=6&page=2", 0}, // another story
		{"https://x.com/news/2019/11/05", "https://x.com/news/2019/11/06", 0},  // a day's archive
		{"https://x.com/news/story/10", "https://x.com/news/story/11", 0},      // over MaxPages
		{"https://x.com/news?page=x", "https://x.com/news?page=2", 0},
	} {
		got, ok := followsPage(c.cur, c.next)
		if !ok {
			got = 0
		}
		if got != c.want {
			t.Errorf("followsPage(%q, %q) = %d, want %d", c.cur, c.next, got, c.want)
		}
	}
}

// storyPage is a generic article page: its own paragraphs, and in the
// head (or, when inBody, at the foot of the story) a rel="next" link.
func storyPage(title string, page int, next string, inBody bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html><head><title>%s</title>", title)
	if next != "" && !inBody {
		fmt.Fprintf(&b, `<link rel="next" href="%s">`, next)
	}
	fmt.Fprintf(&b, "</head><body><nav><a href=/>Home</a> <a href=/world>World</a></nav><article><h1>%s</h1>", title)
	for i := 1; i <= 4; i++ {
		fmt.Fprintf(&b, "<p>Page %d, paragraph %d: the delegations met again on Tuesday to discuss the terms of the agreement, "+
			"and officials said the talks would continue through the week as both sides weighed the proposals.</p>", page, i)
	}
	if next != "" && inBody {
		fmt.Fprintf(&b, `<div class="pagination"><a href="%s" rel="next nofollow">Next page</a></div>`, next)
	}
	b.WriteString("</article><footer>© News</footer></body></html>")
	return b.String()
}

type pageSite map[string]string

func (s pageSite) get(_ context.Context, url string) ([]byte, string, error) {
	body, ok := s[url]
	if !ok {
		return nil, "", fmt.Errorf("404 Not Found")
	}
	return []byte(body), "text/html; charset=utf-8", nil
}

func paragraphsOf(a *Article) (out []string) {
	for _, b := range a.Blocks {
		if b.Kind == Paragraph {
			out = append(out, b.Text[:len("Page 1, paragraph 1")])
		}
	}
	return out
}

func TestFetchGenericPages(t *testing.T) {
	const u1, u2, u3 = "https://news.example/world/talks", "https://news.example/world/talks/2", "https://news.example/world/talks/3"
	site := pageSite{
		u1: storyPage("Talks resume", 1, "/world/talks/2", false),
		u2: storyPage("Talks resume", 2, u3, true),
		u3: storyPage("Talks resume", 3, "", false),
	}
	a, err := Fetch(context.Background(), site.get, u1)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Page 1, paragraph 1", "Page 1, paragraph 2", "Page 1, paragraph 3", "Page 1, paragraph 4",
		"Page 2, paragraph 1", "Page 2, paragraph 2", "Page 2, paragraph 3", "Page 2, paragraph 4",
		"Page 3, paragraph 1", "Page 3, paragraph 2", "Page 3, paragraph 3", "Page 3, paragraph 4"}
	if got := paragraphsOf(a); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("paragraphs %q", got)
	}
	if a.Pages != 3 || strings.Join(a.PageURLs, " ") != u1+" "+u2+" "+u3 || a.Title != "Talks resume" {
		t.Errorf("pages %d %q, title %q", a.Pages, a.PageURLs, a.Title)
	}

	// A blog's rel="next" to its next post is not a page of this one.
	blog := pageSite{u1: storyPage("Talks resume", 1, "https://news.example/world/another-story", false),
		"https://news.example/world/another-story": storyPage("Another story", 1, "", false)}
	if a, err := Fetch(context.Background(), blog.get, u1); err != nil || a.Pages != 1 || len(paragraphsOf(a)) != 4 {
		t.Errorf("next post joined: %v pages, %v", a.Pages, err)
	}

	// A later page that fails: the pages before it, and ErrIncomplete.
	broken := pageSite{u1: site[u1], u2: site[u2]}
	a, err = Fetch(context.Background(), broken.get, u1)
	if !errors.Is(err, ErrIncomplete) || a == nil || a.Pages != 2 || len(paragraphsOf(a)) != 8 {
		t.Errorf("page 3 missing: %v, %+v", err, a)
	}

	// A page whose next link goes back, or loops: each page once.
	loop := pageSite{u1: site[u1], u2: storyPage("Talks resume", 2, u1, false)}
	if a, err := Fetch(context.Background(), loop.get, u1); err != nil || a.Pages != 2 {
		t.Errorf("loop: %v pages, %v", a.Pages, err)
	}

	// At most MaxPages pages.
	many := pageSite{}
	for i := 1; i <= MaxPages+3; i++ {
		url, next := fmt.Sprintf("https://news.example/long?page=%d", i), fmt.Sprintf("https://news.example/long?page=%d", i+1)
		if i == 1 {
			url = "https://news.example/long"
		}
		many[url] = storyPage("Long read", i, next, false)
	}
	if a, err := Fetch(context.Background(), many.get, "https://news.example/long"); err != nil || a.Pages != MaxPages {
		t.Errorf("long read: %d pages, %v; want %d", a.Pages, err, MaxPages)
	}
}
