package store

import (
	"math"
	"strings"
	"time"
)

// Times are stored as nanoseconds since 1970 (int64), which hold the
// years 1678 to 2262. A feed may write any year from 1 to 9999: such a
// date is stored clamped to that range, so it sorts and filters at the
// end it is nearest, and its zone column carries the mark clampedMark
// and the exact time, which reading gives back.
var (
	minStored = time.Unix(0, math.MinInt64)
	maxStored = time.Unix(0, math.MaxInt64)
)

const clampedMark = "clamped:"

// storedNS is the nanoseconds stored for t, clamped to what int64 holds.
func storedNS(t time.Time) int64 {
	switch {
	case t.Before(minStored):
		return math.MinInt64
	case t.After(maxStored):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// outOfRange reports whether t is stored clamped.
func outOfRange(t time.Time) bool { return t.Before(minStored) || t.After(maxStored) }

// clampedZone is the zone column of a clamped time: the mark and the
// exact time.
func clampedZone(t time.Time) string { return clampedMark + t.Format(time.RFC3339Nano) }

// unclamp gives back the exact time of a clamped zone column.
func unclamp(zone string) (time.Time, bool) {
	s, ok := strings.CutPrefix(zone, clampedMark)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}
