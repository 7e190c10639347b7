package article

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}

// hasClass reports whether n's class list contains c.
func hasClass(n *html.Node, c string) bool {
	for _, f := range strings.Fields(attr(n, "class")) {
		if f == c {
			return true
		}
	}
	return false
}

// classID is the lower-cased class and id of n, for pattern matching.
func classID(n *html.Node) string {
	c, id := attr(n, "class"), attr(n, "id")
	if c == "" && id == "" {
		return ""
	}
	return strings.ToLower(c + " " + id)
}

// next returns the node after n in document order, not descending into n
// when skipChildren; nil at the end of root.
func next(n, root *html.Node, skipChildren bool) *html.Node {
	if !skipChildren && n.FirstChild != nil {
		return n.FirstChild
	}
	for n != nil && n != root {
		if n.NextSibling != nil {
			return n.NextSibling
		}
		n = n.Parent
	}
	return nil
}

// findFirst returns the first element under root (inclusive) for which
// match is true.
func findFirst(root *html.Node, match func(*html.Node) bool) *html.Node {
	for n := root; n != nil; n = next(n, root, false) {
		if n.Type == html.ElementNode && match(n) {
			return n
		}
	}
	return nil
}

// findAll returns the elements under root (inclusive) for which match is
// true, in document order, not descending into matches.
func findAll(root *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for n := root; n != nil; {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
			n = next(n, root, true)
			continue
		}
		n = next(n, root, false)
	}
	return out
}

func byID(id string) func(*html.Node) bool {
	return func(n *html.Node) bool { return attr(n, "id") == id }
}

func byTagClass(a atom.Atom, class string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.DataAtom == a && hasClass(n, class) }
}

func hasAncestor(n *html.Node, a atom.Atom, stop *html.Node) bool {
	for p := n.Parent; p != nil && p != stop; p = p.Parent {
		if p.DataAtom == a && p.Type == html.ElementNode {
			return true
		}
	}
	return false
}

func removeNode(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// innerText is the sanitised, whitespace-collapsed text of n, skipping
// scripts, styles and other non-text elements.
func innerText(n *html.Node) string {
	var tb textBuilder
	appendText(&tb, n)
	return tb.String()
}

func appendText(tb *textBuilder, root *html.Node) {
	for n := root; n != nil; {
		switch n.Type {
		case html.TextNode:
			tb.writeText(n.Data)
		case html.ElementNode:
			if skipTextElem(n.DataAtom) {
				n = next(n, root, true)
				continue
			}
			if n.DataAtom == atom.Br {
				tb.space()
			}
		}
		n = next(n, root, false)
	}
}

// skipTextElem are elements whose content is never reader text.
func skipTextElem(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math,
		atom.Head, atom.Title, atom.Iframe, atom.Object, atom.Embed, atom.Canvas,
		atom.Select, atom.Option, atom.Textarea, atom.Button, atom.Input, atom.Audio, atom.Video,
		atom.Map, atom.Dialog:
		return true
	}
	return false
}

// resolver turns hrefs into absolute http(s) URLs.
type resolver struct {
	base *url.URL // nil when there is no usable base
}

// resolverFor builds a resolver from the page URL and the document's
// <base href> (which overrides it; "" when absent).
func resolverFor(pageURL, baseHref string) resolver {
	var base *url.URL
	if u, err := url.Parse(strings.TrimSpace(pageURL)); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		base = u
	}
	if baseHref != "" {
		if bu, err := parseHref(baseHref); err == nil {
			if base != nil {
				bu = base.ResolveReference(bu)
			}
			if (bu.Scheme == "http" || bu.Scheme == "https") && bu.Host != "" {
				base = bu
			}
		}
	}
	return resolver{base: base}
}

// parseHref parses an href the way browsers read it: ASCII tab and
// newline removed, surrounding spaces and controls trimmed.
func parseHref(href string) (*url.URL, error) {
	href = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, href)
	href = strings.TrimFunc(href, func(r rune) bool { return r <= 0x20 })
	return url.Parse(href)
}

// abs returns the absolute http(s) form of href, or "" when it is
// empty, of another scheme (javascript:, data:, mailto:…), relative with
// no base, or only a fragment of the page itself.
func (r resolver) abs(href string) string {
	if strings.TrimSpace(href) == "" {
		return ""
	}
	u, err := parseHref(href)
	if err != nil {
		return ""
	}
	if u.Scheme == "" {
		if r.base == nil {
			if strings.HasPrefix(href, "//") && u.Host != "" {
				u.Scheme = "https"
			} else {
				return ""
			}
		} else {
			if u.Host == "" && u.Path == "" && u.RawQuery == "" {
				return "" // "#frag" or "": a link to this same page
			}
			u = r.base.ResolveReference(u)
		}
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	u.User = nil
	return u.String()
}
