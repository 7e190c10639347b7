package entity

// Resolution: one sense per document. A name the document labels surely in
// one place (a gazetteer entry, a title, the words around it) lends that
// label to its weaker mentions, and a full name lends itself to its parts.

// coordinate labels a guessed name like the known place it is listed with:
// "Tenterfield and Glen Innes", "Vanuatu, Samoa and Tonga".
func (d *doc) coordinate() {
	linked := func(x, y cand) bool { // x before y, joined by "and", "or" or a comma
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
	for i := range d.cands {
		c := &d.cands[i]
		if c.strength != sGuess || c.acronym {
			continue
		}
		for _, j := range []int{i - 1, i + 1} {
			if j < 0 || j >= len(d.cands) {
				continue
			}
			o := d.cands[j]
			if o.strength != sStrong || o.label != Place {
				continue
			}
			if (j < i && linked(o, *c)) || (j > i && linked(*c, o)) {
				c.label = Place
				break
			}
		}
	}
}

// resolve applies document-level consistency and builds the spans.
func (d *doc) resolve() []Span {
	d.coordinate()
	type memo struct {
		label Label
		canon string
	}
	full := map[string]memo{}     // surface text -> label from strong spans
	person := map[string]string{} // a word of a person's name -> full name
	acr := map[string]memo{}
	for i, c := range d.cands {
		if c.strength != sStrong {
			continue
		}
		txt := d.text[d.toks[c.a].s:d.toks[c.b-1].e]
		canon := c.canon
		if canon == "" {
			canon = txt
		}
		if _, ok := full[txt]; !ok {
			full[txt] = memo{c.label, canon}
		}
		if c.label == Person && c.b-c.a == 1 && c.ctx {
			// "Lincoln said": the town's name names this person here
			if _, ok := person[txt]; !ok {
				person[txt] = txt
			}
		}
		if c.label == Person && c.b-c.a >= 2 {
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
		// "Long Name (ACR)"
		if c.b < len(d.toks) && d.isAcronym(c.b) && d.toks[c.b].gap&gOpen != 0 {
			if c.b+1 >= len(d.toks) || d.toks[c.b+1].gap&gClose != 0 {
				acr[d.word(c.b)] = memo{c.label, canon}
			}
		}
		_ = i
	}
	// "..., also known as GSOMIA": the acronym names what precedes it.
	// "..., known as PhilRice": the name given to what precedes.
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
			if c := d.cands[ci-1]; c.b == k && c.strength == sStrong && d.toks[k].gap&gComma != 0 {
				m = memo{c.label, c.canon}
				if m.canon == "" {
					m.canon = d.text[d.toks[c.a].s:d.toks[c.b-1].e]
				}
			}
		}
		acr[d.word(i)] = m
	}
	// One sense per document: a name the words around it label once
	// ("the town of Tulkarem") keeps that label where nothing around it
	// says what it is ("Tulkarem is the second town").
	var byCtx map[string]Label
	for _, c := range d.cands {
		if !c.ctx || c.strength == sStrong {
			continue
		}
		if byCtx == nil {
			byCtx = map[string]Label{}
		}
		txt := d.text[d.toks[c.a].s:d.toks[c.b-1].e]
		if l, ok := byCtx[txt]; ok && l != c.label {
			byCtx[txt] = labelUnsure // the contexts disagree
		} else {
			byCtx[txt] = c.label
		}
	}
	// Names guessed from their shape where nothing else said what they are.
	// (built only when a dropped person may need it)
	var guessed map[string]Label
	dropped := false
	for _, c := range d.cands {
		if c.strength == sDrop && c.label == Person {
			dropped = true
			break
		}
	}
	for _, c := range d.cands {
		if !dropped || c.strength != sGuess || c.acronym || c.label == Org && !c.ctx {
			continue
		}
		if guessed == nil {
			guessed = map[string]Label{}
		}
		txt := d.text[d.toks[c.a].s:d.toks[c.b-1].e]
		if l, ok := guessed[txt]; ok && l != c.label {
			guessed[txt] = labelUnsure
		} else {
			guessed[txt] = c.label
		}
	}
	out := make([]Span, 0, len(d.cands))
	for _, c := range d.cands {
		txt := d.text[d.toks[c.a].s:d.toks[c.b-1].e]
		label, canon := c.label, c.canon
		if c.strength != sStrong {
			if m, ok := acr[txt]; ok && c.b-c.a == 1 {
				if m.label == "" {
					continue
				}
				label, canon = m.label, m.canon
			} else if m, ok := full[txt]; ok {
				label, canon = m.label, m.canon
			} else if p, ok := person[txt]; ok && c.b-c.a == 1 {
				label, canon = Person, p
			} else if l, ok := byCtx[txt]; ok && !c.ctx && l != labelUnsure {
				label = l
			} else if c.strength == sDrop {
				// "Gates' trip" at a sentence start, after "... and Gates
				// signed": capitalised mid-sentence, the word is a name
				// (an article before it said it names no person: "a
				// Vioxx case")
				l, ok := guessed[txt]
				if !ok || l == labelUnsure || c.label != Person {
					continue
				}
				label = l
			}
		} else if c.label == Person {
			if p, ok := person[txt]; ok && c.b-c.a == 1 {
				canon = p
			}
		} else if c.b-c.a == 1 && (c.kind == kindCity || c.kind == kindRegion || c.kind == kindOrg) {
			// "Obama" after "Barack Obama"
			if p, ok := person[txt]; ok && (p != txt || c.kind == kindCity) {
				label, canon = Person, p
			}
		}
		if canon == "" {
			canon = txt
		}
		out = append(out, Span{Start: int(d.toks[c.a].s), End: int(d.toks[c.b-1].e), Label: label, Text: txt, Canonical: canon})
	}
	return out
}
