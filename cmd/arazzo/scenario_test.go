package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/runtime/mock"
)

const (
	mockFlow     = "testdata/mock/flow.arazzo.yaml"
	mockScenario = "testdata/mock/flow.mock.yml"
)

// TestCheckScenarioKeys checks the keys of a scenario against a document
// whose article operation has no operationId. Each problem is placed at
// its key in the scenario file.
func TestCheckScenarioKeys(t *testing.T) {
	doc, diags := arazzo.Load(context.Background(), mockFlow, arazzo.LoadOptions{})
	if diags.HasErrors() || doc == nil {
		t.Fatalf("load %s: %v", mockFlow, diags)
	}
	tests := []struct {
		name     string
		scenario string
		want     string // the whole error; empty for none
	}{
		{"operationId and route", "operations:\n  createOrder: [{}]\n  GET /articles/{id}: [{}]\n", ""},
		{"route in lower case", "operations:\n  get /articles/{id}: [{}]\n", ""},
		{"route of an operation with an operationId", "operations:\n  POST /orders: [{}]\n", ""},
		{"misspelt operationId",
			"operations:\n  GET /articles/{id}: [{}]\n  createOrdr:\n    - status: 201\n",
			"--mock: s.yml:3:3: operations.createOrdr: no operation of " + mockFlow +
				` has this operationId (did you mean "createOrder"?); an operation without one is keyed "METHOD /path", e.g. "GET /articles/{id}"`},
		{"misspelt route",
			"operations:\n  \"GET /articles/{articleId}\": [{}]\n",
			"--mock: s.yml:2:3: operations.GET /articles/{articleId}: no operation of " + mockFlow +
				` has this method and path template (did you mean "GET /articles/{id}"?)`},
		{"route far from any",
			"operations:\n  DELETE /everything/at/once/please: [{}]\n",
			"--mock: s.yml:2:3: operations.DELETE /everything/at/once/please: no operation of " + mockFlow +
				` has this method and path template; write the method and the path as the description's paths map does, e.g. "GET /articles/{id}"`},
		{"same operation keyed twice",
			"operations:\n  createOrder: [{}]\n  POST /orders: [{}]\n",
			"--mock: s.yml:3:3: operations.POST /orders: names the same operation as createOrder (line 2), " +
				"whose responses are served first; list all its responses under one key"},
		{"every problem reported",
			"operations:\n  a: [{}]\n  b: [{}]\n",
			"--mock: s.yml:2:3: operations.a: no operation of " + mockFlow + ` has this operationId; an operation without one is keyed "METHOD /path", e.g. "GET /articles/{id}"` +
				"\ns.yml:3:3: operations.b: no operation of " + mockFlow + ` has this operationId; an operation without one is keyed "METHOD /path", e.g. "GET /articles/{id}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := mock.Parse([]byte(tt.scenario), "s.yml")
			if err != nil {
				t.Fatal(err)
			}
			err = checkScenario(sc, "s.yml", doc)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("checkScenario:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestRunMockByRoute runs a flow whose first step is bound by
// operationPath to an operation without an operationId.
func TestRunMockByRoute(t *testing.T) {
	out, errOut, code := cli(t, "run", mockFlow, "--mock", mockScenario)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{"title: Hello\n", "order: o-1\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

// TestRunMockScenarioErrors checks what run says of a scenario it
// refuses, before anything is sent.
func TestRunMockScenarioErrors(t *testing.T) {
	tests := []struct {
		name     string
		scenario string
		code     int
		want     string // a line of stderr, with the scenario's path as FILE
	}{
		{"syntax error with a column",
			"operations:\n  createOrder:\n    - status: 201\n     body: x\n", exitUsage,
			"arazzo: --mock: FILE:4:6: did not find expected '-' indicator (while parsing a block collection from line 3)"},
		{"syntax error without a column",
			"operations:\n  createOrder: [\n", exitUsage,
			"arazzo: --mock: FILE:2: did not find expected node content"},
		{"unknown operation",
			"operations:\n  GET /articles/{id}: [{}]\n  createOrdr: [{status: 201}]\n", exitUsage,
			`arazzo: --mock: FILE:3:3: operations.createOrdr: no operation of ` + mockFlow + ` has this operationId (did you mean "createOrder"?)`},
		{"operation left out",
			"operations:\n  createOrder: [{status: 201}]\n", exitFailed,
			`operation GET /articles/{id} has no operationId and no responses in FILE (it lists createOrder); add them under operations, keyed "GET /articles/{id}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "m.yml")
			if err := os.WriteFile(file, []byte(tt.scenario), 0o600); err != nil {
				t.Fatal(err)
			}
			_, errOut, code := cli(t, "run", mockFlow, "--mock", file)
			want := strings.ReplaceAll(tt.want, "FILE", file)
			if code != tt.code || !strings.Contains(errOut, want) {
				t.Errorf("exit %d (want %d), stderr:\n%s\nwant it to contain:\n%s", code, tt.code, errOut, want)
			}
		})
	}
}

// TestRunMockNestedDocument checks that a scenario may answer the
// operations of an Arazzo document the run's document names as a source,
// whose workflow one of its steps calls.
func TestRunMockNestedDocument(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api.yaml"), `openapi: 3.0.3
info: {title: api, version: "1"}
servers: [{url: "https://jobs.invalid"}]
paths:
  /job/{id}:
    get:
      operationId: getJob
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
`)
	writeFile(t, filepath.Join(dir, "inner.yaml"), `arazzo: 1.0.1
info: {title: inner, version: "1"}
sourceDescriptions: [{name: api, url: ./api.yaml, type: openapi}]
workflows:
  - workflowId: read
    steps:
      - stepId: get
        operationId: getJob
        parameters: [{name: id, in: path, value: j1}]
`)
	outer := filepath.Join(dir, "outer.yaml")
	writeFile(t, outer, `arazzo: 1.0.1
info: {title: outer, version: "1"}
sourceDescriptions: [{name: inner, url: ./inner.yaml, type: arazzo}]
workflows:
  - workflowId: main
    steps:
      - stepId: call
        workflowId: $sourceDescriptions.inner.read
`)
	for _, key := range []string{"getJob", `"GET /job/{id}"`} {
		scenario := filepath.Join(dir, "s.yml")
		writeFile(t, scenario, "operations:\n  "+key+":\n    - {status: 200}\n")
		out, errOut, code := cli(t, "run", outer, "--mock", scenario)
		if code != exitOK {
			t.Errorf("key %s: exit %d\n%s%s", key, code, out, errOut)
		}
	}
}

// TestRunMockUnreachableSource checks that a source out of reach is
// reported as such (exit 3) with --mock too, not as scenario keys that
// name no operation.
func TestRunMockUnreachableSource(t *testing.T) {
	dir := t.TempDir()
	flow := filepath.Join(dir, "flow.yaml")
	writeFile(t, flow, `arazzo: 1.0.1
info: {title: t, version: "1"}
sourceDescriptions: [{name: pets, url: "http://127.0.0.1:1/api.yaml", type: openapi}]
workflows:
  - workflowId: w
    steps: [{stepId: s, operationId: listPets}]
`)
	scenario := filepath.Join(dir, "s.yml")
	writeFile(t, scenario, "operations:\n  listPets: [{status: 200}]\n")
	_, errOut, code := cli(t, "run", flow, "--mock", scenario)
	if code != exitInvalid || !strings.Contains(errOut, `source "pets"`) || strings.Contains(errOut, "has this operationId") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit %d naming the source out of reach", code, errOut, exitInvalid)
	}
}
