package query

import (
	"reflect"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	q := Parse(`GSOMIA "intelligence  pact" -Trump source:"China Daily" person:"Taro Kono" is:unread after:2019-11-01 sort:relevance -place:Tokyo`, time.UTC)
	if !reflect.DeepEqual(q.Words, []string{"gsomia"}) {
		t.Errorf("words %q", q.Words)
	}
	if !reflect.DeepEqual(q.Phrases, []string{"intelligence pact"}) {
		t.Errorf("phrases %q", q.Phrases)
	}
	if !reflect.DeepEqual(q.Exclude, []string{"trump"}) {
		t.Errorf("exclude %q", q.Exclude)
	}
	want := []Field{{"source", "China Daily", false}, {"person", "Taro Kono", false}, {"is", "unread", false}, {"place", "Tokyo", true}}
	if !reflect.DeepEqual(q.Fields, want) {
		t.Errorf("fields %+v", q.Fields)
	}
	if !q.SortRelevance || !q.After.Equal(time.Date(2019, 11, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("sort %v after %v", q.SortRelevance, q.After)
	}
	if len(q.Errors) != 0 {
		t.Errorf("errors %v", q.Errors)
	}
}

func TestParseWhileTyping(t *testing.T) {
	for _, s := range []string{"", " ", "-", `"`, `"open phrase`, "person:", `person:"Taro`, "after:", "after:2019-1", "a:b", "::", `-"x`} {
		q := Parse(s, nil) // must not panic
		_ = q.Empty()
	}
	if q := Parse(`"open phrase`, nil); !reflect.DeepEqual(q.Phrases, []string{"open phrase"}) {
		t.Errorf("open phrase: %+v", q)
	}
	if q := Parse(`person:"Taro`, nil); len(q.Fields) != 1 || q.Fields[0].Value != "Taro" {
		t.Errorf("open field quote: %+v", q.Fields)
	}
	if q := Parse("a:b", nil); !reflect.DeepEqual(q.Words, []string{"a:b"}) {
		t.Errorf("unknown field is a word: %+v", q)
	}
	if q := Parse("after:yesterday", nil); len(q.Errors) != 1 {
		t.Errorf("bad date not reported: %+v", q)
	}
}

func TestMatch(t *testing.T) {
	d := NewDoc("China Daily · Asia-Pacific", "Pressure kept on Seoul for intelligence pact with Japan",
		"Tokyo and Washington continued to exert pressure on Seoul to keep GSOMIA.")
	d.Entities = []Entity{{"PERSON", "Taro Kono"}, {"PLACE", "Tokyo"}, {"UNKNOWN", "Zelvano"}}
	d.Regions = []string{"East Asia"}
	d.Published = time.Date(2019, 11, 19, 1, 27, 0, 0, time.UTC)
	cases := map[string]bool{
		"gsomia":                  true,
		"GSOM":                    true,
		"seoul japan":             true,
		"seoul beijing":           false,
		`"intelligence pact"`:     true,
		`"pact intelligence"`:     false,
		"seoul -japan":            false,
		"seoul -beijing":          true,
		"source:china":            true,
		"source:xinhua":           false,
		`person:"taro kono"`:      true,
		"person:kono":             true,
		"place:kono":              false,
		"entity:zelvano":          true, // a name of unknown type: entity: only
		"person:zelvano":          false,
		"org:zelvano":             false,
		"place:zelvano":           false,
		"-place:tokyo":            false,
		"region:east":             true,
		`region:"east asia"`:      true,
		"person:ko":               true,  // a word typed so far
		"person:aro":              false, // not the start of a word
		`person:"kono taro"`:      false,
		`person:"taro k"`:         true,
		"is:unread":               true,
		"is:saved":                false,
		"after:2019-11-19":        true,
		"after:2019-11-20":        false,
		"before:2019-11-19":       false,
		"before:2019-11-20 seoul": true,
		"asia-pacific":            true, // source name is searchable
		"":                        true,
		"sort:relevance":          true,
	}
	for s, want := range cases {
		q := Parse(s, time.UTC)
		if got := q.Match(&d); got != want {
			t.Errorf("%q: got %v want %v", s, got, want)
		}
	}
}

// Entity names and region tags match word by word, as the library
// matches them: "East Asia" is not in "Southeast Asia".
func TestMatchFieldWords(t *testing.T) {
	d := NewDoc("Desk", "Floods")
	d.Entities = []Entity{{"PLACE", "Ho Chi Minh City"}, {"ORG", "Association of Southeast Asian Nations"}}
	d.Regions = []string{"Southeast Asia"}
	cases := map[string]bool{
		`region:"east asia"`:       false,
		"region:east":              false,
		"region:southeast":         true,
		"region:asia":              true,
		`region:"southeast as"`:    true,
		`place:"chi minh"`:         true,
		`place:"minh ho"`:          false,
		"place:city":               true,
		"org:asian":                true,
		"org:sian":                 false,
		`entity:"southeast asian"`: true,
		"region:asia-pacific":      true, // a group: any of its regions
		"region:APAC":              true,
		"-region:asia-pacific":     false,
	}
	for s, want := range cases {
		q := Parse(s, time.UTC)
		if got := q.Match(&d); got != want {
			t.Errorf("%q: got %v want %v", s, got, want)
		}
	}
}

func TestRegionGroup(t *testing.T) {
	d := NewDoc("Desk", "Tea prices")
	d.Regions = []string{"Africa", "South Asia"} // a group member, not the first tag
	for s, want := range map[string]bool{"region:asia-pacific": true, `region:"Asia Pacific"`: true, "region:africa": true, "region:europe": false} {
		q := Parse(s, time.UTC)
		if got := q.Match(&d); got != want {
			t.Errorf("%q: got %v want %v", s, got, want)
		}
	}
	d.Regions = []string{"Europe"}
	if q := Parse("region:apac", time.UTC); q.Match(&d) {
		t.Error("region:apac matched a European story")
	}
	if RegionGroup("Asia") != nil || len(RegionGroup("asia—pacific")) != 4 {
		t.Errorf("RegionGroup: %q %q", RegionGroup("Asia"), RegionGroup("asia—pacific"))
	}
}

func TestHighlights(t *testing.T) {
	text := "GSOMIA: Seoul and SEOUL's pact; gsomia again"
	got := Highlights(text, Parse("gsomia seoul", nil).Terms())
	want := []Range{{0, 6}, {8, 13}, {18, 23}, {32, 38}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
	// Overlapping terms merge.
	if got := Highlights("intelligence", []string{"intel", "telli"}); !reflect.DeepEqual(got, []Range{{0, 7}}) {
		t.Fatalf("merge: %v", got)
	}
	// Lower-casing that changes byte length still maps to rune boundaries.
	s := "İstanbul and Seoul"
	for _, r := range Highlights(s, []string{"seoul"}) {
		if s[r.Start:r.End] != "Seoul" {
			t.Fatalf("got %q", s[r.Start:r.End])
		}
	}
	// CJK.
	s = "首尔 Seoul 首尔"
	rs := Highlights(s, []string{"首尔"})
	if len(rs) != 2 || s[rs[1].Start:rs[1].End] != "首尔" {
		t.Fatalf("cjk %v", rs)
	}
}

func TestIsAsiaPacificAndUsesEntities(t *testing.T) {
	q := Parse("GSOMIA is:Asia-Pacific", nil)
	if len(q.Errors) > 0 || len(q.Fields) != 1 || q.Fields[0].Value != AsiaPacific {
		t.Fatalf("is:Asia-Pacific parsed as %+v", q)
	}
	if !q.UsesEntities() {
		t.Error("the Asia-Pacific view uses entities")
	}
	for s, want := range map[string]bool{"GSOMIA": false, "is:saved": false, `person:"Taro Kono"`: true, "region:oceania": true, "-org:ASEAN": true} {
		if got := Parse(s, nil).UsesEntities(); got != want {
			t.Errorf("%q: UsesEntities = %v", s, got)
		}
	}
}
