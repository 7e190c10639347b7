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
	for range 30000 {
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
	for range 100000 {
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
