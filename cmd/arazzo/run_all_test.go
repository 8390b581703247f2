package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const allAPI = `openapi: 3.1.0
info: {title: all, version: "1"}
servers: [{url: https://all.invalid}]
paths:
  /things/{name}:
    get:
      operationId: getThing
      parameters:
        - {name: name, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: a thing}
`

// allDoc has three workflows; "report" depends on "seed", which comes
// later in the document.
const allDoc = `arazzo: 1.0.1
info: {title: all, version: "1"}
sourceDescriptions:
  - {name: api, url: ./api.yaml, type: openapi}
workflows:
  - workflowId: report
    dependsOn: [seed]
    steps:
      - stepId: r
        operationId: getThing
        parameters:
          - {name: name, in: path, value: report}
  - workflowId: seed
    inputs:
      type: object
      properties:
        size: {type: integer}
    steps:
      - stepId: s
        operationId: getThing
        parameters:
          - {name: name, in: path, value: "seed-{$inputs.size}"}
        outputs:
          got: $response.body#/name
    outputs:
      got: $steps.s.outputs.got
  - workflowId: slow
    steps:
      - stepId: first
        operationId: getThing
        parameters:
          - {name: name, in: path, value: first}
      - stepId: second
        operationId: getThing
        parameters:
          - {name: name, in: path, value: hang}
`

// thingServer answers GET /things/NAME with {"name": NAME}; for "hang" it
// calls onHang and waits for the client to give up. The function returned
// lists the names requested so far.
func thingServer(t *testing.T, onHang func()) (*httptest.Server, func() []string) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/things/")
		mu.Lock()
		seen = append(seen, name)
		mu.Unlock()
		if name == "hang" {
			onHang()
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"name": %q}`, name)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

func writeAllDoc(t *testing.T) string {
	dir := t.TempDir()
	for name, text := range map[string]string{"all.arazzo.yaml": allDoc, "api.yaml": allAPI} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "all.arazzo.yaml")
}

func TestRunAll(t *testing.T) {
	srv, seen := thingServer(t, func() {})
	t.Setenv("ARAZZO_INPUT_SIZE", "3")
	out, errOut, code := cli(t, "run", writeAllDoc(t), "--all", "--server", "api="+srv.URL, "--timeout", "300ms")
	if code != exitFailed {
		t.Fatalf("exit %d, want %d (slow fails)\nstdout:\n%s\nstderr:\n%s", code, exitFailed, out, errOut)
	}
	want := "seed succeeded\n  got: seed-3\nreport succeeded\nslow failed\n"
	if out != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out, want)
	}
	if got := strings.Join(seen(), " "); got != "seed-3 report first hang" {
		t.Errorf("requests %q, want seed first, each workflow once", got)
	}
	if !strings.Contains(errOut, "1 of 3 workflows failed") {
		t.Errorf("stderr lacks the failure summary:\n%s", errOut)
	}
}

func TestRunAllWithWorkflowIsUsageError(t *testing.T) {
	_, errOut, code := cli(t, "run", writeAllDoc(t), "--all", "--workflow", "seed")
	if code != exitUsage || !strings.Contains(errOut, "--all and --workflow") {
		t.Errorf("exit %d, stderr %q; want %d and a usage message", code, errOut, exitUsage)
	}
}

// TestRunInterrupted cancels the run, as Ctrl-C does, while the second
// step waits for its answer: what ran is still printed.
func TestRunInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, _ := thingServer(t, cancel)
	var out, errb bytes.Buffer
	args := []string{"run", writeAllDoc(t), "--workflow", "slow", "--server", "api=" + srv.URL}
	code := Main(ctx, args, streams{in: strings.NewReader(""), out: &out, err: &errb})
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d\nstderr:\n%s", code, exitInterrupted, errb.String())
	}
	for _, want := range []string{"warn first", "FAIL second", "the run was cancelled during step \"second\""} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
}

// TestRunInputSources checks where inputs come from and which wins:
// ARAZZO_INPUT_<NAME>, then --input-file, then --input.
func TestRunInputSources(t *testing.T) {
	doc := writeAllDoc(t)
	dir := filepath.Dir(doc)
	files := map[string]string{"size.json": `{"size": 2}`, "unknown.yaml": "size: 2\ncolour: red\n"}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		env  string
		args []string
		code int
		want string // the thing requested, or text on stderr
	}{
		{"environment", "1", nil, exitOK, "seed-1"},
		{"file over environment", "1", []string{"--input-file", filepath.Join(dir, "size.json")}, exitOK, "seed-2"},
		{"flag over file", "1", []string{"--input-file", filepath.Join(dir, "size.json"), "--input", "size=3"}, exitOK, "seed-3"},
		{"typed by the schema", "", []string{"--input", "size=big"}, exitInvalid, `input size: want an integer, got "big"`},
		{"unknown input", "", []string{"--input-file", filepath.Join(dir, "unknown.yaml")}, exitInvalid, `does not declare input "colour"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, seen := thingServer(t, func() {})
			if tt.env != "" {
				t.Setenv("ARAZZO_INPUT_SIZE", tt.env)
			}
			args := append([]string{"run", doc, "--workflow", "seed", "--server", "api=" + srv.URL}, tt.args...)
			_, errOut, code := cli(t, args...)
			got := strings.Join(seen(), " ")
			if code != tt.code || !strings.Contains(got+errOut, tt.want) {
				t.Errorf("%v: exit %d, requests %q, stderr %q; want exit %d and %q", tt.args, code, got, errOut, tt.code, tt.want)
			}
		})
	}
}
