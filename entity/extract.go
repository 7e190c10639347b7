package entity

import (
	"strings"
	"sync"
	"unicode/utf8"
)

var defaultExtractor = sync.OnceValue(NewExtractor)

// Default returns the shared Extractor over the embedded lexicon.
func Default() *Extractor { return defaultExtractor() }

// Extract returns the people, places and organisations in text, in order,
// without overlaps, with byte offsets into text. It is safe on any input,
// including invalid UTF-8, and deterministic. It reads the first MaxText
// bytes of text only (cut at a rune boundary): nothing beyond is found.
func Extract(text string) []Span { return defaultExtractor().Extract(text) }

// MaxText is how much of a text Extract reads. The working memory of a
// call grows with the text (a name every few bytes costs about 75 bytes
// per byte of text: 10 MB of short names allocated 740 MB), so a text is
// capped; 1 MiB bounds a call to about 80 MB and a quarter of a second,
// and is over twenty times the longest article in the test corpora
// (under 50 KB of text).
const MaxText = 1 << 20

// capText cuts text to at most MaxText bytes, at a rune boundary.
func capText(text string) string {
	if len(text) <= MaxText {
		return text
	}
	i := MaxText
	// text[i] starts what is cut off; back up over a rune it is inside of
	// (at most UTFMax-1 bytes: invalid UTF-8 is cut anywhere).
	for k := 1; k < utf8.UTFMax && !utf8.RuneStart(text[i]); k++ {
		i--
	}
	if !utf8.RuneStart(text[i]) {
		i = MaxText
	}
	return text[:i]
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

// Extract is the method form of the package-level Extract (and reads
// the first MaxText bytes of text only).
func (x *Extractor) Extract(text string) []Span {
	text = capText(text)
	if len(text) == 0 {
		return nil
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
	out := d.resolve()
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
