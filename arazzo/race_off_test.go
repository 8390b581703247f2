//go:build !race

package arazzo

// slowdown scales time bounds in tests; see race_on_test.go.
const slowdown = 1
