//go:build race

package arazzo

// slowdown scales time bounds in tests: the race detector makes code
// several times slower without making it wrong.
const slowdown = 10
