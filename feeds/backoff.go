package feeds

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Back-off limits. A server's Retry-After is honoured up to
// MaxRetryAfter; failures alone double the wait from BackoffBase up to
// MaxBackoff.
const (
	MaxRetryAfter = 24 * time.Hour
	BackoffBase   = time.Minute
	MaxBackoff    = 6 * time.Hour
)

// ParseRetryAfter reads a Retry-After header: a number of seconds or an
// HTTP date, the latter taken relative to now. ok is false when there is
// no usable value. A date in the past gives 0 (retry now); a wait longer
// than MaxRetryAfter is cut to it.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if allDigits(v) {
		secs, err := strconv.ParseUint(v, 10, 64)
		if err != nil || secs > uint64(MaxRetryAfter/time.Second) {
			// Too large even for a uint64: as long as we wait.
			return MaxRetryAfter, true
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	return min(max(d, 0), MaxRetryAfter), true
}

// Backoff is how long to wait before trying a source again after
// failures failed fetches in a row, the last of which asked for
// retryAfter (0 when it did not): BackoffBase doubled for each failure
// after the first, at most MaxBackoff, and never less than what the
// server asked (itself at most MaxRetryAfter). No failure and no
// Retry-After gives 0. The function is pure; a scheduler may add jitter.
func Backoff(failures int, retryAfter time.Duration) time.Duration {
	var d time.Duration
	if failures > 0 {
		d = MaxBackoff
		// 2^(failures-1) minutes, stopping before it could overflow.
		if shift := failures - 1; shift < 20 {
			d = min(BackoffBase<<shift, MaxBackoff)
		}
	}
	return max(d, min(max(retryAfter, 0), MaxRetryAfter))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
