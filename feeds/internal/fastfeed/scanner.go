package fastfeed

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// xscanner is the tokenizer of the fast path. It reads a UTF-8 document
// held in a string and accepts exactly the documents that
// encoding/xml's Decoder (Strict = false, as gofeed configures it) reads
// without an error *and* without any of its non-strict repairs other than
// keeping an unknown entity or a bare '&' as literal text. Anything else
// (a syntax error, an unquoted or value-less attribute, a mismatched end
// tag, a non-ASCII or odd name, a DOCTYPE with an internal subset, an XML
// declaration naming another encoding, deep nesting, …) makes it give up,
// and the caller falls back to gofeed. It never reads past the end tag of
// the root element, as gofeed does not.
//
// It also keeps what goxpp keeps beside the decoder: the namespace
// declarations in scope (for gofeed's PrefixForNamespace) and xml:base.
type xscanner struct {
	s   string
	pos int
	bad bool // gave up

	// The current token.
	kind       tokKind
	prefix     string // element name prefix as written ("" for none)
	local      string
	space      string // the name space after encoding/xml's translation
	attrs      []xattr
	start, end int    // byte range of the token in s
	text       string // tokText: the raw character data (CDATA: its content)
	cdata      bool

	pendingEnd bool // the last start tag was self-closing
	stack      []xelem
	ns         []nsDecl
}

type tokKind uint8

const (
	tokNone tokKind = iota
	tokStart
	tokEnd
	tokText
	tokOther // comment, processing instruction or directive
)

type xattr struct {
	prefix, local string
	space         string
	value         string // decoded as encoding/xml decodes attribute values
}

type xelem struct {
	prefix, local, space string
	nsLen                int // len(ns) before this element's declarations
	base                 *url.URL
	innerStart           int // just after the start tag
}

type nsDecl struct{ prefix, uri string }

const (
	xmlNamespaceURI = "http://www.w3.org/XML/1998/namespace"
	// maxFastDepth is far below encoding/xml's limit of 10,000 levels
	// (errUnmarshalDepth), so the decoder never fails on depth where the
	// fast path succeeds.
	maxFastDepth = 512
	// maxFastNamespaces bounds the declarations in scope, which binding
	// searches one by one; real feeds declare a dozen at most.
	maxFastNamespaces = 64
)

// checkXMLChars reports whether s is valid UTF-8 with no character that
// encoding/xml rejects in text (C0 controls other than tab, LF and CR;
// U+FFFE and U+FFFF). Surrogates cannot occur in valid UTF-8.
func checkXMLChars(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if badXMLByte[s[i]] {
			return false
		}
	}
	return !strings.Contains(s, "\uFFFE") && !strings.Contains(s, "\uFFFF")
}

var badXMLByte = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = c != '\t' && c != '\n' && c != '\r'
	}
	return t
}()

func newScanner(s string) *xscanner {
	return &xscanner{s: s, attrs: make([]xattr, 0, 8), stack: make([]xelem, 0, 16)}
}

func (x *xscanner) fail() bool {
	x.bad = true
	x.kind = tokNone
	return false
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\r' || c == '\n' || c == '\t' }

func (x *xscanner) skipSpace() {
	for x.pos < len(x.s) && isXMLSpace(x.s[x.pos]) {
		x.pos++
	}
}

func isNameStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

func isNameRest(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-'
}

// name reads an ASCII XML name at x.pos: a letter or '_', then letters,
// digits, '_', '.', '-', with at most one ':' that has a non-empty part on
// each side. encoding/xml reads such a name exactly as prefix and local
// part. Any other name (non-ASCII, leading or trailing colon, several
// colons) is left to the decoder.
func (x *xscanner) name() (prefix, local string, ok bool) {
	s, i := x.s, x.pos
	if i >= len(s) || !isNameStart(s[i]) {
		return "", "", false
	}
	j := i + 1
	for j < len(s) && isNameRest(s[j]) {
		j++
	}
	if j < len(s) && s[j] == ':' {
		k := j + 1
		if k >= len(s) || !isNameRest(s[k]) {
			return "", "", false
		}
		for k < len(s) && isNameRest(s[k]) {
			k++
		}
		if k < len(s) && (s[k] == ':' || s[k] >= utf8.RuneSelf) {
			return "", "", false
		}
		x.pos = k
		return s[i:j], s[j+1 : k], true
	}
	if j < len(s) && s[j] >= utf8.RuneSelf {
		return "", "", false
	}
	x.pos = j
	return "", s[i:j], true
}

// next reads the next token. It returns false when the document ends or
// when the scanner gives up (x.bad).
func (x *xscanner) next() bool {
	if x.bad {
		return false
	}
	if x.pendingEnd {
		x.pendingEnd = false
		e := &x.stack[len(x.stack)-1]
		x.kind, x.prefix, x.local, x.space = tokEnd, e.prefix, e.local, e.space
		x.start, x.end = x.pos, x.pos
		x.pop()
		return true
	}
	s := x.s
	if x.pos >= len(s) {
		// A well-formed feed ends with its root element, which the
		// callers never read past; EOF inside it is the decoder's
		// "unexpected EOF".
		return x.fail()
	}
	x.start = x.pos
	if s[x.pos] != '<' {
		return x.charData()
	}
	if x.pos+1 >= len(s) {
		return x.fail()
	}
	switch s[x.pos+1] {
	case '/':
		return x.endTag()
	case '?':
		return x.procInst()
	case '!':
		return x.bang()
	}
	return x.startTag()
}

func (x *xscanner) charData() bool {
	s := x.s
	i := strings.IndexByte(s[x.pos:], '<')
	if i < 0 {
		return x.fail()
	}
	raw := s[x.pos : x.pos+i]
	if !validText(raw) {
		return x.fail()
	}
	x.pos += i
	x.end = x.pos
	x.kind, x.text, x.cdata = tokText, raw, false
	return true
}

// validText reports whether encoding/xml accepts raw as character data
// (outside CDATA): no "]]>", and every character reference it decodes is
// a legal XML character. Unknown entities and bare '&' are legal in
// non-strict mode (kept as they are).
func validText(raw string) bool {
	if strings.Contains(raw, "]]>") {
		return false
	}
	return validRefs(raw)
}

func validRefs(raw string) bool {
	for {
		i := strings.IndexByte(raw, '&')
		if i < 0 {
			return true
		}
		raw = raw[i:]
		r, n, decoded := xmlEntityAt(raw)
		if decoded && !isInCharacterRange(r) {
			return false
		}
		raw = raw[n:]
	}
}

// xmlEntityAt reads the reference at the start of s (s[0] == '&') the way
// encoding/xml's Decoder.text does in non-strict mode, and returns how
// many bytes the decoder consumes, and the rune they decode to, if they
// do. Bytes consumed without decoding stay in the text as they are, and
// the byte after them is read again as ordinary text. s is a whole text
// segment or attribute value: the byte after it is '<' or the closing
// quote, which ends a reference the way any byte that is not part of one
// does.
func xmlEntityAt(s string) (r rune, n int, decoded bool) {
	j := 1
	if j < len(s) && s[j] == '#' {
		j++
		base := 10
		if j < len(s) && s[j] == 'x' {
			base = 16
			j++
		}
		k := j
		for j < len(s) && ('0' <= s[j] && s[j] <= '9' || base == 16 && ('a' <= s[j] && s[j] <= 'f' || 'A' <= s[j] && s[j] <= 'F')) {
			j++
		}
		if j >= len(s) || s[j] != ';' {
			return 0, j, false
		}
		v, err := strconv.ParseUint(s[k:j], base, 64)
		if err == nil && v <= unicode.MaxRune {
			// string(rune(v)) turns a surrogate into U+FFFD, as the
			// decoder does.
			r, _ := utf8.DecodeRuneInString(string(rune(v)))
			return r, j + 1, true
		}
		return 0, j + 1, false
	}
	k := j
	for j < len(s) && (s[j] >= utf8.RuneSelf || isNameRest(s[j]) || s[j] == ':') {
		j++
	}
	if j >= len(s) || s[j] != ';' {
		return 0, j, false
	}
	switch s[k:j] {
	case "lt":
		return '<', j + 1, true
	case "gt":
		return '>', j + 1, true
	case "amp":
		return '&', j + 1, true
	case "apos":
		return '\'', j + 1, true
	case "quot":
		return '"', j + 1, true
	}
	return 0, j + 1, false
}

func isInCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// decodeXMLText returns character data as encoding/xml delivers it:
// references decoded (non-strict: unknown ones kept), CR LF and CR turned
// into LF. A CDATA section only has its line ends normalised. The input
// has passed validText or is CDATA content.
func decodeXMLText(raw string, cdata bool) string {
	if !strings.ContainsAny(raw, "&\r") || (cdata && strings.IndexByte(raw, '\r') < 0) {
		return raw
	}
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '&' && !cdata:
			r, n, decoded := xmlEntityAt(raw[i:])
			if decoded {
				b.WriteRune(r)
			} else {
				b.WriteString(raw[i : i+n])
			}
			i += n
		case c == '\r':
			b.WriteByte('\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

func (x *xscanner) endTag() bool {
	x.pos += 2
	prefix, local, ok := x.name()
	if !ok {
		return x.fail()
	}
	x.skipSpace()
	if x.pos >= len(x.s) || x.s[x.pos] != '>' {
		return x.fail()
	}
	x.pos++
	n := len(x.stack)
	if n == 0 {
		return x.fail()
	}
	e := &x.stack[n-1]
	// encoding/xml's non-strict mode "repairs" a mismatched end tag by
	// inventing end tags; leave such documents to it.
	if e.local != local || e.prefix != prefix {
		return x.fail()
	}
	x.kind, x.prefix, x.local, x.space = tokEnd, e.prefix, e.local, e.space
	x.end = x.pos
	x.pop()
	return true
}

func (x *xscanner) pop() {
	n := len(x.stack)
	x.ns = x.ns[:x.stack[n-1].nsLen]
	x.stack = x.stack[:n-1]
}

func (x *xscanner) procInst() bool {
	x.pos += 2
	// The target is a plain name (colons allowed); accept ASCII names only.
	i := x.pos
	s := x.s
	if i >= len(s) || !(isNameStart(s[i]) || s[i] == ':') {
		return x.fail()
	}
	j := i + 1
	for j < len(s) && (isNameRest(s[j]) || s[j] == ':') {
		j++
	}
	if j < len(s) && s[j] >= utf8.RuneSelf {
		return x.fail()
	}
	target := s[i:j]
	x.pos = j
	x.skipSpace()
	k := strings.Index(s[x.pos:], "?>")
	if k < 0 {
		return x.fail()
	}
	data := s[x.pos : x.pos+k]
	x.pos += k + 2
	if target == "xml" {
		if v := procInstParam("version", data); v != "" && v != "1.0" {
			return x.fail()
		}
		// Any other encoding makes the decoder switch readers.
		if enc := procInstParam("encoding", data); enc != "" && !strings.EqualFold(enc, "utf-8") {
			return x.fail()
		}
	}
	x.kind = tokOther
	x.end = x.pos
	return true
}

// procInstParam is encoding/xml's procInst.
func procInstParam(param, s string) string {
	param = param + "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

func (x *xscanner) bang() bool {
	s := x.s
	p := x.pos + 2
	if p >= len(s) {
		return x.fail()
	}
	switch s[p] {
	case '-':
		if !strings.HasPrefix(s[p:], "--") {
			return x.fail()
		}
		p += 2
		k := strings.Index(s[p:], "--")
		if k < 0 || p+k+2 >= len(s) || s[p+k+2] != '>' {
			return x.fail()
		}
		x.pos = p + k + 3
		x.kind = tokOther
		x.end = x.pos
		return true
	case '[':
		if !strings.HasPrefix(s[p:], "[CDATA[") {
			return x.fail()
		}
		p += len("[CDATA[")
		k := strings.Index(s[p:], "]]>")
		if k < 0 {
			return x.fail()
		}
		x.text, x.cdata = s[p:p+k], true
		x.pos = p + k + 3
		x.kind = tokText
		x.end = x.pos
		return true
	}
	// A directive such as <!DOCTYPE …>. The decoder takes its first byte
	// as is, then reads to the first '>' outside quotes at nesting depth
	// zero. A '<' inside (an internal subset, a comment) is left to it.
	p++
	var inquote byte
	for ; p < len(s); p++ {
		c := s[p]
		switch {
		case inquote == 0 && c == '>':
			x.pos = p + 1
			x.kind = tokOther
			x.end = x.pos
			return true
		case c == inquote:
			inquote = 0
		case inquote != 0:
		case c == '\'' || c == '"':
			inquote = c
		case c == '<':
			return x.fail()
		}
	}
	return x.fail()
}

func (x *xscanner) startTag() bool {
	x.pos++
	prefix, local, ok := x.name()
	if !ok {
		return x.fail()
	}
	empty, ok := x.readAttrs()
	if !ok || len(x.stack) >= maxFastDepth {
		return x.fail()
	}
	if local == "xmlns" && prefix == "" || prefix == "xmlns" {
		return x.fail()
	}
	nsLen := len(x.ns)
	if !x.declareNamespaces(nsLen) {
		return x.fail()
	}
	space := x.translate(prefix, true)
	for i := range x.attrs {
		a := &x.attrs[i]
		a.space = x.translate(a.prefix, false)
		if a.prefix == "" && a.local == "xmlns" {
			a.space = ""
		}
	}
	base := x.innerBase()
	x.stack = append(x.stack, xelem{prefix: prefix, local: local, space: space, nsLen: nsLen, base: base, innerStart: x.pos})
	x.kind, x.prefix, x.local, x.space = tokStart, prefix, local, space
	x.end = x.pos
	x.pendingEnd = empty
	return true
}

// readAttrs reads a start tag's attributes, after its name, up to and
// including its '>' or "/>", and reports whether it was self-closing.
func (x *xscanner) readAttrs() (empty, ok bool) {
	x.attrs = x.attrs[:0]
	s := x.s
	for {
		x.skipSpace()
		if x.pos >= len(s) {
			return false, false
		}
		switch s[x.pos] {
		case '/':
			if x.pos+1 >= len(s) || s[x.pos+1] != '>' {
				return false, false
			}
			x.pos += 2
			return true, true
		case '>':
			x.pos++
			return false, true
		}
		if !x.readAttr() {
			return false, false
		}
	}
}

// readAttr reads one attribute: a name, '=' and a quoted value.
func (x *xscanner) readAttr() bool {
	s := x.s
	ap, al, ok := x.name()
	if !ok {
		return false
	}
	x.skipSpace()
	// Non-strict mode accepts an attribute without a value, or an
	// unquoted one; leave those to the decoder.
	if x.pos >= len(s) || s[x.pos] != '=' {
		return false
	}
	x.pos++
	x.skipSpace()
	if x.pos >= len(s) || (s[x.pos] != '"' && s[x.pos] != '\'') {
		return false
	}
	q := s[x.pos]
	x.pos++
	end := strings.IndexByte(s[x.pos:], q)
	if end < 0 {
		return false
	}
	raw := s[x.pos : x.pos+end]
	if strings.IndexByte(raw, '<') >= 0 || !validRefs(raw) {
		return false
	}
	// A reference such as &#34; cannot end the value early: the decoder
	// reads it whole, and so does IndexByte's caller here, because a
	// quote is never part of a reference's name.
	x.pos += end + 1
	x.attrs = append(x.attrs, xattr{prefix: ap, local: al, value: decodeXMLText(raw, false)})
	return true
}

// declareNamespaces puts the start tag's namespace declarations in scope
// (x.ns from nsLen on). It reports false for declarations left to the
// decoder.
func (x *xscanner) declareNamespaces(nsLen int) bool {
	for i := range x.attrs {
		a := &x.attrs[i]
		var p string
		switch {
		case a.prefix == "xmlns":
			p = a.local
		case a.prefix == "" && a.local == "xmlns":
			p = ""
		default:
			continue
		}
		// goxpp trims declared URIs and encoding/xml does not; keep to
		// documents where the two agree. Binding the reserved prefixes
		// is left to the decoder too.
		if a.value != strings.TrimSpace(a.value) || p == "xml" || p == "xmlns" {
			return false
		}
		for _, d := range x.ns[nsLen:] {
			if d.prefix == p {
				return false
			}
		}
		x.ns = append(x.ns, nsDecl{prefix: p, uri: a.value})
		if len(x.ns) > maxFastNamespaces {
			return false
		}
	}
	return true
}

// innerBase is the xml:base inside the element whose start tag was just
// read, before it is pushed: its parent's, resolved against its own
// xml:base attribute if it has one (goxpp's pushBase).
func (x *xscanner) innerBase() *url.URL {
	var base *url.URL
	if n := len(x.stack); n > 0 {
		base = x.stack[n-1].base
	}
	for _, a := range x.attrs {
		if a.local == "base" && a.space == xmlNamespaceURI {
			if a.value != "" {
				if u, err := url.Parse(a.value); err == nil {
					if base != nil {
						u = base.ResolveReference(u)
					}
					base = u
				}
			}
			break
		}
	}
	return base
}

// translate is encoding/xml's name space translation of a prefix.
func (x *xscanner) translate(prefix string, element bool) string {
	switch {
	case prefix == "xmlns":
		return prefix
	case prefix == "" && !element:
		return ""
	case prefix == "xml":
		prefix = xmlNamespaceURI
	}
	if uri, ok := x.binding(prefix); ok {
		return uri
	}
	if prefix == "" {
		return ""
	}
	return prefix
}

// binding returns the URI bound to prefix in the current scope.
func (x *xscanner) binding(prefix string) (string, bool) {
	for i := len(x.ns) - 1; i >= 0; i-- {
		if x.ns[i].prefix == prefix {
			return x.ns[i].uri, true
		}
	}
	return "", false
}

// prefixForURI is goxpp's Parser.PrefixForURI.
func (x *xscanner) prefixForURI(uri string) (string, bool) {
	uri = strings.TrimSpace(uri)
	for i := len(x.ns) - 1; i >= 0; i-- {
		d := x.ns[i]
		if d.uri != uri {
			continue
		}
		if cur, ok := x.binding(d.prefix); ok && cur == uri {
			return d.prefix, true
		}
	}
	return "", false
}

// baseURL is goxpp's Parser.BaseURL for the current start tag.
func (x *xscanner) baseURL() *url.URL {
	if n := len(x.stack); n > 0 {
		return x.stack[n-1].base
	}
	return nil
}

// nextTag is gofeed's shared.NextTag without the attribute resolution
// (the fast parser resolves the attributes it reads): the next start or
// end tag, skipping text, comments, processing instructions and
// directives.
func (x *xscanner) nextTag() bool {
	for x.next() {
		if x.kind == tokStart || x.kind == tokEnd {
			return true
		}
	}
	return false
}

// skip consumes the rest of the current element (the current token is its
// start tag) up to and including its end tag, and returns the element's
// raw content: encoding/xml's ",innerxml".
func (x *xscanner) skip() (string, bool) {
	innerStart := x.stack[len(x.stack)-1].innerStart
	depth := 0
	for x.next() {
		switch x.kind {
		case tokStart:
			depth++
		case tokEnd:
			if depth == 0 {
				return x.s[innerStart:x.start], true
			}
			depth--
		}
	}
	return "", false
}

// attribute is goxpp's Parser.Attribute: the first attribute with this
// local name and no name space, else the first with a name space.
func (x *xscanner) attribute(name string) string {
	var fallback string
	found := false
	for _, a := range x.attrs {
		if a.local == name {
			if a.space == "" {
				return a.value
			}
			if !found {
				fallback = a.value
				found = true
			}
		}
	}
	return fallback
}

// lastAttr is how encoding/xml fills a `xml:"NAME,attr"` field: the last
// attribute with that local name, in any name space.
func (x *xscanner) lastAttr(name string) string {
	v := ""
	for _, a := range x.attrs {
		if a.local == name {
			v = a.value
		}
	}
	return v
}
