// A one-pass JSON decoder for message bodies.

package expr

import (
	"encoding/json"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeJSON decodes data as json.Unmarshal does into an any: objects
// to map[string]any, arrays to []any, numbers to float64. Decoding every
// response body is a large part of a step's own cost, and
// encoding/json's scanner goes over the text twice, byte by byte, through
// a state function. This decoder reads it once. Whatever it is unsure of
// (a syntax error, invalid UTF-8, a \u escape of a surrogate, deep
// nesting, a number out of range) it leaves to encoding/json, so values
// and errors are always encoding/json's.
func decodeJSON(data []byte) (any, error) {
	var members [32]member // the stacks' first room, on the stack: most bodies need no more
	var items [16]any
	d := jsonDecoder{data: data, text: string(data), members: members[:0], items: items[:0]}
	v, ok := d.value(0)
	d.space()
	if ok && d.pos == len(data) {
		return v, nil
	}
	var out any
	err := json.Unmarshal(data, &out)
	return out, err
}

// maxJSONDepth is how deeply decodeJSON nests before leaving the text to
// encoding/json, which has its own limit.
const maxJSONDepth = 1000

// jsonDecoder reads one JSON text. Its methods report false on anything
// they do not accept, and the text is then decoded again by
// encoding/json.
type jsonDecoder struct {
	data []byte
	text string // data copied once: strings without escapes are slices of it
	pos  int
	// members and items hold the entries of the objects and arrays being
	// read, innermost last, so that each map and slice is made once at
	// its final size instead of growing entry by entry.
	members []member
	items   []any
}

// member is one name and value of an object being read.
type member struct {
	key   string
	value any
}

func (d *jsonDecoder) space() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// accept consumes c when it comes next.
func (d *jsonDecoder) accept(c byte) bool {
	if d.pos < len(d.data) && d.data[d.pos] == c {
		d.pos++
		return true
	}
	return false
}

func (d *jsonDecoder) value(depth int) (any, bool) {
	d.space()
	if d.pos >= len(d.data) || depth > maxJSONDepth {
		return nil, false
	}
	switch d.data[d.pos] {
	case '{':
		return d.object(depth)
	case '[':
		return d.array(depth)
	case '"':
		s, ok := d.string()
		return s, ok
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	case 'n':
		return nil, d.literal("null")
	}
	return d.number()
}

func (d *jsonDecoder) literal(word string) bool {
	if len(d.text)-d.pos < len(word) || d.text[d.pos:d.pos+len(word)] != word {
		return false
	}
	d.pos += len(word)
	return true
}

func (d *jsonDecoder) object(depth int) (any, bool) {
	d.pos++ // {
	d.space()
	if d.accept('}') {
		return map[string]any{}, true
	}
	base := len(d.members)
	defer func() { d.members = d.members[:base] }()
	for {
		d.space()
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			return nil, false
		}
		key, ok := d.string()
		d.space()
		if !ok || !d.accept(':') {
			return nil, false
		}
		v, ok := d.value(depth + 1)
		if !ok {
			return nil, false
		}
		d.members = append(d.members, member{key, v})
		d.space()
		if d.accept('}') {
			break
		}
		if !d.accept(',') {
			return nil, false
		}
	}
	read := d.members[base:]
	m := make(map[string]any, len(read))
	for _, kv := range read {
		m[kv.key] = kv.value // the last of duplicate keys wins, as in encoding/json
	}
	clear(read) // let the values go with the map, not the decoder
	return m, true
}

func (d *jsonDecoder) array(depth int) (any, bool) {
	d.pos++ // [
	d.space()
	if d.accept(']') {
		return []any{}, true
	}
	base := len(d.items)
	defer func() { d.items = d.items[:base] }()
	for {
		v, ok := d.value(depth + 1)
		if !ok {
			return nil, false
		}
		d.items = append(d.items, v)
		d.space()
		if d.accept(']') {
			break
		}
		if !d.accept(',') {
			return nil, false
		}
	}
	a := append([]any(nil), d.items[base:]...)
	clear(d.items[base:])
	return a, true
}

// string reads a string whose opening quote is next. Strings without
// escapes, nearly all of them, are not copied again.
func (d *jsonDecoder) string() (string, bool) {
	d.pos++ // "
	start := d.pos
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			s := d.text[start:d.pos]
			d.pos++
			return s, true
		case c == '\\':
			return d.escaped(start)
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			if !d.skipRune() {
				return "", false
			}
		default:
			d.pos++
		}
	}
	return "", false
}

// skipRune steps over one valid multi-byte UTF-8 sequence.
func (d *jsonDecoder) skipRune() bool {
	r, n := utf8.DecodeRune(d.data[d.pos:])
	if r == utf8.RuneError && n <= 1 {
		return false
	}
	d.pos += n
	return true
}

// escaped finishes a string that holds escapes, from the first one.
func (d *jsonDecoder) escaped(start int) (string, bool) {
	buf := append([]byte(nil), d.data[start:d.pos]...)
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return string(buf), true
		case c == '\\':
			var ok bool
			if buf, ok = d.unescape(buf); !ok {
				return "", false
			}
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			from := d.pos
			if !d.skipRune() {
				return "", false
			}
			buf = append(buf, d.data[from:d.pos]...)
		default:
			buf = append(buf, c)
			d.pos++
		}
	}
	return "", false
}

// unescapes are the one-letter escapes and what they stand for.
var unescapes = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// unescape appends the character of the escape at d.pos to buf.
func (d *jsonDecoder) unescape(buf []byte) ([]byte, bool) {
	if d.pos+1 >= len(d.data) {
		return buf, false
	}
	e := d.data[d.pos+1]
	d.pos += 2
	if e != 'u' {
		c := unescapes[e]
		return append(buf, c), c != 0
	}
	if len(d.data)-d.pos < 4 {
		return buf, false
	}
	r, err := strconv.ParseUint(d.text[d.pos:d.pos+4], 16, 16)
	d.pos += 4
	if err != nil || utf16.IsSurrogate(rune(r)) {
		return buf, false
	}
	return utf8.AppendRune(buf, rune(r)), true
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (d *jsonDecoder) number() (any, bool) {
	start := d.pos
	d.accept('-')
	if !d.accept('0') && d.digits() == 0 {
		return nil, false
	}
	if d.accept('.') && d.digits() == 0 {
		return nil, false
	}
	if d.accept('e') || d.accept('E') {
		_ = d.accept('+') || d.accept('-')
		if d.digits() == 0 {
			return nil, false
		}
	}
	f, err := strconv.ParseFloat(d.text[start:d.pos], 64)
	return f, err == nil
}

func (d *jsonDecoder) digits() int {
	from := d.pos
	for d.pos < len(d.data) && '0' <= d.data[d.pos] && d.data[d.pos] <= '9' {
		d.pos++
	}
	return d.pos - from
}
