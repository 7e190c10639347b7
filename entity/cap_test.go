package entity

import (
	"runtime"
	"strings"
	"testing"
)

// A text longer than MaxText is read up to the cap only: spans end within
// it, and the memory one call takes stays bounded (without the cap, 10 MB
// of short names allocated about 740 MB).
func TestExtractCapsInput(t *testing.T) {
	x := Default()
	const pat = "Xi Li. " // a name every few bytes: the costliest text per byte
	text := strings.Repeat(pat, 10<<20/len(pat)+1)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	spans := x.Extract(text)
	runtime.ReadMemStats(&after)
	if len(spans) == 0 {
		t.Fatal("no spans in the first MaxText bytes")
	}
	checkSpans(t, text, spans)
	for _, s := range spans {
		if s.End > MaxText {
			t.Fatalf("a span past the cap: %d-%d %q", s.Start, s.End, s.Text)
		}
	}
	// The spans of the capped text are those of its first MaxText bytes.
	if want := x.Extract(text[:MaxText]); len(want) != len(spans) || want[len(want)-1] != spans[len(spans)-1] {
		t.Errorf("capped text: %d spans, its first MaxText bytes: %d", len(spans), len(want))
	}
	// The last name before the cap is found, so the whole allowance is read.
	if last := spans[len(spans)-1]; last.End < MaxText-2*len(pat) {
		t.Errorf("the last span ends at %d, well before the cap %d", last.End, MaxText)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 200<<20 {
		t.Errorf("Extract of %d MB allocated %d MB", len(text)>>20, got>>20)
	}
}

// The cut falls on a rune boundary: a multi-byte rune across MaxText is
// left out whole, and no span ends inside it.
func TestExtractCapRuneBoundary(t *testing.T) {
	filler := strings.Repeat("Seoul ", MaxText/6+1)
	for _, r := range []string{"é", "語", "😀"} {
		for k := 1; k < len(r); k++ { // r starts k bytes before the cap
			head := filler[:MaxText-k-1] + " "
			text := head + r + " Tokyo Tokyo"
			c := capText(text)
			if c != head {
				t.Fatalf("%q starting %d bytes before the cap: cut at %d, want %d", r, k, len(c), len(head))
			}
			spans := Extract(text)
			checkSpans(t, text, spans)
			if len(spans) == 0 {
				t.Fatal("no spans")
			}
			for _, s := range spans {
				if s.End > len(c) || s.Text == "Tokyo" {
					t.Fatalf("%q: span %d-%d %q past the cut %d", r, s.Start, s.End, s.Text, len(c))
				}
			}
		}
	}
	// Invalid UTF-8 at the cap: cut at the cap.
	text := strings.Repeat("\x80", MaxText+10)
	if c := capText(text); len(c) != MaxText {
		t.Errorf("invalid UTF-8: cut at %d", len(c))
	}
	// Under the cap nothing changes.
	if s := "Taro Kono met Mark Esper."; capText(s) != s {
		t.Error("a short text was cut")
	}
}
