package store

import (
	"testing"

	"github.com/dateline-news/dateline/entity"
)

// A name of unknown type (entity.Unknown) is stored with its label, is
// in none of the person, place and org columns (only entity: may match
// it, and the library indexes no such column), and gives no region.
func TestUnknownLabelSpans(t *testing.T) {
	spans := []entity.Span{
		{Start: 0, End: 7, Label: entity.Unknown, Text: "Zelvano", Canonical: "Zelvano"},
		{Start: 11, End: 16, Label: entity.Place, Text: "Tokyo", Canonical: "Tokyo"},
	}
	js, err := decodeSpans(string(appendSpansJSON(nil, 0, spans)))
	if err != nil || len(js) != 2 {
		t.Fatalf("decode: %v %v", js, err)
	}
	if got := js[0].span(); got != spans[0] {
		t.Errorf("round trip: %+v, want %+v", got, spans[0])
	}
	p, l, o := entityNames(spans)
	if len(p) != 0 || len(o) != 0 || len(l) != 1 || l[0] != "Tokyo" {
		t.Errorf("entityNames: %q %q %q", p, l, o)
	}
	if r := entity.Regions(spans[:1]); len(r) != 0 {
		t.Errorf("an unknown name gave regions %q", r)
	}
}
