package entity

import (
	"strings"
	"sync"
	"unicode/utf8"
)

var defaultExtractor = sync.OnceValue(NewExtractor)

// Default returns the shared Extractor over the embedded lexicon.
func Default() *Extractor { return defaultExtractor() }

// Extract returns the people, places and organisations in text (and
// the names of Unknown type), in order, without overlaps, with byte
// offsets into text. It is safe on any input, including invalid UTF-8,
// and deterministic. A text longer than ChunkSize is read in chunks cut
// at paragraph, line or sentence breaks, so that the working memory of a
// call stays bounded whatever the text's length.
func Extract(text string) []Span { return defaultExtractor().Extract(text) }

// ChunkSize is the most text one pass of the extractor reads. A pass's
// working memory grows with its text (a name every few bytes costs about
// 75 bytes per byte of text), so a longer text is read in chunks of at
// most this size, cut where a paragraph, line or sentence ends. A name's
// mentions are linked ("Esper" to "Mark Esper") within a chunk only:
// 256 KiB is over five times the longest article in the test corpora
// (under 50 KB).
const ChunkSize = 256 << 10

// nextChunk returns the end of the chunk of text that starts at i: the
// end of the text if it is near, else the last paragraph break, line
// break, sentence end or space in the second half of the allowance, or
// failing all, a rune boundary (invalid UTF-8 is cut anywhere).
func nextChunk(text string, i int) int {
	if len(text)-i <= ChunkSize {
		return len(text)
	}
	lim := i + ChunkSize
	half := i + ChunkSize/2
	for _, sep := range [...]string{"\n\n", "\n", ". ", " "} {
		if k := strings.LastIndex(text[half:lim], sep); k >= 0 {
			return half + k + len(sep)
		}
	}
	// text[lim] starts what is cut off; back up over a rune it is inside
	// of (at most UTFMax-1 bytes).
	e := lim
	for k := 1; k < utf8.UTFMax && !utf8.RuneStart(text[e]); k++ {
		e--
	}
	if !utf8.RuneStart(text[e]) {
		e = lim
	}
	return e
}

// Span strength: how sure the label is.
const (
	sDrop   uint8 = iota // kept only if the document confirms it
	sGuess               // label guessed from the shape of the name
	sStrong              // gazetteer, title, head word or known name
)

type cand struct {
	a, b     int // token range [a, b)
	label    Label
	strength uint8
	canon    string
	acronym  bool
	ctx      bool // the label came from the words around it ("the town of X")
	// byShape: a person only because its words are in the lists of
	// given names and surnames ("Glen Innes"), which the words around
	// another mention of it overrule ("near Glen Innes").
	byShape bool
	kind    kind
}

// doc is the per-call working state.
type doc struct {
	x     *Extractor
	text  string
	toks  []tok
	cands []cand
	// per-token caches, filled lazily
	flags  []uint32 // word flags | flagsDone
	phrase []int32  // -2 unknown, else (n << 24) | entry index, or -1
	// sport: whether the text is a sports story (sportDoc); 0 until asked.
	sport int8
}

const flagsDone = 1 << 31

// Extract is the method form of the package-level Extract.
func (x *Extractor) Extract(text string) []Span {
	if len(text) <= ChunkSize {
		return x.extractChunk(text, nil, 0)
	}
	var out []Span
	for i := 0; i < len(text); {
		e := nextChunk(text, i)
		if i > 0 {
			// Reserve room for the rest as the text so far suggests, so
			// that the result is not copied at every doubling (on 10 MB
			// of names it is the largest allocation).
			out = reserve(out, int(int64(len(out))*int64(len(text)-i)/int64(i))+64)
		}
		out = x.extractChunk(text[i:e], out, i)
		i = e
	}
	return out
}

// reserve returns out with room for at least n more spans.
func reserve(out []Span, n int) []Span {
	if cap(out)-len(out) >= n {
		return out
	}
	grown := make([]Span, len(out), len(out)+n)
	copy(grown, out)
	return grown
}

// extractChunk appends the spans of text, their offsets shifted by base,
// to out.
func (x *Extractor) extractChunk(text string, out []Span, base int) []Span {
	if len(text) == 0 {
		return out
	}
	d, _ := x.scratch.Get().(*doc)
	if d == nil {
		d = &doc{}
	}
	d.x, d.text = x, text
	if want := len(text)/5 + 16; cap(d.toks) < want {
		d.toks = make([]tok, 0, want)
	}
	d.toks = tokenize(text, d.toks[:0], x.lists)
	n := len(d.toks)
	d.flags = grow(d.flags, n)
	clear(d.flags)
	d.phrase = grow(d.phrase, n)
	for i := range d.phrase {
		d.phrase[i] = -2
	}
	d.cands = d.cands[:0]
	d.sport = 0
	d.markTitleCase()
	if strings.IndexByte(text, '\n') >= 0 {
		d.markHeaderLines()
	}
	d.scan()
	out = d.resolve(out, base)
	// Keep the buffers for the next call, unless the text was huge.
	if cap(d.toks) <= 1<<18 {
		clear(d.cands[:cap(d.cands)])
		d.text, d.x = "", nil
		x.scratch.Put(d)
	}
	return out
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
