package runtime_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

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
	for b.Loop() {
		res, err := r.Run(ctx, doc, "follow", inputs)
		if err != nil || res.Status != runtime.Succeeded {
			b.Fatalf("run: %v %v", err, res.Error)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*b.N), "ns/step")
}

// BenchmarkRawRoundTrip measures the same two GET requests sent with a
// plain http.Client, reading and decoding nothing beyond the body bytes.
func BenchmarkRawRoundTrip(b *testing.B) {
	srv := newItemsServer(b)
	client := &http.Client{}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
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
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*b.N), "ns/step")
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
	for b.Loop() {
		res, err := r.Run(ctx, doc, "follow", inputs)
		if err != nil || res.Status != runtime.Succeeded {
			b.Fatalf("run: %v %v", err, res.Error)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*b.N), "ns/step")
}
