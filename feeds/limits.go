package feeds

import (
	"bytes"
	"fmt"
)

// Limits on the shape of a document, checked by a cheap scan of the body
// before any parser sees it (checkShape). The parsers' memory grows with
// the number of elements (gofeed keeps every unknown namespaced element
// as an extension, about 550 bytes each; an item costs about 900) and
// their stacks with the depth (gofeed and goxpp recurse per level): an
// 8 MB feed of nested elements once took 1.6 GB and 11 s. At these
// limits the worst documents measured take under 60 MB of heap (see
// TestShapeLimitsBoundMemory). Real feeds stay far below both: the
// 5,000-item fixture (1.9 MB) has 35,000 elements and a depth of 4, a
// podcast of 3,000 episodes about 60,000, and XHTML content rarely nests
// beyond 30.
const (
	// MaxDepth is how deeply elements (XML) or arrays and objects (JSON)
	// may nest.
	MaxDepth = 256
	// MaxElements is how many elements (XML, HTML), or arrays, objects
	// and object members (JSON), a document may hold.
	MaxElements = 100_000
)

// shapeError is the error for a document over MaxDepth or MaxElements.
func shapeError(what string) *SourceError {
	return &SourceError{Kind: KindTooComplex, Detail: "feed too complex: " + what}
}

// checkShape refuses a document that nests deeper than MaxDepth or holds
// more than MaxElements elements. kind is "xml", "json" or "html"; an
// HTML page is checked for its element count only, since its depth
// cannot be read from tags alone (<p>, <li> and void elements close
// themselves). The scan reads the body once and allocates nothing.
func checkShape(text []byte, kind string) error {
	var depth, elems int
	switch kind {
	case "json":
		depth, elems = jsonShape(text)
	default:
		depth, elems = xmlShape(text, kind == "html")
	}
	if elems > MaxElements {
		return shapeError(fmt.Sprintf("more than %d elements", MaxElements))
	}
	if depth > MaxDepth {
		return shapeError(fmt.Sprintf("elements nested more than %d deep", MaxDepth))
	}
	return nil
}

// xmlShape returns the deepest nesting and the number of start tags of an
// XML (or HTML) document, stopping early once either is over its limit.
// It skips comments, CDATA sections, processing instructions and
// declarations, and reads a tag to its '>' with quoted attribute values
// taken whole, as the XML decoder does. A malformed document is scanned
// as far as it goes; the parser reports what is wrong with it.
func xmlShape(b []byte, flat bool) (maxDepth, elems int) {
	depth := 0
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		if i >= len(b) {
			break
		}
		switch c := b[i]; {
		case c == '!' && bytes.HasPrefix(b[i:], []byte("!--")):
			i = skipPast(b, i+3, "-->")
		case c == '!' && bytes.HasPrefix(b[i:], []byte("![CDATA[")):
			i = skipPast(b, i+8, "]]>")
		case c == '?':
			i = skipPast(b, i+1, "?>")
		case c == '!':
			i = skipDecl(b, i+1)
		case c == '/':
			depth = max(depth-1, 0)
			i = skipPast(b, i+1, ">")
		case isTagStart(c):
			end, selfClosing := tagEnd(b, i)
			i = end
			elems++
			if !selfClosing && !flat {
				depth++
				maxDepth = max(maxDepth, depth)
			}
			if elems > MaxElements || maxDepth > MaxDepth {
				return maxDepth, elems
			}
		}
	}
	return maxDepth, elems
}

// isTagStart reports a byte that can begin an element name: a letter,
// '_', ':' or the first byte of a non-ASCII character.
func isTagStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

// skipPast returns the index just after the first end at or after i, or
// len(b).
func skipPast(b []byte, i int, end string) int {
	if k := bytes.Index(b[i:], []byte(end)); k >= 0 {
		return i + k + len(end)
	}
	return len(b)
}

// skipDecl skips a declaration such as <!DOCTYPE …>, with its internal
// subset in brackets if it has one.
func skipDecl(b []byte, i int) int {
	for ; i < len(b); i++ {
		switch b[i] {
		case '[':
			return skipPast(b, skipPast(b, i+1, "]"), ">")
		case '>':
			return i + 1
		}
	}
	return len(b)
}

// tagEnd reads a start tag from its name at i to its '>', quoted
// attribute values taken whole, and reports whether it ends with "/>".
func tagEnd(b []byte, i int) (end int, selfClosing bool) {
	for ; i < len(b); i++ {
		switch c := b[i]; c {
		case '"', '\'':
			k := bytes.IndexByte(b[i+1:], c)
			if k < 0 {
				return len(b), false
			}
			i += k + 1
		case '>':
			return i + 1, b[i-1] == '/'
		}
	}
	return len(b), false
}

// jsonShape returns the deepest nesting and the number of arrays, objects
// and object members of a JSON document (a member is what an element is
// in XML: {"id": "1", "title": "x"} counts 3), strings otherwise skipped,
// stopping early once either is over its limit.
func jsonShape(b []byte) (maxDepth, elems int) {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
			if isMemberName(b, i+1) {
				elems++
			}
		case '{', '[':
			elems++
			depth++
			maxDepth = max(maxDepth, depth)
			if elems > MaxElements || maxDepth > MaxDepth {
				return maxDepth, elems
			}
		case '}', ']':
			depth = max(depth-1, 0)
		}
	}
	return maxDepth, elems
}

// isMemberName reports whether the string that ended just before i is an
// object member's name: the next byte other than white space is ':'.
func isMemberName(b []byte, i int) bool {
	for ; i < len(b); i++ {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			continue
		case ':':
			return true
		}
		return false
	}
	return false
}
