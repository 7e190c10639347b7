package entity

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// MaxJSONLLine caps one input line of ProcessJSONL (64 MiB).
const MaxJSONLLine = 64 << 20

type jsonlIn struct {
	ID   json.RawMessage `json:"id"`
	Text *string         `json:"text"`
}

type jsonlEntity struct {
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Label     Label  `json:"label"`
	Text      string `json:"text"`
	Canonical string `json:"canonical"`
}

type jsonlOut struct {
	ID       json.RawMessage `json:"id"`
	Entities []jsonlEntity   `json:"entities"`
}

// ProcessJSONL reads lines of {"id": ..., "text": ...} from r and writes
// one line of {"id": ..., "entities": [{"start", "end", "label", "text",
// "canonical"}]} per input line to w, in order. The id is copied as given
// (string or number). Blank lines are skipped. A line that is not such an
// object stops the batch with an error naming its line number; the lines
// before it have been written.
func ProcessJSONL(r io.Reader, w io.Writer) error {
	return Default().ProcessJSONL(r, w)
}

// ProcessJSONL is the method form of the package-level ProcessJSONL.
func (x *Extractor) ProcessJSONL(r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), MaxJSONLLine)
	bw := bufio.NewWriter(w)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var in jsonlIn
		if err := json.Unmarshal(b, &in); err != nil {
			_ = bw.Flush()
			return fmt.Errorf("entity: jsonl line %d: %w", line, err)
		}
		if in.Text == nil {
			_ = bw.Flush()
			return fmt.Errorf("entity: jsonl line %d: missing \"text\"", line)
		}
		id := in.ID
		if len(id) == 0 {
			id = json.RawMessage("null")
		}
		spans := x.Extract(*in.Text)
		out := jsonlOut{ID: id, Entities: make([]jsonlEntity, len(spans))}
		for i, s := range spans {
			out.Entities[i] = jsonlEntity{s.Start, s.End, s.Label, s.Text, s.Canonical}
		}
		enc, err := json.Marshal(out)
		if err != nil {
			_ = bw.Flush()
			return fmt.Errorf("entity: jsonl line %d: %w", line, err)
		}
		bw.Write(enc)
		bw.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		_ = bw.Flush()
		if err == bufio.ErrTooLong {
			return fmt.Errorf("entity: jsonl line %d: longer than %d bytes", line+1, MaxJSONLLine)
		}
		return fmt.Errorf("entity: jsonl line %d: %w", line+1, err)
	}
	return bw.Flush()
}
