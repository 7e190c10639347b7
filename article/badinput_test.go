package article

import (
	"bytes"
	"context"
	"errors"
	"math/rand"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// articlePage wraps body paragraphs in a plausible news page.
func articlePage(head, body string) string {
	return "<!DOCTYPE html><html><head>" + head + "<title>Test story</title></head><body>" +
		`<nav><a href="/">Home</a></nav><main><article><h1>Test story</h1>` + body +
		"</article></main><footer>Contact us</footer></body></html>"
}

func TestEmptyAndBinaryBodies(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	noise := make([]byte, 4096)
	rng.Read(noise)
	for name, body := range map[string][]byte{
		"nil":        nil,
		"empty":      {},
		"whitespace": []byte(" \n\t\r\n  "),
		"png":        append([]byte("\x89PNG\r\n\x1a\n"), noise[:100]...),
		"pdf":        []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
		"gzip":       append([]byte{0x1f, 0x8b, 8, 0}, noise[:64]...),
		"noise":      noise,
		"nul text":   []byte("hello\x00world<p>text</p>"),
		"plain text": []byte("Just a line of text, no markup at all.\nAnother line."),
	} {
		t.Run(name, func(t *testing.T) {
			a, err := Extract(context.Background(), body, "https://example.com/a")
			if !errors.Is(err, ErrNotHTML) || a != nil {
				t.Errorf("got %v, %v; want ErrNotHTML", a, err)
			}
		})
	}
	// Non-HTML content types are refused before any parsing.
	for _, ct := range []string{"image/png", "application/pdf", "application/json", "video/mp4"} {
		_, err := ExtractWithContentType(context.Background(), []byte(articlePage("", paragraphs(5))), "https://example.com/a", ct)
		if !errors.Is(err, ErrNotHTML) {
			t.Errorf("%s: err = %v, want ErrNotHTML", ct, err)
		}
	}
	// Mislabelled HTML (text/plain, octet-stream) is still read.
	for _, ct := range []string{"text/plain", "application/octet-stream", "text/html;;;bad", ""} {
		if _, err := ExtractWithContentType(context.Background(), []byte(articlePage("", paragraphs(5))), "https://example.com/a", ct); err != nil {
			t.Errorf("%q: %v", ct, err)
		}
	}
}

func TestTooLarge(t *testing.T) {
	// 20 MB: one real article followed by a huge run of filler.
	var b bytes.Buffer
	b.WriteString(articlePage("", paragraphs(5)))
	filler := bytes.Repeat([]byte("<div>filler text</div>\n"), 1000)
	for b.Len() < 20<<20 {
		b.Write(filler)
	}
	start := time.Now()
	a, err := Extract(context.Background(), b.Bytes(), "https://example.com/a")
	if !errors.Is(err, ErrTooLarge) || a != nil {
		t.Fatalf("20 MB page: %v, %v; want ErrTooLarge", a, err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("rejecting took %v", d)
	}
	// Just under the byte limit but with more nodes than allowed.
	many := bytes.Repeat([]byte("<b></b>"), maxNodes/2+10) // 3.5 MB
	if _, err := Extract(context.Background(), many, ""); !errors.Is(err, ErrTooLarge) {
		t.Errorf("node bomb: err = %v, want ErrTooLarge", err)
	}
}

func TestDeepNesting(t *testing.T) {
	text := "The deeply nested paragraph still says something worth reading about the harbour, the storm and the repairs that follow it."
	for _, tag := range []string{"div", "span", "b", "table", "blockquote"} {
		t.Run(tag, func(t *testing.T) {
			open, end := "<"+tag+">", "</"+tag+">"
			if tag == "table" {
				open, end = "<table><tr><td>", "</td></tr></table>"
			}
			page := "<html><body>" + strings.Repeat(open, 100000) + "<p>" + text + "</p>" + paragraphs(3) +
				strings.Repeat(end, 100000) + "</body></html>"
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			start := time.Now()
			a, err := Extract(ctx, []byte(page), "https://example.com/deep")
			d := time.Since(start)
			if err != nil {
				// A clear error is acceptable; a crash or hang is not.
				if !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrNoArticle) && !errors.Is(err, ErrNotHTML) {
					t.Fatalf("unexpected error %v", err)
				}
				t.Logf("%s: %v in %v", tag, err, d)
				return
			}
			if !strings.Contains(a.Text(), text) {
				t.Errorf("nested text lost: %.200q", a.Text())
			}
			t.Logf("%s: %d blocks in %v", tag, len(a.Blocks), d)
		})
	}
}

func TestTimeBudget(t *testing.T) {
	page := []byte(articlePage("", paragraphs(8)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Extract(ctx, page, ""); err == nil {
		t.Errorf("cancelled context: no error")
	}
	ctx, cancel = context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	if _, err := Extract(ctx, page, ""); !errors.Is(err, ErrTimeout) {
		t.Errorf("expired deadline: err = %v, want ErrTimeout", err)
	}
}

func TestLoginAndPaywalls(t *testing.T) {
	login := articlePage("", `<h2>Sign in</h2><form action="/login" method="post">
<label>Email <input type="email" name="email"></label><label>Password <input type="password" name="pw"></label>
<button>Sign in</button></form><p>Sign in to continue reading. New here? <a href="/register">Create an account</a>.</p>`)
	paywall := articlePage("", `<p>The council met on Tuesday to discuss the harbour.</p>
<div class="paywall"><p>This content is available to subscribers only. Subscribe to read the full story.</p>
<p>Already a subscriber? <a href="/login">Log in</a></p></div>`)
	for name, page := range map[string]string{"login": login, "paywall": paywall} {
		a, err := Extract(context.Background(), []byte(page), "https://example.com/story")
		if !errors.Is(err, ErrNoArticle) || a != nil {
			t.Errorf("%s: %v, %v; want ErrNoArticle", name, a, err)
		}
	}
	// A real article on a site with a login box in the header is fine.
	withLogin := `<html><body><header><form><input type="password" name="pw"><button>Log in</button></form></header>
<article><h1>Story</h1>` + paragraphs(6) + `</article></body></html>`
	if _, err := Extract(context.Background(), []byte(withLogin), "https://example.com/story"); err != nil {
		t.Errorf("article with a login box: %v", err)
	}
	// Index pages and error pages have no article.
	index := `<html><body><ul>` + strings.Repeat(`<li><a href="/a">Another headline about the storm</a></li>`, 30) + `</ul></body></html>`
	if _, err := Extract(context.Background(), []byte(index), "https://example.com/"); !errors.Is(err, ErrNoArticle) {
		t.Errorf("link index: err = %v, want ErrNoArticle", err)
	}
	notFound := `<html><body><h1>404</h1><p>Page not found.</p></body></html>`
	if _, err := Extract(context.Background(), []byte(notFound), "https://example.com/x"); !errors.Is(err, ErrNoArticle) {
		t.Errorf("404 page: err = %v, want ErrNoArticle", err)
	}
}

// zhParagraphs is Chinese article text with GBK-only characters (喆, 堃).
const zhParagraphs = `<p>东京和华盛顿继续向首尔施压，要求其保留即将于本周末到期的日韩军事情报保护协定，两国防长在周一的会晤中强调了该协定的重要性。</p>
<p>记者王喆和李堃报道，日本防卫大臣河野太郎与美国国防部长埃斯珀在曼谷出席东盟防长扩大会议期间举行会谈，重申了情报安排的价值。</p>
<p>韩国方面则要求日本首先重新审视其对韩国出口高科技材料的管制措施，并表示退出协定的决定是日本实施出口限制之后不可避免的结果。</p>`

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCharsets(t *testing.T) {
	cafe := `<p>The café on the quay reopened on Tuesday, serving crème brûlée to fishermen who said the storm's damage, while severe, was already being repaired by crews working through the night.</p>` + paragraphs(2)
	jaText := `<p>東京国立博物館で、唐から令和までの書の歴史をたどる展覧会が水曜日に開幕した。中国と日本の両国から約百六十点の作品が集められている。</p>
<p>学芸員の石川典子さんは「書は言葉が違っても通じ合う共通の言語です」と語った。展覧会は一月十九日まで開かれ、来年は北京に巡回する予定だ。</p>
<p>会場には多くの来場者が訪れ、作品の前で足を止めて熱心に見入っていた。主催者によると、初日だけで三千人以上が来場したという。</p>`
	cases := []struct {
		name, contentType string
		body              []byte
		want              string
	}{
		{"gbk meta", "", encode(t, simplifiedchinese.GBK, articlePage(`<meta charset="gbk">`, zhParagraphs)), "记者王喆和李堃报道"},
		{"gbk http header", "text/html; charset=GBK", encode(t, simplifiedchinese.GBK, articlePage("", zhParagraphs)), "记者王喆和李堃报道"},
		{"gbk no label, lang=zh", "", encode(t, simplifiedchinese.GBK, strings.Replace(articlePage("", zhParagraphs), "<html>", `<html lang="zh-CN">`, 1)), "记者王喆和李堃报道"},
		{"gbk no label, no lang", "", encode(t, simplifiedchinese.GBK, articlePage("", zhParagraphs)), "记者王喆和李堃报道"},
		{"gbk, header wrongly says utf-8, meta says gbk", "text/html; charset=utf-8", encode(t, simplifiedchinese.GBK, articlePage(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, zhParagraphs)), "记者王喆和李堃报道"},
		{"utf-8 with stale windows-1252 meta", "", []byte(articlePage(`<meta charset="windows-1252">`, cafe)), "The café on the quay"},
		{"utf-8 with stale iso-8859-1 header", "text/html; charset=iso-8859-1", []byte(articlePage("", cafe)), "crème brûlée"},
		{"windows-1252, no label", "", encode(t, charmap.Windows1252, articlePage("", cafe)), "The café on the quay"},
		{"latin-1 meta", "", encode(t, charmap.ISO8859_1, articlePage(`<meta charset="iso-8859-1">`, cafe)), "crème brûlée"},
		{"shift_jis meta", "", encode(t, japanese.ShiftJIS, articlePage(`<meta charset="Shift_JIS">`, jaText)), "学芸員の石川典子さん"},
		{"shift_jis no label, lang=ja", "", encode(t, japanese.ShiftJIS, strings.Replace(articlePage("", jaText), "<html>", `<html lang="ja">`, 1)), "学芸員の石川典子さん"},
		{"utf-16le BOM", "", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), articlePage("", cafe)), "crème brûlée"},
		{"utf-8 BOM, bogus meta", "", append([]byte("\xef\xbb\xbf"), articlePage(`<meta charset="x-unknown-thing">`, cafe)...), "crème brûlée"},
		{"unknown charset label", "text/html; charset=klingon", []byte(articlePage("", cafe)), "crème brûlée"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := ExtractWithContentType(context.Background(), c.body, "https://example.com/a", c.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text(), c.want) {
				t.Errorf("want %q in %.120q", c.want, a.Text())
			}
			if strings.ContainsRune(a.Text(), '\uFFFD') {
				t.Errorf("replacement characters in text")
			}
		})
	}
	// Invalid UTF-8 bytes in an otherwise UTF-8 page never crash and
	// never reach the text as raw bytes.
	broken := []byte(articlePage(`<meta charset="utf-8">`, "<p>Broken \xff\xfe bytes \xc3 here, in a page whose label says UTF-8 but whose bytes disagree.</p>"+paragraphs(2)))
	a, err := Extract(context.Background(), broken, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range a.Blocks {
		if !utf8Valid(b.Text) {
			t.Errorf("invalid UTF-8 in block %q", b.Text)
		}
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s }

func TestHostileLinks(t *testing.T) {
	body := `<p>Links: <a href="javascript:alert(document.cookie)">one</a>, <a href="   JavaScript:alert(1)">two</a>,
<a href="jav&#x09;ascript:alert(1)">three</a>, <a href="data:text/html;base64,PHNjcmlwdD4=">four</a>,
<a href="vbscript:msgbox(1)">five</a>, <a href="mailto:x@example.com">six</a>, <a href="ftp://example.com/f">seven</a>,
<a href="https://good.example/ok">eight</a>, <a href="//cdn.example/x">nine</a>, <a href="/relative/ten">ten</a>,
<a href="rel/eleven">eleven</a>, <a href="?q=twelve">twelve</a>, <a href="#frag">thirteen</a> and more words for length.</p>` +
		`<p><img src="javascript:alert(1)" alt="bad img"><img src="data:image/png;base64,AAAA" alt="inline"><img src="/img/ok.jpg" alt="ok"></p>` +
		paragraphs(3)
	page := []byte(articlePage("", body))

	urls := func(a *Article) []string {
		var out []string
		for _, l := range a.Links {
			out = append(out, l.URL)
		}
		return out
	}
	// With a base: relative links resolve, hostile schemes are dropped.
	a, err := Extract(context.Background(), page, "https://news.example/2024/story.html")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://good.example/ok", "https://cdn.example/x", "https://news.example/relative/ten",
		"https://news.example/2024/rel/eleven", "https://news.example/2024/story.html?q=twelve"}
	if got := urls(a); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("links with base:\n got %q\nwant %q", got, want)
	}
	if strings.Join(a.Images, " ") != "https://news.example/img/ok.jpg" {
		t.Errorf("images %q", a.Images)
	}
	for _, w := range []string{"one", "two", "three", "four", "five"} {
		if !strings.Contains(a.Text(), w) {
			t.Errorf("anchor text %q lost", w)
		}
	}
	// With no base: relative links are left out; protocol-relative ones
	// get https.
	a, err = Extract(context.Background(), page, "")
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"https://good.example/ok", "https://cdn.example/x"}
	if got := urls(a); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("links without base:\n got %q\nwant %q", got, want)
	}
	if len(a.Images) != 0 {
		t.Errorf("relative image kept without base: %q", a.Images)
	}
	// A non-http page URL is no base either, and <base href> can supply one.
	if a, err = Extract(context.Background(), page, "file:///tmp/x.html"); err != nil || len(urls(a)) != 2 {
		t.Errorf("file: base: %v %q", err, urls(a))
	}
	withBase := bytes.Replace(page, []byte("<head>"), []byte(`<head><base href="https://base.example/dir/">`), 1)
	if a, err = Extract(context.Background(), withBase, ""); err != nil || !strings.Contains(strings.Join(urls(a), " "), "https://base.example/dir/rel/eleven") {
		t.Errorf("<base href>: %v %q", err, urls(a))
	}
}

func TestControlCharacters(t *testing.T) {
	body := "<p>Aqaba port\u009b2J reports rise in \u202econtainer traffic\x1b[31m as\x1b]0;title\x07 ships return\u200b to the Red Sea after months of diversions around the Cape.</p>" + paragraphs(2)
	a, err := Extract(context.Background(), []byte(articlePage("<title>Evil\x1b[2J title</title>", body)), "")
	if err != nil {
		t.Fatal(err)
	}
	want := "Aqaba port reports rise in container traffic as ships return to the Red Sea after months of diversions around the Cape."
	if p := a.Paragraphs(); len(p) == 0 || p[0] != want {
		t.Errorf("first paragraph %q, want %q", p, want)
	}
	for _, s := range append(a.Paragraphs(), a.Title) {
		for _, r := range s {
			if dropRune(r) || r == 0x1b {
				t.Errorf("control rune %U in %q", r, s)
			}
		}
	}
}
