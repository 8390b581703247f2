package report

import (
	"encoding/json"
	"io"

	"github.com/arazzo-run/arazzo/runtime"
)

// JSONReport is the document [WriteJSON] writes. Workflows holds each
// run's result as `arazzo run --output json` prints it, conformance
// checks included.
type JSONReport struct {
	Tool      string            `json:"tool"`   // always "arazzo"
	Status    string            `json:"status"` // "passed" or "failed", as the exit code says
	Summary   Summary           `json:"summary"`
	Workflows []*runtime.Result `json:"workflows"`
}

// WriteJSON writes the results and their summary as one indented JSON
// document.
func WriteJSON(w io.Writer, results []*runtime.Result) error {
	sum := Summarize(results)
	rep := JSONReport{Tool: "arazzo", Status: "passed", Summary: sum, Workflows: results}
	if sum.Failed() {
		rep.Status = "failed"
	}
	rep.Workflows = make([]*runtime.Result, 0, len(results))
	for _, res := range results {
		if res != nil && res.Steps == nil {
			// A workflow that ran no step lists none, rather than null.
			copied := *res
			copied.Steps = []*runtime.StepResult{}
			res = &copied
		}
		rep.Workflows = append(rep.Workflows, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
