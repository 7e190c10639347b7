package tui

import (
	"fmt"
	"time"
)

// rowDate is a headline's date on its row: how long ago for the last day
// ("now", "5m", "3h"), then the day ("19 Nov" this year, "19 Nov 2019"
// before). The calendar is now's zone.
func rowDate(now, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if d := now.Sub(t); d < 24*time.Hour {
		return relAge(now, t)
	}
	t = t.In(now.Location())
	if t.Year() == now.Year() {
		return t.Format("2 Jan")
	}
	return t.Format("2 Jan 2006")
}

// relAge is a compact age: "now", "5m", "3h", "2d" for the last week,
// then the date: "12 Nov" this year, "Nov 2019" before. The calendar is
// now's zone.
func relAge(now, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	case d < 7*24*time.Hour:
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	}
	t = t.In(now.Location())
	if t.Year() == now.Year() {
		return t.Format("2 Jan")
	}
	return t.Format("Jan 2006")
}

// formatDate shows t in the reader's zone and keeps the source's zone:
// "Tue 19 Nov 2019 02:27 CET (09:27 CST)". The part in brackets is left
// out when both zones agree, and gains the weekday when the day differs.
func formatDate(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if loc == nil {
		loc = time.Local
	}
	lt := t.In(loc)
	s := lt.Format("Mon 2 Jan 2006 15:04 MST")
	_, lo := lt.Zone()
	sn, so := t.Zone()
	ln, _ := lt.Zone()
	if lo == so && ln == sn {
		return s
	}
	if lt.Year() != t.Year() || lt.YearDay() != t.YearDay() {
		return s + " (" + t.Format("Mon 15:04 MST") + ")"
	}
	return s + " (" + t.Format("15:04 MST") + ")"
}
