package report

import (
	"cmp"
	"fmt"

	"github.com/arazzo-run/arazzo/runtime"
)

// Counts tallies outcomes. Skipped counts checks that had nothing to
// check ([runtime.CheckSkipped]); they did not pass.
type Counts struct {
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Warned  int `json:"warned"`
	Skipped int `json:"skipped"`
}

// Summary is what a set of runs amounts to: counts of workflows, step
// executions and conformance checks, and every failure in run order.
type Summary struct {
	Workflows Counts    `json:"workflows"`
	Steps     Counts    `json:"steps"`
	Checks    Counts    `json:"checks"`
	Failures  []Failure `json:"failures,omitempty"`
	Warnings  []Warning `json:"warnings,omitempty"` // distinct check warnings, in run order
}

// Warning is a check finding at warn level, counted once however often
// it recurred (a polling step repeats the same warning).
type Warning struct {
	WorkflowID string `json:"workflowId"`
	StepID     string `json:"stepId"`
	Check      string `json:"check"`
	Message    string `json:"message"`
	Count      int    `json:"count"`
}

// String formats the warning as "workflow › step: check: message (×n)".
func (w Warning) String() string {
	s := w.WorkflowID + " › " + w.StepID + ": " + w.Check + ": " + w.Message
	if w.Count > 1 {
		s += fmt.Sprintf(" (%d times)", w.Count)
	}
	return s
}

// Failure is one reason a run did not pass.
type Failure struct {
	WorkflowID string   `json:"workflowId"`
	StepID     string   `json:"stepId,omitempty"`
	Attempt    int      `json:"attempt,omitempty"`
	Checks     []string `json:"checks,omitempty"` // the conformance checks that failed
	Message    string   `json:"message"`
}

// String formats the failure as "workflow › step #n: message".
func (f Failure) String() string {
	where := f.WorkflowID
	if f.StepID != "" {
		where += " › " + f.StepID
		if f.Attempt > 1 {
			where += fmt.Sprintf(" #%d", f.Attempt)
		}
	}
	return where + ": " + f.Message
}

// Failed reports whether the runs fail a CI job: a workflow failed or a
// check at error level did.
func (s Summary) Failed() bool {
	return s.Workflows.Failed > 0 || s.Checks.Failed > 0
}

// Summarize counts the outcomes of results, one per workflow run.
func Summarize(results []*runtime.Result) Summary {
	var s Summary
	for _, res := range results {
		s.add(res)
	}
	return s
}

func (s *Summary) add(res *runtime.Result) {
	if res.Status == runtime.Succeeded {
		s.Workflows.Passed++
	} else {
		s.Workflows.Failed++
	}
	attributed := false
	for i, step := range res.Steps {
		outcome := StepOutcome(res, i)
		s.countStep(step, outcome)
		s.addWarnings(cmp.Or(step.WorkflowID, res.WorkflowID), step)
		if outcome == runtime.CheckFailed {
			attributed = true
			s.Failures = append(s.Failures, stepFailure(step))
		}
	}
	if res.Status != runtime.Succeeded && !attributed {
		s.Failures = append(s.Failures, workflowFailure(res))
	}
}

func (s *Summary) countStep(step *runtime.StepResult, outcome runtime.CheckOutcome) {
	switch outcome {
	case runtime.CheckFailed:
		s.Steps.Failed++
	case runtime.CheckWarned:
		s.Steps.Warned++
	default:
		s.Steps.Passed++
	}
	for _, c := range step.Checks {
		switch c.Outcome {
		case runtime.CheckFailed:
			s.Checks.Failed++
		case runtime.CheckWarned:
			s.Checks.Warned++
		case runtime.CheckSkipped:
			s.Checks.Skipped++
		default:
			s.Checks.Passed++
		}
	}
}

func (s *Summary) addWarnings(workflowID string, step *runtime.StepResult) {
	for _, c := range step.Checks {
		for _, f := range c.Findings {
			if f.Level != runtime.LevelWarn {
				continue
			}
			w := Warning{WorkflowID: workflowID, StepID: step.StepID, Check: c.Check, Message: f.String()}
			if i := s.findWarning(w); i >= 0 {
				s.Warnings[i].Count++
				continue
			}
			w.Count = 1
			s.Warnings = append(s.Warnings, w)
		}
	}
}

func (s *Summary) findWarning(w Warning) int {
	for i, have := range s.Warnings {
		have.Count = w.Count
		if have == w {
			return i
		}
	}
	return -1
}

// StepOutcome judges the i-th step execution of res for reports. A step
// that failed counts as failed when a check at error level failed in it,
// or when it is the last execution of the step whose failure ended the
// workflow. That holds for the steps of a dependency and of a workflow a
// step called as well, when their failure failed the run
// ([runtime.StepResult.EndedRun]). Other failures were handled by the
// workflow (a retry, a failure action) and count as warned, as do steps
// that passed with check warnings.
func StepOutcome(res *runtime.Result, i int) runtime.CheckOutcome {
	step := res.Steps[i]
	if step.Status == runtime.Succeeded {
		if hasCheck(step, runtime.CheckWarned) {
			return runtime.CheckWarned
		}
		return runtime.CheckPassed
	}
	if hasCheck(step, runtime.CheckFailed) || step.EndedRun || endedRun(res, i) {
		return runtime.CheckFailed
	}
	return runtime.CheckWarned
}

func hasCheck(step *runtime.StepResult, outcome runtime.CheckOutcome) bool {
	for _, c := range step.Checks {
		if c.Outcome == outcome {
			return true
		}
	}
	return false
}

// endedRun reports whether the i-th step execution is the one whose
// failure the run's error names: the last execution of that step.
func endedRun(res *runtime.Result, i int) bool {
	e, step := res.Error, res.Steps[i]
	if res.Status == runtime.Succeeded || e == nil || e.StepID != step.StepID ||
		e.WorkflowID != cmp.Or(step.WorkflowID, res.WorkflowID) {
		return false
	}
	for _, later := range res.Steps[i+1:] {
		if later.StepID == step.StepID && later.WorkflowID == step.WorkflowID {
			return false
		}
	}
	return true
}

// stepFailure describes a failed step: its error, which quotes the
// findings of its failed checks, and the names of those checks.
func stepFailure(step *runtime.StepResult) Failure {
	f := Failure{WorkflowID: step.WorkflowID, StepID: step.StepID, Attempt: step.Attempt, Message: step.Error}
	for _, c := range step.Checks {
		if c.Outcome == runtime.CheckFailed {
			f.Checks = append(f.Checks, c.Check)
		}
	}
	return f
}

func workflowFailure(res *runtime.Result) Failure {
	f := Failure{WorkflowID: res.WorkflowID, Message: "failed"}
	if res.Error != nil {
		f.WorkflowID, f.StepID, f.Message = res.Error.WorkflowID, res.Error.StepID, res.Error.Message
	}
	return f
}
