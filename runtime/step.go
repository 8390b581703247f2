package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/expr"
	"github.com/arazzo-run/arazzo/openapi"
)

// outcome is what one execution of a step produced.
type outcome struct {
	res      *StepResult
	ok       bool      // the success criteria held
	ex       *exchange // the HTTP exchange, for operation steps that sent one
	child    *Result   // the called workflow's result, for workflow steps
	reason   string    // why the step failed
	unusable bool      // the step could not run at all (no request was sent)
	authHint string    // which security requirement went unmet, to explain a 401 or 403
	err      error     // what the transport failed with, for RunError.Unwrap
}

func (o *outcome) failf(format string, args ...any) {
	o.ok, o.reason = false, fmt.Sprintf(format, args...)
}

// execStep runs one step once: it checks the step's dependsOn, sends the
// request (or runs the called workflow) within the step's timeout, checks
// the success criteria and, on success, evaluates the step's outputs.
func (st *state) execStep(ctx context.Context, step *arazzo.Step) *outcome {
	st.ran[step.StepID]++
	out := &outcome{res: &StepResult{StepID: step.StepID, WorkflowID: st.wf.WorkflowID, Attempt: st.ran[step.StepID]}}
	st.emit(Event{Kind: StepStarted, StepID: step.StepID, Attempt: out.res.Attempt})
	start := st.opts.Now()

	if err := st.checkStepDependencies(step); err != nil {
		out.unusable = true
		out.failf("%v", err)
	} else {
		sctx, cancel := stepContext(ctx, step)
		st.call(sctx, step, out)
		cancel()
	}
	if out.ok {
		st.stepOutputs(step, out)
	}
	if out.ok {
		st.markDone(step)
	}
	out.res.Duration = st.opts.Now().Sub(start)
	return out
}

// call runs what the step calls.
func (st *state) call(ctx context.Context, step *arazzo.Step, out *outcome) {
	switch step.Kind() {
	case "operation":
		st.callOperation(ctx, step, out)
	case "workflow":
		st.callWorkflow(ctx, step, out)
	default:
		out.unusable = true
		out.failf("%v", fmt.Errorf("AsyncAPI steps (channelPath, action) cannot run yet: %w", errors.ErrUnsupported))
	}
}

// stepTimeout is the cause of a context that a step's timeout (1.1)
// ended.
type stepTimeout struct {
	limit time.Duration
}

func (e *stepTimeout) Error() string {
	return fmt.Sprintf("the step's timeout of %s ran out", e.limit)
}

// stepContext bounds the step by its timeout, in milliseconds, when it
// has one.
func stepContext(ctx context.Context, step *arazzo.Step) (context.Context, context.CancelFunc) {
	if step.Timeout <= 0 {
		return ctx, func() {}
	}
	d := time.Duration(step.Timeout) * time.Millisecond
	return context.WithTimeoutCause(ctx, d, &stepTimeout{limit: d})
}

// record finishes the step's result, with the action chosen after it,
// and reports it.
func (st *state) record(step *arazzo.Step, out *outcome) {
	res := out.res
	d := res.Duration
	res.DurationMs = d.Milliseconds()
	res.Status = Succeeded
	if !out.ok {
		res.Status = Failed
		res.Error = st.mask.text(out.reason)
	}
	st.result.Steps = append(st.result.Steps, res)
	if st.logs(slog.LevelInfo) {
		st.opts.Logger.Info("step finished", "workflow", st.wf.WorkflowID, "step", step.StepID,
			"attempt", res.Attempt, "status", res.StatusCode, "outcome", string(res.Status), "elapsed", d)
	}
	st.emit(Event{Kind: StepFinished, StepID: step.StepID, Attempt: res.Attempt,
		StatusCode: res.StatusCode, Step: res, Outputs: res.Outputs, Err: res.Error})
}

// callOperation builds the step's request, sends it and checks the
// success criteria against the response.
func (st *state) callOperation(ctx context.Context, step *arazzo.Step, out *outcome) {
	target := step.Target()
	if target.Operation == nil {
		out.unusable = true
		out.failf("step is not bound to an operation (see arazzo validate)")
		return
	}
	c := st.exprContext(nil)
	in, err := st.requestInput(step, target, c)
	if err != nil {
		out.unusable = true
		out.failf("%v; the request was not sent", err)
		return
	}
	req, err := target.Operation.BuildRequest(ctx, in)
	if err != nil {
		out.unusable = true
		out.failf("cannot build the request for %s: %v", target.Operation.ID, err)
		return
	}
	if !st.beforeSend(ctx, target.Operation, req, out) {
		return
	}
	sent := st.opts.Now()
	ex, err := st.send(ctx, step, req)
	if ex != nil {
		st.learnSecrets(ex)
	}
	out.res.Request = st.requestTrace(req, ex)
	out.res.Request.Sent = sent
	if ex != nil {
		out.res.Request.Size = len(ex.reqBody)
		out.res.Throttled = ex.throttled
	}
	if err != nil {
		out.failf("%v", err)
		out.err = err
		return
	}
	ex.setPathParams(in.Params)
	out.ex, st.last = ex, ex
	out.res.StatusCode = ex.status
	out.res.Response = st.responseTrace(ex)
	out.res.Response.Elapsed = st.opts.Now().Sub(sent)
	out.res.Response.Size = len(ex.response.Body.Raw())
	st.checkSuccess(step, out, st.exprContext(ex))
	st.checkResponse(target.Operation, ex, out)
}

// learnSecrets registers the credentials the exchange's JSON bodies
// carry (see masker.addBodySecrets).
func (st *state) learnSecrets(ex *exchange) {
	st.learnBodySecrets(ex.request)
	st.learnBodySecrets(ex.response)
}

func (st *state) learnBodySecrets(m *expr.Message) {
	if m != nil && m.Body != nil {
		st.mask.addBodySecrets(m.Body)
	}
}

// requestInput evaluates the step's parameters and body.
func (st *state) requestInput(step *arazzo.Step, target arazzo.Target, c *expr.Context) (openapi.RequestInput, error) {
	in := openapi.RequestInput{}
	if target.Source != nil {
		in.BaseURL = st.opts.Servers[target.Source.Name]
		in.ServerVars = st.opts.ServerVars[target.Source.Name]
	}
	in.ReadFile = st.readFile
	params, err := st.parameters(step, c)
	if err != nil {
		return in, err
	}
	for _, p := range params {
		in.Params = append(in.Params, openapi.ParamValue{Name: p.name, In: p.in, Value: p.value})
	}
	if rb := step.RequestBody; rb != nil {
		in.ContentType = rb.ContentType
		in.Body, in.HasBody, err = st.requestBody(rb, target.Operation, c)
	}
	return in, err
}

// checkSuccess evaluates the success criteria; with none, a 2xx status
// is success.
func (st *state) checkSuccess(step *arazzo.Step, out *outcome, c *expr.Context) {
	if len(step.SuccessCriteria) == 0 {
		out.ok = out.res.StatusCode >= 200 && out.res.StatusCode < 300
		if !out.ok {
			out.reason = fmt.Sprintf("status %d is not 2xx (the step has no successCriteria)", out.res.StatusCode)
		}
		return
	}
	passed, results := st.evalCriteria(step, successCriteria, step.SuccessCriteria, c)
	out.res.Criteria = results
	out.ok = passed
	if !passed {
		out.reason = "success criteria not met: " + failedCriteria(results)
	}
}

// successCriteria is what Event.Of says for a step's success criteria.
const successCriteria = "successCriteria"

// evalCriteria evaluates every criterion (all must hold) and reports
// each; of says whose criteria they are (see Event.Of).
func (st *state) evalCriteria(step *arazzo.Step, of string, criteria []*arazzo.Criterion, c *expr.Context) (bool, []CriterionResult) {
	all := true
	results := make([]CriterionResult, 0, len(criteria))
	for _, cr := range criteria {
		r := st.evalCriterion(cr, c)
		results = append(results, r)
		all = all && r.Passed
		st.emit(Event{Kind: CriterionEvaluated, StepID: stepID(step), Criterion: &r, Of: of})
	}
	return all, results
}

func (st *state) evalCriterion(cr *arazzo.Criterion, c *expr.Context) CriterionResult {
	r := CriterionResult{Condition: cr.Condition, Type: cr.Type}
	compiled := st.doc.CompiledCriterion(cr)
	if compiled == nil {
		r.Explanation = "the criterion did not compile (see arazzo validate)"
		return r
	}
	res := compiled.Eval(c)
	r.Passed = res.Passed && res.Err == nil
	r.Explanation = st.mask.text(res.Explanation)
	if res.Err != nil && r.Explanation == "" {
		r.Explanation = st.mask.text(res.Err.Error())
	}
	return r
}

func failedCriteria(results []CriterionResult) string {
	var s string
	for _, r := range results {
		if r.Passed {
			continue
		}
		if s != "" {
			s += "; "
		}
		s += r.Condition
		if r.Explanation != "" {
			s += " (" + r.Explanation + ")"
		}
	}
	return s
}

func stepID(s *arazzo.Step) string {
	if s == nil {
		return ""
	}
	return s.StepID
}
