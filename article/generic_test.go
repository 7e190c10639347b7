package article

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// Four news pages from the WCXB extraction benchmark (CC-BY-4.0, see
// testdata/generic/README.md) with their human-reviewed gold text.
type corpusCase struct {
	ID      string   `json:"id"`
	URL     string   `json:"url"`
	Title   string   `json:"title"`
	Text    string   `json:"text"`
	With    []string `json:"with"`
	Without []string `json:"without"`
	body    []byte
}

func loadCorpusCases(t testing.TB) []corpusCase {
	t.Helper()
	files, err := filepath.Glob("testdata/generic/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no generic test pages: %v", err)
	}
	var out []corpusCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c corpusCase
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatal(err)
		}
		gz, err := os.ReadFile(strings.TrimSuffix(f, ".json") + ".html.gz")
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		c.body, err = io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// words splits text into \w+ tokens (letters, digits, underscore), as
// the shared scorer does.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || unicode.Is(unicode.Mn, r))
	})
}

// shingleF1 is the ScrapingHub metric for one page: 4-token shingles,
// multiset precision and recall.
func shingleF1(pred, gold string) (p, r, f float64) {
	sh := func(s string) map[string]int {
		w := words(s)
		m := map[string]int{}
		if len(w) < 4 {
			if len(w) > 0 {
				m[strings.Join(w, " ")]++
			}
			return m
		}
		for i := 0; i+4 <= len(w); i++ {
			m[strings.Join(w[i:i+4], " ")]++
		}
		return m
	}
	ps, gs := sh(pred), sh(gold)
	tp, np, ng := 0, 0, 0
	for k, v := range ps {
		np += v
		tp += min(v, gs[k])
	}
	for _, v := range gs {
		ng += v
	}
	if np == 0 || ng == 0 {
		return 0, 0, 0
	}
	p, r = float64(tp)/float64(np), float64(tp)/float64(ng)
	if p+r == 0 {
		return p, r, 0
	}
	return p, r, 2 * p * r / (p + r)
}

// TestGenericNewsPages checks the generic extractor against gold text on
// real news pages: shingle F1, the snippets that must be found and the
// boilerplate that must not.
func TestGenericNewsPages(t *testing.T) {
	for _, c := range loadCorpusCases(t) {
		t.Run(c.ID, func(t *testing.T) {
			a, err := Extract(context.Background(), c.body, c.URL)
			if err != nil {
				t.Fatal(err)
			}
			if a.Extractor != "generic" {
				t.Errorf("extractor %q", a.Extractor)
			}
			text := a.Text()
			p, r, f := shingleF1(text, c.Text)
			t.Logf("%s: P %.3f R %.3f F1 %.3f, %d blocks", c.ID, p, r, f, len(a.Blocks))
			if f < 0.95 {
				t.Errorf("F1 %.3f < 0.95 (P %.3f R %.3f)", f, p, r)
			}
			// Snippets are compared as word sequences: the gold text
			// normalises quotes and dashes ("--" for "—").
			norm := func(s string) string { return " " + strings.ToLower(strings.Join(words(s), " ")) + " " }
			low := norm(text)
			for _, s := range c.With {
				if !strings.Contains(low, norm(s)) {
					t.Errorf("missing %q", s)
				}
			}
			for _, s := range c.Without {
				if strings.Contains(low, norm(s)) {
					t.Errorf("boilerplate %q in text", s)
				}
			}
			if a.Title == "" {
				t.Errorf("no title")
			}
			// Every inline link is an absolute http(s) URL whose
			// offsets cut the block text at rune boundaries.
			for _, b := range a.Blocks {
				for _, l := range b.Links {
					if l.Start < 0 || l.End > len(b.Text) || l.Start >= l.End {
						t.Fatalf("bad link offsets %+v in %q", l, b.Text)
					}
					if !strings.HasPrefix(l.URL, "https://") && !strings.HasPrefix(l.URL, "http://") {
						t.Errorf("link %q", l.URL)
					}
					if strings.TrimSpace(b.Text[l.Start:l.End]) != b.Text[l.Start:l.End] {
						t.Errorf("link text %q not trimmed", b.Text[l.Start:l.End])
					}
				}
			}
		})
	}
}

// TestGenericMetadata checks meta tags and JSON-LD on a small page.
func TestGenericMetadata(t *testing.T) {
	page := `<!doctype html><html lang="en"><head><title>Harbour reopens after storm | The Coast Times</title>
<meta property="og:site_name" content="The Coast Times">
<meta property="article:section" content="Local">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Coast Times"},
{"@type":"NewsArticle","headline":"Harbour reopens after storm","datePublished":"2024-03-05T08:30:00+11:00",
"author":[{"@type":"Person","name":"Ana Diaz"},{"@type":"Person","name":"Tom Lee"}]}]}</script></head>
<body><header><nav><a href="/">Home</a> <a href="/local">Local</a></nav></header>
<article><h1>Harbour reopens after storm</h1><p class="byline">By Ana Diaz and Tom Lee</p>
` + paragraphs(6) + `<div class="share-bar"><a href="https://facebook.com/share">Share on Facebook</a></div></article>
<footer>Copyright 2024 The Coast Times. All rights reserved.</footer></body></html>`
	a, err := Extract(context.Background(), []byte(page), "https://coast.example/local/harbour")
	if err != nil {
		t.Fatal(err)
	}
	j := a.JSON()
	if j.Title != "Harbour reopens after storm" || j.Byline != "Ana Diaz and Tom Lee" || j.Source != "The Coast Times" ||
		j.Section != "Local" || j.Published != "2024-03-05T08:30:00+11:00" {
		t.Errorf("metadata: %+v", j)
	}
	if len(j.Paragraphs) != 6 {
		t.Errorf("%d paragraphs, want 6: %q", len(j.Paragraphs), j.Paragraphs)
	}
	for _, bad := range []string{"Share on Facebook", "All rights reserved", "Home", "By Ana Diaz"} {
		if strings.Contains(j.Text, bad) {
			t.Errorf("%q in text", bad)
		}
	}
}

// paragraphs returns n distinct article paragraphs.
func paragraphs(n int) string {
	var b strings.Builder
	subjects := []string{"The harbour master", "Fishing crews", "Local traders", "The council", "Volunteers", "Engineers", "Ferry operators", "Residents"}
	for i := 0; i < n; i++ {
		s := subjects[i%len(subjects)]
		b.WriteString("<p>" + s + " said on Tuesday that the repairs, which began after the storm damaged two piers and a breakwater, " +
			"would take several weeks, and that the cost, still being assessed, would be shared between the state and the port authority (paragraph " +
			string(rune('A'+i)) + ").</p>\n")
	}
	return b.String()
}

// TestBlockKinds checks headings, lists, quotes, pre, tables, figures
// and inline links in the generic path.
func TestBlockKinds(t *testing.T) {
	page := `<html><body><main><article>
<h2>What happened</h2>` + paragraphs(3) + `
<blockquote><p>"We will rebuild," the mayor said, adding that the town had come through worse.</p></blockquote>
<ul><li>First point about the storm and its damage to the harbour</li><li>Second point <a href="/map">with a map</a>
<ul><li>Nested detail</li></ul></li></ul>
<figure><img src="/img/pier.jpg" alt="The pier"><figcaption>The damaged pier on Monday. (Photo: A. Diaz)</figcaption></figure>
<pre>  tide  1.2 m
  wind  40 km/h</pre>
<table><tr><th>Pier</th><th>Status</th></tr><tr><td>North</td><td>Closed</td></tr><tr><td>South</td><td>Open</td></tr></table>
<p>Read the <a href="javascript:alert(1)">council report</a>, the <a href="data:text/html,hi">data</a>, the <a href="notes.html">notes</a>
and <a href="https://port.example/plan">the port plan</a>. See <a href="#fn1">note 1</a>.</p>
</article></main></body></html>`
	a, err := Extract(context.Background(), []byte(page), "https://town.example/news/storm")
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[BlockKind][]string{}
	for _, b := range a.Blocks {
		kinds[b.Kind] = append(kinds[b.Kind], b.Text)
	}
	if got := kinds[Heading]; len(got) != 1 || got[0] != "What happened" {
		t.Errorf("headings %q", got)
	}
	if got := kinds[Quote]; len(got) != 1 || !strings.HasPrefix(got[0], `"We will rebuild,"`) {
		t.Errorf("quotes %q", got)
	}
	if got := kinds[ListItem]; len(got) != 3 || got[2] != "Nested detail" {
		t.Errorf("list items %q", got)
	}
	for _, b := range a.Blocks {
		if b.Kind == ListItem && b.Text == "Nested detail" && b.Level != 2 {
			t.Errorf("nested level %d", b.Level)
		}
	}
	if got := kinds[Caption]; len(got) != 1 || got[0] != "The damaged pier on Monday. (Photo: A. Diaz)" {
		t.Errorf("captions %q", got)
	}
	if got := kinds[Image]; len(got) != 1 || a.Images[0] != "https://town.example/img/pier.jpg" {
		t.Errorf("images %q %q", got, a.Images)
	}
	if got := kinds[Preformatted]; len(got) != 1 || got[0] != "  tide  1.2 m\n  wind  40 km/h" {
		t.Errorf("pre %q", got)
	}
	if !strings.Contains(a.Text(), "North | Closed") {
		t.Errorf("table rows missing: %q", a.Text())
	}
	for _, c := range a.Captions() {
		if strings.Contains(a.Text(), c) {
			t.Errorf("caption in Text")
		}
	}
	var urls []string
	for _, l := range a.Links {
		urls = append(urls, l.URL)
	}
	want := []string{"https://town.example/map", "https://town.example/news/notes.html", "https://port.example/plan"}
	if strings.Join(urls, " ") != strings.Join(want, " ") {
		t.Errorf("links %q, want %q", urls, want)
	}
	for _, b := range a.Blocks {
		for _, l := range b.Links {
			if l.URL == "https://port.example/plan" && b.Text[l.Start:l.End] != "the port plan" {
				t.Errorf("anchor %q", b.Text[l.Start:l.End])
			}
		}
		if strings.HasPrefix(b.Text, "Read the council report") && len(b.Links) != 2 {
			t.Errorf("links in last paragraph: %+v", b.Links)
		}
	}
}

// TestGenericOnChinaDaily runs the generic extractor (not the adapter) on
// the China Daily fixture pages: a news layout it was not written for
// should still give the body paragraphs, with captions kept apart.
func TestGenericOnChinaDaily(t *testing.T) {
	base := "http://127.0.0.1:8080"
	files := cdFiles(t, base)
	for id, g := range loadGold(t, base) {
		doc, err := ParseDocument(context.Background(), files[g.URL], "")
		if err != nil {
			t.Fatal(err)
		}
		blocks, err := extractGeneric(context.Background(), doc, resolverFor(g.URL, ""), readMeta(doc))
		if err != nil {
			t.Fatal(err)
		}
		a := &Article{Blocks: blocks}
		want := g.Paragraphs
		if g.Pages == 2 {
			want = want[:7] // page 1 only
		}
		if _, _, f := shingleF1(a.Text(), strings.Join(want, "\n\n")); f < 0.98 {
			t.Errorf("%s: F1 %.3f", id, f)
		}
		for _, c := range g.Captions {
			if strings.Contains(a.Text(), c) {
				t.Errorf("%s: caption %q in text", id, c)
			}
		}
	}
}
