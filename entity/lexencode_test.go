package entity

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"sort"
)

// encodeLexicon writes the lexicon data that tables.go reads (its comment
// gives the layout). The output depends on the source alone, so that the
// same lists always make the same bytes.
func encodeLexicon(x *lexSource) ([]byte, error) {
	p := newPoolWriter()
	lexBits, lex, err := encodeTable(x.lexSlots())
	if err != nil {
		return nil, fmt.Errorf("lex: %w", err)
	}
	upperBits, upper, err := encodeTable(x.upperSlots())
	if err != nil {
		return nil, fmt.Errorf("upper: %w", err)
	}
	entries := make([]byte, 0, len(x.entries)*entrySize)
	for _, e := range x.entries {
		if entries, err = x.appendEntry(entries, e, p); err != nil {
			return nil, err
		}
	}
	lists, words, err := x.encodeLists(p)
	if err != nil {
		return nil, err
	}
	if p.err != nil {
		return nil, p.err
	}
	hdr := make([]uint32, hdrLen)
	hdr[hdrLexBits], hdr[hdrUpperBits] = uint32(lexBits), uint32(upperBits)
	out := make([]byte, len(lexiconMagic)+4*hdrLen)
	copy(out, lexiconMagic)
	for _, s := range []struct {
		off, n int
		data   []byte
		size   int
	}{
		{hdrLexOff, hdrLexSlots, lex, slotSize},
		{hdrUpperOff, hdrUpperSlots, upper, slotSize},
		{hdrEntriesOff, hdrEntries, entries, entrySize},
		{hdrListsOff, hdrLists, lists, listSize},
		{hdrWordsOff, hdrWords, words, 4},
		{hdrPoolOff, hdrPoolLen, p.data, 1},
	} {
		// (tables start on a 64-byte line of the data)
		for len(out)%64 != 0 {
			out = append(out, 0)
		}
		hdr[s.off], hdr[s.n] = uint32(len(out)), uint32(len(s.data)/s.size)
		out = append(out, s.data...)
	}
	for i, v := range hdr {
		binary.LittleEndian.PutUint32(out[len(lexiconMagic)+4*i:], v)
	}
	return out, nil
}

// slot is one slot of a hashTable before it is written.
type slot struct {
	key  uint64
	a, b uint32
}

func (x *lexSource) lexSlots() []slot {
	out := make([]slot, 0, len(x.lex))
	for k, e := range x.lex {
		out = append(out, slot{k, e.f, uint32(e.p)})
	}
	return out
}

func (x *lexSource) upperSlots() []slot {
	out := make([]slot, 0, len(x.upper))
	for k, idx := range x.upper {
		out = append(out, slot{k, uint32(idx), 0})
	}
	return out
}

// encodeTable lays out an ordered hashTable (tables.go) of 2^bits home
// slots, at most three quarters full, and the slots that the last keys
// spill into past them, and an empty slot at the end.
func encodeTable(slots []slot) (bits int, out []byte, err error) {
	for 4*len(slots) > 3<<bits {
		bits++
	}
	for i := range slots {
		slots[i].key *= mixMul
		if slots[i].key == emptyKey {
			return 0, nil, fmt.Errorf("a key mixes to the empty key")
		}
	}
	sort.Slice(slots, func(i, j int) bool { return slots[i].key < slots[j].key })
	n := 1 << bits
	pos := make([]int, len(slots))
	next := 0
	for i, s := range slots {
		home := int(s.key >> (64 - bits)) // (0 when bits is 0)
		pos[i] = max(home, next)
		next = pos[i] + 1
	}
	n = max(n, next) + 1 // the last slot stays empty
	out = make([]byte, n*slotSize)
	for i := 0; i < n; i++ {
		binary.LittleEndian.PutUint64(out[i*slotSize:], emptyKey)
	}
	for i, s := range slots {
		o := pos[i] * slotSize
		binary.LittleEndian.PutUint64(out[o:], s.key)
		binary.LittleEndian.PutUint32(out[o+8:], s.a)
		binary.LittleEndian.PutUint32(out[o+12:], s.b)
	}
	return bits, out, nil
}

// appendEntry appends the record of entry e.
func (x *lexSource) appendEntry(out []byte, e srcEntry, p *poolWriter) ([]byte, error) {
	label, ok := labelCode(e.label)
	if !ok {
		return nil, fmt.Errorf("entry %q: label %q", e.name, e.label)
	}
	country, region := x.locate(e)
	out = append(out, byte(e.kind), label, 0, 0)
	for _, s := range []string{e.canon, e.name, country, region} {
		out = binary.LittleEndian.AppendUint32(out, p.ref(s))
	}
	return out, nil
}

// encodeLists writes the word lists in the order wordLists reads them:
// setFiles, then placeSuffixesList (in file order) and lowerTitlesList.
func (x *lexSource) encodeLists(p *poolWriter) (lists, words []byte, err error) {
	type list struct {
		name    string
		entries []string
	}
	var all []list
	for _, f := range (&wordLists{}).setFiles() {
		all = append(all, list{f.name, sortedSet(x.listEntries(f.name))})
	}
	all = append(all,
		list{placeSuffixesList, x.listEntries(placeSuffixesList)},
		list{lowerTitlesList, slices.Sorted(maps.Keys(x.lowerTitles))})
	if x.err != nil {
		return nil, nil, x.err
	}
	for _, l := range all {
		var first, last [32]uint32
		lo := len(words) / 4
		for _, w := range l.entries {
			first[w[0]&31] |= 1 << (len(w) & 31)
			last[w[len(w)-1]&31] |= 1 << (len(w) & 31)
			words = binary.LittleEndian.AppendUint32(words, p.ref(w))
		}
		slotLo := len(words) / 4
		slots := setSlots(l.entries, p)
		for _, ref := range slots {
			words = binary.LittleEndian.AppendUint32(words, ref)
		}
		for _, v := range []int{int(p.ref(l.name)), lo, len(l.entries), slotLo, len(slots)} {
			lists = binary.LittleEndian.AppendUint32(lists, uint32(v))
		}
		for _, v := range append(first[:], last[:]...) {
			lists = binary.LittleEndian.AppendUint32(lists, v)
		}
	}
	return lists, words, nil
}

// setSlots lays out the open-addressing table of a list's words (the
// refs; 0 is an empty slot): a power of two slots, at most half full,
// each word at the first free slot from setHash (strList.probe).
func setSlots(entries []string, p *poolWriter) []uint32 {
	n := 1
	for n < 2*len(entries) {
		n *= 2
	}
	slots := make([]uint32, n)
	for _, w := range entries {
		i := int(setHash(w)) & (n - 1)
		for slots[i] != 0 && slots[i] != p.ref(w) {
			i = (i + 1) & (n - 1)
		}
		slots[i] = p.ref(w)
	}
	return slots
}

// sortedSet returns the entries sorted, without repeats.
func sortedSet(entries []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(entries)))
}

// poolWriter collects the strings of the data, each once.
type poolWriter struct {
	data []byte
	refs map[string]uint32
	err  error
}

func newPoolWriter() *poolWriter {
	return &poolWriter{data: []byte{0}, refs: map[string]uint32{"": 0}}
}

// ref returns the ref of s (tables.go: pool).
func (p *poolWriter) ref(s string) uint32 {
	if r, ok := p.refs[s]; ok {
		return r
	}
	if len(s) > 255 && p.err == nil {
		p.err = fmt.Errorf("%.40q...: longer than 255 bytes", s)
	}
	r := uint32(len(p.data))
	p.data = append(append(p.data, byte(len(s))), s...)
	p.refs[s] = r
	return r
}
