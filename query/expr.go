package query

import (
	"fmt"
	"slices"
	"time"
)

// A query with operators is read into disjunctive normal form as it is
// parsed: a dnf is a disjunction of branches, each a conjunction of
// atoms. Every branch owns its backing array, so appending to one never
// changes another. A part that filters nothing (an empty group, a field
// still being typed, a dangling OR) is absent, as if it were not typed:
// "seoul OR (" is "seoul", not everything.
type dnf [][]atom

// maxDepth bounds the nesting of parentheses: a "(" deeper than that is
// ignored.
const maxDepth = 64

type exprParser struct {
	q       *Query
	toks    []token
	i       int
	loc     *time.Location
	depth   int
	field   string // in field:( … ): the field its words are values of
	stray   bool   // a ")" without "("
	tooMany bool   // branches were left out past MaxBranches
}

// parseExpr reads toks, which hold operators, into q: its flat fields
// when the query comes to one conjunction, else q.Or.
func parseExpr(q *Query, toks []token, loc *time.Location) {
	p := &exprParser{q: q, toks: toks, loc: loc}
	d, ok := p.or()
	d = simplify(d)
	if p.stray {
		q.Errors = append(q.Errors, `")" without "(": ignored`)
	}
	if p.tooMany {
		q.Errors = append(q.Errors, fmt.Sprintf("too many alternatives (at most %d): the rest are left out", MaxBranches))
	}
	switch {
	case !ok:
	case len(d) == 1:
		for _, a := range d[0] {
			q.add(a)
		}
	default:
		q.Or = make([]Query, len(d))
		for i, br := range d {
			for _, a := range br {
				q.Or[i].add(a)
			}
		}
	}
}

// or reads alternatives up to a ")" that closes a group, or the end.
func (p *exprParser) or() (dnf, bool) {
	var out dnf
	present := false
	for {
		if d, ok := p.and(); ok {
			out, present = p.union(out, d), true
		}
		if p.i < len(p.toks) && p.toks[p.i].op == opOr {
			p.i++
			continue
		}
		return out, present
	}
}

// and reads a conjunction: atoms and groups up to OR, a ")" that closes
// a group, or the end. A ")" that closes nothing is skipped.
func (p *exprParser) and() (dnf, bool) {
	var out dnf
	present := false
	for p.i < len(p.toks) {
		t := p.toks[p.i]
		var d dnf
		switch t.op {
		case opOr:
			return out, present
		case opClose:
			if p.depth > 0 {
				return out, present
			}
			p.stray = true
			p.i++
			continue
		case opOpen:
			p.i++
			g, ok := p.group(t.neg, p.field)
			if !ok {
				continue
			}
			d = g
		default:
			p.i++
			if t.group != "" && p.i < len(p.toks) && p.toks[p.i].op == opOpen {
				// field:( … ): the group's words are values of the field.
				p.i++
				g, ok := p.group(t.neg, t.group)
				if !ok {
					continue
				}
				d = g
				break
			}
			a, ok := p.atom(t)
			if !ok {
				continue
			}
			d = dnf{{a}}
		}
		if present {
			out = simplify(p.cross(out, d))
		} else {
			out, present = d, true
		}
	}
	return out, present
}

// atom reads a word, phrase or field token; inside field:( … ) a word or
// phrase is a value of that field.
func (p *exprParser) atom(t token) (atom, bool) {
	if p.field != "" && !t.isField() {
		v := t.text
		if t.valQuoted != "" {
			v = t.valQuoted
		}
		return p.q.fieldAtom(Field{Name: p.field, Value: v, Neg: t.neg}, p.loc)
	}
	return p.q.atomOf(t, p.loc)
}

// group reads a group after its "(" up to its ")" (an unclosed group runs
// to the end: the user is still typing), negated when neg is set; field,
// when set, is the field its words are values of.
func (p *exprParser) group(neg bool, field string) (dnf, bool) {
	if p.depth >= maxDepth {
		return nil, false
	}
	p.depth++
	outer := p.field
	p.field = field
	d, ok := p.or()
	p.field = outer
	p.depth--
	if p.i < len(p.toks) && p.toks[p.i].op == opClose {
		p.i++
	}
	if ok && neg {
		d = simplify(p.not(d))
	}
	return d, ok
}

// union is a OR b, at most MaxBranches.
func (p *exprParser) union(a, b dnf) dnf {
	if len(a)+len(b) > MaxBranches {
		if a = simplify(append(a, b...)); len(a) <= MaxBranches {
			return a
		}
		p.tooMany = true
		return a[:MaxBranches]
	}
	return append(a, b...)
}

// cross is a AND b: every branch of a with every branch of b, at most
// MaxBranches.
func (p *exprParser) cross(a, b dnf) dnf {
	if len(b) == 1 {
		for i := range a {
			a[i] = append(a[i], b[0]...) // a's branches own their arrays
		}
		return a
	}
	out := make(dnf, 0, min(len(a)*len(b), MaxBranches))
	for _, x := range a {
		for _, y := range b {
			if len(out) == MaxBranches {
				p.tooMany = true
				return out
			}
			br := make([]atom, 0, len(x)+len(y))
			out = append(out, append(append(br, x...), y...))
		}
	}
	return out
}

// not is the negation of d by De Morgan's laws: NOT (b1 OR b2) is
// NOT b1 AND NOT b2, and NOT (a1 AND a2) is NOT a1 OR NOT a2.
func (p *exprParser) not(d dnf) dnf {
	var out dnf
	for i, br := range d {
		alt := make(dnf, 0, len(br))
		for _, a := range br {
			alt = p.union(alt, dnf{{a.negate()}})
		}
		if i == 0 {
			out = alt
		} else {
			out = p.cross(out, alt)
		}
	}
	return out
}

// simplify drops repeated atoms within a branch and every branch that
// says more than another (a b OR a is a), so that expanding groups does
// not reach MaxBranches sooner than it must. The result matches what d
// matches.
func simplify(d dnf) dnf {
	for i, br := range d {
		k := 0
		for j, a := range br {
			if !slices.Contains(br[:j], a) {
				br[k] = a
				k++
			}
		}
		d[i] = br[:k]
	}
	out := make(dnf, 0, len(d))
	for i, br := range d {
		absorbed := false
		for j, other := range d {
			if j != i && subset(other, br) && (len(other) < len(br) || j < i) {
				absorbed = true // other, or an equal branch before it, says less
				break
			}
		}
		if !absorbed {
			out = append(out, br)
		}
	}
	return out
}

// subset reports whether every atom of a is in b.
func subset(a, b []atom) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
