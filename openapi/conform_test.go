package openapi

import (
	"encoding/json"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestConforms checks that the quick test never passes a value that
// kin-openapi's validator rejects, and that it passes the conforming
// values of the schemas it knows.
func TestConforms(t *testing.T) {
	const sandbox = `{"type": "object", "required": ["id", "state"],
		"properties": {
			"id": {"type": "string", "minLength": 1},
			"state": {"type": "string", "enum": ["creating", "started"]},
			"cpu": {"type": "integer", "format": "int32", "minimum": 1},
			"ratio": {"type": "number", "maximum": 1},
			"labels": {"type": "object", "additionalProperties": {"type": "string"}},
			"volumes": {"type": "array", "maxItems": 2, "items": {"type": "string"}},
			"errorReason": {"type": "string", "nullable": true},
			"secret": {"type": "string", "writeOnly": true},
			"createdAt": {"type": "string", "format": "date-time"},
			"public": {"type": "boolean"}}}`
	tests := []struct {
		name, schema, value string
		want                bool // the quick test passes it
	}{
		{"conforming", sandbox, `{"id": "a", "state": "started", "cpu": 2, "ratio": 0.5,
			"labels": {"k": "v"}, "volumes": ["x"], "errorReason": null,
			"createdAt": "2025-01-02T03:04:05Z", "public": true, "extra": 1}`, true},
		{"missing required", sandbox, `{"id": "a"}`, false},
		{"wrong type", sandbox, `{"id": 1, "state": "started"}`, false},
		{"not in enum", sandbox, `{"id": "a", "state": "gone"}`, false},
		{"not an integer", sandbox, `{"id": "a", "state": "started", "cpu": 1.5}`, false},
		{"below minimum", sandbox, `{"id": "a", "state": "started", "cpu": 0}`, false},
		{"outside int32", sandbox, `{"id": "a", "state": "started", "cpu": 3000000000}`, false},
		{"above maximum", sandbox, `{"id": "a", "state": "started", "ratio": 2}`, false},
		{"too short", sandbox, `{"id": "", "state": "started"}`, false},
		{"bad additional property", sandbox, `{"id": "a", "state": "started", "labels": {"k": 1}}`, false},
		{"too many items", sandbox, `{"id": "a", "state": "started", "volumes": ["a", "b", "c"]}`, false},
		{"null not nullable", sandbox, `{"id": null, "state": "started"}`, false},
		{"writeOnly in a response", sandbox, `{"id": "a", "state": "started", "secret": "s"}`, false},
		{"bad date-time", sandbox, `{"id": "a", "state": "started", "createdAt": "yesterday"}`, false},
		{"closed object", `{"type": "object", "additionalProperties": false, "properties": {"a": {}}}`, `{"b": 1}`, false},
		{"allOf", `{"allOf": [{"required": ["a"]}, {"properties": {"a": {"type": "string"}}}]}`, `{"a": "x"}`, true},
		{"allOf failing", `{"allOf": [{"required": ["a"]}, {"properties": {"a": {"type": "string"}}}]}`, `{"a": 1}`, false},
		{"unknown keyword pattern", `{"type": "string", "pattern": "^a"}`, `"abc"`, false},
		{"unknown keyword oneOf", `{"oneOf": [{"type": "string"}]}`, `"abc"`, false},
		{"exclusive bound", `{"type": "number", "minimum": 1, "exclusiveMinimum": true}`, `2`, false},
		{"empty schema", `{}`, `{"any": [1, "thing"]}`, true},
		{"empty schema null", `{}`, `null`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s openapi3.Schema
			if err := json.Unmarshal([]byte(tt.schema), &s); err != nil {
				t.Fatalf("schema %s: %v", tt.schema, err)
			}
			var v any
			if err := json.Unmarshal([]byte(tt.value), &v); err != nil {
				t.Fatalf("value %s: %v", tt.value, err)
			}
			got := (&Description{}).conforms(&s, v)
			kinErr := s.VisitJSON(v, openapi3.VisitAsResponse(), openapi3.MultiErrors())
			if got && kinErr != nil {
				t.Fatalf("conforms(%s) = true, but kin-openapi finds: %v", tt.value, kinErr)
			}
			if got != tt.want {
				t.Errorf("conforms(%s) = %v, want %v (kin-openapi: %v)", tt.value, got, tt.want, kinErr)
			}
		})
	}
}

// TestConforms31 checks the validators compiled for a 3.1 description:
// a value they pass has no finding from kin-openapi either, and the
// plain schemas are compiled rather than left to kin-openapi.
func TestConforms31(t *testing.T) {
	const doc = `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: integer, format: int32, exclusiveMinimum: 0}
        name: {type: [string, "null"], maxLength: 5}
        born: {type: string, format: date}
        tags: {type: array, items: {$ref: "#/components/schemas/Tag"}, uniqueItems: true}
        kind: {const: dog}
    Tag: {type: string, pattern: "^[a-z]+$"}
    Secret:
      type: object
      properties:
        password: {type: string, writeOnly: true}
`
	d, err := LoadData([]byte(doc), "pets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, schema, value string
		want                bool // the compiled validator passes it
	}{
		{"conforming", "Pet", `{"id": 1, "name": null, "born": "2020-01-02", "tags": ["a", "b"], "kind": "dog"}`, true},
		{"missing required", "Pet", `{"id": 1}`, false},
		{"exclusive bound", "Pet", `{"id": 0, "name": "a"}`, false},
		{"outside int32", "Pet", `{"id": 3000000000, "name": "a"}`, false},
		{"too long", "Pet", `{"id": 1, "name": "abcdef"}`, false},
		{"bad date", "Pet", `{"id": 1, "name": "a", "born": "soon"}`, false},
		{"bad tag through $ref", "Pet", `{"id": 1, "name": "a", "tags": ["A"]}`, false},
		{"repeated tags", "Pet", `{"id": 1, "name": "a", "tags": ["a", "a"]}`, false},
		{"not the const", "Pet", `{"id": 1, "name": "a", "kind": "cat"}`, false},
		{"writeOnly left to kin-openapi", "Secret", `{"password": "x"}`, false},
		{"writeOnly absent, still left", "Secret", `{}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v any
			if err := json.Unmarshal([]byte(tt.value), &v); err != nil {
				t.Fatalf("value %s: %v", tt.value, err)
			}
			s := d.doc.Components.Schemas[tt.schema].Value
			got := d.conforms31("#/components/schemas/"+tt.schema, s, v)
			kinErr := s.VisitJSON(v, openapi3.VisitAsResponse(), openapi3.MultiErrors(), openapi3.EnableJSONSchema2020())
			if got && kinErr != nil {
				t.Fatalf("conforms31(%s) = true, but kin-openapi finds: %v", tt.value, kinErr)
			}
			if got != tt.want {
				t.Errorf("conforms31(%s) = %v, want %v (kin-openapi: %v)", tt.value, got, tt.want, kinErr)
			}
		})
	}
}
