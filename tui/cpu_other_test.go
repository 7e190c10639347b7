//go:build !unix

package tui

import "testing"

type cpuTimer struct{}

func startCPU() cpuTimer             { return cpuTimer{} }
func (cpuTimer) report(b *testing.B) {}
