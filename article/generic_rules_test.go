package article

import (
	"context"
	"strings"
	"testing"
)

// A <header> that only wraps a section's sub-heading is part of the text;
// the page's own header (site name, menu) still goes.
func TestSectionHeaderKept(t *testing.T) {
	page := `<html><body><header class="site"><a href="/">Harbour Times</a> <a href="/news">News</a> <a href="/sport">Sport</a></header>
<main><article><h1>Storm repairs</h1>` + paragraphs(2) + `
<section><header><h2>1. The north pier</h2></header>` + paragraphs(2) + `</section>
<section><header class="title"><h3>2. The breakwater</h3></header>` + paragraphs(2) + `</section>
</article></main></body></html>`
	a, err := Extract(context.Background(), []byte(page), "https://town.example/news/storm")
	if err != nil {
		t.Fatal(err)
	}
	var heads []string
	for _, b := range a.Blocks {
		if b.Kind == Heading {
			heads = append(heads, b.Text)
		}
	}
	if strings.Join(heads, "|") != "1. The north pier|2. The breakwater" {
		t.Errorf("headings %q", heads)
	}
	if strings.Contains(a.Text(), "Harbour Times") {
		t.Errorf("site header kept: %q", a.Text())
	}
}
