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

// An author box that survives as a paragraph right above or below the
// story ("Jane Doe is a reporter…") is dropped; the same name inside the
// story is not touched.
func TestAuthorBioDropped(t *testing.T) {
	page := `<html><head><meta name="author" content="Jane Doe"></head><body><main><article><h1>Storm repairs</h1>
<p>Jane Doe is a senior reporter who has covered the harbour, the port authority and coastal towns for ten years.</p>` +
		paragraphs(10) + `<p>Jane Doe, who grew up in the town, spoke to the harbour master about the repairs for this report, and to the crews.</p>
<p>Jane has written for regional papers and teaches journalism at the state university in the evenings.</p>
</article></main></body></html>`
	a, err := Extract(context.Background(), []byte(page), "https://town.example/news/storm")
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	if strings.Contains(text, "senior reporter") || strings.Contains(text, "teaches journalism") {
		t.Errorf("author bio kept: %q", text)
	}
	if !strings.Contains(text, "spoke to the harbour master") {
		t.Errorf("story paragraph naming the author dropped: %q", text)
	}
}
