// Package article is reader mode: it turns an article page into clean
// blocks of text, with a China Daily adapter and a generic extractor.
package article

import "time"

// BlockKind is what a block of the article is.
type BlockKind int

// The kinds of block, as the reader shows them.
const (
	Paragraph BlockKind = iota
	Heading
	Quote
	ListItem
	Caption
	Image
	Preformatted
)

// InlineLink is a link inside a block's text: Text[Start:End] (byte
// offsets) is the anchor text, URL is absolute and http(s).
type InlineLink struct {
	Start, End int
	URL        string
}

// Block is one unit of the article body, in document order.
type Block struct {
	Kind  BlockKind
	Text  string // plain, sanitised; for Image the caption or alt text
	Level int    // heading level 1-6, list nesting depth
	Links []InlineLink
	Src   string // Image: absolute image URL
}

// Link is a link of the article, in order of first appearance.
type Link struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// Article is the reader-mode result for one article (all pages joined).
type Article struct {
	URL       string // page 1
	Title     string
	Byline    string
	Place     string
	Source    string
	Published time.Time
	Section   string
	Pages     int
	PageURLs  []string
	Blocks    []Block
	Images    []string // absolute URLs
	Links     []Link
	Extractor string // "chinadaily" or "generic"
}
