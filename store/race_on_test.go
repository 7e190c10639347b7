//go:build race

package store

// raceEnabled: the race detector slows the transpiled SQLite about ten
// times, so the larger tests run smaller under it.
const raceEnabled = true

// twoProcBatches is how many batches of 100 items each process writes in
// TestTwoProcesses.
const twoProcBatches = 6
