//go:build !unix

package cputime

import "testing"

// Timer reports nothing where getrusage is not available.
type Timer struct{}

// Start starts a Timer.
func Start() Timer { return Timer{} }

// Report reports nothing here.
func (Timer) Report(*testing.B) {}
