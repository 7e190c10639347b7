package fastfeed

import (
	"bytes"
	"html"
	"math/rand/v2"
	"strings"
	"testing"
)

// gfDecodeEntitiesRef is gofeed's shared.DecodeEntities as published,
// without gfDecodeEntities' shortcut.
func gfDecodeEntitiesRef(str string) string {
	idx := strings.IndexByte(str, '&')
	if idx == -1 {
		return str
	}

	var buf bytes.Buffer
	data := []byte(str)

	for len(data) > 0 {
		idx := bytes.IndexByte(data, '&')
		if idx == -1 {
			buf.Write(data)
			break
		}

		buf.Write(data[:idx])
		data = data[idx:]

		// Find the end of the entity within the bounded window.
		window := data
		if len(window) > gfMaxEntityLen {
			window = window[:gfMaxEntityLen]
		}
		end := bytes.IndexByte(window, ';')

		if end == -1 && len(window) == len(data) {
			// No ';' in the rest of the input; no entity can terminate,
			// so everything left is literal text.
			buf.Write(data)
			break
		}

		// A candidate containing whitespace (or no nearby ';' at all) is not
		// an entity. Emit the '&' literally and keep scanning: entities later
		// in the string must still decode.
		if end == -1 || bytes.ContainsAny(data[1:end], " \t\r\n") {
			buf.WriteByte('&')
			data = data[1:]
			continue
		}

		// Accept the decode only when it consumed the terminating ';'.
		// html.UnescapeString applies HTML legacy rules that decode entity
		// prefixes without a ';' ("&copy=2;" becomes "©=2;"), which corrupts
		// URLs carrying such query parameters. If stripping the ';' from the
		// span decodes to the same text, the ';' was not part of an entity;
		// treat the '&' as literal and keep scanning.
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

func TestGFDecodeEntitiesShortcut(t *testing.T) {
	pieces := []string{"&lt;", "&gt;", "&amp;", "&quot;", "&apos;", "&#39;", "&nbsp;", "&", ";", "lt", "amp", "#", "39", " ",
		"&lt", "&amp", "x", "&foo;", "&copy;", "&#x27;", "\n", "é", "&ltx;", "&amp;amp;"}
	rng := rand.New(rand.NewPCG(15, 16))
	for range 50000 {
		var b strings.Builder
		for n := 1 + rng.IntN(10); n > 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := gfDecodeEntities(s), gfDecodeEntitiesRef(s); got != want {
			t.Fatalf("gfDecodeEntities(%q) = %q, gofeed gives %q", s, got, want)
		}
	}
	// Long input: the 64-byte window.
	s := "&lt;" + strings.Repeat("x", 70) + "&amp;" + strings.Repeat("&", 70) + "&gt;"
	if got, want := gfDecodeEntities(s), gfDecodeEntitiesRef(s); got != want {
		t.Fatalf("long: %q vs %q", got, want)
	}
}

func FuzzGFDecodeEntities(f *testing.F) {
	f.Add("a &lt;b&gt; &amp;amp; &nbsp;&#39;")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := gfDecodeEntities(s), gfDecodeEntitiesRef(s); got != want {
			t.Fatalf("gfDecodeEntities(%q) = %q, gofeed gives %q", s, got, want)
		}
	})
}
