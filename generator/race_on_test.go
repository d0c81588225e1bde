//go:build race

package generator

// raceEnabled shrinks the randomised tests, which run many times slower
// under the race detector.
const raceEnabled = true
