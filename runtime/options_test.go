package runtime_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/arazzo-run/arazzo/runtime"
	"github.com/arazzo-run/arazzo/runtime/report"
)

// TestRunRefusesMisuse checks that misuse is an error, not a panic, and
// not a run that sends requests somewhere unintended.
func TestRunRefusesMisuse(t *testing.T) {
	srv := newItemsServer(t)
	doc := loadItems(t, srv)
	inputs := map[string]any{"id": "1"}
	var zero runtime.Runner
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"zero Runner", func() error {
			_, err := zero.Run(context.Background(), doc, "follow", inputs)
			return err
		}, "not made by New"},
		{"nil context", func() error {
			//lint:ignore SA1012 the point is a nil context
			_, err := runtime.New(runtime.Options{}).Run(nil, doc, "follow", inputs)
			return err
		}, "nil context"},
		{"server for an unknown source", func() error {
			_, err := runtime.New(runtime.Options{Servers: map[string]string{"itmes": srv.URL}}).Run(context.Background(), doc, "follow", inputs)
			return err
		}, `Servers names source "itmes"`},
		{"unknown check", func() error {
			_, err := runtime.New(runtime.Options{Checks: map[string]runtime.CheckLevel{"body-schemaa": runtime.LevelError}}).Run(context.Background(), doc, "follow", inputs)
			return err
		}, `Checks names "body-schemaa"`},
		{"unknown level", func() error {
			_, err := runtime.New(runtime.Options{Checks: map[string]runtime.CheckLevel{"body-schema": "fatal"}}).RunAll(context.Background(), doc, inputs)
			return err
		}, `Checks["body-schema"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if !errors.Is(err, runtime.ErrInvalidOptions) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want ErrInvalidOptions saying %q", err, tt.want)
			}
		})
	}
	// A nil ObserverFunc is no observer, not a crash.
	r := runtime.New(runtime.Options{Servers: map[string]string{"items": srv.URL}, Observer: runtime.ObserverFunc(nil)})
	if res, err := r.Run(context.Background(), doc, "follow", inputs); err != nil || res.Status != runtime.Succeeded {
		t.Errorf("with a nil ObserverFunc: %v %v", err, res)
	}
}

// TestRunErrorCauses checks that what stopped a run can be told apart:
// the caller's cancellation with its cause, the caller's deadline, the
// run's own time limit, and the transport's error.
func TestRunErrorCauses(t *testing.T) {
	srv := newItemsServer(t)
	doc := loadItems(t, srv)
	inputs := map[string]any{"id": "1"}
	stopped := errors.New("shutdown requested")
	failing := roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, stopped })
	tests := []struct {
		name string
		opts runtime.Options
		ctx  func() (context.Context, context.CancelFunc)
		is   error
		msg  string
	}{
		{"cancelled with a cause", runtime.Options{Servers: map[string]string{"items": srv.URL}},
			func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancelCause(context.Background())
				cancel(stopped)
				return ctx, func() {}
			}, stopped, "the run was cancelled (shutdown requested)"},
		{"caller's deadline", runtime.Options{Servers: map[string]string{"items": srv.URL}},
			func() (context.Context, context.CancelFunc) {
				return context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
			}, context.DeadlineExceeded, "the caller's deadline passed"},
		{"the transport's error", runtime.Options{Transport: failing},
			func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) },
			stopped, "shutdown requested"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx()
			defer cancel()
			res, err := runtime.New(tt.opts).Run(ctx, doc, "follow", inputs)
			if err != nil {
				t.Fatal(err)
			}
			if !errors.Is(res.Error, tt.is) || !strings.Contains(res.Error.Message, tt.msg) {
				t.Errorf("Error = %v (Is %v: %v), want it to say %q", res.Error, tt.is, errors.Is(res.Error, tt.is), tt.msg)
			}
			if errors.Is(res.Error, runtime.ErrRunTimeout) {
				t.Error("blamed on the run's own time limit")
			}
		})
	}
}

// TestThrottledAnswersRecorded checks that a 429 answer waited out is
// kept with the step, and given in the HAR before the answer that
// counted.
func TestThrottledAnswersRecorded(t *testing.T) {
	srv := newItemsServer(t)
	doc := loadItems(t, srv)
	calls := 0
	tr := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		calls++
		if calls == 1 {
			return &http.Response{StatusCode: http.StatusTooManyRequests, Request: req,
				Header: http.Header{"Retry-After": {"1"}}, Body: io.NopCloser(strings.NewReader("slow down"))}, nil
		}
		return &http.Response{StatusCode: http.StatusOK, Request: req, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(`{"next": "2", "name": "item"}`))}, nil
	})
	r := runtime.New(runtime.Options{Transport: tr, Sleep: func(context.Context, time.Duration) error { return nil }})
	res, err := r.Run(context.Background(), doc, "follow", map[string]any{"id": "1"})
	if err != nil || res.Status != runtime.Succeeded {
		t.Fatalf("run: %v %v", err, res.Error)
	}
	th := res.Steps[0].Throttled
	if len(th) != 1 || th[0].Response.StatusCode != http.StatusTooManyRequests || th[0].Response.Body != "slow down" {
		t.Fatalf("throttled answers = %+v, want the one 429", th)
	}
	var buf bytes.Buffer
	if err := report.WriteHAR(&buf, []*runtime.Result{res}, "test"); err != nil {
		t.Fatal(err)
	}
	var har report.HAR
	if err := json.Unmarshal(buf.Bytes(), &har); err != nil {
		t.Fatal(err)
	}
	if n := len(har.Log.Entries); n != 3 || har.Log.Entries[0].Response.Status != 429 || har.Log.Entries[1].Response.Status != 200 {
		t.Errorf("HAR has %d entries, first %d; want 3, the 429 first", n, har.Log.Entries[0].Response.Status)
	}
}
