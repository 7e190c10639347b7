package article

import (
	"context"
	"strings"
	"testing"
)

// paragraphsAt returns n distinct test paragraphs starting at the
// from-th, so that sections of a page do not repeat each other.
func paragraphsAt(from, n int) string {
	return strings.Join(strings.SplitAfter(paragraphs(from+n), "</p>\n")[from:from+n], "")
}

// A <header> that only wraps a section's sub-heading is part of the text;
// the page's own header (site name, menu) still goes.
func TestSectionHeaderKept(t *testing.T) {
	page := `<html><body><header class="site"><a href="/">Harbour Times</a> <a href="/news">News</a> <a href="/sport">Sport</a></header>
<main><article><h1>Storm repairs</h1>` + paragraphsAt(0, 2) + `
<section><header><h2>1. The north pier</h2></header>` + paragraphsAt(2, 2) + `</section>
<section><header class="title"><h3>2. The breakwater</h3></header>` + paragraphsAt(4, 2) + `</section>
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

// Short link buttons repeated on every card ("Learn more", "Directions")
// go; a repeated unlinked label ("Pros") and a link said once stay.
func TestRepeatedLinkButtonsDropped(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><body><main><article><h1>Five piers</h1>`)
	for i := 0; i < 4; i++ {
		b.WriteString(`<h2>Pier ` + string(rune('A'+i)) + `</h2>` + paragraphs(1+i%2) + `<p><strong>Pros</strong></p>
<p><a href="/pier/` + string(rune('a'+i)) + `">Learn more</a></p>`)
	}
	b.WriteString(`<p><a href="/map">Harbour map</a></p></article></main></body></html>`)
	a, err := Extract(context.Background(), []byte(b.String()), "https://town.example/news/piers")
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	if strings.Contains(text, "Learn more") {
		t.Errorf("repeated link buttons kept: %q", text)
	}
	if strings.Count(text, "Pros") != 4 || !strings.Contains(text, "Harbour map") {
		t.Errorf("labels or single link lost: %q", text)
	}
}

// A run of link-only lines that ends the story (other stories, no
// "Related" heading) goes; a link roundup made of links keeps them.
func TestTrailingLinkRunDropped(t *testing.T) {
	links := `<p><a href="/a">Ferry timetable changes for the winter</a></p>
<p><a href="/b">Five walks along the old harbour wall</a></p>
<p><a href="/c">How the lighthouse was restored</a></p>`
	page := `<html><body><main><article><h1>Storm repairs</h1>` + paragraphs(6) +
		`<p>More from our coast desk, if you liked this story!</p>` + links + `</article></main></body></html>`
	a, err := Extract(context.Background(), []byte(page), "https://town.example/news/storm")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text(), "lighthouse") || !strings.Contains(a.Text(), "paragraph F") {
		t.Errorf("trailing link run: %q", a.Text())
	}
	roundup := `<html><body><main><article><h1>This week's links</h1><p>Our pick of the week's reading, from the harbour and beyond the coast road, in no order.</p>` +
		links + `</article></main></body></html>`
	a, err = Extract(context.Background(), []byte(roundup), "https://town.example/news/links")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text(), "lighthouse") {
		t.Errorf("roundup links dropped: %q", a.Text())
	}
}

// An article split across containers: the entries of a list score best,
// but the lead and the conclusion around them in the same column are
// part of the text. A link-heavy sidebar beside the column stays out.
func TestSplitArticleMovesUp(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><body><div class="page"><div class="column"><h1>Five piers</h1>
<div class="intro"><p>Lead: the storm that hit the coast last month damaged five of the town's piers, and the council has now set out how each of them will be repaired, in what order and at what cost, after a month in which the fishing fleet has had to land its catch at the neighbouring port.</p>
<p>Lead: engineers surveyed every pier in the weeks after the storm, and their report, published on Monday, ranks the damage from the worst to the mildest, with the north pier first, because its deck has split along most of its length and two of its piles have gone.</p></div>
<section class="entries"><h2>The five piers</h2><div class="grid"><ul>`)
	for i := 0; i < 5; i++ {
		b.WriteString(`<li><h3>Pier ` + string(rune('A'+i)) + `</h3>` + paragraphs(4) + `</li>`)
	}
	b.WriteString(`</ul></div></section>
<div class="outro"><h2>What comes next</h2>
<p>Conclusion: the council will vote on the plan at its next meeting, and work on the first pier could begin before the end of the year if the money from the state arrives in time, which the mayor said on Tuesday she now expected it to do.</p>
<p>Conclusion: residents can comment on the plan at the town hall until the end of the month, and the full engineers' report is available at the library, at the harbour office and online, together with the maps and the costs of each repair.</p></div>
</div><div class="sidebar"><a href="/a">Ferry timetable</a> <a href="/b">Harbour walks</a> <a href="/c">Lighthouse restored</a> <a href="/d">Fish market</a></div></div></body></html>`)
	a, err := Extract(context.Background(), []byte(b.String()), "https://town.example/news/piers")
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	if !strings.Contains(text, "Pier E") || strings.Count(text, "Lead:") != 2 || strings.Count(text, "Conclusion:") != 2 {
		t.Errorf("lead, entries or conclusion lost: %q", text)
	}
	if strings.Contains(text, "Ferry timetable") {
		t.Errorf("sidebar kept: %q", text)
	}
}

// A short heading left at the very end (its section, a player or a
// sign-up form, is gone) titles nothing and goes; headings with text
// under them stay.
func TestTrailingHeadingDropped(t *testing.T) {
	page := `<html><body><main><article><h1>Storm repairs</h1>` + paragraphs(3) +
		`<h2>What the council said</h2><p>The council said the work on the north pier would start first, because the fishing fleet depends on it, and that the other piers would follow in spring.</p>` +
		`<h3>Listen to our harbour podcast</h3><iframe src="https://player.example/ep1"></iframe></article></main></body></html>`
	a, err := Extract(context.Background(), []byte(page), "https://town.example/news/storm")
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	if strings.Contains(text, "podcast") {
		t.Errorf("trailing heading kept: %q", text)
	}
	if !strings.Contains(text, "What the council said") || !strings.HasSuffix(text, "would follow in spring.") {
		t.Errorf("heading or last paragraph lost: %q", text)
	}
}

// Generators that wrap every paragraph in its own div (AsciiDoc,
// page builders) must not lose the short or linked ones to conditional
// cleaning: a div around one paragraph is that paragraph. A div around
// a lone button link still goes.
func TestWrappedParagraphsKept(t *testing.T) {
	wrap := func(s string) string { return `<div class="paragraph">` + s + "</div>\n" }
	var body strings.Builder
	for _, p := range strings.SplitAfter(paragraphs(6), "</p>\n") {
		if p != "" {
			body.WriteString(wrap(p))
		}
	}
	page := `<html><body><main><article><h1>Storm repairs</h1>` + body.String() +
		wrap(`<p><strong>Pier costs</strong></p>`) +
		wrap(`<p>Read the town's <a href="/budget">repair budget</a> for 2025 before the vote.</p>`) +
		wrap(`<p><a href="/book">Book a tour</a></p>`) +
		wrap(`<p>The council meets again in May to agree the final figure, the mayor said after the vote.</p>`) +
		`</article></main></body></html>`
	a, err := Extract(context.Background(), []byte(page), "https://town.example/news/storm")
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	for _, want := range []string{"Pier costs", "repair budget for 2025", "council meets again"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q dropped: %q", want, text)
		}
	}
	if strings.Contains(text, "Book a tour") {
		t.Errorf("button kept: %q", text)
	}
}

// A short line whose text is all in links that go nowhere (a script's
// "Book Now" button, a "Show map" jump link) is not text; a heading that
// links to itself and a sentence with a footnote link stay.
func TestDeadLinkButtonsDropped(t *testing.T) {
	page := `<html><body><main><article><h1>Storm repairs</h1>` + paragraphsAt(0, 3) +
		`<p><a href="" class="button">Book Now</a></p>
<div class="actions"><a href="#map"><span>Show map</span></a></div>
<p><a href="javascript:void(0)">Open the gallery</a></p>
<h2 id="costs"><a href="#costs">Costs</a></h2>` + paragraphsAt(3, 3) +
		`<p>The mayor thanked the crews.<a href="#fn1">1</a></p>
</article></main></body></html>`
	a, err := Extract(context.Background(), []byte(page), "https://town.example/news/storm")
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	for _, bad := range []string{"Book Now", "Show map", "Open the gallery"} {
		if strings.Contains(text, bad) {
			t.Errorf("%q kept: %q", bad, text)
		}
	}
	for _, want := range []string{"Costs", "The mayor thanked the crews."} {
		if !strings.Contains(text, want) {
			t.Errorf("%q dropped: %q", want, text)
		}
	}
}

// A heading's id is a slug of its text and may hold a word that names
// furniture on a box ("popular", "bio", "toc"); the heading stays. A
// box named so still goes.
func TestHeadingSlugNotBoilerplate(t *testing.T) {
	page := `<html><body><main><article><h1>Electric cars</h1>` + paragraphsAt(0, 3) +
		`<h2 id="popular-ev-models">Popular EV models</h2>` + paragraphsAt(3, 2) +
		`<h3 id="biochar-and-batteries">Biochar and batteries</h3>` + paragraphsAt(5, 2) +
		`<h2 class="wp-block-heading toc">Charging at home</h2>` + paragraphsAt(7, 2) +
		`<div class="popular-posts"><a href="/a">Ten cheap cars</a> <a href="/b">Tyres</a></div>
</article></main></body></html>`
	a, err := Extract(context.Background(), []byte(page), "https://cars.example/news/ev")
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	for _, want := range []string{"Popular EV models", "Biochar and batteries", "Charging at home"} {
		if !strings.Contains(text, want) {
			t.Errorf("heading %q dropped: %q", want, text)
		}
	}
	if strings.Contains(text, "Ten cheap cars") {
		t.Errorf("popular-posts box kept: %q", text)
	}
}

// The unlikely-candidate test (Readability's class/id words) does not
// apply to headings: "community-rules" or "extra-costs" is the slug
// of the heading's text.
func TestHeadingSlugNotUnlikely(t *testing.T) {
	page := `<html><body><div class="sidebar"><a href="/a">Most read</a> <a href="/b">Weather</a></div>
<main><article><h1>Club rules</h1>` + paragraphsAt(0, 3) +
		`<h2 id="community-rules">Community rules</h2>` + paragraphsAt(3, 2) +
		`<h3 id="extra-costs">Extra costs</h3>` + paragraphsAt(5, 2) +
		`</article></main></body></html>`
	a, err := Extract(context.Background(), []byte(page), "https://club.example/news/rules")
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	for _, want := range []string{"Community rules", "Extra costs"} {
		if !strings.Contains(text, want) {
			t.Errorf("heading %q dropped: %q", want, text)
		}
	}
	if strings.Contains(text, "Most read") {
		t.Errorf("sidebar kept: %q", text)
	}
}

// Readability's rule that drops an h1/h2 with a negative class reads the
// class only: the id of a heading is a slug of its text.
func TestHeadingWeightByClassOnly(t *testing.T) {
	page := `<html><body><main><article><h1>Club rules</h1>` + paragraphsAt(0, 3) +
		`<h2 id="social-media-rules">Social media rules</h2>` + paragraphsAt(3, 2) +
		`<h2 class="widget-title">Weekly deals</h2>` + paragraphsAt(5, 2) +
		`</article></main></body></html>`
	a, err := Extract(context.Background(), []byte(page), "https://club.example/news/rules")
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	if !strings.Contains(text, "Social media rules") {
		t.Errorf("heading dropped: %q", text)
	}
	if strings.Contains(text, "Weekly deals") {
		t.Errorf("heading with a negative class kept: %q", text)
	}
}
