package runtime

import (
	"context"
	"errors"
	"fmt"

	"github.com/arazzo-run/arazzo/arazzo"
)

// callWorkflow runs the workflow a step names, with the step's parameters
// as its inputs, followed by the workflow-level parameters the called
// workflow declares. The step fails when the called workflow fails.
func (st *state) callWorkflow(ctx context.Context, step *arazzo.Step, out *outcome) {
	target := step.Target()
	if target.Workflow == nil {
		out.unusable = true
		out.failf("step is not bound to a workflow (see arazzo validate)")
		return
	}
	inputs, err := st.childInputs(step, target)
	if err != nil {
		out.unusable = true
		out.failf("%v; the workflow was not run", err)
		return
	}
	res, err := st.runChild(ctx, target.Document, target.Workflow, inputs)
	if err != nil {
		out.unusable = true
		out.failf("%v", err)
		return
	}
	out.child = res
	st.calls[out.res] = res
	if res.Status != Succeeded {
		out.failf("workflow %q failed: %s", target.Workflow.WorkflowID, res.Error.Error())
		return
	}
	out.ok = true
	if len(step.SuccessCriteria) > 0 {
		c := st.exprContext(nil)
		c.Outputs = st.produced[res]
		passed, results := st.evalCriteria(step, successCriteria, step.SuccessCriteria, c)
		out.res.Criteria, out.ok = results, passed
		if !passed {
			out.reason = "success criteria not met: " + failedCriteria(results)
		}
	}
}

// childInputs evaluates the inputs of a workflow step: its own parameters,
// each of which the called workflow must declare, and those of the
// workflow-level parameters it declares and the step does not set.
func (st *state) childInputs(step *arazzo.Step, target arazzo.Target) (map[string]any, error) {
	inputs, err := st.workflowInputs(step.Parameters, step)
	if err != nil {
		return nil, err
	}
	if err := checkUnknownInputs(target.Document, target.Workflow, inputs); err != nil {
		return nil, err
	}
	declared := map[string]bool{}
	for _, name := range takenNames(target.Document, target.Workflow) {
		declared[name] = !hasKey(inputs, name)
	}
	var shared []*arazzo.Parameter
	for _, p := range st.wf.Parameters {
		if src, _, err := st.resolveParameter(p); err == nil && declared[src.Name] {
			shared = append(shared, p)
		}
	}
	more, err := st.workflowInputs(shared, step)
	for k, v := range more {
		inputs[k] = v
	}
	return inputs, err
}

func hasKey(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}

// runChild runs a workflow nested in this one, sharing the step budget,
// the trace and the values of workflows that already ran.
func (st *state) runChild(ctx context.Context, doc *arazzo.Document, wf *arazzo.Workflow, inputs map[string]any) (*Result, error) {
	if st.depth+1 > st.opts.MaxDepth {
		return nil, fmt.Errorf("workflows nest more than %d deep; a workflow may be calling itself", st.opts.MaxDepth)
	}
	prepared, err := PrepareInputs(doc, wf, inputs)
	if err != nil {
		return nil, err
	}
	return st.shared.workflow(doc, wf, prepared, st.depth+1).run(ctx), nil
}

// workflowInputs evaluates parameters passed to a workflow: each becomes
// the input of the same name.
func (st *state) workflowInputs(params []*arazzo.Parameter, step *arazzo.Step) (map[string]any, error) {
	c := st.exprContext(st.last)
	inputs := map[string]any{}
	for _, p := range params {
		src, val, err := st.resolveParameter(p)
		if err != nil {
			return nil, err
		}
		v, err := st.evalValue(val, c)
		if errors.Is(err, errOmit) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("parameter %q (%s): %w", src.Name, src.Pos, err)
		}
		inputs[src.Name] = v
	}
	return inputs, nil
}

// transfer hands the run over to another workflow: a one-way goto whose
// result becomes this workflow's. It receives the action's parameters
// (1.1) as inputs, or, when there are none, those of this workflow's
// inputs it declares.
func (st *state) transfer(ctx context.Context, step *arazzo.Step, act *arazzo.Action) *RunError {
	doc, wf := resolveWorkflow(st.doc, act.WorkflowID)
	if wf == nil {
		return st.fail(step, "action %q goes to workflow %q, which cannot be found", act.Name, act.WorkflowID)
	}
	inputs, err := st.actionInputs(doc, wf, act, step)
	if err != nil {
		return st.fail(step, "action %q: %v", act.Name, err)
	}
	res, err := st.runChild(ctx, doc, wf, inputs)
	if err != nil {
		return st.fail(step, "action %q: %v", act.Name, err)
	}
	st.transferred = res
	return nil
}

// actionInputs evaluates the action's parameters (1.1), each of which the
// target workflow must declare; without parameters the target receives
// the inputs of this workflow that it declares.
func (st *state) actionInputs(doc *arazzo.Document, wf *arazzo.Workflow, act *arazzo.Action, step *arazzo.Step) (map[string]any, error) {
	if len(act.Parameters) == 0 {
		return declaredOnly(doc, wf, st.inputs), nil
	}
	inputs, err := st.workflowInputs(act.Parameters, step)
	if err != nil {
		return nil, err
	}
	return inputs, checkUnknownInputs(doc, wf, inputs)
}

// runFirst runs the workflow a retry action names before the step is
// retried.
func (st *state) runFirst(ctx context.Context, step *arazzo.Step, act *arazzo.Action) *RunError {
	if err := st.transfer(ctx, step, act); err != nil {
		return err
	}
	res := st.transferred
	st.transferred = nil
	if res.Status != Succeeded {
		return st.fail(step, "workflow %q, run before retrying, failed: %s", act.WorkflowID, res.Error.Error())
	}
	return nil
}

// cutQualified splits $sourceDescriptions.NAME.REST into NAME and REST.
func cutQualified(s string) (name, rest string, ok bool) {
	const prefix = "$sourceDescriptions."
	if len(s) <= len(prefix) || s[:len(prefix)] != prefix {
		return "", "", false
	}
	for i := len(prefix); i < len(s); i++ {
		if s[i] == '.' {
			return s[len(prefix):i], s[i+1:], true
		}
	}
	return "", "", false
}
