package runtime_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/internal/daytonasim"
	"github.com/arazzo-run/arazzo/runtime"
)

// BenchmarkRunStep measures one run of the two-step items workflow
// against a loopback server, reported per step. Compare it with
// BenchmarkRawRoundTrip: the difference is the interpreter's own cost
// (evaluating parameters, building the request, criteria, outputs,
// traces and masking).
func BenchmarkRunStep(b *testing.B) {
	srv := newItemsServer(b)
	doc := loadItems(b, srv)
	r := runtime.New(runtime.Options{Servers: map[string]string{"items": srv.URL}})
	inputs := map[string]any{"id": "1"}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		res, err := r.Run(ctx, doc, "follow", inputs)
		if err != nil || res.Status != runtime.Succeeded {
			b.Fatalf("run: %v %v", err, res.Error)
		}
	}
	reportPerStep(b, cpu, 2)
}

// BenchmarkRawRoundTrip measures the same two GET requests sent with a
// plain http.Client, reading and decoding nothing beyond the body bytes.
func BenchmarkRawRoundTrip(b *testing.B) {
	srv := newItemsServer(b)
	client := &http.Client{}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		for _, id := range []string{"1", "1-next"} {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/items/%s", srv.URL, id), nil)
			resp, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
	}
	reportPerStep(b, cpu, 2)
}

// BenchmarkRunStepInMemory runs the same workflow over a transport that
// answers from memory, so that only the interpreter's own cost is
// measured, free of the noise of a loopback connection.
func BenchmarkRunStepInMemory(b *testing.B) {
	srv := newItemsServer(b)
	doc := loadItems(b, srv)
	tr := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		body := `{"next": "1-next", "name": "item 1"}`
		return &http.Response{
			StatusCode: http.StatusOK,
			Header:     http.Header{"Content-Type": {"application/json"}},
			Body:       io.NopCloser(strings.NewReader(body)),
			Request:    req,
		}, nil
	})
	r := runtime.New(runtime.Options{Transport: tr})
	inputs := map[string]any{"id": "1"}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		res, err := r.Run(ctx, doc, "follow", inputs)
		if err != nil || res.Status != runtime.Succeeded {
			b.Fatalf("run: %v %v", err, res.Error)
		}
	}
	reportPerStep(b, cpu, 2)
}

// flagshipToken is the bearer token the flagship benchmarks send.
const flagshipToken = "dtn_bench0123456789abcdef0123456789abcdef"

// cannedResponse is one response recorded from the Daytona simulator.
type cannedResponse struct {
	status int
	header http.Header
	body   []byte
}

// recordFlagship runs the shipped flagship workflow once against the
// Daytona simulator and returns the answers it gave, by method: POST
// creates the sandbox, GET reads it back as started. Replaying them
// keeps the benchmarks free of the simulator's own cost.
func recordFlagship(b *testing.B, doc *arazzo.Document) map[string]cannedResponse {
	sim := daytonasim.New(daytonasim.Config{Token: flagshipToken, PollsUntilStarted: -1})
	b.Cleanup(sim.Close)
	canned := map[string]cannedResponse{}
	tr := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		canned[req.Method] = cannedResponse{resp.StatusCode, resp.Header.Clone(), body}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		return resp, err
	})
	r := runtime.New(runtime.Options{Transport: tr, Servers: map[string]string{"sandboxApi": sim.URL()}})
	runFlagshipOnce(b, r, doc)
	return canned
}

func loadFlagship(b *testing.B) *arazzo.Document {
	doc, diags := arazzo.Load(context.Background(), "../workflows/daytona-provision.yml", arazzo.LoadOptions{})
	if doc == nil || diags.HasErrors() {
		b.Fatalf("load: %v", diags)
	}
	return doc
}

// runFlagshipOnce runs the workflow and checks it took its three steps
// (create, one poll, details) with every response check passing, or
// skipped for lack of anything to check.
func runFlagshipOnce(b *testing.B, r *runtime.Runner, doc *arazzo.Document) {
	inputs := map[string]any{"apiToken": flagshipToken, "snapshot": "daytona-small"}
	res, err := r.Run(context.Background(), doc, "provision-sandbox", inputs)
	if err != nil || res.Status != runtime.Succeeded || len(res.Steps) != 3 {
		b.Fatalf("run: %v %v (%d steps)", err, res.Error, len(res.Steps))
	}
	for _, s := range res.Steps {
		for _, c := range s.Checks {
			if c.Outcome != runtime.CheckPassed && c.Outcome != runtime.CheckSkipped {
				b.Fatalf("step %s: check %s %s: %v", s.StepID, c.Check, c.Outcome, c.Findings)
			}
		}
	}
}

// replay answers every request with the recorded response for its
// method.
func replay(canned map[string]cannedResponse, w http.ResponseWriter, r *http.Request) {
	c := canned[r.Method]
	for k, v := range c.header {
		if k != "Content-Length" && k != "Date" {
			w.Header()[k] = v
		}
	}
	w.WriteHeader(c.status)
	w.Write(c.body)
}

// BenchmarkFlagship runs the shipped three-step flagship workflow
// (create a sandbox, poll it, read its details) end to end against a
// loopback server that replays the simulator's answers, with response
// schemas checked. Compare it with BenchmarkFlagshipRaw.
func BenchmarkFlagship(b *testing.B) {
	doc := loadFlagship(b)
	canned := recordFlagship(b, doc)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		replay(canned, w, r)
	}))
	b.Cleanup(srv.Close)
	r := runtime.New(runtime.Options{Servers: map[string]string{"sandboxApi": srv.URL + "/api"}})
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		runFlagshipOnce(b, r, doc)
	}
	reportPerStep(b, cpu, 3)
}

// BenchmarkFlagshipRaw sends the flagship's three requests to the same
// loopback server with a plain http.Client.
func BenchmarkFlagshipRaw(b *testing.B) {
	doc := loadFlagship(b)
	canned := recordFlagship(b, doc)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		replay(canned, w, r)
	}))
	b.Cleanup(srv.Close)
	client := &http.Client{}
	create := `{"snapshot":"daytona-small"}`
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		for _, m := range []string{http.MethodPost, http.MethodGet, http.MethodGet} {
			var body io.Reader
			if m == http.MethodPost {
				body = strings.NewReader(create)
			}
			req, _ := http.NewRequest(m, srv.URL+"/api/sandbox", body)
			req.Header.Set("Authorization", "Bearer "+flagshipToken)
			resp, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
	}
	reportPerStep(b, cpu, 3)
}

// BenchmarkFlagshipInMemory runs the flagship workflow over a transport
// that replays the simulator's answers from memory: the interpreter's
// own cost per step, schema checks included.
func BenchmarkFlagshipInMemory(b *testing.B) {
	doc := loadFlagship(b)
	canned := recordFlagship(b, doc)
	tr := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		c := canned[req.Method]
		return &http.Response{StatusCode: c.status, Header: c.header,
			Body: io.NopCloser(bytes.NewReader(c.body)), Request: req}, nil
	})
	r := runtime.New(runtime.Options{Transport: tr})
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		runFlagshipOnce(b, r, doc)
	}
	reportPerStep(b, cpu, 3)
}

// reportPerStep reports the wall time and the process's CPU time per
// step, from the CPU time read when the measured loop began.
func reportPerStep(b *testing.B, cpuStart time.Duration, steps int) {
	n := float64(steps * b.N)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/step")
	b.ReportMetric(float64((processCPU()-cpuStart).Nanoseconds())/n, "cpu-ns/step")
}
