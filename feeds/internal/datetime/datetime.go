// Package datetime reads the zoneless "YYYY-MM-DD HH:MM:SS" form without
// time.Parse. China Daily dates every item that way, so both package
// feeds (reading them in Beijing time) and the fast feed path (following
// gofeed's date parser, feeds/internal/fastfeed) meet it on every item
// and share this shortcut.
package datetime

// Fields reads "YYYY-MM-DD HH:MM:SS" when every field is in the range
// time.Parse accepts (so that time.Parse with the layout
// "2006-01-02 15:04:05" or "2006-1-2 15:04:05" would return exactly
// time.Date of these fields), and reports false for anything else.
func Fields(s string) (y, mo, d, h, mi, sec int, ok bool) {
	if len(s) != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, d, h, mi, sec = num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2)
	if y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(mo, y) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 {
		return 0, 0, 0, 0, 0, 0, false
	}
	return y, mo, d, h, mi, sec, true
}

func daysInMonth(m, year int) int {
	switch m {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
