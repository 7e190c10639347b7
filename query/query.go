// Package query parses Dateline's search syntax, shared by the in-memory
// keyword filter and the library's full-text search:
//
//	words are ANDed, "quoted phrases" match as phrases, -word excludes,
//	field:value filters (source:, person:, place:, org:, region:,
//	is:saved|unread|starred|asia-pacific, after:YYYY-MM-DD, before:),
//	sort:relevance.
//
// Matching is case-insensitive. A word matches as a substring, so the
// filter narrows while the user is still typing ("GSOM" finds GSOMIA).
package query

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Field is one field:value filter.
type Field struct {
	Name  string // lower case: source, person, place, org, region, is, after, before, sort
	Value string // as typed, quotes removed
	Neg   bool   // -field:value
}

// Query is a parsed search.
type Query struct {
	Raw     string
	Words   []string // lower-cased, ANDed
	Phrases []string // lower-cased, whitespace folded
	Exclude []string // lower-cased words and phrases that must not match
	Fields  []Field
	// SortRelevance is set by sort:relevance; the default is newest first.
	SortRelevance bool
	// After and Before bound the published time (zero when absent). After
	// is inclusive from the start of its day, Before exclusive.
	After, Before time.Time
	// Errors lists parts that could not be understood (a bad date, an
	// unknown field); the rest of the query still applies.
	Errors []string
}

// KnownFields are the field names the syntax accepts.
var knownFields = map[string]bool{
	"source": true, "person": true, "place": true, "org": true, "region": true,
	"is": true, "after": true, "before": true, "sort": true, "entity": true,
}

// Parse reads a query. It never fails: parts it cannot read are reported in
// Errors and otherwise ignored. loc is the zone used for after:/before:
// dates; nil means UTC.
func Parse(s string, loc *time.Location) Query {
	if loc == nil {
		loc = time.UTC
	}
	q := Query{Raw: s}
	for _, tok := range tokenize(s) {
		if tok.text == "" {
			continue
		}
		if !tok.quoted {
			if name, val, ok := strings.Cut(tok.text, ":"); ok && knownFields[strings.ToLower(name)] {
				name = strings.ToLower(name)
				if tok.valQuoted != "" {
					val = tok.valQuoted
				}
				q.addField(Field{Name: name, Value: val, Neg: tok.neg}, loc)
				continue
			}
		}
		text := fold(tok.text)
		if text == "" {
			continue
		}
		switch {
		case tok.neg:
			q.Exclude = append(q.Exclude, text)
		case tok.quoted || strings.ContainsRune(text, ' '):
			q.Phrases = append(q.Phrases, text)
		default:
			q.Words = append(q.Words, text)
		}
	}
	return q
}

func (q *Query) addField(f Field, loc *time.Location) {
	v := strings.TrimSpace(f.Value)
	switch f.Name {
	case "sort":
		switch strings.ToLower(v) {
		case "relevance", "rank":
			q.SortRelevance = true
		case "date", "newest", "":
		default:
			q.Errors = append(q.Errors, "sort: unknown order "+v)
		}
		return
	case "after", "before":
		t, err := parseDay(v, loc)
		if err != nil {
			if v != "" { // still typing "after:" is not an error yet
				q.Errors = append(q.Errors, f.Name+": want YYYY-MM-DD, got "+v)
			}
			return
		}
		if f.Name == "after" {
			q.After = t
		} else {
			q.Before = t
		}
		return
	case "is":
		switch strings.ToLower(v) {
		case "saved", "unread", "read", "starred":
		case "asia-pacific", "asiapacific", "apac":
			v = AsiaPacific
		case "":
			return
		default:
			q.Errors = append(q.Errors, "is: unknown state "+v)
			return
		}
	}
	if v == "" {
		return
	}
	f.Value = v
	q.Fields = append(q.Fields, f)
}

func parseDay(v string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, nil
		}
	}
	_, err := time.ParseInLocation("2006-01-02", v, loc)
	return time.Time{}, err
}

// AsiaPacific is the value of is:asia-pacific, the Asia-Pacific view as a
// query: the items entity.InAsiaPacific put in it when they were stored.
const AsiaPacific = "asia-pacific"

// UsesEntities reports whether the query filters on what the entity
// extractor found (person:, place:, org:, entity:, region:, or the
// Asia-Pacific view), so a caller knows that items need their entities
// before it can match them.
func (q Query) UsesEntities() bool {
	for _, f := range q.Fields {
		switch f.Name {
		case "person", "place", "org", "entity", "region":
			return true
		case "is":
			if f.Value == AsiaPacific {
				return true
			}
		}
	}
	return false
}

// Empty reports whether the query filters nothing.
func (q Query) Empty() bool {
	return len(q.Words) == 0 && len(q.Phrases) == 0 && len(q.Exclude) == 0 &&
		len(q.Fields) == 0 && q.After.IsZero() && q.Before.IsZero()
}

// Terms are the positive words and phrases, for highlighting matches.
func (q Query) Terms() []string {
	out := make([]string, 0, len(q.Words)+len(q.Phrases))
	out = append(out, q.Phrases...)
	out = append(out, q.Words...)
	return out
}

// FieldValues returns the values of every non-negated field with that name.
func (q Query) FieldValues(name string) []string {
	var out []string
	for _, f := range q.Fields {
		if f.Name == name && !f.Neg {
			out = append(out, f.Value)
		}
	}
	return out
}

type token struct {
	text      string
	valQuoted string // for field:"quoted value"
	quoted    bool
	neg       bool
}

// tokenize splits on white space, keeping "quoted phrases" (an unclosed
// quote runs to the end, so a phrase can be typed) and field:"values".
func tokenize(s string) []token {
	var out []token
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		var t token
		if r == '-' && i+1 < len(s) {
			t.neg = true
			i++
		}
		if i < len(s) && s[i] == '"' {
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				t.text = s[i+1:]
				i = len(s)
			} else {
				t.text = s[i+1 : i+1+end]
				i += end + 2
			}
			t.quoted = true
			out = append(out, t)
			continue
		}
		start := i
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				break
			}
			if r == ':' && i+1 < len(s) && s[i+1] == '"' {
				// field:"quoted value"
				end := strings.IndexByte(s[i+2:], '"')
				t.text = s[start:i] + ":"
				if end < 0 {
					t.valQuoted = s[i+2:]
					i = len(s)
				} else {
					t.valQuoted = s[i+2 : i+2+end]
					i += end + 3
				}
				if t.valQuoted == "" {
					t.valQuoted = " "
				}
				break
			}
			i += n
		}
		if t.text == "" {
			t.text = s[start:i]
		}
		if t.neg && t.text == "" {
			continue
		}
		out = append(out, t)
	}
	return out
}

// fold lower-cases s and collapses white space runs to one space.
// Non-ASCII text is brought to NFKC first, as the library's index is:
// full-width letters and digits ("ＡＳＥＡＮ") are the ASCII ones.
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			if !norm.NFKC.IsNormalString(s) {
				s = norm.NFKC.String(s)
			}
			break
		}
	}
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// Fold is the normalisation Match expects of Doc text: lower case, with
// white space runs collapsed to one space.
func Fold(s string) string { return fold(s) }
