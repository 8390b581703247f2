// Package mock answers a workflow's HTTP calls in process, from a scenario
// file, so that `arazzo run --mock SCENARIO.yml` exercises the same request
// building and response handling as a real run without touching the network.
//
// A [Scenario] is an [http.RoundTripper]. It does not look at URLs: it reads
// the operation that openapi.(*Operation).BuildRequest stores in the
// request context (see openapi.OperationFromContext) and serves that
// operation's next canned response.
//
// # Scenario format
//
// A scenario is a YAML (or JSON) document with one required key,
// operations, mapping each operation to the list of responses it serves,
// in order. An optional top-level description is ignored.
//
// An operation is keyed by its operationId. An operation that has none
// (a step that names it by operationPath, in a description without
// operationIds) is keyed by its method and path template as the
// description writes them, "METHOD /path", which is what
// openapi.(*Operation).Name returns for it:
//
//	operations:
//	  "GET /articles/{id}":
//	    - body: {id: a1}
//
// The method may be written in any case. An operation that has an
// operationId may be keyed this way too; when both keys are present, the
// operationId wins (arazzo run refuses such a scenario). A "METHOD /path"
// key answers every source's operation with that method and path.
//
// Each response may have these keys, all optional:
//
//	status   HTTP status code, 100 to 599 (default 200)
//	headers  mapping of header name to scalar value
//	body     any YAML value; see below
//	times    serve this response N times before moving on (default 1)
//	delay    wait this long before answering, as a Go duration ("250ms")
//
// The body is encoded as JSON, keeping the key order of the file, and
// Content-Type defaults to application/json. When headers set a
// Content-Type that is not JSON (neither application/json nor a +json
// suffix), the body must be a string and is served byte for byte. A
// response without a body has an empty one.
//
// Example, for a create-then-poll flow:
//
//	# sandbox.mock.yml
//	operations:
//	  createSandbox:
//	    - body: {id: sb-1, state: creating}
//	  getSandbox:
//	    - body: {id: sb-1, state: creating}
//	      times: 2
//	      delay: 100ms
//	    - body: {id: sb-1, state: started}
//	    - status: 429
//	      headers: {Retry-After: 1}
//	    - body: {id: sb-1, state: started}
//
// # Failures
//
// A scenario never invents a response. RoundTrip fails with
// [ErrNoOperationID] when the request context carries no operation (the
// request was not built for a step's operation), with
// [ErrUnknownOperation] when the scenario has no entry for it, and with
// [ErrExhausted] when every response of the operation has been served.
// The messages name the operation, how many responses it had and the
// scenario file, and an unknown operation's message gives the key to add. [Scenario.Unused] lists the responses a run never reached,
// which lets tests catch scenarios that are longer than the flow.
//
// Load and Parse reject unknown keys and wrong types, reporting each
// problem as file:line:col, the path of the offending key and what was
// expected. A YAML syntax error is placed at the line and column of the
// fault; when the YAML library knows no column (the input ran out), it is
// reported as file:line only.
package mock
