package query

import (
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/dateline-news/dateline/entity"
)

// Entity is a named entity of a document, for person:/place:/org: (and
// entity:, which alone matches a name of unknown type).
type Entity struct {
	Label string // PERSON, PLACE, ORG or UNKNOWN
	Name  string // canonical name
}

// Doc is what the in-memory filter matches against. Build it once per item
// with NewDoc and keep it: matching then allocates nothing.
type Doc struct {
	Text      string // Fold(title + summary + body + source)
	Source    string // Fold(source name)
	Entities  []Entity
	Regions   []string
	Published time.Time
	Saved     bool
	Starred   bool
	Read      bool
}

// NewDoc folds the given text fields into one searchable string.
func NewDoc(source string, fields ...string) Doc {
	var b strings.Builder
	for _, f := range fields {
		b.WriteString(f)
		b.WriteByte('\n')
	}
	b.WriteString(source)
	return Doc{Text: fold(b.String()), Source: fold(source)}
}

// Match reports whether d satisfies q: every part of its flat fields and,
// when it has alternatives, every part of at least one of them.
func (q *Query) Match(d *Doc) bool {
	if !q.matchAll(d) {
		return false
	}
	for i := range q.Or {
		if q.Or[i].matchAll(d) {
			return true
		}
	}
	return len(q.Or) == 0
}

// matchAll reports whether d satisfies every part of q's flat fields.
func (q *Query) matchAll(d *Doc) bool {
	for _, w := range q.Words {
		if !strings.Contains(d.Text, w) {
			return false
		}
	}
	for _, p := range q.Phrases {
		if !strings.Contains(d.Text, p) {
			return false
		}
	}
	for _, x := range q.Exclude {
		if strings.Contains(d.Text, x) {
			return false
		}
	}
	if !q.After.IsZero() && d.Published.Before(q.After) {
		return false
	}
	if !q.Before.IsZero() && !d.Published.Before(q.Before) {
		return false
	}
	for _, f := range q.Fields {
		if matchField(f, d) == f.Neg {
			return false
		}
	}
	return true
}

func matchField(f Field, d *Doc) bool {
	v := fold(f.Value)
	switch f.Name {
	case "source":
		return strings.Contains(d.Source, v)
	case "person", "place", "org", "entity":
		label := strings.ToUpper(f.Name)
		for _, e := range d.Entities {
			if (f.Name == "entity" || e.Label == label) && wordsMatch(fold(e.Name), v) {
				return true
			}
		}
		return false
	case "region":
		group := RegionGroup(f.Value)
		for _, r := range d.Regions {
			if group == nil && wordsMatch(fold(r), v) {
				return true
			}
			for _, g := range group {
				if fold(r) == fold(g) {
					return true
				}
			}
		}
		return false
	case "is":
		switch v {
		case "saved":
			return d.Saved
		case "starred":
			return d.Starred
		case "unread":
			return !d.Read
		case "read":
			return d.Read
		}
	}
	return true
}

// RegionGroup returns the region tags that a region: value stands for
// when it names a group of regions ("Asia-Pacific", "asia pacific",
// "APAC": compared by letters and digits), else nil. The library and
// Match both read region: values through it.
func RegionGroup(v string) []string {
	var b strings.Builder
	for _, r := range strings.ToLower(v) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			b.WriteRune(r)
		}
	}
	switch b.String() {
	case "asiapacific", "apac":
		return []string{entity.EastAsia, entity.SoutheastAsia, entity.SouthAsia, entity.Oceania}
	}
	return nil
}

// wordsMatch reports whether the words of v appear in name one after the
// other, the last as a prefix of a word: how the library matches entity
// names and region tags, so person:kono finds "Taro Kono" and
// region:"east asia" does not find "Southeast Asia".
func wordsMatch(name, v string) bool {
	sep := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }
	want := strings.FieldsFunc(v, sep)
	if len(want) == 0 {
		return true
	}
	have := strings.FieldsFunc(name, sep)
	last := len(want) - 1
outer:
	for i := 0; i+len(want) <= len(have); i++ {
		for j, w := range want {
			if j == last && !strings.HasPrefix(have[i+j], w) || j < last && have[i+j] != w {
				continue outer
			}
		}
		return true
	}
	return false
}

// Range is a byte range [Start, End) in a text.
type Range struct{ Start, End int }

// Highlights returns the non-overlapping, ordered byte ranges of text that
// match any of terms (as returned by Terms), case-insensitively. Ranges
// always fall on rune boundaries.
func Highlights(text string, terms []string) []Range {
	if len(terms) == 0 || text == "" {
		return nil
	}
	lower, idx := lowerWithIndex(text)
	var rs []Range
	for _, t := range terms {
		if t == "" {
			continue
		}
		for off := 0; off < len(lower); {
			i := strings.Index(lower[off:], t)
			if i < 0 {
				break
			}
			s, e := off+i, off+i+len(t)
			rs = append(rs, Range{idx(s), idx(e)})
			off = e
		}
	}
	return mergeRanges(rs)
}

// lowerWithIndex lower-cases text and returns a function mapping a byte
// offset in the lower-cased string back to one in text.
func lowerWithIndex(text string) (string, func(int) int) {
	lower := strings.ToLower(text)
	if len(lower) == len(text) {
		return lower, func(i int) int { return i }
	}
	// Lower-casing changed byte lengths (rare: İ, Ⱥ ...). Build a map.
	var b strings.Builder
	m := make([]int, 0, len(text)+1)
	for i, r := range text {
		l := strings.ToLower(string(r))
		for range len(l) {
			m = append(m, i)
		}
		b.WriteString(l)
	}
	m = append(m, len(text))
	return b.String(), func(i int) int {
		if i >= len(m) {
			return len(text)
		}
		return m[i]
	}
}

func mergeRanges(rs []Range) []Range {
	if len(rs) < 2 {
		return rs
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Start < rs[j].Start })
	out := rs[:1]
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if r.Start <= last.End {
			if r.End > last.End {
				last.End = r.End
			}
			continue
		}
		out = append(out, r)
	}
	return out
}
