// Parameter serialisation by style and explode.
//
// The output follows the style examples table of OpenAPI 3.0.3, which
// builds on RFC 6570: values are percent-encoded except for unreserved
// characters (and reserved ones too under allowReserved), object members
// are written in sorted key order, and nested arrays or objects inside an
// array or object are written as JSON text. Header values are not
// percent-encoded; they must merely be valid header text.

package openapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// shape is the kind of value a parameter carries.
type shape int

const (
	shapeEmpty  shape = iota // nil: written as the table's "empty" column
	shapeScalar              // string, number or boolean
	shapeList                // array
	shapeObject              // object with string keys
)

// flat is a parameter value reduced to strings.
type flat struct {
	shape  shape
	scalar string
	list   []string
	keys   []string // object keys, sorted
	vals   []string // object values, in key order
}

// flatten reduces v to a flat value; nested composites become JSON text.
func flatten(v any) (flat, error) {
	if v == nil {
		return flat{shape: shapeEmpty}, nil
	}
	if s, ok := scalarString(v); ok {
		return flat{shape: shapeScalar, scalar: s}, nil
	}

	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		return flattenList(rv)
	case reflect.Map:
		if rv.Type().Key().Kind() == reflect.String {
			return flattenMap(rv)
		}
	}
	return flattenJSON(v)
}

func flattenList(rv reflect.Value) (flat, error) {
	f := flat{shape: shapeList, list: make([]string, 0, rv.Len())}
	for i := range rv.Len() {
		s, err := itemString(rv.Index(i).Interface())
		if err != nil {
			return flat{}, fmt.Errorf("item %d: %w", i, err)
		}
		f.list = append(f.list, s)
	}
	return f, nil
}

func flattenMap(rv reflect.Value) (flat, error) {
	members := make(map[string]any, rv.Len())
	f := flat{shape: shapeObject}
	for it := rv.MapRange(); it.Next(); {
		k := it.Key().String()
		members[k] = it.Value().Interface()
		f.keys = append(f.keys, k)
	}
	slices.Sort(f.keys)

	for _, k := range f.keys {
		s, err := itemString(members[k])
		if err != nil {
			return flat{}, fmt.Errorf("member %q: %w", k, err)
		}
		f.vals = append(f.vals, s)
	}
	return f, nil
}

// flattenJSON handles other types (structs, named types) by their JSON form.
func flattenJSON(v any) (flat, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return flat{}, fmt.Errorf("cannot serialise %T: %w", v, err)
	}
	var generic any
	if err := json.Unmarshal(data, &generic); err != nil {
		return flat{}, fmt.Errorf("cannot serialise %T: %w", v, err)
	}
	if s, ok := scalarString(generic); ok || generic == nil {
		return flat{shape: shapeScalar, scalar: s}, nil
	}
	return flatten(generic)
}

// itemString writes a member of an array or object.
func itemString(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	if s, ok := scalarString(v); ok {
		return s, nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("cannot serialise %T: %w", v, err)
	}
	return string(data), nil
}

// scalarString writes strings, booleans and numbers; ok is false for
// anything else.
func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case []byte:
		return string(x), true
	case bool:
		return strconv.FormatBool(x), true
	case json.Number:
		return x.String(), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32), true
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return fmt.Sprint(x), true
	}
	return "", false
}

// encoder percent-encodes one value for a URL.
type encoder func(string) string

// pctEncode keeps RFC 3986 unreserved characters and, when reserved is
// set, reserved ones and existing %XX escapes; it escapes everything else.
func pctEncode(s string, reserved bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isUnreserved(c), reserved && strings.IndexByte(":/?#[]@!$&'()*+,;=", c) >= 0:
			b.WriteByte(c)
		case reserved && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func urlEncoder(allowReserved bool) encoder {
	return func(s string) string { return pctEncode(s, allowReserved) }
}

func rawEncoder(s string) string { return s }

// joined writes the list or object members of f with enc, separating
// items by sep and, for exploded objects, keys from values by "=".
func (f flat) joined(enc encoder, sep string, explodeObject bool) string {
	var parts []string
	switch f.shape {
	case shapeScalar:
		return enc(f.scalar)
	case shapeList:
		for _, s := range f.list {
			parts = append(parts, enc(s))
		}
	case shapeObject:
		for i, k := range f.keys {
			if explodeObject {
				parts = append(parts, enc(k)+"="+enc(f.vals[i]))
			} else {
				parts = append(parts, enc(k), enc(f.vals[i]))
			}
		}
	}
	return strings.Join(parts, sep)
}

// styleString serialises a path or header value: simple, label or matrix.
func styleString(style string, explode bool, name string, f flat, enc encoder) (string, error) {
	switch style {
	case "simple":
		return f.joined(enc, ",", explode), nil
	case "label":
		return "." + f.joined(enc, ".", explode), nil
	case "matrix":
		return matrix(explode, enc(name), f, enc), nil
	}
	return "", fmt.Errorf("style %q cannot be used here (want simple, label or matrix)", style)
}

func matrix(explode bool, name string, f flat, enc encoder) string {
	switch {
	case f.shape == shapeEmpty, f.shape == shapeScalar && f.scalar == "":
		return ";" + name
	case f.shape == shapeScalar:
		return ";" + name + "=" + enc(f.scalar)
	case !explode:
		return ";" + name + "=" + f.joined(enc, ",", false)
	case f.shape == shapeList:
		var b strings.Builder
		for _, s := range f.list {
			b.WriteString(";" + name + "=" + enc(s))
		}
		return b.String()
	}
	return ";" + f.joined(enc, ";", true)
}

// stylePairs serialises a query or cookie value into name=value pairs:
// form, spaceDelimited, pipeDelimited or deepObject.
func stylePairs(style string, explode bool, name string, f flat, enc encoder) ([]string, error) {
	n := enc(name)
	switch style {
	case "form":
		return formPairs(explode, n, f, enc), nil
	case "spaceDelimited", "pipeDelimited":
		if explode || f.shape == shapeScalar || f.shape == shapeEmpty {
			return formPairs(explode, n, f, enc), nil
		}
		sep := map[string]string{"spaceDelimited": "%20", "pipeDelimited": "|"}[style]
		return []string{n + "=" + f.joined(enc, sep, false)}, nil
	case "deepObject":
		return deepObject(n, f, enc)
	}
	return nil, fmt.Errorf("style %q cannot be used here (want form, spaceDelimited, pipeDelimited or deepObject)", style)
}

func formPairs(explode bool, name string, f flat, enc encoder) []string {
	switch {
	case f.shape == shapeEmpty:
		return []string{name + "="}
	case !explode || f.shape == shapeScalar:
		return []string{name + "=" + f.joined(enc, ",", false)}
	case f.shape == shapeList:
		out := make([]string, 0, len(f.list))
		for _, s := range f.list {
			out = append(out, name+"="+enc(s))
		}
		return out
	}
	out := make([]string, 0, len(f.keys))
	for i, k := range f.keys {
		out = append(out, enc(k)+"="+enc(f.vals[i]))
	}
	return out
}

func deepObject(name string, f flat, enc encoder) ([]string, error) {
	if f.shape != shapeObject {
		return nil, fmt.Errorf("style deepObject needs an object value, got %s", f.shapeName())
	}
	out := make([]string, 0, len(f.keys))
	for i, k := range f.keys {
		out = append(out, name+"["+enc(k)+"]="+enc(f.vals[i]))
	}
	return out, nil
}

func (f flat) shapeName() string {
	return [...]string{"null", "a scalar", "an array", "an object"}[f.shape]
}
