package feeds

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The simple-HTML path. SanitizeHTML and HTMLToText parse every item body
// with x/net/html, whose tree construction is the larger part of a feed's
// cost once the XML is read quickly. Most feed bodies are plain: <p>, <a>,
// <img>, <br>, emphasis, lists, headings, figures, every element closed
// where it was opened. For such a fragment the HTML5 tree is exactly the
// nesting of its tags, so both functions can work from the tags directly.
// simpleHTML accepts a fragment only when that is certain: known tags used
// the way the tree builder leaves them alone (no <p> or block opened while
// a <p> is open, no <li> that would close another, no nested <a>, end tags
// that close the current element), ordinary attribute syntax, comments that
// end plainly, no NUL. Everything else goes to x/net/html as before.
// html_fast_test.go compares both paths on generated and fuzzed HTML.

type htmlTok struct {
	kind  uint8 // hText, hStart, hEnd
	atom  atom.Atom
	name  string
	text  string // hText: the decoded text
	attrs []htmlAttr
}

type htmlAttr struct{ key, val string }

const (
	hText = iota
	hStart
	hEnd
)

// Element classes, by how x/net/html's "in body" insertion mode treats
// their start tags.
const (
	hcPhrase     = iota + 1 // "any other start tag": inserted as is
	hcFormatting            // a, b, i…: also on the list of active formatting elements (attributes sorted)
	hcBlock                 // closes an open <p> first
	hcHeading               // closes an open <p>, and an open heading if it is the current node
	hcListItem              // <li>: may close an earlier <li>
	hcVoid                  // br, img, wbr: no end tag, no children
	hcVoidBlock             // hr: closes an open <p>, then void
)

var simpleHTMLClass = map[atom.Atom]uint8{
	atom.Span: hcPhrase, atom.Sub: hcPhrase, atom.Sup: hcPhrase, atom.Mark: hcPhrase, atom.Abbr: hcPhrase,
	atom.Cite: hcPhrase, atom.Q: hcPhrase, atom.Time: hcPhrase, atom.Del: hcPhrase, atom.Ins: hcPhrase,
	atom.Dfn: hcPhrase, atom.Kbd: hcPhrase, atom.Samp: hcPhrase, atom.Var: hcPhrase,

	atom.A: hcFormatting, atom.B: hcFormatting, atom.Big: hcFormatting, atom.Code: hcFormatting,
	atom.Em: hcFormatting, atom.Font: hcFormatting, atom.I: hcFormatting, atom.S: hcFormatting,
	atom.Small: hcFormatting, atom.Strike: hcFormatting, atom.Strong: hcFormatting, atom.Tt: hcFormatting,
	atom.U: hcFormatting,

	atom.Address: hcBlock, atom.Article: hcBlock, atom.Aside: hcBlock, atom.Blockquote: hcBlock,
	atom.Center: hcBlock, atom.Details: hcBlock, atom.Div: hcBlock, atom.Figcaption: hcBlock,
	atom.Figure: hcBlock, atom.Footer: hcBlock, atom.Header: hcBlock, atom.Main: hcBlock, atom.Nav: hcBlock,
	atom.Ol: hcBlock, atom.P: hcBlock, atom.Section: hcBlock, atom.Summary: hcBlock, atom.Ul: hcBlock,

	atom.H1: hcHeading, atom.H2: hcHeading, atom.H3: hcHeading, atom.H4: hcHeading, atom.H5: hcHeading, atom.H6: hcHeading,

	atom.Li: hcListItem,

	atom.Br: hcVoid, atom.Img: hcVoid, atom.Wbr: hcVoid,
	atom.Hr: hcVoidBlock,
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// simpleHTML returns the tags and texts of s when s is simple HTML (see
// above), with each text decoded as x/net/html decodes it; the elements
// still open at the end are closed by hEnd tokens.
func simpleHTML(s string) ([]htmlTok, bool) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, false
	}
	p := &simpleParse{s: s, toks: make([]htmlTok, 0, 16)}
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if i+1 >= len(s) {
			break // a '<' at the end is text
		}
		ok := true
		switch c := s[i+1]; {
		case isASCIILetter(c):
			i, ok = p.startTag(i)
		case c == '/':
			i, ok = p.endTag(i)
		case c == '!':
			i, ok = p.comment(i)
		case c == '?':
			ok = false
		default:
			i++ // '<' before anything else is text
		}
		if !ok {
			return nil, false
		}
	}
	p.flushText(len(s))
	for k := len(p.stack) - 1; k >= 0; k-- {
		p.toks = append(p.toks, htmlTok{kind: hEnd, atom: p.stack[k], name: p.stack[k].String()})
	}
	return p.toks, true
}

// simpleParse is simpleHTML's state: the tokens so far, the open
// elements, and where the pending text began.
type simpleParse struct {
	s         string
	toks      []htmlTok
	stack     []atom.Atom
	pOpen     int // open <p> elements
	textStart int
}

// flushText adds the text from textStart to end, if any, as a token.
func (p *simpleParse) flushText(end int) {
	if end > p.textStart {
		p.toks = append(p.toks, htmlTok{kind: hText, text: htmlText(p.s[p.textStart:end])})
	}
}

// startTag reads the start tag at s[i] and returns where the text after
// it begins, or false when the tag is not simple here.
func (p *simpleParse) startTag(i int) (int, bool) {
	tok, end, ok := simpleStartTag(p.s, i)
	if !ok {
		return 0, false
	}
	class := simpleHTMLClass[tok.atom]
	if !p.leavesTreeAlone(tok.atom, class) {
		return 0, false
	}
	void := class == hcVoid || class == hcVoidBlock
	if tok.kind == hEnd { // "/>"
		if !void {
			return 0, false // ignored on an element that has content
		}
		tok.kind = hStart
	}
	p.flushText(i)
	p.toks = append(p.toks, tok)
	if void {
		p.toks = append(p.toks, htmlTok{kind: hEnd, atom: tok.atom, name: tok.name})
	} else {
		if len(p.stack) >= 128 {
			return 0, false // the checks above look down the stack
		}
		p.stack = append(p.stack, tok.atom)
		if tok.atom == atom.P {
			p.pOpen++
		}
	}
	p.textStart = end
	return end, true
}

// leavesTreeAlone reports whether the tree builder inserts a start tag of
// element a (of class class) as it stands, closing nothing.
func (p *simpleParse) leavesTreeAlone(a atom.Atom, class uint8) bool {
	switch class {
	case 0:
		return false
	case hcBlock, hcHeading, hcVoidBlock:
		if p.pOpen > 0 {
			return false // the tree builder would close the <p>
		}
	case hcListItem:
		if p.pOpen > 0 || !liCanOpen(p.stack) {
			return false
		}
	case hcFormatting:
		if slices.Contains(p.stack, a) {
			return false // nested <a>, or the Noah's Ark clause
		}
	}
	return !(class == hcHeading && len(p.stack) > 0 && simpleHTMLClass[p.stack[len(p.stack)-1]] == hcHeading)
}

// endTag reads "</name>" at s[i], which must close the current element,
// and returns where the text after it begins.
func (p *simpleParse) endTag(i int) (int, bool) {
	s := p.s
	k := i + 2
	for k < len(s) && (isASCIILetter(s[k]) || k > i+2 && '0' <= s[k] && s[k] <= '9') {
		k++
	}
	if k == i+2 {
		return 0, false
	}
	a := atom.Lookup([]byte(strings.ToLower(s[i+2 : k])))
	for k < len(s) && isHTMLSpace(s[k]) {
		k++
	}
	if k >= len(s) || s[k] != '>' || a == 0 || len(p.stack) == 0 || p.stack[len(p.stack)-1] != a {
		return 0, false
	}
	if c := simpleHTMLClass[a]; c == hcVoid || c == hcVoidBlock {
		return 0, false // </br> is a <br>
	}
	p.flushText(i)
	p.toks = append(p.toks, htmlTok{kind: hEnd, atom: a, name: a.String()})
	p.stack = p.stack[:len(p.stack)-1]
	if a == atom.P {
		p.pOpen--
	}
	p.textStart = k + 1
	return k + 1, true
}

// comment reads a comment at s[i] that ends at its first "-->".
func (p *simpleParse) comment(i int) (int, bool) {
	s := p.s
	if !strings.HasPrefix(s[i:], "<!--") {
		return 0, false
	}
	k := strings.Index(s[i+4:], "-->")
	if k < 0 {
		return 0, false
	}
	body := s[i+4 : i+4+k]
	if strings.HasPrefix(body, ">") || strings.HasPrefix(body, "->") || strings.Contains(body, "--!") {
		return 0, false
	}
	// A comment is a node of its own: the texts on its two sides stay two
	// text nodes.
	p.flushText(i)
	p.textStart = i + 4 + k + 3
	return p.textStart, true
}

// liCanOpen reports whether an <li> start tag leaves the open elements as
// they are: x/net/html looks down the stack past phrasing elements and
// address, div and p for an <li> to close, and stops at any other special
// element.
func liCanOpen(stack []atom.Atom) bool {
	for k := len(stack) - 1; k >= 0; k-- {
		switch a := stack[k]; {
		case a == atom.Li:
			return false
		case a == atom.Address || a == atom.Div || a == atom.P:
		case simpleHTMLClass[a] == hcPhrase || simpleHTMLClass[a] == hcFormatting:
		default:
			return true
		}
	}
	return true // the fragment's <html> root is special
}

// htmlText is x/net/html's text token data: line ends normalised, then
// character references decoded.
func htmlText(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return html.UnescapeString(s)
}

// simpleStartTag reads "<name attr=…>" at s[i]. It returns kind hEnd for
// a self-closing tag ("/>").
func simpleStartTag(s string, i int) (htmlTok, int, bool) {
	k := i + 1
	for k < len(s) && (isASCIILetter(s[k]) || k > i+1 && '0' <= s[k] && s[k] <= '9') {
		k++
	}
	if k >= len(s) || !(isHTMLSpace(s[k]) || s[k] == '/' || s[k] == '>') {
		return htmlTok{}, 0, false
	}
	a := atom.Lookup([]byte(strings.ToLower(s[i+1 : k])))
	if a == 0 {
		return htmlTok{}, 0, false
	}
	tok := htmlTok{kind: hStart, atom: a, name: a.String()}
	for {
		for k < len(s) && isHTMLSpace(s[k]) {
			k++
		}
		if k >= len(s) {
			return htmlTok{}, 0, false
		}
		switch s[k] {
		case '>':
			return tok, k + 1, true
		case '/':
			if k+1 < len(s) && s[k+1] == '>' {
				tok.kind = hEnd
				return tok, k + 2, true
			}
			return htmlTok{}, 0, false
		}
		key, val, next, ok := simpleAttr(s, k)
		if !ok {
			return htmlTok{}, 0, false
		}
		k = next
		// x/net/html keeps the first of two attributes with one name.
		if !slices.ContainsFunc(tok.attrs, func(at htmlAttr) bool { return at.key == key }) {
			tok.attrs = append(tok.attrs, htmlAttr{key: key, val: val})
		}
	}
}

// simpleAttr reads the attribute whose name starts at s[k]: a name of
// letters, digits, '-', '_', ':', '.', and an optional value. It returns
// the name in lower case, the decoded value and where the attribute ends.
func simpleAttr(s string, k int) (key, val string, next int, ok bool) {
	st := k
	if !(isASCIILetter(s[k]) || s[k] == '_' || s[k] == ':') {
		return "", "", 0, false
	}
	for k < len(s) && (isASCIILetter(s[k]) || '0' <= s[k] && s[k] <= '9' || s[k] == '-' || s[k] == '_' || s[k] == ':' || s[k] == '.') {
		k++
	}
	if k >= len(s) || !(isHTMLSpace(s[k]) || s[k] == '=' || s[k] == '>' || s[k] == '/') {
		return "", "", 0, false
	}
	key = strings.ToLower(s[st:k])
	for k < len(s) && isHTMLSpace(s[k]) {
		k++
	}
	if k < len(s) && s[k] == '=' {
		if val, k, ok = simpleAttrValueAt(s, k+1); !ok {
			return "", "", 0, false
		}
	}
	return key, val, k, true
}

// simpleAttrValueAt reads an attribute value after its '=' (s[k] is the
// byte after it), quoted or not, and returns it decoded and where it
// ends.
func simpleAttrValueAt(s string, k int) (string, int, bool) {
	for k < len(s) && isHTMLSpace(s[k]) {
		k++
	}
	if k >= len(s) {
		return "", 0, false
	}
	var val string
	switch q := s[k]; q {
	case '"', '\'':
		e := strings.IndexByte(s[k+1:], q)
		if e < 0 {
			return "", 0, false
		}
		val = s[k+1 : k+1+e]
		k += e + 2
		if k < len(s) && s[k] == '/' {
			// "…"/>": self-closing; "…"/x": not simple.
			if k+1 >= len(s) || s[k+1] != '>' {
				return "", 0, false
			}
		}
	default:
		e := k
		for e < len(s) && !isHTMLSpace(s[e]) && s[e] != '>' {
			switch s[e] {
			case '"', '\'', '<', '=', '`':
				return "", 0, false
			}
			e++
		}
		if e == k || e >= len(s) {
			return "", 0, false
		}
		val = s[k:e]
		k = e
	}
	if !simpleAttrValue(val) {
		return "", 0, false
	}
	return htmlAttrText(val), k, true
}

// simpleAttrValue accepts a value whose references decode the same way in
// an attribute as in text (x/net/html treats "&name" without ';' before
// '=' or an alphanumeric differently in attributes): each '&' starts
// &amp; &lt; &gt; &quot; &apos; or a numeric reference ending in ';'.
func simpleAttrValue(v string) bool {
	for {
		i := strings.IndexByte(v, '&')
		if i < 0 {
			return true
		}
		v = v[i:]
		n := 0
		for _, e := range []string{"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"} {
			if strings.HasPrefix(v, e) {
				n = len(e)
				break
			}
		}
		if n == 0 && len(v) > 2 && v[1] == '#' {
			j := 2
			hex := v[j] == 'x' || v[j] == 'X'
			if hex {
				j++
			}
			d := j
			for j < len(v) && ('0' <= v[j] && v[j] <= '9' || hex && ('a' <= v[j] && v[j] <= 'f' || 'A' <= v[j] && v[j] <= 'F')) {
				j++
			}
			if j > d && j < len(v) && v[j] == ';' {
				n = j + 1
			}
		}
		if n == 0 {
			return false
		}
		v = v[n:]
	}
}

// htmlAttrText is x/net/html's attribute value: line ends normalised, then
// references decoded (the same as in text, for values simpleAttrValue
// accepts).
func htmlAttrText(v string) string { return htmlText(v) }

// sanitizeSimpleHTML is SanitizeHTML's tree walk (renderSafe) over the
// tokens of a simple fragment.
func sanitizeSimpleHTML(toks []htmlTok, base string, b *strings.Builder) {
	for k := 0; k < len(toks); k++ {
		t := &toks[k]
		switch t.kind {
		case hText:
			b.WriteString(html.EscapeString(stripControls(t.text, true)))
		case hStart:
			allowed, keep := keepElements[t.atom]
			if !keep {
				continue
			}
			if t.atom == atom.Img {
				src := ""
				for _, a := range t.attrs {
					if a.key == "src" {
						src = SafeLink(a.val, base)
					}
				}
				if src == "" {
					k++ // and its end
					continue
				}
			}
			attrs := t.attrs
			if simpleHTMLClass[t.atom] == hcFormatting && len(attrs) > 1 {
				attrs = slices.Clone(attrs)
				slices.SortFunc(attrs, func(x, y htmlAttr) int {
					if c := strings.Compare(x.key, y.key); c != 0 {
						return c
					}
					return strings.Compare(x.val, y.val)
				})
			}
			b.WriteByte('<')
			b.WriteString(t.name)
			for _, a := range attrs {
				if !contains(allowed, a.key) {
					continue
				}
				writeAttr(b, a.key, a.val, base)
			}
			if t.atom == atom.Br || t.atom == atom.Hr || t.atom == atom.Img {
				b.WriteString(" />")
				k++ // its end
				continue
			}
			b.WriteByte('>')
		case hEnd:
			if _, keep := keepElements[t.atom]; keep {
				b.WriteString("</")
				b.WriteString(t.name)
				b.WriteByte('>')
			}
		}
	}
}

// simpleHTMLToText is htmlToTextTree's walk over the tokens of a simple
// fragment.
func simpleHTMLToText(toks []htmlTok) string {
	t := &textBuilder{}
	for _, tok := range toks {
		switch tok.kind {
		case hText:
			t.cur.WriteString(lineBreaksToSpace.Replace(tok.text))
		case hStart:
			if tok.atom == atom.Br {
				t.cur.WriteByte('\n')
			} else if blockElements[tok.atom] {
				t.flush()
			}
		case hEnd:
			if blockElements[tok.atom] && tok.atom != atom.Br {
				t.flush()
			}
		}
	}
	t.flush()
	return strings.Join(t.paras, "\n\n")
}
