package openapi

import (
	"reflect"
	"testing"
)

// TestServerVariables checks which variables a description's operations
// can be given: those of the server each operation sends to, with the
// values allowed merged, and a free variable anywhere leaving the name
// free.
func TestServerVariables(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: t, version: "1"}
servers:
  - url: https://{region}.example.com/{base}
    variables:
      region: {default: eu, enum: [eu, us]}
      base: {default: v1}
  - url: https://unused.example.com/{unused}
    variables:
      unused: {default: x}
paths:
  /a:
    get:
      responses: {"200": {description: ok}}
  /b:
    servers:
      - url: https://{region}.other.example.com
        variables:
          region: {default: ap, enum: [ap, eu]}
    get:
      responses: {"200": {description: ok}}
`
	d, err := LoadData([]byte(doc), "vars.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"region": {"ap", "eu", "us"}, "base": nil}
	if got := d.ServerVariables(); !reflect.DeepEqual(got, want) {
		t.Errorf("ServerVariables() = %v, want %v", got, want)
	}
}
