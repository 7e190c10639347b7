//go:build !race

package store

const raceEnabled = false

// twoProcBatches is how many batches of 100 items each process writes in
// TestTwoProcesses.
const twoProcBatches = 20
