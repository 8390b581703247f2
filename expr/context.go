package expr

import (
	"net/http"
	"net/url"
)

// Context holds what runtime expressions read. The executor builds one per
// evaluation; every field may be left zero, and an expression that reads a
// zero field fails with an error wrapping [ErrUndefined].
type Context struct {
	URL, Method string
	StatusCode  int      // 0: no response yet
	Request     *Message // nil when absent
	Response    *Message // nil when absent

	Inputs    map[string]any            // $inputs.NAME
	Outputs   map[string]any            // $outputs.NAME (current workflow)
	Steps     map[string]map[string]any // $steps.ID.outputs.NAME, steps that ran
	Workflows map[string]*WorkflowValues

	// SourceDescriptions maps a source description name to its
	// references: operationIds or workflowIds first, then fields such as
	// "url" and "type" (the executor merges them in that priority).
	SourceDescriptions map[string]map[string]any

	// Components maps a component type ("parameters", "successActions",
	// "failureActions") to its named entries.
	Components map[string]any

	Self    string   // $self (1.1)
	Message *Message // $message (1.1, AsyncAPI)
}

// WorkflowValues holds the inputs and outputs of a workflow that ran, for
// $workflows.ID.inputs.NAME and $workflows.ID.outputs.NAME.
type WorkflowValues struct {
	Inputs, Outputs map[string]any
	// Steps holds the outputs of each step of the workflow's run, by
	// step id, for the workflow-step-output compatibility form.
	Steps map[string]map[string]any
}

// Message is an HTTP request or response, or an AsyncAPI message.
type Message struct {
	Header http.Header
	Query  url.Values
	Path   map[string]string
	Body   *Body // nil when there is no body
}
