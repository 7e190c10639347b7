package entity

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// checkSpans asserts the invariants every result must satisfy.
func checkSpans(t testing.TB, text string, spans []Span) {
	t.Helper()
	prevEnd := 0
	for i, s := range spans {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
			t.Fatalf("span %d out of bounds or empty: [%d,%d) len %d", i, s.Start, s.End, len(text))
		}
		if s.Start < prevEnd {
			t.Fatalf("span %d [%d,%d) overlaps or precedes previous end %d", i, s.Start, s.End, prevEnd)
		}
		if !utf8.RuneStart(text[s.Start]) || (s.End < len(text) && !utf8.RuneStart(text[s.End])) {
			t.Fatalf("span %d [%d,%d) not on rune boundaries", i, s.Start, s.End)
		}
		if s.Text != text[s.Start:s.End] {
			t.Fatalf("span %d Text %q != text[%d:%d] %q", i, s.Text, s.Start, s.End, text[s.Start:s.End])
		}
		if s.Label != Person && s.Label != Place && s.Label != Org && s.Label != Unknown {
			t.Fatalf("span %d has label %q", i, s.Label)
		}
		if s.Canonical == "" {
			t.Fatalf("span %d %q has no canonical name", i, s.Text)
		}
		prevEnd = s.End
	}
}

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type want struct {
	label Label
	text  string
	canon string // "" = same as text
}

// found reports which wanted entities appear among the spans.
func assertFound(t *testing.T, spans []Span, wants []want) {
	t.Helper()
	for _, w := range wants {
		canon := w.canon
		if canon == "" {
			canon = w.text
		}
		ok := false
		for _, s := range spans {
			if s.Text == w.text && s.Label == w.label && s.Canonical == canon {
				ok = true
				break
			}
		}
		if !ok {
			t.Errorf("missing %s %q (canonical %q)", w.label, w.text, canon)
		}
	}
}

func assertAbsent(t *testing.T, spans []Span, texts ...string) {
	t.Helper()
	for _, x := range texts {
		for _, s := range spans {
			if s.Text == x {
				t.Errorf("unexpected span %s %q", s.Label, s.Text)
			}
		}
	}
}

func TestSeedArticle(t *testing.T) {
	text := readTestdata(t, "seed.txt")
	spans := Extract(text)
	checkSpans(t, text, spans)
	assertFound(t, spans, []want{
		{Person, "Taro Kono", ""},
		{Person, "Mark Esper", ""},
		{Person, "Jeong Kyeong-doo", ""},
		{Person, "Esper", "Mark Esper"},
		{Person, "Kono", "Taro Kono"},
		{Person, "Jeong", "Jeong Kyeong-doo"},
		{Place, "Tokyo", ""},
		{Place, "Seoul", ""},
		{Place, "Bangkok", ""},
		{Place, "Okinawa", ""},
		{Place, "Korean Peninsula", ""},
		{Place, "Kadena Air Base", ""},
		{Place, "United States", ""},
		{Place, "US", "United States"},
		{Place, "South Korea", ""},
		{Org, "ASEAN", "Association of Southeast Asian Nations"},
		{Org, "Association of Southeast Asian Nations", ""},
		{Org, "Kyodo News", ""},
		// the demonym only says whose ministry it is (the label
		// convention of the dev corpus, and CoNLL's)
		{Org, "Defense Ministry", ""},
	})
	// Titles are not part of names; demonyms and titles alone are not entities.
	assertAbsent(t, spans, "Defense Minister Taro Kono", "Japanese", "Japanese Defense Ministry", "Defense Secretary", "South Korean",
		"Friday Esper", "Monday", "Saturday")
	// GSOMIA names an agreement, which is not a PERSON/PLACE/ORG.
	assertAbsent(t, spans, "GSOMIA")
}

func TestNewsSample(t *testing.T) {
	text := readTestdata(t, "news.txt")
	spans := Extract(text)
	checkSpans(t, text, spans)
	assertFound(t, spans, []want{
		{Place, "BEIJING", "Beijing"},
		{Person, "Wang Yi", ""},
		{Person, "Wang", "Wang Yi"},
		{Place, "Kuala Lumpur", ""},
		{Org, "Foreign Ministry", ""},
		{Person, "Prabowo Subianto", ""},
		{Person, "Anwar Ibrahim", ""},
		{Person, "Mao Ning", ""},
		{Org, "ASEAN", "Association of Southeast Asian Nations"},
		{Place, "South China Sea", ""},
		{Place, "SEOUL", "Seoul"},
		{Org, "Yonhap", ""},
		{Org, "Defense Ministry", ""},
		{Place, "Korean Peninsula", ""},
		{Org, "International Atomic Energy Agency", ""},
		{Org, "Tokyo Electric Power Company", ""},
		{Person, "Anthony Albanese", ""},
		{Person, "Albanese", "Anthony Albanese"},
		{Org, "Pacific Islands Forum", ""},
		{Org, "Asian Development Bank", ""},
		{Org, "Philippine Coast Guard", ""},
		{Place, "Second Thomas Shoal", ""},
		{Person, "Jay Tarriela", ""},
		{Person, "Modi", "Narendra Modi"},
		{Org, "Press Trust of India", ""},
		{Org, "Xinhua News Agency", "Xinhua"},
		{Person, "Li Qiang", ""},
		{Org, "State Council", ""},
		{Place, "Guangdong", ""},
		{Person, "Moon Jae-in", ""},
		{Person, "Shigeru Ishiba", ""},
		{Org, "World Health Organization", ""},
		{Org, "UNICEF", ""},
		{Place, "Chiang Mai", ""},
		{Org, "Department of Special Investigation", ""},
		{Person, "Somchai Boonmee", ""},
	})
	assertAbsent(t, spans, "Thai", "Chinese", "Indonesian President", "Malaysian", "Vietnamese", "Australian")
}

func TestRules(t *testing.T) {
	cases := []struct {
		text   string
		wants  []want
		absent []string
	}{
		{"Iran said on Tuesday it would resume enrichment.", []want{{Place, "Iran", ""}}, nil},
		{"Japanese officials met South Korean diplomats.", nil, []string{"Japanese", "South Korean"}},
		{"The President said the Defense Minister would resign.", nil, []string{"President", "Defense Minister", "The President"}},
		{"Mr. Kim met Gen. Park Sung-woo and President Xi Jinping in Beijing.",
			[]want{{Person, "Kim", ""}, {Person, "Park Sung-woo", ""}, {Person, "Xi Jinping", ""}, {Place, "Beijing", ""}},
			[]string{"Mr. Kim", "Gen. Park Sung-woo"}},
		{"The Ministry of Foreign Affairs of Japan issued a statement.", []want{{Org, "Ministry of Foreign Affairs of Japan", ""}}, nil},
		{"The Bank of Japan kept rates on hold.", []want{{Org, "Bank of Japan", ""}}, nil},
		{"Officials from the Pan Pacific Fisheries Organization (PPFO) met. PPFO said catches fell.",
			[]want{{Org, "Pan Pacific Fisheries Organization", ""}, {Org, "PPFO", "Pan Pacific Fisheries Organization"}}, nil},
		{"U.S.-led forces and NATO-backed troops crossed the border.", nil, []string{"U.S.", "NATO-backed", "NATO"}},
		{"Clashes erupted in South Darfur and the Gaza Strip.", []want{{Place, "South Darfur", ""}, {Place, "Gaza Strip", ""}}, nil},
		{"Secretary of State Condoleezza Rice arrived. Rice said talks went well.",
			[]want{{Person, "Condoleezza Rice", ""}, {Person, "Rice", "Condoleezza Rice"}}, []string{"Secretary of State Condoleezza Rice"}},
		{"The People’s Liberation Army and the Workers' Party of Korea met in Hong Kong SAR.",
			[]want{{Org, "People’s Liberation Army", "People's Liberation Army"}, {Org, "Workers' Party of Korea", ""}, {Place, "Hong Kong SAR", ""}}, nil},
		{"State Councilor Wang Yi met Vice-Premier Liu He.", []want{{Person, "Wang Yi", ""}, {Person, "Liu He", ""}}, nil},
		{"Pressure Kept On Seoul For Intelligence Pact With Japan", []want{{Place, "Seoul", ""}, {Place, "Japan", ""}},
			[]string{"Pressure Kept", "Intelligence Pact", "Pressure"}},
		{"JAPAN'S PRIME MINISTER FUMIO KISHIDA SAID ON WEDNESDAY THAT TOKYO WOULD ACT.",
			[]want{{Place, "JAPAN", "Japan"}, {Person, "FUMIO KISHIDA", "Fumio Kishida"}, {Place, "TOKYO", "Tokyo"}},
			[]string{"FUMIO KISHIDA SAID", "SAID", "WEDNESDAY", "ACT"}},
		{"Lula da Silva met Osama bin Laden's envoy.", []want{{Person, "Lula da Silva", ""}, {Person, "Osama bin Laden", ""}}, []string{"da Silva"}},
		{"Typhoon Hagibis hit Tokyo during World War II commemorations.", []want{{Place, "Tokyo", ""}}, []string{"Typhoon Hagibis", "World War II"}},
	}
	for _, c := range cases {
		spans := Extract(c.text)
		checkSpans(t, c.text, spans)
		t.Run(c.text[:min(30, len(c.text))], func(t *testing.T) {
			assertFound(t, spans, c.wants)
			assertAbsent(t, spans, c.absent...)
		})
	}
}

func TestMultiByteOffsets(t *testing.T) {
	text := "文在寅 (Moon Jae-in) met 習近平 (Xi Jinping) in Seoul — “Tokyo” is next; 서울 (Seoul) too. Café owner José Ramírez spoke in Ürümqi."
	spans := Extract(text)
	checkSpans(t, text, spans)
	assertFound(t, spans, []want{
		{Person, "Moon Jae-in", ""}, {Person, "Xi Jinping", ""}, {Place, "Seoul", ""}, {Place, "Tokyo", ""}, {Person, "José Ramírez", ""},
	})
}

func TestBadInput(t *testing.T) {
	big := func(unit string, n int) string { return strings.Repeat(unit, n/len(unit)+1)[:n] }
	inputs := map[string]string{
		"empty":             "",
		"space":             " \n\t ",
		"no spaces lower":   big("a", 10<<20),
		"no spaces upper":   big("A", 10<<20),
		"no spaces mixed":   big("AbCdEfGh", 10<<20),
		"no spaces dotted":  big("U.S.", 10<<20),
		"no spaces punct":   big(".,;:'\"-()", 10<<20),
		"no spaces hyphen":  big("Seoul-", 10<<20),
		"all caps":          "SEOUL, Nov 19 (Yonhap) - SOUTH KOREA'S DEFENSE MINISTER JEONG KYEONG-DOO MET JAPANESE OFFICIALS IN TOKYO ON MONDAY.",
		"every capitalised": strings.Repeat("The Quick Brown Fox Jumps Over The Lazy Dog In Seoul And Tokyo With Mark Esper. ", 200),
		"invalid utf8":      "Seoul\xff\xfe Tokyo \xc3\x28 Mark \xe2\x82 Esper \x80Kono\xbf said.",
		"nul bytes":         "Seoul\x00Tokyo\x00\x00 Mark Esper",
		"only apostrophes":  strings.Repeat("'s ", 1000),
		"control chars":     "\x1b[31mSeoul\x1b[0m and \u202eTokyo\u202c with \u200bMark Esper",
		"mixed scripts":     "문재인 대통령 Moon Jae-in 习近平 Xi Jinping Москва Moscow القاهرة Cairo",
		// many short words: every one a token
		"repeated place":    big("Seoul ", 2<<20),
		"repeated initials": big("A. ", 2<<20),
		"repeated titles":   big("President ", 2<<20),
		"repeated names":    big("Mark Esper met Taro Kono in Tokyo. ", 2<<20),
		"repeated of":       big("Bank of ", 2<<20),
		"repeated words":    big("a ", 2<<20),
	}
	for name, text := range inputs {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			spans := Extract(text)
			checkSpans(t, text, spans)
			if el := time.Since(start); el > 20*time.Second {
				t.Errorf("took %v", el)
			}
		})
	}
	// All caps: the capital is still found.
	spans := Extract(inputs["all caps"])
	assertFound(t, spans, []want{{Place, "SEOUL", "Seoul"}, {Place, "TOKYO", "Tokyo"}})
}

func TestDeterministicAndConcurrent(t *testing.T) {
	text := readTestdata(t, "seed.txt") + "\n\n" + readTestdata(t, "news.txt")
	first := Extract(text)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				if got := Extract(text); !reflect.DeepEqual(got, first) {
					t.Error("results differ between calls")
					return
				}
			}
		}()
	}
	wg.Wait()
	// A fresh Extractor gives the same answer as the shared one.
	if got := NewExtractor().Extract(text); !reflect.DeepEqual(got, first) {
		t.Error("NewExtractor differs from Default")
	}
}

// TestDataListsPresent: every list the lexicon is made from is there and
// not empty (the size of what they make, and that the tables hold it, is
// TestTablesMatchSource's).
func TestDataListsPresent(t *testing.T) {
	for _, name := range []string{"countries.tsv", "places.tsv", "firstnames.txt", "surnames.txt", "words.txt", "handmade.txt", "demonyms.txt", "propers.txt", "orgs-compromise.txt", "persons-compromise.txt"} {
		b, err := os.ReadFile("data/" + name)
		if err != nil || len(bytes.TrimSpace(b)) == 0 {
			t.Errorf("data/%s missing or empty: %v", name, err)
		}
	}
}
