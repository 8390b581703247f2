// Package runtime executes the workflows of a loaded Arazzo document
// (1.0.x and 1.1).
//
// # Using it
//
// Load a document with [arazzo.Load] (its diagnostics say whether it can
// run), create a [Runner] with [New] and [Options], and call
// [Runner.Run] with a workflowId and the inputs, or [Runner.RunAll] for
// every workflow. The [Result] holds the status, the outputs and a trace
// of every step execution: the request and response, each criterion's
// outcome, the action taken and the timings, all secrets masked. An
// [Observer] receives an [Event] as each of these happens.
//
// A Runner and a loaded document may be shared by many goroutines: a
// document is not modified once loaded, and every run keeps its own
// state. Options.HTTPClient or Options.Transport carry the requests,
// Options.Logger receives structured logs, Options.Servers points source
// descriptions elsewhere, and Options.Sleep and Options.Now replace the
// clock in tests.
//
// # Execution model
//
// A workflow first runs the workflows its dependsOn names, then its
// steps, in document order. For each step the runner checks the step's
// dependsOn (1.1), evaluates its parameters and request body, builds the
// request through the step's bound OpenAPI operation, sends it, and
// evaluates the success criteria; all must hold, and a step without
// criteria succeeds on a 2xx status. On success the step's outputs are
// evaluated and stored. A step that calls a workflow runs it with the
// step's parameters as inputs; the child's outputs are $outputs inside
// the step's criteria and outputs.
//
// Then the first matching action is followed: the step's own onSuccess
// (or onFailure) actions first, then the workflow's successActions (or
// failureActions) whose names the step does not reuse. An action matches
// when all its criteria hold (an action without criteria always matches).
// With no matching action a successful step moves on to the next one and
// a failed step fails the workflow. When the steps are done (or an end
// action stops them) the workflow's outputs are evaluated.
//
// The rules of the specification, each tested by a case of
// testdata/suite:
//
//   - end stops the workflow; goto continues at a step of the same
//     workflow or hands the run to another workflow; retry runs the step
//     again after retryAfter seconds, at most retryLimit times (once
//     when not written), first running the step or workflow it names.
//     A Retry-After header on the failed response, in seconds or as an
//     HTTP date, takes precedence over retryAfter. An action's criteria
//     are evaluated afresh on every failure. When a retry action's
//     budget is spent, later matching failure actions are considered,
//     each with its own budget; if none matches the workflow fails.
//   - Workflow parameters apply to every step, merged by name and
//     location, the step's winning. Parameters, inputs and actions may be
//     Reusable Objects or $ref into the components; a reusable
//     parameter's value replaces the component's.
//   - Inputs are checked against the workflow's input schema with a JSON
//     Schema 2020-12 validator, defaults applied, before anything is sent;
//     every problem is reported at once, wrapped in [ErrInvalidInputs].
//   - $workflows.ID reads a workflow that finished earlier in the run;
//     $sourceDescriptions.NAME.WORKFLOW names a workflow of another
//     Arazzo document, for workflow steps, gotos, retries and dependsOn.
//   - 1.1: a step's timeout (milliseconds) fails the step when it runs
//     out, and its failure actions apply; a goto or retry action's
//     parameters become the target workflow's inputs.
//
// # Decisions where the specification is silent
//
//   - A workflow's dependencies run once per run, in the order listed,
//     each with the run's inputs that it declares. One that fails fails
//     the dependent workflow before any of its steps runs. A run
//     therefore takes its dependencies' inputs as well as its own; they
//     are checked against the dependency's schema, not the dependent's.
//   - A step's dependsOn (1.1) is a check, not a trigger: the named steps
//     must have completed successfully earlier in the run (in this
//     workflow, or in another through $workflows.W.steps.S), otherwise
//     the step fails without being sent.
//   - A goto to the same or an earlier step is a loop. It waits
//     Options.LoopDelay (1s by default) before the step runs again, so
//     that polling does not hammer the server.
//   - A 429 or 503 response that carries Retry-After (seconds or an HTTP
//     date, up to Options.MaxRetryAfter) is waited out and the request
//     sent again, up to five times, before criteria are evaluated, unless
//     the step has a retry action of its own or from its workflow: then
//     the retry action decides, and the header sets its delay.
//   - A Retry-After header longer than Options.MaxRetryAfter (2 minutes
//     by default) delays a retry action by MaxRetryAfter only.
//   - A retry budget belongs to one step and one action, and counts
//     consecutive retries: once the step is left other than by retrying
//     it, its budget is whole again. A step named by a retry runs once,
//     without its own actions; if it fails, the workflow fails.
//   - A goto to a workflow transfers the run, one way: the target's
//     result becomes the workflow's. The target receives the action's
//     parameters (1.1) as inputs or, when there are none, those of the
//     current workflow's inputs that it declares.
//   - An end action stops the workflow. If a workflow output then reads a
//     step that never ran, the run fails, naming the action, the step that
//     triggered it and the output, and quoting the last response's
//     state/error fields: an early end is never a silent success. A
//     failure action of type end ends the workflow as failed. An end in a
//     called workflow ends only that workflow.
//   - A failed workflow's Result still holds the outputs that could be
//     evaluated (the id of a resource it created, say), so that callers
//     can clean up; outputs that could not be produced are left out.
//   - A workflow step receives the workflow-level parameters only when the
//     called workflow declares them as inputs; its own parameters must
//     all be declared.
//   - An input the workflow does not declare is an error, with the
//     nearest declared name as a hint, unless the input schema allows
//     other properties (additionalProperties or patternProperties
//     written, or a composition whose names cannot be listed) or the
//     workflow reads it as $inputs.NAME all the same (an open schema lets
//     a caller pass it, and the document plainly means it as an input;
//     arazzo validate warns). [Runner.RunAll] gives each workflow the
//     inputs it takes; an input no workflow takes is an error.
//   - An optional input that was not given and has no default is left out
//     wherever a value is exactly that input: a payload field, an array
//     item or a parameter. Any other expression that cannot be resolved
//     fails the step before its request is sent.
//   - A step's outputs that cannot be evaluated fail the step.
//   - A cancelled context stops the run at the request or wait in
//     progress; the Result is still returned, with the steps that ran and
//     an error saying where the run was cancelled.
//   - Secrets (inputs whose name looks like a credential, or whose schema
//     says format: password, writeOnly or x-secret; Options.Secrets; the
//     values of Authorization, Cookie and API-key headers sent; string
//     fields of 8 bytes or more named like access_token, client_secret,
//     password or api_key in JSON bodies) are replaced by [Mask] in every
//     result, event, log line and error, before any text is shortened.
//     Values shorter than 3 bytes are never masked: they would blank out
//     ordinary text. Masking is for what is shown: the values a run
//     passes between steps and workflows are never masked.
//
// # Security and conformance
//
// When a step sends no credential of its own, the operation's security
// requirement is met from Options.Credentials (see [CredentialFunc]): the
// first alternative whose every scheme has a credential is applied. API
// keys go in their header, query parameter or cookie; HTTP basic, bearer
// and openIdConnect set Authorization; an OAuth 2.0 client-credentials
// flow fetches a token from its tokenUrl once per run. Every credential
// is masked.
//
// Every response is then checked against the operation ([CheckNames]):
// its status, content type, JSON body and headers. Each check runs at the
// level Options.Checks gives it, warn by default; a failure at error
// level fails the step, and each execution's outcomes are recorded in
// StepResult.Checks: passed, failed, warned, or skipped when the response
// gave the check nothing to check (a status the operation does not
// declare, no body, a body that is not JSON, no declared headers). The
// request check, off by default, validates a
// request before it is sent. Package runtime/report turns results into
// JSON, JUnit and HAR reports.
//
// # Limits
//
// Options.MaxSteps (1000) bounds the steps of one run, counting every
// repetition; Options.Timeout (30 minutes) bounds its time and
// Options.RequestTimeout (none by default) each request; Options.MaxDepth
// (32) bounds how deeply workflows nest through workflow steps, gotos and
// dependencies. Response bodies above 32 MiB are refused.
//
// # Cost
//
// One step of BenchmarkRunStepInMemory (a transport that answers from
// memory, a shared 2-CPU AMD EPYC, Go 1.26) takes about 10µs and 120
// allocations; a bare http.Client sending the same request to the same
// transport and decoding the answer takes about 2µs. The interpreter's
// own work (evaluating parameters, building the request, criteria,
// outputs, response checks, the trace and masking) is thus about 8µs a
// step, against about 26µs for one loopback round trip with a bare
// client (BenchmarkRawRoundTrip) and milliseconds for a request over a
// real network. A flagship step (BenchmarkFlagshipInMemory) costs about
// 17µs: most of the difference is decoding its 1 KiB sandbox body and
// validating it against the response schema, work a bare client skips.
// About a third of the time is the garbage collector's, so fewer
// allocations per step, not faster code paths, is where more speed
// would come from.
package runtime

// BUG(runtime): AsyncAPI steps (channelPath, action, correlationId) load
// and validate but fail when run, with an error wrapping
// errors.ErrUnsupported.

// BUG(runtime): An XPath replacement target needs an XML payload written
// as text; on a payload written as an object, which the request encoder
// turns into XML, it fails the step. A JSONPath target whose version is
// draft-goessner-dispatch-jsonpath-00 is read with RFC 9535 syntax, and
// one that does not parse so fails with an error wrapping
// errors.ErrUnsupported.
