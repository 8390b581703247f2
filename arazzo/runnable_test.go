package arazzo

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// TestRunnableRefusesErrors checks that a workflow Load found errors in
// does not run, nor one that depends on it, while a sound workflow of the
// same document still does.
func TestRunnableRefusesErrors(t *testing.T) {
	const doc = `arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: api, url: ./api.yaml, type: openapi}]
workflows:
  - workflowId: sound
    steps:
      - stepId: a
        operationId: getStatus
  - workflowId: broken
    steps:
      - stepId: b
        operationId: getStatus
        successCriteria:
          - condition: $statusCode === 200
  - workflowId: dependent
    dependsOn: [broken]
    steps:
      - stepId: c
        operationId: getStatus
`
	const api = `openapi: 3.0.3
info: {title: api, version: "1"}
paths:
  /status:
    get:
      operationId: getStatus
      responses: {"200": {description: ok}}
`
	files := fstest.MapFS{"api.yaml": {Data: []byte(api)}, "flow.yaml": {Data: []byte(doc)}}
	d, diags := Load(t.Context(), "flow.yaml", LoadOptions{FS: files, HTTPClient: offline})
	if !diags.HasErrors() {
		t.Fatal("the fixture has no error")
	}
	if err := d.Runnable("sound"); err != nil {
		t.Errorf("Runnable(sound) = %v, want nil", err)
	}
	for _, id := range []string{"broken", "dependent"} {
		err := d.Runnable(id)
		if !errors.Is(err, ErrInvalidWorkflow) || !strings.Contains(err.Error(), "flow.yaml:14:38") {
			t.Errorf("Runnable(%s) = %v, want ErrInvalidWorkflow quoting the error at flow.yaml:14:38", id, err)
		}
	}
}
