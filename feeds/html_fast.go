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
	toks := make([]htmlTok, 0, 16)
	var stack []atom.Atom
	pOpen := 0 // open <p> elements
	textStart := 0
	flushText := func(end int) {
		if end > textStart {
			toks = append(toks, htmlTok{kind: hText, text: htmlText(s[textStart:end])})
		}
	}
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if i+1 >= len(s) {
			break // a '<' at the end is text
		}
		c := s[i+1]
		switch {
		case isASCIILetter(c):
			tok, end, ok := simpleStartTag(s, i)
			if !ok {
				return nil, false
			}
			class := simpleHTMLClass[tok.atom]
			if class == 0 {
				return nil, false
			}
			switch class {
			case hcBlock, hcHeading, hcVoidBlock:
				if pOpen > 0 {
					return nil, false // the tree builder would close the <p>
				}
			case hcListItem:
				if pOpen > 0 || !liCanOpen(stack) {
					return nil, false
				}
			case hcFormatting:
				if slices.Contains(stack, tok.atom) {
					return nil, false // nested <a>, or the Noah's Ark clause
				}
			}
			if class == hcHeading && len(stack) > 0 && simpleHTMLClass[stack[len(stack)-1]] == hcHeading {
				return nil, false
			}
			if tok.kind == hEnd { // "/>"
				if class != hcVoid && class != hcVoidBlock {
					return nil, false // ignored on an element that has content
				}
				tok.kind = hStart
			}
			flushText(i)
			toks = append(toks, tok)
			if class == hcVoid || class == hcVoidBlock {
				toks = append(toks, htmlTok{kind: hEnd, atom: tok.atom, name: tok.name})
			} else {
				if len(stack) >= 128 {
					return nil, false // the checks above look down the stack
				}
				stack = append(stack, tok.atom)
				if tok.atom == atom.P {
					pOpen++
				}
			}
			i, textStart = end, end
		case c == '/':
			// "</name>" closing the current element, nothing else.
			k := i + 2
			for k < len(s) && (isASCIILetter(s[k]) || k > i+2 && '0' <= s[k] && s[k] <= '9') {
				k++
			}
			if k == i+2 {
				return nil, false
			}
			a := atom.Lookup([]byte(strings.ToLower(s[i+2 : k])))
			for k < len(s) && isHTMLSpace(s[k]) {
				k++
			}
			if k >= len(s) || s[k] != '>' || a == 0 || len(stack) == 0 || stack[len(stack)-1] != a {
				return nil, false
			}
			if c := simpleHTMLClass[a]; c == hcVoid || c == hcVoidBlock {
				return nil, false // </br> is a <br>
			}
			flushText(i)
			toks = append(toks, htmlTok{kind: hEnd, atom: a, name: a.String()})
			stack = stack[:len(stack)-1]
			if a == atom.P {
				pOpen--
			}
			i, textStart = k+1, k+1
		case c == '!':
			// A comment that ends at its first "-->".
			if !strings.HasPrefix(s[i:], "<!--") {
				return nil, false
			}
			k := strings.Index(s[i+4:], "-->")
			if k < 0 {
				return nil, false
			}
			body := s[i+4 : i+4+k]
			if strings.HasPrefix(body, ">") || strings.HasPrefix(body, "->") || strings.Contains(body, "--!") {
				return nil, false
			}
			// A comment is a node of its own: the texts on its two sides
			// stay two text nodes.
			flushText(i)
			i = i + 4 + k + 3
			textStart = i
		case c == '?':
			return nil, false
		default:
			i++ // '<' before anything else is text
		}
	}
	flushText(len(s))
	for k := len(stack) - 1; k >= 0; k-- {
		toks = append(toks, htmlTok{kind: hEnd, atom: stack[k], name: stack[k].String()})
	}
	return toks, true
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
		// An attribute name: letters, digits, '-', '_', ':', '.'.
		st := k
		if !(isASCIILetter(s[k]) || s[k] == '_' || s[k] == ':') {
			return htmlTok{}, 0, false
		}
		for k < len(s) && (isASCIILetter(s[k]) || '0' <= s[k] && s[k] <= '9' || s[k] == '-' || s[k] == '_' || s[k] == ':' || s[k] == '.') {
			k++
		}
		if k >= len(s) || !(isHTMLSpace(s[k]) || s[k] == '=' || s[k] == '>' || s[k] == '/') {
			return htmlTok{}, 0, false
		}
		key := strings.ToLower(s[st:k])
		for k < len(s) && isHTMLSpace(s[k]) {
			k++
		}
		val := ""
		if k < len(s) && s[k] == '=' {
			k++
			for k < len(s) && isHTMLSpace(s[k]) {
				k++
			}
			if k >= len(s) {
				return htmlTok{}, 0, false
			}
			switch q := s[k]; q {
			case '"', '\'':
				e := strings.IndexByte(s[k+1:], q)
				if e < 0 {
					return htmlTok{}, 0, false
				}
				val = s[k+1 : k+1+e]
				k += e + 2
				if k < len(s) && s[k] == '/' {
					// "…"/>": self-closing; "…"/x": not simple.
					if k+1 >= len(s) || s[k+1] != '>' {
						return htmlTok{}, 0, false
					}
				}
			default:
				e := k
				for e < len(s) && !isHTMLSpace(s[e]) && s[e] != '>' {
					switch s[e] {
					case '"', '\'', '<', '=', '`':
						return htmlTok{}, 0, false
					}
					e++
				}
				if e == k || e >= len(s) {
					return htmlTok{}, 0, false
				}
				val = s[k:e]
				k = e
			}
			if !simpleAttrValue(val) {
				return htmlTok{}, 0, false
			}
			val = htmlAttrText(val)
		}
		// x/net/html keeps the first of two attributes with one name.
		dup := false
		for _, at := range tok.attrs {
			if at.key == key {
				dup = true
				break
			}
		}
		if !dup {
			tok.attrs = append(tok.attrs, htmlAttr{key: key, val: val})
		}
	}
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
				val := a.val
				if a.key == "href" || a.key == "src" {
					val = SafeLink(val, base)
					if val == "" {
						continue
					}
				} else {
					val = Sanitize(val)
				}
				b.WriteByte(' ')
				b.WriteString(a.key)
				b.WriteString(`="`)
				b.WriteString(html.EscapeString(val))
				b.WriteByte('"')
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
