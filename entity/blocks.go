package entity

import (
	"cmp"
	"slices"
	"strings"
)

// blockSep joins the blocks of a document for extraction: a paragraph
// break, so no name runs from one block into the next.
const blockSep = "\n\n"

// ExtractBlocks finds the entities of a document made of blocks (the
// paragraphs of an article) with extract, reading the blocks as one text,
// so that a later "Esper" is linked to the "Mark Esper" of an earlier
// paragraph, as in one call of Extract. The spans come back per block,
// with offsets into that block; a span across two blocks is dropped.
//
// Every path that stores or shows an article's entities (the reader, a
// save, the library) uses it, so an article's people are the same
// whichever way it was read.
func ExtractBlocks(extract func(string) []Span, blocks []string) [][]Span {
	out := make([][]Span, len(blocks))
	if extract == nil || len(blocks) == 0 {
		return out
	}
	starts := make([]int, len(blocks))
	var b strings.Builder
	for i, t := range blocks {
		if i > 0 {
			b.WriteString(blockSep)
		}
		starts[i] = b.Len()
		b.WriteString(t)
	}
	doc := b.String()
	bi := 0
	last := 0
	for _, s := range ValidSpans(doc, extract(doc)) {
		for bi < len(blocks)-1 && s.Start >= starts[bi+1] {
			bi++
		}
		end := starts[bi] + len(blocks[bi])
		if s.Start < starts[bi] || s.End > end || s.Start < last {
			continue // across a block boundary
		}
		last = s.End
		s.Start -= starts[bi]
		s.End -= starts[bi]
		out[bi] = append(out[bi], s)
	}
	return out
}

// Blocks is ExtractBlocks with this extractor.
func (x *Extractor) Blocks(blocks []string) [][]Span { return ExtractBlocks(x.Extract, blocks) }

// ValidSpans keeps the spans that lie inside text on rune boundaries, in
// order of their start and without overlaps, and fills a missing Text.
// An extractor's output passes through it before anything stores or
// draws it.
func ValidSpans(text string, spans []Span) []Span {
	sorted := append([]Span(nil), spans...)
	slices.SortStableFunc(sorted, func(a, b Span) int { return cmp.Compare(a.Start, b.Start) })
	out := sorted[:0]
	last := 0
	for _, s := range sorted {
		if s.Start < last || !validRange(text, s.Start, s.End) {
			continue
		}
		if s.Text == "" {
			s.Text = text[s.Start:s.End]
		}
		out = append(out, s)
		last = s.End
	}
	return out
}

func validRange(text string, s, e int) bool {
	if s < 0 || e > len(text) || s >= e {
		return false
	}
	return runeStart(text, s) && (e == len(text) || runeStart(text, e))
}

func runeStart(text string, i int) bool { return text[i]&0xC0 != 0x80 }
