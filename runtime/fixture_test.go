package runtime_test

// Helpers for the security and conformance tests: a document that calls
// an API from testdata/conformance, and a server that records what it
// was sent.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/runtime"
)

// flowTemplate is an Arazzo document with one workflow, "flow", whose
// steps the test supplies.
const flowTemplate = `arazzo: 1.0.1
info: {title: fixture, version: "1"}
sourceDescriptions:
  - {name: api, url: ./api.yaml, type: openapi}
workflows:
  - workflowId: flow
    steps:
%s`

// loadFlow writes testdata/conformance/API next to a document whose
// workflow has the given steps (YAML, indented by six spaces) and loads it.
func loadFlow(t *testing.T, api, steps string) *arazzo.Document {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("testdata", "conformance", api))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("api.yaml", string(text))
	write("flow.arazzo.yaml", fmt.Sprintf(flowTemplate, steps))

	doc, diags := arazzo.Load(context.Background(), filepath.Join(dir, "flow.arazzo.yaml"), arazzo.LoadOptions{})
	if doc == nil || diags.HasErrors() {
		t.Fatalf("the fixture does not load:\n%v", diags)
	}
	return doc
}

// callStep is a step calling operationId with no parameters.
func callStep(id, operationID string) string {
	return fmt.Sprintf("      - {stepId: %s, operationId: %s}\n", id, operationID)
}

// seenRequest is one request the recording server received.
type seenRequest struct {
	method, path, query string
	rawPath             string // as sent, percent-encoding kept
	header              http.Header
	body                string
}

// apiServer is a local server that records requests and answers each path
// with a handler the test chooses (200 with an empty JSON object when
// none is given).
type apiServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []seenRequest
	handlers map[string]http.HandlerFunc
}

func newAPIServer(t *testing.T, handlers map[string]http.HandlerFunc) *apiServer {
	t.Helper()
	r := &apiServer{handlers: handlers}
	r.Server = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.Close)
	return r
}

func (r *apiServer) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(body))
	r.mu.Lock()
	r.requests = append(r.requests, seenRequest{req.Method, req.URL.Path, req.URL.RawQuery,
		req.URL.EscapedPath(), req.Header.Clone(), string(body)})
	h := r.handlers[req.URL.Path]
	r.mu.Unlock()
	if h != nil {
		h(w, req)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, "{}")
}

// sent returns the requests made to path, in order.
func (r *apiServer) sent(path string) []seenRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []seenRequest
	for _, s := range r.requests {
		if s.path == path {
			out = append(out, s)
		}
	}
	return out
}

// runFlow runs the workflow "flow" of doc against srv with opts.
func runFlow(t *testing.T, doc *arazzo.Document, srv *apiServer, opts runtime.Options) *runtime.Result {
	t.Helper()
	opts.Servers = map[string]string{"api": srv.URL}
	opts.LoopDelay = -1
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := runtime.New(opts).Run(ctx, doc, "flow", nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// resultJSON is the result as JSON, for looking for leaked secrets.
func resultJSON(t *testing.T, res *runtime.Result) string {
	t.Helper()
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// leaks lists the secrets that appear in text.
func leaks(text string, secrets ...string) []string {
	var out []string
	for _, s := range secrets {
		if strings.Contains(text, s) {
			out = append(out, s)
		}
	}
	return out
}
