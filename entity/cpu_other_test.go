//go:build !unix

package entity

import "testing"

type cpuTimer struct{}

func startCPU() cpuTimer             { return cpuTimer{} }
func (cpuTimer) report(b *testing.B) {}
