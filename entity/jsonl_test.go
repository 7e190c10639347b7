package entity

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestProcessJSONL(t *testing.T) {
	in := `{"id":"a1","text":"Taro Kono met Mark Esper in Bangkok."}

{"id": 7, "text": ""}
{"id":"u","text":"文在寅 met Moon Jae-in in Seoul."}
`
	var out bytes.Buffer
	if err := ProcessJSONL(strings.NewReader(in), &out, nil); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d output lines, want 3:\n%s", len(lines), out.String())
	}
	var first struct {
		ID       string `json:"id"`
		Entities []struct {
			Start, End  int
			Label, Text string
			Canonical   string
		} `json:"entities"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.ID != "a1" || len(first.Entities) != 3 {
		t.Fatalf("first line = %+v", first)
	}
	e := first.Entities[2]
	if e.Label != "PLACE" || e.Text != "Bangkok" || e.Canonical != "Bangkok" || e.Start != 28 || e.End != 35 {
		t.Errorf("third entity = %+v", e)
	}
	if lines[1] != `{"id":7,"entities":[]}` {
		t.Errorf("numeric id / empty text line = %s", lines[1])
	}
	// byte offsets, not rune offsets
	var third struct {
		Entities []struct{ Start, End int } `json:"entities"`
	}
	_ = json.Unmarshal([]byte(lines[2]), &third)
	if len(third.Entities) == 0 || third.Entities[0].Start != len("文在寅 met ") {
		t.Errorf("multi-byte offsets wrong: %s", lines[2])
	}
}

func TestProcessJSONLBadLines(t *testing.T) {
	cases := map[string]string{
		"{\"id\":1,\"text\":\"ok\"}\nnot json\n":     "line 2",
		"{\"id\":1,\"text\":\"ok\"}\n\n{\"id\":2}\n": "line 3",
		"[1,2,3]\n":                "line 1",
		"{\"id\":1,\"text\":42}\n": "line 1",
		"{\"id\":1,\"text\":\"a\"}\n{\"id\":2,\"text\":": "line 2",
	}
	for in, want := range cases {
		var out bytes.Buffer
		var reported []LineError
		err := ProcessJSONL(strings.NewReader(in), &out, func(e LineError) { reported = append(reported, e) })
		var be *BatchError
		if !errors.As(err, &be) || len(be.Bad) != 1 || !strings.Contains(err.Error(), want) {
			t.Errorf("input %q: err = %v, want one bad line, %q", in, err, want)
			continue
		}
		if len(reported) != 1 || reported[0].Line != be.Bad[0].Line {
			t.Errorf("input %q: reported %v", in, reported)
		}
		// good lines are written whatever their place
		if strings.HasPrefix(in, "{\"id\":1,\"text\":\"") && !strings.Contains(out.String(), `"id":1`) {
			t.Errorf("input %q: good output lost: %q", in, out.String())
		}
	}
}

// TestProcessJSONLGoesOnPastBadLines: bad lines in the middle of a batch,
// an over-long one among them, cost only themselves.
func TestProcessJSONLGoesOnPastBadLines(t *testing.T) {
	long := `{"id":"big","text":"` + strings.Repeat("x", MaxJSONLLine) + `"}`
	in := strings.Join([]string{
		`{"id":"a","text":"Taro Kono visited Seoul."}`,
		`{"id":"b","text":`,
		long,
		`{"id":"c","text":"Jacinda Ardern spoke in Wellington."}`,
		`{"id":"d"}`,
		`{"id":"e","text":"Hanoi"}`,
	}, "\n")
	var out bytes.Buffer
	err := ProcessJSONL(strings.NewReader(in), &out, nil)
	var be *BatchError
	if !errors.As(err, &be) {
		t.Fatalf("err = %v, want a BatchError", err)
	}
	var lines []int
	for _, b := range be.Bad {
		lines = append(lines, b.Line)
	}
	if fmt.Sprint(lines) != "[2 3 5]" || be.Lines != 6 {
		t.Errorf("bad lines %v of %d, want [2 3 5] of 6", lines, be.Lines)
	}
	if !strings.Contains(be.Bad[1].Error(), "longer than 64 MiB") {
		t.Errorf("the long line: %v", be.Bad[1])
	}
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var o struct{ ID string }
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("output line %q: %v", l, err)
		}
		ids = append(ids, o.ID)
	}
	if strings.Join(ids, ",") != "a,c,e" {
		t.Errorf("written ids %v, want a,c,e", ids)
	}
}
