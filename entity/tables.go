package entity

import (
	_ "embed" // lexicon.bin
	"errors"
	"fmt"
)

// The lexicon is made at build time, not at start: lexicon.bin holds the
// word lists and gazetteers of data/ in the form the extractor reads in
// place (fingerprint tables, entry records, word lists, a string
// pool), so that NewExtractor parses nothing and allocates nothing per
// entry. It is made from data/ by the package's tests (the text loader
// lives in lexbuild_test.go), with `go generate ./entity`, which runs
//
//	go test -run '^TestLexiconFile$' -update-lexicon
//
// in the package; TestLexiconFile fails when the checked-in file is not
// what data/ makes, byte for byte. (The text files are not embedded.)
//
// Layout, all integers little-endian: the 8-byte magic, then the header
// (hdrLen uint32: see the hdr constants), then the sections it points
// to. A string is a "ref", the offset in the pool of one length byte and
// the string's bytes; ref 0 is the empty string.
//
//   - lex, upper: ordered fingerprint tables (hashTable), slotSize bytes a
//     slot: the key mixed (uint64), then two uint32 values. lex holds
//     flags and the phrase entry (lexEntry.f, lexEntry.p), upper the
//     entry index of an upper-cased phrase in the first value.
//   - entries: entrySize bytes each: kind, label, two zero bytes, then
//     the refs of the canonical name, the name the entry was made for,
//     and, for a place that Locate resolves, its country and its region.
//   - lists: per list, the ref of its name, the first of its words in
//     words and their count, the first of its slots in words and their
//     count (a power of two), then the wordSet filters first and last (32
//     uint32 each).
//   - words: refs: each list's words, sorted (but place-suffixes, kept in
//     file order), and each list's slots, an open-addressing table of its
//     words by setHash (ref 0, the empty string, marks an empty slot).
//
//go:generate go test -run ^TestLexiconFile$ -update-lexicon
//go:embed lexicon.bin
var lexiconData string

const lexiconMagic = "DLLEX\x00\x00\x01"

// Header words: the table sizes and where each section starts.
const (
	hdrLexBits = iota
	hdrLexOff
	hdrLexSlots
	hdrUpperBits
	hdrUpperOff
	hdrUpperSlots
	hdrEntriesOff
	hdrEntries
	hdrListsOff
	hdrLists
	hdrWordsOff
	hdrWords
	hdrPoolOff
	hdrPoolLen
	hdrLen // the number of header words
)

const (
	slotSize  = 16
	entrySize = 20
	listSize  = 20 + 2*32*4
	// mixMul spreads a fingerprint's bits into its top bits (Fibonacci
	// hashing), which choose the home slot.
	mixMul uint64 = 0x9E3779B97F4A7C15
	// emptyKey marks an empty slot; no stored key mixes to it.
	emptyKey = ^uint64(0)
)

// le32 and le64 read the integer at s[i:] (one bounds check, one load).
func le32(s string, i int) uint32 {
	b := s[i : i+4]
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func le64(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// hashTable maps a 64-bit fingerprint (hash.go) to two uint32 values. It
// is ordered linear probing: the slots hold the keys mixed (k*mixMul),
// ascending, each at or after its home slot (the top bits), so a lookup
// scans from the home slot to the first key not below its own: found if
// equal, absent otherwise. A sentinel empty slot ends the table.
type hashTable struct {
	slots string
	shift uint
}

func (t *hashTable) find(key uint64) (a, b uint32, ok bool) {
	m := key * mixMul
	s := t.slots
	for i := int(m>>t.shift) * slotSize; i+slotSize <= len(s); i += slotSize {
		k := le64(s, i)
		if k < m {
			continue
		}
		if k != m || m == emptyKey {
			return 0, 0, false
		}
		return le32(s, i+8), le32(s, i+12), true
	}
	return 0, 0, false
}

// lookup returns the lexicon's flags and phrase entry of a fingerprint.
func (x *Extractor) lookup(h uint64) (lexEntry, bool) {
	f, p, ok := x.lex.find(h)
	return lexEntry{f: f, p: int32(p)}, ok
}

// lookupUpperHash: the entry index of an upper-cased phrase (-1: only a
// prefix).
func (x *Extractor) lookupUpperHash(h uint64) (int32, bool) {
	idx, _, ok := x.upper.find(h)
	return int32(idx), ok
}

// pool is the string pool of the lexicon.
type pool string

func (p pool) str(ref uint32) string {
	i := int(ref)
	return string(p[i+1 : i+1+int(p[i])])
}

// entryTable is the gazetteer's entries, entrySize bytes each.
type entryTable struct {
	recs string
	pool pool
}

func (t *entryTable) len() int { return len(t.recs) / entrySize }

// at returns entry i.
func (t *entryTable) at(i int32) entry {
	o := int(i) * entrySize
	return entry{kind: kind(t.recs[o]), label: labelOf(t.recs[o+1]), canon: t.pool.str(le32(t.recs, o+4))}
}

// name is the phrase entry i was made for (Locate's key).
func (t *entryTable) name(i int32) string { return t.pool.str(le32(t.recs, int(i)*entrySize+8)) }

// place is the country and region Locate gives entry i; region is ""
// when it gives none.
func (t *entryTable) place(i int32) (country, region string) {
	o := int(i) * entrySize
	return t.pool.str(le32(t.recs, o+12)), t.pool.str(le32(t.recs, o+16))
}

// labelOf decodes an entry's label byte (labelCode encodes it).
func labelOf(c byte) Label {
	switch c {
	case 1:
		return Person
	case 2:
		return Place
	case 3:
		return Org
	}
	return ""
}

// labelCode is the byte labelOf decodes to l.
func labelCode(l Label) (byte, bool) {
	for c := byte(0); c < 4; c++ {
		if labelOf(c) == l {
			return c, true
		}
	}
	return 0, false
}

// strList is a list of strings of the pool: their refs, 4 bytes each.
type strList struct {
	refs string
	pool pool
}

func (l *strList) len() int { return len(l.refs) / 4 }

func (l *strList) at(i int) string { return l.pool.str(le32(l.refs, 4*i)) }

// setHash chooses the slot of a word of a list (w is not empty): from its
// length and its first, middle and last bytes, which tell the words of a
// list apart almost always and cost three loads.
func setHash(w string) uint32 {
	h := uint32(len(w)) | uint32(w[0])<<8 | uint32(w[len(w)/2])<<16 | uint32(w[len(w)-1])<<24
	return (h * 0x9E3779B1) >> 16
}

// probe reports whether the slots (a table of a power of two slots, at
// most half full: see setHash) hold w, which is not empty.
func (l *strList) probe(w string) bool {
	n := l.len()
	mask := n - 1
	i := int(setHash(w)) & mask
	for k := 0; k < n; k++ {
		ref := le32(l.refs, 4*i)
		if ref == 0 {
			return false
		}
		if l.pool.str(ref) == w {
			return true
		}
		i = (i + 1) & mask
	}
	return false
}

// lexicon is the sections of the data, as the header gives them.
type lexicon struct {
	lex, upper hashTable
	entries    entryTable
	lists      string
	words      string
	pool       pool
}

var errLexicon = errors.New("entity: lexicon data is malformed (regenerate with go generate ./entity)")

// openLexicon finds the sections of data. It checks their bounds, so that
// every lookup stays inside data, and reads nothing else.
func openLexicon(data string) (*lexicon, error) {
	hdrEnd := len(lexiconMagic) + 4*hdrLen
	if len(data) < hdrEnd || data[:len(lexiconMagic)] != lexiconMagic {
		return nil, errLexicon
	}
	h := func(i int) int { return int(le32(data, len(lexiconMagic)+4*i)) }
	var l lexicon
	var lex, upper, entries, pl string
	for _, s := range []struct {
		off, n, size int
		dst          *string
	}{
		{h(hdrLexOff), h(hdrLexSlots), slotSize, &lex},
		{h(hdrUpperOff), h(hdrUpperSlots), slotSize, &upper},
		{h(hdrEntriesOff), h(hdrEntries), entrySize, &entries},
		{h(hdrListsOff), h(hdrLists), listSize, &l.lists},
		{h(hdrWordsOff), h(hdrWords), 4, &l.words},
		{h(hdrPoolOff), h(hdrPoolLen), 1, &pl},
	} {
		if s.off < hdrEnd || s.n < 0 || s.off > len(data) || s.n > (len(data)-s.off)/s.size {
			return nil, errLexicon
		}
		*s.dst = data[s.off : s.off+s.n*s.size]
	}
	if h(hdrLexBits) > 32 || h(hdrUpperBits) > 32 || pl == "" || pl[0] != 0 {
		return nil, errLexicon
	}
	l.lex = hashTable{slots: lex, shift: uint(64 - h(hdrLexBits))}
	l.upper = hashTable{slots: upper, shift: uint(64 - h(hdrUpperBits))}
	l.pool = pool(pl)
	l.entries = entryTable{recs: entries, pool: l.pool}
	if err := l.checkRefs(); err != nil {
		return nil, err
	}
	return &l, nil
}

// checkRefs checks that the home slots are inside the tables (each ends
// in an empty slot) and that the lists' words are inside words. (Refs
// into the pool are not checked: a bad one would panic when read; the
// tests read every one.)
func (l *lexicon) checkRefs() error {
	for _, t := range []hashTable{l.lex, l.upper} {
		n := len(t.slots) / slotSize
		if n == 0 || le64(t.slots, (n-1)*slotSize) != emptyKey || t.shift < 64 && int(^uint64(0)>>t.shift) >= n {
			return errLexicon
		}
	}
	nWords := len(l.words) / 4
	for i := 0; i < len(l.lists)/listSize; i++ {
		o := i * listSize
		lo, n := int(le32(l.lists, o+4)), int(le32(l.lists, o+8))
		slotLo, slots := int(le32(l.lists, o+12)), int(le32(l.lists, o+16))
		if lo > nWords || n > nWords-lo || slotLo > nWords || slots > nWords-slotLo || slots&(slots-1) != 0 {
			return fmt.Errorf("%w: list %d", errLexicon, i)
		}
	}
	return nil
}

// list returns list i's name and words, and its filters in set.
func (l *lexicon) list(i int, set *wordSet) string {
	o := i * listSize
	lo, n := int(le32(l.lists, o+4)), int(le32(l.lists, o+8))
	slotLo, slots := int(le32(l.lists, o+12)), int(le32(l.lists, o+16))
	set.words = strList{refs: l.words[4*lo : 4*(lo+n)], pool: l.pool}
	set.slots = strList{refs: l.words[4*slotLo : 4*(slotLo+slots)], pool: l.pool}
	for k := 0; k < 32; k++ {
		set.first[k] = le32(l.lists, o+20+4*k)
		set.last[k] = le32(l.lists, o+20+128+4*k)
	}
	return l.pool.str(le32(l.lists, o))
}
