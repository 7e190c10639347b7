package article

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Login and subscription walls. A wall is judged from the article region
// alone: the chosen content and the few elements right after it, where a
// truncated story's sign-in or subscribe box sits. A login form in the
// site header or a modal elsewhere on the page says nothing about the
// story: many short public articles are served on pages that have one.

// wallMaxChars: a page whose article text is this long or longer is
// never a wall, whatever prompt follows the story.
const wallMaxChars = 700

// wallPhrases are the words of a wall's prompt.
var wallPhrases = []string{
	"sign in to continue", "log in to continue", "login to continue", "sign in to read",
	"log in to read", "subscribe to continue", "subscribe to read", "subscribers only",
	"for subscribers", "create a free account to", "register to continue", "register to read",
	"this content is available to", "you must be logged in", "please log in", "please sign in",
	"to continue reading", "already a subscriber", "start your subscription", "members only",
}

// wallClassWords name a wall's box in a class or id.
var wallClassIdx = newWordIndex([]string{"paywall", "pay-wall", "regwall", "reg-wall", "registration-wall",
	"registrationwall", "loginwall", "login-wall", "signin-wall", "subscription-wall", "subscriber-only",
	"subscribers-only", "premium-wall", "meter-wall", "meterwall", "content-gate", "contentgate", "gated-content"})

// hasWallPhrase reports wall wording in text.
func hasWallPhrase(text string) bool {
	low := strings.ToLower(text)
	for _, p := range wallPhrases {
		if strings.Contains(low, p) {
			return true
		}
	}
	return false
}

// wallRegion is the chosen content and what follows it inside the
// article: up to three element siblings after the last chosen node, at
// its level and at the two levels above, stopping at an <article> or
// <main> (whose siblings are the page's, not the story's) and below the
// body.
func (g *generic) wallRegion(nodes []*html.Node) []*html.Node {
	region := append([]*html.Node(nil), nodes...)
	n := nodes[len(nodes)-1]
	for level := 0; level < 3 && n.Parent != nil && n.Parent != g.body; level++ {
		if n.DataAtom == atom.Article || n.DataAtom == atom.Main {
			break
		}
		k := 0
		for s := n.NextSibling; s != nil && k < 3; s = s.NextSibling {
			if s.Type == html.ElementNode {
				region = append(region, s)
				k++
			}
		}
		n = n.Parent
	}
	return region
}

// walled reports a login or subscription wall in the article region:
// a password field, a box named as a wall that says something, or wall
// wording after the last long paragraph (the prompt that ends a
// truncated story). When no content was found and the body is the
// region, the page's chrome (header, navigation, footer, asides and
// boxes named as such) does not count. It reads the document only, not
// a pass's decisions, so it can judge any pass's choice.
func (g *generic) walled(nodes []*html.Node) bool {
	if len(nodes) == 0 {
		return false
	}
	whole := len(nodes) == 1 && nodes[0] == g.body
	region := nodes
	if !whole {
		region = g.wallRegion(nodes)
	}
	var tail strings.Builder
	for _, root := range region {
		for n := root; n != nil; {
			if n.Type == html.TextNode {
				tail.WriteString(n.Data)
			}
			if n.Type != html.ElementNode {
				n = next(n, root, false)
				continue
			}
			if g.wallBox(n) {
				return true
			}
			if whole && g.chrome(n) {
				n = next(n, root, true)
				continue
			}
			if n.DataAtom == atom.P && textLenUpTo(n, 100) >= 100 && !hasWallPhrase(innerText(n)) {
				tail.Reset() // the prompt comes after the story's last paragraph
				n = next(n, root, true)
				continue
			}
			n = next(n, root, false)
		}
		tail.WriteByte(' ')
	}
	return hasWallPhrase(tail.String())
}

// chrome reports the page's own furniture: header, navigation, footer,
// asides, and elements whose class or id names them so (menus, modals,
// sidebars…).
func (g *generic) chrome(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Header, atom.Nav, atom.Footer, atom.Aside:
		return true
	}
	ci := classID(n)
	return ci != "" && g.unlikely(ci)
}

// wallBox: a password field, or an element whose class or id names a
// wall and that holds some text (an empty placeholder is filled by a
// script for subscribers and free readers alike).
func (g *generic) wallBox(n *html.Node) bool {
	if n.DataAtom == atom.Input {
		return strings.EqualFold(attr(n, "type"), "password")
	}
	c, id := attr(n, "class"), attr(n, "id")
	if !strings.Contains(c, "all") && !strings.Contains(c, "ate") && !strings.Contains(c, "nly") &&
		!strings.Contains(id, "all") && !strings.Contains(id, "ate") && !strings.Contains(id, "nly") {
		return false // cheap test first: every wall name has "wall", "gate" or "only"
	}
	if !wallClassIdx.contains(classID(n)) {
		return false
	}
	return utf8.RuneCountInString(innerText(n)) >= 20
}
