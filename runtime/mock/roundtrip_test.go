package mock

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arazzo-run/arazzo/openapi"
)

// request builds a request tagged with an operationId, as BuildRequest does.
func request(t *testing.T, ctx context.Context, opID string) *http.Request {
	t.Helper()
	if opID != "" {
		ctx = openapi.WithOperationID(ctx, opID)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		"https://user:pw@api.example.test/sandbox/x?key=secret", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// served is what a test sees of one response.
type served struct {
	status int
	ctype  string
	body   string
}

func roundTrip(t *testing.T, s *Scenario, opID string) (served, error) {
	t.Helper()
	resp, err := s.RoundTrip(request(t, context.Background(), opID))
	if err != nil {
		return served{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.ContentLength != int64(len(data)) {
		t.Errorf("ContentLength = %d, body has %d bytes", resp.ContentLength, len(data))
	}
	return served{resp.StatusCode, resp.Header.Get("Content-Type"), string(data)}, nil
}

func mustParse(t *testing.T, doc string) *Scenario {
	t.Helper()
	s, err := Parse([]byte(doc), "s.yml")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

func TestRoundTripServesInOrder(t *testing.T) {
	s := mustParse(t, `
operations:
  poll:
    - body: {state: creating, n: 1, ok: true, none: null, at: 2026-06-01T10:00:00.000Z}
      times: 2
    - status: 503
    - headers: {Content-Type: text/plain}
      body: "{not json"
    - status: 204
    - body: "a string"
    - headers: {Content-Type: application/problem+json}
      body: [b, 1.5]
`)
	want := []served{
		{200, "application/json", `{"state":"creating","n":1,"ok":true,"none":null,"at":"2026-06-01T10:00:00.000Z"}`},
		{200, "application/json", `{"state":"creating","n":1,"ok":true,"none":null,"at":"2026-06-01T10:00:00.000Z"}`},
		{503, "", ""},
		{200, "text/plain", "{not json"},
		{204, "", ""},
		{200, "application/json", `"a string"`},
		{200, "application/problem+json", `["b",1.5]`},
	}
	for i, w := range want {
		got, err := roundTrip(t, s, "poll")
		if err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
		if got != w {
			t.Errorf("request %d: got %+v, want %+v", i+1, got, w)
		}
	}
	if u := s.Unused(); len(u) != 0 {
		t.Errorf("Unused() = %q, want none", u)
	}
}

func TestRoundTripHeaders(t *testing.T) {
	s := mustParse(t, "operations:\n  op:\n    - status: 429\n      headers: {retry-after: 2, X-A: yes}\n")
	resp, err := s.RoundTrip(request(t, context.Background(), "op"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != "429 Too Many Requests" {
		t.Errorf("Status = %q, want 429 Too Many Requests", resp.Status)
	}
	if got := resp.Header.Get("Retry-After"); got != "2" {
		t.Errorf("Retry-After = %q, want 2", got)
	}
	if got := resp.Header.Get("X-A"); got != "yes" {
		t.Errorf("X-A = %q, want yes (scalars are taken as written)", got)
	}
	resp.Header.Set("X-A", "changed")
	if s.ops["op"].responses[0].header.Get("X-A") != "yes" {
		t.Error("changing a served header changed the scenario")
	}
}

func TestRoundTripErrors(t *testing.T) {
	s := mustParse(t, "operations:\n  getSandbox:\n    - times: 2\n    - {}\n  createSandbox: [{}]\n")
	for range 3 {
		if _, err := roundTrip(t, s, "getSandbox"); err != nil {
			t.Fatal(err)
		}
	}

	tests := []struct {
		name string
		opID string
		is   error
		want []string
	}{
		{"exhausted", "getSandbox", ErrExhausted, []string{`"getSandbox"`, "had 3 responses", "s.yml"}},
		{"unknown", "deleteSandbox", ErrUnknownOperation,
			[]string{`"deleteSandbox"`, "s.yml", "createSandbox, getSandbox"}},
		{"no operationId", "", ErrNoOperationID,
			[]string{"GET https://api.example.test/sandbox/x", "s.yml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := roundTrip(t, s, tt.opID)
			if !errors.Is(err, tt.is) {
				t.Fatalf("got error %v, want %v", err, tt.is)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "pw@") {
				t.Errorf("error %q leaks credentials", err)
			}
		})
	}
}

func TestUnused(t *testing.T) {
	s := mustParse(t, "operations:\n  a:\n    - times: 3\n    - {}\n  b: [{}]\n")
	if _, err := roundTrip(t, s, "a"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"s.yml:3:7: a[0]: served 1 of 3",
		"s.yml:4:7: a[1]: served 0 of 1",
		"s.yml:5:7: b[0]: served 0 of 1",
	}
	got := s.Unused()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Unused() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRoundTripDelay(t *testing.T) {
	s := mustParse(t, "operations:\n  op:\n    - delay: 30ms\n    - delay: 1h\n")

	start := time.Now()
	if _, err := roundTrip(t, s, "op"); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("first response came after %v, want at least 30ms", d)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := s.RoundTrip(request(t, ctx, "op"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancelled delay: got %v, want context.DeadlineExceeded", err)
	}
}

func TestRoundTripConcurrent(t *testing.T) {
	const n = 50
	s := mustParse(t, "operations:\n  op:\n    - times: 50\n")

	// Requests are built up front: t.Fatal must not run off the test goroutine.
	reqs := make([]*http.Request, n+1)
	for i := range reqs {
		reqs[i] = request(t, context.Background(), "op")
	}

	var wg sync.WaitGroup
	errs := make(chan error, n+1)
	for _, req := range reqs {
		wg.Go(func() {
			resp, err := s.RoundTrip(req)
			if err == nil {
				resp.Body.Close()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)

	failed := 0
	for err := range errs {
		if err != nil {
			failed++
		}
	}
	if failed != 1 {
		t.Errorf("%d of %d concurrent requests failed, want exactly 1", failed, n+1)
	}
}

func TestRoundTripWithClient(t *testing.T) {
	s := mustParse(t, "operations:\n  op:\n    - body: {ok: true}\n")
	c := &http.Client{Transport: s}
	resp, err := c.Do(request(t, context.Background(), "op"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if string(data) != `{"ok":true}` {
		t.Errorf("body = %s, want {\"ok\":true}", data)
	}

	_, err = c.Do(request(t, context.Background(), "op"))
	if !errors.Is(err, ErrExhausted) {
		t.Errorf("second call: got %v, want ErrExhausted through the client", err)
	}
}

// routeOps loads a description with one operation lacking an operationId
// and one having it.
func routeOps(t *testing.T) (noID, withID *openapi.Operation) {
	t.Helper()
	d, err := openapi.LoadData([]byte(`openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: "http://127.0.0.1:8080"}]
paths:
  /articles/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /orders:
    post:
      operationId: createOrder
      responses: {"201": {description: created}}
`), "api.yml")
	if err != nil {
		t.Fatal(err)
	}
	noID, err = d.OperationByPointer("/paths/~1articles~1{id}/get")
	if err != nil {
		t.Fatal(err)
	}
	withID, ok := d.Operation("createOrder")
	if !ok {
		t.Fatal("createOrder not found")
	}
	return noID, withID
}

// send builds the request for op as the runner does and serves it.
func send(t *testing.T, s *Scenario, op *openapi.Operation) (int, error) {
	t.Helper()
	var in openapi.RequestInput
	if op.ID == "" {
		in.Params = []openapi.ParamValue{{Name: "id", In: "path", Value: "a1"}}
	}
	req, err := op.BuildRequest(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.RoundTrip(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func TestRoundTripByRoute(t *testing.T) {
	noID, withID := routeOps(t)
	tests := []struct {
		name     string
		scenario string
		op       *openapi.Operation
		statuses []int // served in order; then the next call fails
		is       error
		want     []string // substrings of that failure
	}{
		{"no operationId, keyed by route", "operations:\n  GET /articles/{id}: [{status: 200}, {status: 404}]\n",
			noID, []int{200, 404}, ErrExhausted, []string{`"GET /articles/{id}" had 2 responses`}},
		{"route key in lower case", "operations:\n  get /articles/{id}: [{status: 203}]\n",
			noID, []int{203}, ErrExhausted, []string{`had 1 response in`}},
		{"operationId, keyed by route", "operations:\n  POST /orders: [{status: 201}]\n",
			withID, []int{201}, ErrExhausted, []string{`"POST /orders"`}},
		{"operationId wins over route", "operations:\n  createOrder: [{status: 201}]\n  POST /orders: [{status: 500}]\n",
			withID, []int{201}, ErrExhausted, []string{`"createOrder"`}},
		{"no operationId, not in scenario", "operations:\n  createOrder: [{}]\n",
			noID, nil, ErrUnknownOperation, []string{
				"GET /articles/{id} has no operationId", "s.yml", "it lists createOrder",
				`keyed "GET /articles/{id}"`}},
		{"operationId, not in scenario", "operations:\n  GET /articles/{id}: [{}]\n",
			withID, nil, ErrUnknownOperation, []string{`"createOrder" has no responses`, `keyed "createOrder"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, tt.scenario)
			for i, want := range tt.statuses {
				got, err := send(t, s, tt.op)
				if err != nil || got != want {
					t.Fatalf("call %d: status %d, %v; want %d", i, got, err, want)
				}
			}
			_, err := send(t, s, tt.op)
			if !errors.Is(err, tt.is) {
				t.Fatalf("last call: error %v, want %v", err, tt.is)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
