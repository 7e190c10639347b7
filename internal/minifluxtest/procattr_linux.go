package minifluxtest

import "syscall"

// childAttr runs a server as the user uid:gid (as this process's user
// when asOther is false), and kills it if the test process dies first (a
// time-out's panic runs no clean-up), so no server outlives its test.
func childAttr(asOther bool, uid, gid int) *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if asOther {
		a.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	return a
}
