package expr

// This file turns values into text: for templates, for regex contexts and
// for explanations.

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// maxShown is how many bytes of a value an explanation shows.
const maxShown = 200

// Text returns the text form of a value as templates embed it: strings as
// they are, null as "", numbers and booleans as JSON writes them, and
// objects and arrays as JSON.
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return formatFloat(x)
	case int:
		return strconv.Itoa(x)
	case json.Number:
		return x.String()
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// formatFloat writes integral values without a fraction or exponent, as
// JSON encoders do for numbers below 1e21.
func formatFloat(f float64) string {
	if math.Abs(f) < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// show returns a value as JSON-like text for explanations, quoted when it
// is a string, truncated to maxShown bytes.
func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(truncate(x, maxShown))
	}
	return truncate(Text(v), maxShown)
}

// truncate cuts s to at most n bytes on a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
