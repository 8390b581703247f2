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
