package datetime

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// Fields stands in for time.Parse on "YYYY-MM-DD HH:MM:SS".
func TestFieldsMatchesTimeParse(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 50000 {
		s := fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", []int{1900, 2000, 2019, 2020, 2100, 0, 9999, 1600}[rng.IntN(8)]+rng.IntN(5),
			rng.IntN(14), rng.IntN(33), rng.IntN(26), rng.IntN(62), rng.IntN(62))
		y, mo, d, h, mi, sec, ok := Fields(s)
		for _, layout := range []string{"2006-01-02 15:04:05", "2006-1-2 15:04:05"} {
			want, err := time.Parse(layout, s)
			if ok != (err == nil) {
				t.Fatalf("%q: ok %v, time.Parse(%q) error %v", s, ok, layout, err)
			}
			if ok && !reflect.DeepEqual(time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC), want) {
				t.Fatalf("%q: %v, time.Parse %v", s, time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC), want)
			}
		}
	}
}

func TestFieldsRejectsOtherShapes(t *testing.T) {
	for _, s := range []string{"", "2019-11-19", "2019-11-19T09:27:00", "2019-11-19 09:27:00Z", " 2019-11-19 09:27:00",
		"2019-1-19 09:27:000", "2019/11/19 09:27:00", "２019-11-19 09:27:00"} {
		if _, _, _, _, _, _, ok := Fields(s); ok {
			t.Errorf("Fields(%q) accepted", s)
		}
	}
}
