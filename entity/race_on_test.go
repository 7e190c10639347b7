//go:build race

package entity

// raceEnabled: under the race detector sync.Pool drops a share of what
// is put back on purpose, so allocation bounds are looser there.
const raceEnabled = true
