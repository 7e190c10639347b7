package article

import (
	"encoding/json"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is article metadata read from <meta> tags and JSON-LD.
type pageMeta struct {
	Title, DocTitle, Byline, Section, SiteName string
	Published                                  time.Time
	Body                                       string // JSON-LD articleBody, if any
	Type                                       string // JSON-LD @type of the article object
	ldSite, ldPublisher                        string

	// Found on the same walk, for the extractor.
	baseHref   string     // <base href>
	contentDiv *html.Node // first div#Content (China Daily layout)
	h1         string     // text of the first <h1>
}

// readMeta collects metadata from the head (meta tags, <title>) and
// JSON-LD scripts anywhere. It must run before scripts are removed.
func readMeta(doc *html.Node) pageMeta {
	var m pageMeta
	sc := metaScan{metas: map[string]string{}}
	for n := doc; n != nil; n = next(n, doc, false) {
		if n.Type == html.ElementNode {
			m.see(n, &sc)
		}
	}
	for _, s := range sc.ldScripts {
		m.fromJSONLD(s)
	}
	m.fromTags(&sc)
	m.Byline = cleanByline(m.Byline)
	return m
}

// metaScan is what readMeta's walk gathers for after it: JSON-LD comes
// first, and the tags only fill what it leaves empty.
type metaScan struct {
	metas             map[string]string // <meta> content by lower-case key; the first wins
	ldScripts         []string
	timeAttr, anyTime string // <time datetime>: a publishing one, and any
}

// see takes what readMeta wants from one element.
func (m *pageMeta) see(n *html.Node, sc *metaScan) {
	switch n.DataAtom {
	case atom.Meta:
		sc.addMeta(n)
	case atom.Title:
		if m.DocTitle == "" && !hasAncestor(n, atom.Svg, nil) {
			m.DocTitle = innerText(n)
		}
	case atom.Script:
		if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil && len(sc.ldScripts) < 20 {
			sc.ldScripts = append(sc.ldScripts, n.FirstChild.Data)
		}
	case atom.Base:
		if m.baseHref == "" && hasAttr(n, "href") {
			m.baseHref = attr(n, "href")
		}
	case atom.Div:
		if m.contentDiv == nil && attr(n, "id") == "Content" {
			m.contentDiv = n
		}
	case atom.Time:
		if sc.timeAttr == "" && (attr(n, "itemprop") == "datePublished" || strings.Contains(attr(n, "class"), "publish")) {
			sc.timeAttr = attr(n, "datetime")
		}
		if sc.anyTime == "" {
			sc.anyTime = attr(n, "datetime")
		}
	case atom.H1:
		if m.h1 == "" {
			m.h1 = innerText(n)
		}
	}
}

// addMeta records a <meta> element's value under its property, name or
// itemprop.
func (sc *metaScan) addMeta(n *html.Node) {
	key := strings.ToLower(strings.TrimSpace(attr(n, "property")))
	if key == "" {
		key = strings.ToLower(strings.TrimSpace(attr(n, "name")))
	}
	if key == "" {
		key = strings.ToLower(strings.TrimSpace(attr(n, "itemprop")))
	}
	if key == "" {
		return
	}
	v := attr(n, "content")
	if v == "" {
		v = attr(n, "datetime")
	}
	if _, ok := sc.metas[key]; !ok && strings.TrimSpace(v) != "" {
		sc.metas[key] = v
	}
}

// first is the first non-empty meta value among keys, cleaned.
func (sc *metaScan) first(keys ...string) string {
	for _, k := range keys {
		if v := metaText(sc.metas[k]); v != "" {
			return v
		}
	}
	return ""
}

// fromTags fills the fields JSON-LD left empty from the meta tags and
// <time> elements.
func (m *pageMeta) fromTags(sc *metaScan) {
	if m.Title == "" {
		m.Title = sc.first("og:title", "twitter:title", "dc.title", "headline", "sailthru.title", "parsely-title")
	}
	if m.Byline == "" {
		for _, k := range []string{"author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author", "twitter:creator"} {
			v := metaText(sc.metas[k])
			if v == "" || strings.Contains(v, "://") || strings.HasPrefix(v, "@") {
				continue
			}
			m.Byline = v
			break
		}
	}
	if m.Section == "" {
		m.Section = sc.first("article:section", "section", "parsely-section", "sailthru.section")
	}
	// The site's own name tag first, then JSON-LD, then weaker tags.
	m.SiteName = sc.first("og:site_name")
	for _, v := range []string{m.ldPublisher, m.ldSite, sc.first("application-name", "publisher", "twitter:site")} {
		if m.SiteName == "" {
			m.SiteName = strings.TrimPrefix(v, "@")
		}
	}
	if m.Published.IsZero() {
		m.Published = sc.published()
	}
}

// published is the first date the meta tags, else the <time> elements,
// give; zero if none.
func (sc *metaScan) published() time.Time {
	for _, k := range []string{"article:published_time", "datepublished", "og:published_time", "published_time",
		"pubdate", "publishdate", "publish-date", "date", "dc.date.issued", "dc.date", "dcterms.created",
		"sailthru.date", "parsely-pub-date", "article.published", "citation_publication_date"} {
		if t, ok := parseDate(sc.metas[k]); ok {
			return t
		}
	}
	if t, ok := parseDate(sc.timeAttr); ok {
		return t
	}
	if t, ok := parseDate(sc.anyTime); ok {
		return t
	}
	return time.Time{}
}

// cleanByline strips a leading "By" and trailing separators.
func cleanByline(s string) string {
	s = cleanText(s)
	for _, p := range []string{"by ", "written by ", "words by ", "author: ", "posted by "} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	// "byClemson News": inline elements joined without a space.
	if len(s) > 3 && (s[:2] == "by" || s[:2] == "By") && s[2] >= 'A' && s[2] <= 'Z' {
		s = s[2:]
	}
	s = strings.Trim(s, " |,;:-–—")
	if strings.EqualFold(s, "by") || strings.EqualFold(s, "author") {
		return ""
	}
	return s
}

// metaText cleans a metadata string: entities that were escaped twice
// ("&amp;#8211;") are decoded once more, whitespace collapses.
func metaText(s string) string {
	if strings.Contains(s, "&") && strings.Contains(s, ";") {
		s = html.UnescapeString(s)
	}
	return cleanText(s)
}

var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "blogposting": true, "reportagenewsarticle": true,
	"analysisnewsarticle": true, "opinionnewsarticle": true, "backgroundnewsarticle": true,
	"reviewnewsarticle": true, "techarticle": true, "scholarlyarticle": true, "report": true,
	"liveblogposting": true, "socialmediaposting": true, "posting": true, "review": true,
	"medicalwebpage": true, "webpage": false,
}

// fromJSONLD fills empty fields from the first article-like object.
func (m *pageMeta) fromJSONLD(src string) {
	for _, o := range ldObjects(src) {
		m.fromLDObject(o)
	}
}

// ldObjects parses a JSON-LD script and returns its objects, those inside
// lists, @graph and mainEntity included (up to 6 levels deep), in order.
func ldObjects(src string) []map[string]any {
	src = strings.TrimSpace(src)
	src = strings.TrimPrefix(src, "<!--")
	src = strings.TrimSuffix(src, "-->")
	src = strings.TrimPrefix(strings.TrimSpace(src), "//<![CDATA[")
	src = strings.TrimSuffix(strings.TrimSpace(src), "//]]>")
	if len(src) > 2<<20 {
		return nil
	}
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		return nil
	}
	var objs []map[string]any
	var collect func(v any, depth int)
	collect = func(v any, depth int) {
		if depth > 6 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				collect(e, depth+1)
			}
		case map[string]any:
			objs = append(objs, x)
			if g, ok := x["@graph"]; ok {
				collect(g, depth+1)
			}
			if me, ok := x["mainEntity"]; ok {
				collect(me, depth+1)
			}
		}
	}
	collect(v, 0)
	return objs
}

// fromLDObject fills empty fields from one JSON-LD object when it is an
// article; a WebSite object gives the site's name.
func (m *pageMeta) fromLDObject(o map[string]any) {
	isArticle := false
	typ := ""
	for _, t := range ldStrings(o["@type"]) {
		if articleTypes[strings.ToLower(t)] {
			isArticle = true
			typ = t
		}
	}
	if !isArticle {
		if m.ldSite == "" {
			for _, t := range ldStrings(o["@type"]) {
				if t == "WebSite" {
					m.ldSite = metaText(ldName(o["name"]))
				}
			}
		}
		return
	}
	if m.Type == "" {
		m.Type = typ
	}
	if m.Title == "" {
		m.Title = metaText(ldName(o["headline"]))
	}
	if m.Title == "" {
		m.Title = metaText(ldName(o["name"]))
	}
	if m.Byline == "" {
		var names []string
		for _, a := range ldList(o["author"]) {
			if n := metaText(ldName(a)); n != "" && !strings.Contains(n, "://") {
				names = append(names, n)
			}
		}
		m.Byline = joinNames(names)
	}
	if m.Published.IsZero() {
		if t, ok := parseDate(ldName(o["datePublished"])); ok {
			m.Published = t
		} else if t, ok := parseDate(ldName(o["dateCreated"])); ok {
			m.Published = t
		}
	}
	if m.Section == "" {
		if s := ldStrings(o["articleSection"]); len(s) > 0 {
			m.Section = metaText(s[0])
		}
	}
	if m.ldPublisher == "" {
		if p, ok := o["publisher"].(map[string]any); ok {
			m.ldPublisher = metaText(ldName(p["name"]))
		}
	}
	if m.Body == "" {
		m.Body = ldName(o["articleBody"])
	}
}

func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// ldList returns v as a list (a single value becomes a one-element list).
func ldList(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	}
	return []any{v}
}

// ldStrings returns the strings of a string or string array.
func ldStrings(v any) []string {
	var out []string
	for _, e := range ldList(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// ldName returns a string value, or the "name" of an object value.
func ldName(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		if s, ok := x["name"].(string); ok {
			return s
		}
		if s, ok := x["@value"].(string); ok {
			return s
		}
	case []any:
		if len(x) > 0 {
			return ldName(x[0])
		}
	}
	return ""
}

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
	"20060102",
}

// parseDate reads the date formats found in meta tags and JSON-LD. A
// time without a zone is taken as UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1990 || t.Year() > 2100 {
				return time.Time{}, false
			}
			return t, true
		}
	}
	return time.Time{}, false
}
