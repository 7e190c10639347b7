package entity

import (
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// A text longer than ChunkSize is read whole, in chunks: names are found
// to its end, at their offsets in the whole text, and the memory one call
// takes stays bounded (read as one pass, 10 MB of short names allocated
// about 820 MB).
func TestExtractLongTextInChunks(t *testing.T) {
	x := Default()
	const pat = "Xi Li. " // a name every few bytes: the costliest text per byte
	text := strings.Repeat(pat, 10<<20/len(pat)+1)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	spans := x.Extract(text)
	runtime.ReadMemStats(&after)
	checkSpans(t, text, spans)
	if n := strings.Count(text, "Xi Li"); len(spans) < n {
		t.Errorf("%d spans for %d names", len(spans), n)
	}
	for _, s := range spans {
		if text[s.Start:s.End] != s.Text {
			t.Fatalf("span %d-%d %q: text there is %q", s.Start, s.End, s.Text, text[s.Start:s.End])
		}
	}
	if last := spans[len(spans)-1]; last.End < len(text)-len(pat) {
		t.Errorf("the last span ends at %d of %d bytes", last.End, len(text))
	}
	limit := uint64(200 << 20)
	if raceEnabled {
		limit *= 2 // a share of the pooled buffers is dropped on purpose
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > limit {
		t.Errorf("Extract of %d MB allocated %d MB", len(text)>>20, got>>20)
	}
}

// Chunks end at a paragraph break where there is one in the second half
// of the allowance, and each chunk's spans are those of the chunk read
// alone.
func TestChunksEndAtParagraphs(t *testing.T) {
	para := "Mark Esper met Taro Kono in Tokyo on Monday. Esper said the talks went well.\n\n"
	text := strings.Repeat(para, 3*ChunkSize/len(para))
	e := nextChunk(text, 0)
	if e > ChunkSize || e < ChunkSize/2 || !strings.HasSuffix(text[:e], "\n\n") {
		t.Fatalf("first chunk ends at %d (allowance %d), after %q", e, ChunkSize, text[max(0, e-10):e])
	}
	all := Extract(text)
	checkSpans(t, text, all)
	alone := Extract(text[:e])
	for i, s := range alone {
		if all[i] != s {
			t.Fatalf("span %d: %+v in the whole text, %+v in the chunk alone", i, all[i], s)
		}
	}
	if len(all) <= len(alone) || all[len(alone)].Start < e {
		t.Errorf("the spans after the first chunk do not follow it")
	}
	// "Esper" is linked to "Mark Esper" in every chunk.
	for _, s := range all {
		if s.Text == "Esper" && s.Canonical != "Mark Esper" {
			t.Fatalf("%+v not linked to Mark Esper", s)
		}
	}
}

// With no break to cut at, a chunk ends on a rune boundary; invalid UTF-8
// is cut at the allowance.
func TestChunkRuneBoundary(t *testing.T) {
	for _, r := range []string{"é", "語", "😀"} {
		text := strings.Repeat(r, 2*ChunkSize/len(r)+1)
		for _, i := range []int{0, 1, len(r)} {
			if !utf8.RuneStart(text[i]) {
				continue
			}
			e := nextChunk(text, i)
			if e <= i || e-i > ChunkSize || !utf8.RuneStart(text[e]) {
				t.Fatalf("%q from %d: chunk ends at %d", r, i, e)
			}
		}
		checkSpans(t, text, Extract(text))
	}
	text := strings.Repeat("\x80", 2*ChunkSize)
	if e := nextChunk(text, 0); e != ChunkSize {
		t.Errorf("invalid UTF-8: chunk ends at %d", e)
	}
	if s := "Taro Kono met Mark Esper."; nextChunk(s, 0) != len(s) {
		t.Error("a short text was cut")
	}
}
