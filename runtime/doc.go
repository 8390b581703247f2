// Package runtime executes the workflows of a loaded Arazzo document.
//
// A [Runner] runs one workflow at a time per call to [Runner.Run]; a
// Runner and a loaded document may be shared by many goroutines, since
// every run keeps its own state.
//
// # Execution model
//
// Steps run in document order. For each step the runner evaluates the
// step's parameters (merged with the workflow's, the step's winning by
// name and location) and request body, builds the request through the
// step's bound OpenAPI operation, sends it, and evaluates the success
// criteria; all must hold, and a step without criteria succeeds on a 2xx
// status. On success the step's outputs are evaluated and stored.
//
// Then the first matching action is followed: the step's own onSuccess
// (or onFailure) actions first, then the workflow's successActions (or
// failureActions) whose names the step does not reuse. An action matches
// when all its criteria hold (an action without criteria always matches).
// With no matching action a successful step moves on to the next one and
// a failed step fails the workflow.
//
// # Decisions where the specification is silent
//
//   - A goto to the same or an earlier step is a loop. It waits
//     Options.LoopDelay (1s by default) before the step runs again, so
//     that polling does not hammer the server.
//   - A 429 or 503 response that carries Retry-After (seconds or an HTTP
//     date, up to Options.MaxRetryAfter) is waited out and the request
//     sent again, up to five times, before criteria are evaluated.
//   - An optional input that was not given and has no default is left out
//     wherever a value is exactly that input: a payload field, an array
//     item or a parameter. Any other expression that cannot be resolved
//     fails the step before its request is sent.
//   - An end action stops the workflow. If a workflow output then reads a
//     step that never ran, the run fails, naming the action, the step that
//     triggered it and the output, and quoting the last response's
//     state/error fields: an early end is never a silent success. A
//     failure action of type end ends the workflow as failed.
//   - A retry action without retryLimit retries once. Retry-After on the
//     response takes precedence over retryAfter. When an action's retries
//     are spent, later matching failure actions are considered.
//   - A goto to a workflow transfers the run: the target's result becomes
//     the workflow's. The target receives the action's parameters (1.1)
//     as inputs or, when there are none, the current workflow's inputs.
//   - A step's outputs that cannot be evaluated fail the step.
//   - Secrets (inputs whose name looks like a credential, or whose schema
//     says format: password, writeOnly or x-secret; the values of
//     Authorization, Cookie and API-key headers sent) are replaced by
//     [Mask] in every result, event, log line and error.
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
// StepResult.Checks. The request check, off by default, validates a
// request before it is sent. Package runtime/report turns results into
// JSON, JUnit and HAR reports.
//
// # Limits
//
// Options.MaxSteps (1000) bounds the steps of one run, counting every
// repetition; Options.Timeout (30 minutes) bounds its time; nested
// workflow calls are limited to 32 levels. Response bodies above 32 MiB
// are refused.
package runtime
