package feeds

import (
	"io/fs"

	"github.com/dateline-news/dateline/internal/fixtures"

	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// unsafeRune reports a rune the sanitiser must never let through: a
// control character (ESC and the C1 introducers included, so no escape
// sequence survives), a bidi control, a tag character, or an invisible
// character (in multi-line text the joiners are allowed, and "\n").
func unsafeRune(r rune, text bool) bool {
	if text && (r == '\n' || isJoiner(r)) {
		return false
	}
	return unicode.IsControl(r) || isBidiControl(r) || isTag(r) || isInvisible(r)
}

// FuzzSanitize checks the sanitiser's promises on any input: valid UTF-8
// out, no control, bidi, tag or invisible character, hence no
// ESC-introduced or C1-introduced sequence, single-line output for
// Sanitize, and idempotence.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"Aqaba port\u009b2J reports rise in \u202econtainer traffic",
		"\x1b]8;;https://x\x1b\\l\x1b]8;;\x1b\\", "\x1bP\x1b\\", "\u009d\u009c", "a\r\nb", "\xff\xfe", "jav\tascript:",
		"\x1b]52;c;cm0gLXJmIH4K\x07", "\x1b[2J\x1b[H", "Reu\u200bters\U000E0041", "\u200d\u200c\u00ad\ufeff", "a\rb",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for name, out := range map[string]string{"Sanitize": Sanitize(in), "SanitizeText": SanitizeText(in)} {
			if !utf8.ValidString(out) {
				t.Fatalf("%s: invalid UTF-8 %q", name, out)
			}
			for _, r := range out {
				if unsafeRune(r, name == "SanitizeText") {
					t.Fatalf("%s(%q) = %q keeps %U", name, in, out, r)
				}
			}
		}
		s := Sanitize(in)
		if Sanitize(s) != s {
			t.Fatalf("Sanitize not idempotent on %q: %q then %q", in, s, Sanitize(s))
		}
		if st := SanitizeText(in); SanitizeText(st) != st {
			t.Fatalf("SanitizeText not idempotent on %q", in)
		}
		if l := SafeLink(in, "https://example.org/"); l != "" && !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") {
			t.Fatalf("SafeLink(%q) = %q", in, l)
		}
	})
}

// FuzzParseFeed feeds mutations of every fixture to ParseFeed: it must
// return items or a *SourceError, never panic, and every item string must
// be clean.
func FuzzParseFeed(f *testing.F) {
	for _, dir := range []string{"bad", "rss"} {
		entries, _ := fs.ReadDir(fixtures.FS(), dir)
		for _, e := range entries {
			b, err := fixtures.ReadFile(dir + "/" + e.Name())
			if err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	src := Source{Name: "fuzz", URL: "https://example.org/feed.xml"}
	f.Fuzz(func(t *testing.T, body []byte) {
		items, err := ParseFeed(body, "", src.URL, src, testNow)
		if err != nil {
			if ErrorKind(err) == "" {
				t.Fatalf("error %v is not a *SourceError", err)
			}
			return
		}
		for _, it := range items {
			for i, s := range []string{it.Title, it.Author, it.GUID, it.Section, it.PublishedFrom, it.SourceName, it.Summary, it.Content} {
				for _, r := range s {
					if unsafeRune(r, i >= 6) {
						t.Fatalf("item field %q keeps %U", s, r)
					}
				}
			}
			for _, l := range []string{it.Link, it.ImageURL} {
				if l != "" && !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") {
					t.Fatalf("unsafe link %q", l)
				}
			}
		}
	})
}
