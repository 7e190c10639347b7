package feeds

import (
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"Aqaba: 8-bit CSI and RLO", "Aqaba port\u009b2J reports rise in \u202econtainer traffic", "Aqaba port reports rise in container traffic"},
		{"7-bit CSI colours", "\x1b[1;31mRed\x1b[0m alert", "Red alert"},
		{"CSI with private params", "a\x1b[?1049hb", "ab"},
		{"OSC title, BEL", "\x1b]0;pwned\x07Headline", "Headline"},
		{"OSC 8 hyperlink, ST", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ here", "click here"},
		{"8-bit OSC, 8-bit ST", "a\u009d0;title\u009cb", "ab"},
		{"DCS", "x\x1bPq#0;2;0;0;0\x1b\\y", "xy"},
		{"8-bit DCS", "x\u0090payload\u009cy", "xy"},
		{"APC and PM", "a\x1b_hidden\x1b\\b\x1b^pm\x1b\\c", "abc"},
		{"unterminated OSC keeps the text", "\x1b]0;Seoul talks", "0;Seoul talks"},
		{"two-byte ESC sequences", "a\x1bcb\x1b(Bc\x1b7d", "abcd"},
		{"lone ESC at the end", "tail\x1b", "tail"},
		{"C0 controls", "a\x00b\x07c\x08d\x7fe", "abcde"},
		{"other C1 controls", "a\u0085b\u0080c", "abc"},
		{"bidi overrides and isolates", "\u202aa\u202bb\u202cc\u202dd\u2066e\u2067f\u2068g\u2069h\u200ei\u200fj\u061ck", "abcdefghijk"},
		{"whitespace collapses", "  Seoul \t\n\r\n and\u00a0\u00a0Tokyo\u3000 ", "Seoul and Tokyo"},
		{"line separators", "a\u2028b\u2029c", "a b c"},
		{"invalid UTF-8", "ok\xffok", "ok\ufffdok"},
		{"CJK untouched", "日美防长会谈 敦促韩国", "日美防长会谈 敦促韩国"},
		{"emoji ZWJ shows its parts", "👩\u200d🔬 lab", "👩🔬 lab"},
		{"OSC 52 clipboard write, BEL", "Reuters\x1b]52;c;cm0gLXJmIH4K\x07 World", "Reuters World"},
		{"OSC 52 clipboard write, ST", "Reuters\x1b]52;c;cm0gLXJmIH4K\x1b\\ World", "Reuters World"},
		{"clear screen", "\x1b[2JYonhap", "Yonhap"},
		{"CR overwrites the line", "Harmless\rEvil", "Harmless Evil"},
		{"zero-width characters", "Reu\u200bters\u2060 \ufeffWorld\u00ad\u200c", "Reuters World"},
		{"tag characters", "NHK\U000E0049\U000E0047\U000E004E\U000E004F\U000E0052\U000E0045\U000E007F News", "NHK News"},
		{"Hangul filler", "a\u3164b", "ab"},
		{"clean string", "Pressure kept on Seoul", "Pressure kept on Seoul"},
		{"empty", "", ""},
	}
	for _, c := range cases {
		if got := Sanitize(c.in); got != c.want {
			t.Errorf("%s: Sanitize(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

// Body text keeps the joiners Persian and Indic scripts spell with, and
// drops the rest of what Sanitize drops.
func TestSanitizeTextKeepsJoiners(t *testing.T) {
	in := "می\u200cخواهم \u0915\u094d\u200d\u0937 \u200bx\U000E0041\u202e\u00ad"
	want := "می\u200cخواهم \u0915\u094d\u200d\u0937 x"
	if got := SanitizeText(in); got != want {
		t.Errorf("SanitizeText = %q, want %q", got, want)
	}
	if got := Sanitize(in); strings.ContainsAny(got, "\u200c\u200d") {
		t.Errorf("Sanitize kept a joiner: %q", got)
	}
}

func TestSanitizeText(t *testing.T) {
	in := "First\x1b[2J line\r\nsecond\u202e line\n\n\n\n  Third\tparagraph \u009b31m  \n"
	want := "First line\nsecond line\n\nThird paragraph"
	if got := SanitizeText(in); got != want {
		t.Errorf("SanitizeText = %q, want %q", got, want)
	}
}

// TestSanitizeLeavesNothingDangerous feeds every control character and a
// few sequences through Sanitize and SanitizeText and checks the output
// holds no control or bidi character at all.
func TestSanitizeLeavesNothingDangerous(t *testing.T) {
	var b strings.Builder
	for r := rune(0); r < 0xA0; r++ {
		b.WriteString("x")
		b.WriteRune(r)
		b.WriteString("[1m")
	}
	for _, r := range []rune{0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C,
		0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E, 0x3164, 0xE0001, 0xE0041, 0xE007F} {
		b.WriteRune(r)
	}
	in := b.String()
	for name, out := range map[string]string{"Sanitize": Sanitize(in), "SanitizeText": SanitizeText(in)} {
		for _, r := range out {
			if unsafeRune(r, name == "SanitizeText") {
				t.Errorf("%s left %U", name, r)
			}
		}
	}
}

func TestSafeLink(t *testing.T) {
	base := "http://127.0.0.1:8080/rss/world_rss.xml"
	cases := []struct{ in, base, want string }{
		{"https://www.chinadaily.com.cn/a/201911/19/WS5dd344f2a310cf3e355784fb.html", "", "https://www.chinadaily.com.cn/a/201911/19/WS5dd344f2a310cf3e355784fb.html"},
		{"//img2.chinadaily.com.cn/images/x.jpeg", "", "https://img2.chinadaily.com.cn/images/x.jpeg"},
		{"//img2.chinadaily.com.cn/images/x.jpeg", base, "https://img2.chinadaily.com.cn/images/x.jpeg"},
		{"/a/1.html", base, "http://127.0.0.1:8080/a/1.html"},
		{"../a/1.html", base, "http://127.0.0.1:8080/a/1.html"},
		{"/a/1.html", "", ""},
		{"  HTTPS://Example.org/x  ", "", "https://Example.org/x"},
		{"javascript:alert(document.cookie)", base, ""},
		{"   JavaScript:alert('dateline')", base, ""},
		{"jav\tascript:alert(1)", base, ""},
		{"java\nscript:alert(1)", base, ""},
		{"\x01javascript:alert(1)", base, ""},
		{"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", base, ""},
		{"vbscript:msgbox(4)", base, ""},
		{"file:///etc/passwd", base, ""},
		{"ftp://example.org/x", base, ""},
		{"mailto:a@example.org", base, ""},
		{"http://", base, ""},
		{"https://example.org/\u202eevil", base, ""},
		{"", base, ""},
		{"relative.html", "javascript:alert(1)", ""},
	}
	for _, c := range cases {
		if got := SafeLink(c.in, c.base); got != c.want {
			t.Errorf("SafeLink(%q, %q) = %q, want %q", c.in, c.base, got, c.want)
		}
	}
}

func TestSanitizeHTML(t *testing.T) {
	in := `<p class="x" style="color:red" onclick="alert(1)">Hi <a href="javascript:alert(2)" onmouseover="x()">bad</a> <a href="//example.org/ok" target="_blank">ok</a></p>` +
		`<script>alert(3)</script><style>p{}</style><iframe src="https://evil.example"></iframe>` +
		`<img src="data:image/png;base64,AAAA" onerror="alert(4)"><img src="/i.jpg" alt="A &quot;photo&quot;">` +
		`<figure><figcaption>Cap` + "\u009b2J" + `tion</figcaption></figure><form><input value="x"></form><custom-tag>kept text</custom-tag>`
	got := SanitizeHTML(in, "https://news.example/feed")
	want := `<p>Hi <a>bad</a> <a href="https://example.org/ok">ok</a></p>` +
		`<img src="https://news.example/i.jpg" alt="A &#34;photo&#34;" />` +
		`<figure><figcaption>Caption</figcaption></figure>kept text`
	if got != want {
		t.Errorf("SanitizeHTML =\n%s\nwant\n%s", got, want)
	}
}

func TestHTMLToText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"paragraphs", "<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"entities and nbsp", "<p>Rail &amp; port&nbsp;&nbsp;links &#8212; &lt;ok&gt;</p>", "Rail & port links — <ok>"},
		{"whitespace in source", "<p>\n  Tokyo and\n   Washington\t</p>", "Tokyo and Washington"},
		{"empty paragraphs dropped", "<p>&nbsp;</p><p>Text</p><p> </p>", "Text"},
		{"script and style dropped", "<p>a<script>var x = 1;</script>b</p><style>p{}</style>", "ab"},
		{"figcaption its own paragraph", `<figure><img src="x.jpg"><figcaption>[Photo/IC]</figcaption></figure><p>Body</p>`, "[Photo/IC]\n\nBody"},
		{"caption p inside a table", `<table><tr><td><img src="x"></td></tr><tr><td><p>Visitors look. [Photo/Xinhua]</p></td></tr></table><p>Next</p>`, "Visitors look. [Photo/Xinhua]\n\nNext"},
		{"br is a line break", "Line one<br>Line two<br/><br/>New para", "Line one\nLine two\n\nNew para"},
		{"inline tags keep text", "<p>The <a href='x'>Bureau</a> <em>said</em></p>", "The Bureau said"},
		{"list items", "<ul><li>A</li><li>B</li></ul>", "A\n\nB"},
		{"plain text is not parsed", "Escaped & after a bare & must still decode: AT&T <ok>", "Escaped & after a bare & must still decode: AT&T <ok>"},
		{"controls in text", "<p>Aqaba port\u009b2J reports</p>", "Aqaba port reports"},
		{"empty", "", ""},
	}
	for _, c := range cases {
		if got := HTMLToText(c.in); got != c.want {
			t.Errorf("%s: HTMLToText(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}
