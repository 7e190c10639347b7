package feeds

// Helpers that the fast feed path (fastfeed.go) shares with gofeed v1.4.2.
// gofeed keeps them in its internal/shared package and its atom package,
// where they cannot be imported, so they are copied here unchanged (gofeed
// is MIT-licensed, Copyright (c) 2016 mmcdole). The fast path must compute
// exactly what gofeed computes; fastfeed_test.go compares the two on every
// fixture, on generated feeds and under fuzzing.

import (
	"bytes"
	"html"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	gfjson "github.com/mmcdole/gofeed/json"
	xhtml "golang.org/x/net/html"
)

const (
	cdataStart        = "<![CDATA["
	cdataEnd          = "]]>"
	atom10Namespace   = "http://www.w3.org/2005/Atom"
	atom03Namespace   = "http://purl.org/atom/ns#"
	rdfNamespace      = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	rss10Namespace    = "http://purl.org/rss/1.0/"
	rss09Namespace    = "http://channel.netscape.com/rdf/simple/0.9/"
	rss09AltNamespace = "http://my.netscape.com/rdf/simple/0.9/"
)

// gfStripCDATA is shared.StripCDATA.
func gfStripCDATA(str string) string {
	buf := bytes.NewBuffer([]byte{})
	curr := 0
	for curr < len(str) {
		start := gfIndexAt(str, cdataStart, curr)
		if start == -1 {
			dec := gfDecodeEntities(str[curr:])
			buf.Write([]byte(dec))
			return buf.String()
		}
		dec := gfDecodeEntities(str[curr:start])
		buf.Write([]byte(dec))
		end := gfIndexAt(str, cdataEnd, start+len(cdataStart))
		if end == -1 {
			dec := gfDecodeEntities(str[start:])
			buf.Write([]byte(dec))
			return buf.String()
		}
		buf.Write([]byte(str[start+len(cdataStart) : end]))
		curr = end + len(cdataEnd)
	}
	return buf.String()
}

const gfMaxEntityLen = 64

// gfCommonEntities are references whose decoding by gfDecodeEntities is
// fixed: the first ';' ends them, and each is a known entity, so the loop
// below always replaces it (TestGFDecodeEntitiesShortcut).
var gfCommonEntities = []struct{ ref, text string }{
	{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", `"`}, {"&apos;", "'"}, {"&#39;", "'"}, {"&nbsp;", "\u00a0"},
}

// gfDecodeEntities is shared.DecodeEntities (with a shortcut for the
// common references).
func gfDecodeEntities(str string) string {
	idx := strings.IndexByte(str, '&')
	if idx == -1 {
		return str
	}
	var buf bytes.Buffer
	buf.Grow(len(str))
	data := []byte(str)
outer:
	for len(data) > 0 {
		idx := bytes.IndexByte(data, '&')
		if idx == -1 {
			buf.Write(data)
			break
		}
		buf.Write(data[:idx])
		data = data[idx:]
		for _, e := range gfCommonEntities {
			if bytes.HasPrefix(data, []byte(e.ref)) {
				buf.WriteString(e.text)
				data = data[len(e.ref):]
				continue outer
			}
		}
		window := data
		if len(window) > gfMaxEntityLen {
			window = window[:gfMaxEntityLen]
		}
		end := bytes.IndexByte(window, ';')
		if end == -1 && len(window) == len(data) {
			buf.Write(data)
			break
		}
		if end == -1 || bytes.ContainsAny(data[1:end], " \t\r\n") {
			buf.WriteByte('&')
			data = data[1:]
			continue
		}
		span := string(data[:end+1])
		dec := html.UnescapeString(span)
		if dec == html.UnescapeString(span[:len(span)-1])+";" {
			buf.WriteByte('&')
			data = data[1:]
			continue
		}
		buf.WriteString(dec)
		data = data[end+1:]
	}
	return buf.String()
}

func gfIndexAt(str, substr string, start int) int {
	idx := strings.Index(str[start:], substr)
	if idx > -1 {
		idx += start
	}
	return idx
}

// gfParseText is what shared.ParseText makes of an element's inner XML.
func gfParseText(inner string) string {
	result := strings.TrimSpace(inner)
	if strings.Contains(result, cdataStart) {
		// One CDATA section and nothing else: what StripCDATA returns.
		if strings.HasPrefix(result, cdataStart) {
			if end := strings.Index(result[len(cdataStart):], cdataEnd); end >= 0 && len(cdataStart)+end+len(cdataEnd) == len(result) {
				return result[len(cdataStart) : len(cdataStart)+end]
			}
		}
		return gfStripCDATA(result)
	}
	return gfDecodeEntities(result)
}

// gfURIAttrs are the attributes shared.NextTag resolves against xml:base.
func gfIsURIAttr(local string) bool {
	switch strings.ToLower(local) {
	case "href", "scheme", "src", "uri":
		return true
	}
	return false
}

// gfResolveAttr is what shared.NextTag's resolveAttrs does to such an
// attribute's value.
func gfResolveAttr(base *url.URL, v string) string {
	if abs, err := gfXMLBaseResolveURL(base, v); err == nil && abs != nil {
		return abs.String()
	}
	return v
}

// gfXMLBaseResolveURL is shared.XmlBaseResolveUrl.
func gfXMLBaseResolveURL(b *url.URL, u string) (*url.URL, error) {
	relURL, err := url.Parse(strings.TrimLeft(u, " "))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return relURL, nil
	}
	base := *b
	if base.Path != "" && u != "" && base.Path[len(base.Path)-1] != '/' {
		base.Path = base.Path + "/"
	}
	absURL := base.ResolveReference(relURL)
	return absURL, nil
}

// gfResolveURLIfBase is shared.ResolveURLIfBase.
func gfResolveURLIfBase(base *url.URL, s string) string {
	if base == nil || s == "" {
		return s
	}
	if abs, err := gfXMLBaseResolveURL(base, s); err == nil && abs != nil {
		return abs.String()
	}
	return s
}

var gfHTMLURIAttrs = map[string]bool{
	"action": true, "background": true, "cite": true, "codebase": true,
	"data": true, "href": true, "poster": true, "profile": true,
	"scheme": true, "src": true, "uri": true, "usemap": true,
}

// gfResolveHTML is shared.ResolveHTML.
func gfResolveHTML(base *url.URL, relHTML string) (string, error) {
	if base == nil {
		return relHTML, nil
	}
	doc, err := xhtml.Parse(strings.NewReader(relHTML))
	if err != nil {
		return relHTML, err
	}
	var visit func(*xhtml.Node)
	visit = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			for i, a := range n.Attr {
				if gfHTMLURIAttrs[a.Key] {
					absVal, err := gfXMLBaseResolveURL(base, a.Val)
					if absVal != nil && err == nil {
						n.Attr[i].Val = absVal.String()
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	var w bytes.Buffer
	err = xhtml.Render(&w, doc)
	if err != nil {
		return relHTML, err
	}
	absHTML := w.String()
	absHTML = strings.TrimPrefix(absHTML, "<html><head></head><body>")
	absHTML = strings.TrimSuffix(absHTML, "</body></html>")
	return absHTML, err
}

// gfStripWrappingDiv is atom.Parser.stripWrappingDiv.
func gfStripWrappingDiv(content string) string {
	doc, err := xhtml.Parse(strings.NewReader(content))
	if err != nil {
		return content
	}
	body := gfFindElement(doc, "body")
	if body == nil {
		return content
	}
	var div *xhtml.Node
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != xhtml.ElementNode {
			continue
		}
		if div != nil || c.Data != "div" {
			return content
		}
		div = c
	}
	if div == nil {
		return content
	}
	var buf bytes.Buffer
	for c := div.FirstChild; c != nil; c = c.NextSibling {
		if err := xhtml.Render(&buf, c); err != nil {
			return content
		}
	}
	return buf.String()
}

func gfFindElement(n *xhtml.Node, name string) *xhtml.Node {
	if n.Type == xhtml.ElementNode && n.Data == name {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if found := gfFindElement(c, name); found != nil {
			return found
		}
	}
	return nil
}

// gfIsBinaryMediaType is atom's isBinaryMediaType.
func gfIsBinaryMediaType(t string) bool {
	if t == "" || strings.HasPrefix(t, "text/") || strings.Contains(t, "xml") {
		return false
	}
	if strings.HasPrefix(t, "image/") ||
		strings.HasPrefix(t, "audio/") ||
		strings.HasPrefix(t, "video/") {
		return true
	}
	switch t {
	case "application/octet-stream", "application/pdf", "application/zip",
		"application/gzip", "application/x-gzip", "application/ogg":
		return true
	}
	return false
}

// gfCanonicalNamespaces is shared.canonicalNamespaces.
var gfCanonicalNamespaces = map[string]string{
	atom10Namespace: "atom",
	atom03Namespace: "atom03",

	"http://webns.net/mvcb/":                                         "admin",
	"http://purl.org/rss/1.0/modules/aggregation/":                   "ag",
	"http://purl.org/rss/1.0/modules/annotate/":                      "annotate",
	"http://media.tangent.org/rss/1.0/":                              "audio",
	"http://backend.userland.com/blogChannelModule":                  "blogChannel",
	"http://creativecommons.org/ns#license":                          "cc",
	"http://web.resource.org/cc/":                                    "cc",
	"http://cyber.law.harvard.edu/rss/creativeCommonsRssModule.html": "creativeCommons",
	"http://backend.userland.com/creativeCommonsRssModule":           "creativeCommons",
	"http://purl.org/rss/1.0/modules/company":                        "co",
	"http://purl.org/rss/1.0/modules/content/":                       "content",
	"http://my.theinfo.org/changed/1.0/rss/":                         "cp",
	"http://purl.org/dc/elements/1.1/":                               "dc",
	"http://purl.org/dc/terms/":                                      "dcterms",
	"http://purl.org/rss/1.0/modules/email/":                         "email",
	"http://purl.org/rss/1.0/modules/event/":                         "ev",
	"http://rssnamespace.org/feedburner/ext/1.0":                     "feedburner",
	"http://freshmeat.net/rss/fm/":                                   "fm",
	"http://xmlns.com/foaf/0.1/":                                     "foaf",
	"http://www.w3.org/2003/01/geo/wgs84_pos#":                       "geo",
	"http://www.georss.org/georss":                                   "georss",
	"http://www.opengis.net/gml":                                     "gml",
	"http://postneo.com/icbm/":                                       "icbm",
	"http://purl.org/rss/1.0/modules/image/":                         "image",
	"http://www.itunes.com/DTDs/PodCast-1.0.dtd":                     "itunes",
	"http://example.com/DTDs/PodCast-1.0.dtd":                        "itunes",
	"http://purl.org/rss/1.0/modules/link/":                          "l",
	"http://search.yahoo.com/mrss":                                   "media",
	"http://search.yahoo.com/mrss/":                                  "media",
	"http://madskills.com/public/xml/rss/module/pingback/":           "pingback",
	"http://prismstandard.org/namespaces/1.2/basic/":                 "prism",
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#":                    "rdf",
	"http://www.w3.org/2000/01/rdf-schema#":                          "rdfs",
	"http://purl.org/rss/1.0/modules/reference/":                     "ref",
	"http://purl.org/rss/1.0/modules/richequiv/":                     "reqv",
	"http://purl.org/rss/1.0/modules/search/":                        "search",
	"http://purl.org/rss/1.0/modules/slash/":                         "slash",
	"http://schemas.xmlsoap.org/soap/envelope/":                      "soap",
	"http://purl.org/rss/1.0/modules/servicestatus/":                 "ss",
	"http://hacks.benhammersley.com/rss/streaming/":                  "str",
	"http://purl.org/rss/1.0/modules/subscription/":                  "sub",
	"http://purl.org/rss/1.0/modules/syndication/":                   "sy",
	"http://schemas.pocketsoap.com/rss/myDescModule/":                "szf",
	"http://purl.org/rss/1.0/modules/taxonomy/":                      "taxo",
	"http://purl.org/rss/1.0/modules/threading/":                     "thr",
	"http://purl.org/rss/1.0/modules/textinput/":                     "ti",
	"http://madskills.com/public/xml/rss/module/trackback/":          "trackback",
	"http://wellformedweb.org/commentAPI/":                           "wfw",
	"http://purl.org/rss/1.0/modules/wiki/":                          "wiki",
	"http://www.w3.org/1999/xhtml":                                   "xhtml",
	"http://www.w3.org/1999/xlink":                                   "xlink",
	"http://www.w3.org/XML/1998/namespace":                           "xml",
	"http://podlove.org/simple-chapters":                             "psc",
}

// gfDate is gofeed's shared.ParseDate (the layouts it tries, in its
// order). It recognises a few common shapes and tries first the layout
// that gofeed would reach first for them, after layouts that provably
// cannot match (see the comments); everything else, and any string for
// which that layout fails, goes to gofeed's own ParseDate.
func gfDate(d string) (time.Time, bool) {
	d = strings.TrimSpace(d)
	switch {
	case len(d) == 19 && dateShape(d, "0000-00-00 00:00:00"):
		// "2019-11-22 17:44:41". gofeed's layouts before
		// "2006-1-2 15:04:05" that start with a number all fail on
		// this shape: RFC822Z ("02 Jan…") and the layouts starting with a
		// day ("2 Jan…", "2.1.2006", "2/1/2006", "2-1-2006") read "20"
		// and then want a separator where "1" is; "6/1/2", "6-1-2" want
		// a literal "6"; RFC3339, "2006 January 02" and
		// "2006-1-2T15:04:05Z" want 'T' or ' ' where the shape has
		// ' ' or '-'. The others start with a weekday or month name.
		if y, mo, day, h, mi, sec, ok := dateTimeDigits(d); ok {
			// = time.Parse("2006-1-2 15:04:05", d)
			return time.Date(y, time.Month(mo), day, h, mi, sec, 0, time.UTC), true
		}
		if t, err := time.Parse("2006-1-2 15:04:05", d); err == nil {
			return t, true
		}
	case len(d) >= 20 && dateShape(d[:11], "0000-00-00T"):
		// RFC 3339. Only RFC822Z comes before it, and it wants a space
		// where this shape has its third digit.
		if t, err := time.Parse(time.RFC3339, d); err == nil {
			return t, true
		}
	case len(d) >= 5 && dateShape(d[:5], "aaa, "):
		// "Wed, 20 Nov 2019 22:15:00 +0000". RFC822Z and RFC3339 want a
		// digit first and RubyDate a space after the weekday, so
		// RFC1123Z is the first layout that can match.
		if t, err := time.Parse(time.RFC1123Z, d); err == nil {
			return t, true
		}
		if len(d) >= 29 && len(d) <= 30 && dateShape(d[:26], "aaa, 00 aaa 0000 00:00:00 ") && upperZone(d[26:]) {
			// "Wed, 20 Nov 2019 22:15:00 GMT". Every layout in gofeed's
			// first list fails on this shape: the numeric-zone ones
			// want a sign, the ones ending in " UT" or " Z" leave text
			// over or mismatch, the ones with a month (or "May" read as
			// a long month) after the comma want a day or a separator
			// that is not there, and the rest need a space or a long
			// weekday name where the comma is. RFC1123 heads the list
			// of named-zone layouts.
			if t, err := time.Parse(time.RFC1123, d); err == nil {
				return gfFixZone(t), true
			}
		}
	}
	return gfDateSlow(d)
}

// dateShape reports whether s matches pattern, where '0' in the pattern
// is an ASCII digit, 'a' an ASCII letter and anything else itself.
func dateShape(s, pattern string) bool {
	if len(s) != len(pattern) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch pattern[i] {
		case '0':
			if c < '0' || c > '9' {
				return false
			}
		case 'a':
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
				return false
			}
		default:
			if c != pattern[i] {
				return false
			}
		}
	}
	return true
}

// upperZone reports whether z is 3 or 4 capital letters, other than the
// "UT" and "Z" that gofeed's first list spells out.
func upperZone(z string) bool {
	if len(z) < 3 || len(z) > 4 {
		return false
	}
	for i := 0; i < len(z); i++ {
		if z[i] < 'A' || z[i] > 'Z' {
			return false
		}
	}
	return true
}

// gfTimezoneAbbreviations is shared.timezoneAbbreviations.
var gfTimezoneAbbreviations = map[string]int{
	"UT":   0,
	"GMT":  0,
	"UTC":  0,
	"EST":  -5 * 3600,
	"EDT":  -4 * 3600,
	"CST":  -6 * 3600,
	"CDT":  -5 * 3600,
	"MST":  -7 * 3600,
	"MDT":  -6 * 3600,
	"PST":  -8 * 3600,
	"PDT":  -7 * 3600,
	"WET":  0,
	"WEST": 1 * 3600,
	"BST":  1 * 3600,
	"CET":  1 * 3600,
	"CEST": 2 * 3600,
	"EET":  2 * 3600,
	"EEST": 3 * 3600,
}

// gfFixZone is what shared.ParseDate does after a named-zone layout
// matched.
func gfFixZone(t time.Time) time.Time {
	if name, offset := t.Zone(); name != "" {
		if want, ok := gfTimezoneAbbreviations[name]; ok && want != offset {
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(),
				t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(name, want))
		}
	}
	return t
}

// gfJSONTranslator is stateless.
var gfJSONTranslator = &gofeed.DefaultJSONTranslator{}

// gfDateSlow calls gofeed's own shared.ParseDate, which the JSON
// translator applies to an item's date_published.
func gfDateSlow(d string) (t time.Time, ok bool) {
	if d == "" {
		return time.Time{}, false
	}
	f, err := gfJSONTranslator.Translate(&gfjson.Feed{Items: []*gfjson.Item{{}, {DatePublished: d}}})
	if err != nil || f == nil || len(f.Items) != 2 || f.Items[1].PublishedParsed == nil {
		return time.Time{}, false
	}
	return *f.Items[1].PublishedParsed, true
}

// gfDateUTC is gofeed's "parse, then normalise to UTC" for RSS pubDate,
// lastBuildDate and Atom dates.
func gfDateUTC(s string) *time.Time {
	if t, ok := gfDate(s); ok {
		utc := t.UTC()
		return &utc
	}
	return nil
}
