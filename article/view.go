package article

import (
	"strings"
	"time"
)

// String names a block kind ("paragraph", "heading", …).
func (k BlockKind) String() string {
	switch k {
	case Paragraph:
		return "paragraph"
	case Heading:
		return "heading"
	case Quote:
		return "quote"
	case ListItem:
		return "list-item"
	case Caption:
		return "caption"
	case Image:
		return "image"
	case Preformatted:
		return "pre"
	}
	return "unknown"
}

// IsBody reports whether blocks of this kind are body text: paragraphs,
// headings, quotes, list items and preformatted text. Captions and images
// are not.
func (k BlockKind) IsBody() bool {
	switch k {
	case Paragraph, Heading, Quote, ListItem, Preformatted:
		return true
	}
	return false
}

// Paragraphs returns the text of the body blocks in order (see
// BlockKind.IsBody): captions and images are excluded.
func (a *Article) Paragraphs() []string {
	out := []string{}
	for _, b := range a.Blocks {
		if b.Kind.IsBody() {
			out = append(out, b.Text)
		}
	}
	return out
}

// Captions returns the caption blocks' text in order.
func (a *Article) Captions() []string {
	out := []string{}
	for _, b := range a.Blocks {
		if b.Kind == Caption {
			out = append(out, b.Text)
		}
	}
	return out
}

// Text is the body paragraphs joined by blank lines, ready for scoring.
func (a *Article) Text() string {
	return strings.Join(a.Paragraphs(), "\n\n")
}

// JSONArticle is the JSON view of an Article, as `dateline extract
// --json` prints it. Published is RFC 3339 with the zone offset, or ""
// when unknown.
type JSONArticle struct {
	URL        string      `json:"url"`
	Title      string      `json:"title"`
	Byline     string      `json:"byline"`
	Place      string      `json:"place"`
	Source     string      `json:"source"`
	Published  string      `json:"published"`
	Section    string      `json:"section"`
	Pages      int         `json:"pages"`
	PageURLs   []string    `json:"page_urls"`
	Paragraphs []string    `json:"paragraphs"`
	Captions   []string    `json:"captions"`
	Images     []JSONImage `json:"images"`
	Links      []Link      `json:"links"`
	Text       string      `json:"text"`
	Extractor  string      `json:"extractor"`
}

// JSONImage is an image of the article with its caption or alt text.
type JSONImage struct {
	URL  string `json:"url"`
	Text string `json:"text"`
}

// JSON returns the JSON view of the article.
func (a *Article) JSON() JSONArticle {
	j := JSONArticle{
		URL:        a.URL,
		Title:      a.Title,
		Byline:     a.Byline,
		Place:      a.Place,
		Source:     a.Source,
		Section:    a.Section,
		Pages:      a.Pages,
		PageURLs:   append([]string{}, a.PageURLs...),
		Paragraphs: a.Paragraphs(),
		Captions:   a.Captions(),
		Images:     []JSONImage{},
		Links:      append([]Link{}, a.Links...),
		Text:       a.Text(),
		Extractor:  a.Extractor,
	}
	if !a.Published.IsZero() {
		j.Published = a.Published.Format(time.RFC3339)
	}
	for _, b := range a.Blocks {
		if b.Kind == Image {
			j.Images = append(j.Images, JSONImage{URL: b.Src, Text: b.Text})
		}
	}
	return j
}

// collectLinks fills a.Images and a.Links from the blocks: links in order
// of first appearance, one per URL.
func (a *Article) collectLinks() {
	a.Images = nil
	a.Links = nil
	seenImg := map[string]bool{}
	seen := map[string]bool{}
	for _, b := range a.Blocks {
		if b.Kind == Image && b.Src != "" && !seenImg[b.Src] {
			seenImg[b.Src] = true
			a.Images = append(a.Images, b.Src)
		}
		for _, l := range b.Links {
			if seen[l.URL] {
				continue
			}
			seen[l.URL] = true
			a.Links = append(a.Links, Link{Text: b.Text[l.Start:l.End], URL: l.URL})
		}
	}
}
