//go:build !unix

package demo

import "os"

// canLock: this platform has no advisory lock here, so no run removes
// another's folder (each still removes its own on Close).
const canLock = false

func tryLock(*os.File) (bool, error) { return false, nil }
