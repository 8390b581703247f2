package main

import (
	"strings"
	"testing"
	"time"

	"github.com/arazzo-run/arazzo/runtime"
)

// TestProgressIndentsNestedWorkflows checks that a workflow run inside
// another (a dependency, a workflow step) is shown under it, so that its
// steps are not taken for the outer workflow's.
func TestProgressIndentsNestedWorkflows(t *testing.T) {
	var out strings.Builder
	p := newProgress(&out, false, false)
	now := time.Now()
	step := func(wf, id string, code int) runtime.Event {
		return runtime.Event{Kind: runtime.StepFinished, Time: now, WorkflowID: wf, StepID: id,
			Step: &runtime.StepResult{StepID: id, Status: runtime.Succeeded, StatusCode: code}}
	}
	failed := &runtime.Result{Status: runtime.Failed, Error: &runtime.RunError{Message: "boom"}}
	for _, e := range []runtime.Event{
		{Kind: runtime.WorkflowStarted, WorkflowID: "second"},
		{Kind: runtime.WorkflowStarted, WorkflowID: "first"},
		step("first", "a", 200),
		{Kind: runtime.WorkflowFinished, WorkflowID: "first", Result: &runtime.Result{Status: runtime.Succeeded}},
		step("second", "get", 200),
		{Kind: runtime.WorkflowStarted, WorkflowID: "child"},
		{Kind: runtime.WorkflowFinished, WorkflowID: "child", Result: failed},
		{Kind: runtime.WorkflowFinished, WorkflowID: "second", Result: failed},
	} {
		p.Observe(e)
	}
	want := []string{
		"workflow second",
		"  workflow first",
		"    ok   a                    200    0ms",
		"  ok   get                  200    0ms",
		"  workflow child",
		"  workflow child failed after 0s",
		"workflow second failed after 0s",
	}
	if got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("progress:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestStepMark(t *testing.T) {
	warned := []runtime.CheckResult{{Check: "body-schema", Outcome: runtime.CheckPassed}, {Check: "content-type-declared", Outcome: runtime.CheckWarned}}
	tests := []struct {
		r    runtime.StepResult
		want string
	}{
		{runtime.StepResult{Status: runtime.Succeeded}, "ok  "},
		{runtime.StepResult{Status: runtime.Succeeded, Checks: warned}, "warn"},
		{runtime.StepResult{Status: runtime.Failed, Checks: warned}, "FAIL"},
	}
	for _, tt := range tests {
		if got := stepMark(&tt.r); got != tt.want {
			t.Errorf("stepMark(%+v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}
