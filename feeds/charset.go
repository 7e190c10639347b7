package feeds

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

var xmlDeclEncoding = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:\x{FEFF})?\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)
})

// declaredXMLEncoding returns the encoding named in an XML declaration at
// the start of b, and the byte range of its value, or "" when there is none.
func declaredXMLEncoding(b []byte) (string, int, int) {
	head := b[:min(len(b), 512)]
	m := xmlDeclEncoding().FindSubmatchIndex(head)
	if m == nil {
		return "", 0, 0
	}
	return string(head[m[2]:m[3]]), m[2], m[3]
}

// headerCharset returns the charset parameter of a Content-Type header.
func headerCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		// Be lenient with sloppy headers such as "text/xml;charset=gbk;".
		i := strings.Index(strings.ToLower(contentType), "charset=")
		if i < 0 {
			return ""
		}
		v := contentType[i+len("charset="):]
		if j := strings.IndexAny(v, "; "); j >= 0 {
			v = v[:j]
		}
		return strings.Trim(v, `"'`)
	}
	return params["charset"]
}

func isUTF8Label(label string) bool {
	l := strings.ToLower(strings.TrimSpace(label))
	return l == "utf-8" || l == "utf8" || l == "us-ascii" || l == "ascii"
}

// lookupEncoding resolves a charset label the way browsers do (WHATWG
// labels): "gb2312" reads as GBK, its superset, so characters that GB2312
// lacks but real "gb2312" feeds contain still decode.
func lookupEncoding(label string) encoding.Encoding {
	l := strings.ToLower(strings.TrimSpace(label))
	if l == "" {
		return nil
	}
	if enc, err := htmlindex.Get(l); err == nil {
		return enc
	}
	enc, _ := charset.Lookup(l)
	return enc
}

// toUTF8 returns body as UTF-8, and whether it was re-encoded. The rules,
// in order: a byte order mark wins; a body that is valid UTF-8 is taken as
// UTF-8 (a GBK or Latin-1 body of any length almost never is); otherwise
// the XML declaration's encoding, then the HTTP charset, then an HTML
// <meta> charset; failing all of those, invalid bytes become U+FFFD. So a
// header that says utf-8 over a GBK body with a GBK declaration decodes as
// GBK.
func toUTF8(body []byte, contentType string, looksHTML bool) ([]byte, bool) {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		return body[3:], true
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}), bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		if out, err := dec.Bytes(body); err == nil {
			return out, true
		}
	}
	if utf8.Valid(body) {
		return body, false
	}
	var labels []string
	if decl, _, _ := declaredXMLEncoding(body); decl != "" {
		labels = append(labels, decl)
	}
	if hc := headerCharset(contentType); hc != "" {
		labels = append(labels, hc)
	}
	if looksHTML {
		if _, name, _ := charset.DetermineEncoding(body[:min(len(body), 1024)], "text/html"); name != "" {
			labels = append(labels, name)
		}
	}
	for _, l := range labels {
		if isUTF8Label(l) {
			continue
		}
		enc := lookupEncoding(l)
		if enc == nil {
			continue
		}
		if out, err := enc.NewDecoder().Bytes(body); err == nil {
			return out, true
		}
	}
	return bytes.ToValidUTF8(body, []byte("\uFFFD")), true
}

// declareUTF8 rewrites the encoding named in an XML declaration to UTF-8,
// for a body that toUTF8 has already converted, so the XML parser does not
// convert it a second time.
func declareUTF8(b []byte) []byte {
	decl, start, end := declaredXMLEncoding(b)
	if decl == "" || isUTF8Label(decl) {
		return b
	}
	out := make([]byte, 0, len(b))
	out = append(out, b[:start]...)
	out = append(out, "UTF-8"...)
	out = append(out, b[end:]...)
	return out
}

// StripXMLIllegal removes what XML 1.0 forbids and Go's XML decoder
// rejects outright (C0 controls other than tab, LF and CR; U+FFFE and
// U+FFFF), so that one stray control character does not cost a whole
// feed or OPML file. It removes only those bytes, never the text after
// them: removing a whole escape sequence here once swallowed markup
// ("ESC [" reads "</t" as its parameters and final byte) and merged
// items. An ESC that introduces a C1 control in its 7-bit form (ESC [,
// ESC ], ESC P, ESC \, …) becomes that C1 character, which XML allows,
// so the sanitiser still removes the whole sequence after parsing, from
// the text of one element only; any other ESC is dropped alone. BEL, which
// ends an OSC (OSC 52 writes the clipboard), becomes ST (U+009C) for the
// same reason.
func StripXMLIllegal(b []byte) []byte {
	bad := false
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			bad = true
			break
		}
	}
	if !bad && !bytes.Contains(b, []byte("\uFFFE")) && !bytes.Contains(b, []byte("\uFFFF")) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == 0x1B && i+1 < len(b) && b[i+1] >= 0x40 && b[i+1] <= 0x5F:
			// ESC Fe is the C1 control Fe+0x40, two bytes in UTF-8.
			out = utf8.AppendRune(out, rune(b[i+1])+0x40)
			i += 2
		case c == 0x07:
			out = utf8.AppendRune(out, 0x9C)
			i++
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			i++
		case bytes.HasPrefix(b[i:], []byte("\uFFFE")), bytes.HasPrefix(b[i:], []byte("\uFFFF")):
			i += 3
		default:
			out = append(out, c)
			i++
		}
	}
	return out
}
