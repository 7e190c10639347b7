package feeds

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzSanitize checks the sanitiser's promises on any input: valid UTF-8
// out, no control or bidi character, no ESC-introduced or C1-introduced
// sequence, single-line output for Sanitize, and idempotence.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"Aqaba port\u009b2J reports rise in \u202econtainer traffic",
		"\x1b]8;;https://x\x1b\\l\x1b]8;;\x1b\\", "\x1bP\x1b\\", "\u009d\u009c", "a\r\nb", "\xff\xfe", "jav\tascript:",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for name, out := range map[string]string{"Sanitize": Sanitize(in), "SanitizeText": SanitizeText(in)} {
			if !utf8.ValidString(out) {
				t.Fatalf("%s: invalid UTF-8 %q", name, out)
			}
			for _, r := range out {
				if (unicode.IsControl(r) && !(name == "SanitizeText" && r == '\n')) || isBidiControl(r) {
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
		entries, _ := os.ReadDir(filepath.Join(fixtures, dir))
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(fixtures, dir, e.Name()))
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
			for _, s := range []string{it.Title, it.Author, it.GUID, it.Summary, it.Content, it.Section, it.PublishedFrom} {
				for _, r := range s {
					if (unicode.IsControl(r) && r != '\n') || isBidiControl(r) {
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
