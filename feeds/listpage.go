package feeds

import (
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// listPage is one China Daily section list page, read by the list-page
// adapter.
type listPage struct {
	section string
	items   []Item
	next    string // absolute URL of the "Next" page, or ""
}

// China Daily section list markup. The featured block div.tw2 repeats the
// newest items and is ignored.
const (
	listItemSel      = "div#left.lft_art div.mb10.tw3_01_2"
	listItemSelLoose = "div.tw3_01_2"
	listTitleSel     = "span.tw3_01_2_t h4 a"
	listDateSel      = "span.tw3_01_2_t b"
	listNextSel      = "div#div_currpage a.pagestyle"
	listNextSelLoose = "a.pagestyle"
	breadcrumbSel    = "div.topNav3_art span#bread-nav a"
)

var listDateLayouts = []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02", "2006/01/02 15:04"}

// parseListPage reads a China Daily section list page. ok is false when
// the page has no list items.
func parseListPage(doc *goquery.Document, pageURL string, src Source, now time.Time) (listPage, bool) {
	sel := doc.Find(listItemSel)
	if sel.Length() == 0 {
		sel = doc.Find(listItemSelLoose)
	}
	sel = sel.FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.Closest("div.tw2").Length() == 0
	})
	if sel.Length() == 0 {
		return listPage{}, false
	}
	lp := listPage{section: listSection(doc)}
	srcName, srcURL := Sanitize(src.Name), SafeLink(src.URL, "")
	seen := map[string]bool{}
	sel.Each(func(_ int, s *goquery.Selection) {
		a := s.Find(listTitleSel).First()
		href, _ := a.Attr("href")
		it := Item{
			SourceName: srcName,
			SourceURL:  srcURL,
			Title:      capRunes(Sanitize(a.Text()), MaxTitleRunes, false),
			Link:       SafeLink(href, pageURL),
			Section:    lp.section,
		}
		if it.Title == "" || it.Link == "" {
			return
		}
		key := CanonicalLink(it.Link)
		if seen[key] {
			return
		}
		seen[key] = true
		if img, ok := s.Find("a img").First().Attr("src"); ok {
			it.ImageURL = SafeLink(img, pageURL)
		}
		date := Sanitize(s.Find(listDateSel).First().Text())
		for _, layout := range listDateLayouts {
			if t, err := time.ParseInLocation(layout, date, zoneShanghai()); err == nil {
				it.Published, it.PublishedFrom = t, "list"
				break
			}
		}
		if it.PublishedFrom == "" {
			if t, ok := wsTime(now, it.Link); ok {
				it.Published, it.PublishedFrom = t, "wsid"
			} else {
				it.Published, it.PublishedFrom = now.In(zoneShanghai()), "fetched"
			}
		}
		it.ID = itemKeyID(it)
		lp.items = append(lp.items, it)
	})
	if len(lp.items) == 0 {
		return listPage{}, false
	}
	lp.next = listNext(doc, pageURL)
	return lp, true
}

// listSection is the page's section: the last breadcrumb, else the first
// part of the <title> ("Asia Pacific - China Daily - World - …").
func listSection(doc *goquery.Document) string {
	crumb := strings.TrimSpace(doc.Find(breadcrumbSel).Last().Text())
	crumb = Sanitize(strings.TrimSpace(strings.TrimPrefix(crumb, "/")))
	if crumb != "" {
		return crumb
	}
	title := Sanitize(doc.Find("title").First().Text())
	if i := strings.Index(title, " - "); i > 0 {
		return strings.TrimSpace(title[:i])
	}
	return ""
}

func listNext(doc *goquery.Document, pageURL string) string {
	find := func(sel string) string {
		next := ""
		doc.Find(sel).EachWithBreak(func(_ int, a *goquery.Selection) bool {
			if strings.EqualFold(Sanitize(a.Text()), "Next") {
				href, _ := a.Attr("href")
				next = SafeLink(href, pageURL)
				return next == ""
			}
			return true
		})
		return next
	}
	if n := find(listNextSel); n != "" {
		return n
	}
	return find(listNextSelLoose)
}

// feedTypes are the link types autodiscovery follows, in preference order.
var feedTypes = []string{"application/rss+xml", "application/atom+xml", "application/feed+json"}

// discoverFeed returns the feed an HTML page advertises with
// <link rel="alternate" type="application/rss+xml|atom+xml|feed+json">,
// resolved against the page (or its <base href>); RSS is preferred, then
// Atom, then JSON Feed, and within a type the first link wins.
func discoverFeed(doc *goquery.Document, pageURL string) string {
	base := pageURL
	if b, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if u := SafeLink(b, pageURL); u != "" {
			base = u
		}
	}
	found := make([]string, len(feedTypes))
	doc.Find("link[rel][href]").Each(func(_ int, l *goquery.Selection) {
		rel, _ := l.Attr("rel")
		alternate := false
		for _, tok := range strings.Fields(strings.ToLower(rel)) {
			if tok == "alternate" {
				alternate = true
			}
		}
		if !alternate {
			return
		}
		typ, _ := l.Attr("type")
		typ = strings.ToLower(strings.TrimSpace(typ))
		if i := strings.IndexByte(typ, ';'); i >= 0 {
			typ = strings.TrimSpace(typ[:i])
		}
		for i, ft := range feedTypes {
			if typ == ft && found[i] == "" {
				href, _ := l.Attr("href")
				found[i] = SafeLink(href, base)
			}
		}
	})
	return firstNonEmpty(found...)
}
