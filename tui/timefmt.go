package tui

import (
	"fmt"
	"time"
)

// relAge is a compact age: "now", "5m", "3h", "2d", then "12 Nov", then
// "2019" for anything older than a year.
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
	case d < 60*24*time.Hour:
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	case d < 365*24*time.Hour:
		return t.Format("2 Jan")
	}
	return t.Format("2006")
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
