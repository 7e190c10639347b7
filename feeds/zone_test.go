package feeds

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// parseZoneless rejects early what no zoneless layout reads; the answer
// must be the layouts' own.
func TestParseZonelessPrefilter(t *testing.T) {
	pieces := []string{"2019", "-", "11", "/", "1", " ", ":", "T", ".", ",", "5", "Z", "+08:00", "GMT", "Mon", "00", "9"}
	rng := rand.New(rand.NewPCG(17, 18))
	for range 30000 {
		var b strings.Builder
		for n := 1 + rng.IntN(12); n > 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		got, gotOK := parseZoneless(s, Shanghai())
		var want time.Time
		wantOK := false
		if ts := strings.TrimSpace(s); len(ts) >= 8 && ts[0] >= '0' && ts[0] <= '9' {
			for _, layout := range zonelessLayouts {
				if v, err := time.ParseInLocation(layout, ts, Shanghai()); err == nil {
					want, wantOK = v, true
					break
				}
			}
		}
		if gotOK != wantOK || !got.Equal(want) || got.Location() != want.Location() {
			t.Fatalf("parseZoneless(%q) = %v %v, layouts give %v %v", s, got, gotOK, want, wantOK)
		}
	}
}

// parseZoneless reads "YYYY-MM-DD HH:MM:SS" without time.Parse
// (datetime.Fields); it must give what time.ParseInLocation gives.
func TestParseZonelessDateTimeShortcut(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 50000 {
		s := fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", []int{1900, 2000, 2019, 2020, 2100, 0, 9999, 1600}[rng.IntN(8)]+rng.IntN(5),
			rng.IntN(14), rng.IntN(33), rng.IntN(26), rng.IntN(62), rng.IntN(62))
		want, err := time.ParseInLocation("2006-01-02 15:04:05", s, Shanghai())
		if err != nil {
			continue
		}
		if got, ok := parseZoneless(s, Shanghai()); !ok || !reflect.DeepEqual(got, want) {
			t.Fatalf("parseZoneless(%q) = %v %v, time.ParseInLocation %v", s, got, ok, want)
		}
	}
}
