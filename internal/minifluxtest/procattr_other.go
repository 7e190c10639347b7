//go:build !linux

package minifluxtest

import "syscall"

// childAttr is nil off Linux: the servers run as this process's user
// (PostgreSQL as root is not supported there), and a test process killed
// outright may leave them running.
func childAttr(bool, int, int) *syscall.SysProcAttr { return nil }
