package entity

import "testing"

// FuzzExtract checks the span invariants on arbitrary input: in bounds, on
// rune boundaries, ordered, non-overlapping, Text == text[Start:End].
// Seed corpus: the f.Add calls below and testdata/fuzz/FuzzExtract.
//
//	go test -run '^$' -fuzz FuzzExtract -fuzztime 60s ./entity
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"",
		"Defense Minister Taro Kono met Mark Esper in Bangkok. Kono said.",
		"SEOUL, Nov 19 (Yonhap) - ",
		"Association of Southeast Asian Nations (ASEAN)",
		"文在寅 (Moon Jae-in) 習近平 Xi Jinping",
		"U.S.-led U.N. A.B.C.D. Mr. W. Bush's al-Qaida O'Brien",
		"Seoul\xff\xfe Tokyo \xc3\x28 Mark \xe2\x82 Esper",
		"The Ministry of Foreign Affairs of the Republic of Korea and the",
		"South Darfur. North. South China Sea - Kadena Air Base",
	} {
		f.Add(s)
	}
	x := Default()
	f.Fuzz(func(t *testing.T, text string) {
		spans := x.Extract(text)
		checkSpans(t, text, spans)
	})
}
