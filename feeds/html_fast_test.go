package feeds

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// HTMLToText skips the HTML parser for a fragment without '<'; the result
// must be what the parser's tree gives.
func checkTextNode(t *testing.T, s string) {
	t.Helper()
	if strings.TrimSpace(s) == "" || !looksLikeHTML(s) || strings.IndexByte(s, '<') >= 0 {
		return
	}
	if got, want := textNodeToText(s), htmlToTextTree(s); got != want {
		t.Fatalf("textNodeToText(%q) = %q, tree gives %q", s, got, want)
	}
}

func TestTextNodeToTextMatchesTree(t *testing.T) {
	pieces := []string{"a", " ", "&amp;", "&amp", "&#8217;", "&#x27;", "&nbsp;", "&notit;", "&lt;p&gt;", "\r\n", "\r", "\n", "\t",
		"\x00", "&#0;", "&#13;", "&#x0d;", "é", "\u00a0", "\u2028", "\x1b[31m", "\u009b", "&", "#", ";", "x", "&copy", "&ampx;", "\u202e"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 10000 {
		var b strings.Builder
		for n := 1 + rng.IntN(12); n > 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		checkTextNode(t, b.String())
	}
}

func FuzzTextNodeToText(f *testing.F) {
	for _, s := range []string{"AT&amp;T", "a&#13;\r\nb", "x\x00&#0;y", "&nbsp;&nbsp;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkTextNode(t, s) })
}

// looksLikeHTML answers before the regular expression when it can; the
// answer must be the expression's.
func checkLooksLikeHTML(t *testing.T, s string) {
	t.Helper()
	want := strings.ContainsAny(s, "<&") && htmlSignal().MatchString(s)
	if got := looksLikeHTML(s); got != want {
		t.Fatalf("looksLikeHTML(%q) = %v, the expression says %v", s, got, want)
	}
}

func TestLooksLikeHTMLMatchesRegexp(t *testing.T) {
	for _, m := range sureHTMLSignals {
		if !htmlSignal().MatchString(m) {
			t.Errorf("%q is not a sure signal", m)
		}
	}
	pieces := []string{"<", ">", "/", "!", "--", "&", "#", ";", "p", "P", "br", "a", "div", "ſ", "K", "span", "x", " ", "\t",
		"1", "x7", "amp", "lt", "script", "=", `"`, "é", "k", "s", "mall", "\n", "<p>", "&amp;", "link", "pan"}
	rng := rand.New(rand.NewPCG(9, 10))
	for range 30000 {
		var b strings.Builder
		for n := 1 + rng.IntN(10); n > 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		checkLooksLikeHTML(t, b.String())
	}
}

func FuzzLooksLikeHTML(f *testing.F) {
	for _, s := range []string{"<ſpan>", "&Kelvin;", "a < b", "AT&T", "<P CLASS=x>", "&#x1F;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkLooksLikeHTML(t, s) })
}

// The simple-HTML path (html_fast.go) must give what the HTML parser's
// tree gives, for SanitizeHTML and HTMLToText alike.
func checkSimpleHTML(t *testing.T, s string) (accepted bool) {
	t.Helper()
	_, accepted = simpleHTML(s)
	for _, base := range []string{"", "https://example.org/a/b.html"} {
		if got, want := SanitizeHTML(s, base), sanitizeHTMLTree(s, base); got != want {
			t.Fatalf("SanitizeHTML(%q, %q) (simple %v)\n got %q\nwant %q", s, base, accepted, got, want)
		}
	}
	if strings.TrimSpace(s) != "" {
		if got, want := htmlToText(s), htmlToTextTree(s); got != want {
			t.Fatalf("htmlToText(%q) (simple %v)\n got %q\nwant %q", s, accepted, got, want)
		}
	}
	return accepted
}

// randomHTML builds fragments from the tags the simple path knows, some it
// does not, and the mistakes the tree builder repairs.
func randomHTML(rng *rand.Rand, depth int) string {
	tags := []string{"p", "p", "div", "span", "a", "b", "i", "em", "strong", "u", "s", "small", "code", "font", "big",
		"ul", "ol", "li", "li", "h1", "h2", "h3", "blockquote", "figure", "figcaption", "section", "center", "sub", "sup",
		"mark", "q", "time", "del", "ins", "abbr", "cite", "nav", "address", "details", "summary", "kbd",
		"table", "td", "tr", "pre", "script", "style", "textarea", "title", "form", "button", "select", "dl", "dt", "dd", "nobr", "foo", "svg"}
	voids := []string{"br", "br/", "br /", "img", "hr", "wbr", "BR", "input"}
	attrs := []string{``, ` href="/x?a=1&amp;b=2"`, ` href='https://e.org/&#x41;'`, ` href=/plain/path`, ` href="javascript:alert(1)"`,
		` title="T &quot;q&quot;" href="h"`, ` src="i.png"`, ` src=//img.example.org/a.jpg border=0`, ` class="c" style="x"`,
		` HREF="UP"`, ` href="a" href="b"`, ` alt`, ` title="x&copy;y"`, ` title="a&ampb"`, ` onclick="evil()"`, ` width=10 height="20"`,
		` title="tab&#9;bidi&#x202e;"`, ` datetime="2019-11-19"`, ` colspan=2`, ` href="x"title="y"`, ` data-x=a/`, ` title=">"`}
	texts := []string{"text", " ", "\n", "\r\n", "a &amp; b", "AT&T", "x < y", "&nbsp;", "&#8217;", "\x1b[31mred\x1b[0m", "\u009b2J",
		"\u202e", "é", "&lt;b&gt;", "a\rb", "<", "&", "café", "  two  spaces  "}
	var b strings.Builder
	n := 1 + rng.IntN(5)
	for range n {
		switch r := rng.IntN(20); {
		case r < 7:
			b.WriteString(texts[rng.IntN(len(texts))])
		case r < 9:
			v := voids[rng.IntN(len(voids))]
			b.WriteString("<" + v)
			if strings.HasPrefix(v, "img") {
				b.WriteString(attrs[rng.IntN(len(attrs))])
			}
			b.WriteString(">")
		case r == 9:
			b.WriteString([]string{"<!-- c -->", "<!---->", "<!-->", "<!-- a -- b -->", "<!-- x --!>", "<?pi?>", "<!DOCTYPE html>", "</>", "</ p>", "</br>"}[rng.IntN(10)])
		case r == 10 && depth > 0:
			// a stray or misnested end tag
			b.WriteString("</" + tags[rng.IntN(len(tags))] + ">")
		default:
			if depth <= 0 {
				b.WriteString(texts[rng.IntN(len(texts))])
				continue
			}
			tag := tags[rng.IntN(len(tags))]
			if rng.IntN(8) == 0 {
				tag = strings.ToUpper(tag)
			}
			b.WriteString("<" + tag + attrs[rng.IntN(len(attrs))] + ">")
			b.WriteString(randomHTML(rng, depth-1))
			if rng.IntN(10) != 0 {
				b.WriteString("</" + tag + ">")
			}
		}
	}
	return b.String()
}

func TestSimpleHTMLMatchesTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	accepted, n := 0, 8000
	if raceEnabled {
		n = 1500
	}
	for range n {
		if checkSimpleHTML(t, randomHTML(rng, 3)) {
			accepted++
		}
	}
	// The generator mixes simple and repaired markup; both kinds must be
	// well represented or the comparison proves little.
	t.Logf("%d of %d fragments took the simple path", accepted, n)
	if accepted < n/10 || accepted > n*9/10 {
		t.Errorf("%d of %d fragments took the simple path", accepted, n)
	}
	for _, s := range []string{
		`<p>One.</p><p>Two <a href="/x">link</a> &amp; <img src="i.png"></p>`,
		`<figure class="image"><img src="//img2.chinadaily.com.cn/images/a.jpeg" data-from="newsroom" /><figcaption>[Photo/IC]</figcaption></figure>`,
		`<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>`, `<p>a<br/>b<br>c</p>`, `<h2>T</h2><p>x</p>`,
		// x/net/html's references, not the standard library's:
		"0&#0", "<p>&#65 &#x42 &amp</p>", `<a title="a&#13;b">x</a>`,
	} {
		if !checkSimpleHTML(t, s) {
			t.Errorf("simple path declined %q", s)
		}
	}
}

func FuzzSimpleHTML(f *testing.F) {
	rng := rand.New(rand.NewPCG(13, 14))
	for range 20 {
		f.Add(randomHTML(rng, 3))
	}
	f.Fuzz(func(t *testing.T, s string) { checkSimpleHTML(t, s) })
}

func TestSimpleHTMLDeclinesDeepNesting(t *testing.T) {
	s := strings.Repeat("<span>", 200) + "x" + strings.Repeat("</span>", 200)
	if _, ok := simpleHTML(s); ok {
		t.Error("simple path accepted 200 nested spans")
	}
	checkSimpleHTML(t, s)
}
