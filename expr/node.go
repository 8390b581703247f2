package expr

// Source says where a runtime expression reads its value from.
type Source int

// The sources of the Arazzo runtime-expression grammar.
const (
	SourceInvalid            Source = iota
	SourceURL                       // $url
	SourceMethod                    // $method
	SourceStatusCode                // $statusCode
	SourceRequest                   // $request.header|query|path|body|payload
	SourceResponse                  // $response.header|query|path|body|payload
	SourceMessage                   // $message.… (1.1, AsyncAPI)
	SourceInputs                    // $inputs.NAME
	SourceOutputs                   // $outputs.NAME
	SourceSteps                     // $steps.ID.outputs.NAME
	SourceWorkflows                 // $workflows.ID.inputs|outputs.NAME
	SourceSourceDescriptions        // $sourceDescriptions.NAME.REF
	SourceComponents                // $components.TYPE.NAME
	SourceSelf                      // $self (1.1)
)

var sourceNames = [...]string{
	SourceInvalid:            "",
	SourceURL:                "url",
	SourceMethod:             "method",
	SourceStatusCode:         "statusCode",
	SourceRequest:            "request",
	SourceResponse:           "response",
	SourceMessage:            "message",
	SourceInputs:             "inputs",
	SourceOutputs:            "outputs",
	SourceSteps:              "steps",
	SourceWorkflows:          "workflows",
	SourceSourceDescriptions: "sourceDescriptions",
	SourceComponents:         "components",
	SourceSelf:               "self",
}

// String gives the source as written after "$", e.g. "statusCode".
func (s Source) String() string {
	if s < 0 || int(s) >= len(sourceNames) {
		return ""
	}
	return sourceNames[s]
}

// Part says which part of a request, response or message an expression
// reads.
type Part int

// The parts of an HTTP or AsyncAPI message.
const (
	PartNone    Part = iota
	PartHeader       // header.NAME (case-insensitive)
	PartQuery        // query.NAME
	PartPath         // path.NAME
	PartBody         // body[#pointer]
	PartPayload      // payload[#pointer] (1.1); reads the same body
)

var partNames = [...]string{"", "header", "query", "path", "body", "payload"}

// String gives the part as written, e.g. "header".
func (p Part) String() string {
	if p < 0 || int(p) >= len(partNames) {
		return ""
	}
	return partNames[p]
}

// Expr is one parsed runtime expression. It is immutable and safe to
// evaluate from many goroutines.
type Expr struct {
	src     string
	source  Source
	part    Part     // request, response and message only
	name    string   // first name after the source (see [Expr.Name])
	field   string   // "inputs" or "outputs" for $steps and $workflows
	step    string   // the step of $workflows.ID.steps.STEP.outputs.NAME (compatibility)
	key     string   // output/field name, source reference or component name
	dots    []string // compatibility dot path after body/payload
	ptr     *Pointer // after "#", nil when absent
	compat  []string // compatibility codes, see [Expr.Compat]
	version string   // grammar it was parsed for
}

// String returns the expression as written.
func (e *Expr) String() string { return e.src }

// Source returns where the expression reads from.
func (e *Expr) Source() Source { return e.source }

// Part returns the message part for $request, $response and $message,
// and [PartNone] otherwise.
func (e *Expr) Part() Part { return e.part }

// Name returns the first name after the source: the header, query or path
// parameter name, the input or output name, the step or workflow id, the
// source description name, or the component type.
func (e *Expr) Name() string { return e.name }

// Field returns "outputs" for $steps, "inputs" or "outputs" for
// $workflows, and "" otherwise.
func (e *Expr) Field() string { return e.field }

// Step returns the step id of $workflows.ID.steps.STEP.outputs.NAME, a
// compatibility form (workflow-step-output) that reads an output of a
// step of another workflow, and "" for every other expression.
func (e *Expr) Step() string { return e.step }

// Key returns the name after the step or workflow field, the reference
// after a source description name, or the component name.
func (e *Expr) Key() string { return e.key }

// Pointer returns the JSON Pointer after "#", or nil.
func (e *Expr) Pointer() *Pointer { return e.ptr }

// Compat returns the compatibility forms the expression used, as
// kebab-case codes: "dot-path-body" for $response.body.id, "source-case"
// for $Inputs.x.
func (e *Expr) Compat() []string { return e.compat }
