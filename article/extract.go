package article

import (
	"context"
	"fmt"
	"strings"
	"time"
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

// extractPage extracts one page and also returns the China Daily page
// links (#div_currpage) for Fetch.
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
	res := newResolver(pageURL, doc)
	a := &Article{URL: pageURL, Pages: 1}
	if pageURL != "" {
		a.PageURLs = []string{pageURL}
	}
	var pageLinks []string
	if col, content := matchChinaDaily(doc, pageURL); content != nil {
		p := extractChinaDaily(doc, col, content, res)
		a.Title, a.Byline, a.Place, a.Source = p.title, p.byline, p.place, p.source
		a.Published, a.Section = p.published, p.section
		a.Blocks = p.blocks
		a.Extractor = "chinadaily"
		pageLinks = p.pageLinks
	} else {
		meta := readMeta(doc)
		title := meta.Title
		if title == "" {
			title = docHeadline(doc, meta.DocTitle)
		}
		meta.Title = title
		wall := loginWallSignals(doc)
		blocks, err := extractGeneric(ctx, doc, res, meta)
		if err != nil {
			return nil, nil, err
		}
		a.Title, a.Byline, a.Source, a.Section, a.Published = title, meta.Byline, meta.SiteName, meta.Section, meta.Published
		a.Blocks = blocks
		a.Extractor = "generic"
		// A login or subscription wall: little text, and a password
		// field or wall wording on the page.
		if chars := bodyChars(blocks); chars < 700 && (wall.password || wall.phrase(innerText(doc))) {
			return nil, nil, fmt.Errorf("%w: login or subscription wall", ErrNoArticle)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, timeoutErr(err)
	}
	a.collectLinks()
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

type wallSignals struct {
	password bool
}

// loginWallSignals looks for a password field in the page.
func loginWallSignals(doc *html.Node) wallSignals {
	var w wallSignals
	w.password = findFirst(doc, func(n *html.Node) bool {
		return n.DataAtom == atom.Input && strings.EqualFold(attr(n, "type"), "password")
	}) != nil
	return w
}

var wallPhrases = []string{
	"sign in to continue", "log in to continue", "login to continue", "sign in to read",
	"log in to read", "subscribe to continue", "subscribe to read", "subscribers only",
	"for subscribers", "create a free account to", "register to continue", "register to read",
	"this content is available to", "you must be logged in", "please log in", "please sign in",
	"to continue reading", "already a subscriber", "start your subscription", "members only",
}

// phrase reports wall wording in the extracted text.
func (w wallSignals) phrase(text string) bool {
	low := strings.ToLower(text)
	for _, p := range wallPhrases {
		if strings.Contains(low, p) {
			return true
		}
	}
	return false
}
