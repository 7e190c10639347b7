//go:build !unix

package config

import "os"

// openNoBlock opens path for reading. Systems outside unix have no FIFOs
// that block an open; readRegular's Stat has refused devices already.
func openNoBlock(path string) (*os.File, error) {
	return os.Open(path)
}
