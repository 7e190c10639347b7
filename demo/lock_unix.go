//go:build unix

package demo

import (
	"errors"
	"os"
	"syscall"
)

// canLock: advisory locks (flock) tell a live run's folder from a dead one.
const canLock = true

// tryLock takes an exclusive advisory lock on f without waiting: false
// when another process holds it. The lock ends when f is closed or the
// process ends, however it ends.
func tryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}
