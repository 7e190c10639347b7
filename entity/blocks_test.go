package entity

import "testing"

// An article's later "Esper" is linked to the "Mark Esper" of an earlier
// block, as in one text: the blocks are read as one document.
func TestExtractBlocksLinksAcrossBlocks(t *testing.T) {
	blocks := []string{
		"United States Defense Secretary Mark Esper met Japanese Defense Minister Taro Kono in Bangkok.",
		`"We discussed a wide range of issues," Esper told reporters.`,
		"Kono said the pact mattered.",
	}
	got := ExtractBlocks(Extract, blocks)
	if len(got) != len(blocks) {
		t.Fatalf("%d span lists for %d blocks", len(got), len(blocks))
	}
	canon := map[string]string{}
	for i, spans := range got {
		for _, s := range spans {
			if blocks[i][s.Start:s.End] != s.Text {
				t.Errorf("block %d: span %d-%d is %q, text %q", i, s.Start, s.End, blocks[i][s.Start:s.End], s.Text)
			}
			canon[s.Text] = s.Canonical
		}
	}
	if canon["Esper"] != "Mark Esper" || canon["Kono"] != "Taro Kono" {
		t.Errorf("later mentions not linked to the full names: Esper -> %q, Kono -> %q", canon["Esper"], canon["Kono"])
	}
	// Per block, as the library once did, the links are lost.
	if alone := Extract(blocks[1]); len(alone) > 0 && alone[0].Canonical == "Mark Esper" {
		t.Errorf("a block read alone should not know Mark Esper (the test would prove nothing)")
	}
}

func TestValidSpansDropsBadRanges(t *testing.T) {
	text := "Seoul and 東京"
	spans := []Span{
		{Start: 10, End: 16, Label: Place}, // 東京
		{Start: 0, End: 5, Label: Place},   // Seoul
		{Start: 2, End: 7, Label: Place},   // overlaps Seoul
		{Start: 11, End: 13, Label: Place}, // inside a rune
		{Start: -1, End: 3},
		{Start: 5, End: 99},
	}
	got := ValidSpans(text, spans)
	if len(got) != 2 || got[0].Text != "Seoul" || got[1].Text != "東京" {
		t.Fatalf("got %+v", got)
	}
}

func TestInAsiaPacific(t *testing.T) {
	cases := []struct {
		sections, regions []string
		want              bool
	}{
		{[]string{"asia_pacific"}, nil, true},
		{[]string{"World"}, []string{EastAsia, Europe}, true},
		{[]string{"World"}, []string{Africa, SouthAsia}, false}, // a Kenyan story naming Pakistan once
		{nil, nil, false},
		{[]string{"", "Asia Pacific"}, []string{Europe}, true},
		{[]string{"South-East Asia"}, nil, true},
	}
	for _, c := range cases {
		if got := InAsiaPacific(c.sections, c.regions); got != c.want {
			t.Errorf("InAsiaPacific(%q, %q) = %v", c.sections, c.regions, got)
		}
	}
}
