package article

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// decodeResult is a page body turned into UTF-8, with the name of the
// encoding that was used and why.
type decodeResult struct {
	text     []byte
	encoding string // canonical name, e.g. "utf-8", "gbk"
	source   string // "bom", "utf-8 valid", "http", "meta", "sniff", "default"
}

// checkHTMLContentType rejects HTTP content types that cannot be an
// HTML page. An empty type is accepted (the body is sniffed instead).
func checkHTMLContentType(contentType string) error {
	if strings.TrimSpace(contentType) == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		// A broken header is no reason to give up; sniff the body.
		return nil
	}
	switch {
	case mt == "text/html", mt == "application/xhtml+xml", mt == "text/plain",
		mt == "application/octet-stream", mt == "binary/octet-stream",
		mt == "text/xml", mt == "application/xml", mt == "application/x-unknown":
		// text/plain and octet-stream are common mislabels of HTML pages;
		// the body decides.
		return nil
	case strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "audio/"),
		strings.HasPrefix(mt, "video/"), strings.HasPrefix(mt, "font/"),
		mt == "application/pdf", mt == "application/json", mt == "application/zip",
		mt == "application/gzip", mt == "application/javascript", mt == "text/javascript",
		mt == "text/css", mt == "application/rss+xml", mt == "application/atom+xml",
		mt == "application/msword", strings.HasPrefix(mt, "application/vnd."):
		return fmt.Errorf("%w: content type %s", ErrNotHTML, mt)
	}
	return nil
}

// binaryMagic lists signatures of common non-HTML files.
var binaryMagic = [][]byte{
	[]byte("%PDF-"), []byte("\x89PNG"), []byte("GIF87a"), []byte("GIF89a"),
	[]byte("\xff\xd8\xff"), []byte("PK\x03\x04"), []byte("\x1f\x8b"),
	[]byte("RIFF"), []byte("\x00\x00\x01\x00"), []byte("OggS"), []byte("ID3"),
	[]byte("\x7fELF"), []byte("BZh"), []byte("7z\xbc\xaf"), []byte("wOFF"), []byte("wOF2"),
}

// sniffNotHTML reports why a body is clearly not an HTML page, or "" when
// it may be one. It looks only at a bounded prefix.
func sniffNotHTML(body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return "empty body"
	}
	for _, m := range binaryMagic {
		if bytes.HasPrefix(body, m) {
			return "binary data"
		}
	}
	head := body
	if len(head) > 4096 {
		head = head[:4096]
	}
	// UTF-16 with a BOM is text; anything else with NUL bytes or many
	// control bytes is binary.
	if bytes.HasPrefix(head, []byte{0xfe, 0xff}) || bytes.HasPrefix(head, []byte{0xff, 0xfe}) {
		return ""
	}
	ctl := 0
	for _, c := range head {
		if c == 0 {
			return "binary data"
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctl++
		}
	}
	if ctl*20 > len(head) {
		return "binary data"
	}
	return ""
}

// looksLikeMarkup reports whether the decoded text contains at least one
// tag, comment or doctype in its first 64 KiB.
func looksLikeMarkup(text []byte) bool {
	head := text
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	for i := 0; i+1 < len(head); i++ {
		if head[i] != '<' {
			continue
		}
		c := head[i+1]
		if c == '!' || c == '/' || c == '?' || (c|0x20 >= 'a' && c|0x20 <= 'z') {
			return true
		}
	}
	return false
}

// decodeBody converts a page body to UTF-8.
//
// Order: a byte-order mark wins; then a body that is valid UTF-8 (and
// has non-ASCII bytes) is taken as UTF-8 whatever the labels say, because
// stale meta tags are common and a legacy-encoded page is almost never
// valid UTF-8 by accident; then the HTTP charset; then the <meta> charset
// in the first 1024 bytes; then a sniff among legacy encodings guided by
// the page's lang attribute; windows-1252 last.
func decodeBody(body []byte, contentType string) (decodeResult, error) {
	// 1. BOM.
	switch {
	case bytes.HasPrefix(body, []byte{0xef, 0xbb, 0xbf}):
		return decodeResult{text: toValidUTF8(body[3:]), encoding: "utf-8", source: "bom"}, nil
	case bytes.HasPrefix(body, []byte{0xfe, 0xff}):
		return decodeWith(body, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be", "bom")
	case bytes.HasPrefix(body, []byte{0xff, 0xfe}):
		return decodeWith(body, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le", "bom")
	}

	ascii := isASCII(body)
	if !ascii {
		if utf8.Valid(body) {
			return decodeResult{text: body, encoding: "utf-8", source: "utf-8 valid"}, nil
		}
		// Nearly valid UTF-8 (a few stray bytes in a UTF-8 page) is
		// UTF-8 too: legacy text almost never forms valid multi-byte
		// sequences, so many of them and few errors decide it.
		if good, bad := utf8Stats(body); good >= 20 && bad*100 <= good {
			return decodeResult{text: toValidUTF8(body), encoding: "utf-8", source: "utf-8 mostly valid"}, nil
		}
	}

	// 2. HTTP header, 3. meta tag.
	var declared []struct{ name, source string }
	if contentType != "" {
		if _, params, err := mime.ParseMediaType(contentType); err == nil {
			if cs := strings.TrimSpace(params["charset"]); cs != "" {
				declared = append(declared, struct{ name, source string }{cs, "http"})
			}
		}
	}
	if cs := metaCharset(body); cs != "" {
		declared = append(declared, struct{ name, source string }{cs, "meta"})
	}
	for _, d := range declared {
		enc, name := lookupEncoding(d.name)
		if enc == nil {
			continue
		}
		if name == "utf-8" {
			if ascii {
				return decodeResult{text: body, encoding: "utf-8", source: d.source}, nil
			}
			// Declared UTF-8 but not valid: the label is wrong. Try
			// the next label, then sniff.
			continue
		}
		if name == "utf-16le" || name == "utf-16be" {
			// A UTF-16 label on a body we could read as ASCII is a lie
			// (HTML spec: treat as UTF-8).
			continue
		}
		if ascii && isASCIICompatible(name) {
			return decodeResult{text: body, encoding: name, source: d.source}, nil
		}
		return decodeWith(body, enc, name, d.source)
	}
	if ascii {
		return decodeResult{text: body, encoding: "utf-8", source: "default"}, nil
	}
	return sniffLegacy(body)
}

// utf8Stats counts valid multi-byte UTF-8 sequences and invalid bytes.
func utf8Stats(b []byte) (good, bad int) {
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			bad++
			i++
			continue
		}
		good++
		i += n
	}
	return good, bad
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func isASCIICompatible(name string) bool {
	switch name {
	case "utf-16le", "utf-16be", "iso-2022-jp", "replacement":
		return false
	}
	return true
}

func toValidUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}

func lookupEncoding(label string) (encoding.Encoding, string) {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	if label == "" {
		return nil, ""
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, ""
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return nil, ""
	}
	return enc, name
}

func decodeWith(body []byte, enc encoding.Encoding, name, source string) (decodeResult, error) {
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return decodeResult{}, fmt.Errorf("decode %s: %w", name, err)
	}
	return decodeResult{text: toValidUTF8(out), encoding: name, source: source}, nil
}

// metaCharset finds a charset declared in a <meta> tag near the top of
// the page (the HTML prescan, widened to 8 KiB as browsers do in practice).
func metaCharset(body []byte) string {
	head := body
	if len(head) > 8<<10 {
		head = head[:8<<10]
	}
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "body" {
				return ""
			}
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var cs, httpEquiv, content string
			for {
				k, v, more := z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					cs = string(v)
				case "http-equiv":
					httpEquiv = strings.ToLower(string(v))
				case "content":
					content = string(v)
				}
				if !more {
					break
				}
			}
			if cs != "" {
				return cs
			}
			if httpEquiv == "content-type" && content != "" {
				if _, params, err := mime.ParseMediaType(content); err == nil && params["charset"] != "" {
					return params["charset"]
				}
				lc := strings.ToLower(content)
				if i := strings.Index(lc, "charset="); i >= 0 {
					v := strings.TrimSpace(content[i+8:])
					if j := strings.IndexAny(v, "; \t"); j >= 0 {
						v = v[:j]
					}
					return v
				}
			}
		}
	}
}

// sniffLegacy guesses the encoding of a body that is neither valid UTF-8
// nor labelled usably. Multi-byte East Asian encodings are tried first,
// guided by <html lang>; the one that decodes with the fewest errors wins
// if it decodes almost cleanly, otherwise windows-1252.
func sniffLegacy(body []byte) (decodeResult, error) {
	lang := strings.ToLower(htmlLang(body))
	var cands []string
	switch {
	case strings.HasPrefix(lang, "ja"):
		cands = []string{"shift_jis", "euc-jp", "iso-2022-jp"}
	case strings.HasPrefix(lang, "ko"):
		cands = []string{"euc-kr"}
	case lang == "zh-tw" || lang == "zh-hk" || strings.HasPrefix(lang, "zh-hant"):
		cands = []string{"big5", "gb18030"}
	case strings.HasPrefix(lang, "zh"):
		cands = []string{"gb18030", "big5"}
	default:
		cands = []string{"gb18030", "shift_jis", "euc-kr", "big5"}
	}
	high := 0
	for _, c := range body {
		if c >= 0x80 {
			high++
		}
	}
	best, bestBad := "", -1
	var bestText []byte
	for _, name := range cands {
		enc, canon := lookupEncoding(name)
		if enc == nil {
			continue
		}
		out, err := enc.NewDecoder().Bytes(body)
		if err != nil {
			continue
		}
		bad := bytes.Count(out, []byte("\uFFFD"))
		if bestBad < 0 || bad < bestBad {
			best, bestBad, bestText = canon, bad, out
		}
	}
	// Accept a multi-byte guess only when the page has plenty of high
	// bytes (Latin text has few) and it decodes nearly without errors.
	if best != "" && high >= 16 && bestBad*100 <= high && (lang != "" || cjkShare(bestText) > 0.3) {
		return decodeResult{text: toValidUTF8(bestText), encoding: best, source: "sniff"}, nil
	}
	enc, name := lookupEncoding("windows-1252")
	return decodeWith(body, enc, name, "default")
}

// cjkShare is the share of non-ASCII runes that are CJK or Hangul.
func cjkShare(b []byte) float64 {
	total, cjk := 0, 0
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		if r < 0x80 {
			continue
		}
		total++
		if (r >= 0x3040 && r <= 0x30ff) || (r >= 0x4e00 && r <= 0x9fff) || (r >= 0xac00 && r <= 0xd7af) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) {
			cjk++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(cjk) / float64(total)
}

// htmlLang returns the lang attribute of the <html> tag, if it appears in
// the first 4 KiB.
func htmlLang(body []byte) string {
	head := body
	if len(head) > 4096 {
		head = head[:4096]
	}
	lower := bytes.ToLower(head)
	i := bytes.Index(lower, []byte("<html"))
	if i < 0 {
		return ""
	}
	end := bytes.IndexByte(lower[i:], '>')
	if end < 0 {
		return ""
	}
	tag := lower[i : i+end]
	j := bytes.Index(tag, []byte("lang="))
	if j < 0 {
		return ""
	}
	v := tag[j+5:]
	if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
		q := v[0]
		v = v[1:]
		if k := bytes.IndexByte(v, q); k >= 0 {
			v = v[:k]
		}
	} else if k := bytes.IndexAny(v, " \t\n/"); k >= 0 {
		v = v[:k]
	}
	return string(v)
}
