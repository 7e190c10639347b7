//go:build !race

package fastfeed

const raceEnabled = false
