// Package report writes the results of workflow runs in the forms a CI
// system reads: a JSON document ([WriteJSON]), a JUnit XML file
// ([WriteJUnit]) and an HTTP Archive ([WriteHAR]), and sums them up for
// people ([Summarize]).
//
// Reports contain only what the runtime recorded, which it has already
// masked: secret inputs, credentials and credential headers appear as
// [runtime.Mask], and bodies are cut at 4 KiB.
//
// # Judging steps
//
// A workflow may fail a step on purpose and recover: a retry, a failure
// action, a polling loop. A failed step execution therefore counts as a
// failure only when one of its conformance checks failed at error level,
// or when it is the last execution of the step whose failure ended the
// workflow ([StepOutcome]); a step of a dependency or of a workflow that a
// step called counts so too when its failure failed the run. Other
// failures count as warnings.
//
// # JUnit
//
// The JUnit file follows the schema most CI systems accept (the Ant
// formatter's, as published in windyroad/JUnit-Schema): a testsuites
// root holding one testsuite per workflow, with the attributes name,
// package, id, hostname, timestamp, tests, failures, errors and time and
// the elements properties, testcase, system-out and system-err in that
// order. Each step execution is a testcase whose classname is the
// workflow; a failed one carries a failure element with the step's error
// (a failed check or success criterion), or an error element, counted in
// the suite's errors, when its request got no response (the connection
// failed, a timeout ran out).
// Check warnings are listed in the suite's system-out. A workflow that
// failed without a failed step of its own (a dependency failed, its
// outputs could not be evaluated, a limit was hit) gets a testcase of its
// own named after the workflow.
//
// # HAR
//
// The archive is HAR 1.2: one entry per HTTP exchange, with the masked
// headers, the query string, cookies, bodies (truncated, with their full
// size) and timings in which the whole exchange is counted as wait.
// Custom fields _workflowId, _stepId and _attempt tie each entry to its
// step. A request that got no response (the connection failed, a timeout
// ran out) is an entry too, with status 0 and the reason in _error and
// comment.
package report
