// A quick conformance test of response values, run before kin-openapi's
// validator.

package openapi

import (
	"math"
	"reflect"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// Most responses conform, and kin-openapi's validator is costly even
// then: it sorts every object's property names and builds its settings
// on each call, about half of a step's own cost for a response of two
// dozen fields. So a value is first tested by conforms, which walks the
// schema without allocating. It answers true only when the value
// certainly conforms, and false whenever it is unsure: a schema using a
// keyword it does not know (pattern, oneOf, multipleOf...) is always
// left to kin-openapi, as is every failing value, so that findings are
// always kin-openapi's. conforms is stricter than kin-openapi, never
// laxer: it ignores kin-openapi's tolerances (a recursive schema met
// again, a null that an allOf branch allows).
//
// It follows OpenAPI 3.0 semantics for a response: nullable, and
// writeOnly properties that must be absent. Descriptions of 3.1 and
// later have compiled validators instead (conform31.go).

// conforms reports whether v certainly conforms to s, read as a response.
func (d *Description) conforms(s *openapi3.Schema, v any) bool {
	if s == nil || !d.knows(s) {
		return false
	}
	for _, sub := range s.AllOf {
		if sub == nil || !d.conforms(sub.Value, v) {
			return false
		}
	}
	if len(s.Enum) > 0 && !inEnum(s.Enum, v) {
		return false
	}
	switch v := v.(type) {
	case nil:
		return s.Nullable
	case bool:
		return s.Type.Permits(openapi3.TypeBoolean)
	case float64:
		return conformsNumber(s, v)
	case string:
		return conformsString(s, v)
	case []any:
		return d.conformsArray(s, v)
	case map[string]any:
		return d.conformsObject(s, v)
	}
	return false
}

// knows reports whether every keyword s uses is one conforms tests,
// or one without effect on validation.
func (d *Description) knows(s *openapi3.Schema) bool {
	if ok, seen := d.known.Load(s); seen {
		return ok.(bool)
	}
	known := openapi3.Schema{
		// without effect on validation
		Extensions: s.Extensions, Origin: s.Origin, Title: s.Title,
		Description: s.Description, Default: s.Default, Example: s.Example,
		Examples: s.Examples, ExternalDocs: s.ExternalDocs, Deprecated: s.Deprecated,
		XML: s.XML, AllowEmptyValue: s.AllowEmptyValue, Comment: s.Comment,
		ReadOnly: s.ReadOnly,
		// tested by conforms
		Type: s.Type, Format: s.Format, Enum: s.Enum, Nullable: s.Nullable,
		WriteOnly: s.WriteOnly, Min: s.Min, Max: s.Max,
		MinLength: s.MinLength, MaxLength: s.MaxLength,
		MinItems: s.MinItems, MaxItems: s.MaxItems, Items: s.Items,
		Required: s.Required, Properties: s.Properties,
		AdditionalProperties: s.AdditionalProperties, AllOf: s.AllOf,
	}
	ok := reflect.DeepEqual(known, *s) && !typeIncludesNull(s.Type)
	d.known.Store(s, ok)
	return ok
}

func typeIncludesNull(t *openapi3.Types) bool {
	return t != nil && t.IncludesNull()
}

func inEnum(enum []any, v any) bool {
	for _, e := range enum {
		if reflect.DeepEqual(e, v) {
			return true
		}
	}
	return false
}

func conformsNumber(s *openapi3.Schema, v float64) bool {
	integer := s.Type.Permits(openapi3.TypeInteger) && !s.Type.Permits(openapi3.TypeNumber)
	switch {
	case integer && v != math.Trunc(v):
		return false
	case !s.Type.Permits(openapi3.TypeInteger) && !s.Type.Permits(openapi3.TypeNumber):
		return false
	case s.Min != nil && v < *s.Min, s.Max != nil && v > *s.Max:
		return false
	}
	return numberFormatHolds(s.Format, v, integer)
}

// numberFormatHolds runs the format validator kin-openapi would run.
func numberFormatHolds(format string, v float64, integer bool) bool {
	if format == "" {
		return true
	}
	if integer {
		f, ok := openapi3.SchemaIntegerFormats[format]
		const exact = 1 << 53 // beyond it, int64(v) may not be v
		return !ok || (math.Abs(v) <= exact && f.Validate(int64(v)) == nil)
	}
	f, ok := openapi3.SchemaNumberFormats[format]
	return !ok || f.Validate(v) == nil
}

func conformsString(s *openapi3.Schema, v string) bool {
	if !s.Type.Permits(openapi3.TypeString) {
		return false
	}
	if s.MinLength > 0 || s.MaxLength != nil {
		n := uint64(utf8.RuneCountInString(v))
		if n < s.MinLength || (s.MaxLength != nil && n > *s.MaxLength) {
			return false
		}
	}
	if s.Format == "" {
		return true
	}
	f, ok := openapi3.SchemaStringFormats[s.Format]
	return !ok || f.Validate(v) == nil
}

func (d *Description) conformsArray(s *openapi3.Schema, v []any) bool {
	n := uint64(len(v))
	switch {
	case !s.Type.Permits(openapi3.TypeArray):
		return false
	case n < s.MinItems, s.MaxItems != nil && n > *s.MaxItems:
		return false
	case s.Items == nil:
		return true
	}
	for _, item := range v {
		if !d.conforms(s.Items.Value, item) {
			return false
		}
	}
	return true
}

func (d *Description) conformsObject(s *openapi3.Schema, v map[string]any) bool {
	if !s.Type.Permits(openapi3.TypeObject) {
		return false
	}
	for _, name := range s.Required {
		if _, ok := v[name]; !ok {
			return false
		}
	}
	for name, field := range v {
		if !d.conformsField(s, name, field) {
			return false
		}
	}
	return true
}

// conformsField tests one member of an object: against its property, or
// else against additionalProperties.
func (d *Description) conformsField(s *openapi3.Schema, name string, field any) bool {
	if p, ok := s.Properties[name]; ok {
		return p != nil && p.Value != nil && !p.Value.WriteOnly && d.conforms(p.Value, field)
	}
	ap := s.AdditionalProperties
	switch {
	case ap.Has != nil && !*ap.Has:
		return false
	case ap.Schema != nil:
		return d.conforms(ap.Schema.Value, field)
	}
	return true
}
