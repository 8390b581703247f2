package expr

import "sync/atomic"

// memo remembers what the last expanded text of a condition compiled to.
// A condition that embeds {$…} compiles at evaluation time; a retried or
// polled step usually expands to the same text again, and then nothing is
// compiled twice. One entry keeps the memory bounded; it is safe for
// concurrent use because compiled values are immutable (or, for XPath,
// lock themselves).
type memo[T any] struct {
	last atomic.Pointer[memoEntry[T]]
}

type memoEntry[T any] struct {
	src string
	val T
}

// get returns compile(src), reusing the last result for the same src.
// Errors are not remembered.
func (m *memo[T]) get(src string, compile func(string) (T, error)) (T, error) {
	if e := m.last.Load(); e != nil && e.src == src {
		return e.val, nil
	}
	v, err := compile(src)
	if err == nil {
		m.last.Store(&memoEntry[T]{src: src, val: v})
	}
	return v, err
}
