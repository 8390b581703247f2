package runtime

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/arazzo-run/arazzo/arazzo"
)

// follow decides what happens after a step ran: the next step's index, or
// that the workflow is done (successfully when err is nil).
func (st *state) follow(ctx context.Context, step *arazzo.Step, i int, out *outcome) (next int, done bool, err *RunError) {
	act := st.chooseAction(step, out)
	if act == nil || act.Type != "retry" {
		st.resetRetries(step)
	}
	if act != nil {
		out.res.Action = describeAction(act)
	}
	st.record(step, out)
	if ctx.Err() != nil {
		return 0, true, st.limitError(ctx, step, fmt.Sprintf("during step %q", step.StepID))
	}
	if act == nil {
		if out.ok {
			return i + 1, false, nil
		}
		return 0, true, st.stepFailed(step, out)
	}
	st.emit(Event{Kind: ActionTaken, StepID: step.StepID, Action: out.res.Action, Delay: st.loopDelay(act, i)})
	if st.logs(slog.LevelInfo) {
		st.opts.Logger.Info("action taken", "workflow", st.wf.WorkflowID, "step", step.StepID, "action", out.res.Action)
	}

	switch act.Type {
	case "end":
		return st.end(step, act, out)
	case "goto":
		return st.gotoTarget(ctx, step, i, act)
	default: // retry
		return st.retry(ctx, step, i, act, out)
	}
}

// resetRetries gives the step's retry actions their whole budget again,
// once the step has been left other than by retrying it.
func (st *state) resetRetries(step *arazzo.Step) {
	for k := range st.retries {
		if k.step == step {
			delete(st.retries, k)
		}
	}
}

// end stops the workflow. A failure action of type end stops it as
// failed: the step did fail, and ending early does not undo that.
func (st *state) end(step *arazzo.Step, act *arazzo.Action, out *outcome) (int, bool, *RunError) {
	st.ended = &endInfo{action: act, step: step}
	if !out.ok {
		return 0, true, st.fail(step, "%s; failure action %q ended the workflow", out.reason, act.Name)
	}
	return 0, true, nil
}

// gotoTarget jumps to a step of this workflow or transfers to another
// workflow. Going back to the same or an earlier step is a loop, paced by
// the loop delay so that polling does not hammer the server.
func (st *state) gotoTarget(ctx context.Context, step *arazzo.Step, i int, act *arazzo.Action) (int, bool, *RunError) {
	if act.WorkflowID != "" {
		return 0, true, st.transfer(ctx, step, act)
	}
	j := st.wf.StepIndex(act.StepID)
	if j < 0 {
		return 0, true, st.fail(step, "action %q goes to step %q, which workflow %q does not have", act.Name, act.StepID, st.wf.WorkflowID)
	}
	if d := st.loopDelay(act, i); d > 0 {
		if err := st.opts.Sleep(ctx, d); err != nil {
			return 0, true, st.limitError(ctx, step, fmt.Sprintf("while waiting to run step %q again", act.StepID))
		}
	}
	return j, false, nil
}

// loopDelay is the pause before a goto to the step at index i or an
// earlier one: a loop, paced so that polling does not hammer the server.
func (st *state) loopDelay(act *arazzo.Action, i int) time.Duration {
	if act.Type != "goto" || act.StepID == "" || st.opts.LoopDelay <= 0 {
		return 0
	}
	if j := st.wf.StepIndex(act.StepID); j < 0 || j > i {
		return 0
	}
	return st.opts.LoopDelay
}

// retry runs the step again after its delay. A Retry-After header on the
// response takes precedence over retryAfter. A retry that names a step or
// a workflow runs that first, once, and then the failed step.
func (st *state) retry(ctx context.Context, step *arazzo.Step, i int, act *arazzo.Action, out *outcome) (int, bool, *RunError) {
	key := retryKey{step: step, action: act}
	st.retries[key]++
	delay := st.retryDelay(act, out)
	st.emit(Event{Kind: RetryScheduled, StepID: step.StepID, StatusCode: out.res.StatusCode,
		Delay: delay, Attempt: st.retries[key]})
	st.opts.Logger.Warn("retry scheduled", "workflow", st.wf.WorkflowID, "step", step.StepID,
		"attempt", st.retries[key], "delay", delay)
	if err := st.opts.Sleep(ctx, delay); err != nil {
		return 0, true, st.limitError(ctx, step, fmt.Sprintf("while waiting to retry step %q", step.StepID))
	}
	switch {
	case act.StepID != "":
		if err := st.runStepFirst(ctx, step, act); err != nil {
			return 0, true, err
		}
	case act.WorkflowID != "":
		if err := st.runFirst(ctx, step, act); err != nil {
			return 0, true, err
		}
	}
	return i, false, nil
}

// retryDelay is the wait before a retry: the response's Retry-After when
// it has one, at most Options.MaxRetryAfter, otherwise the action's
// retryAfter.
func (st *state) retryDelay(act *arazzo.Action, out *outcome) time.Duration {
	if out.ex != nil {
		if d, ok := retryAfter(out.ex.header, st.opts.Now()); ok {
			return min(d, st.opts.MaxRetryAfter)
		}
	}
	return time.Duration(act.RetryAfter * float64(time.Second))
}

// runStepFirst runs the step a retry action names, once and without
// following its own actions, before the failed step is retried. Its
// outputs are then available to the retried step.
func (st *state) runStepFirst(ctx context.Context, step *arazzo.Step, act *arazzo.Action) *RunError {
	j := st.wf.StepIndex(act.StepID)
	if j < 0 {
		return st.fail(step, "retry action %q names step %q, which workflow %q does not have", act.Name, act.StepID, st.wf.WorkflowID)
	}
	first := st.wf.Steps[j]
	if err := st.checkLimits(ctx, first); err != nil {
		return err
	}
	out := st.execStep(ctx, first)
	st.record(first, out)
	if !out.ok {
		return st.fail(first, "step %q, run before retrying step %q, failed: %s", first.StepID, step.StepID, out.reason)
	}
	return nil
}

// chooseAction returns the first action whose criteria hold, among the
// step's own actions followed by the workflow's (those whose names the
// step does not reuse). A retry action whose budget is spent is skipped,
// so a later action can handle the failure.
func (st *state) chooseAction(step *arazzo.Step, out *outcome) *arazzo.Action {
	if out.unusable {
		return nil
	}
	c := st.exprContext(out.ex)
	for _, act := range st.candidateActions(step, out.ok) {
		if act.Type == "retry" && st.retries[retryKey{step, act}] >= retryLimit(act) {
			continue
		}
		if ok, _ := st.evalCriteria(step, act.Name, act.Criteria, c); ok {
			return act
		}
	}
	return nil
}

// candidateActions returns the step's own success (or failure) actions
// followed by the workflow's whose names the step does not reuse, every
// Reusable Object resolved (one that resolves to nothing is dropped).
func (st *state) candidateActions(step *arazzo.Step, success bool) []*arazzo.Action {
	own, shared := step.OnFailure, st.wf.FailureActions
	if success {
		own, shared = step.OnSuccess, st.wf.SuccessActions
	}
	out := st.resolveActions(own)
	names := map[string]bool{}
	for _, a := range out {
		names[a.Name] = true
	}
	for _, a := range st.resolveActions(shared) {
		if !names[a.Name] {
			out = append(out, a)
		}
	}
	return out
}

func (st *state) resolveActions(list []*arazzo.Action) []*arazzo.Action {
	out := make([]*arazzo.Action, 0, len(list))
	for _, a := range list {
		if act := st.resolveAction(a); act != nil {
			out = append(out, act)
		}
	}
	return out
}

// hasRetryAction reports whether the step's failure actions, its own or
// the workflow's, include a retry.
func (st *state) hasRetryAction(step *arazzo.Step) bool {
	for _, act := range st.candidateActions(step, false) {
		if act.Type == "retry" {
			return true
		}
	}
	return false
}

// resolveAction follows a Reusable Object into the components.
func (st *state) resolveAction(a *arazzo.Action) *arazzo.Action {
	if a.Reference == "" {
		return a
	}
	comp := st.doc.Components
	if comp == nil {
		return nil
	}
	if name, ok := strings.CutPrefix(a.Reference, "$components.successActions."); ok {
		return comp.SuccessActions[name]
	}
	if name, ok := strings.CutPrefix(a.Reference, "$components.failureActions."); ok {
		return comp.FailureActions[name]
	}
	return nil
}

// retryLimit is the action's retryLimit, or one retry when not written.
func retryLimit(a *arazzo.Action) int {
	if a.Has("retryLimit") {
		return a.RetryLimit
	}
	return 1
}

func describeAction(a *arazzo.Action) string {
	s := a.Type
	switch {
	case a.StepID != "":
		s += " " + a.StepID
	case a.WorkflowID != "":
		s += " " + a.WorkflowID
	}
	if a.Name != "" {
		s += " (" + a.Name + ")"
	}
	return s
}

// stepFailed explains a failed step that no action handled.
func (st *state) stepFailed(step *arazzo.Step, out *outcome) *RunError {
	msg := out.reason
	if out.ex != nil && out.ex.status != 0 {
		msg += "; response " + st.summarizeResponse(out.ex)
	}
	e := st.fail(step, "%s", msg)
	e.cause = out.err
	return e
}
