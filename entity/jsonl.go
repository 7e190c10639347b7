package entity

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
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

// LineError is one input line ProcessJSONL could not read.
type LineError struct {
	Line int
	Err  error
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// BatchError is what ProcessJSONL returns when some lines were bad: the
// batch went on past them, and Bad lists them in order.
type BatchError struct {
	Bad   []LineError
	Lines int // non-blank input lines, good and bad
}

func (e *BatchError) Error() string {
	if len(e.Bad) == 1 {
		return fmt.Sprintf("entity: 1 of %d lines could not be read (%v)", e.Lines, e.Bad[0])
	}
	return fmt.Sprintf("entity: %d of %d lines could not be read (first: %v)", len(e.Bad), e.Lines, e.Bad[0])
}

// ProcessJSONL reads lines of {"id": ..., "text": ...} from r and writes
// one line of {"id": ..., "entities": [{"start", "end", "label", "text",
// "canonical"}]} per good input line to w, in order. The id is copied as
// given (string or number). Blank lines are skipped. A bad line (not such
// an object, or longer than MaxJSONLLine) writes nothing, is passed to
// report (which may be nil) and does not stop the batch; at the end a
// *BatchError lists the bad lines. Any other error is a read or write
// error and stops it.
func ProcessJSONL(r io.Reader, w io.Writer, report func(LineError)) error {
	return Default().ProcessJSONL(r, w, report)
}

// ProcessJSONL is the method form of the package-level ProcessJSONL.
func (x *Extractor) ProcessJSONL(r io.Reader, w io.Writer, report func(LineError)) error {
	br := bufio.NewReaderSize(r, 1<<20)
	bw := bufio.NewWriter(w)
	batch := &BatchError{}
	bad := func(line int, err error) {
		le := LineError{Line: line, Err: err}
		batch.Bad = append(batch.Bad, le)
		if report != nil {
			report(le)
		}
	}
	for line := 1; ; line++ {
		b, tooLong, err := readLine(br, MaxJSONLLine)
		if err != nil && err != io.EOF {
			_ = bw.Flush()
			return fmt.Errorf("entity: reading line %d: %w", line, err)
		}
		b = bytes.TrimSpace(b)
		switch {
		case tooLong:
			batch.Lines++
			bad(line, fmt.Errorf("longer than %d MiB", MaxJSONLLine>>20))
		case len(b) > 0:
			batch.Lines++
			enc, lerr := x.jsonlLine(b)
			if lerr != nil {
				bad(line, lerr)
				break
			}
			if _, werr := bw.Write(enc); werr != nil {
				return fmt.Errorf("entity: writing: %w", werr)
			}
			if werr := bw.WriteByte('\n'); werr != nil {
				return fmt.Errorf("entity: writing: %w", werr)
			}
		}
		if err == io.EOF {
			break
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("entity: writing: %w", err)
	}
	if len(batch.Bad) > 0 {
		return batch
	}
	return nil
}

// jsonlLine answers one input object with its output line.
func (x *Extractor) jsonlLine(b []byte) ([]byte, error) {
	var in jsonlIn
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, err
	}
	if in.Text == nil {
		return nil, errors.New(`missing "text"`)
	}
	id := in.ID
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	spans := x.Extract(*in.Text)
	out := jsonlOut{ID: id, Entities: make([]jsonlEntity, len(spans))}
	for i, s := range spans {
		out.Entities[i] = jsonlEntity(s)
	}
	return json.Marshal(out)
}

// readLine reads one line (without its newline) of at most limit bytes.
// A longer line is read to its end and dropped, with tooLong set, so the
// next call starts on the next line. err is io.EOF on the last line.
func readLine(br *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, isPrefix, rerr := br.ReadLine()
		if !tooLong {
			if len(buf)+len(chunk) > limit {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if rerr != nil {
			return buf, tooLong, rerr
		}
		if !isPrefix {
			return buf, tooLong, nil
		}
	}
}
