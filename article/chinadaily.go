package article

import (
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// China Daily article pages (www.chinadaily.com.cn/a/YYYYMM/DD/WS<id>.html
// and the fixture copies served from loopback) are recognised by their
// markup: the article column div#lft-art (or div.ce_art on photo
// stories) holding div#Content and span.info_l.

// shanghai is Beijing time; a fixed +08:00 zone when tzdata is missing
// (China has had no daylight saving time since 1991).
var shanghai = sync.OnceValue(func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
})

// cdPage is what the adapter found on one page.
type cdPage struct {
	title, byline, place, source, section string
	published                             time.Time
	blocks                                []Block
	pageLinks                             []string // #div_currpage links, absolute
}

// matchChinaDaily returns the article column and #Content of a China
// Daily article page, or nils.
func matchChinaDaily(content *html.Node, pageURL string) (col, _ *html.Node) {
	if content == nil || content.DataAtom != atom.Div {
		return nil, nil
	}
	for p := content.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Div && (attr(p, "id") == "lft-art" || hasClass(p, "ce_art")) {
			col = p
			break
		}
	}
	if col == nil {
		// A chinadaily.com.cn page with a changed column still has the
		// info line; require both signals.
		u, err := url.Parse(pageURL)
		if err != nil || !strings.HasSuffix(strings.ToLower(u.Hostname()), "chinadaily.com.cn") {
			return nil, nil
		}
		col = content.Parent
	}
	if findFirst(col, byTagClass(atom.Span, "info_l")) == nil {
		return nil, nil
	}
	return col, content
}

func extractChinaDaily(doc, col, content *html.Node, res resolver) cdPage {
	var p cdPage
	if h1 := findFirst(col, func(n *html.Node) bool { return n.DataAtom == atom.H1 }); h1 != nil {
		p.title = innerText(h1)
	}
	if info := findFirst(col, byTagClass(atom.Span, "info_l")); info != nil {
		p.byline, p.place, p.source, p.published = parseInfoLine(innerText(info))
	}
	if bread := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Span && attr(n, "id") == "bread-nav" }); bread != nil {
		links := findAll(bread, func(n *html.Node) bool { return n.DataAtom == atom.A })
		if len(links) > 0 {
			s := innerText(links[len(links)-1])
			s = strings.TrimSpace(strings.TrimPrefix(s, "/"))
			p.section = s
		}
	}
	p.blocks = emitBlocks(content, res, emitOptions{
		tableCaptions: true,
		skip: func(n *html.Node) bool {
			return hasClass(n, "urlShareArea") || n.DataAtom == atom.Script || n.DataAtom == atom.Style
		},
	})
	if cur := findFirst(doc, byID("div_currpage")); cur != nil {
		for _, a := range findAll(cur, func(n *html.Node) bool { return n.DataAtom == atom.A }) {
			if u := res.abs(attr(a, "href")); u != "" {
				p.pageLinks = append(p.pageLinks, u)
			}
		}
	}
	return p
}

// parseInfoLine splits "By Wang Xu in Tokyo | China Daily | Updated:
// 2019-11-19 09:27" (or "source | Updated: …") into its parts.
func parseInfoLine(s string) (byline, place, source string, published time.Time) {
	var fields []string
	for _, f := range strings.Split(s, "|") {
		if f = cleanText(f); f != "" {
			fields = append(fields, f)
		}
	}
	upd := -1
	for i, f := range fields {
		if strings.HasPrefix(strings.ToLower(f), "updated") {
			upd = i
			v := strings.TrimSpace(f[len("updated"):])
			v = strings.TrimSpace(strings.TrimPrefix(v, ":"))
			for _, layout := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02"} {
				if t, err := time.ParseInLocation(layout, v, shanghai()); err == nil {
					published = t
					break
				}
			}
			break
		}
	}
	if upd < 0 {
		upd = len(fields)
	}
	if upd >= 1 {
		source = fields[upd-1]
	}
	if upd >= 2 {
		first := fields[0]
		if len(first) > 3 && strings.EqualFold(first[:3], "by ") {
			first = strings.TrimSpace(first[3:])
		}
		if i := strings.LastIndex(first, " in "); i >= 0 {
			byline, place = strings.TrimSpace(first[:i]), strings.TrimSpace(first[i+4:])
		} else {
			byline = first
		}
	}
	return byline, place, source, published
}

var cdPageFile = regexp.MustCompile(`^(WS[0-9a-fA-F]{24})(?:_([0-9]{1,3}))?\.html?$`)

// cdPageNumber returns the WS id and page number (1 for the first page)
// of a China Daily article URL, or "" when it is not one.
func cdPageNumber(u string) (id string, n int, dir string) {
	pu, err := url.Parse(u)
	if err != nil {
		return "", 0, ""
	}
	m := cdPageFile.FindStringSubmatch(path.Base(pu.Path))
	if m == nil {
		return "", 0, ""
	}
	n = 1
	if m[2] != "" {
		n, _ = strconv.Atoi(m[2])
	}
	return m[1], n, pu.Scheme + "://" + strings.ToLower(pu.Host) + path.Dir(pu.Path)
}
