package entity

import (
	"reflect"
	"testing"
)

// spansOf lists the spans of text as "LABEL text" strings, after checking
// the span invariants.
func spansOf(t *testing.T, text string) []string {
	t.Helper()
	spans := Extract(text)
	checkSpans(t, text, spans)
	out := []string{}
	for _, s := range spans {
		out = append(out, string(s.Label)+" "+s.Text)
	}
	return out
}

// generalRuleCases: made-up sentences for the general rules, with every span
// the extractor should return.
var generalRuleCases = []struct {
	name, text string
	want       []string
}{
	// A demonym or country before a ministry only says whose it is.
	{"demonym-ministry", "A Peruvian Health Ministry spokesman denied the report on Friday.",
		[]string{"ORG Health Ministry"}},
	{"country-department", "Critics wrote to the U.S. Energy Department about the leak.",
		[]string{"PLACE U.S.", "ORG Energy Department"}},
}

func TestGeneralRules(t *testing.T) {
	for _, c := range generalRuleCases {
		t.Run(c.name, func(t *testing.T) {
			if got := spansOf(t, c.text); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%q\n got %q\nwant %q", c.text, got, c.want)
			}
		})
	}
}
