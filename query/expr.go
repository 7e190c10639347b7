package query

import (
	"fmt"
	"math/bits"
	"time"
)

// A query with operators is read into disjunctive normal form as it is
// parsed: a dnf is a disjunction of branches, each a conjunction of
// atoms. Each distinct atom is numbered in the order it is first met
// (maxAtoms at most), and a branch is the set of its atoms' numbers, so
// ANDing, comparing and simplifying branches costs a few word operations
// however long the query. A part that filters nothing (an empty group, a
// field still being typed, a dangling OR) is absent, as if it were not
// typed: "seoul OR (" is "seoul", not everything.
type dnf []atomSet

// maxAtoms is how many distinct words, phrases and fields (negations
// included) a query with operators may have; the rest are left out and
// Errors says so. The library takes at most 64 in one alternative.
const maxAtoms = 256

// atomSet is a set of atom numbers.
type atomSet [maxAtoms / 64]uint64

func (s *atomSet) add(i int) { s[i/64] |= 1 << (i % 64) }

func (s atomSet) or(t atomSet) atomSet {
	for i := range s {
		s[i] |= t[i]
	}
	return s
}

// within reports whether every atom of s is in t.
func (s atomSet) within(t atomSet) bool {
	for i := range s {
		if s[i]&^t[i] != 0 {
			return false
		}
	}
	return true
}

// each calls f with the numbers in s, in increasing order.
func (s atomSet) each(f func(i int)) {
	for w, x := range s {
		for x != 0 {
			b := bits.TrailingZeros64(x)
			f(w*64 + b)
			x &^= 1 << b
		}
	}
}

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
	atoms   []atom // by number
	num     map[atom]int
	stray   bool // a ")" without "("
	tooMany bool // branches were left out past MaxBranches
	tooLong bool // atoms were left out past maxAtoms
}

// parseExpr reads toks, which hold operators, into q: its flat fields
// when the query comes to one conjunction, else q.Or.
func parseExpr(q *Query, toks []token, loc *time.Location) {
	p := &exprParser{q: q, toks: toks, loc: loc, num: map[atom]int{}}
	d, ok := p.or()
	if p.stray {
		q.Errors = append(q.Errors, `")" without "(": ignored`)
	}
	if p.tooMany {
		q.Errors = append(q.Errors, fmt.Sprintf("too many alternatives (at most %d): the rest are left out", MaxBranches))
	}
	if p.tooLong {
		q.Errors = append(q.Errors, fmt.Sprintf("too many words and fields (at most %d with OR or groups): the rest are left out", maxAtoms))
	}
	if !ok {
		return
	}
	branch := func(q *Query, s atomSet) { s.each(func(i int) { q.add(p.atoms[i]) }) }
	if len(d) == 1 {
		branch(q, d[0])
		return
	}
	q.Or = make([]Query, len(d))
	for i, s := range d {
		branch(&q.Or[i], s)
	}
}

// number returns the number of a, numbering it if it is new; ok is false
// when maxAtoms are numbered already.
func (p *exprParser) number(a atom) (int, bool) {
	if i, ok := p.num[a]; ok {
		return i, true
	}
	if len(p.atoms) == maxAtoms {
		p.tooLong = true
		return 0, false
	}
	p.num[a] = len(p.atoms)
	p.atoms = append(p.atoms, a)
	return len(p.atoms) - 1, true
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
			n, ok := p.number(a)
			if !ok {
				continue
			}
			var s atomSet
			s.add(n)
			d = dnf{s}
		}
		if present {
			out = p.cross(out, d)
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
		d = p.not(d)
		ok = len(d) > 0 // empty only when every negation was left out
	}
	return d, ok
}

// union is a OR b, simplified, at most MaxBranches.
func (p *exprParser) union(a, b dnf) dnf {
	return p.capped(simplify(append(a, b...)))
}

// cross is a AND b, simplified, at most MaxBranches: every branch of a
// with every branch of b.
func (p *exprParser) cross(a, b dnf) dnf {
	out := make(dnf, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x.or(y))
		}
	}
	return p.capped(simplify(out))
}

func (p *exprParser) capped(d dnf) dnf {
	if len(d) > MaxBranches {
		p.tooMany = true
		return d[:MaxBranches]
	}
	return d
}

// not is the negation of d by De Morgan's laws: NOT (b1 OR b2) is
// NOT b1 AND NOT b2, and NOT (a1 AND a2) is NOT a1 OR NOT a2.
func (p *exprParser) not(d dnf) dnf {
	var out dnf
	for i, br := range d {
		var alt dnf
		br.each(func(n int) {
			if m, ok := p.number(p.atoms[n].negate()); ok {
				var s atomSet
				s.add(m)
				alt = append(alt, s)
			}
		})
		if len(alt) == 0 {
			continue // every negation left out (tooLong)
		}
		if i == 0 || out == nil {
			out = p.capped(alt)
		} else {
			out = p.cross(out, alt)
		}
	}
	return out
}

// simplify drops every branch that says more than another (a b OR a is
// a) and repeated branches, so that expanding groups does not reach
// MaxBranches sooner than it must. The result matches what d matches.
func simplify(d dnf) dnf {
	out := d[:0:0]
	for i, br := range d {
		absorbed := false
		for j, other := range d {
			if j != i && other.within(br) && (other != br || j < i) {
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
