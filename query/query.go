// Package query parses Dateline's search syntax, shared by the in-memory
// keyword filter and the library's full-text search:
//
//	words are ANDed, "quoted phrases" match as phrases, -word excludes,
//	field:value filters (source:, person:, place:, org:, region:,
//	is:saved|unread|starred|asia-pacific, after:YYYY-MM-DD, before:),
//	sort:relevance; OR (upper case) or | between alternatives,
//	(parentheses) to group, -(group) to leave a group out,
//	field:(group) for a field over every word of a group.
//
// Matching is case-insensitive. A word matches as a substring, so the
// filter narrows while the user is still typing ("GSOM" finds GSOMIA).
//
// Adjacency (AND) binds tighter than OR: "a b OR c" is "(a b) OR c". A
// query with alternatives is normalised to a disjunction of conjunctive
// queries (see Query.Or), negated groups pushed inward by De Morgan's
// laws: -(a OR b) is -a -b, -(a b) is -a OR -b.
package query

import (
	"slices"
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

// Query is a parsed search: a conjunction (the flat fields), ANDed with a
// disjunction of conjunctive branches (Or) when the query has
// alternatives.
//
// A query without OR is its flat fields alone and Or is nil. A query
// with alternatives has its branches in Or (two or more, at most
// MaxBranches) and, as Parse makes it, empty flat fields; fields ANDed
// on later (And) go in the flat part and so apply to every branch.
type Query struct {
	Raw     string
	Words   []string // lower-cased, ANDed
	Phrases []string // lower-cased, whitespace folded
	Exclude []string // lower-cased words and phrases that must not match
	Fields  []Field
	// SortRelevance is set by sort:relevance; the default is newest first.
	// It is global: it applies wherever in the query it is written.
	SortRelevance bool
	// After and Before bound the published time (zero when absent). After
	// is inclusive from the start of its day, Before exclusive. Several
	// after: (before:) in one conjunction keep the latest (earliest).
	After, Before time.Time
	// Or are the alternatives: the query matches when its flat fields and
	// at least one branch match. Each branch is conjunctive (its own Or,
	// Raw, Errors and SortRelevance are unused). Nil: no alternatives.
	Or []Query
	// Errors lists parts that could not be understood (a bad date, an
	// unknown field, a ")" without "(", too many alternatives); the rest
	// of the query still applies.
	Errors []string
}

// MaxBranches is how many alternatives a query may have once normalised
// ((a OR b) (c OR d) is four): past it, the rest are left out and Errors
// says so.
const MaxBranches = 32

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
	toks := tokenize(s)
	for _, tok := range toks {
		if tok.op != opNone {
			parseExpr(&q, toks, loc)
			return q
		}
	}
	// No operator: one conjunction, read in one pass.
	for _, tok := range toks {
		if a, ok := q.atomOf(tok, loc); ok {
			q.add(a)
		}
	}
	return q
}

// atomKind is what an atom filters on.
type atomKind uint8

const (
	atomText   atomKind = iota // a word or phrase (neg: excluded)
	atomField                  // field:value (Neg in the field)
	atomAfter                  // published from t
	atomBefore                 // published before t
)

// atom is one filter of a conjunction.
type atom struct {
	kind atomKind
	text string // atomText: folded
	neg  bool   // atomText
	quot bool   // atomText: quoted, so a phrase
	f    Field  // atomField
	t    time.Time
}

// negate returns the atom that matches exactly where a does not:
// -after:X is before:X.
func (a atom) negate() atom {
	switch a.kind {
	case atomText:
		a.neg = !a.neg
	case atomField:
		a.f.Neg = !a.f.Neg
	case atomAfter:
		a.kind = atomBefore
	case atomBefore:
		a.kind = atomAfter
	}
	return a
}

// isField reports whether tok is a field:value (not a word or phrase).
func (t token) isField() bool {
	name, _, ok := strings.Cut(t.text, ":")
	return ok && !t.quoted && knownFields[strings.ToLower(name)]
}

// atomOf reads one word, phrase or field token. ok is false for a token
// that filters nothing (an empty value, a part still being typed, an error
// recorded in q.Errors, sort:, which sets q.SortRelevance).
func (q *Query) atomOf(tok token, loc *time.Location) (atom, bool) {
	if tok.text == "" {
		return atom{}, false
	}
	if !tok.quoted {
		if name, val, ok := strings.Cut(tok.text, ":"); ok && knownFields[strings.ToLower(name)] {
			name = strings.ToLower(name)
			if tok.valQuoted != "" {
				val = tok.valQuoted
			}
			return q.fieldAtom(Field{Name: name, Value: val, Neg: tok.neg}, loc)
		}
	}
	text := fold(tok.text)
	if text == "" {
		return atom{}, false
	}
	return atom{kind: atomText, text: text, neg: tok.neg, quot: tok.quoted}, true
}

func (q *Query) fieldAtom(f Field, loc *time.Location) (atom, bool) {
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
		return atom{}, false
	case "after", "before":
		t, err := parseDay(v, loc)
		if err != nil {
			if v != "" { // still typing "after:" is not an error yet
				q.Errors = append(q.Errors, f.Name+": want YYYY-MM-DD, got "+v)
			}
			return atom{}, false
		}
		a := atom{kind: atomAfter, t: t}
		if f.Name == "before" {
			a.kind = atomBefore
		}
		if f.Neg {
			a = a.negate()
		}
		return a, true
	case "is":
		switch strings.ToLower(v) {
		case "saved", "unread", "read", "starred":
		case "asia-pacific", "asiapacific", "apac":
			v = AsiaPacific
		case "":
			return atom{}, false
		default:
			q.Errors = append(q.Errors, "is: unknown state "+v)
			return atom{}, false
		}
	}
	if v == "" {
		return atom{}, false
	}
	f.Value = v
	return atom{kind: atomField, f: f}, true
}

// add ANDs an atom onto the flat fields.
func (q *Query) add(a atom) {
	switch a.kind {
	case atomText:
		switch {
		case a.neg:
			q.Exclude = append(q.Exclude, a.text)
		case a.quot || strings.ContainsRune(a.text, ' '):
			q.Phrases = append(q.Phrases, a.text)
		default:
			q.Words = append(q.Words, a.text)
		}
	case atomField:
		q.Fields = append(q.Fields, a.f)
	case atomAfter:
		if q.After.IsZero() || a.t.After(q.After) {
			q.After = a.t
		}
	case atomBefore:
		if q.Before.IsZero() || a.t.Before(q.Before) {
			q.Before = a.t
		}
	}
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

// And returns q with fields ANDed onto the whole query (every branch of
// a query with alternatives): how a view (is:saved, is:asia-pacific)
// narrows a filter. q itself is not changed.
func (q Query) And(fields ...Field) Query {
	q.Fields = append(append([]Field(nil), q.Fields...), fields...)
	return q
}

// Branches returns the conjunctive queries whose union q matches: q itself
// when it has no alternatives, else each branch ANDed with the flat
// fields. Each carries q's SortRelevance.
func (q Query) Branches() []Query {
	if len(q.Or) == 0 {
		q.Or = nil
		return []Query{q}
	}
	out := make([]Query, len(q.Or))
	for i, b := range q.Or {
		m := Query{SortRelevance: q.SortRelevance, After: q.After, Before: q.Before}
		m.Words = append(append(m.Words, q.Words...), b.Words...)
		m.Phrases = append(append(m.Phrases, q.Phrases...), b.Phrases...)
		m.Exclude = append(append(m.Exclude, q.Exclude...), b.Exclude...)
		m.Fields = append(append(m.Fields, q.Fields...), b.Fields...)
		if !b.After.IsZero() {
			m.add(atom{kind: atomAfter, t: b.After})
		}
		if !b.Before.IsZero() {
			m.add(atom{kind: atomBefore, t: b.Before})
		}
		out[i] = m
	}
	return out
}

// UsesEntities reports whether the query filters on what the entity
// extractor found (person:, place:, org:, entity:, region:, or the
// Asia-Pacific view) in any of its branches, so a caller knows that items
// need their entities before it can match them.
func (q Query) UsesEntities() bool {
	if q.usesEntities() {
		return true
	}
	for _, b := range q.Or {
		if b.usesEntities() {
			return true
		}
	}
	return false
}

func (q *Query) usesEntities() bool {
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
	if !q.flatEmpty() {
		return false
	}
	for _, b := range q.Or {
		if b.Empty() {
			return true // an alternative that is always true
		}
	}
	return len(q.Or) == 0
}

func (q *Query) flatEmpty() bool {
	return len(q.Words) == 0 && len(q.Phrases) == 0 && len(q.Exclude) == 0 &&
		len(q.Fields) == 0 && q.After.IsZero() && q.Before.IsZero()
}

// Terms are the positive words and phrases of every branch, for
// highlighting matches.
func (q Query) Terms() []string {
	out := make([]string, 0, len(q.Words)+len(q.Phrases))
	out = append(out, q.Phrases...)
	out = append(out, q.Words...)
	for _, b := range q.Or {
		for _, t := range b.Terms() {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// FieldValues returns the values of every non-negated field with that
// name, in any branch.
func (q Query) FieldValues(name string) []string {
	var out []string
	for _, f := range q.Fields {
		if f.Name == name && !f.Neg {
			out = append(out, f.Value)
		}
	}
	for _, b := range q.Or {
		for _, v := range b.FieldValues(name) {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// op is what a token is as an operator.
type op uint8

const (
	opNone  op = iota // a word, phrase or field
	opOpen            // "(" (neg: "-(")
	opClose           // ")"
	opOr              // OR or |
)

type token struct {
	text      string
	valQuoted string // for field:"quoted value"
	quoted    bool
	neg       bool
	op        op
	// group is the field of field:( when the "(" follows at once: the
	// group's words are values of that field.
	group string
}

// opOf is the operator c is wherever it stands outside quotes: a
// parenthesis or |.
func opOf(c byte) op {
	switch c {
	case '(':
		return opOpen
	case ')':
		return opClose
	case '|':
		return opOr
	}
	return opNone
}

// tokenize splits on white space, keeping "quoted phrases" (an unclosed
// quote runs to the end, so a phrase can be typed) and field:"values".
// Outside quotes, ( ) and | are operators wherever they stand, and OR is
// one as a word of its own in upper case.
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
		if o := opOf(s[i]); o != opNone {
			out = append(out, token{op: o})
			i++
			continue
		}
		if r == '-' && i+1 < len(s) {
			t.neg = true
			i++
			if s[i] == '(' {
				out = append(out, token{op: opOpen, neg: true})
				i++
				continue
			}
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
		i = t.word(s, i)
		if t.neg && t.text == "" {
			continue
		}
		if t.text == "OR" && !t.neg && t.valQuoted == "" {
			t = token{op: opOr}
		}
		out = append(out, t)
	}
	return out
}

// word reads an unquoted word (or field:"quoted value") from s[i:] into t
// and returns where it ends.
func (t *token) word(s string, i int) int {
	start := i
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) || opOf(s[i]) != opNone {
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
			return i
		}
		i += n
	}
	t.text = s[start:i]
	if name, ok := strings.CutSuffix(t.text, ":"); ok && i < len(s) && s[i] == '(' && knownFields[strings.ToLower(name)] {
		t.group = strings.ToLower(name)
	}
	return i
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
