package feeds

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// simpleURL lets SafeLink and CanonicalLink skip url.Parse for the common
// link; whenever it says yes, the shortcut must give what the full
// functions give.
func checkSimpleURL(t *testing.T, s string) {
	t.Helper()
	if _, _, _, ok := simpleURL(s); !ok {
		return
	}
	for _, base := range []string{"", "https://example.org/feed.xml"} {
		if got, want := SafeLink(s, base), safeLinkSlow(s, base); got != want {
			t.Fatalf("SafeLink(%q, %q) = %q, want %q", s, base, got, want)
		}
	}
	if got, want := CanonicalLink(s), canonicalLinkSlow(s); got != want {
		t.Fatalf("CanonicalLink(%q) = %q, want %q", s, got, want)
	}
}

func TestSimpleURLMatchesNetURL(t *testing.T) {
	fixed := []string{
		"http://127.0.0.1:9/a/201911/22/WS5dd7ae09a310cf3e3a000063.html",
		"https://www.chinadaily.com.cn/world/asia_pacific/",
		"http://example.org:80/", "https://example.org:443/x//", "http://example.org:443/x",
		"https://example.org:080/", "http://a", "http://-", "http://./", "http://a:1",
		"https://xn--fsq.example/a~b_c-d.e", "http://1.2.3.4:65536/", "http://host:0/",
		"http://host:99999999999999999999/", "http://a..b/", "https://a/b/../c/./d",
	}
	for _, s := range fixed {
		if _, _, _, ok := simpleURL(s); !ok {
			t.Errorf("simpleURL(%q) declined", s)
		}
		checkSimpleURL(t, s)
	}
	for _, s := range []string{"HTTP://a/", "http://A/", "http://a/%41", "http://a/?q", "http://a/#f",
		"http://a:/", "http://a/b c", "http://[::1]/", "http://u@a/", "http://a/é", "http://", "http:///x"} {
		if _, _, _, ok := simpleURL(s); ok {
			t.Errorf("simpleURL(%q) accepted", s)
		}
	}
	// Random strings over the accepted alphabet and its neighbours.
	rng := rand.New(rand.NewPCG(1, 2))
	const alpha = "abcz019.-:/_~AZ%?#@ "
	for range 20000 {
		var b strings.Builder
		b.WriteString([]string{"http://", "https://"}[rng.IntN(2)])
		for n := rng.IntN(20); n > 0; n-- {
			b.WriteByte(alpha[rng.IntN(len(alpha))])
		}
		checkSimpleURL(t, b.String())
	}
}

func FuzzSimpleURL(f *testing.F) {
	for _, s := range []string{"http://127.0.0.1:9/a/b.html", "https://a:443/", "http://a:80/x/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkSimpleURL(t, s) })
}
