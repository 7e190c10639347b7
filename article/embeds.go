package article

import (
	"strings"

	"golang.org/x/net/html"
)

// Embedded social posts (a tweet, an Instagram, Facebook, TikTok,
// Threads, Bluesky, Mastodon or Reddit post) are quoted by the story:
// their markup carries the post's text and its author as a fallback
// for the script that would draw the card. The text is kept as a quote
// with its author line; only the script goes (as every script does).

// socialEmbedClasses name an embed's fallback element in its class.
var socialEmbedClasses = []string{
	"twitter-tweet", "twitter-video", "instagram-media", "fb-post", "fb-video", "fb-xfbml-parse-ignore",
	"tiktok-embed", "text-post-media", "bluesky-embed", "mastodon-embed", "reddit-embed-bq", "reddit-card",
}

var socialEmbedIdx = newWordIndex(socialEmbedClasses)

// isSocialEmbed reports an embedded post's fallback element, or an AMP
// embed element (<amp-twitter> holds the fallback as its placeholder).
func isSocialEmbed(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.Data {
	case "amp-twitter", "amp-instagram", "amp-facebook", "amp-tiktok", "amp-reddit":
		return true
	}
	cls := attr(n, "class")
	if !socialEmbedIdx.contains(cls) {
		return false // the embed scripts' classes are lower case
	}
	for _, f := range strings.Fields(cls) {
		for _, c := range socialEmbedClasses {
			if f == c {
				return true
			}
		}
	}
	return false
}

// embedKeep marks each embedded post and its wrappers (ancestors whose
// text is hardly more than the post's: a labelled "social-embed" box)
// so that the cleaning passes, which would take a link-heavy box named
// "social" for a share bar, leave them alone.
func embedKeep(body *html.Node) map[*html.Node]bool {
	var keep map[*html.Node]bool
	for _, e := range findAll(body, isSocialEmbed) {
		if keep == nil {
			keep = map[*html.Node]bool{}
		}
		keep[e] = true
		own := textLenUpTo(e, 1<<30)
		for p := e.Parent; p != nil && p != body && p.Type == html.ElementNode; p = p.Parent {
			if textLenUpTo(p, own+40) > own+40 {
				break
			}
			keep[p] = true
		}
	}
	return keep
}

// textLenUpTo counts n's text characters (whitespace runs as one),
// stopping once the count passes limit.
func textLenUpTo(n *html.Node, limit int) int {
	total := 0
	for c := n; c != nil; c = next(c, n, false) {
		if c.Type == html.TextNode {
			k, _ := countChars(c.Data)
			total += k
			if total > limit {
				return total
			}
		}
	}
	return total
}
