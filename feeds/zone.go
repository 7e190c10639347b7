package feeds

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dateline-news/dateline/feeds/internal/datetime"
)

// loadZone loads an IANA zone, falling back to a fixed offset when the
// system has no tzdata (these zones have had no DST for decades).
func loadZone(name, abbr string, offset int) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.FixedZone(abbr, offset)
}

var (
	zoneShanghai  = sync.OnceValue(func() *time.Location { return loadZone("Asia/Shanghai", "CST", 8*3600) })
	zoneHongKong  = sync.OnceValue(func() *time.Location { return loadZone("Asia/Hong_Kong", "HKT", 8*3600) })
	zoneTaipei    = sync.OnceValue(func() *time.Location { return loadZone("Asia/Taipei", "CST", 8*3600) })
	zoneTokyo     = sync.OnceValue(func() *time.Location { return loadZone("Asia/Tokyo", "JST", 9*3600) })
	zoneSeoul     = sync.OnceValue(func() *time.Location { return loadZone("Asia/Seoul", "KST", 9*3600) })
	zoneSingapore = sync.OnceValue(func() *time.Location { return loadZone("Asia/Singapore", "+08", 8*3600) })
)

// Shanghai returns the Asia/Shanghai zone (Beijing time), or a fixed UTC+8
// zone named CST when tzdata is missing.
func Shanghai() *time.Location { return zoneShanghai() }

// feedZone guesses the zone in which a source writes dates that carry no
// zone of their own ("2019-11-19 09:27:00"). China Daily writes Beijing
// time; beyond that the site's country domain and the feed's language are
// the best evidence there is. nil means no evidence: such dates stay UTC.
func feedZone(src Source, pageURL, feedLink, feedTitle, language string) *time.Location {
	for _, name := range []string{src.Name, feedTitle} {
		if strings.Contains(name, "China Daily") || strings.Contains(name, "中国日报") || strings.Contains(name, "ChinaDaily") {
			return zoneShanghai()
		}
	}
	for _, raw := range []string{src.URL, pageURL, feedLink} {
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		h := strings.ToLower(u.Hostname())
		switch {
		case strings.HasSuffix(h, ".cn"):
			return zoneShanghai()
		case strings.HasSuffix(h, ".hk"):
			return zoneHongKong()
		case strings.HasSuffix(h, ".tw"):
			return zoneTaipei()
		case strings.HasSuffix(h, ".jp"):
			return zoneTokyo()
		case strings.HasSuffix(h, ".kr"):
			return zoneSeoul()
		case strings.HasSuffix(h, ".sg"):
			return zoneSingapore()
		}
	}
	lang := strings.ToLower(strings.TrimSpace(language))
	switch {
	case lang == "zh-tw" || lang == "zh-hant-tw":
		return zoneTaipei()
	case lang == "zh-hk" || lang == "zh-hant-hk":
		return zoneHongKong()
	case strings.HasPrefix(lang, "zh"):
		return zoneShanghai()
	case strings.HasPrefix(lang, "ja"):
		return zoneTokyo()
	case strings.HasPrefix(lang, "ko"):
		return zoneSeoul()
	}
	return nil
}

// zonelessLayouts are date forms without a zone; they are read in the
// source's zone instead of UTC.
var zonelessLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006-01-02",
	"2006/01/02",
}

// parseZoneless reads s as a zoneless date in loc.
func parseZoneless(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 8 || s[0] < '0' || s[0] > '9' {
		return time.Time{}, false
	}
	if y, mo, d, h, mi, sec, ok := datetime.Fields(s); ok {
		// What the first layout gives, without time.Parse's work.
		return time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc), true
	}
	// Every layout below is digits and "-/ :T"; time.Parse also takes a
	// fraction of a second ("." or "," and digits) after the seconds. Any
	// other character (a zone, a sign, a weekday) fails them all.
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9', c == '-', c == '/', c == ' ', c == ':', c == 'T', c == '.', c == ',':
		default:
			return time.Time{}, false
		}
	}
	for _, layout := range zonelessLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// wsID matches China Daily's 24-hex article id, whose first 8 hex digits
// are the Unix time the article was created.
var wsID = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`WS([0-9a-f]{8})[0-9a-f]{16}`)
})

// wsTime returns the creation time encoded in a China Daily WS id found in
// any of ss, in Beijing time.
func wsTime(now time.Time, ss ...string) (time.Time, bool) {
	for _, s := range ss {
		if !strings.Contains(s, "WS") {
			continue
		}
		m := wsID().FindStringSubmatch(s)
		if m == nil {
			continue
		}
		sec, err := strconv.ParseInt(m[1], 16, 64)
		if err != nil {
			continue
		}
		t := time.Unix(sec, 0)
		// A plausible article time: after China Daily's website existed,
		// and not in the future.
		if t.Year() < 1995 || (!now.IsZero() && t.After(now.Add(48*time.Hour))) {
			continue
		}
		return t.In(zoneShanghai()), true
	}
	return time.Time{}, false
}
