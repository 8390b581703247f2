package runtime_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/arazzo-run/arazzo/arazzo"
	arazzort "github.com/arazzo-run/arazzo/runtime"
	"github.com/arazzo-run/arazzo/runtime/mock"
)

// Example_readme is the program README.md shows under "As a Go library",
// run from the repository's root there and from runtime/ here; the test
// below keeps the two the same.
func Example_readme() {
	ctx := context.Background()
	doc, diags := arazzo.Load(ctx, "../workflows/daytona-provision.yml", arazzo.LoadOptions{})
	if diags.HasErrors() {
		log.Fatal(diags)
	}
	// Answers come from the shipped scenario; leave Transport out to call the real API.
	scenario, err := mock.Load("../workflows/daytona-provision.mock.yml")
	if err != nil {
		log.Fatal(err)
	}
	runner := arazzort.New(arazzort.Options{Transport: scenario, LoopDelay: -1})
	res, err := runner.Run(ctx, doc, "provision-sandbox", map[string]any{
		"snapshot": "daytona-small",
		"apiToken": "dtn_demo",
	})
	if err != nil {
		log.Fatal(err) // nothing ran: unknown workflow, invalid inputs
	}
	fmt.Println(res.Status, res.Outputs["state"], len(res.Steps), "steps")
	// Output: succeeded started 6 steps
}

// TestReadmeExampleIsTested checks that README.md's library program is
// Example_readme, so that the program a reader copies is one that runs.
func TestReadmeExampleIsTested(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	source, err := os.ReadFile("readme_example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)```go\n(package main\n.*?)```").FindSubmatch(readme)
	if block == nil {
		t.Fatal("README.md has no Go program (a ```go block starting with package main)")
	}
	got := funcBody(string(block[1]), "func main() {")
	want := funcBody(strings.ReplaceAll(string(source), "../workflows/", "workflows/"), "func Example_readme() {")
	want = regexp.MustCompile(`\n\s*// Output:[^\n]*`).ReplaceAllString(want, "")
	if got != want {
		t.Errorf("README.md's program differs from Example_readme:\nREADME:\n%s\nexample:\n%s", got, want)
	}
}

// funcBody returns the lines of the function that opens with header,
// up to its closing brace at the start of a line.
func funcBody(src, header string) string {
	_, body, ok := strings.Cut(src, header+"\n")
	if !ok {
		return ""
	}
	body, _, _ = strings.Cut(body, "\n}\n")
	return body
}

// TestCriterionEventsSayWhoseTheyAre checks that each criterion event
// names the success criteria or the action it guards.
func TestCriterionEventsSayWhoseTheyAre(t *testing.T) {
	ctx := context.Background()
	doc, diags := arazzo.Load(ctx, "../workflows/daytona-provision.yml", arazzo.LoadOptions{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	scenario, err := mock.Load("../workflows/daytona-provision.mock.yml")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	observe := arazzort.ObserverFunc(func(e arazzort.Event) {
		if e.Kind == arazzort.CriterionEvaluated && e.StepID == "pollState" {
			seen[e.Of] = true
		}
	})
	r := arazzort.New(arazzort.Options{Transport: scenario, LoopDelay: -1, Observer: observe})
	if _, err := r.Run(ctx, doc, "provision-sandbox", map[string]any{"snapshot": "s", "apiToken": "dtn_demo"}); err != nil {
		t.Fatal(err)
	}
	for _, of := range []string{"successCriteria", "running", "stillProvisioning"} {
		if !seen[of] {
			t.Errorf("no criterion event of %q among %v", of, seen)
		}
	}
}

// TestEventJSON checks the JSON form of an event: lower-case keys, the
// unset fields left out.
func TestEventJSON(t *testing.T) {
	e := arazzort.Event{Kind: arazzort.RequestSent, StepID: "s", Attempt: 1, Method: "GET", URL: "https://x/y"}
	data, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"kind":"request-sent","time":"0001-01-01T00:00:00Z","stepId":"s","attempt":1,"method":"GET","url":"https://x/y"}`
	if string(data) != want {
		t.Errorf("JSON = %s, want %s", data, want)
	}
}
