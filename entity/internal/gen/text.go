package main

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// variants returns a name and its plain-ASCII forms: diacritics folded,
// the Arabic article dropped in the Middle East and North Africa, and
// Korean administrative suffixes dropped ("Gyeonggi-do" -> "Gyeonggi").
func variants(name, region string) []string {
	out := []string{name}
	add := func(v string) {
		v = strings.TrimSpace(v)
		if v == "" || utf8.RuneCountInString(v) < 3 {
			return
		}
		for _, o := range out {
			if o == v {
				return
			}
		}
		out = append(out, v)
	}
	f := fold(name)
	add(f)
	if region == "Middle East" || region == "Africa" {
		for _, art := range []string{"Al ", "Al-", "Ad ", "Ar ", "As ", "Ash ", "An ", "Az ", "At ", "Ath ", "Adh ", "El "} {
			if strings.HasPrefix(f, art) && len(f)-len(art) >= 4 {
				add(f[len(art):])
			}
		}
	}
	for _, suf := range []string{"-do", "-gwangyeoksi", "-teukbyeolsi", "-teukbyeoljachido", "-teukbyeoljachisi", "-si", "-gun"} {
		if strings.HasSuffix(f, suf) {
			add(f[:len(f)-len(suf)])
		}
	}
	return out
}

// fold maps Latin letters with diacritics to ASCII and drops the
// apostrophe-like letters of romanisation (ʻ ʼ ‘ ’).
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			if r == '\'' {
				continue
			}
			b.WriteRune(r)
			continue
		}
		if m, ok := foldMap[r]; ok {
			b.WriteString(m)
			continue
		}
		switch r {
		case 'ʻ', 'ʼ', '‘', '’', 'ʿ', 'ʾ', '`', '´':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var foldMap = func() map[rune]string {
	m := map[rune]string{}
	groups := map[string]string{
		"a": "àáâãäåāăąǎạảấầẩẫậắằẳẵặ", "A": "ÀÁÂÃÄÅĀĂĄǍẠẢẤẦẨẪẬẮẰẲẴẶ",
		"c": "çćĉċč", "C": "ÇĆĈĊČ", "d": "ďđḍḏḑ", "D": "ĎĐḌḎḐ",
		"e": "èéêëēĕėęěẹẻẽếềểễệ", "E": "ÈÉÊËĒĔĖĘĚẸẺẼẾỀỂỄỆ",
		"g": "ĝğġģǧ", "G": "ĜĞĠĢǦ", "h": "ĥħḥḩḫ", "H": "ĤĦḤḨḪ",
		"i": "ìíîïĩīĭįıǐịỉ", "I": "ÌÍÎÏĨĪĬĮİǏỊỈ", "j": "ĵ", "J": "Ĵ", "k": "ķḳ", "K": "ĶḲ",
		"l": "ĺļľŀłḷ", "L": "ĹĻĽĿŁḶ", "n": "ñńņňṅṇ", "N": "ÑŃŅŇṄṆ",
		"o": "òóôõöøōŏőơǒọỏốồổỗộớờởỡợ", "O": "ÒÓÔÕÖØŌŎŐƠǑỌỎỐỒỔỖỘỚỜỞỠỢ",
		"r": "ŕŗřṛ", "R": "ŔŖŘṚ", "s": "śŝşšșṣ", "S": "ŚŜŞŠȘṢ", "t": "ţťŧțṭ", "T": "ŢŤŦȚṬ",
		"u": "ùúûüũūŭůűųưǔụủứừửữự", "U": "ÙÚÛÜŨŪŬŮŰŲƯǓỤỦỨỪỬỮỰ",
		"w": "ŵẁẃẅ", "W": "ŴẀẂẄ", "y": "ýÿŷỳỵỷỹ", "Y": "ÝŸŶỲỴỶỸ", "z": "źżžẓẕ", "Z": "ŹŻŽẒẔ",
	}
	for to, from := range groups {
		for _, r := range from {
			m[r] = to
		}
	}
	m['ß'], m['æ'], m['Æ'], m['œ'], m['Œ'] = "ss", "ae", "Ae", "oe", "Oe"
	return m
}()

// titleCase upper-cases the first letter of each word and hyphen part,
// leaving short particles ("of", "and", "the", "de") lower-case.
func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if i > 0 && particle[w] {
			continue
		}
		parts := strings.Split(w, "-")
		for j, p := range parts {
			if p == "" {
				continue
			}
			r, n := utf8.DecodeRuneInString(p)
			parts[j] = string(unicode.ToUpper(r)) + p[n:]
		}
		words[i] = strings.Join(parts, "-")
	}
	return strings.Join(words, " ")
}

var particle = map[string]bool{"of": true, "and": true, "the": true, "for": true, "de": true, "da": true, "del": true, "la": true, "du": true, "van": true, "von": true, "der": true, "on": true, "in": true, "y": true}
