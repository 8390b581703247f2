package report_test

import (
	"os"

	"github.com/arazzo-run/arazzo/runtime"
	"github.com/arazzo-run/arazzo/runtime/report"
)

// A run whose polling step failed once, was retried and then passed with
// a check warning: the workflow passed, and the summary says so.
func ExampleSummarize() {
	warning := runtime.CheckResult{Check: "required-header", Level: runtime.LevelWarn, Outcome: runtime.CheckWarned,
		Findings: []runtime.CheckFinding{{Level: runtime.LevelWarn, Message: "getSandbox: required header X-Request-Id is missing"}}}
	res := &runtime.Result{WorkflowID: "provision", Status: runtime.Succeeded, Steps: []*runtime.StepResult{
		{StepID: "create", Status: runtime.Succeeded, Attempt: 1},
		{StepID: "poll", Status: runtime.Failed, Attempt: 1, Error: "status 503 is not 2xx"},
		{StepID: "poll", Status: runtime.Succeeded, Attempt: 2, Checks: []runtime.CheckResult{warning}},
	}}

	sum := report.Summarize([]*runtime.Result{res})
	sum.WriteText(os.Stdout)
	// Output:
	// summary
	//   workflows    1 passed    0 failed    0 warned
	//   steps        1 passed    0 failed    2 warned
	//   checks       0 passed    0 failed    1 warned
	// warnings
	//   provision › poll: required-header: getSandbox: required header X-Request-Id is missing
}
