package fastfeed

// gofeed's date parser (shared.ParseDate), with exact shortcuts for the
// common shapes; date_test.go checks each against gofeed's own.

import (
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	gfjson "github.com/mmcdole/gofeed/json"

	"github.com/dateline-news/dateline/feeds/internal/datetime"
)

// gfDate is gofeed's shared.ParseDate (the layouts it tries, in its
// order). It recognises a few common shapes and tries first the layout
// that gofeed would reach first for them, after layouts that provably
// cannot match (see the comments); everything else, and any string for
// which that layout fails, goes to gofeed's own ParseDate.
func gfDate(d string) (time.Time, bool) {
	d = strings.TrimSpace(d)
	switch {
	case len(d) == 19 && dateShape(d, "0000-00-00 00:00:00"):
		// "2019-11-22 17:44:41". gofeed's layouts before
		// "2006-1-2 15:04:05" that start with a number all fail on
		// this shape: RFC822Z ("02 Jan…") and the layouts starting with a
		// day ("2 Jan…", "2.1.2006", "2/1/2006", "2-1-2006") read "20"
		// and then want a separator where "1" is; "6/1/2", "6-1-2" want
		// a literal "6"; RFC3339, "2006 January 02" and
		// "2006-1-2T15:04:05Z" want 'T' or ' ' where the shape has
		// ' ' or '-'. The others start with a weekday or month name.
		if y, mo, day, h, mi, sec, ok := datetime.Fields(d); ok {
			// = time.Parse("2006-1-2 15:04:05", d)
			return time.Date(y, time.Month(mo), day, h, mi, sec, 0, time.UTC), true
		}
		if t, err := time.Parse("2006-1-2 15:04:05", d); err == nil {
			return t, true
		}
	case len(d) >= 20 && dateShape(d[:11], "0000-00-00T"):
		// RFC 3339. Only RFC822Z comes before it, and it wants a space
		// where this shape has its third digit.
		if t, err := time.Parse(time.RFC3339, d); err == nil {
			return t, true
		}
	case len(d) >= 5 && dateShape(d[:5], "aaa, "):
		// "Wed, 20 Nov 2019 22:15:00 +0000". RFC822Z and RFC3339 want a
		// digit first and RubyDate a space after the weekday, so
		// RFC1123Z is the first layout that can match.
		if t, err := time.Parse(time.RFC1123Z, d); err == nil {
			return t, true
		}
		if len(d) >= 29 && len(d) <= 30 && dateShape(d[:26], "aaa, 00 aaa 0000 00:00:00 ") && upperZone(d[26:]) {
			// "Wed, 20 Nov 2019 22:15:00 GMT". Every layout in gofeed's
			// first list fails on this shape: the numeric-zone ones
			// want a sign, the ones ending in " UT" or " Z" leave text
			// over or mismatch, the ones with a month (or "May" read as
			// a long month) after the comma want a day or a separator
			// that is not there, and the rest need a space or a long
			// weekday name where the comma is. RFC1123 heads the list
			// of named-zone layouts.
			if t, err := time.Parse(time.RFC1123, d); err == nil {
				return gfFixZone(t), true
			}
		}
	}
	return gfDateSlow(d)
}

// dateShape reports whether s matches pattern, where '0' in the pattern
// is an ASCII digit, 'a' an ASCII letter and anything else itself.
func dateShape(s, pattern string) bool {
	if len(s) != len(pattern) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch pattern[i] {
		case '0':
			if c < '0' || c > '9' {
				return false
			}
		case 'a':
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
				return false
			}
		default:
			if c != pattern[i] {
				return false
			}
		}
	}
	return true
}

// upperZone reports whether z is 3 or 4 capital letters, other than the
// "UT" and "Z" that gofeed's first list spells out.
func upperZone(z string) bool {
	if len(z) < 3 || len(z) > 4 {
		return false
	}
	for i := 0; i < len(z); i++ {
		if z[i] < 'A' || z[i] > 'Z' {
			return false
		}
	}
	return true
}

// gfTimezoneAbbreviations is shared.timezoneAbbreviations.
var gfTimezoneAbbreviations = map[string]int{
	"UT":   0,
	"GMT":  0,
	"UTC":  0,
	"EST":  -5 * 3600,
	"EDT":  -4 * 3600,
	"CST":  -6 * 3600,
	"CDT":  -5 * 3600,
	"MST":  -7 * 3600,
	"MDT":  -6 * 3600,
	"PST":  -8 * 3600,
	"PDT":  -7 * 3600,
	"WET":  0,
	"WEST": 1 * 3600,
	"BST":  1 * 3600,
	"CET":  1 * 3600,
	"CEST": 2 * 3600,
	"EET":  2 * 3600,
	"EEST": 3 * 3600,
}

// gfFixZone is what shared.ParseDate does after a named-zone layout
// matched.
func gfFixZone(t time.Time) time.Time {
	if name, offset := t.Zone(); name != "" {
		if want, ok := gfTimezoneAbbreviations[name]; ok && want != offset {
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(),
				t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(name, want))
		}
	}
	return t
}

// gfJSONTranslator is stateless.
var gfJSONTranslator = &gofeed.DefaultJSONTranslator{}

// gfDateSlow calls gofeed's own shared.ParseDate, which the JSON
// translator applies to an item's date_published.
func gfDateSlow(d string) (t time.Time, ok bool) {
	if d == "" {
		return time.Time{}, false
	}
	f, err := gfJSONTranslator.Translate(&gfjson.Feed{Items: []*gfjson.Item{{}, {DatePublished: d}}})
	if err != nil || f == nil || len(f.Items) != 2 || f.Items[1].PublishedParsed == nil {
		return time.Time{}, false
	}
	return *f.Items[1].PublishedParsed, true
}

// gfDateUTC is gofeed's "parse, then normalise to UTC" for RSS pubDate,
// lastBuildDate and Atom dates.
func gfDateUTC(s string) *time.Time {
	if t, ok := gfDate(s); ok {
		utc := t.UTC()
		return &utc
	}
	return nil
}
