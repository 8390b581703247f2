package expr

// This file turns values into text: for templates, for regex contexts and
// for explanations.

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
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
	var buf [32]byte
	return string(appendFloat(buf[:0], f))
}

func appendFloat(dst []byte, f float64) []byte {
	if math.Abs(f) < 1e21 {
		return strconv.AppendFloat(dst, f, 'f', -1, 64)
	}
	return strconv.AppendFloat(dst, f, 'g', -1, 64)
}

// show returns a value as JSON text for explanations, truncated to about
// maxShown bytes. Objects and arrays are written only as far as shown, so
// a large body costs no more than a small one.
func show(v any) string {
	var b strings.Builder
	writeShown(&b, v, 0)
	return truncate(b.String(), maxShown)
}

// writeShown writes v as JSON with sorted keys until b holds more than
// maxShown bytes.
func writeShown(b *strings.Builder, v any, depth int) {
	if b.Len() > maxShown {
		return
	}
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		b.WriteString(strconv.Quote(truncate(x, maxShown)))
	case map[string]any:
		writeObject(b, x, depth)
	case []any:
		writeArray(b, x, depth)
	case int:
		var buf [24]byte
		b.Write(strconv.AppendInt(buf[:0], int64(x), 10))
	case float64:
		var buf [32]byte
		b.Write(appendFloat(buf[:0], x))
	default:
		b.WriteString(truncate(Text(v), maxShown))
	}
}

func writeObject(b *strings.Builder, m map[string]any, depth int) {
	if depth >= maxDepth {
		b.WriteString("{…}")
		return
	}
	var arr [16]string // most objects fit: no allocation to sort their keys
	keys := arr[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b.WriteByte('{')
	for i, k := range keys {
		if b.Len() > maxShown {
			return
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(k))
		b.WriteByte(':')
		writeShown(b, m[k], depth+1)
	}
	b.WriteByte('}')
}

func writeArray(b *strings.Builder, a []any, depth int) {
	if depth >= maxDepth {
		b.WriteString("[…]")
		return
	}
	b.WriteByte('[')
	for i, v := range a {
		if b.Len() > maxShown {
			return
		}
		if i > 0 {
			b.WriteByte(',')
		}
		writeShown(b, v, depth+1)
	}
	b.WriteByte(']')
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
