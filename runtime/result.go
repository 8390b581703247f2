package runtime

import (
	"net/http"
	"time"
)

// Status is the outcome of a workflow or step.
type Status string

// The outcomes a workflow or step can have.
const (
	Succeeded Status = "succeeded"
	Failed    Status = "failed"
)

// Result is what a run produced.
type Result struct {
	WorkflowID string         `json:"workflowId"`
	Status     Status         `json:"status"`
	Outputs    map[string]any `json:"outputs"`
	Steps      []*StepResult  `json:"steps"`
	Error      *RunError      `json:"error,omitempty"`
	Duration   time.Duration  `json:"-"`
	DurationMs int64          `json:"durationMs"`
}

// StepResult records one execution of a step. A step that runs several
// times (a polling loop, a retry) has one StepResult per execution.
type StepResult struct {
	StepID     string            `json:"stepId"`
	WorkflowID string            `json:"workflowId,omitempty"`
	Status     Status            `json:"status"`
	StatusCode int               `json:"statusCode,omitempty"`
	DurationMs int64             `json:"durationMs"`
	Attempt    int               `json:"attempt"` // 1 for the first execution of this step
	Outputs    map[string]any    `json:"outputs,omitempty"`
	Criteria   []CriterionResult `json:"criteria,omitempty"`
	Checks     []CheckResult     `json:"checks,omitempty"` // conformance checks that ran
	Action     string            `json:"action,omitempty"` // the action taken, e.g. "goto pollState"
	Request    *RequestTrace     `json:"request,omitempty"`
	Response   *ResponseTrace    `json:"response,omitempty"`
	// Auth lists the exchanges made to obtain a credential before the
	// step's request: OAuth 2.0 token requests, secrets masked.
	Auth []Exchange `json:"auth,omitempty"`
	// Throttled lists the 429 and 503 answers with Retry-After that were
	// waited out before the request was sent again; Response is the last.
	Throttled []Exchange `json:"throttled,omitempty"`
	Error     string     `json:"error,omitempty"`
	// EndedRun is set on a failed execution whose failure failed the
	// run: it ended its workflow, and so, through the steps that called
	// that workflow or the workflows that depend on it, the workflow
	// that was run. Failures the run recovered from leave it unset.
	EndedRun bool          `json:"endedRun,omitempty"`
	Duration time.Duration `json:"-"`
}

// CriterionResult is the outcome of one success criterion.
type CriterionResult struct {
	Condition   string `json:"condition"`
	Type        string `json:"type,omitempty"`
	Passed      bool   `json:"passed"`
	Explanation string `json:"explanation,omitempty"`
}

// RequestTrace is a request as sent, with secrets masked.
type RequestTrace struct {
	Method string      `json:"method"`
	URL    string      `json:"url"`
	Header http.Header `json:"headers,omitempty"`
	Body   string      `json:"body,omitempty"`
	Sent   time.Time   `json:"sent,omitzero"` // when the request was first sent
	Size   int         `json:"size"`          // the body's length before truncation
}

// ResponseTrace is a response as received, with secrets masked and the
// body cut to a readable length.
type ResponseTrace struct {
	StatusCode int         `json:"status"`
	Header     http.Header `json:"headers,omitempty"`
	Body       string      `json:"body,omitempty"`
	// Elapsed is the time from sending the request to reading the whole
	// response, waits for Retry-After included.
	Elapsed time.Duration `json:"elapsedNs"`
	Size    int           `json:"size"` // the body's length before truncation
}

// Exchange is a request with its answer, or the error when it got none:
// one a step made besides its final request (see StepResult.Auth and
// StepResult.Throttled).
type Exchange struct {
	Request  *RequestTrace  `json:"request"`
	Response *ResponseTrace `json:"response,omitempty"`
	Error    string         `json:"error,omitempty"`
}

// RunError says where and why a workflow failed.
type RunError struct {
	WorkflowID string `json:"workflowId"`
	StepID     string `json:"stepId,omitempty"`
	Message    string `json:"message"`
	Pos        string `json:"position,omitempty"` // file:line:col of the step or action

	cause error // see Unwrap
}

// Unwrap returns what stopped the run when it was not the document or the
// API's answers: the cause of the context that ended it
// (context.Canceled, context.DeadlineExceeded for the caller's deadline,
// [ErrRunTimeout], or the cause given to context.WithCancelCause),
// [ErrStepLimit], or the error the transport returned (mock.ErrExhausted,
// say). It is nil otherwise. Message already says all this in words.
func (e *RunError) Unwrap() error { return e.cause }

// Error formats the failure as "workflow W, step S: message".
func (e *RunError) Error() string {
	s := "workflow " + e.WorkflowID
	if e.StepID != "" {
		s += ", step " + e.StepID
	}
	return s + ": " + e.Message
}
