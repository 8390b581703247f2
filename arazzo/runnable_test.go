package arazzo

import (
	"errors"
	"os"
	"strings"
	"testing"
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
	dir := t.TempDir()
	writeTestFile(t, dir+"/api.yaml", api)
	writeTestFile(t, dir+"/flow.yaml", doc)
	d, diags := Load(t.Context(), dir+"/flow.yaml", LoadOptions{HTTPClient: offline})
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

func writeTestFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
