package feeds

import (
	"regexp"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// dropElements never reach output, neither as markup nor as text.
var dropElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Iframe: true, atom.Frame: true,
	atom.Frameset: true, atom.Object: true, atom.Embed: true, atom.Applet: true,
	atom.Noscript: true, atom.Template: true, atom.Head: true, atom.Title: true,
	atom.Meta: true, atom.Link: true, atom.Base: true, atom.Form: true,
	atom.Input: true, atom.Button: true, atom.Select: true, atom.Textarea: true,
	atom.Svg: true, atom.Math: true, atom.Canvas: true, atom.Audio: true,
	atom.Video: true, atom.Source: true, atom.Track: true, atom.Param: true,
	atom.Dialog: true,
}

// keepElements survive SanitizeHTML with the listed attributes; any other
// element is replaced by its children.
var keepElements = map[atom.Atom][]string{
	atom.P: nil, atom.Br: nil, atom.Hr: nil, atom.Div: nil, atom.Span: nil,
	atom.A: {"href", "title"}, atom.Img: {"src", "alt", "title", "width", "height"},
	atom.Figure: nil, atom.Figcaption: nil, atom.Em: nil, atom.Strong: nil,
	atom.B: nil, atom.I: nil, atom.U: nil, atom.S: nil, atom.Sub: nil, atom.Sup: nil,
	atom.Small: nil, atom.Mark: nil, atom.Del: nil, atom.Ins: nil, atom.Abbr: {"title"},
	atom.Q: nil, atom.Cite: nil, atom.Code: nil, atom.Pre: nil, atom.Blockquote: nil,
	atom.Ul: nil, atom.Ol: nil, atom.Li: nil, atom.Dl: nil, atom.Dt: nil, atom.Dd: nil,
	atom.H1: nil, atom.H2: nil, atom.H3: nil, atom.H4: nil, atom.H5: nil, atom.H6: nil,
	atom.Table: nil, atom.Caption: nil, atom.Thead: nil, atom.Tbody: nil, atom.Tfoot: nil,
	atom.Tr: nil, atom.Td: {"colspan", "rowspan"}, atom.Th: {"colspan", "rowspan"},
	atom.Time: {"datetime"}, atom.Section: nil, atom.Article: nil, atom.Header: nil,
	atom.Footer: nil, atom.Aside: nil,
}

// blockElements end a paragraph in HTMLToText.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Nav: true,
	atom.Main: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Ul: true, atom.Ol: true, atom.Li: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Blockquote: true,
	atom.Pre: true, atom.Figure: true, atom.Figcaption: true, atom.Table: true,
	atom.Caption: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Hr: true, atom.Address: true, atom.Details: true, atom.Summary: true,
	atom.Center: true,
}

// parseFragment parses s as the body of an HTML document.
func parseFragment(s string) []*html.Node {
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		return nil
	}
	return nodes
}

// SanitizeHTML keeps the safe, structural part of an HTML fragment from a
// feed: paragraphs, links, images, lists, tables, emphasis and captions.
// Scripts, styles, frames, objects and forms are removed with their
// content; event handlers, styles, classes and ids are dropped; links and
// image sources must be http(s) (resolved against base) or they are
// removed; text loses control characters, escape sequences and bidi
// controls.
func SanitizeHTML(s, base string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s))
	if toks, ok := simpleHTML(s); ok {
		sanitizeSimpleHTML(toks, base, &b)
	} else {
		for _, n := range parseFragment(s) {
			renderSafe(&b, n, base)
		}
	}
	return strings.TrimSpace(b.String())
}

// sanitizeHTMLTree is SanitizeHTML through the HTML parser's tree.
func sanitizeHTMLTree(s, base string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	var b strings.Builder
	for _, n := range parseFragment(s) {
		renderSafe(&b, n, base)
	}
	return strings.TrimSpace(b.String())
}

func renderSafe(b *strings.Builder, n *html.Node, base string) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(html.EscapeString(stripControls(n.Data, true)))
		return
	case html.ElementNode:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			renderSafe(b, c, base)
		}
		return
	}
	if dropElements[n.DataAtom] {
		return
	}
	allowed, keep := keepElements[n.DataAtom]
	if !keep {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			renderSafe(b, c, base)
		}
		return
	}
	if n.DataAtom == atom.Img {
		src := ""
		for _, a := range n.Attr {
			if a.Key == "src" {
				src = SafeLink(a.Val, base)
			}
		}
		if src == "" {
			return
		}
	}
	b.WriteByte('<')
	b.WriteString(n.Data)
	for _, a := range n.Attr {
		if a.Namespace != "" || !contains(allowed, a.Key) {
			continue
		}
		writeAttr(b, a.Key, a.Val, base)
	}
	if n.DataAtom == atom.Br || n.DataAtom == atom.Hr || n.DataAtom == atom.Img {
		b.WriteString(" />")
		return
	}
	b.WriteByte('>')
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		renderSafe(b, c, base)
	}
	b.WriteString("</")
	b.WriteString(n.Data)
	b.WriteByte('>')
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// HTMLToText converts an HTML fragment to plain text for a terminal:
// block elements (paragraphs, headings, list items, table cells, figure
// captions…) become paragraphs separated by "\n\n"; <br> becomes "\n";
// entities are decoded; runs of whitespace, including U+00A0, collapse to
// one space; scripts, styles and other non-content elements are dropped;
// control characters, escape sequences and bidi controls are removed.
// Text that does not look like HTML is treated as plain text, so a feed
// description such as "AT&T <ok>" keeps its characters.
func HTMLToText(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	if !looksLikeHTML(s) {
		return SanitizeText(s)
	}
	return htmlToText(s)
}

// htmlToText is HTMLToText for a string that looks like HTML.
func htmlToText(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	if strings.IndexByte(s, '<') < 0 {
		return textNodeToText(s)
	}
	if toks, ok := simpleHTML(s); ok {
		return simpleHTMLToText(toks)
	}
	return htmlToTextTree(s)
}

// textNodeToText is htmlToTextTree for a fragment with no '<': the HTML
// parser makes it one text node, whose data is the input with CR LF and
// CR turned into LF, then entities decoded (x/net/html's Tokenizer.Text),
// then NULs dropped (the "in body" insertion mode).
func textNodeToText(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	s = html.UnescapeString(s)
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	return SanitizeText(lineBreaksToSpace.Replace(s))
}

// htmlToTextTree is HTMLToText through the HTML parser's tree.
func htmlToTextTree(s string) string {
	t := &textBuilder{}
	for _, n := range parseFragment(s) {
		t.walk(n)
	}
	t.flush()
	return strings.Join(t.paras, "\n\n")
}

// htmlSignal matches a tag of a known HTML element, a comment, or an entity.
var htmlSignal = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)</?(p|br|a|div|span|img|b|i|em|strong|u|ul|ol|li|table|tr|td|th|tbody|thead|h[1-6]|blockquote|figure|figcaption|font|center|hr|pre|code|small|sup|sub|script|style|iframe|section|article|header|footer|dl|dt|dd|q|cite|abbr|time|picture|source|video|audio|noscript|object|embed|s|del|ins|mark|caption|aside|main|nav|html|body|head|meta|link|title|svg|form|input|button)(\s[^>]*)?/?>|<!--|&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]{1,31});`)
})

func looksLikeHTML(s string) bool {
	if !strings.ContainsAny(s, "<&") {
		return false
	}
	for _, m := range sureHTMLSignals {
		if strings.Contains(s, m) {
			return true
		}
	}
	if !mayHaveHTMLSignal(s) {
		return false
	}
	return htmlSignal().MatchString(s)
}

// sureHTMLSignals are strings that htmlSignal matches wherever they occur.
var sureHTMLSignals = []string{"&amp;", "<p>", "</p>", "<br>", "<br/>", "<br />", "&#39;", "&quot;", "&lt;", "&gt;",
	"&nbsp;", "</a>", "<b>", "</b>", "<i>", "<em>", "<strong>", "<div>", "</div>", "<li>", "<!--"}

// mayHaveHTMLSignal reports whether s has a place where htmlSignal could
// start matching: '<' before '/', '!' or a letter, or '&' before '#' or
// a letter. Case-insensitive matching also takes U+017F (ſ, lead byte
// 0xC5) for 's' and U+212A (Kelvin sign, lead byte 0xE2) for 'k'.
func mayHaveHTMLSignal(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		switch s[i] {
		case '<':
			if c := s[i+1]; c == '/' || c == '!' || isASCIILetter(c) || c == 0xC5 || c == 0xE2 {
				return true
			}
		case '&':
			if c := s[i+1]; c == '#' || isASCIILetter(c) || c == 0xC5 || c == 0xE2 {
				return true
			}
		}
	}
	return false
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

var lineBreaksToSpace = strings.NewReplacer("\n", " ", "\r", " ")

type textBuilder struct {
	paras []string
	cur   strings.Builder
}

func (t *textBuilder) flush() {
	if t.cur.Len() == 0 {
		return
	}
	p := SanitizeText(t.cur.String())
	t.cur.Reset()
	if p != "" {
		t.paras = append(t.paras, p)
	}
}

func (t *textBuilder) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		// Newlines in HTML source are just spaces; only <br> breaks a line.
		t.cur.WriteString(lineBreaksToSpace.Replace(n.Data))
		return
	case html.ElementNode:
		if dropElements[n.DataAtom] || n.DataAtom == atom.Img {
			return
		}
		if n.DataAtom == atom.Br {
			t.cur.WriteByte('\n')
			return
		}
	}
	block := n.Type == html.ElementNode && blockElements[n.DataAtom]
	if block {
		t.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t.walk(c)
	}
	if block {
		t.flush()
	}
}

// writeAttr writes one allowed attribute: a link made safe (or left out
// when it is not), any other value sanitised, escaped either way.
func writeAttr(b *strings.Builder, key, val, base string) {
	if key == "href" || key == "src" {
		if val = SafeLink(val, base); val == "" {
			return
		}
	} else {
		val = Sanitize(val)
	}
	b.WriteByte(' ')
	b.WriteString(key)
	b.WriteString(`="`)
	b.WriteString(html.EscapeString(val))
	b.WriteByte('"')
}
