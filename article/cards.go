package article

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Guides and listicles put much of their content in cards, grids,
// tables and stat blocks, which Readability's conditional cleaning takes
// for furniture: a card's class often says "widget" or "promo", a table
// of products links every name, and a stat is a few characters long.
// These tests keep them when their shape says they are content.

// cardKey names the cards of one grid: the parent and the class.
type cardKey struct {
	parent *html.Node
	class  string
}

// proseCard reports a card of a content grid: an element that holds a
// long paragraph of its own, link-poor, under a title that is not a
// link, with at least one sibling of the same tag and class that does
// too, the cards together holding a quarter of the text or more. Teaser cards of other stories are link-heavy, short or titled by
// their link; these are the guide's entries.
func (g *generic) proseCard(n *html.Node) bool {
	cls := attr(n, "class")
	if n.Parent == nil || cls == "" || boilerIdx.containsToken(classID(n)) || !g.proseEntry(n) {
		return false // no grid, or cards named as furniture (promo, sponsor, comment, related…)
	}
	key := cardKey{n.Parent, cls}
	ok, seen := g.cardMemo[key]
	if !seen {
		k, chars := 0, 0
		for s := n.Parent.FirstChild; s != nil; s = s.NextSibling {
			if s.Type == html.ElementNode && s.DataAtom == n.DataAtom && attr(s, "class") == cls && g.proseEntry(s) {
				k++
				chars += g.stat(s).chars
			}
		}
		// Like any box, the grid is furniture when small beside the
		// text: it must hold a quarter of it.
		ok = k >= 2 && chars*4 >= g.total
		g.cardMemo[key] = ok
	}
	return ok
}

func (g *generic) proseEntry(n *html.Node) bool {
	if g.linkDensity(n) >= 0.3 || g.longParagraphs(n, 1) < 1 {
		return false
	}
	h := findFirst(n, func(x *html.Node) bool { return isHeading(x.DataAtom) })
	return h == nil || g.linkDensity(h) < 0.9
}

// statItem reports one figure of a stat block ("23 km in all", "72 %
// of readers"): under 25 characters with a digit and no link, beside at
// least two siblings of the same tag and class that are figures too.
func (g *generic) statItem(n *html.Node) bool {
	if n.Parent == nil || !g.isFigure(n) {
		return false
	}
	cls := attr(n, "class")
	k := 0
	for s := n.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s != n && s.Type == html.ElementNode && s.DataAtom == n.DataAtom && attr(s, "class") == cls && g.isFigure(s) {
			if k++; k >= 2 {
				return true
			}
		}
	}
	return false
}

func (g *generic) isFigure(n *html.Node) bool {
	st := g.stat(n)
	return st.chars > 0 && st.chars < 25 && st.linkChars == 0 && strings.ContainsAny(innerText(n), "0123456789")
}

// holdsDataTable reports a wrapper whose text is mostly a data table
// (a "table-wrapper" div, a figure): the table is content, and so is
// the wrapper, though the table links its product names. A table that
// is mostly links is a list of other pages, and not protected.
func (g *generic) holdsDataTable(n *html.Node) bool {
	chars := g.stat(n).chars
	for _, t := range g.tables {
		if isAncestor(n, t) && g.stat(t).chars*5 >= chars*4 && g.linkDensity(t) < 0.5 {
			return true
		}
	}
	return false
}

// dataTables lists the tables under root that hold data, not layout.
func dataTables(root *html.Node) []*html.Node {
	return findAll(root, func(n *html.Node) bool { return n.DataAtom == atom.Table && !isLayoutTable(n) })
}
