package entity

import (
	"reflect"
	"strings"
	"testing"
)

// classCase is one case of testdata/classes.txt: a text and every span
// the extractor must return on it, as "LABEL text".
type classCase struct {
	name, text string
	want       []string
}

// readClassCases parses testdata/classes.txt (its header says the format).
func readClassCases(t *testing.T) []classCase {
	t.Helper()
	var cases []classCase
	var cur *classCase
	var text []string
	for _, line := range strings.Split(readTestdata(t, "classes.txt"), "\n") {
		switch {
		case strings.HasPrefix(line, "== "):
			cases = append(cases, classCase{name: strings.TrimPrefix(line, "== "), want: []string{}})
			cur, text = &cases[len(cases)-1], nil
		case cur == nil:
			// the header
		case strings.HasPrefix(line, "->"):
			if cur.text == "" {
				cur.text = strings.Join(text, "\n")
			}
			if s := strings.TrimSpace(strings.TrimPrefix(line, "->")); s != "" {
				cur.want = append(cur.want, s)
			}
		case cur.text == "" && line != "":
			text = append(text, line)
		}
	}
	if len(cases) == 0 {
		t.Fatal("no cases in testdata/classes.txt")
	}
	return cases
}

// TestClasses runs the hand-made cases of testdata/classes.txt: names
// with no type evidence, the cues that decide a type, one label per
// string in a document, sports clubs, and table and all-caps lines.
func TestClasses(t *testing.T) {
	for _, c := range readClassCases(t) {
		t.Run(c.name, func(t *testing.T) {
			if c.text == "" {
				t.Fatal("case without text")
			}
			if got := spansOf(t, c.text); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%q\n got %q\nwant %q", c.text, got, c.want)
			}
		})
	}
}

// The byline of the sample edition's Firefighters article, read as the
// reader reads an article (its blocks as one document): the towns are
// places wherever they are named, and NSW Health is an organisation.
func TestFirefightersBlocks(t *testing.T) {
	blocks := []string{
		"A firefighter monitors a backburning operation near Glen Innes, New South Wales, on Nov 21, 2019. [Photo/Agencies]",
		"The NSW Rural Fire Service said on Friday that more than 50 fires were still burning across the state. Crews used a brief spell of milder weather this week to carry out backburning around towns near the Queensland border, including Tenterfield and Glen Innes.",
		"In Sydney, smoke from fires burning in the Hawkesbury region has pushed air quality readings into the hazardous range. NSW Health advised people with asthma or heart conditions to limit outdoor activity.",
	}
	labels := map[string]map[Label]int{}
	for _, spans := range ExtractBlocks(Extract, blocks) {
		for _, s := range spans {
			if labels[s.Text] == nil {
				labels[s.Text] = map[Label]int{}
			}
			labels[s.Text][s.Label]++
		}
	}
	for name, want := range map[string]map[Label]int{
		"Glen Innes":  {Place: 2},
		"Tenterfield": {Place: 1},
		"NSW Health":  {Org: 1},
	} {
		if !reflect.DeepEqual(labels[name], want) {
			t.Errorf("%s: %v, want %v", name, labels[name], want)
		}
	}
}

// A known place that starts a name only the name lists made a person
// ("Miami Area") stays a place elsewhere in the text; a surname that is
// also a town ("Jesse Jackson") still names the person later.
func TestShapedPersonKeepsPlaces(t *testing.T) {
	for _, c := range []struct {
		text, name string
		want       Label
	}{
		{"Ivo Tark was born in Miami. He later opened two clubs in the Miami Area. Miami has many such clubs.", "Miami", Place},
		{"Police questioned Jesse Jackson on Monday. Jackson denied the report.", "Jackson", Person},
	} {
		n := 0
		for _, s := range Extract(c.text) {
			if s.Text == c.name {
				n++
				if s.Label != c.want {
					t.Errorf("%q: %q at %d is %s, want %s", c.text, s.Text, s.Start, s.Label, c.want)
				}
			}
		}
		if n == 0 {
			t.Errorf("%q: no %q found", c.text, c.name)
		}
	}
}
