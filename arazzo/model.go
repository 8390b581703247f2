package arazzo

import "go.yaml.in/yaml/v3"

// This file holds the document model: one Go type per object of the Arazzo
// 1.0.x and 1.1 specifications. Field names follow Go conventions; the
// spec's spelling is given in each comment where it differs.

// Document is a parsed Arazzo document.
type Document struct {
	Meta
	Arazzo             string               // the spec version the document declares
	Self               string               // $self (1.1): the document's own URI
	Info               *Info                //
	SourceDescriptions []*SourceDescription //
	Workflows          []*Workflow          //
	Components         *Components          // nil when absent

	// File is the path or URL the document was read from.
	File string
	// Lines holds the document's text split into lines, for diagnostics
	// that show the source line.
	Lines []string

	sources  map[string]*Source // loaded by Load, by name
	compiled *compiled          // expressions parsed once, by Load
	root     *yaml.Node         // the YAML tree, for the schema check; nil past the node budget
	unloaded map[string]string  // sources that could not be read, by name, with the reason
	errors   Diagnostics        // the errors Load found in this file, for Runnable

	positions map[string]Pos // where each node inside a payload or value is, by spec path
}

// Info is the document's metadata.
type Info struct {
	Meta
	Title       string
	Summary     string
	Description string
	Version     string
}

// SourceDescription names an OpenAPI, AsyncAPI or Arazzo document the
// workflows use.
type SourceDescription struct {
	Meta
	Name string
	URL  string
	Type string // openapi, asyncapi or arazzo; empty when not written
}

// Workflow is a sequence of steps that achieves one objective.
type Workflow struct {
	Meta
	WorkflowID     string       // workflowId
	Summary        string       //
	Description    string       //
	Inputs         any          // a JSON Schema, decoded as plain values
	DependsOn      []string     //
	Steps          []*Step      //
	SuccessActions []*Action    //
	FailureActions []*Action    //
	Outputs        []*Output    // in document order
	Parameters     []*Parameter //

	readsUndeclared []string // see UndeclaredInputs; set by Load
}

// UndeclaredInputs returns, sorted, the names that the workflow's
// expressions read as $inputs.NAME although its input schema does not
// declare them (a schema that is not closed, so JSON Schema lets a
// caller pass them). Load warns about each (undeclared-input); a run
// accepts them from the caller, since the document plainly means them as
// inputs.
func (w *Workflow) UndeclaredInputs() []string { return w.readsUndeclared }

// Step is one call to an operation or to another workflow.
type Step struct {
	Meta
	StepID          string       // stepId
	Description     string       //
	OperationID     string       // operationId
	OperationPath   string       // operationPath
	WorkflowID      string       // workflowId
	ChannelPath     string       // channelPath (1.1, AsyncAPI)
	Action          string       // action (1.1, AsyncAPI): send or receive
	CorrelationID   string       // correlationId (1.1, AsyncAPI)
	Timeout         int64        // timeout in milliseconds (1.1); 0 when absent
	DependsOn       []string     // dependsOn (1.1)
	Parameters      []*Parameter //
	RequestBody     *RequestBody //
	SuccessCriteria []*Criterion //
	OnSuccess       []*Action    //
	OnFailure       []*Action    //
	Outputs         []*Output    // in document order

	target Target // what the step calls, bound by Load
}

// Parameter is a value passed to an operation or workflow. When Reference
// is set, the object is a Reusable Object pointing into the components, and
// Value (if HasValue) overrides the referenced parameter's value.
type Parameter struct {
	Meta
	Name      string
	In        string // path, query, header, cookie, querystring (1.1), channel (1.1)
	Value     any    // a literal, a runtime expression string, or a *Selector (1.1)
	HasValue  bool   // whether value was written
	Reference string // set for a Reusable Object
}

// RequestBody is the body a step sends.
type RequestBody struct {
	Meta
	ContentType  string
	Payload      any // plain values; strings may hold runtime expressions
	HasPayload   bool
	Replacements []*PayloadReplacement
}

// PayloadReplacement sets a value at a location inside the payload.
type PayloadReplacement struct {
	Meta
	Target             string
	TargetSelectorType *ExpressionType // 1.1; nil when absent
	Value              any             // a literal, an expression string, or a *Selector (1.1)
}

// Criterion is one assertion: a condition, optionally applied to a context
// with a given expression type.
type Criterion struct {
	Meta
	Context   string
	Condition string
	Type      string // simple (default), regex, jsonpath, xpath, jsonpointer (1.1)
	Version   string // from an Expression Type Object; empty for the default

	typePos, versionPos Pos // where Type and Version are written, for diagnostics
}

// ExpressionType names a selector or criterion language and its version.
type ExpressionType struct {
	Meta
	Type    string
	Version string
}

// Selector (1.1) selects a value out of structured data.
type Selector struct {
	Meta
	Context  string
	Selector string
	Type     *ExpressionType
}

// Action is a success or failure action. When Reference is set, the object
// is a Reusable Object pointing into the components.
type Action struct {
	Meta
	Name       string
	Type       string // end, goto, retry
	WorkflowID string
	StepID     string
	Criteria   []*Criterion
	RetryAfter float64 // seconds; failure actions only
	RetryLimit int     // failure actions only
	Parameters []*Parameter
	Reference  string // set for a Reusable Object
	Failure    bool   // true for a failure action
}

// Output is one named output of a step or workflow.
type Output struct {
	Meta
	Name  string
	Value any // a runtime expression string or a *Selector (1.1)
}

// Components holds reusable objects.
type Components struct {
	Meta
	Inputs         map[string]any
	Parameters     map[string]*Parameter
	SuccessActions map[string]*Action
	FailureActions map[string]*Action
}

// Workflow returns the workflow with the given id, or nil.
func (d *Document) Workflow(id string) *Workflow {
	for _, w := range d.Workflows {
		if w.WorkflowID == id {
			return w
		}
	}
	return nil
}

// Source returns the source description with the given name, or nil.
func (d *Document) Source(name string) *SourceDescription {
	for _, s := range d.SourceDescriptions {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Step returns the step with the given id, or nil.
func (w *Workflow) Step(id string) *Step {
	for _, s := range w.Steps {
		if s.StepID == id {
			return s
		}
	}
	return nil
}

// StepIndex returns the index of the step with the given id, or -1.
func (w *Workflow) StepIndex(id string) int {
	for i, s := range w.Steps {
		if s.StepID == id {
			return i
		}
	}
	return -1
}

// Kind reports what the step calls: "operation", "workflow" or "channel".
func (s *Step) Kind() string {
	switch {
	case s.WorkflowID != "":
		return "workflow"
	case s.ChannelPath != "" || s.Action != "":
		return "channel"
	default:
		return "operation"
	}
}

// posAt returns where the node at a spec path inside a recorded value or
// list is written, or fallback when it was not recorded.
func (d *Document) posAt(path string, fallback Pos) Pos {
	if p, ok := d.positions[path]; ok {
		return p
	}
	return fallback
}
