//go:build race

package fastfeed

// raceEnabled lets the heaviest differential tests run fewer cases under
// the race detector, which makes gofeed about ten times slower.
const raceEnabled = true
