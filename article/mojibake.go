package article

import (
	"bytes"
	"unicode/utf8"
)

// Mojibake repair. Some pages are UTF-8 encoded twice: the UTF-8 bytes of
// "“" (E2 80 9C) were read as Latin-1 or windows-1252 and encoded again,
// so the page shows "â\u0080\u009c" or "â€œ". Such runs are turned back
// into the characters they stand for. A run is repaired only when its
// characters map back to bytes that form valid UTF-8 and it carries a
// sign of double encoding (a C1 control, or a windows-1252 symbol such
// as "€" or "™" after "â"/"Ã"/"Â"), which ordinary text does not.

// cp1252Rev maps the windows-1252 characters of bytes 0x80–0x9F back to
// their bytes.
var cp1252Rev = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91,
	'’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98,
	'™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
}

// mayHaveMojibake is a cheap test for the byte patterns of double
// encoding: a C1 control (C2 80–C2 9F), "â€"/"â„" (C3 A2 E2 82 AC /
// E2 84 A2), or "Â"/"Ã" before a Latin-1 symbol (C3 82 C2, C3 83 C2).
func mayHaveMojibake(b []byte) bool {
	for i := bytes.IndexByte(b, 0xc2); i >= 0 && i+1 < len(b); {
		if b[i+1] >= 0x80 && b[i+1] <= 0x9f {
			return true
		}
		j := bytes.IndexByte(b[i+1:], 0xc2)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return bytes.Contains(b, []byte("\xc3\xa2\xe2\x82\xac")) || bytes.Contains(b, []byte("\xc3\xa2\xe2\x84\xa2")) ||
		bytes.Contains(b, []byte("\xc3\x82\xc2")) || bytes.Contains(b, []byte("\xc3\x83\xc2"))
}

// fixMojibake repairs double-encoded runs in valid UTF-8 text.
func fixMojibake(b []byte) []byte {
	if !mayHaveMojibake(b) {
		return b
	}
	var out bytes.Buffer
	out.Grow(len(b))
	var raw []byte // the run mapped back to bytes
	runStart := -1
	flush := func(end int) {
		if runStart < 0 {
			return
		}
		if fixed, ok := repairRun(raw); ok {
			out.Write(fixed)
		} else {
			out.Write(b[runStart:end])
		}
		runStart = -1
		raw = raw[:0]
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		var by byte
		ok := false
		if r >= 0x80 && r <= 0xff {
			by, ok = byte(r), true
		} else if c, isCP := cp1252Rev[r]; isCP {
			by, ok = c, true
		}
		if ok {
			if runStart < 0 {
				runStart = i
			}
			raw = append(raw, by)
		} else {
			flush(i)
			out.Write(b[i : i+n])
		}
		i += n
	}
	flush(len(b))
	return out.Bytes()
}

// repairRun decodes a run's bytes as UTF-8 when that is clearly what
// they were. Runs may mix repaired sequences and real Latin-1 letters;
// each lead byte is tried in turn.
func repairRun(raw []byte) ([]byte, bool) {
	var out []byte
	changed := false
	for i := 0; i < len(raw); {
		c := raw[i]
		if c >= 0xc2 && c <= 0xf4 {
			r, n := utf8.DecodeRune(raw[i:])
			if r != utf8.RuneError && n >= 2 && doubleEncoded(raw[i:i+n]) {
				out = utf8.AppendRune(out, r)
				changed = true
				i += n
				continue
			}
		}
		// Keep the character as it was (Latin-1 letter or cp1252 symbol).
		out = utf8.AppendRune(out, latinRune(c))
		i++
	}
	return out, changed
}

// doubleEncoded: the sequence's continuation bytes include one that only
// appears in double-encoded text (0x80–0x9F: a C1 control in Latin-1 or
// a cp1252 symbol), its lead is "Â" or "Ã", or it is a 3-byte sequence (punctuation such as
// "’" or "—"), which in real Latin-1 text would be three unlikely letters.
func doubleEncoded(seq []byte) bool {
	if len(seq) >= 3 {
		return true
	}
	// "Â" or "Ã" followed by a symbol ("Â ", "Â©", "Ã©"): real text puts
	// letters after these, not symbols.
	if seq[0] == 0xc2 || seq[0] == 0xc3 {
		return true
	}
	for _, c := range seq[1:] {
		if c >= 0x80 && c <= 0x9f {
			return true
		}
	}
	return false
}

// latinRune maps a byte back to the character it showed as: cp1252
// symbols for 0x80–0x9F where defined, Latin-1 otherwise.
func latinRune(c byte) rune {
	if c >= 0x80 && c <= 0x9f {
		for r, b := range cp1252Rev {
			if b == c {
				return r
			}
		}
	}
	return rune(c)
}
