package runtime_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/runtime"
)

// dependentInputs has a workflow "main", whose closed input schema takes
// "other", depending on "base", which takes the integer "count".
const dependentInputs = `arazzo: 1.0.1
info: {title: inputs, version: "1"}
sourceDescriptions: [{name: api, url: ./api.yaml, type: openapi}]
workflows:
  - workflowId: base
    inputs: {type: object, properties: {count: {type: integer}}, required: [count]}
    steps: [{stepId: b, operationId: getStatus}]
  - workflowId: main
    dependsOn: [base]
    inputs: {type: object, additionalProperties: false, properties: {other: {type: string}}}
    steps: [{stepId: m, operationId: getStatus}]
`

func loadDependentInputs(t *testing.T) (*arazzo.Document, *arazzo.Workflow) {
	t.Helper()
	api, err := os.ReadFile(filepath.Join("testdata", "api.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	files := fstest.MapFS{"api.yaml": {Data: api}, "flow.yaml": {Data: []byte(dependentInputs)}}
	doc, diags := arazzo.Load(context.Background(), "flow.yaml", arazzo.LoadOptions{FS: files})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return doc, doc.Workflow("main")
}

// TestInputsOfDependencies checks that the command-line helpers take a
// dependency's inputs for the workflow that depends on it: named, typed
// by the dependency's schema, and still refused when misspelt.
func TestInputsOfDependencies(t *testing.T) {
	doc, main := loadDependentInputs(t)
	if got := strings.Join(runtime.InputNames(doc, main), ","); got != "count,other" {
		t.Errorf("InputNames = %s, want count,other", got)
	}
	in, err := runtime.ParseInputArgs(doc, main, []string{"count=3", "other=x"})
	if err != nil {
		t.Fatal(err)
	}
	if in["count"] != int64(3) {
		t.Errorf("count = %#v, want the integer 3", in["count"])
	}
	if err := runtime.CheckInputs(doc, main, in); err != nil {
		t.Errorf("CheckInputs: %v", err)
	}
	err = runtime.CheckInputs(doc, main, map[string]any{"cuont": 3})
	if !errors.Is(err, runtime.ErrInvalidInputs) || !strings.Contains(err.Error(), `"cuont"`) {
		t.Errorf("a misspelt input: %v", err)
	}
}

// TestDependencyInputsCheckedFirst checks that a dependency missing a
// required input stops the run before anything is sent.
func TestDependencyInputsCheckedFirst(t *testing.T) {
	doc, main := loadDependentInputs(t)
	err := runtime.CheckInputs(doc, main, map[string]any{"other": "x"})
	want := `workflow "base" needs required input: count ("main" depends on it)`
	if !errors.Is(err, runtime.ErrInvalidInputs) || !strings.Contains(err.Error(), want) {
		t.Errorf("CheckInputs = %v, want ErrInvalidInputs saying %s", err, want)
	}
	sent := false
	r := runtime.New(runtime.Options{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		sent = true
		return nil, errors.New("nothing should be sent")
	})})
	if _, err := r.Run(context.Background(), doc, "main", map[string]any{"other": "x"}); !errors.Is(err, runtime.ErrInvalidInputs) || sent {
		t.Errorf("Run = %v (sent %v), want ErrInvalidInputs and nothing sent", err, sent)
	}
}

// TestUnknownInputsSuggestEach checks that every misspelt input gets its
// suggestion, not only the first, and that each problem of the command
// line says it is about inputs.
func TestUnknownInputsSuggestEach(t *testing.T) {
	doc, main := loadDependentInputs(t)
	err := runtime.CheckInputs(doc, main, map[string]any{"othr": "x", "extra": 1, "count": int64(1)})
	want := `does not declare inputs "extra", "othr" (did you mean "other" for "othr"?)`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("CheckInputs = %v, want it to say %s", err, want)
	}
	_, err = runtime.ParseInputArgs(doc, main, []string{"count=x", "novalue"})
	for _, line := range strings.Split(err.Error(), "\n") {
		if !strings.HasPrefix(line, "invalid inputs: input ") {
			t.Errorf("ParseInputArgs error line %q lacks its prefix", line)
		}
	}
}
