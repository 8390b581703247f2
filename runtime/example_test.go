package runtime_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/runtime"
)

// exampleServer stands in for a real API: it serves its own OpenAPI
// description and the items it describes.
func exampleServer() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /openapi.yaml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, itemsAPI)
	})
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"next": "%s-next", "name": "item %s"}`, r.PathValue("id"), r.PathValue("id"))
	})
	return httptest.NewServer(mux)
}

// Load a document, whose source description is fetched from the server,
// and run one of its workflows.
func ExampleRunner_Run() {
	srv := exampleServer()
	defer srv.Close()
	ctx := context.Background()

	doc, diags := arazzo.LoadData(ctx, []byte(fmt.Sprintf(itemsDoc, srv.URL)), "items.arazzo.yaml", arazzo.LoadOptions{})
	if diags.HasErrors() {
		log.Fatal(diags)
	}
	runner := runtime.New(runtime.Options{
		Servers: map[string]string{"items": srv.URL}, // where the "items" source is served
	})
	res, err := runner.Run(ctx, doc, "follow", map[string]any{"id": "7", "apiToken": "s3cr3t-token"})
	if err != nil {
		log.Fatal(err) // the run could not start: unknown workflow, invalid inputs
	}

	fmt.Println(res.Status, res.Outputs["name"])
	for _, s := range res.Steps {
		fmt.Println(s.StepID, s.Request.Method, s.Request.URL[len(srv.URL):], s.StatusCode,
			s.Request.Header.Get("Authorization"))
	}
	// Output:
	// succeeded item 7-next
	// first GET /items/7 200 Bearer ****
	// second GET /items/7-next 200
}

// An Observer sees every point of a run as it happens, for progress
// display or metrics.
func ExampleObserverFunc() {
	srv := exampleServer()
	defer srv.Close()
	ctx := context.Background()
	doc, diags := arazzo.LoadData(ctx, []byte(fmt.Sprintf(itemsDoc, srv.URL)), "items.arazzo.yaml", arazzo.LoadOptions{})
	if diags.HasErrors() {
		log.Fatal(diags)
	}

	runner := runtime.New(runtime.Options{
		Servers: map[string]string{"items": srv.URL},
		Observer: runtime.ObserverFunc(func(e runtime.Event) {
			if e.Kind == runtime.StepFinished {
				fmt.Printf("%s: %s, outputs %v\n", e.StepID, e.Step.Status, e.Outputs)
			}
		}),
	})
	if _, err := runner.Run(ctx, doc, "follow", map[string]any{"id": "1"}); err != nil {
		log.Fatal(err)
	}
	// Output:
	// first: succeeded, outputs map[next:1-next]
	// second: succeeded, outputs map[name:item 1-next]
}

// RunAll runs every workflow of a document, dependencies first.
func ExampleRunner_RunAll() {
	srv := exampleServer()
	defer srv.Close()
	ctx := context.Background()
	doc, diags := arazzo.LoadData(ctx, []byte(fmt.Sprintf(itemsDoc, srv.URL)), "items.arazzo.yaml", arazzo.LoadOptions{})
	if diags.HasErrors() {
		log.Fatal(diags)
	}

	runner := runtime.New(runtime.Options{Servers: map[string]string{"items": srv.URL}})
	results, err := runner.RunAll(ctx, doc, map[string]any{"id": "2"})
	if err != nil {
		log.Fatal(err)
	}
	for _, res := range results {
		fmt.Println(res.WorkflowID, res.Status, len(res.Steps), "steps")
	}
	// Output:
	// follow succeeded 2 steps
}
