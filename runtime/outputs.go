package runtime

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/expr"
)

// stepOutputs evaluates the step's outputs after it succeeded. An output
// that cannot be evaluated fails the step: later steps would otherwise
// read a value that is not there.
func (st *state) stepOutputs(step *arazzo.Step, out *outcome) {
	c := st.exprContext(out.ex)
	if out.child != nil {
		c.Outputs = st.produced[out.child]
	}
	values := make(map[string]any, len(step.Outputs))
	for _, o := range step.Outputs {
		v, err := st.evalValue(st.doc.CompiledValue(o), c)
		if err != nil {
			out.failf("output %q (%s): %v", o.Name, o.Pos, err)
			return
		}
		values[o.Name] = v
	}
	st.steps[step.StepID] = values
	out.res.Outputs = st.mask.values(values)
}

// workflowOutputs evaluates the workflow's outputs, unmasked: they are
// values the run may pass on. When an end action
// stopped the workflow before a step an output reads, the run fails and
// says which action ended it, after which step, and what the last
// response said: an early end is not a silent success.
func (st *state) workflowOutputs() (map[string]any, *RunError) {
	if st.transferred != nil {
		return st.produced[st.transferred], st.transferred.Error
	}
	c := st.exprContext(st.last)
	out := make(map[string]any, len(st.wf.Outputs))
	for _, o := range st.wf.Outputs {
		v, err := st.evalValue(st.doc.CompiledValue(o), c)
		if err == nil {
			out[o.Name] = v
			continue
		}
		if missing := st.unranStep(o); missing != "" && st.ended != nil {
			return nil, st.endedEarly(o, missing)
		}
		return nil, st.fail(nil, "output %q (%s): %v", o.Name, o.Pos, err)
	}
	return out, nil
}

// partialOutputs evaluates the outputs that can still be produced after
// the workflow failed, leaving the others out: a failed provisioning run
// should still say which sandbox it created, so that it can be cleaned up.
func (st *state) partialOutputs() map[string]any {
	if st.transferred != nil {
		return st.produced[st.transferred]
	}
	c := st.exprContext(st.last)
	out := map[string]any{}
	for _, o := range st.wf.Outputs {
		if v, err := st.evalValue(st.doc.CompiledValue(o), c); err == nil {
			out[o.Name] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// unranStep returns the id of a step the output reads that never ran.
func (st *state) unranStep(o *arazzo.Output) string {
	v := st.doc.CompiledValue(o)
	if v == nil || v.Template == nil {
		return ""
	}
	for _, e := range v.Template.Exprs() {
		if e.Source() == expr.SourceSteps && st.ran[e.Name()] == 0 {
			return e.Name()
		}
	}
	return ""
}

func (st *state) endedEarly(o *arazzo.Output, missing string) *RunError {
	e := st.ended
	msg := fmt.Sprintf("action %q (end) of step %q ended the workflow before step %q ran, so output %q (%s) cannot be produced",
		e.action.Name, e.step.StepID, missing, o.Name, o.Value)
	if st.last != nil {
		msg += "; last response " + st.summarizeResponse(st.last)
	}
	err := st.fail(e.step, "%s", msg)
	err.Pos = e.action.Pos.String()
	return err
}

// summaryKeys are top-level response fields worth quoting when a workflow
// fails: they usually say why.
var summaryKeys = []string{"state", "status", "error", "errorReason", "reason", "message", "detail", "title", "code"}

// summarizeResponse gives the status and the fields of a JSON body that
// explain a failure, or the start of any other body, masked.
func (st *state) summarizeResponse(ex *exchange) string {
	s := fmt.Sprintf("status %d", ex.status)
	v, err := ex.response.Body.Value()
	if m, ok := v.(map[string]any); ok && err == nil {
		var parts []string
		for _, k := range summaryKeys {
			if x, ok := m[k]; ok && x != nil {
				b, _ := json.Marshal(x)
				parts = append(parts, k+"="+string(b))
			}
		}
		if len(parts) > 0 {
			return s + ": " + strings.Join(parts, ", ")
		}
	}
	if raw := strings.TrimSpace(string(ex.response.Body.Raw())); raw != "" {
		return s + ": " + clip(st.mask, raw, 300)
	}
	return s
}

// values returns a copy of m with every secret in its strings masked.
func (m *masker) values(v map[string]any) map[string]any {
	out := make(map[string]any, len(v))
	for k, x := range v {
		out[k] = m.value(x)
	}
	return out
}

func (m *masker) value(v any) any {
	switch x := v.(type) {
	case string:
		if masked := m.text(x); masked != x {
			return masked
		}
		return v // unchanged, and not boxed again
	case map[string]any:
		return m.values(x)
	case []any:
		s := make([]any, len(x))
		for i, item := range x {
			s[i] = m.value(item)
		}
		return s
	}
	return v
}
