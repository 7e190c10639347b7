package article

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// DefaultBudget is the time budget of one page when ctx has no deadline.
const DefaultBudget = 10 * time.Second

// Extract returns the reader-mode article of one page. pageURL resolves
// relative links and images (they are left out when it is empty) and
// picks the site adapter. The charset comes from a BOM, a valid UTF-8
// body, the <meta> tag or sniffing.
//
// Errors: ErrNotHTML (empty, binary or non-HTML body), ErrTooLarge,
// ErrNoArticle (no article text, or a login/paywall page), ErrTimeout.
func Extract(ctx context.Context, html []byte, pageURL string) (*Article, error) {
	return ExtractWithContentType(ctx, html, pageURL, "")
}

// ExtractWithContentType is Extract for a body fetched over HTTP: the
// Content-Type header's media type and charset are honoured (a body that
// is valid UTF-8 is still read as UTF-8 whatever the label says).
func ExtractWithContentType(ctx context.Context, body []byte, pageURL, contentType string) (*Article, error) {
	a, _, err := extractPage(ctx, body, pageURL, contentType)
	return a, err
}

// extractPage extracts one page and also returns the links to its other
// pages for Fetch: China Daily's #div_currpage links, or a generic page's
// rel="next" page (see nextPageLink).
func extractPage(ctx context.Context, body []byte, pageURL, contentType string) (*Article, []string, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultBudget)
		defer cancel()
	}
	doc, _, err := parseBody(ctx, body, contentType)
	if err != nil {
		return nil, nil, err
	}
	meta := readMeta(doc)
	res := resolverFor(pageURL, meta.baseHref)
	a := &Article{URL: pageURL, Pages: 1}
	if pageURL != "" {
		a.PageURLs = []string{pageURL}
	}
	var pageLinks []string
	if col, content := matchChinaDaily(meta.contentDiv, pageURL); content != nil {
		p := extractChinaDaily(doc, col, content, res)
		a.Title, a.Byline, a.Place, a.Source = p.title, p.byline, p.place, p.source
		a.Published, a.Section = p.published, p.section
		a.Blocks = p.blocks
		a.Extractor = "chinadaily"
		pageLinks = p.pageLinks
	} else {
		title := chooseTitle(meta)
		if title == "" {
			title = docHeadline(doc, meta.DocTitle)
		}
		meta.Title = title
		if meta.Byline != "" && strings.EqualFold(meta.Byline, meta.SiteName) {
			meta.Byline = "" // "USA TODAY" is the publisher, not the author
		}
		if meta.Byline == "" {
			meta.Byline = bylineFromPage(doc)
		}
		blocks, walled, err := extractGenericTrace(ctx, doc, res, meta, nil)
		if err != nil {
			return nil, nil, err
		}
		// Pages rendered by scripts may carry the story only in their
		// JSON-LD articleBody; use it when it holds far more text.
		if ld := ldBodyBlocks(meta.Body); bodyChars(ld) >= 500 && bodyChars(ld) > 2*bodyChars(blocks) {
			blocks = ld
		}
		a.Title, a.Byline, a.Source, a.Section, a.Published = title, meta.Byline, meta.SiteName, meta.Section, meta.Published
		a.Blocks = blocks
		a.Extractor = "generic"
		if next := nextPageLink(doc, res, pageURL); next != "" {
			pageLinks = []string{next}
		}
		for _, b := range blocks {
			if b.Kind == Paragraph {
				a.Place = datelinePlace(b.Text)
				break
			}
		}
		// A login or subscription wall: little text, and a wall in the
		// article region (see walled), not merely a login form elsewhere.
		if bodyChars(blocks) < wallMaxChars && walled {
			return nil, nil, fmt.Errorf("%w: login or subscription wall", ErrNoArticle)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, timeoutErr(err)
	}
	a.collectLinks()
	capMeta(a)
	if bodyChars(a.Blocks) < minBodyChars(a) {
		return nil, nil, fmt.Errorf("%w: no article text on the page", ErrNoArticle)
	}
	return a, pageLinks, nil
}

// minBodyChars: an article needs some body text. A China Daily photo
// story may be short; a generic page with under 100 characters is an
// index, an error or an app shell.
func minBodyChars(a *Article) int {
	if a.Extractor == "chinadaily" {
		return 1
	}
	return 100
}

// docHeadline is the page's own headline when there is no metadata: the
// first <h1>, else the <title> without its " | Site" suffix.
func docHeadline(doc *html.Node, docTitle string) string {
	if h1 := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.H1 }); h1 != nil {
		if t := innerText(h1); t != "" && utf8.RuneCountInString(t) < 300 {
			return t
		}
	}
	t := docTitle
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " » "} {
		if i := strings.LastIndex(t, sep); i > 0 && i > len(t)/3 {
			t = t[:i]
			break
		}
	}
	return strings.TrimSpace(t)
}

// stripSiteName removes a " | Site" or " - Site" suffix (or prefix) from
// a headline taken from metadata.
func stripSiteName(title, site string) string {
	if site == "" || title == "" {
		return title
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · "} {
		if t, ok := strings.CutSuffix(title, sep+site); ok && t != "" {
			return strings.TrimSpace(t)
		}
		if t, ok := strings.CutPrefix(title, site+sep); ok && t != "" {
			return strings.TrimSpace(t)
		}
	}
	return title
}

// bylineFromPage finds a short byline element when the metadata has no
// author: rel=author links, then elements whose class names a byline.
func bylineFromPage(doc *html.Node) string {
	var found string
	findFirst(doc, func(n *html.Node) bool {
		if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
			return false
		}
		rel := attr(n, "rel") == "author" || attr(n, "itemprop") == "author"
		cls := strings.ToLower(attr(n, "class"))
		if !rel && !strings.Contains(cls, "byline") && !strings.Contains(cls, "author") {
			return false
		}
		t := cleanByline(innerText(n))
		if t == "" || utf8.RuneCountInString(t) > 80 {
			return false
		}
		found = t
		return true
	})
	return found
}

// ldBodyBlocks splits a JSON-LD articleBody into paragraph blocks.
func ldBodyBlocks(body string) []Block {
	if len(body) < 500 {
		return nil
	}
	// articleBody is plain text, but some sites put HTML in it.
	if strings.Contains(body, "</p>") || strings.Contains(body, "<br") {
		return nil
	}
	var out []Block
	sep := "\n\n"
	if !strings.Contains(body, sep) {
		sep = "\n"
	}
	for _, p := range strings.Split(body, sep) {
		if t := cleanText(p); t != "" {
			out = append(out, Block{Kind: Paragraph, Text: t})
		}
	}
	return out
}

// chooseTitle prefers the page's own <h1> when it names the same story as
// the metadata title (og:title and <title> are often shortened or carry
// the site name); otherwise the metadata title without the site name.
func chooseTitle(m pageMeta) string {
	meta := stripSiteName(m.Title, m.SiteName)
	doc := stripSiteName(m.DocTitle, m.SiteName)
	h1 := m.h1
	if n := utf8.RuneCountInString(h1); n >= 8 && n <= 300 {
		for _, t := range []string{meta, doc} {
			if t != "" && wordOverlap(h1, t) >= 0.6 {
				return h1
			}
		}
	}
	if meta == "" {
		return ""
	}
	// "Headline | Blog Name": a short trailing part after a bar is the
	// site's name even when it differs from og:site_name.
	for _, sw := range []struct {
		sep      string
		maxWords int
	}{{" | ", 3}, {" – ", 2}, {" — ", 2}} {
		sep, maxWords := sw.sep, sw.maxWords
		if i := strings.LastIndex(meta, sep); i > 0 {
			tail := meta[i+len(sep):]
			if n := len(strings.Fields(tail)); n >= 1 && n <= maxWords && utf8.RuneCountInString(meta[:i]) >= 15 && unicode.IsUpper(firstRune(tail)) {
				return strings.TrimSpace(meta[:i])
			}
		}
	}
	return meta
}

// wordOverlap is the share of a's words found in b (case-insensitive).
func wordOverlap(a, b string) float64 {
	aw := strings.Fields(normLine(a))
	if len(aw) == 0 {
		return 0
	}
	bw := map[string]bool{}
	for _, w := range strings.Fields(normLine(b)) {
		bw[w] = true
	}
	k := 0
	for _, w := range aw {
		if bw[w] {
			k++
		}
	}
	return float64(k) / float64(len(aw))
}
