package entity

import "strings"

// Resolution: one sense per document. A name the document labels surely in
// one place (a gazetteer entry, a title, the words around it) lends that
// label to its weaker mentions, and a full name lends itself to its parts.

// coordinate labels a guessed name like the known place it is listed with:
// "Tenterfield and Glen Innes", "Vanuatu, Samoa and Tonga".
func (d *doc) coordinate() {
	linked := d.linked
	for i := range d.cands {
		c := &d.cands[i]
		if c.strength != sGuess && !c.byShape || c.acronym {
			continue
		}
		for _, j := range []int{i - 1, i + 1} {
			if j < 0 || j >= len(d.cands) {
				continue
			}
			// (a place by the words around it: "including Tenterfield
			// and Glen Innes")
			o := d.cands[j]
			if o.strength != sStrong && !o.ctx || o.label != Place {
				continue
			}
			if c.byShape && !(j < i && d.andLinked(o, *c) || j > i && d.andLinked(*c, o)) {
				continue // (a comma also sets off a person: "the President of Velkania, Ivo Tark")
			}
			if (j < i && linked(o, *c)) || (j > i && linked(*c, o)) {
				c.label = Place
				break
			}
		}
	}
}

// linked: candidate x comes right before y in a list, joined by "and",
// "or" or a comma.
func (d *doc) linked(x, y cand) bool {
	if x.b == y.a {
		g := d.toks[y.a].gap
		return g&gComma != 0 && g&^(gComma|gSpace) == 0
	}
	if x.b+1 == y.a && d.joined(x.b) && d.joined(y.a) {
		w := d.word(x.b)
		return w == "and" || w == "or"
	}
	return false
}

// andLinked: candidate x comes right before y, joined by "and" or "or".
func (d *doc) andLinked(x, y cand) bool {
	return x.b+1 == y.a && x.b != y.a && d.linked(x, y)
}

// resolve applies document-level consistency and appends the spans to
// out, their offsets shifted by base.
func (d *doc) resolve(out []Span, base int) []Span {
	d.coordinate()
	// (made here, so that the maps can live on the stack)
	s := senses{full: map[string]memo{}, person: map[string]string{}, acr: map[string]memo{}}
	// One sense per document: a name the words around it label once
	// ("the town of Tulkarem") keeps that label where nothing around it
	// says what it is ("Tulkarem is the second town"), and where only
	// the lists of names made it a person ("near Glen Innes" and
	// "including Glen Innes").
	s.byCtx = d.labelsOf(func(c *cand) bool { return c.ctx && c.strength != sStrong })
	d.strongSenses(&s)
	d.knownAsAcronyms(s.acr)
	for i := range d.cands {
		if c := &d.cands[i]; c.ctx && c.strength == sStrong && c.label == Org && c.kind == kindOrg {
			if s.teams == nil {
				s.teams = map[string]bool{}
			}
			s.teams[strings.ToLower(d.candText(c))] = true
		}
	}
	// Names guessed from their shape where nothing else said what they
	// are (built only when a dropped person may need it).
	if d.droppedPerson() {
		s.guessed = d.labelsOf(func(c *cand) bool {
			return c.strength == sGuess && !c.acronym && (c.label != Org || c.ctx)
		})
	}
	if out == nil {
		out = make([]Span, 0, len(d.cands))
	}
	first := len(out) // (the spans of earlier chunks are not this text's)
	prev := -1        // the candidate of the last span
	for i := range d.cands {
		c := &d.cands[i]
		txt := d.candText(c)
		var label Label
		var canon string
		if c.strength != sStrong {
			var keep bool
			if label, canon, keep = s.weak(c, txt); !keep {
				continue
			}
		} else if l := s.shapeOverruled(c, txt); l != "" {
			label = l
		} else if d.teamElsewhere(c, &s) {
			label, canon = Org, "" // "LEEDS STUN CHELSEA", and "Leeds beat"
		} else {
			label, canon = s.strong(c, txt)
		}
		if canon == "" {
			canon = txt
		}
		if label == Unknown && c.b-c.a >= 2 && s.byCtx[d.word(c.b-1)] == Person {
			// "Tano Velk", and later "Velk's lawyer": the short form's
			// words say whose the full name is
			label = Person
		}
		// a name of unknown type in a list with a place is a place, with
		// an organisation an organisation: "Tenterfield and Glen Innes"
		if prev >= 0 && d.cands[prev].b+1 == c.a && len(out) > first && d.andLinked(d.cands[prev], *c) {
			if pl := out[len(out)-1].Label; label == Unknown && pl != Unknown {
				label = pl
			} else if pl == Unknown && label != Unknown {
				out[len(out)-1].Label = label
			}
		}
		prev = i
		out = append(out, Span{Start: base + int(d.toks[c.a].s), End: base + int(d.toks[c.b-1].e), Label: label, Text: txt, Canonical: canon})
	}
	return out
}

// memo is a label and a canonical name the document gave a name.
type memo struct {
	label Label
	canon string
}

// senses is what a document says about its names, gathered from all its
// candidates before any span is built.
type senses struct {
	full   map[string]memo   // surface text -> label from strong spans
	person map[string]string // a word of a person's name -> full name
	// orgHead: the first word of an organisation's name of several
	// words -> the name ("Velkor" for "Velkor Mining Corp."); nil if none.
	orgHead map[string]string
	// shapedPlace: a known place's name that starts a name only the
	// name lists made a person ("Miami" in "Miami Area"), which does
	// not make the place a person elsewhere; nil if none.
	shapedPlace map[string]bool
	acr         map[string]memo // an acronym -> what it stands for ("" label: nothing)
	// byCtx: labels the words around a name gave; guessed: labels
	// guessed from a name's shape (labelUnsure where two disagree).
	byCtx, guessed map[string]Label
	// teams: cities a sports story names as clubs where a team stands
	// ("Leeds beat"), by their name; nil if none.
	teams map[string]bool
}

func (d *doc) candText(c *cand) string { return d.text[d.toks[c.a].s:d.toks[c.b-1].e] }

// strongSenses gathers what the strong candidates say: their labels, the
// words of people's names, and acronyms in brackets after a long name.
func (d *doc) strongSenses(s *senses) {
	for i := range d.cands {
		c := &d.cands[i]
		if c.strength != sStrong {
			continue
		}
		txt := d.candText(c)
		if s.shapeOverruled(c, txt) != "" {
			continue
		}
		canon := c.canon
		if canon == "" {
			canon = txt
		}
		if _, ok := s.full[txt]; !ok {
			s.full[txt] = memo{c.label, canon}
		}
		if c.label == Person {
			d.personWords(c, txt, s.person)
			if c.byShape {
				d.shapedPlaces(c, s)
			}
		}
		if c.label == Org && c.b-c.a >= 2 && d.isCapWord(c.a) && d.toks[c.a].f&(tAllCaps|tDotted) == 0 {
			// "Velkor Mining Corp." names "Velkor" in the same text
			if s.orgHead == nil {
				s.orgHead = map[string]string{}
			}
			if w := d.word(c.a); s.orgHead[w] == "" {
				s.orgHead[w] = canon
			}
		}
		// "Long Name (ACR)"
		if c.b < len(d.toks) && d.isAcronym(c.b) && d.toks[c.b].gap&gOpen != 0 {
			if c.b+1 >= len(d.toks) || d.toks[c.b+1].gap&gClose != 0 {
				s.acr[d.word(c.b)] = memo{c.label, canon}
			}
		}
	}
}

// personWords records the words of person c (text txt) as naming it: each
// word of a full name ("Esper" for "Mark Esper"), or a one-word name the
// words around it made a person.
func (d *doc) personWords(c *cand, txt string, person map[string]string) {
	if c.b-c.a == 1 && c.ctx {
		// "Lincoln said": the town's name names this person here
		if _, ok := person[txt]; !ok {
			person[txt] = txt
		}
	}
	if c.b-c.a < 2 {
		return
	}
	for k := c.a; k < c.b; k++ {
		w := d.word(k)
		if d.wf(k)&wParticle != 0 || d.toks[k].f&tInitial != 0 {
			continue
		}
		if _, ok := person[w]; !ok || k == c.b-1 {
			person[w] = txt
		}
	}
}

// shapedPlaces records the first word of c, a person only by the name
// lists, if it is a known place ("Miami Area"; a surname that is also a
// town, "Jesse Jackson", still names the person later).
func (d *doc) shapedPlaces(c *cand, s *senses) {
	if pn, idx := d.phraseAt(c.a); pn == 1 && d.x.entries.at(idx).label == Place {
		if s.shapedPlace == nil {
			s.shapedPlace = map[string]bool{}
		}
		s.shapedPlace[d.word(c.a)] = true
	}
}

// knownAsAcronyms: "..., also known as GSOMIA": the acronym names what
// precedes it; "..., known as PhilRice": the name given to what precedes.
func (d *doc) knownAsAcronyms(acr map[string]memo) {
	ci := 0
	for i := 3; i < len(d.toks); i++ {
		if !(d.word(i-1) == "as" && d.word(i-2) == "known") || !(d.isAcronym(i) || d.isCapWord(i)) {
			continue
		}
		if _, ok := acr[d.word(i)]; ok {
			continue
		}
		// the long form ends right before ", (also) known as"
		k := i - 2
		if k > 0 && d.word(k-1) == "also" {
			k--
		}
		m := memo{"", ""}
		for ci < len(d.cands) && d.cands[ci].b <= k {
			ci++
		}
		if ci > 0 {
			if c := &d.cands[ci-1]; c.b == k && c.strength == sStrong && d.toks[k].gap&gComma != 0 {
				m = memo{c.label, c.canon}
				if m.canon == "" {
					m.canon = d.candText(c)
				}
			}
		}
		acr[d.word(i)] = m
	}
}

// labelsOf maps the text of each candidate that include accepts to its
// label, or to labelUnsure where two disagree; nil if there is none.
func (d *doc) labelsOf(include func(c *cand) bool) map[string]Label {
	var labels map[string]Label
	for i := range d.cands {
		c := &d.cands[i]
		if !include(c) {
			continue
		}
		if labels == nil {
			labels = map[string]Label{}
		}
		txt := d.candText(c)
		if l, ok := labels[txt]; ok && l != c.label {
			labels[txt] = labelUnsure
		} else {
			labels[txt] = c.label
		}
	}
	return labels
}

// droppedPerson: a candidate person is kept only if the document confirms
// it.
func (d *doc) droppedPerson() bool {
	for i := range d.cands {
		if d.cands[i].strength == sDrop && d.cands[i].label == Person {
			return true
		}
	}
	return false
}

// weak labels a guessed or dropped candidate c (text txt) as the document
// names it elsewhere; keep is false when it is no entity.
func (s *senses) weak(c *cand, txt string) (label Label, canon string, keep bool) {
	single := c.b-c.a == 1
	if m, ok := s.acr[txt]; ok && single {
		return m.label, m.canon, m.label != ""
	}
	if m, ok := s.full[txt]; ok {
		return m.label, m.canon, true
	}
	if p, ok := s.person[txt]; ok && single {
		return Person, p, true
	}
	if o, ok := s.orgHead[txt]; ok && single && (c.label == Unknown || c.label == Org) {
		return Org, o, true
	}
	if l, ok := s.byCtx[txt]; ok && !c.ctx && l != labelUnsure {
		return l, c.canon, true
	}
	if c.strength == sDrop {
		// "Gates' trip" at a sentence start, after "... and Gates
		// signed": capitalised mid-sentence, the word is a name
		// (an article before it said it names no person: "a
		// Vioxx case")
		l, ok := s.guessed[txt]
		if !ok || l == labelUnsure || c.label != Person {
			return "", "", false
		}
		return l, c.canon, true
	}
	return c.label, c.canon, true
}

// strong gives a strong candidate c (text txt) the full name of the
// person it is a part of.
func (s *senses) strong(c *cand, txt string) (Label, string) {
	if c.b-c.a != 1 {
		return c.label, c.canon
	}
	if c.label == Person {
		if p, ok := s.person[txt]; ok {
			return Person, p
		}
		return c.label, c.canon
	}
	if (c.kind == kindCity || c.kind == kindRegion || c.kind == kindOrg) && !s.shapedPlace[txt] {
		// "Obama" after "Barack Obama"
		if p, ok := s.person[txt]; ok && (p != txt || c.kind == kindCity) {
			return Person, p
		}
	}
	return c.label, c.canon
}

// shapeOverruled returns the label the words around another mention give
// a name that only the lists of names made a person ("near Glen Innes"
// for "including Glen Innes"), or "".
func (s *senses) shapeOverruled(c *cand, txt string) Label {
	if !c.byShape {
		return ""
	}
	if l, ok := s.byCtx[txt]; ok && l != Person && l != labelUnsure {
		return l
	}
	return ""
}

// teamElsewhere: c is a city the sports story names as a club where a
// team stands elsewhere ("Leeds beat Chelsea"), with nothing here that
// makes it the place ("in Leeds"): one club, one label.
func (d *doc) teamElsewhere(c *cand, s *senses) bool {
	if s.teams == nil || c.label != Place || c.kind != kindCity && c.kind != kindCapital && c.kind != kindRegion {
		return false
	}
	if c.a > 0 && d.joined(c.a) && d.x.lists.placeBefore.has(d.word(c.a-1)) {
		return false
	}
	if c.b < len(d.toks) && d.toks[c.b].gap&(gComma|gOpen|gDash) != 0 {
		return false // a dateline, "LIVERPOOL, England (AP) -", or "Leeds, England"
	}
	var buf [32]byte
	txt := d.candText(c)
	return len(txt) <= len(buf) && s.teams[string(lowerASCII(txt, buf[:0]))]
}
