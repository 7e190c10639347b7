package feeds

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{" 30 ", 30 * time.Second, true},
		{"99999999999999999999", MaxRetryAfter, true},
		{"86401", MaxRetryAfter, true},
		{now.Add(time.Hour).Format(http.TimeFormat), time.Hour, true},
		{"Sunday, 01-Mar-26 12:05:00 GMT", 5 * time.Minute, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"-5", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, c := range cases {
		got, ok := ParseRetryAfter(c.in, now)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestBackoff(t *testing.T) {
	cases := []struct {
		failures int
		after    time.Duration
		want     time.Duration
	}{
		{0, 0, 0},
		{1, 0, time.Minute},
		{2, 0, 2 * time.Minute},
		{3, 0, 4 * time.Minute},
		{9, 0, 256 * time.Minute},
		{10, 0, MaxBackoff},
		{64, 0, MaxBackoff},
		{1 << 40, 0, MaxBackoff},
		{1, 2 * time.Hour, 2 * time.Hour},
		{0, 30 * time.Second, 30 * time.Second},
		{3, 48 * time.Hour, MaxRetryAfter},
		{-3, -time.Second, 0},
	}
	for _, c := range cases {
		if got := Backoff(c.failures, c.after); got != c.want {
			t.Errorf("Backoff(%d, %v) = %v, want %v", c.failures, c.after, got, c.want)
		}
	}
	// Never shorter for one more failure.
	prev := time.Duration(0)
	for n := range 100 {
		d := Backoff(n, 0)
		if d < prev || d > MaxBackoff {
			t.Fatalf("Backoff(%d) = %v after %v", n, d, prev)
		}
		prev = d
	}
}
