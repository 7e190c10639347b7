package entity

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestProcessJSONL(t *testing.T) {
	in := `{"id":"a1","text":"Taro Kono met Mark Esper in Bangkok."}

{"id": 7, "text": ""}
{"id":"u","text":"文在寅 met Moon Jae-in in Seoul."}
`
	var out bytes.Buffer
	if err := ProcessJSONL(strings.NewReader(in), &out); err != nil {
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
		err := ProcessJSONL(strings.NewReader(in), &out)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("input %q: err = %v, want mention of %q", in, err, want)
		}
		// lines before the bad one are written
		if strings.HasPrefix(in, "{\"id\":1,\"text\":\"ok\"}") && !strings.Contains(out.String(), `"id":1`) {
			t.Errorf("input %q: earlier output lost: %q", in, out.String())
		}
	}
}
