package openapi

import (
	"context"
	"testing"
)

// A request built for an operation without an operationId carries the
// operation all the same, so that a transport can key it by method and
// path template.
func TestContextCarriesOperationWithoutID(t *testing.T) {
	d, err := LoadData([]byte(`openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: "http://127.0.0.1:8080"}]
paths:
  /articles/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
`), "api.yml")
	if err != nil {
		t.Fatal(err)
	}
	op, err := d.OperationByPointer("/paths/~1articles~1{id}/get")
	if err != nil {
		t.Fatal(err)
	}
	req := build(t, op, RequestInput{Params: []ParamValue{{"id", "path", "a1"}}})
	if id, ok := OperationIDFromContext(req.Context()); ok {
		t.Errorf("OperationIDFromContext = %q, true; want none", id)
	}
	got, ok := OperationFromContext(req.Context())
	if !ok || got != op {
		t.Fatalf("OperationFromContext = %v, %v; want the operation", got, ok)
	}
	if got.Name() != "GET /articles/{id}" {
		t.Errorf("Name() = %q", got.Name())
	}

	// An explicit operationId wins over the stored operation's.
	ctx := WithOperationID(WithOperation(context.Background(), op), "other")
	if id, _ := OperationIDFromContext(ctx); id != "other" {
		t.Errorf("OperationIDFromContext = %q, want other", id)
	}
	if _, ok := OperationFromContext(context.Background()); ok {
		t.Error("OperationFromContext on an empty context reported an operation")
	}
}
