package runtime

import "time"

// EventKind names a point in a run.
type EventKind string

// The events a run emits, in the order they can occur.
const (
	WorkflowStarted    EventKind = "workflow-started"
	StepStarted        EventKind = "step-started"
	RequestSent        EventKind = "request-sent"
	ResponseReceived   EventKind = "response-received"
	CriterionEvaluated EventKind = "criterion-evaluated"
	StepFinished       EventKind = "step-finished"
	ActionTaken        EventKind = "action-taken"
	RetryScheduled     EventKind = "retry-scheduled"
	WorkflowFinished   EventKind = "workflow-finished"
)

// Event describes one point of a run. Only the fields that apply to its
// Kind are set. Values are masked like every other output. As JSON (one
// object a line makes an event log) it has lower-case keys, the unset
// fields left out, and Delay in nanoseconds.
type Event struct {
	Kind       EventKind `json:"kind"`
	Time       time.Time `json:"time"`
	WorkflowID string    `json:"workflowId,omitempty"`
	StepID     string    `json:"stepId,omitempty"`
	// Attempt counts, for StepStarted and StepFinished, the executions of
	// the step so far (a polling step's second run is 2); for RequestSent
	// and ResponseReceived, the sends of this execution's request (a
	// resend after a 429 or 503 with Retry-After is 2). It is 0 for the
	// other kinds.
	Attempt    int              `json:"attempt,omitempty"`
	Method     string           `json:"method,omitempty"`     // RequestSent
	URL        string           `json:"url,omitempty"`        // RequestSent
	StatusCode int              `json:"statusCode,omitempty"` // ResponseReceived, StepFinished
	Criterion  *CriterionResult `json:"criterion,omitempty"`  // CriterionEvaluated
	// Of says whose criterion a CriterionEvaluated event is about:
	// "successCriteria", or the name of the action it guards.
	Of      string         `json:"of,omitempty"`
	Action  string         `json:"action,omitempty"`  // ActionTaken, e.g. "goto pollState"
	Delay   time.Duration  `json:"delayNs,omitempty"` // RetryScheduled, and ActionTaken for a paced loop
	Step    *StepResult    `json:"step,omitempty"`    // StepFinished
	Result  *Result        `json:"result,omitempty"`  // WorkflowFinished
	Outputs map[string]any `json:"outputs,omitempty"` // StepFinished: the step's outputs
	Err     string         `json:"error,omitempty"`   // StepFinished, WorkflowFinished on failure
}

// Observer receives the events of a run. Observe is called on the
// goroutine that runs the workflow, so it must return quickly.
type Observer interface {
	Observe(Event)
}

// ObserverFunc adapts a function to the Observer interface.
type ObserverFunc func(Event)

// Observe calls f(e).
func (f ObserverFunc) Observe(e Event) { f(e) }
