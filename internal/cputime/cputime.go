//go:build unix

// Package cputime reports a benchmark's process CPU time per op beside
// ns/op: on a shared machine the wall clock includes time spent waiting
// for a core. It serves the benchmarks of several packages.
package cputime

import (
	"syscall"
	"testing"
	"time"
)

// Timer is the process's CPU time when a benchmark started.
type Timer struct{ start time.Duration }

// Now is the process's user plus system CPU time so far.
func Now() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Start starts a Timer.
func Start() Timer { return Timer{Now()} }

// Report reports the CPU time per op since Start as "cpu-ns/op".
func (c Timer) Report(b *testing.B) {
	if b.N > 0 {
		b.ReportMetric(float64(Now()-c.start)/float64(b.N), "cpu-ns/op")
	}
}
