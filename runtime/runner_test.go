package runtime_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/runtime"
)

// itemsAPI is an OpenAPI description served by newItemsServer, so that
// documents can name it by URL.
const itemsAPI = `openapi: 3.1.0
info: {title: items, version: "1"}
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: Authorization, in: header, schema: {type: string}}
      responses:
        "200": {description: the item}
`

// itemsDoc calls getItem twice: once for the input id, once for the id
// the first answer names.
const itemsDoc = `arazzo: 1.0.1
info: {title: items, version: "1"}
sourceDescriptions:
  - {name: items, url: %s/openapi.yaml, type: openapi}
workflows:
  - workflowId: follow
    inputs:
      type: object
      properties:
        id: {type: string}
        apiToken: {type: string, default: anonymous}
      required: [id]
    steps:
      - stepId: first
        operationId: getItem
        parameters:
          - {name: id, in: path, value: $inputs.id}
          - {name: Authorization, in: header, value: "Bearer {$inputs.apiToken}"}
        successCriteria:
          - condition: $statusCode == 200
        outputs:
          next: $response.body#/next
      - stepId: second
        operationId: getItem
        parameters:
          - {name: id, in: path, value: $steps.first.outputs.next}
        outputs:
          name: $response.body#/name
    outputs:
      name: $steps.second.outputs.name
`

// newItemsServer serves itemsAPI and answers GET /items/ID with
// {"next": "ID-next", "name": "item ID"}.
func newItemsServer(t testing.TB) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /openapi.yaml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, itemsAPI)
	})
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"next": %q, "name": %q}`, id+"-next", "item "+id)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func loadItems(t testing.TB, srv *httptest.Server) *arazzo.Document {
	t.Helper()
	doc, diags := arazzo.LoadData(context.Background(), []byte(fmt.Sprintf(itemsDoc, srv.URL)), "items.arazzo.yaml", arazzo.LoadOptions{})
	if doc == nil || diags.HasErrors() {
		t.Fatalf("load: %v", diags)
	}
	return doc
}

func TestRunConcurrently(t *testing.T) {
	srv := newItemsServer(t)
	doc := loadItems(t, srv)
	r := runtime.New(runtime.Options{Servers: map[string]string{"items": srv.URL}})

	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Go(func() {
			id := fmt.Sprint(i)
			res, err := r.Run(context.Background(), doc, "follow", map[string]any{"id": id})
			switch {
			case err != nil:
				errs <- err
			case res.Status != runtime.Succeeded:
				errs <- res.Error
			case res.Outputs["name"] != "item "+id+"-next":
				errs <- fmt.Errorf("run %s: name = %v, want %q", id, res.Outputs["name"], "item "+id+"-next")
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestRunEvents(t *testing.T) {
	srv := newItemsServer(t)
	doc := loadItems(t, srv)
	var kinds []string
	obs := runtime.ObserverFunc(func(e runtime.Event) {
		kinds = append(kinds, string(e.Kind)+" "+e.StepID)
	})
	r := runtime.New(runtime.Options{Servers: map[string]string{"items": srv.URL}, Observer: obs})
	if _, err := r.Run(context.Background(), doc, "follow", map[string]any{"id": "1"}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"workflow-started ",
		"step-started first", "request-sent first", "response-received first",
		"criterion-evaluated first", "step-finished first",
		"step-started second", "request-sent second", "response-received second", "step-finished second",
		"workflow-finished ",
	}
	if got := strings.Join(kinds, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func TestRunMasksSecretsEverywhere(t *testing.T) {
	const secret = "tok-5up3r-s3cr3t"
	srv := newItemsServer(t)
	doc := loadItems(t, srv)
	var logs bytes.Buffer
	var events strings.Builder
	r := runtime.New(runtime.Options{
		Servers:  map[string]string{"items": srv.URL},
		Logger:   slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Observer: runtime.ObserverFunc(func(e runtime.Event) { fmt.Fprintf(&events, "%+v\n", e) }),
	})
	res, err := r.Run(context.Background(), doc, "follow", map[string]any{"id": secret, "apiToken": secret})
	if err != nil {
		t.Fatal(err)
	}
	trace := fmt.Sprintf("%+v %+v %+v", res, *res.Steps[0].Request, res.Steps[0].Outputs)
	for name, text := range map[string]string{"result": trace, "logs": logs.String(), "events": events.String()} {
		if strings.Contains(text, secret) {
			t.Errorf("%s show the secret:\n%s", name, text)
		}
	}
	if got := res.Steps[0].Request.Header.Get("Authorization"); got != "Bearer "+runtime.Mask {
		t.Errorf("traced Authorization = %q, want %q", got, "Bearer "+runtime.Mask)
	}
}

// countingTransport counts the requests it carries.
type countingTransport struct{ n atomic.Int32 }

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(req)
}

func TestRunUsesTransport(t *testing.T) {
	srv := newItemsServer(t)
	doc := loadItems(t, srv)
	tr := &countingTransport{}
	r := runtime.New(runtime.Options{Servers: map[string]string{"items": srv.URL}, Transport: tr})
	if _, err := r.Run(context.Background(), doc, "follow", map[string]any{"id": "1"}); err != nil {
		t.Fatal(err)
	}
	if got := tr.n.Load(); got != 2 {
		t.Errorf("transport carried %d requests, want 2", got)
	}
}

// TestRunCancelled cancels the run while its second request is in flight:
// the result still holds the first step, and says it was cancelled.
func TestRunCancelled(t *testing.T) {
	srv := newItemsServer(t)
	doc := loadItems(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tr := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		if strings.HasSuffix(req.URL.Path, "-next") {
			cancel()
			<-req.Context().Done()
			return nil, req.Context().Err()
		}
		return http.DefaultTransport.RoundTrip(req)
	})
	r := runtime.New(runtime.Options{Servers: map[string]string{"items": srv.URL}, Transport: tr})
	res, err := r.Run(ctx, doc, "follow", map[string]any{"id": "1"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != runtime.Failed || !strings.Contains(res.Error.Error(), "the run was cancelled") {
		t.Fatalf("status %s, error %v; want failed, cancelled", res.Status, res.Error)
	}
	if len(res.Steps) != 2 || res.Steps[0].Status != runtime.Succeeded {
		t.Errorf("steps = %+v, want first succeeded, second failed", res.Steps)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// TestRunClock checks that durations come from Options.Now.
func TestRunClock(t *testing.T) {
	srv := newItemsServer(t)
	doc := loadItems(t, srv)
	var ticks atomic.Int64
	now := func() time.Time {
		return time.Unix(0, 0).Add(time.Duration(ticks.Add(1)) * time.Second)
	}
	r := runtime.New(runtime.Options{Servers: map[string]string{"items": srv.URL}, Now: now})
	res, err := r.Run(context.Background(), doc, "follow", map[string]any{"id": "1"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Duration <= 0 || res.Duration%time.Second != 0 {
		t.Errorf("duration %v, want whole seconds from the fake clock", res.Duration)
	}
}

func TestRunErrors(t *testing.T) {
	srv := newItemsServer(t)
	doc := loadItems(t, srv)
	r := runtime.New(runtime.Options{})
	tests := []struct {
		name     string
		workflow string
		inputs   map[string]any
		want     error
		text     string
	}{
		{"unknown workflow", "folow", nil, runtime.ErrUnknownWorkflow, `unknown workflow "folow"`},
		{"missing input", "follow", nil, runtime.ErrInvalidInputs, "needs required input: id"},
		{"wrong type", "follow", map[string]any{"id": 3}, runtime.ErrInvalidInputs, "input id: want string, got number"},
		{"unknown input", "follow", map[string]any{"id": "1", "ID": "2"}, runtime.ErrInvalidInputs, `did you mean "id"?`},
		{"typed Go value", "follow", map[string]any{"id": int32(4)}, runtime.ErrInvalidInputs, "input id: want string, got number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Run(context.Background(), doc, tt.workflow, tt.inputs)
			if !errors.Is(err, tt.want) || !strings.Contains(fmt.Sprint(err), tt.text) {
				t.Errorf("Run(%q, %v) error = %v, want %v containing %q", tt.workflow, tt.inputs, err, tt.want, tt.text)
			}
		})
	}
}

func TestRunNilDocument(t *testing.T) {
	r := runtime.New(runtime.Options{})
	if _, err := r.Run(context.Background(), nil, "x", nil); err == nil {
		t.Error("Run(nil document) returned no error")
	}
	if _, err := r.RunAll(context.Background(), nil, nil); err == nil {
		t.Error("RunAll(nil document) returned no error")
	}
}
