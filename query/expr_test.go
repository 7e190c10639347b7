package query

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// render writes a parsed query as its branches, " | " between them, each
// as words, "phrases", -exclusions, fields and dates in that order.
func render(q Query) string {
	var bs []string
	for _, b := range q.Branches() {
		var parts []string
		parts = append(parts, b.Words...)
		for _, p := range b.Phrases {
			parts = append(parts, `"`+p+`"`)
		}
		for _, x := range b.Exclude {
			parts = append(parts, "-"+x)
		}
		for _, f := range b.Fields {
			neg := ""
			if f.Neg {
				neg = "-"
			}
			parts = append(parts, neg+f.Name+":"+f.Value)
		}
		if !b.After.IsZero() {
			parts = append(parts, "after:"+b.After.Format("2006-01-02"))
		}
		if !b.Before.IsZero() {
			parts = append(parts, "before:"+b.Before.Format("2006-01-02"))
		}
		bs = append(bs, strings.Join(parts, " "))
	}
	return strings.Join(bs, " | ")
}

func TestParseOr(t *testing.T) {
	for _, c := range []struct{ in, want, err string }{
		{in: "seoul OR tokyo", want: "seoul | tokyo"},
		{in: "a b OR c", want: "a b | c"}, // adjacency binds tighter
		{in: "a OR b c", want: "a | b c"},
		{in: "a (b OR c)", want: "a b | a c"},
		{in: "(a OR b) (c OR d)", want: "a c | a d | b c | b d"},
		{in: `(GSOMIA OR "intelligence pact") -Trump`, want: `gsomia -trump | "intelligence pact" -trump`},
		{in: "person:kono OR place:seoul", want: "person:kono | place:seoul"},
		{in: `person:"Taro Kono" OR -source:xinhua`, want: "person:Taro Kono | -source:xinhua"},
		{in: "((a OR b) c) OR d", want: "a c | b c | d"},
		{in: "a (b (c OR d))", want: "a b c | a b d"},
		{in: "a | b", want: "a | b"},
		{in: "a|b", want: "a | b"},
		{in: "a or b", want: "a or b"}, // lower case: a word
		{in: "a Or b", want: "a or b"},
		{in: `a "OR" b`, want: `a b "or"`},
		{in: "a -OR b", want: "a b -or"},
		{in: "NEAR(a b)", want: "near a b"},
		{in: `"(a OR b)"`, want: `"(a or b)"`}, // quoted: text
		{in: `source:"x (y)" OR z`, want: "source:x (y) | z"},
		// field:( … ): the words of the group are values of the field.
		{in: "person:(kono OR abe)", want: "person:kono | person:abe"},
		{in: `person:("taro kono" -abe) seoul`, want: "seoul person:taro kono -person:abe"},
		{in: "-source:(xinhua OR kyodo)", want: "-source:xinhua -source:kyodo"},
		{in: "place:(tokyo OR org:asean)", want: "place:tokyo | org:asean"},
		{in: "is:(saved OR starred)", want: "is:saved | is:starred"},
		{in: "after:(2019-11-01 OR 2019-12)", want: "after:2019-11-01 | after:2019-12-01"},
		{in: "place:((seoul OR tokyo) osaka)", want: "place:seoul place:osaka | place:tokyo place:osaka"},
		{in: "person:(", want: ""},
		{in: "person: (kono OR abe)", want: "kono | abe"}, // not at once: an empty field, then words
		// Negated groups, by De Morgan.
		{in: "-(a OR b)", want: "-a -b"},
		{in: "-(a b)", want: "-a | -b"},
		{in: "-(a -b)", want: "-a | b"},
		{in: "-(-a)", want: "a"},
		{in: `-("x y" OR z)`, want: "-x y -z"},
		{in: "c -(a OR b)", want: "c -a -b"},
		{in: "-(a b) c", want: "c -a | c -b"},
		{in: "-((a OR b) c)", want: "-a -b | -c"}, // -a -c and -b -c say no more than -c
		{in: "-(a a)", want: "-a"},
		{in: "(a OR b) (a OR b)", want: "a | b"},
		{in: "-(is:saved person:kono)", want: "-is:saved | -person:kono"},
		{in: "-(after:2019-11-01)", want: "before:2019-11-01"},
		{in: "-after:2019-11-01", want: "before:2019-11-01"},
		{in: "-(a OR before:2019-11-01)", want: "-a after:2019-11-01"},
		{in: "after:2019 after:2020-03 before:2021 before:2020-12", want: "after:2020-03-01 before:2020-12-01"},
		{in: "(a after:2019) OR (b before:2019)", want: "a after:2019-01-01 | b before:2019-01-01"},
		// While typing, and what filters nothing.
		{in: "a OR", want: "a"},
		{in: "OR a", want: "a"},
		{in: "a OR OR b", want: "a | b"},
		{in: "a ||| b", want: "a | b"},
		{in: "(a OR b", want: "a | b"},
		{in: "(a OR (b", want: "a | b"},
		{in: "a OR (", want: "a"},
		{in: "a OR ()", want: "a"},
		{in: "a OR -()", want: "a"},
		{in: "()", want: ""},
		{in: "(", want: ""},
		{in: "-(", want: ""},
		{in: "a OR person:", want: "a"},
		{in: "a OR sort:relevance", want: "a"},
		{in: "a) b", want: "a b", err: `")" without "(": ignored`},
		{in: "(a)) OR b)", want: "a | b", err: `")" without "(": ignored`},
		{in: "a OR after:soon", want: "a", err: "after: want YYYY-MM-DD, got soon"},
	} {
		q := Parse(c.in, time.UTC)
		if got := render(q); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
		if got := strings.Join(q.Errors, "; "); got != c.err {
			t.Errorf("%q: errors %q, want %q", c.in, got, c.err)
		}
		if len(q.Or) == 1 {
			t.Errorf("%q: a single branch in Or", c.in)
		}
	}
}

func TestParseOrFlags(t *testing.T) {
	if q := Parse("(a OR sort:relevance b)", nil); !q.SortRelevance || render(q) != "a | b" {
		t.Errorf("sort: inside a group is global: %v %q", q.SortRelevance, render(q))
	}
	q := Parse(`(GSOMIA OR "intelligence pact" OR person:kono) -Trump`, nil)
	if got := fmt.Sprint(q.Terms()); got != "[gsomia intelligence pact]" {
		t.Errorf("Terms: %s", got)
	}
	if !q.UsesEntities() || q.Empty() {
		t.Errorf("UsesEntities %v Empty %v", q.UsesEntities(), q.Empty())
	}
	if got := fmt.Sprint(Parse("person:kono OR person:abe OR -person:moon OR (person:kono x)", nil).FieldValues("person")); got != "[kono abe]" {
		t.Errorf("FieldValues: %s", got)
	}
	if Parse("a OR -(b)", nil).Empty() || !Parse("(sort:relevance OR ())", nil).Empty() {
		t.Error("Empty")
	}
}

// And narrows every branch, and leaves the query it was called on alone.
func TestAnd(t *testing.T) {
	q := Parse("seoul OR tokyo", nil)
	saved := q.And(Field{Name: "is", Value: "saved"})
	if got := render(saved); got != "seoul is:saved | tokyo is:saved" {
		t.Errorf("And: %q", got)
	}
	if len(q.Fields) != 0 || render(q) != "seoul | tokyo" {
		t.Errorf("And changed its receiver: %q", render(q))
	}
	d := NewDoc("Desk", "Seoul talks")
	if !q.Match(&d) || saved.Match(&d) {
		t.Error("And: Match")
	}
	d.Saved = true
	if !saved.Match(&d) {
		t.Error("And: saved Match")
	}
	flat := Parse("seoul", nil)
	a := flat.And(Field{Name: "is", Value: "saved"})
	b := flat.And(Field{Name: "is", Value: "starred"})
	if len(a.Fields) != 1 || len(b.Fields) != 1 || a.Fields[0].Value != "saved" {
		t.Errorf("And shares its fields: %+v %+v", a.Fields, b.Fields)
	}
}

func TestTooManyAlternatives(t *testing.T) {
	words := func(n int, format string) string {
		var w []string
		for i := range n {
			w = append(w, fmt.Sprintf(format, i, i, i))
		}
		return strings.Join(w, " ")
	}
	for _, s := range []string{
		"(a OR b) (c OR d) (e OR f) (g OR h) (i OR j) (k OR l)",
		"-(" + words(40, "w%d") + ")",
		strings.ReplaceAll(words(40, "x%d"), " ", " OR "),
		words(30, "(a%d OR b%d OR c%d)"),
		words(30, "-(a%d b%d c%d)"),
	} {
		q := Parse(s, nil)
		if len(q.Or) != MaxBranches || len(q.Errors) != 1 || !strings.Contains(q.Errors[0], "too many alternatives") {
			t.Errorf("%.40q: %d branches, errors %q", s, len(q.Or), q.Errors)
		}
	}
}

// Every prefix of a query, as typed, parses without an error and never
// into more alternatives than the whole.
func TestParseOrWhileTyping(t *testing.T) {
	for _, s := range []string{
		`(GSOMIA OR "intelligence pact") -Trump`,
		`-(person:"Taro Kono" OR place:seoul) (after:2019-11-01 OR is:saved)`,
		`seoul | tokyo | (beijing -"trade war")`,
	} {
		for i := range len(s) + 1 {
			q := Parse(s[:i], nil)
			for _, e := range q.Errors {
				if !strings.HasPrefix(e, "after:") && !strings.HasPrefix(e, "is:") { // "after:2019-1", "is:sa" while typing
					t.Errorf("%q: %s", s[:i], e)
				}
			}
			if len(q.Or) > 4 {
				t.Errorf("%q: %d branches", s[:i], len(q.Or))
			}
		}
	}
}

// expr is a random boolean query over a few words, with its own
// evaluator: the reference for Parse's normal form.
type expr struct {
	word string // a leaf
	neg  bool
	and  bool // else OR
	kids []*expr
}

var exprWords = []string{"alpha", "beta", "gamma", "delta"}

func randExpr(r *rand.Rand, depth int) *expr {
	if depth == 0 || r.IntN(3) == 0 {
		return &expr{word: exprWords[r.IntN(len(exprWords))], neg: r.IntN(4) == 0}
	}
	e := &expr{and: r.IntN(2) == 0, neg: r.IntN(4) == 0}
	for range 2 + r.IntN(2) {
		e.kids = append(e.kids, randExpr(r, depth-1))
	}
	return e
}

func (e *expr) eval(has map[string]bool) bool {
	v := has[e.word]
	if e.word == "" {
		v = e.and
		for _, k := range e.kids {
			if e.and {
				v = v && k.eval(has)
			} else {
				v = v || k.eval(has)
			}
		}
	}
	return v != e.neg
}

// String writes e; parentheses are left out where precedence makes them
// unneeded (an AND inside an OR) half of the time.
func (e *expr) String(r *rand.Rand) string {
	neg := ""
	if e.neg {
		neg = "-"
	}
	if e.word != "" {
		return neg + e.word
	}
	var parts []string
	for _, k := range e.kids {
		s := k.String(r)
		// (x y) anywhere, or (x OR y) in an OR, needs no parentheses.
		bare := (k.and || !e.and) && r.IntN(2) == 0
		if k.word == "" && !k.neg && !bare {
			s = "(" + s + ")"
		}
		parts = append(parts, s)
	}
	sep := " "
	if !e.and {
		sep = []string{" OR ", " | ", "|"}[r.IntN(3)]
	}
	return neg + "(" + strings.Join(parts, sep) + ")"
}

func TestParseOrMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		e := randExpr(r, 3)
		s := e.String(r)
		q := Parse(s, nil)
		if len(q.Errors) > 0 {
			continue // too many alternatives: not comparable
		}
		for mask := range 1 << len(exprWords) {
			has := map[string]bool{}
			var text []string
			for i, w := range exprWords {
				if mask&(1<<i) != 0 {
					has[w] = true
					text = append(text, w)
				}
			}
			d := NewDoc("", strings.Join(text, " "))
			if got, want := q.Match(&d), e.eval(has); got != want {
				t.Fatalf("%s on %q: Match %v, want %v (parsed %q)", s, text, got, want, render(q))
			}
		}
	}
}

// FuzzParse: no input makes Parse or Match panic, and the normal form
// holds: never one branch in Or, never more than MaxBranches, branches
// conjunctive, the flat part empty beside them.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "a OR b", "-(a b)", "((((", "))))", `"(" OR ")"`, "-(-(-(a|b)))",
		`person:"x (y" OR -after:2019`, "(a OR b) (c OR d) (e OR f) (g OR h) (i OR j) (k OR l)", "a||b OR|(OR)", "-|-)-(-"} {
		f.Add(s)
	}
	d := NewDoc("Desk", "alpha beta (gamma) or delta")
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s, time.UTC)
		if len(q.Or) == 1 || len(q.Or) > MaxBranches {
			t.Fatalf("%q: %d branches", s, len(q.Or))
		}
		if len(q.Or) > 0 && !q.flatEmpty() {
			t.Fatalf("%q: flat fields beside branches: %+v", s, q)
		}
		for _, b := range q.Or {
			if len(b.Or) > 0 || b.flatEmpty() {
				t.Fatalf("%q: a branch that is not a plain conjunction: %+v", s, b)
			}
		}
		_ = q.Match(&d)
		_ = q.Terms()
		_ = q.Empty()
	})
}

func TestRepeatsDoNotCountAsAlternatives(t *testing.T) {
	q := Parse(strings.Repeat("x OR ", 40)+"y", nil)
	if render(q) != "x | y" || len(q.Errors) > 0 {
		t.Errorf("%q %q", render(q), q.Errors)
	}
}

// A long query with operators parses in linear time, and what is past
// maxAtoms is left out and reported.
func TestLongQueryWithOperators(t *testing.T) {
	var w []string
	for i := range 5000 {
		w = append(w, fmt.Sprintf("w%d", i))
	}
	for _, s := range []string{
		"(a OR b) " + strings.Join(w, " "),
		"-(" + strings.Join(w, " ") + ")",
		strings.Repeat("(a OR b) (c OR d) ", 2000),
		strings.Join(w, " OR "),
	} {
		start := time.Now()
		q := Parse(s, nil)
		if d := time.Since(start); d > time.Second {
			t.Errorf("%.30q: %v", s, d)
		}
		if len(q.Or) > MaxBranches {
			t.Errorf("%.30q: %d branches", s, len(q.Or))
		}
	}
	q := Parse("(a OR b) "+strings.Join(w[:300], " "), nil)
	if len(q.Or) != 2 || len(q.Or[0].Words) != maxAtoms-1 || len(q.Errors) != 1 || !strings.Contains(q.Errors[0], "too many words") {
		t.Errorf("past maxAtoms: %d branches, %d words, %q", len(q.Or), len(q.Or[0].Words), q.Errors)
	}
}
