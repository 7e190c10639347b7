package fastfeed

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// feedGen writes random but well-formed RSS and Atom feeds that use the
// features the fast path must reproduce exactly: CDATA (whole, partial,
// several sections), XML and HTML entities, bare '&', markup inside text
// elements, content:encoded and China Daily's bare <content>, dc:creator
// and dc:date, <AuthorName>, media:content and enclosures, categories,
// guid isPermaLink, atom:link, xml:base, comments and processing
// instructions in odd places, CRLF line ends, single-quoted attributes,
// every common date form, Atom text constructs of each type, persons,
// sources and extensions.
type feedGen struct {
	rng *rand.Rand
	b   strings.Builder
	nl  string // line end
}

func newFeedGen(seed uint64) *feedGen {
	return &feedGen{rng: rand.New(rand.NewPCG(seed, seed*7919+1))}
}

func (g *feedGen) pick(ss ...string) string { return ss[g.rng.IntN(len(ss))] }
func (g *feedGen) chance(p float64) bool    { return g.rng.Float64() < p }

func (g *feedGen) w(parts ...string) {
	for _, p := range parts {
		g.b.WriteString(p)
	}
}

func (g *feedGen) line(parts ...string) {
	g.w(parts...)
	g.b.WriteString(g.nl)
}

var genWords = []string{"Seoul", "typhoon", "port", "rail", "talks", "GSOMIA", "farmers", "Tokyo", "Beijing",
	"Jakarta", "minister", "exports", "rice", "京都", "北京", "Đà Nẵng", "Müller", "trade", "election", "floods"}

func (g *feedGen) words(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = genWords[g.rng.IntN(len(genWords))]
	}
	return strings.Join(w, " ")
}

// plainText is text with the escapes an XML text node may carry.
func (g *feedGen) plainText() string {
	s := g.words(2 + g.rng.IntN(6))
	switch g.rng.IntN(12) {
	case 0:
		s += " &amp; " + g.words(2)
	case 1:
		s += " &lt;b&gt;bold&lt;/b&gt;"
	case 2:
		s += " AT&T & friends" // bare '&': non-strict XML keeps it
	case 3:
		s += " caf&#233; &#x4E2D;&#x6587;"
	case 4:
		s += " &nbsp;&eacute;&copy; 2019" // HTML entities, unknown to XML
	case 5:
		s = "  \n  " + s + "\t\n"
	case 6:
		s += " &quot;quoted&quot; &apos;x&apos;"
	case 7:
		s += " &amp;amp; double-escaped"
	case 8:
		s += " a&b;c &unknown; &#; &#x; &#12a"
	case 9:
		s += " <b>markup</b> <br/>"
	case 10:
		s += " \u009b2J \u202e bidi"
	}
	return s
}

// textContent is the content of a text element: escaped text, CDATA, or a
// mix.
func (g *feedGen) textContent() string {
	switch g.rng.IntN(7) {
	case 0, 1:
		return g.plainText()
	case 2:
		return "<![CDATA[" + g.words(3) + " & <i>raw</i> " + g.words(2) + "]]>"
	case 3:
		return "  <![CDATA[" + g.words(4) + "]]>  "
	case 4:
		return g.words(1) + " <![CDATA[<b>" + g.words(2) + "</b>]]> &amp; " + g.words(1)
	case 5:
		return "<![CDATA[a]]><![CDATA[b ]]]]><![CDATA[> c]]>"
	}
	return g.words(3) + "<!-- comment --> " + g.words(2) + "<?pi data?>"
}

func (g *feedGen) htmlBody() string {
	var b strings.Builder
	if g.chance(0.4) {
		b.WriteString(`<figure class="image"><img src="//img2.chinadaily.com.cn/images/201911/19/` + fmt.Sprintf("%x", g.rng.Uint32()) + `.jpeg" data-from="newsroom" /><figcaption>[Photo/IC]</figcaption></figure>`)
	}
	for n := 1 + g.rng.IntN(4); n > 0; n-- {
		b.WriteString("<p>" + g.words(8) + "</p>\n")
	}
	if g.chance(0.2) {
		b.WriteString(`<p><a href="javascript:alert(1)" onclick="x()">bad</a><script>evil()</script></p>`)
	}
	if g.chance(0.2) {
		b.WriteString(`<p>see <a href="/relative/page.html">this</a> &amp; <img src='rel.png'></p>`)
	}
	return b.String()
}

// htmlContent is an HTML body as a feed carries it: in CDATA or escaped.
func (g *feedGen) htmlContent() string {
	h := g.htmlBody()
	switch g.rng.IntN(3) {
	case 0:
		return "<![CDATA[" + h + "]]>"
	case 1:
		return xmlEscape(h)
	}
	return g.nl + "<![CDATA[" + g.nl + h + g.nl + "]]>" + g.nl
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func (g *feedGen) date(t time.Time) string {
	switch g.rng.IntN(16) {
	case 0, 1, 2:
		return t.Format("2006-01-02 15:04:05") // zoneless: the source's zone
	case 3:
		return t.Format(time.RFC1123Z)
	case 4:
		return t.UTC().Format(time.RFC1123)
	case 5:
		return t.In(time.FixedZone(g.pick("EST", "CEST", "PDT", "BST", "JST", "XYZ"), 3600*(g.rng.IntN(20)-10))).Format(time.RFC1123)
	case 6:
		return t.Format(time.RFC3339)
	case 7:
		return t.UTC().Format("2006-01-02T15:04:05.000Z")
	case 8:
		return t.Format("Mon, 2 Jan 2006 15:04:05 -0700")
	case 9:
		return t.Format("2006-01-02 15:04")
	case 10:
		return t.Format("02/01/2006")
	case 11:
		return g.pick("yesterday", "", "  ", "2019-13-45 25:61:00", "Wed, 31 Feb 2019 10:00:00 GMT", "Mon, 02 Jan 2006 15:04:05 UT")
	case 12:
		return t.Format("January 2, 2006")
	case 13:
		return "  " + t.Format(time.RFC1123Z) + "\n"
	case 14:
		return t.Format(time.RFC850)
	}
	return t.Format(time.UnixDate)
}

func (g *feedGen) link(i int) string {
	ws := fmt.Sprintf("WS%08x%016x", 0x5dd00000+g.rng.IntN(0x100000), g.rng.Uint64())
	switch g.rng.IntN(10) {
	case 0:
		return "/a/201911/19/" + ws + ".html" // relative
	case 1:
		return "  https://www.chinadaily.com.cn/a/201911/19/" + ws + ".html  "
	case 2:
		return "https://example.org/news?id=" + fmt.Sprint(i) + "&amp;utm_source=rss&amp;lang=en"
	case 3:
		return g.pick("javascript:alert(1)", "data:text/html;base64,AAAA", "jav&#x09;ascript:x")
	case 4:
		return "//www.chinadaily.com.cn/a/" + ws + ".html"
	case 5:
		return "https://example.org/path with space/" + fmt.Sprint(i)
	}
	return "http://127.0.0.1:9/a/201911/19/" + ws + ".html"
}

// rss writes an RSS 2.0 feed of n items.
func (g *feedGen) rss(n int) string {
	g.b.Reset()
	g.nl = g.pick("\n", "\n", "\r\n", "")
	start := time.Date(2019, 11, 22, 18, 0, 0, 0, time.FixedZone("CST", 8*3600))
	if g.chance(0.7) {
		g.line(g.pick(`<?xml version="1.0" encoding="UTF-8"?>`, `<?xml version='1.0' encoding='utf-8' standalone="yes"?>`, `<?xml version="1.0"?>`))
	}
	if g.chance(0.3) {
		g.line(`<?xml-stylesheet type='text/xsl' href='/css/cdi.xsl' version='1.0'?>`)
	}
	if g.chance(0.2) {
		g.line(`<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">`)
	}
	if g.chance(0.2) {
		g.line("<!-- generated -->")
	}
	ns := ""
	for _, d := range []string{
		` xmlns:content="http://purl.org/rss/1.0/modules/content/"`,
		` xmlns:dc="http://purl.org/dc/elements/1.1/"`,
		` xmlns:atom="http://www.w3.org/2005/Atom"`,
		` xmlns:media="http://search.yahoo.com/mrss/"`,
		` xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"`,
		` xmlns:slash="http://purl.org/rss/1.0/modules/slash/"`,
		` xmlns:my="urn:example:my"`,
	} {
		if g.chance(0.6) {
			ns += d
		}
	}
	if g.chance(0.1) {
		ns += ` xmlns="urn:bogus:default"` // gofeed treats the root's own space as native
	}
	g.line(`<rss version="`, g.pick("2.0", "0.91", "0.92"), `"`, ns, `>`)
	base := ""
	if g.chance(0.15) {
		base = ` xml:base="https://base.example.org/dir/"`
	}
	g.line(`<channel`, base, `>`)
	g.line(`<title>`, g.pick("China Daily > World", "Example News", "中国日报", "Generic &amp; Co"), `</title>`)
	if g.chance(0.9) {
		g.line(`<link>`, g.pick("https://www.chinadaily.com.cn/world", "http://example.org/", "/relative"), `</link>`)
	}
	g.line(`<description>`, g.plainText(), `</description>`)
	if g.chance(0.5) {
		g.line(`<language>`, g.pick("en", "zh-cn", "ja", "ko", "zh-TW", "en-us"), `</language>`)
	}
	if g.chance(0.5) {
		g.line(`<pubDate>`, g.date(start), `</pubDate>`)
	}
	if g.chance(0.3) {
		g.line(`<atom:link href="https://example.org/feed.xml" rel="self" type="application/rss+xml"/>`)
	}
	if g.chance(0.3) {
		g.line(`<image><url>/logo.png</url><title>logo</title><link>https://example.org/</link></image>`)
	}
	if g.chance(0.2) {
		g.line(`<dc:language>fr</dc:language><dc:title>DC title</dc:title>`)
	}
	if g.chance(0.2) {
		g.line(`<category domain="x">World</category><skipHours><hour>1</hour><hour>2</hour></skipHours><cloud domain="rpc.example" port="80" path="/RPC2" registerProcedure="p" protocol="xml-rpc"/>`)
	}
	for i := range n {
		g.rssItem(i, start.Add(-time.Duration(i)*37*time.Minute))
	}
	g.line(`</channel>`)
	g.w(`</rss>`)
	if g.chance(0.1) {
		g.w("\n<!-- trailing --> junk after the root that gofeed never reads & <unclosed")
	}
	return g.b.String()
}

func (g *feedGen) rssItem(i int, t time.Time) {
	attrs := ""
	if g.chance(0.05) {
		attrs = ` xml:base="/items/"`
	}
	if g.chance(0.2) {
		g.w("<!-- ab ", fmt.Sprintf("%x", g.rng.Uint32()), " -->")
	}
	g.line(g.pick("<item", "<item", "<Item"), attrs, `>`)
	closeTag := "</item>"
	if strings.HasSuffix(g.b.String(), "<Item"+attrs+">"+g.nl) {
		closeTag = "</Item>"
	}
	fields := []func(){
		func() {
			if g.chance(0.95) {
				g.line(`<title>`, g.textContent(), `</title>`)
			}
		},
		func() {
			l := g.link(i)
			switch g.rng.IntN(10) {
			case 0:
				g.line(`<link href="`, strings.ReplaceAll(l, "&amp;", "&#38;"), `"/>`)
			case 1:
				// no link
			case 2:
				g.line(`<link></link>`)
			default:
				g.line(`<link>`, l, `</link>`)
			}
		},
		func() {
			switch g.rng.IntN(6) {
			case 0:
				g.line(`<description>`, g.htmlContent(), `</description>`)
			case 1:
				g.line(`<description/>`)
			case 2:
			default:
				g.line(`<description>`, g.textContent(), `</description>`)
			}
		},
		func() {
			switch g.rng.IntN(8) {
			case 0:
				g.line(`<content:encoded>`, g.htmlContent(), `</content:encoded>`)
			case 1:
				g.line(`<content>`, g.htmlContent(), `</content>`)
			case 2:
				g.line(`<Content>`, g.textContent(), `</Content>`)
			case 3:
				g.line(`<content><![CDATA[`, g.words(20), "\n\n", g.words(10), `]]></content>`)
			}
		},
		func() {
			switch g.rng.IntN(9) {
			case 0:
				g.line(`<author>`, g.pick("jdoe@example.com (John Doe)", "John Doe", "Jane Roe (jane@example.com)", "x@y.z"), `</author>`)
			case 1:
				g.line(`<dc:creator>`, g.words(2), `</dc:creator>`)
			case 2:
				g.line(`<AuthorName>`, g.words(2), `</AuthorName>`)
			case 3:
				g.line(`<AuthorName></AuthorName>`)
			case 4:
				g.line(`<dc:creator><![CDATA[`, g.words(2), `]]></dc:creator><dc:creator>Second Person</dc:creator>`)
			case 5:
				g.line(`<itunes:author>`, g.words(2), `</itunes:author>`)
			case 6:
				g.line(`<authorname>lower case</authorname><AUTHORNAME>upper</AUTHORNAME>`)
			}
		},
		func() {
			switch g.rng.IntN(8) {
			case 0:
				g.line(`<dc:date>`, g.date(t), `</dc:date>`)
			case 1:
				// no date: WS id or fetch time
			case 2:
				g.line(`<pubDate>`, g.date(t), `</pubDate><dc:date>`, t.Format(time.RFC3339), `</dc:date>`)
			case 3:
				g.line(`<atom:updated>`, t.Format(time.RFC3339), `</atom:updated>`)
			default:
				g.line(`<pubDate>`, g.date(t), `</pubDate>`)
			}
		},
		func() {
			switch g.rng.IntN(5) {
			case 0:
				g.line(`<guid isPermaLink="false">`, fmt.Sprintf("WS%08x%016x", g.rng.Uint32(), g.rng.Uint64()), `</guid>`)
			case 1:
				g.line(`<guid>https://example.org/guid/`, fmt.Sprint(i), `</guid>`)
			case 2:
				g.line(`<guid isPermalink='true'>`, fmt.Sprint(g.rng.IntN(1000)), `</guid>`)
			}
		},
		func() {
			for n := g.rng.IntN(4); n > 0; n-- {
				g.line(`<category`, g.pick("", ` domain="http://example.org/cat"`), `>`, g.textContent(), `</category>`)
			}
		},
		func() {
			switch g.rng.IntN(9) {
			case 0:
				g.line(`<enclosure url="https://img.example.org/`, fmt.Sprint(i), `.jpg" type="image/jpeg" length="1234"/>`)
			case 1:
				g.line(`<enclosure url="https://media.example.org/a.mp3?x=1&amp;y=2" type="audio/mpeg" length="0"></enclosure>`)
			case 2:
				g.line(`<enclosure><![CDATA[<img src=//img2.chinadaily.com.cn/images/201911/22/`, fmt.Sprintf("%x", g.rng.Uint32()), `.jpeg border=0>]]></enclosure>`)
			case 3:
				g.line(`<media:content url="https://img.example.org/m`, fmt.Sprint(i), `.png" medium="image" width="10"/><media:thumbnail url="https://img.example.org/t.png"/>`)
			case 4:
				g.line(`<media:group><media:content url="https://v.example.org/v.mp4" type="video/mp4"/></media:group>`)
			case 5:
				g.line(`<itunes:image href="/art.jpg"/>`)
			case 6:
				g.line(`<enclosure url='/relative.gif' type=''/>`)
			}
		},
		func() {
			switch g.rng.IntN(10) {
			case 0:
				g.line(`<comments>/comments/`, fmt.Sprint(i), `</comments><slash:comments>4</slash:comments>`)
			case 1:
				g.line(`<source url="https://src.example.org/rss">Source &amp; Co</source>`)
			case 2:
				g.line(`<my:extra a="1" b='two &amp; three'>text<my:child c="3">inner</my:child> tail</my:extra>`)
			case 3:
				g.line(`<unknown><nested attr="x">deep <b>text</b></nested></unknown>`)
			case 4:
				g.line(`<?pi inside item?><!-- a comment -->`)
			case 5:
				g.line(`<atom:link href="/alt" rel="alternate"/><atom:author><atom:name>Atom Author</atom:name></atom:author><atom:category term="ext-cat"/>`)
			case 6:
				g.line(`<itunes:summary>`, g.words(5), `</itunes:summary><itunes:keywords>a, b,c</itunes:keywords>`)
			case 7:
				g.line(`<dc:subject>`, g.words(1), `</dc:subject><dc:description>`, g.words(4), `</dc:description>`)
			}
		},
	}
	g.rng.Shuffle(len(fields), func(a, b int) { fields[a], fields[b] = fields[b], fields[a] })
	for _, f := range fields {
		f()
	}
	g.line(closeTag)
}

// atom writes an Atom feed of n entries.
func (g *feedGen) atom(n int) string {
	g.b.Reset()
	g.nl = g.pick("\n", "\n", "\r\n", "")
	start := time.Date(2019, 11, 22, 10, 0, 0, 0, time.UTC)
	if g.chance(0.8) {
		g.line(`<?xml version="1.0" encoding="utf-8"?>`)
	}
	space := g.pick(` xmlns="http://www.w3.org/2005/Atom"`, ` xmlns="http://www.w3.org/2005/Atom"`, ` xmlns="http://purl.org/atom/ns#" version="0.3"`, ``)
	extra := ""
	if g.chance(0.5) {
		extra += ` xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/"`
	}
	if g.chance(0.3) {
		extra += ` xml:lang="` + g.pick("en", "zh-CN", "ja") + `"`
	}
	if g.chance(0.15) {
		extra += ` xml:base="https://base.example.org/blog/"`
	}
	g.line(`<feed`, space, extra, `>`)
	g.line(`<title type="`, g.pick("text", "html"), `">`, g.pick("Example &amp; Co", "China Daily", "Blog"), `</title>`)
	g.line(`<id>`, g.pick("urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6", "tag:example.org,2003:feed", "https://example.org/"), `</id>`)
	g.line(`<updated>`, start.Format(time.RFC3339), `</updated>`)
	if g.chance(0.8) {
		g.line(`<link href="`, g.pick("https://example.org/", "/", "https://www.chinadaily.com.cn/world"), `"/>`)
	}
	if g.chance(0.5) {
		g.line(`<link rel="self" href="https://example.org/atom.xml"/><author><name>Feed Author</name><email>f@example.org</email></author>`)
	}
	if g.chance(0.3) {
		g.line(`<generator uri="/gen" version="1.0">Gen</generator><subtitle>`, g.plainText(), `</subtitle><icon>/i.png</icon>`)
	}
	if g.chance(0.2) {
		g.line(`<media:thumbnail url="https://example.org/t.png"/>`)
	}
	for i := range n {
		g.atomEntry(i, start.Add(-time.Duration(i)*53*time.Minute))
	}
	g.w(`</feed>`)
	return g.b.String()
}

func (g *feedGen) atomText(tag string) {
	switch g.rng.IntN(9) {
	case 0:
		g.line(`<`, tag, ` type="html">`, xmlEscape(g.htmlBody()), `</`, tag, `>`)
	case 1:
		g.line(`<`, tag, ` type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">`, g.htmlBodyXML(), `</div></`, tag, `>`)
	case 2:
		g.line(`<`, tag, ` type="html"><![CDATA[`, g.htmlBody(), `]]></`, tag, `>`)
	case 3:
		g.line(`<`, tag, `>`, g.textContent(), `</`, tag, `>`)
	case 4:
		g.line(`<`, tag, ` type="text">`, g.plainText(), `</`, tag, `>`)
	case 5:
		g.line(`<`, tag, ` type="text/plain" mode="escaped">`, g.plainText(), `</`, tag, `>`)
	case 6:
		g.line(`<`, tag, ` mode="escaped" type="text/html">`, xmlEscape(g.htmlBody()), `</`, tag, `>`)
	case 7:
		g.line(`<`, tag, ` type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>one</p></div><p>two</p></`, tag, `>`)
	default:
		g.line(`<`, tag, ` type="html">`, xmlEscape("<div><p>"+g.words(4)+"</p></div>"), `</`, tag, `>`)
	}
}

// htmlBodyXML is an XHTML fragment (well-formed XML).
func (g *feedGen) htmlBodyXML() string {
	var b strings.Builder
	for n := 1 + g.rng.IntN(3); n > 0; n-- {
		b.WriteString("<p>" + g.words(6) + " <a href=\"/rel/" + fmt.Sprint(n) + "\">link</a><br/></p>")
	}
	if g.chance(0.3) {
		b.WriteString(`<img src="img.png" alt="x &amp; y"/>`)
	}
	return b.String()
}

func (g *feedGen) atomEntry(i int, t time.Time) {
	attrs := ""
	if g.chance(0.1) {
		attrs = ` xml:base="` + g.pick("/entries/", "https://other.example.net/x/y", "sub/") + `"`
	}
	g.line(`<entry`, attrs, `>`)
	fields := []func(){
		func() { g.atomText("title") },
		func() {
			switch g.rng.IntN(6) {
			case 0:
				g.line(`<id>`, fmt.Sprintf("urn:uuid:%08x-0000-4000-8000-%012x", g.rng.Uint32(), g.rng.Uint64()&0xffffffffffff), `</id>`)
			case 1:
				g.line(`<id>tag:example.org,2019:`, fmt.Sprint(i), `</id>`)
			case 2:
				g.line(`<id> https://example.org/p?id=`, fmt.Sprint(i), `&amp;x=y </id>`)
			case 3:
				g.line(`<id>relative/`, fmt.Sprint(i), `</id>`)
			case 4:
				g.line(`<id>%zz bad</id>`)
			default:
				g.line(`<id>https://example.org/`, fmt.Sprint(i), `</id>`)
			}
		},
		func() {
			switch g.rng.IntN(6) {
			case 0:
				g.line(`<updated>`, t.Format(time.RFC3339), `</updated>`)
			case 1:
				g.line(`<updated>`, t.Format(time.RFC3339), `</updated><published>`, t.Add(-time.Hour).In(time.FixedZone("", 9*3600)).Format(time.RFC3339), `</published>`)
			case 2:
				g.line(`<published>`, g.date(t), `</published>`)
			case 3:
				g.line(`<modified>`, g.date(t), `</modified><issued>`, g.date(t), `</issued>`)
			case 4:
			default:
				g.line(`<updated>`, t.UTC().Format("2006-01-02T15:04:05.000Z"), `</updated>`)
			}
		},
		func() {
			for n := g.rng.IntN(4); n > 0; n-- {
				switch g.rng.IntN(6) {
				case 0:
					g.line(`<link href="/rel/`, fmt.Sprint(i), `"/>`)
				case 1:
					g.line(`<link rel="alternate" type="text/html" href="`, g.link(i), `"/>`)
				case 2:
					g.line(`<link rel="enclosure" type="`, g.pick("image/png", "audio/mpeg", ""), `" length="10" href="https://e.example.org/`, fmt.Sprint(i), `"/>`)
				case 3:
					g.line(`<link rel="related" href="https://related.example.org/"/>`)
				case 4:
					g.line(`<link rel='self' href=' https://example.org/self/`, fmt.Sprint(i), `'></link>`)
				default:
					g.line(`<link href="https://example.org/a b/`, fmt.Sprint(i), `" hreflang="en" title="T"/>`)
				}
			}
		},
		func() {
			for n := g.rng.IntN(3); n > 0; n-- {
				switch g.rng.IntN(4) {
				case 0:
					g.line(`<author><name>`, g.words(2), `</name><email>a@example.org</email><uri>/~a</uri></author>`)
				case 1:
					g.line(`<author><email>only@example.org</email></author>`)
				case 2:
					g.line(`<contributor><name>C</name></contributor>`)
				default:
					g.line(`<author><name><![CDATA[`, g.words(2), `]]></name></author>`)
				}
			}
		},
		func() {
			for n := g.rng.IntN(3); n > 0; n-- {
				g.line(`<category term="`, g.words(1), `"`, g.pick("", ` label="Label &amp; more"`, ` scheme="/s"`), `/>`)
			}
		},
		func() {
			if g.chance(0.7) {
				g.atomText("summary")
			}
		},
		func() {
			switch g.rng.IntN(6) {
			case 0, 1:
				g.atomText("content")
			case 2:
				g.line(`<content src="/media/`, fmt.Sprint(i), `.html" type="text/html"/>`)
			case 3:
				g.line(`<content type="image/png">aGVsbG8=</content>`)
			case 4:
				g.line(`<content type="application/octet-stream" mode="base64">not base64!</content>`)
			}
		},
		func() {
			switch g.rng.IntN(6) {
			case 0:
				g.line(`<media:thumbnail url="https://img.example.org/`, fmt.Sprint(i), `.jpg"/><dc:subject>s</dc:subject>`)
			case 1:
				g.line(`<source><id>urn:src</id><title>Src</title><link href="https://src.example.org/"/><updated>`, t.Format(time.RFC3339), `</updated></source>`)
			case 2:
				g.line(`<rights>© 2019</rights><unknown a="b">x</unknown>`)
			case 3:
				g.line(`<!-- note --><?pi?>`)
			}
		},
	}
	g.rng.Shuffle(len(fields), func(a, b int) { fields[a], fields[b] = fields[b], fields[a] })
	for _, f := range fields {
		f()
	}
	g.line(`</entry>`)
}
