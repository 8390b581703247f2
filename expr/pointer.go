package expr

import (
	"reflect"
	"strconv"
	"strings"
)

// Pointer is a parsed JSON Pointer (RFC 6901).
type Pointer struct {
	raw    string   // as written, without "#"
	tokens []string // unescaped reference tokens
}

// String returns the pointer as written.
func (p *Pointer) String() string { return p.raw }

// Tokens returns the unescaped reference tokens.
func (p *Pointer) Tokens() []string { return p.tokens }

// ParsePointer parses a JSON Pointer such as "/items/0/id". The empty
// string is the whole document.
func ParsePointer(s string) (*Pointer, error) {
	p, err := parsePointer(s)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// parsePointer reads s as a pointer; off is its offset in the larger text
// used for errors.
func parsePointer(s string) (*Pointer, *SyntaxError) {
	p := &Pointer{raw: s}
	if s == "" {
		return p, nil
	}
	if s[0] != '/' {
		return nil, syntaxErr(s, 0, `json pointer must start with "/", found %s`, quoteByte(s[0]))
	}
	start := 1
	for i := 1; i <= len(s); i++ {
		if i < len(s) && s[i] != '/' {
			if err := checkPointerChar(s, i); err != nil {
				return nil, err
			}
			continue
		}
		p.tokens = append(p.tokens, unescapeToken(s[start:i]))
		start = i + 1
	}
	return p, nil
}

func checkPointerChar(s string, i int) *SyntaxError {
	switch s[i] {
	case '{', '}':
		return syntaxErr(s, i, "json pointer cannot contain %s", quoteByte(s[i]))
	case '~':
		if i+1 >= len(s) || (s[i+1] != '0' && s[i+1] != '1') {
			return syntaxErr(s, i, `"~" in a json pointer must be followed by 0 or 1`)
		}
	}
	return nil
}

var tokenUnescaper = strings.NewReplacer("~1", "/", "~0", "~")

func unescapeToken(t string) string {
	if strings.IndexByte(t, '~') < 0 {
		return t
	}
	return tokenUnescaper.Replace(t)
}

// Get walks v along the pointer. ok is false when a token does not name
// a member or element; at then is the index of the failing token.
func (p *Pointer) Get(v any) (val any, at int, ok bool) {
	for i, tok := range p.tokens {
		v, ok = step(v, tok)
		if !ok {
			return nil, i, false
		}
	}
	return v, 0, true
}

// step selects one member or element of v.
func step(v any, tok string) (any, bool) {
	switch c := v.(type) {
	case map[string]any:
		r, ok := c[tok]
		return r, ok
	case []any:
		i, ok := arrayIndex(tok, len(c))
		if !ok {
			return nil, false
		}
		return c[i], true
	case map[string]string:
		r, ok := c[tok]
		return r, ok
	case nil:
		return nil, false
	}
	return stepReflect(reflect.ValueOf(v), tok)
}

// arrayIndex accepts RFC 6901 array indexes: digits without leading
// zeros, below n.
func arrayIndex(tok string, n int) (int, bool) {
	if tok == "" || len(tok) > 10 || (len(tok) > 1 && tok[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(tok); i++ {
		if tok[i] < '0' || tok[i] > '9' {
			return 0, false
		}
	}
	i, err := strconv.Atoi(tok)
	if err != nil || i >= n {
		return 0, false
	}
	return i, true
}

// stepReflect handles maps with string keys, slices and arrays of other
// Go types, as an executor may build them.
func stepReflect(rv reflect.Value, tok string) (any, bool) {
	switch rv.Kind() {
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return nil, false
		}
		r := rv.MapIndex(reflect.ValueOf(tok).Convert(rv.Type().Key()))
		if !r.IsValid() {
			return nil, false
		}
		return r.Interface(), true
	case reflect.Slice, reflect.Array:
		i, ok := arrayIndex(tok, rv.Len())
		if !ok {
			return nil, false
		}
		return rv.Index(i).Interface(), true
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil, false
		}
		return stepReflect(rv.Elem(), tok)
	}
	return nil, false
}
