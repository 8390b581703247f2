package mock

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/arazzo-run/arazzo/openapi"
)

// Errors returned by [Scenario.RoundTrip], wrapped with the details.
var (
	// ErrNoOperationID means the request was not built for an operation
	// of an OpenAPI description, so nothing names it in the scenario.
	ErrNoOperationID = errors.New("request carries no operation")
	// ErrUnknownOperation means the scenario has no responses for it.
	ErrUnknownOperation = errors.New("operation not in mock scenario")
	// ErrExhausted means every response of the operation was served.
	ErrExhausted = errors.New("mock responses exhausted")
)

// RoundTrip serves the next response of the operation named in the
// request context. It waits for the response's delay, or returns the
// context's error if the request is cancelled first.
func (s *Scenario) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}

	id, route := requestKeys(req.Context())
	if id == "" && route == "" {
		return nil, fmt.Errorf("%w: %s %s was not built for an OpenAPI operation, so scenario %s cannot answer it; "+
			"the mock answers only the calls of steps bound to an operation",
			ErrNoOperationID, req.Method, safeURL(req), s.file)
	}
	key, r, err := s.take(id, route)
	if err != nil {
		return nil, err
	}

	if err := sleep(req.Context(), r.delay); err != nil {
		return nil, fmt.Errorf("mock %s: %w", key, err)
	}
	return r.httpResponse(req), nil
}

// requestKeys returns the scenario keys that may answer the request: its
// operationId and, when the request carries its operation, its route
// "METHOD /path". Either may be empty.
func requestKeys(ctx context.Context) (id, route string) {
	id, _ = openapi.OperationIDFromContext(ctx)
	if op, ok := openapi.OperationFromContext(ctx); ok {
		route = op.Method + " " + op.PathTemplate
	}
	return id, route
}

// take claims the next response of the operation keyed by id or, failing
// that, by route, and returns the key it used.
func (s *Scenario) take(id, route string) (string, *response, error) {
	op := s.ops[id]
	if op == nil && route != "" {
		op = s.ops[route]
	}
	if op == nil {
		return "", nil, s.unknown(id, route)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	for op.next < len(op.responses) && op.responses[op.next].served >= op.responses[op.next].times {
		op.next++
	}
	if op.next == len(op.responses) {
		return "", nil, fmt.Errorf("%w: operation %q had %s in %s and all were served",
			ErrExhausted, op.id, countOf(op.total(), "response", "responses"), s.file)
	}
	r := op.responses[op.next]
	r.served++
	return op.id, r, nil
}

// unknown explains that the scenario has no key for the request, and
// which key to add.
func (s *Scenario) unknown(id, route string) error {
	lists := "it lists no operation"
	if keys := s.Operations(); len(keys) > 0 {
		lists = "it lists " + strings.Join(keys, ", ")
	}
	if id == "" {
		return fmt.Errorf("%w: operation %s has no operationId and no responses in %s (%s); "+
			"add them under operations, keyed %q",
			ErrUnknownOperation, route, s.file, lists, route)
	}
	return fmt.Errorf("%w: %q has no responses in %s (%s); add them under operations, keyed %q",
		ErrUnknownOperation, id, s.file, lists, id)
}

// Unused lists the responses never served, or served fewer times than
// asked, as "file:line:col: key[i]: served n of m", where key is the
// operationId or "METHOD /path".
func (s *Scenario) Unused() []string {
	s.mu.Lock()
	defer s.mu.Unlock()

	var out []string
	for _, id := range s.Operations() {
		for i, r := range s.ops[id].responses {
			if r.served < r.times {
				out = append(out, fmt.Sprintf("%s:%d:%d: %s[%d]: served %d of %d",
					s.file, r.line, r.col, id, i, r.served, r.times))
			}
		}
	}
	return out
}

// httpResponse builds a fresh *http.Response, so callers may read and
// close each one independently.
func (r *response) httpResponse(req *http.Request) *http.Response {
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", r.status, http.StatusText(r.status)),
		StatusCode:    r.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        r.header.Clone(),
		Body:          io.NopCloser(bytes.NewReader(r.body)),
		ContentLength: int64(len(r.body)),
		Request:       req,
	}
}

// sleep waits for d unless ctx ends first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// safeURL renders the request URL without credentials or query, which
// may carry API keys.
func safeURL(req *http.Request) string {
	if req.URL == nil {
		return "(no URL)"
	}
	u := *req.URL
	u.User = nil
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}

// countOf writes n with the noun in the number it takes: "1 response",
// "2 responses".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
