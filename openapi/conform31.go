// Validators compiled once for the response schemas of 3.1 documents.

package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// For a 3.1 document kin-openapi compiles a JSON Schema 2020-12
// validator on every call: about 55µs and 800 allocations for a schema
// of three properties, more than a loopback round trip. compiled31
// compiles each response schema once, from the whole description
// marshalled to JSON so that its $refs resolve, and a value it passes
// needs nothing more. A value it rejects, or a schema it cannot compile,
// still goes to kin-openapi, whose findings are the ones reported.
//
// The compiled validator must never be laxer than kin-openapi. It
// asserts formats through kin-openapi's own format validators, and a
// schema that uses writeOnly (which kin-openapi enforces on responses
// and JSON Schema only annotates) or a discriminator (which makes
// kin-openapi pick the oneOf branch) is not compiled.

// schemaDoc is the URL the description is known by inside the compiler.
const schemaDoc = "urn:arazzo:openapi-description"

// validators31 holds a description's compiled response validators.
type validators31 struct {
	mu       sync.Mutex // serialises compiling: a Compiler is not safe for concurrent use
	compiler *jsonschema.Compiler
	broken   bool     // the description could not be marshalled
	byPath   sync.Map // schema path -> *jsonschema.Schema, nil when left to kin-openapi
}

// conforms31 reports whether v certainly conforms to s, the schema at
// path (a JSON pointer into the description, with or without the "#").
func (d *Description) conforms31(path string, s *openapi3.Schema, v any) bool {
	sch := d.compiled31(path, s)
	return sch != nil && sch.Validate(v) == nil
}

func (d *Description) compiled31(path string, s *openapi3.Schema) *jsonschema.Schema {
	if got, ok := d.v31.byPath.Load(path); ok {
		sch, _ := got.(*jsonschema.Schema)
		return sch
	}
	d.v31.mu.Lock()
	defer d.v31.mu.Unlock()
	var sch *jsonschema.Schema
	if !kinStricter(s) {
		sch = d.compile31(path)
	}
	d.v31.byPath.Store(path, sch)
	return sch
}

// kinStricter reports whether s uses a keyword that kin-openapi
// enforces beyond JSON Schema 2020-12.
func kinStricter(s *openapi3.Schema) bool {
	errFound := errors.New("found")
	err := openapi3.NewSchemaRef("", s).WalkSubtree(func(_ string, ref *openapi3.SchemaRef) error {
		if v := ref.Value; v != nil && (v.WriteOnly || v.Discriminator != nil) {
			return errFound
		}
		return nil
	})
	return err != nil
}

// compile31 compiles the schema at path, or returns nil.
func (d *Description) compile31(path string) *jsonschema.Schema {
	if d.v31.compiler == nil && !d.v31.broken {
		c, err := newCompiler31(d.doc)
		d.v31.compiler, d.v31.broken = c, err != nil
	}
	if d.v31.broken || strings.Contains(strings.TrimPrefix(path, "#"), "#") {
		return nil // a $ref into another file
	}
	sch, err := d.v31.compiler.Compile(schemaDoc + "#" + strings.TrimPrefix(path, "#"))
	if err != nil {
		return nil
	}
	return sch
}

// newCompiler31 loads the description into a compiler that asserts
// formats as kin-openapi does and loads nothing from outside.
func newCompiler31(doc *openapi3.T) (*jsonschema.Compiler, error) {
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.UseLoader(noLoader{})
	c.AssertFormat()
	for _, name := range kinFormats() {
		c.RegisterFormat(&jsonschema.Format{Name: name, Validate: kinFormat(name)})
	}
	return c, c.AddResource(schemaDoc, v)
}

// noLoader refuses every URL: a schema that needs another document is
// left to kin-openapi.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("%s is not loaded", url)
}

// kinFormats names the formats kin-openapi validates.
func kinFormats() []string {
	var names []string
	for name := range openapi3.SchemaStringFormats {
		names = append(names, name)
	}
	for name := range openapi3.SchemaNumberFormats {
		names = append(names, name)
	}
	for name := range openapi3.SchemaIntegerFormats {
		names = append(names, name)
	}
	return names
}

var errNotWhole = errors.New("not a whole number within ±2^53")

// kinFormat validates a value with the kin-openapi validators of the
// format: a number must satisfy both the number and the integer one.
func kinFormat(name string) func(any) error {
	return func(v any) error {
		switch v := v.(type) {
		case string:
			if f, ok := openapi3.SchemaStringFormats[name]; ok {
				return f.Validate(v)
			}
		case float64:
			return numberFormat(name, v)
		case json.Number:
			f, err := v.Float64()
			if err != nil {
				return err
			}
			return numberFormat(name, f)
		}
		return nil
	}
}

func numberFormat(name string, v float64) error {
	if f, ok := openapi3.SchemaNumberFormats[name]; ok {
		if err := f.Validate(v); err != nil {
			return err
		}
	}
	f, ok := openapi3.SchemaIntegerFormats[name]
	switch {
	case !ok:
		return nil
	case v != math.Trunc(v) || math.Abs(v) > 1<<53:
		return errNotWhole
	}
	return f.Validate(int64(v))
}
