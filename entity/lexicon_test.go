package entity

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var updateLexicon = flag.Bool("update-lexicon", false, "rewrite lexicon.bin from data/ (what go generate ./entity runs)")

const lexiconFile = "lexicon.bin"

// textSource reads data/ once for the tests that need it.
var textSource = sync.OnceValues(func() (*lexSource, error) {
	return buildSource(os.DirFS("data"))
})

func mustTextSource(tb testing.TB) *lexSource {
	tb.Helper()
	src, err := textSource()
	if err != nil {
		tb.Fatalf("reading data/: %v", err)
	}
	return src
}

// TestLexiconFile: the checked-in lexicon.bin is what data/ makes, byte
// for byte, and making it twice gives the same bytes. With
// -update-lexicon (go generate ./entity) it writes the file instead.
func TestLexiconFile(t *testing.T) {
	src := mustTextSource(t)
	b, err := encodeLexicon(src)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := encodeLexicon(src); err != nil || !bytes.Equal(again, b) {
		t.Fatalf("encoding the same lists twice gave different bytes (%v)", err)
	}
	if *updateLexicon {
		if err := os.WriteFile(lexiconFile, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s: %d bytes", lexiconFile, len(b))
		return
	}
	if string(b) != lexiconData {
		i := 0
		for i < len(b) && i < len(lexiconData) && b[i] == lexiconData[i] {
			i++
		}
		t.Errorf("%s (%d bytes) is not what data/ makes (%d bytes; first difference at byte %d): run go generate ./entity and commit it",
			lexiconFile, len(lexiconData), len(b), i)
	}
}

// TestTablesMatchSource: every word, phrase and entry of the maps that
// the text lists give reads the same from the tables, and words that are
// not in them are not found.
func TestTablesMatchSource(t *testing.T) {
	src := mustTextSource(t)
	if src.collisions != 0 {
		t.Errorf("%d fingerprint collisions between stored words", src.collisions)
	}
	if len(src.countries) < 240 || len(src.lex) < 100000 {
		t.Errorf("lists too small: %d countries, %d words and phrases", len(src.countries), len(src.lex))
	}
	x := Default()
	bad := 0
	report := func(format string, args ...any) {
		if bad++; bad <= 20 {
			t.Errorf(format, args...)
		}
	}
	for k, want := range src.lex {
		if got, ok := x.lookup(k); !ok || got != want {
			report("lex %x: %+v %v, want %+v", k, got, ok, want)
		}
	}
	for k, want := range src.upper {
		if got, ok := x.lookupUpperHash(k); !ok || got != want {
			report("upper %x: %d %v, want %d", k, got, ok, want)
		}
	}
	// Keys that are not stored: fingerprints of made-up words.
	for i := 0; i < 200000; i++ {
		h := hashOf("absent " + strconv.Itoa(i))
		_, inLex := src.lex[h]
		_, inUpper := src.upper[h]
		if _, ok := x.lookup(h); ok != inLex {
			report("lex %x found: %v, stored: %v", h, ok, inLex)
		}
		if _, ok := x.lookupUpperHash(h); ok != inUpper {
			report("upper %x found: %v, stored: %v", h, ok, inUpper)
		}
	}
	if x.entries.len() != len(src.entries) {
		t.Fatalf("%d entries, want %d", x.entries.len(), len(src.entries))
	}
	for i, e := range src.entries {
		idx := int32(i)
		country, region := x.entries.place(idx)
		wantCountry, wantRegion := src.locate(e)
		if x.entries.at(idx) != e.entry || x.entries.name(idx) != e.name || country != wantCountry || region != wantRegion {
			report("entry %d: %+v %q %q %q, want %+v", i, x.entries.at(idx), x.entries.name(idx), country, region, e)
		}
	}
	for name, want := range src.byCanon {
		if got, ok := x.canonIndex(name); !ok || got != want {
			report("canon %q: %d %v, want %d", name, got, ok, want)
		}
	}
}

// TestWordListsMatchSource: the word lists in the tables are the lists of
// data/lists, with the same filters, and a set has its words and no word
// of the other lists.
func TestWordListsMatchSource(t *testing.T) {
	src := mustTextSource(t)
	x := Default()
	var every []string
	for _, l := range src.lists {
		for _, w := range l {
			every = append(every, w, strings.ToUpper(w), w+"s", w[:len(w)-1])
		}
	}
	check := func(name string, s *wordSet, want []string) {
		if got := s.entries(); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
		var first, last [32]uint32
		for _, w := range want {
			first[w[0]&31] |= 1 << (len(w) & 31)
			last[w[len(w)-1]&31] |= 1 << (len(w) & 31)
			if !s.has(w) {
				t.Errorf("%s: has(%q) is false", name, w)
			}
		}
		if first != s.first || last != s.last {
			t.Errorf("%s: filters differ", name)
		}
		for _, w := range every {
			if _, in := slices.BinarySearch(want, w); s.has(w) != in {
				t.Errorf("%s: has(%q) is %v", name, w, !in)
			}
		}
	}
	for _, f := range x.lists.setFiles() {
		check(f.name, f.set, sortedSet(src.listEntries(f.name)))
	}
	check(lowerTitlesList, &x.lowerTitles, slices.Sorted(maps.Keys(src.lowerTitles)))
	if want := src.listEntries(placeSuffixesList); !slices.Equal(x.lists.placeSuffixes, want) {
		t.Errorf("%s: %q, want %q", placeSuffixesList, x.lists.placeSuffixes, want)
	}
}

// TestOpenLexiconRejectsBadData: cut or damaged data is an error from
// newExtractor, not a panic or a read out of bounds later.
func TestOpenLexiconRejectsBadData(t *testing.T) {
	d := lexiconData
	hdr := len(lexiconMagic)
	bad := map[string]string{
		"empty":       "",
		"magic":       "XXXXXXXX" + d[hdr:],
		"header only": d[:hdr+4*hdrLen],
		"half":        d[:len(d)/2],
		"last byte":   d[:len(d)-1],
		// the lex table said to start past the end of the data
		"offset": d[:hdr+4*hdrLexOff] + "\xff\xff\xff\x7f" + d[hdr+4*hdrLexOff+4:],
	}
	for name, data := range bad {
		if _, err := newExtractor(data); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := newExtractor(d); err != nil {
		t.Fatal(err)
	}
}

// sourceLocate is Locate as it read the maps.
func (x *lexSource) sourceLocate(canonical string) (country, region string, ok bool) {
	name := normPhrase(canonical)
	for {
		if idx, found := x.byCanon[name]; found {
			if country, region := x.locate(x.entries[idx]); region != "" {
				return country, region, true
			}
		}
		first, rest, more := strings.Cut(name, " ")
		if !more || x.flags(first)&wDirection == 0 {
			return "", "", false
		}
		name = rest
	}
}

// TestLocateMatchesSource: Locate answers as it did from the maps, for
// every name of the gazetteer, with a direction word before it, and in
// other cases.
func TestLocateMatchesSource(t *testing.T) {
	src := mustTextSource(t)
	x := Default()
	names := []string{"", "  South   Korea ", "South Darfur", "Central U.S.", "North South", "Nowhere At All", "Seoul’s"}
	for name := range src.byCanon {
		names = append(names, name, "South "+name, "Northern "+name, strings.ToUpper(name))
	}
	bad := 0
	for _, n := range names {
		c, r, ok := x.Locate(n)
		wc, wr, wok := src.sourceLocate(n)
		if c != wc || r != wr || ok != wok {
			if bad++; bad <= 20 {
				t.Errorf("Locate(%q) = %q %q %v, want %q %q %v", n, c, r, ok, wc, wr, wok)
			}
		}
	}
}

// footprintEnv makes the test binary, run again by
// TestNewExtractorFootprint, measure one way of making the lexicon.
const footprintEnv = "ENTITY_FOOTPRINT"

// TestNewExtractorFootprint: making an Extractor in a fresh process takes
// at most 10 ms and adds at most 10 MB of resident memory (VmRSS before
// and after, in a child process: the test binary run again). Reading the
// text lists the old way is measured beside it unless -short.
func TestNewExtractorFootprint(t *testing.T) {
	if mode := os.Getenv(footprintEnv); mode != "" {
		footprintChild(t, mode)
		return
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc/self/status here: resident memory is not measured")
	}
	var el time.Duration
	var rss, rssExtract int64
	// A loaded machine can stall a process for 10 ms: up to three tries.
	for try := 0; try < 3; try++ {
		el, rss, rssExtract = runFootprint(t, "tables")
		if el <= 10*time.Millisecond {
			break
		}
	}
	t.Logf("NewExtractor: %v, +%.1f MB resident (+%.1f MB after one sentence extracted)", el, mb(rss), mb(rssExtract))
	if el > 10*time.Millisecond {
		t.Errorf("NewExtractor took %v, want at most 10 ms", el)
	}
	if rss > 10<<20 {
		t.Errorf("NewExtractor added %.1f MB resident, want at most 10 MB", mb(rss))
	}
	if testing.Short() {
		return
	}
	oldEl, oldRSS, _ := runFootprint(t, "text")
	t.Logf("reading data/ the old way: %v, +%.1f MB resident (%.0fx the time, %.0fx the memory)",
		oldEl, mb(oldRSS), float64(oldEl)/float64(max(el, 1)), float64(oldRSS)/float64(max(rss, 1)))
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

// runFootprint runs the test binary again to measure mode.
func runFootprint(t *testing.T, mode string) (el time.Duration, rss, rssExtract int64) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestNewExtractorFootprint$", "-test.count=1")
	cmd.Env = append(os.Environ(), footprintEnv+"="+mode)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		var ns int64
		if n, _ := fmt.Sscanf(strings.TrimSpace(l), "footprint ns=%d rss=%d rss-extract=%d", &ns, &rss, &rssExtract); n == 3 {
			return time.Duration(ns), rss, rssExtract
		}
	}
	t.Fatalf("no footprint line in the child's output:\n%s", out)
	return 0, 0, 0
}

// footprintChild measures one way of making the lexicon in this process
// and prints it.
func footprintChild(t *testing.T, mode string) {
	before := vmRSS(t)
	start := time.Now()
	var x *Extractor
	switch mode {
	case "tables":
		x = NewExtractor()
	case "text":
		mustTextSource(t)
		x = NewExtractor()
	default:
		t.Fatalf("%s=%s: unknown mode", footprintEnv, mode)
	}
	el := time.Since(start)
	after := vmRSS(t)
	x.Extract("Taro Kono met Mark Esper in Bangkok.")
	afterExtract := vmRSS(t)
	fmt.Printf("footprint ns=%d rss=%d rss-extract=%d\n", el.Nanoseconds(), after-before, afterExtract-before)
}

// vmRSS returns this process's resident memory in bytes.
func vmRSS(t *testing.T) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}

// BenchmarkBuildFromText is what NewExtractor cost before the lexicon was
// made at build time: reading the text lists into maps.
func BenchmarkBuildFromText(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := buildSource(os.DirFS("data")); err != nil {
			b.Fatal(err)
		}
	}
}
