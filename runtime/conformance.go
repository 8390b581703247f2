// Conformance checks of requests and responses against the operation.

package runtime

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/arazzo-run/arazzo/openapi"
)

// CheckLevel says what a failed conformance check does.
type CheckLevel string

// The levels a check can run at.
const (
	LevelError CheckLevel = "error" // a failure fails the step
	LevelWarn  CheckLevel = "warn"  // a failure is recorded, the step goes on
	LevelOff   CheckLevel = "off"   // the check does not run
)

// CheckRequest names the check that validates each request against its
// operation before it is sent: parameters, content type and JSON body. A
// failure at error level fails the step without sending the request.
const CheckRequest = "request"

// responseChecks run on every response, in the order results list them.
var responseChecks = []string{
	openapi.CheckStatus,
	openapi.CheckContentType,
	openapi.CheckBodySchema,
	openapi.CheckHeaderSchema,
	openapi.CheckRequiredHeader,
}

// CheckNames returns the name of every conformance check: the response
// checks, then [CheckRequest].
func CheckNames() []string {
	return append(slices.Clone(responseChecks), CheckRequest)
}

// DefaultCheckLevel is the level a check runs at when Options.Checks does
// not name it: warn for the response checks, off for [CheckRequest].
func DefaultCheckLevel(check string) CheckLevel {
	if check == CheckRequest {
		return LevelOff
	}
	return LevelWarn
}

// ParseCheckLevel reads a level: error, warn (or warning) or off.
func ParseCheckLevel(s string) (CheckLevel, error) {
	switch strings.ToLower(s) {
	case "error":
		return LevelError, nil
	case "warn", "warning":
		return LevelWarn, nil
	case "off":
		return LevelOff, nil
	}
	return "", fmt.Errorf("check level %q is not error, warn or off", s)
}

// CheckOutcome is how a check ended for one request or response.
type CheckOutcome string

// The outcomes of a check.
const (
	CheckPassed CheckOutcome = "passed"
	CheckFailed CheckOutcome = "failed" // at least one finding at error level
	CheckWarned CheckOutcome = "warned" // findings, none at error level
	// CheckSkipped: the check had nothing to check in this response (no
	// body, no schema for its media type, no declared headers, or a
	// status the operation does not declare). It did not pass.
	CheckSkipped CheckOutcome = "skipped"
)

// CheckResult is the outcome of one conformance check for one execution
// of a step.
type CheckResult struct {
	Check    string         `json:"check"` // one of CheckNames
	Level    CheckLevel     `json:"level"` // the level it ran at
	Outcome  CheckOutcome   `json:"outcome"`
	Findings []CheckFinding `json:"findings,omitempty"`
}

// CheckFinding is one departure from the description. Message quotes the
// offending value (masked); SchemaPath points into the description and
// Pointer at the value in the body.
type CheckFinding struct {
	Rule       string     `json:"rule,omitempty"` // for the request check: which part failed
	Level      CheckLevel `json:"level"`          // error or warn
	Message    string     `json:"message"`
	SchemaPath string     `json:"schemaPath,omitempty"`
	Pointer    string     `json:"pointer,omitempty"`
}

// String formats the finding as "message (schema PATH)".
func (f CheckFinding) String() string {
	if f.SchemaPath == "" {
		return f.Message
	}
	return f.Message + " (schema " + f.SchemaPath + ")"
}

// checkLevel returns the level the run's options give check.
func (st *state) checkLevel(check string) CheckLevel {
	if l, ok := st.opts.Checks[check]; ok && l != "" {
		return l
	}
	return DefaultCheckLevel(check)
}

// beforeSend meets the operation's security requirement and validates
// the request, when that check is on. It reports false, with the step
// failed, when the request must not be sent.
func (st *state) beforeSend(ctx context.Context, op *openapi.Operation, req *http.Request, out *outcome) bool {
	hint, err := st.applySecurity(ctx, req, op)
	out.authHint = hint
	out.res.Auth, st.auth = st.auth, nil
	if err != nil {
		out.unusable = true
		out.failf("cannot authorise the request for %s: %v", op.Name(), err)
		return false
	}
	if !st.checkRequest(op, req, out) {
		out.unusable = true
		out.res.Request = st.requestTrace(req, nil)
		return false
	}
	return true
}

// checkRequest validates the request before it is sent, when the request
// check is on. It reports false when a finding at error level means the
// request must not be sent.
func (st *state) checkRequest(op *openapi.Operation, req *http.Request, out *outcome) bool {
	level := st.checkLevel(CheckRequest)
	if level == LevelOff {
		return true
	}
	body, err := requestBodyCopy(req)
	if err != nil {
		out.failf("%v", err)
		return false
	}

	r := st.checkResult(CheckRequest, level, op.CheckRequest(req, body, st.checks.redact))
	out.res.Checks = append(out.res.Checks, r)
	if r.Outcome == CheckFailed {
		out.failf("the request does not conform, so it was not sent: %s", failedFindings(r))
		return false
	}
	return true
}

// requestBodyCopy returns the request's body and leaves the request able
// to send it again.
func requestBodyCopy(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	data, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("reading the request body: %w", err)
	}
	req.Body = io.NopCloser(bytes.NewReader(data))
	return data, nil
}

// checkOptions are the options every check of a run is given, made once
// per run rather than per response: the masker as redactor, and a record
// of the response checks that applied, cleared before each response (a
// run's workflows take turns, never at once).
type checkOptions struct {
	redact  openapi.CheckOption
	applied openapi.CheckOption
	ran     map[string]bool
}

func newCheckOptions(m *masker) checkOptions {
	ran := map[string]bool{}
	return checkOptions{
		redact:  openapi.WithRedact(m.text),
		applied: openapi.WithApplied(func(check string) { ran[check] = true }),
		ran:     ran,
	}
}

// start clears the record of applied checks for a new response, and
// returns it.
func (c checkOptions) start() map[string]bool {
	clear(c.ran)
	return c.ran
}

// checkResponse runs the response checks that are on, records them on
// the step's result and fails the step on a finding at error level.
func (st *state) checkResponse(op *openapi.Operation, ex *exchange, out *outcome) {
	explainRefusal(ex, out)
	resp := &http.Response{StatusCode: ex.status, Header: ex.header}
	body := ex.response.Body
	applied := st.checks.start()
	findings := op.CheckDecodedResponse(resp, body.Raw(), body.Value, st.checks.redact, st.checks.applied)

	var failed []string
	out.res.Checks = slices.Grow(out.res.Checks, len(responseChecks))
	for _, check := range responseChecks {
		level := st.checkLevel(check)
		if level == LevelOff {
			continue
		}
		r := st.checkResult(check, level, findingsOf(findings, check))
		if r.Outcome == CheckPassed && !applied[check] {
			r.Outcome = CheckSkipped
		}
		out.res.Checks = append(out.res.Checks, r)
		if r.Outcome == CheckFailed {
			failed = append(failed, failedFindings(r))
		}
	}
	if len(failed) == 0 {
		return
	}

	reason := "the response does not conform: " + strings.Join(failed, "; ")
	if !out.ok && out.reason != "" {
		reason = out.reason + "; " + reason
	}
	out.ok, out.reason = false, reason
}

// explainRefusal adds to a step refused with 401 or 403 which security
// requirement had no credential.
func explainRefusal(ex *exchange, out *outcome) {
	refused := ex.status == http.StatusUnauthorized || ex.status == http.StatusForbidden
	if !out.ok && refused && out.authHint != "" {
		out.reason += " (" + out.authHint + ")"
	}
}

func findingsOf(all []openapi.Finding, check string) []openapi.Finding {
	var out []openapi.Finding
	for _, f := range all {
		if f.Check == check {
			out = append(out, f)
		}
	}
	return out
}

// checkResult turns findings into a result at the given level. A finding
// the openapi package rates a warning stays a warning at error level.
func (st *state) checkResult(check string, level CheckLevel, findings []openapi.Finding) CheckResult {
	r := CheckResult{Check: check, Level: level, Outcome: CheckPassed}
	for _, f := range findings {
		fl := level
		if f.Severity == openapi.SeverityWarning {
			fl = LevelWarn
		}
		cf := CheckFinding{Level: fl, Message: st.mask.text(f.Message),
			SchemaPath: f.SchemaPath, Pointer: f.Pointer}
		if check == CheckRequest {
			cf.Rule = f.Check
		}
		r.Findings = append(r.Findings, cf)
		r.Outcome = worse(r.Outcome, fl)
	}
	return r
}

func worse(o CheckOutcome, l CheckLevel) CheckOutcome {
	if o == CheckFailed || l == LevelError {
		return CheckFailed
	}
	return CheckWarned
}

// failedFindings describes a result's error-level findings.
func failedFindings(r CheckResult) string {
	var parts []string
	for _, f := range r.Findings {
		if f.Level == LevelError {
			parts = append(parts, r.Check+": "+f.String())
		}
	}
	return strings.Join(parts, "; ")
}
