package daytonasim

// This file validates CreateSandbox fields the way the API's validation
// pipe does: null counts as absent, unknown fields are ignored, and every
// message is collected so they can be joined with ", ".

import (
	"encoding/json"
	"fmt"
)

// createInput is a decoded CreateSandbox body and the problems found.
type createInput struct {
	raw  map[string]any
	errs []string
}

// present reports whether key is set to something other than null.
func (in *createInput) present(key string) bool {
	return in.raw[key] != nil
}

func (in *createInput) failf(format string, args ...any) {
	in.errs = append(in.errs, fmt.Sprintf(format, args...))
}

// str returns the string at key, or def when it is absent or empty.
func (in *createInput) str(key, def string) string {
	v, ok := in.raw[key]
	if !ok || v == nil {
		return def
	}
	s, ok := v.(string)
	if !ok {
		in.failf("%s must be a string", key)
		return def
	}
	if s == "" {
		return def
	}
	return s
}

// optional returns a string field that the POST body shows only if set.
func (in *createInput) optional(key string) nullable {
	if !in.present(key) {
		return nullable{}
	}
	return some(in.str(key, ""))
}

// boolean returns the boolean at key, false when absent.
func (in *createInput) boolean(key string) bool {
	v, ok := in.raw[key].(bool)
	if in.present(key) && !ok {
		in.failf("%s must be a boolean value", key)
	}
	return v
}

// noMax tells count that a field has no upper bound.
const noMax = -1

// count returns the integer at key, at least lo and, unless hi is noMax,
// at most hi; def when absent.
func (in *createInput) count(key string, lo, hi, def int) int {
	if !in.present(key) {
		return def
	}
	num, ok := in.raw[key].(json.Number)
	f, err := num.Float64()
	if !ok || err != nil || f != float64(int64(f)) {
		in.failf("%s must be an integer number", key)
		return def
	}

	n := int(f)
	switch {
	case n < lo:
		in.failf("%s must not be less than %d", key, lo)
	case hi != noMax && n > hi:
		in.failf("%s must not be greater than %d", key, hi)
	}
	return n
}

// strMap returns the string-to-string object at key, {} when absent.
func (in *createInput) strMap(key string) map[string]string {
	out := map[string]string{}
	if !in.present(key) {
		return out
	}
	obj, ok := in.raw[key].(map[string]any)
	if !ok {
		in.failf("%s must be an object", key)
		return out
	}
	for k, v := range obj {
		s, ok := v.(string)
		if !ok {
			in.failf("%s.%s must be a string", key, k)
			continue
		}
		out[k] = s
	}
	return out
}
