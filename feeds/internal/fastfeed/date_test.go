package fastfeed

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// gfDate takes shortcuts for common date shapes; each must give what
// gofeed's own ParseDate gives (gfDateSlow), value and location.
func checkGFDate(t *testing.T, s string) {
	t.Helper()
	got, gotOK := gfDate(s)
	want, wantOK := gfDateSlow(strings.TrimSpace(s))
	if gotOK != wantOK || !reflect.DeepEqual(got, want) {
		t.Fatalf("gfDate(%q) = %v (%v, ok %v), gofeed %v (%v, ok %v)", s, got, got.Location(), gotOK, want, want.Location(), wantOK)
	}
}

func TestGFDateShortcutsMatchGofeed(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	digits := func(n, below int) string { return fmt.Sprintf("%0*d", n, rng.IntN(below)) }
	letters := func(n int) string {
		const a = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		b := make([]byte, n)
		for i := range b {
			b[i] = a[rng.IntN(len(a))]
		}
		return string(b)
	}
	days := []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "mon", "WED", "Xyz", "May", "Jan"}
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "jan", "DEC", "Foo"}
	zones := []string{"GMT", "UTC", "UT", "EST", "EDT", "CST", "PST", "CEST", "BST", "JST", "XYZ", "ABCD", "Z", "ZZZ", "MSK", "HKT"}
	pick := func(ss []string) string { return ss[rng.IntN(len(ss))] }
	for range 700 {
		y := fmt.Sprint(1990 + rng.IntN(40))
		shapes := []string{
			y + "-" + digits(2, 14) + "-" + digits(2, 33) + " " + digits(2, 25) + ":" + digits(2, 61) + ":" + digits(2, 61),
			y + "-" + digits(2, 13) + "-" + digits(2, 29) + "T" + digits(2, 24) + ":" + digits(2, 60) + ":" + digits(2, 60) + pick([]string{"Z", "+08:00", "-05:30", ".123Z", ".5+01:00", "", "+0800", " Z", "+25:00"}),
			pick(days) + ", " + digits(2, 32) + " " + pick(months) + " " + y + " " + digits(2, 25) + ":" + digits(2, 60) + ":" + digits(2, 61) + " " + pick([]string{"+0000", "-0700", "+0800", "+2500", "0800"}),
			pick(days) + ", " + digits(2, 32) + " " + pick(months) + " " + y + " " + digits(2, 25) + ":" + digits(2, 60) + ":" + digits(2, 61) + " " + pick(zones),
			letters(3) + ", " + digits(1, 10) + " " + pick(months) + " " + y + " " + digits(2, 24) + ":" + digits(2, 60) + ":" + digits(2, 60) + " " + pick(zones),
			letters(3) + ", " + digits(2, 29) + " " + letters(3) + " " + y + " " + digits(2, 24) + ":" + digits(2, 60) + ":" + digits(2, 60) + " " + pick(zones),
		}
		for _, s := range shapes {
			checkGFDate(t, s)
			checkGFDate(t, "  "+s+"\n")
		}
	}
	// Every layout gofeed knows, rendered at random times and zones.
	layouts := []string{time.RFC822Z, time.RFC3339, time.RubyDate, time.RFC1123Z, time.ANSIC, time.RFC1123, time.RFC850,
		time.RFC822, time.UnixDate, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", "02/01/2006", "01/02/2006",
		"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "January 2, 2006", "2006-01-02T15:04:05",
		"Mon, 02 Jan 2006 15:04:05 Z", "Mon, 02 Jan 2006 15:04:05 UT", "2006-01-02T15:04:05-0700"}
	for range 700 {
		tm := time.Date(1995+rng.IntN(40), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60), 0,
			time.FixedZone(pick(zones), 1800*(rng.IntN(49)-24)))
		checkGFDate(t, tm.Format(layouts[rng.IntN(len(layouts))]))
	}
	for _, s := range []string{"", " ", "yesterday", "2019-11-19 09:27:00", "Wed, 20 Nov 2019 22:15:00 GMT", "Wed, 20 Nov 2019 22:15:00 UT"} {
		checkGFDate(t, s)
	}
}
